//! How good the forecast was: each dossier's probability of being approved by a day, made
//! with only what was known on an earlier day, against whether it was. The Brier score is the
//! mean squared difference (0 is perfect; always saying the base rate scores
//! `base_rate × (1 − base_rate)`, given as the reference); the calibration table groups the
//! probabilities by decile and sets each group's mean against the share that happened.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// One decile of predicted probability.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CalibrationBin {
    /// The decile's bounds: `[from, to)`, the last one `[0.9, 1]`.
    pub from: f64,
    pub to: f64,
    pub count: usize,
    /// The mean predicted probability in it (0 when empty).
    pub predicted_mean: f64,
    /// The share approved by the end (0 when empty).
    pub observed_share: f64,
}

/// A backtest's result.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Backtest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub province: Option<String>,
    pub seed: u64,
    pub simulations: u32,
    /// Dossiers forecast on `from` (not approved then).
    pub dossiers: usize,
    /// Of those, approved by `to`.
    pub approved: usize,
    pub brier: f64,
    /// The Brier score of always predicting the base rate.
    pub reference_brier: f64,
    /// `1 − brier / reference_brier` (0 when the reference is 0).
    pub skill: f64,
    pub calibration: Vec<CalibrationBin>,
}

/// Scores `(probability, happened)` pairs.
pub fn score(
    from: NaiveDate,
    to: NaiveDate,
    province: Option<String>,
    seed: u64,
    simulations: u32,
    pairs: &[(f64, bool)],
) -> Backtest {
    let n = pairs.len();
    let outcome = |o: bool| if o { 1.0 } else { 0.0 };
    let approved = pairs.iter().filter(|(_, o)| *o).count();
    let (brier, base) = if n == 0 {
        (0.0, 0.0)
    } else {
        (
            pairs
                .iter()
                .map(|(p, o)| (p - outcome(*o)).powi(2))
                .sum::<f64>()
                / n as f64,
            approved as f64 / n as f64,
        )
    };
    let reference = base * (1.0 - base);
    let calibration = (0..10)
        .map(|k| {
            let (lo, hi) = (f64::from(k) / 10.0, f64::from(k + 1) / 10.0);
            let inside: Vec<&(f64, bool)> = pairs
                .iter()
                .filter(|(p, _)| *p >= lo && (*p < hi || (k == 9 && *p <= 1.0)))
                .collect();
            let count = inside.len();
            let mean = |f: &dyn Fn(&(f64, bool)) -> f64| {
                if count == 0 {
                    0.0
                } else {
                    inside.iter().map(|x| f(x)).sum::<f64>() / count as f64
                }
            };
            CalibrationBin {
                from: lo,
                to: hi,
                count,
                predicted_mean: mean(&|x| x.0),
                observed_share: mean(&|x| outcome(x.1)),
            }
        })
        .collect();
    Backtest {
        from,
        to,
        province,
        seed,
        simulations,
        dossiers: n,
        approved,
        brier,
        reference_brier: reference,
        skill: if reference > 0.0 {
            1.0 - brier / reference
        } else {
            0.0
        },
        calibration,
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values are exact by construction
mod tests {
    use super::*;

    #[test]
    fn brier_and_deciles_by_hand() {
        let d: NaiveDate = "2025-11-25".parse().unwrap();
        let pairs = [(0.05, false), (0.15, true), (0.95, true), (1.0, true)];
        let b = score(d, d, None, 1, 10, &pairs);
        let brier = (0.05f64.powi(2) + 0.85f64.powi(2) + 0.05f64.powi(2)) / 4.0;
        assert!((b.brier - brier).abs() < 1e-12);
        assert!((b.reference_brier - 0.1875).abs() < 1e-12);
        assert_eq!(b.calibration.len(), 10);
        assert_eq!(b.calibration[0].count, 1);
        assert_eq!(b.calibration[1].observed_share, 1.0);
        assert_eq!(b.calibration[9].count, 2);
        assert!((b.calibration[9].predicted_mean - 0.975).abs() < 1e-12);
        assert_eq!(b.calibration.iter().map(|c| c.count).sum::<usize>(), 4);
        assert_eq!((b.dossiers, b.approved), (4, 3));
    }
}
