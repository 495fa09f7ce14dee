//! A progress bar on stderr for long reads (imports, checks).

/// Shows how far a long read has gone on stderr, one line rewritten in place, at most once
/// per percent.
pub struct ProgressLine {
    label: String,
    /// Each file's share done, 0 to 1.
    shares: std::sync::Mutex<(Vec<f64>, i64)>,
}

impl ProgressLine {
    pub fn new(label: impl Into<String>, files: usize) -> Self {
        ProgressLine {
            label: label.into(),
            shares: std::sync::Mutex::new((vec![0.0; files], -1)),
        }
    }

    pub fn update(&self, file: usize, done: u64, total: u64) {
        let Ok(mut guard) = self.shares.lock() else {
            return;
        };
        let (shares, shown) = &mut *guard;
        shares[file] = if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).min(1.0)
        };
        let percent = (shares.iter().sum::<f64>() / shares.len() as f64 * 100.0).floor() as i64;
        if percent != *shown {
            *shown = percent;
            let bar = "#".repeat((percent / 5) as usize);
            eprint!("\r{}: [{bar:<20}] {percent:>3} %", self.label);
        }
    }
}
