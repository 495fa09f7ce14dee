//! The status calls before review meetings, as stored: the call, and one reply per commune
//! asked, filled when it answers.

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::follow_up::{BlockerCategory, ReplyState, StageCheck, StatusReport};
use plantrack_domain::plan::PlanType;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

/// A call for the communes' status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusCall {
    pub id: i64,
    pub province_code: String,
    /// The meeting it prepares, if one.
    pub meeting_id: Option<i64>,
    pub plan_type: PlanType,
    pub asked_on: NaiveDate,
    /// The day the answers are due.
    pub due_on: NaiveDate,
    pub note: String,
}

/// A call to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewStatusCall {
    /// The province; the meeting's, or the caller's own, when absent.
    #[serde(default)]
    pub province: Option<String>,
    /// The meeting it prepares; its campaign is the call's.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub meeting_id: Option<i64>,
    /// The campaign when no meeting is named: commune general plans by default.
    #[serde(default)]
    pub plan_type: Option<PlanType>,
    pub due_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// One commune's reply, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusReply {
    pub id: i64,
    pub call_id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub unit_code: String,
    /// answered, answered_late, awaited or missing.
    pub state: ReplyState,
    pub answered_on: Option<NaiveDate>,
    /// The answer, once given.
    pub report: Option<StatusReport>,
    /// The stage plantrack held when the answer came.
    pub stage_recorded: Option<String>,
    /// The answer's stage against the record's; none before an answer.
    pub check: Option<StageCheck>,
}

/// A call with its replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusCallSheet {
    pub call: StatusCall,
    pub replies: Vec<StatusReply>,
}

fn call_from_row(r: &AnyRow) -> Result<StatusCall> {
    let plan_type: String = r.try_get("plan_type")?;
    Ok(StatusCall {
        id: r.try_get("id")?,
        province_code: r.try_get("province_code")?,
        meeting_id: r.try_get("meeting_id")?,
        plan_type: PlanType::parse(&plan_type)
            .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?,
        asked_on: parse_date(&r.try_get::<String, _>("asked_on")?)?,
        due_on: parse_date(&r.try_get::<String, _>("due_on")?)?,
        note: r.try_get("note")?,
    })
}

fn reply_from_row(r: &AnyRow, due_on: NaiveDate, today: NaiveDate) -> Result<StatusReply> {
    let answered_on = r
        .try_get::<Option<String>, _>("answered_on")?
        .map(|d| parse_date(&d))
        .transpose()?;
    let stage: Option<String> = r.try_get("stage_reported")?;
    let stage_recorded: Option<String> = r.try_get("stage_recorded")?;
    let blocker = r
        .try_get::<Option<String>, _>("blocker")?
        .map(|b| {
            BlockerCategory::parse(&b).ok_or_else(|| StoreError::corrupt(format!("blocker '{b}'")))
        })
        .transpose()?;
    let next_step_on = r
        .try_get::<Option<String>, _>("next_step_on")?
        .map(|d| parse_date(&d))
        .transpose()?;
    // An answer given after `today` (read as of an earlier day) is not yet given.
    let answered_on = answered_on.filter(|a| *a <= today);
    let report = match (answered_on, stage) {
        (Some(_), Some(stage)) => Some(StatusReport {
            stage,
            next_step_on,
            blocker,
            comment: r.try_get("comment")?,
        }),
        _ => None,
    };
    Ok(StatusReply {
        id: r.try_get("id")?,
        call_id: r.try_get("call_id")?,
        organisation_id: r.try_get("organisation_id")?,
        organisation: r.try_get("organisation")?,
        unit_code: r.try_get("unit_code")?,
        state: ReplyState::of(due_on, answered_on, today),
        answered_on,
        check: report
            .as_ref()
            .map(|rep| StageCheck::of(&rep.stage, stage_recorded.as_deref())),
        stage_recorded: report.as_ref().and(stage_recorded),
        report,
    })
}

const CALL_COLUMNS: &str = "id, province_code, meeting_id, plan_type, asked_on, due_on, note";

impl Db {
    pub(crate) async fn insert_status_call(&self, tx: &mut Tx, c: &StatusCall) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO status_calls (province_code, meeting_id, plan_type, asked_on, due_on, \
             note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&c.province_code)
        .bind(c.meeting_id)
        .bind(c.plan_type.as_str())
        .bind(c.asked_on.to_string())
        .bind(c.due_on.to_string())
        .bind(&c.note)
        .bind(crate::db::now_text())
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn insert_status_reply(
        &self,
        tx: &mut Tx,
        call_id: i64,
        organisation_id: i64,
        unit_code: &str,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO status_replies (call_id, organisation_id, unit_code) \
             VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(call_id)
        .bind(organisation_id)
        .bind(unit_code)
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn status_call(&self, id: i64) -> Result<StatusCall> {
        let row = sqlx::query(&format!(
            "SELECT {CALL_COLUMNS} FROM status_calls WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("status call", &id))?;
        call_from_row(&row)
    }

    /// The calls of a province (every province's when none), the latest first.
    pub(crate) async fn status_calls(
        &self,
        province: Option<&str>,
        meeting: Option<i64>,
    ) -> Result<Vec<StatusCall>> {
        sqlx::query(&format!(
            "SELECT {CALL_COLUMNS} FROM status_calls WHERE ($1 IS NULL OR province_code = $1) \
             AND ($2 IS NULL OR meeting_id = $2) ORDER BY asked_on DESC, id DESC"
        ))
        .bind(province)
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(call_from_row)
        .collect()
    }

    /// A call's replies (one organisation's only, when named) as they stood on `today`.
    pub(crate) async fn status_replies(
        &self,
        call: &StatusCall,
        organisation: Option<i64>,
        today: NaiveDate,
    ) -> Result<Vec<StatusReply>> {
        sqlx::query(
            "SELECT r.id, r.call_id, r.organisation_id, o.name AS organisation, r.unit_code, \
             r.answered_on, r.stage_reported, r.stage_recorded, r.next_step_on, r.blocker, \
             r.comment FROM status_replies r JOIN organisations o ON o.id = r.organisation_id \
             WHERE r.call_id = $1 AND ($2 IS NULL OR r.organisation_id = $2) ORDER BY r.unit_code",
        )
        .bind(call.id)
        .bind(organisation)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| reply_from_row(r, call.due_on, today))
        .collect()
    }

    /// The calls an organisation was asked and has not answered.
    pub(crate) async fn unanswered_calls(&self, organisation: i64) -> Result<Vec<StatusCall>> {
        sqlx::query(&format!(
            "SELECT {} FROM status_calls c WHERE EXISTS (SELECT 1 FROM status_replies r \
             WHERE r.call_id = c.id AND r.organisation_id = $1 AND r.answered_on IS NULL) \
             ORDER BY c.due_on, c.id",
            CALL_COLUMNS
                .split(", ")
                .map(|c| format!("c.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .bind(organisation)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(call_from_row)
        .collect()
    }

    /// Writes an answer over the reply's earlier one; false if the organisation was not asked.
    #[allow(clippy::too_many_arguments)] // one column each, in one statement
    pub(crate) async fn answer_status_reply(
        &self,
        tx: &mut Tx,
        call_id: i64,
        organisation_id: i64,
        answered_on: NaiveDate,
        report: &StatusReport,
        stage_recorded: Option<&str>,
        recorded_at: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE status_replies SET answered_on = $3, stage_reported = $4, stage_recorded = $5, \
             next_step_on = $6, blocker = $7, comment = $8, recorded_at = $9 \
             WHERE call_id = $1 AND organisation_id = $2",
        )
        .bind(call_id)
        .bind(organisation_id)
        .bind(answered_on.to_string())
        .bind(&report.stage)
        .bind(stage_recorded)
        .bind(report.next_step_on.map(|d| d.to_string()))
        .bind(report.blocker.map(BlockerCategory::as_str))
        .bind(&report.comment)
        .bind(recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The stage a unit's dossier of a plan type was in on `day`, as known now, if it had
    /// one: what an answer given that day is checked against.
    pub(crate) async fn dossier_stage_on(
        &self,
        unit_code: &str,
        plan_type: &str,
        day: NaiveDate,
    ) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT stage FROM stage_spans WHERE unit_code = $1 AND plan_type = $2 \
             AND from_on <= $3 AND (to_on IS NULL OR to_on > $3) ORDER BY from_on DESC, seq DESC LIMIT 1",
        )
        .bind(unit_code)
        .bind(plan_type)
        .bind(day.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }
}
