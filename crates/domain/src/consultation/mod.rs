//! Consultation on a draft plan (Law 47/2024/QH15 Art 37; issue 15): rounds on a dossier, the
//! agencies consulted and their replies, residents' opinions, and the synthesis and
//! explanation table (bảng tổng hợp, giải trình, tiếp thu ý kiến) that answers each of them.
//!
//! - [`round`]: a round's subject, forms and its two tracks with the law's limits.
//! - [`agency`]: a consultee's status on a day, computed from its dates and replies.
//! - [`opinion`]: where a resident's opinion came from, and the bounds of what it holds.
//! - [`answer`]: the response to an opinion, and when the table is complete.
//! - [`topics`]: the province's topic list (data, in vi/en/id).
//! - [`problem`]: why a consultation refuses something, a sentence per reason.
//! - [`redaction`]: the personal data an opinion holds, proposed for hiding before publication.
//! - [`public`]: the public page's guards: the form's fill time, the honeypot, limits, reports.
//! - [`grouping`]: similar opinions grouped automatically, with the officer's corrections kept.
//! - [`notice`]: the answers sent back to those who gave opinions, by e-mail or letter.

pub mod agency;
pub mod answer;
pub mod grouping;
pub mod notice;
pub mod opinion;
pub mod problem;
pub mod public;
pub mod redaction;
pub mod round;
pub mod topics;

pub use agency::{ConsulteeRecord, ConsulteeStatus, ReplyPosition};
pub use answer::{Completeness, ResponseKind, completeness};
pub use opinion::OpinionSource;
pub use problem::ConsultationProblem;
pub use round::{ConsultationForm, Subject, Track};
pub use topics::{DEFAULT_TOPICS, TopicName};

use crate::DomainError;

/// The refusal of a consultation problem.
pub(crate) fn refuse<T>(p: ConsultationProblem) -> Result<T, DomainError> {
    Err(DomainError::Consultation(p))
}

/// A text field checked: trimmed, not empty when required, at most `max` characters. The text
/// is kept as given otherwise (never rewritten: an opinion is kept as submitted).
pub fn checked_text(
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<String, DomainError> {
    let value = value.trim();
    if required && value.is_empty() {
        return refuse(ConsultationProblem::EmptyText { field });
    }
    if value.chars().count() > max {
        return refuse(ConsultationProblem::TextTooLong { field, max });
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_required_and_bounded() {
        assert_eq!(
            checked_text("text", "  ý kiến  ", 10, true).unwrap(),
            "ý kiến"
        );
        assert_eq!(
            checked_text("text", "   ", 10, true),
            Err(DomainError::Consultation(ConsultationProblem::EmptyText {
                field: "text"
            }))
        );
        assert_eq!(checked_text("contact", "", 10, false).unwrap(), "");
        // Characters, not bytes: Vietnamese letters are several bytes each.
        assert!(checked_text("text", "ệệệệệệệệệệ", 10, true).is_ok());
        assert_eq!(
            checked_text("text", "ệệệệệệệệệệệ", 10, true),
            Err(DomainError::Consultation(
                ConsultationProblem::TextTooLong {
                    field: "text",
                    max: 10
                }
            ))
        );
    }
}
