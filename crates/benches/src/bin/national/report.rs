//! The benchmark's results: the table against the goals, and JSON helpers.

use serde_json::Value;

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1e3).round() / 1e3
}

pub(crate) fn get(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_f64()
}

pub(crate) fn print_table(results: &[Value]) {
    type Metric<'a> = (&'a str, &'a [&'a str], &'a str, Option<(f64, bool)>);
    let metrics: Vec<Metric> = vec![
        ("events loaded", &["load", "events"], "", None),
        ("bulk load (s)", &["load", "bulk_load_s"], "", None),
        (
            "province 12, median (ms)",
            &["queries", "province", "median_ms"],
            "≤ 5",
            Some((5.0, true)),
        ),
        (
            "province 12, p95 (ms)",
            &["queries", "province", "p95_ms"],
            "≤ 5",
            Some((5.0, true)),
        ),
        (
            "country, median (ms)",
            &["queries", "country", "median_ms"],
            "≤ 10",
            Some((10.0, true)),
        ),
        (
            "country, p95 (ms)",
            &["queries", "country", "p95_ms"],
            "",
            None,
        ),
        (
            "country as of 2025-12-31, median (ms)",
            &["queries", "country_as_of", "median_ms"],
            "≤ 30",
            Some((30.0, true)),
        ),
        (
            "country as of 2025-12-31, p95 (ms)",
            &["queries", "country_as_of", "p95_ms"],
            "",
            None,
        ),
        (
            "country as of 2025-12-31 as known on T, median (ms)",
            &["queries", "country_as_known", "median_ms"],
            "≤ 30",
            Some((30.0, true)),
        ),
        (
            "country as of 2025-12-31 as known on T, p95 (ms)",
            &["queries", "country_as_known", "p95_ms"],
            "",
            None,
        ),
        (
            "  province: SQL alone, COUNT(*) (ms)",
            &["breakdown", "province", "sql_count_ms"],
            "",
            None,
        ),
        (
            "  province: index-friendly SQL (ms)",
            &["breakdown", "province", "fixed_sql_count_ms"],
            "",
            None,
        ),
        (
            "  country: SQL alone, COUNT(*) (ms)",
            &["breakdown", "country", "sql_count_ms"],
            "",
            None,
        ),
        (
            "  country: rows fetched via Any (ms)",
            &["breakdown", "country", "fetch_any_ms"],
            "",
            None,
        ),
        (
            "  country: rows fetched, native (ms)",
            &["breakdown", "country", "fetch_native_ms"],
            "",
            None,
        ),
        (
            "  country: + decoded, positions (ms)",
            &["breakdown", "country", "positions_decoded_ms"],
            "",
            None,
        ),
        (
            "  country: + report, progress (ms)",
            &["breakdown", "country", "progress_report_ms"],
            "",
            None,
        ),
        (
            "  country: projection SQL, Any (ms)",
            &["breakdown", "country", "fixed_sql_fetch_any_ms"],
            "",
            None,
        ),
        (
            "  country: same, no names (ms)",
            &["breakdown", "country", "fixed_slim_fetch_any_ms"],
            "",
            None,
        ),
        (
            "  as-of: SQL alone, COUNT(*) (ms)",
            &["breakdown", "country_as_of", "sql_count_ms"],
            "",
            None,
        ),
        (
            "  as-of: rows fetched via Any (ms)",
            &["breakdown", "country_as_of", "fetch_any_ms"],
            "",
            None,
        ),
        (
            "  as-of: + report, progress (ms)",
            &["breakdown", "country_as_of", "progress_report_ms"],
            "",
            None,
        ),
        (
            "commands/s (execute, sequential)",
            &["commands", "commands_per_s"],
            "",
            None,
        ),
        (
            "transitions/s (sequential, their own time)",
            &["commands", "transitions_per_s"],
            "",
            None,
        ),
        (
            "transitions/s (concurrent clients, wall)",
            &["commands", "concurrent", "transitions_per_s"],
            "≥ 1000",
            Some((1000.0, false)),
        ),
        (
            "  concurrent transition latency, p95 (ms)",
            &["commands", "concurrent", "transition_latency", "p95_ms"],
            "",
            None,
        ),
        (
            "transition latency, median (ms)",
            &["commands", "transition_latency", "median_ms"],
            "",
            None,
        ),
        (
            "RSS after queries (MiB)",
            &["rss", "after_queries", "rss_mib"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "RSS after commands (MiB)",
            &["rss", "after_commands", "rss_mib"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "RSS peak before breakdown, VmHWM (MiB)",
            &["rss", "after_commands", "hwm_mib"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "RSS peak incl. breakdown pools (MiB)",
            &["rss", "after_breakdown", "hwm_mib"],
            "",
            None,
        ),
    ];
    let names: Vec<&str> = results
        .iter()
        .map(|r| r["backend"].as_str().unwrap_or("?"))
        .collect();
    print!("{:<42} {:>16}", "metric", "goal");
    for n in &names {
        print!(" {n:>16}");
    }
    println!();
    for (label, path, goal, check) in metrics {
        print!("{label:<42} {goal:>16}");
        for r in results {
            let cell = match get(r, path) {
                Some(v) => {
                    let mark = match check {
                        Some((limit, at_most)) => {
                            if (at_most && v <= limit) || (!at_most && v >= limit) {
                                " ok"
                            } else {
                                " MISS"
                            }
                        }
                        _ => "",
                    };
                    format!("{v}{mark}")
                }
                None => "-".to_owned(),
            };
            print!(" {cell:>16}");
        }
        println!();
    }
}
