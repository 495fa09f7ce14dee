//! The appraisal of a dossier as plantrack reads it: the checklist the dossier is appraised
//! against (the national one with the province's items), each item with what answers it and,
//! for the automatic items, what plantrack measured on the newest checked land-use map.

use serde::Serialize;

use chrono::NaiveDate;

use plantrack_domain::appraisal::checklist::{ItemScope, ItemWithdrawal};
use plantrack_domain::appraisal::{AutoFinding, AutoVerdict, Evidence, FindingVerdict};
use plantrack_domain::workflow::template::{LocalText, Verification};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemVerdict {
    Meets,
    NeedsRevision,
    NotApplicable,
    /// An automatic item plantrack could not measure (no checked map, no layer it needs).
    NoData,
    /// A manual item the appraiser has not judged yet.
    Open,
}

impl From<FindingVerdict> for ItemVerdict {
    fn from(v: FindingVerdict) -> Self {
        match v {
            FindingVerdict::Meets => Self::Meets,
            FindingVerdict::NeedsRevision => Self::NeedsRevision,
            FindingVerdict::NotApplicable => Self::NotApplicable,
        }
    }
}

impl From<AutoVerdict> for ItemVerdict {
    fn from(v: AutoVerdict) -> Self {
        match v {
            AutoVerdict::Meets => Self::Meets,
            AutoVerdict::NeedsRevision => Self::NeedsRevision,
            AutoVerdict::NoData => Self::NoData,
        }
    }
}

/// One item of a dossier's appraisal.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AppraisalItem {
    pub key: String,
    /// `auto` (plantrack fills it in) or `manual` (the appraiser does).
    pub source: String,
    pub scope: ItemScope,
    pub title: LocalText,
    pub basis: LocalText,
    pub status: Verification,
    pub evidence: Evidence,
    /// For an item answered by a document: whether the dossier holds one of that kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_attached: Option<bool>,
    /// For an item answered by a document: the kind's name in the dossier's template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<LocalText>,
    /// For an automatic item: the figures and the verdict they give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto: Option<AutoFinding>,
    /// The item as it stands: the appraiser's finding of this round or, without one,
    /// plantrack's automatic verdict (`open` for a manual item nobody judged yet).
    pub verdict: ItemVerdict,
    /// The appraiser's newest finding in this round.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<ItemFinding>,
    /// After a return for revision: the item's finding in the round before, to be closed
    /// (meets now) or kept (still needs revision).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<ItemFinding>,
    /// After a return for revision, for an automatic item: what plantrack measured on the map
    /// the round before, beside what it measures now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_auto: Option<AutoFinding>,
    /// Leadership's overrule that lets the appraisal pass although the item needs revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overruled: Option<ItemOverrule>,
}

/// A finding as the workspace shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ItemFinding {
    pub verdict: FindingVerdict,
    pub comment: String,
    pub by: String,
    pub role: String,
    pub on: NaiveDate,
    /// The dossier event that recorded it.
    pub seq: u64,
}

/// An overrule as the workspace shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ItemOverrule {
    pub reason: String,
    pub by: String,
    pub on: NaiveDate,
    pub seq: u64,
}

/// A round that ended in a return for revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AppraisalReturn {
    pub round: u32,
    pub on: NaiveDate,
    pub by: String,
    pub reason: String,
    /// The items that had to change, by key.
    pub items: Vec<String>,
}

/// A document attached since the last return: what the commune sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ResubmittedDocument {
    pub kind: String,
    pub title: String,
    pub on: NaiveDate,
    pub seq: u64,
}

/// A dossier's appraisal.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Appraisal {
    pub dossier: i64,
    pub unit_code: String,
    /// The checklist's version, e.g. `vn.12.commune_general@1+vn.commune_general@1`.
    pub checklist: String,
    pub name: LocalText,
    /// The land-use map the automatic items were measured on (its SHA-256) and when it was
    /// checked; none before a map was attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_checked_at: Option<String>,
    pub items: Vec<AppraisalItem>,
    /// National items the province does not apply, each with its reason.
    pub withdrawn: Vec<ItemWithdrawal>,
    /// The dossier's stage, and whether findings are recorded there now.
    pub stage: String,
    pub at_appraisal: bool,
    /// The visit of the appraisal stage: 1, or 2 after one return for revision, …; 0 before
    /// the dossier first reached it.
    pub round: u32,
    /// The items that hold the pass back: they need revision and nobody overruled them.
    pub needing_revision: Vec<String>,
    /// The rounds that ended in a return for revision, oldest first.
    pub returns: Vec<AppraisalReturn>,
    /// Documents attached since the last return.
    pub resubmitted: Vec<ResubmittedDocument>,
    /// The departments' opinions asked on this plan since it first reached appraisal (the
    /// information requests of the dossier), as they stand today.
    pub opinions: Vec<crate::follow_up::requests::InformationRequest>,
}
