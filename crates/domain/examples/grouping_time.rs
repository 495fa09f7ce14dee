//! The grouping's time on synthetic opinions, built with the domain crate alone (the
//! benches' `grouping` binary measures the same with the whole workspace in release):
//!
//! ```text
//! cargo run --release -p plantrack-domain --features synthetic --example grouping_time -- 5000 2 5
//! ```
//!
//! Arguments: opinions (5,000), seed (2), timed runs (5); prints each run, the median and
//! the precision and recall of "same group" pairs, with the generator's map pins and without.

// A measurement reports on the terminal.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Instant;

use plantrack_domain::consultation::grouping::measure::pair_scores;
use plantrack_domain::consultation::grouping::synthetic::opinions;
use plantrack_domain::consultation::grouping::{Corrections, GroupingSettings, OpinionText, group};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let count = args.first().copied().unwrap_or(5000);
    let seed = args.get(1).copied().unwrap_or(2) as u64;
    let runs = args.get(2).copied().unwrap_or(5).max(1);
    let set = opinions(count, seed);
    let labels: Vec<usize> = set.iter().map(|l| l.topic).collect();
    let texts: Vec<OpinionText> = set.iter().map(|l| l.opinion.clone()).collect();
    let unpinned: Vec<OpinionText> = texts
        .iter()
        .cloned()
        .map(|mut o| {
            o.point = None;
            o
        })
        .collect();
    for (name, input) in [("as generated", &texts), ("no pins", &unpinned)] {
        let mut times = Vec::new();
        let mut groups = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            groups = group(input, &GroupingSettings::default(), &Corrections::default());
            times.push(start.elapsed().as_secs_f64());
        }
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        let members: Vec<Vec<usize>> = groups.iter().map(|g| g.members.clone()).collect();
        let s = pair_scores(&members, &labels);
        let pinned = input.iter().filter(|o| o.point.is_some()).count();
        println!(
            "{count} opinions, seed {seed}, {name} ({pinned} pinned): median {:.3} s (runs {:?}); {} groups, precision {:.3}, recall {:.3}",
            sorted[sorted.len() / 2],
            times.iter().map(|t| format!("{t:.3}")).collect::<Vec<_>>(),
            groups.len(),
            s.precision,
            s.recall
        );
    }
}
