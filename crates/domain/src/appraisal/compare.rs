//! Plans side by side: the same indicators for every plan of a type in a province, measured on
//! each plan's newest checked land-use map, and the plans that stand out from the province's
//! distribution. "Consistent and uniform" as leadership can see it.
//!
//! The outlier rule is Tukey's: a value below Q1 − 1.5·IQR or above Q3 + 1.5·IQR of the
//! province's plans that have the indicator, quartiles interpolated linearly between the sorted
//! values (the "type 7" of R and numpy), and only when at least [`MIN_PLANS`] plans have it:
//! fewer make no distribution to stand out from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Plans an indicator needs before any of them is called an outlier.
pub const MIN_PLANS: usize = 4;

/// How far beyond the quartiles a value must lie, in interquartile ranges.
pub const FENCE_IQR: f64 = 1.5;

/// The rule in words, for the reader of the table.
pub const OUTLIER_RULE: &str = "outside Q1 - 1.5*IQR .. Q3 + 1.5*IQR of the province's plans \
                                having the indicator, with at least 4 plans";

/// What one plan's newest checked map measured, as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measured {
    /// Zoned area of each land-use category, m² (categories with no zone may be left out).
    pub landuse_m2: BTreeMap<String, f64>,
    /// The unit's population, when known.
    pub population: Option<u64>,
    /// Residential area, and the part of it within the radius of every required facility, m²;
    /// none when the check did not measure it.
    pub reach: Option<(f64, f64)>,
    /// Conflicts with the constraint layers the check found.
    pub conflicts: u64,
    /// Of those, the ones accepted with a reason.
    pub accepted: u64,
}

/// The indicators of one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ComparedIndicators {
    /// Residential land per person, m²; none when the unit's population is not known.
    pub residential_m2_per_person: Option<f64>,
    /// Share of the zoned area of each land-use category, 0–1.
    pub landuse_share: BTreeMap<String, f64>,
    /// Share of the residential area within the radius of every required public facility,
    /// 0–1; none when the check did not measure it or the plan has no residential zone.
    pub services_coverage: Option<f64>,
    /// Conflicts with the constraint layers not accepted.
    pub conflicts_left: u64,
    /// Items of the appraisal's last round that still need revision and no leader
    /// overruled (read from the dossier's findings; none where they were not read).
    pub findings_open: Option<u64>,
    /// Returns for revision before the appraisal's last round.
    pub revision_rounds: Option<u64>,
}

/// An indicator compared between plans.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "indicator", content = "category")]
pub enum ComparedIndicator {
    ResidentialM2PerPerson,
    /// The share of one land-use category.
    LanduseShare(String),
    ServicesCoverage,
    ConflictsLeft,
    FindingsOpen,
    RevisionRounds,
}

/// Which side of the province's distribution a value stands out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutlierSide {
    Low,
    High,
}

/// A plan's indicator outside the province's fences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ComparisonOutlier {
    #[serde(flatten)]
    pub indicator: ComparedIndicator,
    pub value: f64,
    pub side: OutlierSide,
    /// The fences of the province's distribution: Q1 − 1.5·IQR and Q3 + 1.5·IQR.
    pub low_fence: f64,
    pub high_fence: f64,
}

/// The indicators of a plan from what its map measured.
pub fn indicators(m: &Measured) -> ComparedIndicators {
    let zoned: f64 = m.landuse_m2.values().sum();
    let residential = m.landuse_m2.get("residential").copied().unwrap_or(0.0);
    ComparedIndicators {
        residential_m2_per_person: m
            .population
            .filter(|&p| p > 0)
            .map(|p| residential / p as f64),
        landuse_share: m
            .landuse_m2
            .iter()
            .map(|(c, a)| (c.clone(), if zoned > 0.0 { a / zoned } else { 0.0 }))
            .collect(),
        services_coverage: m
            .reach
            .filter(|(res, _)| *res > 0.0)
            .map(|(res, within)| (within / res).clamp(0.0, 1.0)),
        conflicts_left: m.conflicts.saturating_sub(m.accepted),
        findings_open: None,
        revision_rounds: None,
    }
}

/// The value of an indicator for a plan, when the plan has it. A land-use category a plan has
/// no zone of is a share of 0: every plan is compared on every category any plan has.
pub fn value_of(i: &ComparedIndicators, which: &ComparedIndicator) -> Option<f64> {
    match which {
        ComparedIndicator::ResidentialM2PerPerson => i.residential_m2_per_person,
        ComparedIndicator::LanduseShare(c) => Some(i.landuse_share.get(c).copied().unwrap_or(0.0)),
        ComparedIndicator::ServicesCoverage => i.services_coverage,
        ComparedIndicator::ConflictsLeft => Some(i.conflicts_left as f64),
        ComparedIndicator::FindingsOpen => i.findings_open.map(|n| n as f64),
        ComparedIndicator::RevisionRounds => i.revision_rounds.map(|n| n as f64),
    }
}

/// The quantile `q` (0–1) of sorted values, interpolated linearly between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The fences of a set of values, or none when fewer than [`MIN_PLANS`] finite values.
pub fn fences(values: &[f64]) -> Option<(f64, f64)> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.len() < MIN_PLANS {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let (q1, q3) = (quantile(&sorted, 0.25), quantile(&sorted, 0.75));
    let iqr = q3 - q1;
    Some((q1 - FENCE_IQR * iqr, q3 + FENCE_IQR * iqr))
}

/// Every indicator the plans are compared on: the fixed ones and each land-use category any
/// plan has.
pub fn compared(plans: &[ComparedIndicators]) -> Vec<ComparedIndicator> {
    let mut out = vec![
        ComparedIndicator::ResidentialM2PerPerson,
        ComparedIndicator::ServicesCoverage,
        ComparedIndicator::ConflictsLeft,
        ComparedIndicator::FindingsOpen,
        ComparedIndicator::RevisionRounds,
    ];
    let categories: std::collections::BTreeSet<&String> =
        plans.iter().flat_map(|p| p.landuse_share.keys()).collect();
    out.extend(
        categories
            .into_iter()
            .map(|c| ComparedIndicator::LanduseShare(c.clone())),
    );
    out
}

/// The outliers of each plan (in the order given), against the distribution of all of them.
pub fn outliers(plans: &[ComparedIndicators]) -> Vec<Vec<ComparisonOutlier>> {
    let mut out = vec![Vec::new(); plans.len()];
    for which in compared(plans) {
        let values: Vec<Option<f64>> = plans.iter().map(|p| value_of(p, &which)).collect();
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let Some((low, high)) = fences(&present) else {
            continue;
        };
        // Within what the indicator can be: a share is 0–1, a count or an area not negative.
        // No value lies beyond, so who is flagged stays the same; the fences read sensibly.
        let (low_fence, high_fence) = match which {
            ComparedIndicator::LanduseShare(_) | ComparedIndicator::ServicesCoverage => {
                (low.max(0.0), high.min(1.0))
            }
            _ => (low.max(0.0), high),
        };
        for (i, v) in values.iter().enumerate() {
            let Some(value) = v.filter(|v| v.is_finite()) else {
                continue;
            };
            let side = if value < low_fence {
                OutlierSide::Low
            } else if value > high_fence {
                OutlierSide::High
            } else {
                continue;
            };
            out[i].push(ComparisonOutlier {
                indicator: which.clone(),
                value,
                side,
                low_fence,
                high_fence,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn plan(residential: f64, green: f64, within: f64, conflicts: u64) -> Measured {
        Measured {
            landuse_m2: [
                ("residential".to_owned(), residential),
                ("green_space".to_owned(), green),
            ]
            .into_iter()
            .collect(),
            population: Some(1000),
            reach: Some((residential, within)),
            conflicts,
            accepted: 0,
        }
    }

    #[test]
    fn indicators_of_a_plan() {
        let mut m = plan(60_000.0, 40_000.0, 45_000.0, 3);
        m.accepted = 1;
        let i = indicators(&m);
        assert_eq!(i.residential_m2_per_person, Some(60.0));
        assert!((i.landuse_share["residential"] - 0.6).abs() < 1e-12);
        assert!((i.landuse_share["green_space"] - 0.4).abs() < 1e-12);
        assert_eq!(i.services_coverage, Some(0.75));
        assert_eq!(i.conflicts_left, 2);
        assert_eq!((i.findings_open, i.revision_rounds), (None, None));
    }

    #[test]
    fn what_is_not_known_is_none_not_zero() {
        let m = Measured {
            landuse_m2: [("green_space".to_owned(), 10.0)].into_iter().collect(),
            ..Measured::default()
        };
        let i = indicators(&m);
        assert_eq!(i.residential_m2_per_person, None, "no population");
        assert_eq!(i.services_coverage, None, "no reach measured");
        let with_reach = indicators(&Measured {
            reach: Some((0.0, 0.0)),
            ..m
        });
        assert_eq!(with_reach.services_coverage, None, "no residential zone");
    }

    #[test]
    fn fences_follow_tukey_with_interpolated_quartiles() {
        // Sorted 1..=8: Q1 = 2.75, Q3 = 6.25, IQR = 3.5.
        let (lo, hi) = fences(&[8.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]).unwrap();
        assert!((lo - (2.75 - 5.25)).abs() < 1e-12 && (hi - (6.25 + 5.25)).abs() < 1e-12);
        assert_eq!(
            fences(&[1.0, 2.0, 3.0]),
            None,
            "three plans make no distribution"
        );
    }

    #[test]
    fn the_plan_far_from_the_others_is_flagged_on_its_side() {
        let plans: Vec<_> = [
            plan(50_000.0, 50_000.0, 45_000.0, 0),
            plan(52_000.0, 48_000.0, 47_840.0, 0),
            plan(48_000.0, 52_000.0, 43_680.0, 0),
            plan(51_000.0, 49_000.0, 47_430.0, 0),
            // Most of it residential, little of it served, and conflicts left.
            plan(95_000.0, 5_000.0, 10_000.0, 4),
        ]
        .iter()
        .map(indicators)
        .collect();
        let out = outliers(&plans);
        assert!(out[..4].iter().all(Vec::is_empty), "{out:?}");
        let flagged: Vec<(ComparedIndicator, OutlierSide)> = out[4]
            .iter()
            .map(|o| (o.indicator.clone(), o.side))
            .collect();
        assert_eq!(
            flagged,
            vec![
                (ComparedIndicator::ResidentialM2PerPerson, OutlierSide::High),
                (ComparedIndicator::ServicesCoverage, OutlierSide::Low),
                (ComparedIndicator::ConflictsLeft, OutlierSide::High),
                (
                    ComparedIndicator::LanduseShare("green_space".into()),
                    OutlierSide::Low
                ),
                (
                    ComparedIndicator::LanduseShare("residential".into()),
                    OutlierSide::High
                ),
            ]
        );
    }

    #[test]
    fn a_category_a_plan_lacks_counts_as_none_of_its_area() {
        let mut plans: Vec<ComparedIndicators> = (0..4)
            .map(|_| indicators(&plan(50.0, 50.0, 50.0, 0)))
            .collect();
        plans[0].landuse_share.insert("market".into(), 0.3);
        let out = outliers(&plans);
        assert_eq!(
            out[0][0].indicator,
            ComparedIndicator::LanduseShare("market".into())
        );
    }

    #[test]
    fn the_json_names_the_indicator_and_its_category() {
        let o = ComparisonOutlier {
            indicator: ComparedIndicator::LanduseShare("residential".into()),
            value: 0.9,
            side: OutlierSide::High,
            low_fence: 0.1,
            high_fence: 0.6,
        };
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["indicator"], "landuse_share");
        assert_eq!(json["category"], "residential");
        assert_eq!(json["side"], "high");
        let plain = serde_json::to_value(ComparisonOutlier {
            indicator: ComparedIndicator::ConflictsLeft,
            ..o
        })
        .unwrap();
        assert_eq!(plain["indicator"], "conflicts_left");
        assert!(plain.get("category").is_none());
    }

    proptest! {
        /// Whatever the values: with fewer than 4 nothing is flagged; otherwise exactly the
        /// values outside the fences are, on their side, and the order of the plans does not
        /// change who is.
        #[test]
        fn flagged_exactly_outside_the_fences(values in prop::collection::vec(0.0f64..1e6, 0..40), rotate in 0usize..40) {
            let plans: Vec<ComparedIndicators> = values
                .iter()
                .map(|&v| ComparedIndicators {
                    residential_m2_per_person: Some(v),
                    landuse_share: BTreeMap::new(),
                    services_coverage: None,
                    conflicts_left: 0,
                    findings_open: None,
                    revision_rounds: None,
                })
                .collect();
            let out = outliers(&plans);
            match fences(&values) {
                None => prop_assert!(values.len() < MIN_PLANS && out.iter().all(Vec::is_empty)),
                Some((lo, hi)) => {
                    prop_assert!(lo <= hi);
                    for (v, o) in values.iter().zip(&out) {
                        let flagged: Vec<_> = o
                            .iter()
                            .filter(|o| o.indicator == ComparedIndicator::ResidentialM2PerPerson)
                            .collect();
                        let outside = *v < lo || *v > hi;
                        prop_assert_eq!(flagged.len(), usize::from(outside));
                        if let Some(f) = flagged.first() {
                            prop_assert_eq!(f.side, if *v < lo { OutlierSide::Low } else { OutlierSide::High });
                        }
                    }
                }
            }
            let k = if plans.is_empty() { 0 } else { rotate % plans.len() };
            let mut rotated = plans.clone();
            rotated.rotate_left(k);
            let mut again = outliers(&rotated);
            again.rotate_right(k);
            prop_assert_eq!(again, out);
        }
    }
}
