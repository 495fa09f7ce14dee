//! How good a grouping is against known labels: precision and recall of "same group" pairs.
//! Precision: of the pairs the grouping put together, the share with the same label; recall:
//! of the pairs with the same label, the share the grouping put together.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    pub precision: f64,
    pub recall: f64,
    /// Pairs together in the grouping and in the labels.
    pub agreed: u64,
    /// Pairs together in the grouping.
    pub grouped: u64,
    /// Pairs together in the labels.
    pub labelled: u64,
}

/// The pair scores of `groups` (indices into `labels`) against `labels`. An empty side scores
/// 1 (nothing wrong was claimed, nothing was missed).
///
/// ```
/// use plantrack_domain::consultation::grouping::measure::pair_scores;
/// // Labels a a a b; the grouping {0, 1} {2, 3}: one right pair of two, one of three found.
/// let s = pair_scores(&[vec![0, 1], vec![2, 3]], &[0, 0, 0, 1]);
/// assert_eq!((s.agreed, s.grouped, s.labelled), (1, 2, 3));
/// assert!((s.precision - 0.5).abs() < 1e-9);
/// ```
pub fn pair_scores(groups: &[Vec<usize>], labels: &[usize]) -> PairScores {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut agreed = 0;
    let mut grouped = 0;
    for g in groups {
        grouped += pairs(g.len() as u64);
        let mut by_label: HashMap<usize, u64> = HashMap::new();
        for &i in g {
            *by_label.entry(labels[i]).or_default() += 1;
        }
        agreed += by_label.values().map(|&n| pairs(n)).sum::<u64>();
    }
    let mut per_label: HashMap<usize, u64> = HashMap::new();
    for &l in labels {
        *per_label.entry(l).or_default() += 1;
    }
    let labelled = per_label.values().map(|&n| pairs(n)).sum::<u64>();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    PairScores {
        precision: ratio(agreed, grouped),
        recall: ratio(agreed, labelled),
        agreed,
        grouped,
        labelled,
    }
}
