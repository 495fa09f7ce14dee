//! Why an appraisal refuses a finding, an overrule or a pass: each reason has its own
//! sentence in every language (`appraisal-problem-…` in the Fluent files).

/// A refusal of the appraisal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppraisalProblem {
    /// Findings are recorded only while the dossier is at an appraisal stage with a checklist.
    NotAtAppraisal { stage: String },
    /// The finding names another version of the checklist than the dossier is appraised
    /// against (a form opened before the checklist changed).
    OtherChecklistVersion { asked: String, current: String },
    /// The checklist has no such item.
    UnknownItem { item: String },
    /// A finding that disagrees with plantrack's automatic verdict, asks for a revision or
    /// sets an item aside must say why.
    CommentRequired { item: String },
    /// The comment is longer than a finding holds.
    CommentTooLong { max: usize },
    /// Only an item that still needs revision can be overruled.
    NothingToOverrule { item: String },
    /// The appraisal cannot pass while these items need revision and no leader overruled them.
    FindingsNeedRevision { items: Vec<String> },
}

impl AppraisalProblem {
    /// The stable key of its message: `appraisal-problem-{key}`.
    pub fn key(&self) -> &'static str {
        match self {
            Self::NotAtAppraisal { .. } => "not-at-appraisal",
            Self::OtherChecklistVersion { .. } => "other-checklist-version",
            Self::UnknownItem { .. } => "unknown-item",
            Self::CommentRequired { .. } => "comment-required",
            Self::CommentTooLong { .. } => "comment-too-long",
            Self::NothingToOverrule { .. } => "nothing-to-overrule",
            Self::FindingsNeedRevision { .. } => "findings-need-revision",
        }
    }

    /// Whether the refusal is about the dossier's state (409) rather than the request (422).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Self::NotAtAppraisal { .. }
                | Self::OtherChecklistVersion { .. }
                | Self::NothingToOverrule { .. }
                | Self::FindingsNeedRevision { .. }
        )
    }
}

impl std::fmt::Display for AppraisalProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAtAppraisal { stage } => write!(
                f,
                "findings are recorded at an appraisal stage; the dossier is at '{stage}'"
            ),
            Self::OtherChecklistVersion { asked, current } => write!(
                f,
                "the finding is on checklist {asked}, the dossier is appraised against {current}"
            ),
            Self::UnknownItem { item } => write!(f, "the checklist has no item '{item}'"),
            Self::CommentRequired { item } => write!(
                f,
                "item '{item}': say why (a finding that needs revision, sets the item aside or differs from the automatic verdict)"
            ),
            Self::CommentTooLong { max } => {
                write!(f, "a comment holds at most {max} characters")
            }
            Self::NothingToOverrule { item } => {
                write!(
                    f,
                    "item '{item}' does not need revision; there is nothing to overrule"
                )
            }
            Self::FindingsNeedRevision { items } => write!(
                f,
                "the appraisal cannot pass while these items need revision: {}",
                items.join(", ")
            ),
        }
    }
}
