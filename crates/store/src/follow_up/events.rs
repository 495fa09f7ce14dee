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
