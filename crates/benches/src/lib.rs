//! Benchmarks of plantrack at national scale. The binary `national` (src/bin/national/) loads
//! the 2025 units of Vietnam with generated, legal histories and measures the progress report
//! and command throughput on SQLite and PostgreSQL; this library holds what it is built from.

pub mod generator;

use std::time::Duration;

/// Median, 95th percentile and extremes of a set of timings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub runs: usize,
    pub median: Duration,
    pub p95: Duration,
    pub min: Duration,
    pub max: Duration,
    pub mean: Duration,
}

impl Summary {
    /// `None` for no samples. Percentiles are nearest-rank.
    pub fn of(samples: &[Duration]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        let mut s = samples.to_vec();
        s.sort();
        let rank = |p: f64| {
            let r = (p * s.len() as f64).ceil() as usize;
            s[r.clamp(1, s.len()) - 1]
        };
        let total: Duration = s.iter().sum();
        Some(Summary {
            runs: s.len(),
            median: rank(0.5),
            p95: rank(0.95),
            min: s[0],
            max: s[s.len() - 1],
            mean: total / u32::try_from(s.len()).unwrap_or(u32::MAX),
        })
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "runs": self.runs,
            "median_ms": ms(self.median),
            "p95_ms": ms(self.p95),
            "min_ms": ms(self.min),
            "max_ms": ms(self.max),
            "mean_ms": ms(self.mean),
        })
    }
}

/// Milliseconds with three decimals.
pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// The process's resident set now and at its peak, in MiB, from /proc/self/status.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rss {
    pub rss_mib: f64,
    pub hwm_mib: f64,
}

impl Rss {
    pub fn now() -> Self {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(0.0, |kb| (kb / 1024.0 * 10.0).round() / 10.0)
        };
        Rss {
            rss_mib: field("VmRSS:"),
            hwm_mib: field("VmHWM:"),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({ "rss_mib": self.rss_mib, "hwm_mib": self.hwm_mib })
    }
}

/// `url` with its database name replaced by `name`, the query string kept.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..host_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let s = Summary::of(&samples).expect("samples");
        assert_eq!(s.median, Duration::from_millis(50));
        assert_eq!(s.p95, Duration::from_millis(95));
        assert_eq!(s.min, Duration::from_millis(1));
        assert_eq!(s.max, Duration::from_millis(100));
        assert!(Summary::of(&[]).is_none());
    }

    #[test]
    fn database_names_are_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "b"),
            "postgres://postgres@127.0.0.1:5432/b"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "b"),
            "postgres://u:p@h/b?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:1", "b"), "postgres://h:1/b");
    }

    #[test]
    fn rss_is_read() {
        let r = Rss::now();
        assert!(r.rss_mib > 0.0 && r.hwm_mib >= r.rss_mib);
    }
}
