//! Closing the loop (issue 15, item 6): once the synthesis table is complete, everyone who
//! gave an opinion hears its answer — by e-mail when the contact they left holds an address,
//! by a printed letter through their hamlet when they gave a name and no address. A notice
//! is tried a few times; after that it waits for an officer (the letter still reaches them).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Completeness, ConsultationProblem, refuse};
use crate::{DomainError, contact};

/// How many times a notice is tried before it is given up (and the letter is the way).
pub const MAX_ATTEMPTS: i64 = 5;

/// How an opinion's answer reaches the one who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Delivery {
    /// The address found in the contact they left.
    Email { address: String },
    /// A printed letter through the hamlet: a name and no e-mail address.
    Letter,
    /// Anonymous and no address: the published table is their answer.
    Published,
}

/// The e-mail address in a contact as residents write it ("0912 345 678, lo@mail.vn",
/// "<lo@mail.vn>"): the first word with an `@` that a mail server would accept.
pub fn email_in(contact_text: &str) -> Option<String> {
    contact_text
        .split(|c: char| c.is_whitespace() || ",;|".contains(c))
        .filter(|w| w.contains('@'))
        .map(|w| {
            w.trim_matches(|c: char| "<>()[]\"'.:".contains(c))
                .trim_start_matches("mailto:")
        })
        .find_map(|w| contact::email(w).ok())
}

/// How the answer to an opinion reaches its author.
pub fn delivery(author_name: Option<&str>, contact_text: &str) -> Delivery {
    if let Some(address) = email_in(contact_text) {
        return Delivery::Email { address };
    }
    match author_name.map(str::trim) {
        Some(name) if !name.is_empty() => Delivery::Letter,
        _ => Delivery::Published,
    }
}

/// Answers go out only from a complete table: every opinion answered, every topic used
/// summarised. The refusal says how far it is.
pub fn check_table_complete(c: &Completeness) -> Result<(), DomainError> {
    if c.complete {
        return Ok(());
    }
    refuse(ConsultationProblem::TableNotComplete {
        unanswered: c.unanswered,
        topics: c.topics_without_summary.len() as u64,
    })
}

/// Where a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// Waiting to be sent (again, after a failed attempt).
    Pending,
    /// Taken by a sender now.
    Sending,
    Sent,
    /// Tried [`MAX_ATTEMPTS`] times without success.
    GaveUp,
}

impl NoticeState {
    pub const ALL: [NoticeState; 4] = [
        NoticeState::Pending,
        NoticeState::Sending,
        NoticeState::Sent,
        NoticeState::GaveUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Pending => "pending",
            NoticeState::Sending => "sending",
            NoticeState::Sent => "sent",
            NoticeState::GaveUp => "gave_up",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeState> {
        NoticeState::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The state after a failed attempt, the `attempts`-th.
    pub fn after_failure(attempts: i64) -> NoticeState {
        if attempts >= MAX_ATTEMPTS {
            NoticeState::GaveUp
        } else {
            NoticeState::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_found_in_what_residents_write() {
        assert_eq!(
            email_in("lo.thu@mail.vn").as_deref(),
            Some("lo.thu@mail.vn")
        );
        assert_eq!(
            email_in("0912 345 678, <Lo.Thu@Mail.VN>").as_deref(),
            Some("Lo.Thu@mail.vn")
        );
        assert_eq!(email_in("mailto:a@b.vn;").as_deref(), Some("a@b.vn"));
        assert_eq!(email_in("0912 345 678"), None);
        assert_eq!(email_in("a@b"), None, "no dotted domain");
        assert_eq!(email_in(""), None);
    }

    #[test]
    fn an_answer_goes_by_mail_by_letter_or_by_the_published_table() {
        assert_eq!(
            delivery(Some("Lò Văn Thử"), "thu@mail.vn"),
            Delivery::Email {
                address: "thu@mail.vn".into()
            }
        );
        assert_eq!(
            delivery(None, "thu@mail.vn").clone(),
            Delivery::Email {
                address: "thu@mail.vn".into()
            }
        );
        assert_eq!(
            delivery(Some("Lò Văn Thử"), "0912 345 678"),
            Delivery::Letter
        );
        assert_eq!(delivery(Some("  "), ""), Delivery::Published);
        assert_eq!(delivery(None, "0912 345 678"), Delivery::Published);
    }

    #[test]
    fn only_a_complete_table_is_sent() {
        let done = Completeness {
            unanswered: 0,
            topics_without_summary: Vec::new(),
            complete: true,
        };
        assert!(check_table_complete(&done).is_ok());
        let not = Completeness {
            unanswered: 2,
            topics_without_summary: vec!["roads".into()],
            complete: false,
        };
        assert_eq!(
            check_table_complete(&not),
            Err(DomainError::Consultation(
                ConsultationProblem::TableNotComplete {
                    unanswered: 2,
                    topics: 1
                }
            ))
        );
    }

    #[test]
    fn a_notice_is_given_up_after_its_last_attempt() {
        assert_eq!(NoticeState::after_failure(1), NoticeState::Pending);
        assert_eq!(
            NoticeState::after_failure(MAX_ATTEMPTS),
            NoticeState::GaveUp
        );
        for s in NoticeState::ALL {
            assert_eq!(NoticeState::parse(s.as_str()), Some(s));
        }
    }
}
