//! Grouping similar opinions (issue 15, item 5): the time to group `--opinions` synthetic
//! Vietnamese opinions (goal: 5,000 in ≤ 2 s) and the precision and recall of "same group"
//! pairs against their labels. The default seed, 2, is not the one the threshold was tuned on
//! (1).
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin grouping -- --opinions 5000
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use clap::Parser;
use plantrack_benches::Summary;
use plantrack_domain::consultation::grouping::measure::pair_scores;
use plantrack_domain::consultation::grouping::synthetic::opinions;
use plantrack_domain::consultation::grouping::{Corrections, GroupingSettings, OpinionText, group};

#[derive(Debug, Parser)]
#[command(about = "Grouping synthetic opinions: time, precision and recall")]
struct Args {
    #[arg(long, default_value_t = 5000)]
    opinions: usize,
    #[arg(long, default_value_t = 2)]
    seed: u64,
    #[arg(long, default_value_t = GroupingSettings::DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Pairs less similar than this are not compared further (the grouping's floor).
    #[arg(long, default_value_t = GroupingSettings::default().floor)]
    floor: f32,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn main() {
    let args = Args::parse();
    let set = opinions(args.opinions, args.seed);
    let texts: Vec<OpinionText> = set.iter().map(|l| l.opinion.clone()).collect();
    let labels: Vec<usize> = set.iter().map(|l| l.topic).collect();
    let settings = GroupingSettings {
        threshold: args.threshold,
        floor: args.floor,
        ..GroupingSettings::default()
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut groups = Vec::new();
    for _ in 0..args.runs.max(1) {
        let start = Instant::now();
        groups = group(&texts, &settings, &Corrections::default());
        times.push(start.elapsed());
    }
    let members: Vec<Vec<usize>> = groups.iter().map(|g| g.members.clone()).collect();
    let scores = pair_scores(&members, &labels);
    let t = Summary::of(&times).expect("at least one run");
    println!(
        "grouping {} opinions (seed {}, threshold {}, floor {}): median {:.3} s, min {:.3} s, max {:.3} s over {} runs",
        args.opinions,
        args.seed,
        args.threshold,
        args.floor,
        t.median.as_secs_f64(),
        t.min.as_secs_f64(),
        t.max.as_secs_f64(),
        t.runs
    );
    println!(
        "{} groups; same-group pairs: precision {:.3}, recall {:.3} ({} agreed, {} grouped, {} labelled)",
        groups.len(),
        scores.precision,
        scores.recall,
        scores.agreed,
        scores.grouped,
        scores.labelled
    );
    let largest: Vec<usize> = members.iter().take(25).map(Vec::len).collect();
    println!("largest groups: {largest:?}");
}
