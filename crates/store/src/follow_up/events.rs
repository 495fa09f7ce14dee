//! The follow-up history: one hash chain per province, appended in the transaction of every
//! change to its meetings, directives, tasks and blockers. Its seq is taken under the
//! transaction's write lock (SQLite) or the unique (province, seq) key (PostgreSQL: a writer
//! that lost the race fails and changes nothing), so a chain has no gap and no fork.

use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

use crate::error::Result;

/// Who acted, as the event records it.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    pub name: String,
    pub role: String,
    pub account_id: Option<i64>,
}

/// One change, before it is chained.
#[derive(Debug, Clone)]
pub(crate) struct FollowUpEvent<'a> {
    pub province_code: &'a str,
    /// The day it took effect.
    pub occurred_on: chrono::NaiveDate,
    pub actor: &'a Actor,
    pub reason: &'a str,
    /// `meeting_created`, `task_updated`, …
    pub kind: &'a str,
    /// What it is about: `meeting:3`, `task:41`, `blocker:7`.
    pub subject: String,
    pub payload: serde_json::Value,
    /// When it was written: the store's clock, never a client's.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// The hash of a follow-up event chained to `prev_hash`: SHA-256, hex, over its fields
/// separated by 0x1f (a byte no field holds unescaped), as dossier events are hashed.
pub(crate) fn follow_up_hash(prev_hash: &str, fields: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update([0x1f]);
    for field in fields {
        h.update(field.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends `event` to its province's chain.
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    event: FollowUpEvent<'_>,
) -> Result<i64> {
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT seq, hash FROM follow_up_events WHERE province_code = $1 \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(event.province_code)
    .fetch_optional(&mut **tx)
    .await?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, String::new()),
    };
    let recorded_at = event
        .recorded_at
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let occurred_on = event.occurred_on.to_string();
    let payload = event.payload.to_string();
    let account = event
        .actor
        .account_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    let hash = follow_up_hash(
        &prev_hash,
        &[
            event.province_code,
            &seq.to_string(),
            &occurred_on,
            &recorded_at,
            &event.actor.name,
            &event.actor.role,
            &account,
            event.reason,
            event.kind,
            &event.subject,
            &payload,
        ],
    );
    sqlx::query(
        "INSERT INTO follow_up_events (province_code, seq, occurred_on, recorded_at, actor, \
         role, account_id, reason, kind, subject, payload, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(event.province_code)
    .bind(seq)
    .bind(occurred_on)
    .bind(recorded_at)
    .bind(&event.actor.name)
    .bind(&event.actor.role)
    .bind(event.actor.account_id)
    .bind(event.reason)
    .bind(event.kind)
    .bind(&event.subject)
    .bind(payload)
    .bind(prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    Ok(seq)
}

/// Where a province's follow-up chain first fails to hold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BrokenFollowUp {
    pub province_code: String,
    pub seq: i64,
    pub problem: FollowUpProblem,
}

/// How a follow-up chain fails to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpProblem {
    /// The numbering skips: an event was removed.
    Missing,
    /// The event does not name the hash of the one before it.
    Unlinked,
    /// The event's fields no longer give its hash: it was changed after it was written.
    Changed,
}

/// Checks every province's follow-up chain (or one province's): numbered 1, 2, … without a
/// gap, each event linked to the one before and hashed as written. Returns how many events were
/// read and the first break.
pub(crate) async fn verify(
    tx: &mut Transaction<'static, Any>,
    province: Option<&str>,
) -> Result<(u64, Option<BrokenFollowUp>)> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT province_code, seq, occurred_on, recorded_at, actor, role, account_id, reason, \
         kind, subject, payload, prev_hash, hash FROM follow_up_events \
         WHERE $1 IS NULL OR province_code = $1 ORDER BY province_code, seq",
    )
    .bind(province)
    .fetch_all(&mut **tx)
    .await?;
    let mut checked = 0;
    let mut current: Option<(String, i64, String)> = None;
    for r in &rows {
        checked += 1;
        let province: String = r.try_get("province_code")?;
        let seq: i64 = r.try_get("seq")?;
        let prev: String = r.try_get("prev_hash")?;
        let hash: String = r.try_get("hash")?;
        let (expected_seq, expected_prev) = match &current {
            Some((p, last_seq, last_hash)) if *p == province => (last_seq + 1, last_hash.clone()),
            _ => (1, String::new()),
        };
        let broken = |problem| BrokenFollowUp {
            province_code: province.clone(),
            seq,
            problem,
        };
        if seq != expected_seq {
            return Ok((checked, Some(broken(FollowUpProblem::Missing))));
        }
        if prev != expected_prev {
            return Ok((checked, Some(broken(FollowUpProblem::Unlinked))));
        }
        let account = r
            .try_get::<Option<i64>, _>("account_id")?
            .map(|id| id.to_string())
            .unwrap_or_default();
        let text = |c: &str| r.try_get::<String, _>(c);
        let recomputed = follow_up_hash(
            &prev,
            &[
                &province,
                &seq.to_string(),
                &text("occurred_on")?,
                &text("recorded_at")?,
                &text("actor")?,
                &text("role")?,
                &account,
                &text("reason")?,
                &text("kind")?,
                &text("subject")?,
                &text("payload")?,
            ],
        );
        if recomputed != hash {
            return Ok((checked, Some(broken(FollowUpProblem::Changed))));
        }
        current = Some((province, seq, hash));
    }
    Ok((checked, None))
}
