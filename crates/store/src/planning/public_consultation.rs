//! The public page of a consultation (issue 15, item 3): what anyone reads without an
//! account, the opinion a resident sends, readers' reports, and the officer's moderation.
//!
//! A round is public when it uses the online page form. Its page, documents and map are
//! readable from its opening day; it takes opinions only between its residents' dates. A
//! resident's opinion is kept as submitted (a `consultation_opinions` row, source online) and
//! waits for an officer, who publishes a redacted copy — plantrack proposes what to hide — or
//! rejects it. Every change is one event of the province's chain, in the same transaction
//! as its rows; a refusal stores nothing (an attached file is removed again).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller};
use plantrack_domain::consultation::public::{self as guard, ModerationState, RATE_WINDOW};
use plantrack_domain::consultation::redaction;
use plantrack_domain::consultation::{
    ConsultationForm, ConsultationProblem, OpinionSource, checked_text,
};
use plantrack_domain::workflow::StoredFile;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Planning;
use super::follow_up::actor;
use crate::accounts::login::address_key;
use crate::blobs::BlobStore;
use crate::consultation::public::{
    Moderation, ModerationItem, PublicAnswer, PublicAttachment, PublicAttachmentInfo,
    PublicConsultation, PublicDocument, PublicReceipt, PublicSubmission, PublicTable,
    PublicTableRow, PublicTopicSummary, PublishedOpinion, ReportOutcome,
};
use crate::consultation::{ConsultationRound, NewOpinion, Opinion};
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, FollowUpEvent};

/// Who acts when a resident sends or reports: nobody signed in.
const PUBLIC: &str = "public";

fn refused(p: ConsultationProblem) -> StoreError {
    DomainError::Consultation(p).into()
}

/// HMAC-SHA-256 (RFC 2104) of `message` under `key`.
fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

fn form_signature(key: &str, round_id: i64, issued: i64) -> String {
    hex::encode(hmac(
        key.as_bytes(),
        format!("plantrack-public-form\0{round_id}\0{issued}").as_bytes(),
    ))
}

/// Compares two strings in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether the public reads a round at all: it uses the online page.
fn is_public(round: &ConsultationRound) -> bool {
    round.forms.contains(&ConsultationForm::OnlinePage)
}

impl Planning {
    /// A round the public reads: one with an online page (others are not found, as if they
    /// did not exist).
    async fn public_round(&self, id: i64) -> Result<ConsultationRound> {
        let round = self.db.consultation_round(id).await?;
        if is_public(&round) {
            Ok(round)
        } else {
            Err(StoreError::not_found("consultation", &id))
        }
    }

    /// A round the public reads documents of: public, and opened.
    async fn opened_public_round(&self, id: i64) -> Result<ConsultationRound> {
        let round = self.public_round(id).await?;
        if self.today() < round.residents.opens_on {
            return Err(StoreError::not_found("consultation", &id));
        }
        Ok(round)
    }

    /// The token the public form carries: the round and the time the form was made, signed
    /// with the database's key, so that a form's age is known without storing anything.
    pub async fn public_form_token(&self, round_id: i64) -> Result<String> {
        let key = self.db.public_form_key().await?;
        let issued = self.clock.now().timestamp();
        Ok(format!(
            "{round_id}.{issued}.{}",
            form_signature(&key, round_id, issued)
        ))
    }

    /// When the form with `token` was made for `round_id`; a token this server did not sign
    /// (or signed for another round) is refused as out of date.
    async fn form_issued_at(&self, round_id: i64, token: &str) -> Result<DateTime<Utc>> {
        let bad = || refused(ConsultationProblem::FormExpired);
        let mut parts = token.trim().splitn(3, '.');
        let (Some(round), Some(issued), Some(signature)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let issued: i64 = issued.parse().map_err(|_| bad())?;
        if round.parse::<i64>().ok() != Some(round_id) {
            return Err(bad());
        }
        let key = self.db.public_form_key().await?;
        if !same(signature, &form_signature(&key, round_id, issued)) {
            return Err(bad());
        }
        DateTime::from_timestamp(issued, 0).ok_or_else(bad)
    }

    /// The public page's content, for anyone: the round, its documents once opened, whether
    /// the dossier has a map, and the published opinions.
    pub async fn public_consultation(&self, id: i64) -> Result<PublicConsultation> {
        let round = self.public_round(id).await?;
        let today = self.today();
        let opened = today >= round.residents.opens_on;
        let unit = self.db.unit(&round.unit_code).await?;
        let documents = if opened {
            let (state, _, _) = self.db.dossier_row(round.dossier_id).await?;
            state
                .documents
                .iter()
                .filter(|d| round.documents.contains(&d.seq))
                .filter_map(|d| {
                    d.file.as_ref().map(|f| PublicDocument {
                        seq: d.seq,
                        kind: d.kind.clone(),
                        title: d.title.clone(),
                        filename: f.filename.clone(),
                        size: f.size,
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let has_map = opened
            && self
                .db
                .latest_landuse_map(round.dossier_id)
                .await?
                .is_some();
        let open = round.residents.is_open_on(today);
        let published = self.db.published_opinions(id).await?;
        let table = if opened {
            self.public_table(round.clone(), &published).await?
        } else {
            None
        };
        Ok(PublicConsultation {
            id: round.id,
            unit_code: round.unit_code.clone(),
            unit_name: unit.unit.name_vi.clone(),
            subject: round.subject,
            round_no: round.round_no,
            forms: round.forms.clone(),
            residents: round.residents,
            today,
            open,
            days_left: if open {
                (round.residents.closes_on - today).num_days() + 1
            } else {
                0
            },
            documents,
            has_map,
            bbox: unit.bbox,
            published,
            table,
        })
    }

    /// The table as published, once complete: redacted copies only, no names or contacts.
    async fn public_table(
        &self,
        round: ConsultationRound,
        published: &[PublishedOpinion],
    ) -> Result<Option<PublicTable>> {
        let sheet = self.consultation_sheet(round).await?;
        if !sheet.completeness.complete {
            return Ok(None);
        }
        let topic = |key: &str| {
            sheet
                .topics
                .iter()
                .find(|t| t.topic.key == key)
                .map(|t| t.topic.clone())
        };
        let rows = sheet
            .opinions
            .iter()
            .enumerate()
            .map(|(i, o)| PublicTableRow {
                no: i as u64 + 1,
                hamlet: o.hamlet.clone(),
                source: o.source,
                cosigners: o.cosigners,
                text: published
                    .iter()
                    .find(|p| p.id == o.id)
                    .map(|p| p.text.clone()),
                answers: o
                    .answers
                    .iter()
                    .filter_map(|a| {
                        Some(PublicAnswer {
                            topic: topic(&a.topic)?,
                            response: a.response,
                            text: a.text.clone(),
                            answered_on: a.answered_on,
                        })
                    })
                    .collect(),
            })
            .collect();
        let topics = sheet
            .topics
            .iter()
            .map(|t| PublicTopicSummary {
                topic: t.topic.clone(),
                opinions: t.opinions,
                summary: t.summary.clone().unwrap_or_default(),
            })
            .collect();
        Ok(Some(PublicTable { rows, topics }))
    }

    /// A document the round consults on, for anyone, once the round has opened: its record
    /// and its bytes. Documents of the dossier not consulted on are not found.
    pub async fn public_document(
        &self,
        documents: &BlobStore,
        round_id: i64,
        seq: u64,
    ) -> Result<(StoredFile, Vec<u8>)> {
        let round = self.opened_public_round(round_id).await?;
        if !round.documents.contains(&seq) {
            return Err(StoreError::not_found("document", &seq));
        }
        let (state, _, _) = self.db.dossier_row(round.dossier_id).await?;
        let file = state
            .documents
            .iter()
            .find(|d| d.seq == seq)
            .and_then(|d| d.file.clone())
            .ok_or_else(|| StoreError::not_found("document", &seq))?;
        let bytes = documents
            .read(&file.sha256)
            .await
            .map_err(|e| StoreError::Files(e.to_string()))?;
        Ok((file, bytes))
    }

    /// The dossier's latest checked land-use map (GeoJSON as uploaded), for anyone once the
    /// round has opened.
    pub async fn public_landuse_map(
        &self,
        documents: &BlobStore,
        round_id: i64,
    ) -> Result<Vec<u8>> {
        let round = self.opened_public_round(round_id).await?;
        let sha = self
            .db
            .latest_landuse_map(round.dossier_id)
            .await?
            .ok_or_else(|| StoreError::not_found("map", &round_id))?;
        documents
            .read(&sha)
            .await
            .map_err(|e| StoreError::Files(e.to_string()))
    }

    /// Receives a resident's opinion from the public page at `client`'s address: the form's
    /// age and honeypot checked, the round open today, the text bounded, the address within
    /// its hourly share. It waits for moderation. Refused, nothing is kept — not the
    /// attachment either.
    pub async fn submit_public_opinion(
        &self,
        round_id: i64,
        s: &PublicSubmission,
        attachment: Option<(PublicAttachment, &BlobStore)>,
        client: IpAddr,
    ) -> Result<PublicReceipt> {
        let (attachment, documents) = match attachment {
            Some((a, store)) => (Some(a), Some(store)),
            None => (None, None),
        };
        let kept = attachment.as_ref().map(|a| a.kept.clone());
        let outcome = self
            .receive_public_opinion(round_id, s, attachment, client)
            .await;
        if outcome.is_err()
            && let (Some(kept), Some(documents)) = (kept, documents)
            && let Err(e) = documents.forget(&kept).await
        {
            tracing::warn!(error = %e, sha256 = %kept.sha256, "a refused opinion's file stays until the sweep");
        }
        outcome
    }

    async fn receive_public_opinion(
        &self,
        round_id: i64,
        s: &PublicSubmission,
        attachment: Option<PublicAttachment>,
        client: IpAddr,
    ) -> Result<PublicReceipt> {
        let round = self.public_round(round_id).await?;
        let now = self.clock.now();
        let today = self.today();
        let limits = self.public_limits;
        // A closed round says so first, whatever the form; then the cheap checks, the
        // database's last: a script's post costs no write.
        plantrack_domain::consultation::opinion::check_received(&round.residents, today, today)?;
        guard::check_honeypot(&s.honeypot)?;
        let issued = self.form_issued_at(round_id, &s.form_token).await?;
        guard::check_fill_time(issued, now, &limits)?;
        let checked = guard::check_submission(
            s.author_name.as_deref(),
            &s.hamlet,
            &s.contact,
            &s.text,
            s.lon,
            s.lat,
        )?;
        let attachment = attachment.map(|a| PublicAttachmentInfo {
            sha256: a.kept.sha256,
            filename: a.filename.chars().take(200).collect(),
            media_type: a.kept.media_type.to_owned(),
            size: a.kept.size,
        });
        let address = address_key(client);
        let mut tx = self.db.begin_write().await?;
        let (sent, window_start) = self
            .db
            .count_public_submission(&mut tx, &address, now, RATE_WINDOW)
            .await?;
        if let Err(e) = guard::check_rate(sent - 1, window_start, now, &limits) {
            tracing::info!(address = %address, sent, "public opinions refused: hourly share sent");
            tx.rollback().await?;
            return Err(e.into());
        }
        let opinion = NewOpinion {
            source: OpinionSource::Online,
            author_name: checked.author_name.clone(),
            hamlet: checked.hamlet.clone(),
            contact: checked.contact.clone(),
            text: checked.text.clone(),
            cosigners: 0,
            received_on: Some(today),
        };
        let id = self
            .db
            .insert_opinion(&mut tx, round_id, &opinion, today, PUBLIC, now)
            .await?;
        self.db
            .insert_public(
                &mut tx,
                id,
                round_id,
                checked.point,
                attachment.as_ref(),
                now,
            )
            .await?;
        // As for the commune's entries, the chain holds the text's hash, not the text.
        self.public_event(
            &mut tx,
            &round,
            None,
            "public_opinion_submitted",
            json!({
                "opinion": id,
                "anonymous": checked.author_name.is_none(),
                "point": checked.point.map(|p| [p.0, p.1]),
                "attachment": attachment.as_ref().map(|a| &a.sha256),
                "received_on": today,
                "text_sha256": hex::encode(Sha256::digest(checked.text.as_bytes())),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(PublicReceipt {
            opinion_id: id,
            state: ModerationState::Pending,
            received_on: today,
        })
    }

    /// A reader reports a published opinion; at the threshold it is hidden until an officer
    /// looks again. One report per address counts; the same reader again changes nothing.
    pub async fn report_public_opinion(
        &self,
        opinion_id: i64,
        client: IpAddr,
    ) -> Result<ReportOutcome> {
        let row = self
            .db
            .public_row(opinion_id)
            .await?
            .filter(|r| r.state == ModerationState::Published)
            .ok_or_else(|| StoreError::not_found("opinion", &opinion_id))?;
        let round = self.public_round(row.round_id).await?;
        let address = address_key(client);
        let mut tx = self.db.begin_write().await?;
        let Some((reports, hidden)) = self
            .db
            .add_report(
                &mut tx,
                opinion_id,
                &address,
                self.clock.now(),
                self.public_limits.reports_to_hide,
            )
            .await?
        else {
            tx.rollback().await?;
            return Ok(ReportOutcome {
                reports: row.reports,
                hidden: row.hidden,
            });
        };
        self.public_event(
            &mut tx,
            &round,
            None,
            "public_opinion_reported",
            json!({ "opinion": opinion_id, "reports": reports, "hidden": hidden }),
        )
        .await?;
        tx.commit().await?;
        Ok(ReportOutcome { reports, hidden })
    }

    /// The round's public opinions for its commune's officers: waiting ones first, then those
    /// readers' reports hid, then the rest; each with the original as submitted and the
    /// redactions plantrack proposes.
    pub async fn moderation_queue(
        &self,
        caller: Caller<'_>,
        round_id: i64,
    ) -> Result<Vec<ModerationItem>> {
        let round = self.public_round(round_id).await?;
        let place = self.db.dossier_place(round.dossier_id).await?;
        caller.allowed(|p| access::moderate_public_opinions(p, &place.scope()))?;
        let rows = self.db.public_rows(round_id).await?;
        let mut originals = self.db.opinions(round_id).await?;
        originals.extend(self.db.rejected_opinions(round_id).await?);
        let mut items: Vec<ModerationItem> = rows
            .into_iter()
            .filter_map(|row| {
                let opinion = originals.iter().find(|o| o.id == row.opinion_id)?.clone();
                Some(item(opinion, row))
            })
            .collect();
        items.sort_by_key(|i| {
            let rank = match (i.state, i.hidden) {
                (ModerationState::Pending, _) => 0,
                (_, true) => 1,
                (ModerationState::Published, false) => 2,
                (ModerationState::Rejected, false) => 3,
            };
            (rank, i.opinion.id)
        });
        Ok(items)
    }

    /// An officer's decision on a public opinion: publish a redacted copy (the proposal, or
    /// the officer's edit of it) or reject it with a reason. The original is never changed.
    pub async fn moderate_public_opinion(
        &self,
        caller: Caller<'_>,
        opinion_id: i64,
        m: &Moderation,
    ) -> Result<ModerationItem> {
        let (round_id, _) = self.db.opinion_place(opinion_id).await?;
        let row =
            self.db.public_row(opinion_id).await?.ok_or_else(|| {
                refused(ConsultationProblem::NotAPublicOpinion { id: opinion_id })
            })?;
        let round = self.db.consultation_round(round_id).await?;
        let place = self.db.dossier_place(round.dossier_id).await?;
        caller.allowed(|p| access::moderate_public_opinions(p, &place.scope()))?;
        let original = self.original(round_id, opinion_id).await?;
        let who = actor(caller);
        let (state, copy, reason, kind, payload) = match m {
            Moderation::Publish { text } => {
                let (proposed, spans) = proposal(&original);
                let copy = match text {
                    Some(t) => checked_text(
                        "text",
                        t,
                        plantrack_domain::consultation::public::MAX_PUBLIC_TEXT,
                        true,
                    )?,
                    None => proposed.clone(),
                };
                let kinds: Vec<&str> = spans.iter().map(|r| r.kind.as_str()).collect();
                let kind = if row.state == ModerationState::Published {
                    "public_opinion_redacted"
                } else {
                    "public_opinion_published"
                };
                let payload = json!({
                    "opinion": opinion_id,
                    // The copy is public: the chain keeps it whole.
                    "text": copy,
                    "proposed": kinds,
                    "proposal_accepted": copy == proposed,
                });
                (
                    ModerationState::Published,
                    Some(copy),
                    String::new(),
                    kind,
                    payload,
                )
            }
            Moderation::Reject { reason } => {
                let reason = checked_text(
                    "reason",
                    reason,
                    plantrack_domain::consultation::opinion::MAX_SHORT_TEXT,
                    true,
                )?;
                let payload = json!({ "opinion": opinion_id, "reason": reason });
                (
                    ModerationState::Rejected,
                    None,
                    reason,
                    "public_opinion_rejected",
                    payload,
                )
            }
        };
        if row.state == ModerationState::Rejected && state == ModerationState::Published {
            // A rejected opinion left the table; publishing it would bring it back unseen.
            return Err(refused(ConsultationProblem::OpinionRejected));
        }
        let mut tx = self.db.begin_write().await?;
        self.db
            .set_moderation(
                &mut tx,
                opinion_id,
                state,
                copy.as_deref(),
                &reason,
                &who.name,
                self.clock.now(),
            )
            .await?;
        self.public_event(&mut tx, &round, Some(caller), kind, payload)
            .await?;
        tx.commit().await?;
        let row = self
            .db
            .public_row(opinion_id)
            .await?
            .ok_or_else(|| StoreError::not_found("opinion", &opinion_id))?;
        Ok(item(self.original(round_id, opinion_id).await?, row))
    }

    /// The file a resident attached, for the round's officers.
    pub async fn public_attachment(
        &self,
        caller: Caller<'_>,
        documents: &BlobStore,
        opinion_id: i64,
    ) -> Result<(PublicAttachmentInfo, Vec<u8>)> {
        let row = self
            .db
            .public_row(opinion_id)
            .await?
            .ok_or_else(|| StoreError::not_found("opinion", &opinion_id))?;
        let round = self.db.consultation_round(row.round_id).await?;
        let place = self.db.dossier_place(round.dossier_id).await?;
        caller.allowed(|p| access::moderate_public_opinions(p, &place.scope()))?;
        let info = row
            .attachment
            .ok_or_else(|| StoreError::not_found("attachment", &opinion_id))?;
        let bytes = documents
            .read(&info.sha256)
            .await
            .map_err(|e| StoreError::Files(e.to_string()))?;
        Ok((info, bytes))
    }

    /// An opinion as submitted, rejected or not.
    async fn original(&self, round_id: i64, id: i64) -> Result<Opinion> {
        let mut all = self.db.opinions(round_id).await?;
        all.extend(self.db.rejected_opinions(round_id).await?);
        all.into_iter()
            .find(|o| o.id == id)
            .ok_or_else(|| StoreError::not_found("opinion", &id))
    }

    async fn public_event(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        round: &ConsultationRound,
        caller: Option<Caller<'_>>,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<()> {
        let who = match caller {
            Some(c) => actor(c),
            None => events::Actor {
                name: PUBLIC.into(),
                role: PUBLIC.into(),
                account_id: None,
            },
        };
        events::append(
            tx,
            FollowUpEvent {
                province_code: &round.province_code,
                occurred_on: self.today(),
                actor: &who,
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

/// What plantrack proposes to hide in an opinion, with the names its submitter gave.
fn proposal(o: &Opinion) -> (String, Vec<redaction::Redaction>) {
    let names: Vec<&str> = o.author_name.iter().map(String::as_str).collect();
    redaction::proposed_copy(&o.text, &names)
}

fn item(opinion: Opinion, row: crate::consultation::public_rows::PublicRow) -> ModerationItem {
    let (proposed_text, proposed) = proposal(&opinion);
    ModerationItem {
        state: row.state,
        point: row.point,
        attachment: row.attachment,
        reports: row.reports,
        hidden: row.hidden,
        proposed,
        proposed_text,
        redacted_text: row.redacted_text,
        redacted_by: row.redacted_by,
        moderated_by: row.moderated_by,
        reject_reason: row.reject_reason,
        opinion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        assert_eq!(
            hex::encode(hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        assert_eq!(
            hex::encode(hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
