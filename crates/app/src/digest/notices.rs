//! The answers to residents' opinions (issue 15, item 6) sent through the configured mail
//! server: each queued notice is claimed in the store, sent, and recorded as sent or failed
//! (failed ones are tried again by the next run, up to the store's limit). `serve` sends them
//! every minute; `plantrack consultation notify` sends a round's at once.

use std::time::Duration;

use plantrack_domain::access::Caller;
use plantrack_store::{Planning, StoreError};
use plantrack_web::consultation_letters::notice_mail;
use plantrack_web::i18n::Lang;
use serde::Serialize;

use super::mail::{Letter, Mailer};

/// What became of one notice in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeOutcome {
    pub opinion_id: i64,
    pub round_id: i64,
    pub address: String,
    /// sent, failed or taken (another sender has it).
    pub status: &'static str,
    /// The mail server's answer to a failed attempt.
    pub error: Option<String>,
    /// Attempts made so far, this one included.
    pub attempts: i64,
}

/// Sends the notices due (of one round, or every round's), each at most once.
pub async fn send_due(
    planning: &Planning,
    mailer: &Mailer,
    round: Option<i64>,
) -> Result<Vec<NoticeOutcome>, StoreError> {
    let caller = Caller::Operator;
    let mut out = Vec::new();
    for n in planning.notices_to_send(caller, round).await? {
        let id = n.notice.opinion_id;
        if !planning.claim_notice(caller, id).await? {
            out.push(NoticeOutcome {
                opinion_id: id,
                round_id: n.notice.round_id,
                address: n.notice.address.clone(),
                status: "taken",
                error: None,
                attempts: n.notice.attempts,
            });
            continue;
        }
        // Residents read Vietnamese: the public page's first language.
        let (subject, text) = notice_mail(&n, Lang::Vi);
        let sent = mailer
            .send(&n.notice.address, &Letter { subject, text })
            .await;
        let error = sent
            .err()
            .map(|e| e.describe(plantrack_domain::Language::En));
        let after = planning.finish_notice(caller, id, error.as_deref()).await?;
        out.push(NoticeOutcome {
            opinion_id: id,
            round_id: after.round_id,
            address: after.address,
            status: if error.is_none() { "sent" } else { "failed" },
            error,
            attempts: after.attempts,
        });
    }
    Ok(out)
}

/// Starts sending the queued notices in the background, every minute.
pub fn spawn(planning: Planning, mailer: Mailer) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match send_due(&planning, &mailer, None).await {
                Ok(done) if !done.is_empty() => {
                    let sent = done.iter().filter(|d| d.status == "sent").count();
                    let failed = done.iter().filter(|d| d.status == "failed").count();
                    tracing::info!(sent, failed, "answers to residents' opinions");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "answers to residents' opinions not sent"),
            }
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    })
}
