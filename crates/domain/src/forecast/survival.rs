//! How long a stage (or a blocker) lasts, estimated from what was observed: the Kaplan–Meier
//! estimate over visits that ended and visits still open, with a memoryless tail beyond the
//! longest one seen.
//!
//! A visit still open on the forecast's day is right-censored: it lasted *at least* its days
//! so far. Dropping those visits would keep only the quick ones (the slow ones have not ended
//! yet) and make every forecast too hopeful; Kaplan–Meier counts them as at risk until their
//! last day. Beyond the longest visit observed the curve says nothing, so its remainder is
//! given an exponential tail whose mean is the mean length of the visits that ended. (The
//! exponential fit to all visits — days at risk per visit that ended — would be the textbook
//! choice, but while most visits of a long stage are still open it runs to years: on the
//! generated national set it made forecasts of February 2026 far too pessimistic.) Times are
//! working days.

/// Buckets of the quantile lookup: a draw starts its search at its bucket.
const BUCKETS: usize = 256;

/// A duration's distribution: `P(T <= t)` at each time a visit ended, and the tail beyond.
#[derive(Debug, Clone, PartialEq)]
pub struct Survival {
    /// Distinct times at which at least one visit ended, ascending.
    times: Vec<f64>,
    /// `P(T <= times[i])`.
    cdf: Vec<f64>,
    /// The longest time observed, ended or not.
    last_time: f64,
    /// `P(T > last_time)`: what the tail holds.
    beyond: f64,
    /// Mean of the memoryless tail (and of a stay longer than anything observed).
    tail_mean: f64,
    /// For bucket `k`, the first index whose cdf exceeds `k / BUCKETS`.
    lookup: Vec<u32>,
    ended: usize,
    open: usize,
}

impl Survival {
    /// The estimate from `(time, ended)` observations; `None` if none ended (nothing says
    /// when a visit ends).
    pub fn from_observations(observations: &[(f64, bool)]) -> Option<Self> {
        let ended = observations.iter().filter(|(_, e)| *e).count();
        if ended == 0 {
            return None;
        }
        let mut sorted: Vec<(f64, bool)> =
            observations.iter().map(|&(t, e)| (t.max(0.0), e)).collect();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let ended_days: f64 = sorted.iter().filter(|(_, e)| *e).map(|(t, _)| t).sum();
        let mut at_risk = sorted.len() as f64;
        let mut survival = 1.0;
        let mut times = Vec::new();
        let mut cdf = Vec::new();
        let mut i = 0;
        while i < sorted.len() {
            let t = sorted[i].0;
            let (mut d, mut c) = (0.0, 0.0);
            // Ties are exact: times are whole working days.
            #[allow(clippy::float_cmp)]
            while i < sorted.len() && sorted[i].0 == t {
                if sorted[i].1 {
                    d += 1.0;
                } else {
                    c += 1.0;
                }
                i += 1;
            }
            if d > 0.0 {
                survival *= 1.0 - d / at_risk;
                times.push(t);
                cdf.push(1.0 - survival);
            }
            at_risk -= d + c;
        }
        let last_time = sorted.last().map_or(0.0, |o| o.0);
        // At least a working day: a stage left the day it was entered still takes its turn.
        let tail_mean = (ended_days / ended as f64).max(1.0);
        let mut s = Survival {
            times,
            cdf,
            last_time,
            beyond: survival.max(0.0),
            tail_mean,
            lookup: Vec::new(),
            ended,
            open: observations.len() - ended,
        };
        s.lookup = (0..=BUCKETS)
            .map(|k| {
                let level = k as f64 / BUCKETS as f64;
                s.cdf.partition_point(|&f| f <= level) as u32
            })
            .collect();
        Some(s)
    }

    /// The uniform distribution over `lo..=hi` working days, as `points` equally spaced
    /// visits that all ended: what a statutory limit or an assumed length stands for.
    pub fn spread(lo: f64, hi: f64, points: usize) -> Self {
        let (lo, hi) = (lo.max(0.0), hi.max(lo.max(0.0)));
        let n = points.max(2);
        let observations: Vec<(f64, bool)> = (0..n)
            .map(|i| (lo + (hi - lo) * i as f64 / (n - 1) as f64, true))
            .collect();
        Self::from_observations(&observations).expect("every point ended")
    }

    /// Visits that ended, and visits still open, behind the estimate.
    pub fn counts(&self) -> (usize, usize) {
        (self.ended, self.open)
    }

    /// `P(T <= t)`.
    pub fn cdf_at(&self, t: f64) -> f64 {
        if t > self.last_time && self.beyond > 0.0 {
            return 1.0 - self.beyond * (-(t - self.last_time) / self.tail_mean).exp();
        }
        let i = self.times.partition_point(|&x| x <= t);
        if i == 0 { 0.0 } else { self.cdf[i - 1] }
    }

    /// The smallest time `t` with `P(T <= t) > p` (the convention of a draw from `p`).
    pub fn quantile(&self, p: f64) -> f64 {
        self.draw_level(p.clamp(0.0, 1.0 - 1e-12))
    }

    /// A duration drawn from `u` in `[0, 1)`, given that it is longer than `elapsed`
    /// (a visit open for `elapsed` working days has not ended in fewer).
    pub fn sample_after(&self, u: f64, elapsed: f64) -> f64 {
        self.given(elapsed).sample(u)
    }

    /// The distribution given that the duration is longer than `elapsed`, ready for many
    /// draws (the condition is worked out once).
    pub fn given(&self, elapsed: f64) -> Given<'_> {
        let below = self.cdf_at(elapsed);
        Given {
            survival: self,
            elapsed,
            below,
            left: 1.0 - below,
        }
    }

    /// The duration at cumulative probability `level`.
    #[inline]
    fn draw_level(&self, level: f64) -> f64 {
        let top = 1.0 - self.beyond;
        if level >= top {
            if self.beyond <= 0.0 {
                return self.times.last().copied().unwrap_or(self.last_time);
            }
            // In the tail: solve beyond * exp(-(t - last) / mean) = 1 - level.
            let rest = (1.0 - level).max(1e-300);
            return self.last_time + self.tail_mean * (self.beyond / rest).ln().max(0.0);
        }
        let k = ((level * BUCKETS as f64) as usize).min(BUCKETS);
        let mut i = self.lookup[k] as usize;
        while i < self.cdf.len() && self.cdf[i] <= level {
            i += 1;
        }
        self.times[i.min(self.times.len() - 1)]
    }
}

/// A [`Survival`] given a duration longer than `elapsed`.
#[derive(Debug, Clone, Copy)]
pub struct Given<'a> {
    survival: &'a Survival,
    elapsed: f64,
    below: f64,
    left: f64,
}

impl Given<'_> {
    /// A duration drawn from `u` in `[0, 1)`.
    #[inline]
    pub fn sample(&self, u: f64) -> f64 {
        if self.left < 1e-9 {
            // Longer than every visit observed: from now, one more mean stay, memoryless.
            return self.elapsed + self.survival.tail_mean * -(1.0 - u).ln();
        }
        self.survival
            .draw_level(self.below + u * self.left)
            .max(self.elapsed)
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values are exact by construction
mod tests {
    use super::*;

    #[test]
    fn without_censoring_it_is_the_empirical_distribution() {
        let obs: Vec<(f64, bool)> = [3.0, 1.0, 2.0, 4.0].iter().map(|&t| (t, true)).collect();
        let s = Survival::from_observations(&obs).unwrap();
        assert_eq!(s.cdf_at(0.5), 0.0);
        assert_eq!(s.cdf_at(1.0), 0.25);
        assert_eq!(s.cdf_at(2.5), 0.5);
        assert_eq!(s.cdf_at(4.0), 1.0);
        assert_eq!(s.quantile(0.4), 2.0);
        assert_eq!(s.quantile(0.5), 3.0);
        assert_eq!(s.quantile(0.9), 4.0);
        assert_eq!(s.counts(), (4, 0));
    }

    #[test]
    fn open_visits_weigh_as_at_risk_and_make_the_estimate_longer() {
        // Kaplan–Meier by hand: at 2, 1 of 4 ends (S = 3/4); the visit open at 3 leaves the
        // risk set; at 5, 1 of 2 ends (S = 3/8); the last, open at 6, leaves 3/8 to the tail.
        let obs = [(2.0, true), (3.0, false), (5.0, true), (6.0, false)];
        let s = Survival::from_observations(&obs).unwrap();
        assert!((s.cdf_at(2.0) - 0.25).abs() < 1e-12);
        assert!((s.cdf_at(5.0) - 0.625).abs() < 1e-12);
        // The ended ones last 3.5 on average: a tail of that mean beyond 6.
        let expected = 1.0 - 0.375 * (-(10.0 - 6.0) / 3.5_f64).exp();
        assert!((s.cdf_at(10.0) - expected).abs() < 1e-12);
        let ended_only = Survival::from_observations(&[(2.0, true), (5.0, true)]).unwrap();
        assert!(s.quantile(0.7) > ended_only.quantile(0.7));
        assert!(Survival::from_observations(&[(4.0, false)]).is_none());
    }

    #[test]
    fn a_draw_after_elapsed_days_never_ends_sooner() {
        let obs: Vec<(f64, bool)> = (1..=20).map(|t| (f64::from(t), t % 3 != 0)).collect();
        let s = Survival::from_observations(&obs).unwrap();
        for elapsed in [0.0, 5.0, 19.5, 40.0] {
            for k in 0..100 {
                let u = f64::from(k) / 100.0;
                assert!(s.sample_after(u, elapsed) >= elapsed);
            }
        }
        // Conditional draws move up with u.
        assert!(s.sample_after(0.1, 5.0) <= s.sample_after(0.9, 5.0));
    }

    #[test]
    fn a_spread_is_uniform_between_its_ends() {
        let s = Survival::spread(10.0, 40.0, 31);
        assert_eq!(s.quantile(0.0), 10.0);
        assert!((s.quantile(0.5) - 25.0).abs() <= 1.0);
        assert_eq!(s.quantile(0.999), 40.0);
    }
}
