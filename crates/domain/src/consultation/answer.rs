//! The synthesis and explanation table: each opinion (or a point of it) tagged by topic with
//! a response, and a summary per topic. The table is complete when every opinion has a
//! response and every topic used has its summary (BOPS's rule).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ConsultationProblem, refuse};
use crate::DomainError;

/// The longest response or summary.
pub const MAX_RESPONSE_TEXT: usize = 10_000;

/// How an opinion is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// Taken in: the text says what changed in the plan.
    Accepted,
    /// Not taken in: the text gives the reason.
    Explained,
    /// Outside what the plan decides.
    NotInScope,
}

impl ResponseKind {
    pub const ALL: [ResponseKind; 3] = [
        ResponseKind::Accepted,
        ResponseKind::Explained,
        ResponseKind::NotInScope,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResponseKind::Accepted => "accepted",
            ResponseKind::Explained => "explained",
            ResponseKind::NotInScope => "not_in_scope",
        }
    }

    pub fn parse(s: &str) -> Option<ResponseKind> {
        ResponseKind::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Checks the response's text: what changed for an accepted opinion, the reason for one
    /// explained; "not in scope" may stand alone.
    pub fn check_text(self, text: &str) -> Result<(), DomainError> {
        if self != ResponseKind::NotInScope && text.trim().is_empty() {
            return refuse(ConsultationProblem::ResponseNeedsText { kind: self });
        }
        Ok(())
    }
}

/// How far the table is from complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Completeness {
    /// Opinions with no response yet.
    pub unanswered: u64,
    /// Topics used by a response that have no summary, by key.
    pub topics_without_summary: Vec<String>,
    pub complete: bool,
}

/// Whether the table is complete: `answered` says, per opinion, whether it has a response;
/// `used` are the topics the responses name, `summarised` those with a summary.
pub fn completeness(
    answered: &[bool],
    used: &BTreeSet<String>,
    summarised: &BTreeSet<String>,
) -> Completeness {
    let unanswered = answered.iter().filter(|a| !**a).count() as u64;
    let topics_without_summary: Vec<String> = used.difference(summarised).cloned().collect();
    Completeness {
        unanswered,
        complete: unanswered == 0 && topics_without_summary.is_empty(),
        topics_without_summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn responses_say_what_changed_or_why_not() {
        assert!(ResponseKind::Accepted.check_text("Đã điều chỉnh").is_ok());
        assert_eq!(
            ResponseKind::Explained.check_text("  "),
            Err(DomainError::Consultation(
                ConsultationProblem::ResponseNeedsText {
                    kind: ResponseKind::Explained
                }
            ))
        );
        assert!(ResponseKind::NotInScope.check_text("").is_ok());
        for k in ResponseKind::ALL {
            assert_eq!(ResponseKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn complete_when_every_opinion_is_answered_and_every_topic_summarised() {
        let c = completeness(&[true, false], &set(&["roads"]), &set(&[]));
        assert_eq!(c.unanswered, 1);
        assert_eq!(c.topics_without_summary, vec!["roads".to_owned()]);
        assert!(!c.complete);
        let c = completeness(
            &[true, true],
            &set(&["roads"]),
            &set(&["roads", "land_use"]),
        );
        assert!(c.complete, "a summary of an unused topic does no harm");
        assert!(completeness(&[], &set(&[]), &set(&[])).complete);
    }

    proptest! {
        /// Complete exactly when nothing is unanswered and no used topic lacks a summary; an
        /// extra summary never makes a table less complete.
        #[test]
        fn completeness_is_exactly_the_rule(
            answered in proptest::collection::vec(any::<bool>(), 0..40),
            used in proptest::collection::btree_set("[a-e]", 0..5),
            summarised in proptest::collection::btree_set("[a-e]", 0..5),
        ) {
            let c = completeness(&answered, &used, &summarised);
            let expected = answered.iter().all(|a| *a) && used.is_subset(&summarised);
            prop_assert_eq!(c.complete, expected);
            let mut more = summarised.clone();
            more.extend(used.iter().cloned());
            let c2 = completeness(&answered, &used, &more);
            prop_assert!(c2.topics_without_summary.is_empty());
            prop_assert!(!c.complete || c2.complete);
        }
    }
}
