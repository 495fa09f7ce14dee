//! The appraiser's findings: one per checklist item and round, recorded as events of the
//! dossier's history (so they are dated, signed and in its tamper-evident chain), and the
//! rule that an appraisal passes only when no item still needs revision — unless the
//! provincial leadership overruled it with a reason.
//!
//! A round is one visit of the appraisal stage: a plan returned for revision and submitted
//! again is appraised in round 2, where each finding of round 1 is closed or kept.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auto::AutoVerdict;
use super::problem::AppraisalProblem;
use crate::MAX_TEXT;
use crate::workflow::dossier::{DossierEvent, EventKind};

/// The appraiser's verdict on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingVerdict {
    Meets,
    NeedsRevision,
    NotApplicable,
}

impl FindingVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meets => "meets",
            Self::NeedsRevision => "needs_revision",
            Self::NotApplicable => "not_applicable",
        }
    }
}

/// A finding as the dossier's history holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Finding {
    pub stage: String,
    pub round: u32,
    /// The checklist version it was made against.
    pub checklist: String,
    pub item: String,
    pub verdict: FindingVerdict,
    pub comment: String,
    /// The person who recorded it, and in which role.
    pub by: String,
    pub role: String,
    pub on: NaiveDate,
    /// The event that recorded it.
    pub seq: u64,
}

/// Leadership's decision that an item needing revision does not hold the appraisal back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Overrule {
    pub stage: String,
    pub round: u32,
    pub checklist: String,
    pub item: String,
    pub reason: String,
    pub by: String,
    pub role: String,
    pub on: NaiveDate,
    pub seq: u64,
}

/// What the store reads beside a dossier's events before a decision at an appraisal stage:
/// the checklist the dossier is appraised against, what plantrack measured on its newest
/// map, and which visit of the stage this is. Never stored: it is read again each time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppraisalFacts {
    /// The effective checklist's version (`vn.12.commune_general@1+vn.commune_general@1`).
    pub checklist: String,
    /// Its item keys, in order.
    pub items: Vec<String>,
    /// The automatic items' verdicts where plantrack could measure them.
    pub auto: BTreeMap<String, AutoVerdict>,
    /// 1 on the first visit of the appraisal stage, 2 after one return, …
    pub round: u32,
}

/// How many times the dossier has entered `stage`: the round of an appraisal held there.
pub fn visits(events: &[DossierEvent], stage: &str) -> u32 {
    let entered = events
        .iter()
        .filter(|e| match &e.kind {
            EventKind::Opened { stage: s, .. } => s == stage,
            EventKind::Transitioned { to, .. } => to == stage,
            _ => false,
        })
        .count();
    u32::try_from(entered).unwrap_or(u32::MAX)
}

/// Checks a finding before it is recorded.
pub fn check_finding(
    facts: &AppraisalFacts,
    checklist: &str,
    item: &str,
    verdict: FindingVerdict,
    comment: &str,
) -> Result<(), AppraisalProblem> {
    check_item(facts, checklist, item)?;
    let comment = comment.trim();
    if comment.chars().count() > MAX_TEXT {
        return Err(AppraisalProblem::CommentTooLong { max: MAX_TEXT });
    }
    let disagrees = match facts.auto.get(item) {
        Some(AutoVerdict::Meets) => verdict != FindingVerdict::Meets,
        Some(AutoVerdict::NeedsRevision) => verdict != FindingVerdict::NeedsRevision,
        Some(AutoVerdict::NoData) | None => false,
    };
    if comment.is_empty() && (verdict != FindingVerdict::Meets || disagrees) {
        return Err(AppraisalProblem::CommentRequired {
            item: item.to_owned(),
        });
    }
    Ok(())
}

/// Checks that `item` of `checklist` is one the dossier is appraised against.
pub fn check_item(
    facts: &AppraisalFacts,
    checklist: &str,
    item: &str,
) -> Result<(), AppraisalProblem> {
    if checklist != facts.checklist {
        return Err(AppraisalProblem::OtherChecklistVersion {
            asked: checklist.to_owned(),
            current: facts.checklist.clone(),
        });
    }
    if !facts.items.iter().any(|i| i == item) {
        return Err(AppraisalProblem::UnknownItem {
            item: item.to_owned(),
        });
    }
    Ok(())
}

/// Each item's newest finding in one round of one stage.
pub fn findings_of_round<'a>(
    findings: &'a [Finding],
    stage: &str,
    round: u32,
) -> BTreeMap<&'a str, &'a Finding> {
    let mut out = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.stage == stage && f.round == round)
    {
        out.insert(f.item.as_str(), f);
    }
    out
}

/// The overrule that stands for `item` in a round: one made after the item's newest finding
/// (a finding recorded after it judges the item afresh).
pub fn standing_overrule<'a>(
    overrules: &'a [Overrule],
    finding: Option<&Finding>,
    stage: &str,
    round: u32,
    item: &str,
) -> Option<&'a Overrule> {
    let after = finding.map_or(0, |f| f.seq);
    overrules
        .iter()
        .rev()
        .find(|o| o.stage == stage && o.round == round && o.item == item && o.seq > after)
}

/// The items that still need revision in the current round: the appraiser's newest finding
/// says so or, without one, plantrack's automatic verdict does; and no overrule stands.
pub fn needing_revision(
    facts: &AppraisalFacts,
    findings: &[Finding],
    overrules: &[Overrule],
    stage: &str,
) -> Vec<String> {
    let current = findings_of_round(findings, stage, facts.round);
    facts
        .items
        .iter()
        .filter(|item| {
            let finding = current.get(item.as_str()).copied();
            let needs = match finding {
                Some(f) => f.verdict == FindingVerdict::NeedsRevision,
                None => facts.auto.get(item.as_str()) == Some(&AutoVerdict::NeedsRevision),
            };
            needs && standing_overrule(overrules, finding, stage, facts.round, item).is_none()
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> AppraisalFacts {
        AppraisalFacts {
            checklist: "vn.commune_general@1".into(),
            items: vec!["conflicts".into(), "services".into(), "report".into()],
            auto: BTreeMap::from([
                ("conflicts".into(), AutoVerdict::NeedsRevision),
                ("services".into(), AutoVerdict::Meets),
            ]),
            round: 1,
        }
    }

    fn finding(item: &str, verdict: FindingVerdict, seq: u64) -> Finding {
        Finding {
            stage: "plan_appraisal".into(),
            round: 1,
            checklist: "vn.commune_general@1".into(),
            item: item.into(),
            verdict,
            comment: "x".into(),
            by: "Sở Xây dựng".into(),
            role: "construction_dept".into(),
            on: NaiveDate::from_ymd_opt(2025, 11, 20).unwrap(),
            seq,
        }
    }

    #[test]
    fn an_automatic_verdict_holds_until_the_appraiser_judges_the_item() {
        let f = facts();
        assert_eq!(
            needing_revision(&f, &[], &[], "plan_appraisal"),
            vec!["conflicts"]
        );
        let judged = [finding("conflicts", FindingVerdict::Meets, 7)];
        assert!(needing_revision(&f, &judged, &[], "plan_appraisal").is_empty());
        // The newest finding of the item counts.
        let again = [
            finding("conflicts", FindingVerdict::Meets, 7),
            finding("conflicts", FindingVerdict::NeedsRevision, 8),
            finding("report", FindingVerdict::NeedsRevision, 9),
        ];
        assert_eq!(
            needing_revision(&f, &again, &[], "plan_appraisal"),
            vec!["conflicts", "report"]
        );
        // A finding of another round is not this round's.
        let mut old = finding("services", FindingVerdict::NeedsRevision, 3);
        old.round = 0;
        assert!(!needing_revision(&f, &[old], &[], "plan_appraisal").contains(&"services".into()));
    }

    #[test]
    fn an_overrule_stands_until_a_newer_finding() {
        let f = facts();
        let findings = [finding("report", FindingVerdict::NeedsRevision, 5)];
        let overrule = Overrule {
            stage: "plan_appraisal".into(),
            round: 1,
            checklist: f.checklist.clone(),
            item: "report".into(),
            reason: "Bổ sung ở bước phê duyệt".into(),
            by: "UBND tỉnh".into(),
            role: "provincial_pc".into(),
            on: NaiveDate::from_ymd_opt(2025, 11, 21).unwrap(),
            seq: 6,
        };
        let overrules = [overrule.clone()];
        assert_eq!(
            needing_revision(&f, &findings, &overrules, "plan_appraisal"),
            vec!["conflicts"]
        );
        let newer = [
            finding("report", FindingVerdict::NeedsRevision, 5),
            finding("report", FindingVerdict::NeedsRevision, 7),
        ];
        assert_eq!(
            needing_revision(&f, &newer, &overrules, "plan_appraisal"),
            vec!["conflicts", "report"]
        );
    }

    #[test]
    fn a_finding_says_why_when_it_is_not_a_plain_yes() {
        let f = facts();
        let v = "vn.commune_general@1";
        assert_eq!(
            check_finding(&f, v, "report", FindingVerdict::Meets, ""),
            Ok(())
        );
        for (item, verdict) in [
            ("report", FindingVerdict::NeedsRevision),
            ("report", FindingVerdict::NotApplicable),
            // Against the automatic verdict, either way.
            ("conflicts", FindingVerdict::Meets),
            ("services", FindingVerdict::NeedsRevision),
        ] {
            assert_eq!(
                check_finding(&f, v, item, verdict, "  "),
                Err(AppraisalProblem::CommentRequired { item: item.into() }),
                "{item} {verdict:?}"
            );
            assert_eq!(check_finding(&f, v, item, verdict, "Lý do"), Ok(()));
        }
        assert_eq!(
            check_finding(
                &f,
                "vn.commune_general@0",
                "report",
                FindingVerdict::Meets,
                ""
            ),
            Err(AppraisalProblem::OtherChecklistVersion {
                asked: "vn.commune_general@0".into(),
                current: v.into()
            })
        );
        assert_eq!(
            check_finding(&f, v, "nope", FindingVerdict::Meets, ""),
            Err(AppraisalProblem::UnknownItem {
                item: "nope".into()
            })
        );
        let long = "a".repeat(MAX_TEXT + 1);
        assert_eq!(
            check_finding(&f, v, "report", FindingVerdict::Meets, &long),
            Err(AppraisalProblem::CommentTooLong { max: MAX_TEXT })
        );
    }
}
