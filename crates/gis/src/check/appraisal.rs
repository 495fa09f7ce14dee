//! The appraisal checklist's automatic items, measured on a plan's full check: conflicts with
//! the constraint layers an item names, the provincial plan's layer, services within reach, road
//! access, the land-use balance against the norms and the coverage of the unit. Each gives its
//! figures and a verdict the appraiser confirms or overrules; "no data" when the map or the
//! layers the item needs were not there, so that "nothing found" is never confused with "not
//! looked at".

use std::collections::BTreeSet;

use plantrack_domain::appraisal::checklist::PROVINCIAL_PLAN_CATEGORY;
use plantrack_domain::appraisal::{AutoCheck, AutoFinding, AutoVerdict, Figure, FigureKey};

use super::report::FullReport;
use super::rules::{Rules, Verdict};

/// The share of the unit a plan may leave out, or draw outside it, before the coverage item
/// needs revision: digitised boundaries of the same line differ by slivers, not by 1 %.
pub const COVERAGE_TOLERANCE: f64 = 0.01;

/// Evaluates one automatic item. `checked` holds the constraint categories of the layers the
/// map was checked against; `constraints` the categories a conflicts item names.
pub fn evaluate(
    check: AutoCheck,
    constraints: &[String],
    report: &FullReport,
    checked: &BTreeSet<String>,
    rules: &Rules,
) -> AutoFinding {
    let found = |verdict: AutoVerdict, figures: Vec<Figure>| AutoFinding {
        check,
        verdict,
        figures,
    };
    let figure = |key: FigureKey, value: f64| Figure { key, value };
    match check {
        AutoCheck::Conflicts | AutoCheck::ProvincialPlan => {
            let categories: Vec<&str> = if check == AutoCheck::ProvincialPlan {
                vec![PROVINCIAL_PLAN_CATEGORY]
            } else {
                constraints.iter().map(String::as_str).collect()
            };
            if !categories.iter().any(|c| checked.contains(*c)) {
                return AutoFinding::no_data(check);
            }
            let mine: Vec<_> = report
                .conflicts
                .conflicts
                .iter()
                .filter(|c| categories.contains(&c.constraint_category.as_str()))
                .collect();
            let forbidden = mine
                .iter()
                .filter(|c| c.verdict == Verdict::Forbidden)
                .count();
            let consult = mine
                .iter()
                .filter(|c| c.verdict == Verdict::Consult)
                .count();
            let area: f64 = mine.iter().map(|c| c.area_m2).sum();
            // Departing from the provincial plan is a revision whatever the rule calls it.
            let revise = forbidden > 0 || (check == AutoCheck::ProvincialPlan && consult > 0);
            found(
                if revise {
                    AutoVerdict::NeedsRevision
                } else {
                    AutoVerdict::Meets
                },
                vec![
                    figure(FigureKey::ForbiddenConflicts, forbidden as f64),
                    figure(FigureKey::ConsultConflicts, consult as f64),
                    figure(FigureKey::ConflictAreaM2, area.round()),
                ],
            )
        }
        AutoCheck::Services => {
            if rules.facilities.is_empty() {
                return AutoFinding::no_data(check);
            }
            let facilities = report.services.iter().filter(|s| s.facility != "road");
            let (missing, out_of_reach) = facilities.fold((0, 0), |(m, o), s| {
                if s.zone.is_none() {
                    (m + 1, o)
                } else {
                    (m, o + 1)
                }
            });
            found(
                if missing + out_of_reach > 0 {
                    AutoVerdict::NeedsRevision
                } else {
                    AutoVerdict::Meets
                },
                vec![
                    figure(FigureKey::MissingFacilities, f64::from(missing)),
                    figure(FigureKey::ZonesOutOfReach, f64::from(out_of_reach)),
                ],
            )
        }
        AutoCheck::RoadAccess => {
            let network_checked = rules
                .roads
                .as_ref()
                .is_some_and(|r| r.network.iter().any(|c| checked.contains(c)));
            if !network_checked {
                return AutoFinding::no_data(check);
            }
            let cut_off = report
                .services
                .iter()
                .filter(|s| s.facility == "road")
                .count();
            found(
                if cut_off > 0 {
                    AutoVerdict::NeedsRevision
                } else {
                    AutoVerdict::Meets
                },
                vec![figure(FigureKey::ZonesWithoutRoad, cut_off as f64)],
            )
        }
        AutoCheck::LanduseBalance => {
            let judged: Vec<bool> = report.balance.iter().filter_map(|r| r.meets_norm).collect();
            if judged.is_empty() {
                // No population given, or no category with a norm: nothing to measure.
                return AutoFinding::no_data(check);
            }
            let outside = judged.iter().filter(|meets| !**meets).count();
            found(
                if outside > 0 {
                    AutoVerdict::NeedsRevision
                } else {
                    AutoVerdict::Meets
                },
                vec![
                    figure(FigureKey::CategoriesOutsideNorm, outside as f64),
                    figure(FigureKey::CategoriesWithNorm, judged.len() as f64),
                ],
            )
        }
        AutoCheck::BoundaryCoverage => {
            let Some(coverage) = report.coverage.as_ref().filter(|c| c.unit_area_m2 > 0.0) else {
                return AutoFinding::no_data(check);
            };
            let left_out = coverage.left_out_m2 / coverage.unit_area_m2;
            let outside = coverage.outside_m2 / coverage.unit_area_m2;
            let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
            found(
                if left_out > COVERAGE_TOLERANCE || outside > COVERAGE_TOLERANCE {
                    AutoVerdict::NeedsRevision
                } else {
                    AutoVerdict::Meets
                },
                vec![
                    figure(FigureKey::LeftOutShare, round(left_out)),
                    figure(FigureKey::OutsideShare, round(outside)),
                ],
            )
        }
    }
}
