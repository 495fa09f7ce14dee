//! Closing the loop of a consultation (issue 15, item 6). Once the synthesis table is
//! complete, the commune's officer queues the answers: an e-mail for each opinion whose
//! contact holds an address (an outbox row, sent once by whoever sends mail — `serve`'s
//! sender or `plantrack consultation notify` — retried after a failure, given up after a few
//! attempts), and a printed letter per hamlet for the named ones without an address. Queueing,
//! each sending and each failure are events of the province's chain; the chain holds which
//! opinion was answered, not the address.

use chrono::{DateTime, TimeDelta, Utc};
use plantrack_domain::access::{self, AdminAction, Caller};
use plantrack_domain::consultation::notice::{self, Delivery, NoticeState};
use serde_json::json;

use super::Planning;
use super::follow_up::actor;
use crate::consultation::ConsultationRound;
use crate::consultation::notices::{LetterSheet, Notice, NoticeToSend, NoticesQueued};
use crate::error::Result;
use crate::follow_up::events::{self, FollowUpEvent};

/// A sender that took a notice and vanished (killed mid-way) gives it back after this.
const CLAIM_EXPIRES: TimeDelta = TimeDelta::minutes(15);

impl Planning {
    /// Queues the answers of a complete table: an e-mail for each opinion whose contact holds
    /// an address (once: those queued before stay as they are; given-up ones are tried
    /// again), and counts the letters to print. The commune's own officers only.
    pub async fn queue_consultation_notices(
        &self,
        caller: Caller<'_>,
        round_id: i64,
    ) -> Result<NoticesQueued> {
        let (round, place) = self.consultation_round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        let sheet = self.consultation_sheet(round.clone()).await?;
        notice::check_table_complete(&sheet.completeness)?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut counts = NoticesQueued::default();
        let mut tx = self.db.begin_write().await?;
        for o in &sheet.opinions {
            match notice::delivery(o.author_name.as_deref(), &o.contact) {
                Delivery::Email { address } => {
                    if self
                        .db
                        .queue_notice(&mut tx, round_id, o.id, &address, &who.name, now)
                        .await?
                    {
                        counts.queued += 1;
                    } else {
                        counts.already += 1;
                    }
                }
                Delivery::Letter => counts.letters += 1,
                Delivery::Published => counts.published_only += 1,
            }
        }
        counts.requeued = self.db.requeue_given_up(&mut tx, round_id).await?;
        counts.already = counts.already.saturating_sub(counts.requeued);
        self.notice_event(
            &mut tx,
            caller,
            &round,
            "consultation_answers_queued",
            json!({
                "queued": counts.queued,
                "requeued": counts.requeued,
                "already": counts.already,
                "letters": counts.letters,
                "published_only": counts.published_only,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(counts)
    }

    /// A round's e-mail notices and where each stands, for those who read the round.
    pub async fn consultation_notices(
        &self,
        caller: Caller<'_>,
        round_id: i64,
    ) -> Result<Vec<Notice>> {
        let (_, place) = self.consultation_round_place(round_id).await?;
        caller.allowed(|p| access::read_consultation(p, &place.scope()))?;
        self.db.notices(round_id).await
    }

    /// The notices due for sending (of one round, or every round's), with what each says:
    /// the operator's and the administrator's, who run the mail server.
    pub async fn notices_to_send(
        &self,
        caller: Caller<'_>,
        round_id: Option<i64>,
    ) -> Result<Vec<NoticeToSend>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        let now = self.clock.now();
        let due = self.db.notices_due(round_id, now - CLAIM_EXPIRES).await?;
        let mut out = Vec::with_capacity(due.len());
        let mut current: Option<(
            ConsultationRound,
            Vec<crate::consultation::Opinion>,
            String,
            String,
            Vec<_>,
        )> = None;
        for n in due {
            if current.as_ref().is_none_or(|c| c.0.id != n.round_id) {
                let round = self.db.consultation_round(n.round_id).await?;
                let opinions = self.db.opinions(round.id).await?;
                let (unit_name, issuer) = self.unit_and_issuer(&round).await?;
                let topics = self.db.consultation_topics(&round.province_code).await?;
                current = Some((round, opinions, unit_name, issuer, topics));
            }
            let Some((round, opinions, unit_name, issuer, topics)) = &current else {
                continue;
            };
            // A rejected opinion leaves the table; its notice is not sent.
            let Some(opinion) = opinions.iter().find(|o| o.id == n.opinion_id) else {
                continue;
            };
            out.push(NoticeToSend {
                notice: n,
                opinion: opinion.clone(),
                round: round.clone(),
                unit_name: unit_name.clone(),
                issuer: issuer.clone(),
                topics: topics.clone(),
            });
        }
        Ok(out)
    }

    /// Takes a notice for sending: false if another sender has it, or it went out.
    pub async fn claim_notice(&self, caller: Caller<'_>, opinion_id: i64) -> Result<bool> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        let now = self.clock.now();
        self.db
            .claim_notice(opinion_id, now, now - CLAIM_EXPIRES)
            .await
    }

    /// Records a claimed notice's attempt — sent, or failed with the mail server's answer —
    /// with its event; the notice as it now stands.
    pub async fn finish_notice(
        &self,
        caller: Caller<'_>,
        opinion_id: i64,
        failure: Option<&str>,
    ) -> Result<Notice> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        let before = self.db.notice(opinion_id).await?;
        let round = self.db.consultation_round(before.round_id).await?;
        let now: DateTime<Utc> = self.clock.now();
        let attempt = before.attempts + 1;
        let mut tx = self.db.begin_write().await?;
        let (kind, payload, outcome) = match failure {
            None => (
                "opinion_answer_sent",
                json!({ "opinion": opinion_id, "attempt": attempt }),
                Ok(now),
            ),
            Some(error) => {
                let next = NoticeState::after_failure(attempt);
                (
                    "opinion_answer_not_sent",
                    json!({
                        "opinion": opinion_id,
                        "attempt": attempt,
                        "error": error,
                        "gave_up": next == NoticeState::GaveUp,
                    }),
                    Err((error, next)),
                )
            }
        };
        if self.db.finish_notice(&mut tx, opinion_id, outcome).await? {
            self.notice_event(&mut tx, caller, &round, kind, payload)
                .await?;
        }
        tx.commit().await?;
        self.db.notice(opinion_id).await
    }

    /// The letters of a complete table: the named opinions without an e-mail address, by
    /// hamlet, with their answers. The commune's own officers only (names and contacts).
    pub async fn consultation_letters(
        &self,
        caller: Caller<'_>,
        round_id: i64,
    ) -> Result<LetterSheet> {
        let (round, place) = self.consultation_round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        let sheet = self.consultation_sheet(round.clone()).await?;
        notice::check_table_complete(&sheet.completeness)?;
        let mut opinions: Vec<_> = sheet
            .opinions
            .into_iter()
            .filter(|o| notice::delivery(o.author_name.as_deref(), &o.contact) == Delivery::Letter)
            .collect();
        opinions.sort_by(|a, b| {
            (a.hamlet.trim().to_lowercase(), &a.author_name, a.id).cmp(&(
                b.hamlet.trim().to_lowercase(),
                &b.author_name,
                b.id,
            ))
        });
        let (unit_name, issuer) = self.unit_and_issuer(&round).await?;
        let topics = self.db.consultation_topics(&round.province_code).await?;
        Ok(LetterSheet {
            round,
            unit_name,
            issuer,
            topics,
            opinions,
        })
    }

    async fn unit_and_issuer(&self, round: &ConsultationRound) -> Result<(String, String)> {
        let unit = self.db.unit(&round.unit_code).await?;
        let (state, _, _) = self.db.dossier_row(round.dossier_id).await?;
        Ok((unit.unit.name_vi, state.bodies.preparing.clone()))
    }

    async fn notice_event(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        caller: Caller<'_>,
        round: &ConsultationRound,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<()> {
        events::append(
            tx,
            FollowUpEvent {
                province_code: &round.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: kind,
                kind,
                subject: format!("consultation:{}", round.id),
                payload,
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        Ok(())
    }
}
