//! The daily digest (issue 13, item 6): each organisation's tasks overdue, due in the next
//! 7 days and replied to the day before, mailed to its contact address in its language.
//! The store composes the digests and keeps which went out ([`plantrack_store::Planning::digests`]);
//! here they are rendered ([`render`]), sent through the configured server ([`mail`]), and
//! sent daily by `serve` ([`schedule`]).

pub mod mail;
pub mod notices;
pub mod render;
pub mod schedule;
pub mod weekly;

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::follow_up::SectionKind;
use plantrack_store::{Planning, StoreError};
use serde::Serialize;

use mail::Mailer;

/// What became of one organisation's digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum Outcome {
    Sent,
    /// A dry run: it would have been sent.
    WouldSend,
    /// It has no contact address.
    NoAddress,
    /// Nothing overdue, due soon or replied to.
    Empty,
    /// This day's went out already (from this server, another, or an earlier run).
    AlreadySent,
    /// The mail server refused it or could not be reached: why.
    Failed(String),
}

impl Outcome {
    /// sent, skipped or failed: what `--format json` says in one word.
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::WouldSend => "would_send",
            Outcome::NoAddress | Outcome::Empty | Outcome::AlreadySent => "skipped",
            Outcome::Failed(_) => "failed",
        }
    }
}

/// One organisation's line of a digest run.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub organisation_id: i64,
    pub organisation: String,
    pub address: Option<String>,
    pub language: Language,
    pub overdue: usize,
    pub due_soon: usize,
    pub replies: usize,
    pub outcome: Outcome,
}

/// What a run does with the digests it composes.
#[derive(Clone, Copy)]
pub enum Run<'a> {
    /// Sends them through this server.
    Send(&'a Mailer),
    /// Says what would be sent, and sends and claims nothing.
    DryRun,
}

/// Sends every organisation's digest of `day` (in one province, or all): those with an
/// address and something to say, once each.
pub async fn send_all(
    planning: &Planning,
    run: Run<'_>,
    province: Option<&str>,
    day: NaiveDate,
) -> Result<Vec<Delivery>, StoreError> {
    let caller = Caller::Operator;
    let mut deliveries = Vec::new();
    for item in planning.digests(caller, province, day).await? {
        let digest = &item.digest;
        let contact = &item.contact;
        let address = contact.contact_email.clone();
        let id = contact.organisation.id;
        let outcome = match (&address, run) {
            (None, _) => Outcome::NoAddress,
            _ if digest.is_empty() => Outcome::Empty,
            (Some(_), Run::DryRun) => {
                if planning.digest_sent(caller, id, day).await? {
                    Outcome::AlreadySent
                } else {
                    Outcome::WouldSend
                }
            }
            (Some(to), Run::Send(mailer)) => {
                if planning.claim_digest(caller, id, day, to).await? {
                    let letter = render::letter(digest, contact.contact_language);
                    match mailer.send(to, &letter).await {
                        Ok(()) => {
                            tracing::info!(organisation = id, %to, %day, "digest sent");
                            Outcome::Sent
                        }
                        Err(e) => {
                            tracing::warn!(organisation = id, %to, %day, error = %e, "digest not sent");
                            // Given back, so that the next run tries again.
                            planning.release_digest(caller, id, day).await?;
                            Outcome::Failed(e.to_string())
                        }
                    }
                } else {
                    Outcome::AlreadySent
                }
            }
        };
        deliveries.push(Delivery {
            organisation_id: id,
            organisation: contact.organisation.name.clone(),
            address,
            language: contact.contact_language,
            overdue: digest.count(SectionKind::Overdue),
            due_soon: digest.count(SectionKind::DueSoon),
            replies: digest.count(SectionKind::Replies),
            outcome,
        });
    }
    Ok(deliveries)
}
