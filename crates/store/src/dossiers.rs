//! Dossier histories: appending events with their projections, and reading them back.

use chrono::NaiveDate;
use plantrack_domain::workflow::{
    AccountNames, ActedBy, DossierEvent, DossierState, EventKind, Via,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// What the access policy needs to know of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierPlace {
    pub province_code: String,
    pub unit_code: String,
    /// The consultant firm named on the plan.
    pub consultant: Option<String>,
    /// Completed plans are published.
    pub completed: bool,
}

impl DossierPlace {
    /// What the access policy reads of the dossier: one scope for reading and for acting
    /// (acting ignores publication).
    pub fn scope(&self) -> plantrack_domain::access::DossierScope<'_> {
        plantrack_domain::access::DossierScope {
            province_code: &self.province_code,
            unit_code: &self.unit_code,
            consultant: self.consultant.as_deref(),
            published: self.completed,
        }
    }
}

impl Db {
    /// What a command on the dossier needs, from its one row: the current state, the hash its
    /// next event chains to, and its place for the access policy.
    pub(crate) async fn dossier_row(
        &self,
        id: i64,
    ) -> Result<(DossierState, String, DossierPlace)> {
        let row = sqlx::query(
            "SELECT state, head_hash, province_code, unit_code, consultant, status FROM dossiers \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("dossier", &id))?;
        let state: String = row.try_get("state")?;
        let state = serde_json::from_str(&state)
            .map_err(|e| StoreError::corrupt(format!("dossier {id} state: {e}")))?;
        Ok((state, row.try_get("head_hash")?, place_from_row(&row)?))
    }

    /// Where a dossier sits and who is on it, for the access policy: one narrow row, without
    /// the folded state.
    pub(crate) async fn dossier_place(&self, id: i64) -> Result<DossierPlace> {
        let row = sqlx::query(
            "SELECT province_code, unit_code, consultant, status FROM dossiers WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("dossier", &id))?;
        place_from_row(&row)
    }

    /// The dossier's current state, as last projected.
    pub(crate) async fn dossier(&self, id: i64) -> Result<DossierState> {
        let state: String = sqlx::query_scalar("SELECT state FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("dossier", &id))?;
        serde_json::from_str(&state)
            .map_err(|e| StoreError::corrupt(format!("dossier {id} state: {e}")))
    }

    /// The dossier's events in order; with `until`, only those that took effect by that day.
    pub(crate) async fn events(
        &self,
        dossier_id: i64,
        until: Option<NaiveDate>,
    ) -> Result<Vec<DossierEvent>> {
        // With the account's and the token's names as they are now, for showing who acted.
        let rows = sqlx::query(
            "SELECT e.dossier_id, e.seq, e.occurred_on, e.recorded_at, e.actor, e.role, e.reason, e.payload, \
             e.via, e.account_id, e.token_id, u.username, u.display_name, o.name AS organisation, \
             t.label AS token_label FROM dossier_events e \
             LEFT JOIN users u ON u.id = e.account_id LEFT JOIN organisations o ON o.id = u.organisation_id \
             LEFT JOIN api_tokens t ON t.id = e.token_id \
             WHERE e.dossier_id = $1 AND ($2 IS NULL OR e.occurred_on <= $2) ORDER BY e.seq",
        )
        .bind(dossier_id)
        .bind(until.map(|d| d.to_string()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Appends one event and writes the state it produces, in one transaction. The update of
    /// the dossier row comes first and is conditional on the version the decision was made
    /// against: of two concurrent commands exactly one matches, and on SQLite the first write
    /// also takes the write lock, so the loser waits and then finds the version changed.
    /// `previous_head` is the hash of the dossier's last event, read with `previous`.
    pub(crate) async fn append(
        &self,
        previous: &DossierState,
        previous_head: &str,
        event: &DossierEvent,
        next: &DossierState,
        landuse_check: Option<&crate::layers::LanduseCheck>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        Self::append_in(&mut tx, previous, previous_head, event, next, landuse_check).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`Db::append`] inside a transaction the caller holds: a use case that writes other
    /// rows with the dossier's event commits (or drops) them together.
    pub(crate) async fn append_in(
        tx: &mut Tx<'_>,
        previous: &DossierState,
        previous_head: &str,
        event: &DossierEvent,
        next: &DossierState,
        landuse_check: Option<&crate::layers::LanduseCheck>,
    ) -> Result<()> {
        let prepared = PreparedEvent::new(event, previous_head)?;
        let updated = write_projection(
            tx,
            next,
            previous.version,
            &prepared.hash,
            Some((&previous.stage, previous.status.as_str())),
        )
        .await?;
        if !updated {
            let actual: Option<i64> =
                sqlx::query_scalar("SELECT version FROM dossiers WHERE id = $1")
                    .bind(previous.id)
                    .fetch_optional(&mut **tx)
                    .await?;
            let actual = actual.ok_or_else(|| StoreError::not_found("dossier", &previous.id))?;
            return Err(StoreError::Conflict {
                dossier_id: previous.id,
                expected: previous.version,
                actual: actual.unsigned_abs(),
            });
        }
        prepared.insert(tx).await?;
        record_span(tx, Some(previous), next, event).await?;
        // The check of a land-use map belongs to the event that attached the map.
        if let Some(check) = landuse_check {
            crate::layers::insert_landuse_check(tx, check).await?;
        }
        Ok(())
    }
}

fn place_from_row(row: &AnyRow) -> Result<DossierPlace> {
    let status = crate::db::parse_status(&row.try_get::<String, _>("status")?)?;
    Ok(DossierPlace {
        province_code: row.try_get("province_code")?,
        unit_code: row.try_get("unit_code")?,
        consultant: row.try_get("consultant")?,
        completed: status == plantrack_domain::workflow::DossierStatus::Completed,
    })
}

/// An event from its row: the columns of `dossier_events` (`via`, `account_id` and `token_id`
/// included); the account's and token's names when the query joined them.
pub(crate) fn event_from_row(row: &AnyRow) -> Result<DossierEvent> {
    let payload: String = row.try_get("payload")?;
    let kind: EventKind = serde_json::from_str(&payload)
        .map_err(|e| StoreError::corrupt(format!("event payload: {e}")))?;
    let recorded: String = row.try_get("recorded_at")?;
    Ok(DossierEvent {
        dossier_id: row.try_get("dossier_id")?,
        seq: row.try_get::<i64, _>("seq")?.unsigned_abs(),
        occurred_on: parse_date(&row.try_get::<String, _>("occurred_on")?)?,
        recorded_at: chrono::DateTime::parse_from_rfc3339(&recorded)
            .map_err(|e| StoreError::corrupt(format!("recorded_at '{recorded}': {e}")))?
            .with_timezone(&chrono::Utc),
        actor: row.try_get("actor")?,
        role: row.try_get("role")?,
        reason: row.try_get("reason")?,
        kind,
        acted_by: acted_by_from_row(row)?,
    })
}

fn acted_by_from_row(row: &AnyRow) -> Result<Option<ActedBy>> {
    let Some(via) = row.try_get::<Option<String>, _>("via")? else {
        return Ok(None);
    };
    let via = Via::parse(&via).ok_or_else(|| StoreError::corrupt(format!("event via '{via}'")))?;
    // The names are joined only where the history is shown.
    let joined = |column: &str| -> Result<Option<String>> {
        match row.try_get::<Option<String>, _>(column) {
            Ok(v) => Ok(v),
            Err(sqlx::Error::ColumnNotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    };
    let account = match (
        joined("username")?,
        joined("display_name")?,
        joined("organisation")?,
    ) {
        (Some(username), Some(display_name), Some(organisation)) => Some(AccountNames {
            username,
            display_name,
            organisation,
        }),
        _ => None,
    };
    Ok(Some(ActedBy {
        via,
        account_id: row.try_get("account_id")?,
        token_id: row.try_get("token_id")?,
        account,
        token_label: joined("token_label")?,
    }))
}

/// Writes the dossier row from `state` if its stored version is still `expected_version`,
/// and moves it in the stage counts from `counted_before` (its stage and status when last
/// counted; `None` for a new dossier) to its new ones.
pub(crate) async fn write_projection(
    tx: &mut Tx<'_>,
    state: &DossierState,
    expected_version: u64,
    head_hash: &str,
    counted_before: Option<(&str, &str)>,
) -> Result<bool> {
    let json = serde_json::to_string(state).map_err(|e| StoreError::corrupt(e.to_string()))?;
    let updated = sqlx::query(
        "UPDATE dossiers SET stage = $1, status = $2, version = $3, stage_entered_on = $4, due_on = $5, state = $6, \
         head_hash = $9, consultant = $10 WHERE id = $7 AND version = $8 \
         RETURNING province_code, plan_type, template_key, template_version",
    )
    .bind(&state.stage)
    .bind(state.status.as_str())
    .bind(i64::try_from(state.version).map_err(StoreError::corrupt)?)
    .bind(state.stage_entered_on.to_string())
    .bind(state.due_on.map(|d| d.to_string()))
    .bind(json)
    .bind(state.id)
    .bind(i64::try_from(expected_version).map_err(StoreError::corrupt)?)
    .bind(head_hash)
    .bind(&state.consultant)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = updated else {
        return Ok(false);
    };
    let key = crate::stage_counts::CountedAs {
        province_code: row.try_get("province_code")?,
        plan_type: row.try_get("plan_type")?,
        template_key: row.try_get("template_key")?,
        template_version: row.try_get("template_version")?,
    };
    crate::stage_counts::move_count(
        tx,
        &key,
        counted_before,
        (&state.stage, state.status.as_str()),
    )
    .await?;
    Ok(true)
}

/// An event in its stored form, with its place in the dossier's hash chain.
pub(crate) struct PreparedEvent {
    dossier_id: i64,
    seq: i64,
    occurred_on: String,
    recorded_at: String,
    actor: String,
    role: String,
    reason: String,
    kind: &'static str,
    payload: String,
    via: Option<&'static str>,
    account_id: Option<i64>,
    token_id: Option<i64>,
    prev_hash: String,
    pub(crate) hash: String,
}

impl PreparedEvent {
    /// Serialises `event` and chains it to `prev_hash` ('' for a dossier's first event).
    pub(crate) fn new(event: &DossierEvent, prev_hash: &str) -> Result<Self> {
        let mut e = PreparedEvent {
            dossier_id: event.dossier_id,
            seq: i64::try_from(event.seq).map_err(StoreError::corrupt)?,
            occurred_on: event.occurred_on.to_string(),
            recorded_at: record_time(event.recorded_at),
            actor: event.actor.clone(),
            role: event.role.clone(),
            reason: event.reason.clone(),
            kind: event.kind.tag(),
            payload: serde_json::to_string(&event.kind)
                .map_err(|e| StoreError::corrupt(e.to_string()))?,
            via: event.acted_by.as_ref().map(|a| a.via.as_str()),
            account_id: event.acted_by.as_ref().and_then(|a| a.account_id),
            token_id: event.acted_by.as_ref().and_then(|a| a.token_id),
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        e.hash = crate::audit::event_hash(
            prev_hash,
            &crate::audit::StoredEvent {
                dossier_id: e.dossier_id,
                seq: e.seq,
                occurred_on: &e.occurred_on,
                recorded_at: &e.recorded_at,
                actor: &e.actor,
                role: &e.role,
                reason: &e.reason,
                kind: e.kind,
                payload: &e.payload,
                acted_by: e.via.map(|via| crate::audit::StoredActedBy {
                    via,
                    account_id: e.account_id,
                    token_id: e.token_id,
                }),
            },
        );
        Ok(e)
    }

    pub(crate) async fn insert(&self, tx: &mut Tx<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO dossier_events (dossier_id, seq, occurred_on, recorded_at, actor, role, reason, kind, payload, \
             prev_hash, hash, via, account_id, token_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(self.dossier_id)
        .bind(self.seq)
        .bind(&self.occurred_on)
        .bind(&self.recorded_at)
        .bind(&self.actor)
        .bind(&self.role)
        .bind(&self.reason)
        .bind(self.kind)
        .bind(&self.payload)
        .bind(&self.prev_hash)
        .bind(&self.hash)
        .bind(self.via)
        .bind(self.account_id)
        .bind(self.token_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

/// Record time as stored: the same RFC 3339 form as the events' `recorded_at`, so that
/// instants compare as text on both backends.
pub(crate) fn record_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

async fn open_span(tx: &mut Tx<'_>, state: &DossierState, event: &DossierEvent) -> Result<()> {
    sqlx::query(
        "INSERT INTO stage_spans (dossier_id, seq, province_code, unit_code, plan_type, template_key, template_version, \
         stage, status, stage_entered_on, due_on, from_on, recorded_at, from_day, bin) \
         SELECT id, $2, province_code, unit_code, plan_type, template_key, template_version, $3, $4, $5, $6, $7, $8, $9, $10 \
         FROM dossiers WHERE id = $1",
    )
    .bind(state.id)
    .bind(i64::try_from(event.seq).map_err(StoreError::corrupt)?)
    .bind(&state.stage)
    .bind(state.status.as_str())
    .bind(state.stage_entered_on.to_string())
    .bind(state.due_on.map(|d| d.to_string()))
    .bind(event.occurred_on.to_string())
    .bind(record_time(event.recorded_at))
    .bind(crate::span_bins::day_number(event.occurred_on))
    .bind(crate::span_bins::OPEN_BIN)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Keeps the stage spans in step with an event: an event that opens a span (the rule is
/// `spans::opens_span`, which the audit's rebuild shares) closes the open one first. Both
/// carry the event's record time: the span's end is known from then on.
/// Returns whether a span was opened.
pub(crate) async fn record_span(
    tx: &mut Tx<'_>,
    previous: Option<&DossierState>,
    next: &DossierState,
    event: &DossierEvent,
) -> Result<bool> {
    if !crate::spans::opens_span(previous, next) {
        return Ok(false);
    }
    if previous.is_some() {
        // Closed, the span moves from the open bin to the one its days fall in.
        static CLOSE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "UPDATE stage_spans SET to_on = $1, closed_at = $3, bin = {} \
                 WHERE dossier_id = $2 AND to_on IS NULL",
                crate::span_bins::bin_sql("$4")
            )
        });
        sqlx::query(&CLOSE)
            .bind(event.occurred_on.to_string())
            .bind(next.id)
            .bind(record_time(event.recorded_at))
            .bind(crate::span_bins::day_number(event.occurred_on))
            .execute(&mut **tx)
            .await?;
    }
    open_span(tx, next, event).await?;
    Ok(true)
}
