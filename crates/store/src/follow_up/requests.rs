//! Sectoral information requests as stored, and their table's reads and writes. The use cases
//! that change them are in `planning::information_requests`; writes take the caller's
//! transaction, so that a change's row and its event of the follow-up chain commit together.

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::follow_up::{InformationTopic, RequestRecord, RequestState, Turnaround};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

use crate::db::{Db, now_text, parse_date};
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

/// A request for sectoral information, as it stood on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InformationRequest {
    pub id: i64,
    pub province_code: String,
    pub dossier_id: i64,
    pub unit_code: String,
    /// The organisation that asked.
    pub requester_id: i64,
    pub requester: String,
    /// The department asked.
    pub department_id: i64,
    pub department: String,
    pub topics: Vec<InformationTopic>,
    pub text: String,
    pub asked_on: NaiveDate,
    pub due_on: NaiveDate,
    /// On the day asked about: an answer given later is not yet one.
    pub state: RequestState,
    /// Answered after its due date, or open past it, on that day.
    pub late: bool,
    /// The day it was answered or withdrawn.
    pub closed_on: Option<NaiveDate>,
    pub answer: String,
    /// The documents the answer carries (official letter numbers, file links).
    pub answer_documents: Vec<String>,
    /// The published layer version the answer points to.
    pub layer_version_id: Option<i64>,
    /// Why the department is late, and when it expects to answer.
    pub delay_note: String,
    pub expected_on: Option<NaiveDate>,
    /// The day the delay was explained.
    pub delayed_on: Option<NaiveDate>,
    pub version: i64,
}

impl InformationRequest {
    pub(crate) fn record(&self) -> RequestRecord {
        RequestRecord {
            asked_on: self.asked_on,
            due_on: self.due_on,
            state: self.state,
            closed_on: self.closed_on,
            delayed_on: self.delayed_on,
        }
    }
}

/// A request to make: one per dossier named, all to one department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewInformationRequest {
    pub department_id: i64,
    /// The dossiers whose plans need the information: one request each.
    pub dossiers: Vec<i64>,
    pub topics: Vec<InformationTopic>,
    pub text: String,
    /// The day asked; today when absent.
    #[serde(default)]
    pub asked_on: Option<NaiveDate>,
    /// The due date; 15 days after asking when absent.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// The organisation asking, for the operator at the command line; an account asks for its
    /// own organisation.
    #[serde(default)]
    pub requester_id: Option<i64>,
}

/// A department's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InformationAnswer {
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub layer_version_id: Option<i64>,
    /// The day answered; today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// The version the caller read, to refuse a change made meanwhile.
    #[serde(default)]
    pub expected_version: Option<i64>,
}

/// A department's explanation of a delay: the request stays open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DelayExplanation {
    pub note: String,
    /// When the department now expects to answer.
    pub expected_on: NaiveDate,
    #[serde(default)]
    pub on: Option<NaiveDate>,
    #[serde(default)]
    pub expected_version: Option<i64>,
}

/// Withdrawing a request (the information is no longer needed, or was asked twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Withdrawal {
    pub reason: String,
    #[serde(default)]
    pub on: Option<NaiveDate>,
    #[serde(default)]
    pub expected_version: Option<i64>,
}

/// Which requests to list; the policy narrows them to what the caller reads.
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    /// The province; the caller's own when absent.
    pub province: Option<String>,
    /// The day to report on; today when absent.
    pub as_of: Option<NaiveDate>,
    pub department: Option<i64>,
    pub unit: Option<String>,
    pub dossier: Option<i64>,
    /// Only those still open on that day.
    pub open: bool,
    /// Only those open past their due date on that day.
    pub overdue: bool,
}

/// A department's turnaround on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DepartmentTurnaround {
    pub department_id: i64,
    pub department: String,
    pub turnaround: Turnaround,
}

const SELECT: &str = "SELECT r.id, r.province_code, r.dossier_id, r.unit_code, r.requester_id, \
     q.name AS requester, r.department_id, d.name AS department, r.topics, r.text, r.asked_on, \
     r.due_on, r.state, r.closed_on, r.answer, r.answer_documents, r.layer_version_id, \
     r.delay_note, r.expected_on, r.delayed_on, r.version \
     FROM information_requests r JOIN organisations q ON q.id = r.requester_id \
     JOIN organisations d ON d.id = r.department_id";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::corrupt(format!("{what} '{value}'"))
}

fn opt_date(r: &AnyRow, column: &str) -> Result<Option<NaiveDate>> {
    r.try_get::<Option<String>, _>(column)?
        .as_deref()
        .map(parse_date)
        .transpose()
}

/// A row as stored: its state the latest recorded (the use case reads it on a day).
fn from_row(r: &AnyRow) -> Result<InformationRequest> {
    let topics: String = r.try_get("topics")?;
    let documents: String = r.try_get("answer_documents")?;
    let state: String = r.try_get("state")?;
    Ok(InformationRequest {
        id: r.try_get("id")?,
        province_code: r.try_get("province_code")?,
        dossier_id: r.try_get("dossier_id")?,
        unit_code: r.try_get("unit_code")?,
        requester_id: r.try_get("requester_id")?,
        requester: r.try_get("requester")?,
        department_id: r.try_get("department_id")?,
        department: r.try_get("department")?,
        topics: serde_json::from_str(&topics).map_err(|_| corrupt("topics", &topics))?,
        text: r.try_get("text")?,
        asked_on: parse_date(&r.try_get::<String, _>("asked_on")?)?,
        due_on: parse_date(&r.try_get::<String, _>("due_on")?)?,
        state: RequestState::parse(&state).ok_or_else(|| corrupt("request state", &state))?,
        late: false,
        closed_on: opt_date(r, "closed_on")?,
        answer: r.try_get("answer")?,
        answer_documents: serde_json::from_str(&documents)
            .map_err(|_| corrupt("answer documents", &documents))?,
        layer_version_id: r.try_get("layer_version_id")?,
        delay_note: r.try_get("delay_note")?,
        expected_on: opt_date(r, "expected_on")?,
        delayed_on: opt_date(r, "delayed_on")?,
        version: r.try_get("version")?,
    })
}

/// Which rows to read.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestFilter<'a> {
    pub province: Option<&'a str>,
    /// Requests asked on or before this day.
    pub asked_by: Option<NaiveDate>,
    pub department: Option<i64>,
    pub unit: Option<&'a str>,
    pub dossier: Option<i64>,
    /// Those asked by or addressed to this organisation.
    pub organisation: Option<i64>,
}

/// How a request changes: the columns a use case writes.
#[derive(Debug, Clone)]
pub(crate) struct RequestChange<'a> {
    pub state: RequestState,
    pub closed_on: Option<NaiveDate>,
    pub answer: &'a str,
    pub documents: &'a [String],
    pub layer_version_id: Option<i64>,
    pub delay_note: &'a str,
    pub expected_on: Option<NaiveDate>,
    pub delayed_on: Option<NaiveDate>,
}

impl Db {
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_information_request(
        &self,
        tx: &mut Tx,
        province: &str,
        dossier_id: i64,
        unit_code: &str,
        requester_id: i64,
        department_id: i64,
        topics: &[InformationTopic],
        text: &str,
        asked_on: NaiveDate,
        due_on: NaiveDate,
        recorded_at: DateTime<Utc>,
    ) -> Result<i64> {
        // The store's clock, as the progress report's "known at" reads it.
        let now = recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        Ok(sqlx::query_scalar(
            "INSERT INTO information_requests (province_code, dossier_id, unit_code, \
             requester_id, department_id, topics, text, asked_on, due_on, state, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10) \
             RETURNING id",
        )
        .bind(province)
        .bind(dossier_id)
        .bind(unit_code)
        .bind(requester_id)
        .bind(department_id)
        .bind(serde_json::to_string(topics).map_err(StoreError::corrupt)?)
        .bind(text)
        .bind(asked_on.to_string())
        .bind(due_on.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn information_request(&self, id: i64) -> Result<InformationRequest> {
        let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("information request", &id))?;
        from_row(&row)
    }

    pub(crate) async fn information_requests(
        &self,
        f: &RequestFilter<'_>,
    ) -> Result<Vec<InformationRequest>> {
        sqlx::query(&format!(
            "{SELECT} WHERE ($1 IS NULL OR r.province_code = $1) \
             AND ($2 IS NULL OR r.asked_on <= $2) AND ($3 IS NULL OR r.department_id = $3) \
             AND ($4 IS NULL OR r.unit_code = $4) AND ($5 IS NULL OR r.dossier_id = $5) \
             AND ($6 IS NULL OR r.requester_id = $6 OR r.department_id = $6) \
             ORDER BY r.due_on, r.unit_code, r.id"
        ))
        .bind(f.province)
        .bind(f.asked_by.map(|d| d.to_string()))
        .bind(f.department)
        .bind(f.unit)
        .bind(f.dossier)
        .bind(f.organisation)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Writes a change if the request is still at `version`; false if it changed meanwhile.
    pub(crate) async fn change_information_request(
        &self,
        tx: &mut Tx,
        id: i64,
        version: i64,
        c: &RequestChange<'_>,
        recorded_at: DateTime<Utc>,
    ) -> Result<bool> {
        let closed_at = c
            .closed_on
            .map(|_| recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true));
        let done = sqlx::query(
            "UPDATE information_requests SET state = $3, closed_on = $4, closed_at = $5, \
             answer = $6, answer_documents = $7, layer_version_id = $8, delay_note = $9, \
             expected_on = $10, delayed_on = $12, version = version + 1, updated_at = $11 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(c.state.as_str())
        .bind(c.closed_on.map(|d| d.to_string()))
        .bind(closed_at)
        .bind(c.answer)
        .bind(serde_json::to_string(c.documents).map_err(StoreError::corrupt)?)
        .bind(c.layer_version_id)
        .bind(c.delay_note)
        .bind(c.expected_on.map(|d| d.to_string()))
        .bind(now_text())
        .bind(c.delayed_on.map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A layer version's owner and whether it is published: what an answer pointing to it
    /// needs; `None` when there is no such version.
    pub(crate) async fn layer_version_owner(&self, id: i64) -> Result<Option<(i64, bool)>> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT l.owner_org_id, v.published FROM layer_versions v \
             JOIN layers l ON l.id = v.layer_id WHERE v.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(owner, published)| (owner, published != 0)))
    }
}
