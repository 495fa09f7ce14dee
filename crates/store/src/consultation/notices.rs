//! The answers sent back to those who gave opinions (issue 15, item 6), as stored: the
//! outbox of e-mail notices of a round, and the letters printed for those without an address.
//! The use cases are in `planning::consultation_notices`.

use chrono::{DateTime, Utc};
use plantrack_domain::consultation::TopicName;
use plantrack_domain::consultation::notice::NoticeState;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

use super::{ConsultationRound, Opinion};
use crate::db::Db;
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn instant(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::corrupt(format!("time '{s}'")))
}

/// An answer's e-mail to the one who gave the opinion, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Notice {
    pub opinion_id: i64,
    pub round_id: i64,
    pub address: String,
    pub state: NoticeState,
    /// Attempts made so far.
    pub attempts: i64,
    /// The mail server's answer to the last failed attempt.
    pub last_error: String,
    pub queued_by: String,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// What queueing a round's answers did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NoticesQueued {
    /// E-mails queued now.
    pub queued: u64,
    /// E-mails given up earlier, queued again.
    pub requeued: u64,
    /// E-mails queued (or sent) before.
    pub already: u64,
    /// Named opinions without an address: a letter through the hamlet.
    pub letters: u64,
    /// Anonymous opinions without an address: the published table answers them.
    pub published_only: u64,
}

/// A notice to send, with what its message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeToSend {
    pub notice: Notice,
    pub opinion: Opinion,
    pub round: ConsultationRound,
    /// The commune's name (Vietnamese), and the body that prepares the plan.
    pub unit_name: String,
    pub issuer: String,
    /// The province's topics, to name each answer's.
    pub topics: Vec<TopicName>,
}

/// The letters of a round: one per named opinion without an e-mail address, by hamlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LetterSheet {
    pub round: ConsultationRound,
    pub unit_name: String,
    pub issuer: String,
    pub topics: Vec<TopicName>,
    /// Sorted by hamlet, then name.
    pub opinions: Vec<Opinion>,
}

const COLUMNS: &str = "opinion_id, round_id, address, state, attempts, last_error, queued_by, \
                       queued_at, sent_at";

fn notice(r: &AnyRow) -> Result<Notice> {
    let state: String = r.try_get("state")?;
    Ok(Notice {
        opinion_id: r.try_get("opinion_id")?,
        round_id: r.try_get("round_id")?,
        address: r.try_get("address")?,
        state: NoticeState::parse(&state)
            .ok_or_else(|| StoreError::corrupt(format!("notice state '{state}'")))?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        queued_by: r.try_get("queued_by")?,
        queued_at: instant(&r.try_get::<String, _>("queued_at")?)?,
        sent_at: r
            .try_get::<Option<String>, _>("sent_at")?
            .as_deref()
            .map(instant)
            .transpose()?,
    })
}

impl Db {
    /// Queues an opinion's e-mail unless it has one already: whether it was queued now.
    pub(crate) async fn queue_notice(
        &self,
        tx: &mut Tx,
        round_id: i64,
        opinion_id: i64,
        address: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO consultation_notices (opinion_id, round_id, address, state, queued_by, \
             queued_at) VALUES ($1, $2, $3, 'pending', $4, $5) \
             ON CONFLICT (opinion_id) DO NOTHING",
        )
        .bind(opinion_id)
        .bind(round_id)
        .bind(address)
        .bind(by)
        .bind(stamp(now))
        .execute(&mut **tx)
        .await?
        .rows_affected();
        Ok(done == 1)
    }

    /// Puts a round's given-up notices back in the queue, their attempts counted afresh.
    pub(crate) async fn requeue_given_up(&self, tx: &mut Tx, round_id: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE consultation_notices SET state = 'pending', attempts = 0 \
             WHERE round_id = $1 AND state = 'gave_up'",
        )
        .bind(round_id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
    }

    /// A round's notices, by opinion.
    pub(crate) async fn notices(&self, round_id: i64) -> Result<Vec<Notice>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM consultation_notices WHERE round_id = $1 ORDER BY opinion_id"
        ))
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(notice)
        .collect()
    }

    /// Notices waiting to be sent (of one round, or every one's), and those a sender took
    /// before `stale` and never finished.
    pub(crate) async fn notices_due(
        &self,
        round_id: Option<i64>,
        stale: DateTime<Utc>,
    ) -> Result<Vec<Notice>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM consultation_notices WHERE (state = 'pending' OR \
             (state = 'sending' AND claimed_at < $1)) AND ($2 = 0 OR round_id = $3) \
             ORDER BY round_id, opinion_id"
        ))
        .bind(stamp(stale))
        .bind(i64::from(round_id.is_some()))
        .bind(round_id.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(notice)
        .collect()
    }

    /// Takes a notice for sending: false when another sender has it or it went out.
    pub(crate) async fn claim_notice(
        &self,
        opinion_id: i64,
        now: DateTime<Utc>,
        stale: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE consultation_notices SET state = 'sending', claimed_at = $2 \
             WHERE opinion_id = $1 AND (state = 'pending' OR \
             (state = 'sending' AND claimed_at < $3))",
        )
        .bind(opinion_id)
        .bind(stamp(now))
        .bind(stamp(stale))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(done == 1)
    }

    /// Records a claimed notice's attempt: sent, or failed with the server's answer and the
    /// state that follows. False when the notice was not claimed.
    pub(crate) async fn finish_notice(
        &self,
        tx: &mut Tx,
        opinion_id: i64,
        outcome: Result<DateTime<Utc>, (&str, NoticeState)>,
    ) -> Result<bool> {
        let q = match outcome {
            Ok(at) => sqlx::query(
                "UPDATE consultation_notices SET state = 'sent', sent_at = $2, \
                 attempts = attempts + 1, last_error = '' \
                 WHERE opinion_id = $1 AND state = 'sending'",
            )
            .bind(opinion_id)
            .bind(stamp(at)),
            Err((error, next)) => sqlx::query(
                "UPDATE consultation_notices SET state = $2, attempts = attempts + 1, \
                 last_error = $3 WHERE opinion_id = $1 AND state = 'sending'",
            )
            .bind(opinion_id)
            .bind(next.as_str())
            .bind(error.to_owned()),
        };
        Ok(q.execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// One notice.
    pub(crate) async fn notice(&self, opinion_id: i64) -> Result<Notice> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM consultation_notices WHERE opinion_id = $1"
        ))
        .bind(opinion_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(notice)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("notice", &opinion_id))
    }
}
