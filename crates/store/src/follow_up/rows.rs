//! The follow-up tables' reads and writes. Writes take the caller's transaction, so that a
//! use case's rows and its event commit together.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::follow_up::{
    Addressees, BlockerCategory, DueRule, MeetingKind, MeetingState, Recurrence, TaskResolution,
};
use plantrack_domain::plan::PlanType;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Blocker, Conclusion, Directive, Meeting, NewBlocker, NewMeeting};
use crate::db::{Db, now_text, parse_date};
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

const MEETING_COLUMNS: &str = "id, province_code, title, held_on, starts_at, kind, venue, chair, \
     plan_type, connected_units, state, report_known_at, repeat_every_days, repeat_until, repeat_from";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::corrupt(format!("{what} '{value}'"))
}

fn opt_date(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(parse_date).transpose()
}

fn meeting_from_row(r: &AnyRow) -> Result<Meeting> {
    let kind: String = r.try_get("kind")?;
    let state: String = r.try_get("state")?;
    let plan_type: String = r.try_get("plan_type")?;
    let known: Option<String> = r.try_get("report_known_at")?;
    Ok(Meeting {
        id: r.try_get("id")?,
        province_code: r.try_get("province_code")?,
        title: r.try_get("title")?,
        held_on: parse_date(&r.try_get::<String, _>("held_on")?)?,
        starts_at: r.try_get("starts_at")?,
        kind: MeetingKind::parse(&kind).ok_or_else(|| corrupt("meeting kind", &kind))?,
        venue: r.try_get("venue")?,
        chair: r.try_get("chair")?,
        plan_type: PlanType::parse(&plan_type).ok_or_else(|| corrupt("plan type", &plan_type))?,
        connected_units: r.try_get("connected_units")?,
        state: MeetingState::parse(&state).ok_or_else(|| corrupt("meeting state", &state))?,
        report_known_at: known
            .map(|k| {
                DateTime::parse_from_rfc3339(&k)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| corrupt("instant", &k))
            })
            .transpose()?,
        recurrence: recurrence_from_row(r)?,
    })
}

fn recurrence_from_row(r: &AnyRow) -> Result<Option<Recurrence>> {
    let every: Option<i64> = r.try_get("repeat_every_days")?;
    let until: Option<String> = r.try_get("repeat_until")?;
    let from: Option<String> = r.try_get("repeat_from")?;
    match (every, until, from) {
        (Some(every), Some(until), Some(from)) => Ok(Some(Recurrence {
            every_days: u16::try_from(every)
                .map_err(|_| corrupt("recurrence", &every.to_string()))?,
            until: parse_date(&until)?,
            from: parse_date(&from)?,
        })),
        (None, None, None) => Ok(None),
        _ => Err(corrupt("recurrence", "half set")),
    }
}

fn directive_from_row(r: &AnyRow) -> Result<Directive> {
    let rule: String = r.try_get("due_rule")?;
    let addressees: String = r.try_get("addressees")?;
    Ok(Directive {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        conclusion_id: r.try_get("conclusion_id")?,
        province_code: r.try_get("province_code")?,
        text: r.try_get("text")?,
        issuer: r.try_get("issuer")?,
        notice_number: r.try_get("notice_number")?,
        notice_date: opt_date(r.try_get::<Option<String>, _>("notice_date")?.as_deref())?,
        due_rule: DueRule::parse(&rule).map_err(|_| corrupt("due rule", &rule))?,
        due_on: parse_date(&r.try_get::<String, _>("due_on")?)?,
        addressees: serde_json::from_str::<Addressees>(&addressees)
            .map_err(|_| corrupt("addressees", &addressees))?,
        done_when_left: r.try_get("done_when_left")?,
        issued_on: parse_date(&r.try_get::<String, _>("issued_on")?)?,
    })
}

/// Dossiers of one stage one kind of blocker holds back.
#[derive(Debug, Clone)]
pub(crate) struct HeldBack {
    pub plan_type: String,
    pub template: String,
    pub stage: String,
    pub category: String,
    pub count: u64,
}

/// A task as stored, with what its status on a day needs of its directive.
#[derive(Debug, Clone)]
pub(crate) struct TaskRow {
    pub id: i64,
    pub directive_id: i64,
    pub directive_text: String,
    pub done_when_left: Option<String>,
    pub plan_type: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub province_code: String,
    pub unit_code: Option<String>,
    pub due_on: NaiveDate,
    pub resolution: TaskResolution,
    pub resolved_on: Option<NaiveDate>,
    pub evidence: String,
    pub explanation: String,
    pub version: i64,
}

const TASK_SELECT: &str = "SELECT t.id, t.directive_id, d.text AS directive_text, \
     d.done_when_left, m.plan_type, t.organisation_id, o.name AS organisation, t.province_code, \
     t.unit_code, t.due_on, t.resolution, t.resolved_on, t.evidence, t.explanation, t.version \
     FROM tasks t JOIN directives d ON d.id = t.directive_id \
     JOIN meetings m ON m.id = d.meeting_id JOIN organisations o ON o.id = t.organisation_id";

fn task_from_row(r: &AnyRow) -> Result<TaskRow> {
    let resolution: String = r.try_get("resolution")?;
    Ok(TaskRow {
        id: r.try_get("id")?,
        directive_id: r.try_get("directive_id")?,
        directive_text: r.try_get("directive_text")?,
        done_when_left: r.try_get("done_when_left")?,
        plan_type: r.try_get("plan_type")?,
        organisation_id: r.try_get("organisation_id")?,
        organisation: r.try_get("organisation")?,
        province_code: r.try_get("province_code")?,
        unit_code: r.try_get("unit_code")?,
        due_on: parse_date(&r.try_get::<String, _>("due_on")?)?,
        resolution: TaskResolution::parse(&resolution)
            .ok_or_else(|| corrupt("task resolution", &resolution))?,
        resolved_on: opt_date(r.try_get::<Option<String>, _>("resolved_on")?.as_deref())?,
        evidence: r.try_get("evidence")?,
        explanation: r.try_get("explanation")?,
        version: r.try_get("version")?,
    })
}

/// Which task rows to read.
#[derive(Debug, Clone, Default)]
pub(crate) struct TaskFilter<'a> {
    /// A province, or every province (`None`).
    pub province: Option<&'a str>,
    /// Tasks of directives issued on or before this day.
    pub issued_by: NaiveDate,
    pub organisation: Option<i64>,
    pub unit: Option<&'a str>,
    pub directive: Option<i64>,
    /// Only the tasks that could be late on this day: due before it, and not resolved by it.
    pub late_candidates_on: Option<NaiveDate>,
}

fn blocker_from_row(r: &AnyRow) -> Result<Blocker> {
    let category: String = r.try_get("category")?;
    Ok(Blocker {
        id: r.try_get("id")?,
        dossier_id: r.try_get("dossier_id")?,
        category: BlockerCategory::parse(&category)
            .ok_or_else(|| corrupt("blocker category", &category))?,
        organisation_id: r.try_get("organisation_id")?,
        organisation: r.try_get("organisation")?,
        since_on: parse_date(&r.try_get::<String, _>("since_on")?)?,
        note: r.try_get("note")?,
        lifted_on: opt_date(r.try_get::<Option<String>, _>("lifted_on")?.as_deref())?,
    })
}

const BLOCKER_SELECT: &str = "SELECT b.id, b.dossier_id, b.category, b.organisation_id, \
     o.name AS organisation, b.since_on, b.note, b.lifted_on \
     FROM blockers b LEFT JOIN organisations o ON o.id = b.organisation_id";

impl Db {
    pub(crate) async fn insert_meeting(
        &self,
        tx: &mut Tx,
        province: &str,
        m: &NewMeeting,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO meetings (province_code, title, held_on, starts_at, kind, venue, chair, \
             plan_type, connected_units, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10) RETURNING id",
        )
        .bind(province)
        .bind(m.title.trim())
        .bind(m.held_on.to_string())
        .bind(m.starts_at.trim())
        .bind(m.kind.as_str())
        .bind(m.venue.trim())
        .bind(m.chair.trim())
        .bind(m.plan_type.as_str())
        .bind(m.connected_units)
        .bind(now_text())
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn meeting(&self, id: i64) -> Result<Meeting> {
        let row = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("meeting", &id))?;
        meeting_from_row(&row)
    }

    /// A province's meetings, or every province's (`None`), latest first.
    pub(crate) async fn meetings(&self, province: Option<&str>) -> Result<Vec<Meeting>> {
        sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE ($1 IS NULL OR province_code = $1) \
             ORDER BY held_on DESC, id DESC"
        ))
        .bind(province)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(meeting_from_row)
        .collect()
    }

    pub(crate) async fn set_meeting_state(
        &self,
        tx: &mut Tx,
        id: i64,
        from: MeetingState,
        to: MeetingState,
        report_known_at: Option<&str>,
    ) -> Result<()> {
        // The state read is checked again here: two people starting and closing one meeting
        // at once cannot both succeed.
        let done = sqlx::query(
            "UPDATE meetings SET state = $3, \
             report_known_at = COALESCE($4, report_known_at) WHERE id = $1 AND state = $2",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(report_known_at)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(plantrack_domain::DomainError::FollowUp(
                plantrack_domain::follow_up::FollowUpProblem::MeetingCannotBecome { from, to },
            )
            .into());
        }
        Ok(())
    }

    pub(crate) async fn conclusions(&self, meeting_id: i64) -> Result<Vec<Conclusion>> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, position, text, amends_id, amended_on FROM conclusions \
             WHERE meeting_id = $1 ORDER BY position, id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Conclusion {
                    id: r.try_get("id")?,
                    meeting_id: r.try_get("meeting_id")?,
                    position: r.try_get("position")?,
                    text: r.try_get("text")?,
                    amends_id: r.try_get("amends_id")?,
                    amended_on: opt_date(r.try_get::<Option<String>, _>("amended_on")?.as_deref())?,
                })
            })
            .collect()
    }

    pub(crate) async fn insert_conclusion(
        &self,
        tx: &mut Tx,
        meeting_id: i64,
        text: &str,
        amends: Option<(i64, NaiveDate)>,
    ) -> Result<Conclusion> {
        let position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM conclusions WHERE meeting_id = $1",
        )
        .bind(meeting_id)
        .fetch_one(&mut **tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO conclusions (meeting_id, position, text, amends_id, amended_on, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(meeting_id)
        .bind(position)
        .bind(text)
        .bind(amends.map(|a| a.0))
        .bind(amends.map(|a| a.1.to_string()))
        .bind(now_text())
        .fetch_one(&mut **tx)
        .await?;
        Ok(Conclusion {
            id,
            meeting_id,
            position,
            text: text.to_owned(),
            amends_id: amends.map(|a| a.0),
            amended_on: amends.map(|a| a.1),
        })
    }

    pub(crate) async fn insert_directive(&self, tx: &mut Tx, d: &Directive) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO directives (meeting_id, conclusion_id, province_code, text, issuer, \
             notice_number, notice_date, due_rule, due_on, addressees, done_when_left, \
             issued_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(d.meeting_id)
        .bind(d.conclusion_id)
        .bind(&d.province_code)
        .bind(&d.text)
        .bind(&d.issuer)
        .bind(&d.notice_number)
        .bind(d.notice_date.map(|n| n.to_string()))
        .bind(d.due_rule.to_string())
        .bind(d.due_on.to_string())
        .bind(serde_json::to_string(&d.addressees).map_err(StoreError::corrupt)?)
        .bind(&d.done_when_left)
        .bind(d.issued_on.to_string())
        .bind(now_text())
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn directive(&self, id: i64) -> Result<Directive> {
        let row = sqlx::query("SELECT * FROM directives WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("directive", &id))?;
        directive_from_row(&row)
    }

    pub(crate) async fn directives(&self, meeting_id: i64) -> Result<Vec<Directive>> {
        sqlx::query("SELECT * FROM directives WHERE meeting_id = $1 ORDER BY id")
            .bind(meeting_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(directive_from_row)
            .collect()
    }

    pub(crate) async fn insert_task(
        &self,
        tx: &mut Tx,
        directive_id: i64,
        organisation_id: i64,
        province: &str,
        unit_code: Option<&str>,
        due_on: NaiveDate,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO tasks (directive_id, organisation_id, province_code, unit_code, due_on, \
             resolution, updated_at) VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id",
        )
        .bind(directive_id)
        .bind(organisation_id)
        .bind(province)
        .bind(unit_code)
        .bind(due_on.to_string())
        .bind(now_text())
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn task_row(&self, id: i64) -> Result<TaskRow> {
        let row = sqlx::query(&format!("{TASK_SELECT} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("task", &id))?;
        task_from_row(&row)
    }

    pub(crate) async fn task_rows(&self, f: &TaskFilter<'_>) -> Result<Vec<TaskRow>> {
        // Only the filters given are in the statement: `($n IS NULL OR …)` keeps SQLite from
        // using the province's or the organisation's index, and a province's tracker would
        // read every task of the country.
        let mut clauses = vec!["d.issued_on <= $1".to_owned()];
        let mut next = 1;
        let mut clause = |column: &str, given: bool| {
            if given {
                next += 1;
                clauses.push(format!("{column} = ${next}"));
            }
        };
        clause("t.province_code", f.province.is_some());
        clause("t.organisation_id", f.organisation.is_some());
        clause("t.unit_code", f.unit.is_some());
        clause("t.directive_id", f.directive.is_some());
        if f.late_candidates_on.is_some() {
            next += 1;
            clauses.push(format!(
                "t.due_on < ${next} AND (t.resolved_on IS NULL OR t.resolved_on > ${next})"
            ));
        }
        let sql = format!(
            "{TASK_SELECT} WHERE {} \
             ORDER BY t.due_on, t.directive_id, COALESCE(t.unit_code, ''), o.name, t.id",
            clauses.join(" AND ")
        );
        let mut query = sqlx::query(&sql).bind(f.issued_by.to_string());
        if let Some(p) = f.province {
            query = query.bind(p);
        }
        if let Some(o) = f.organisation {
            query = query.bind(o);
        }
        if let Some(u) = f.unit {
            query = query.bind(u);
        }
        if let Some(d) = f.directive {
            query = query.bind(d);
        }
        if let Some(day) = f.late_candidates_on {
            query = query.bind(day.to_string());
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(task_from_row)
            .collect()
    }

    /// Writes a report on a task if it is still at `version`; false if it changed meanwhile.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn update_task(
        &self,
        tx: &mut Tx,
        id: i64,
        version: i64,
        resolution: TaskResolution,
        resolved_on: Option<NaiveDate>,
        evidence: &str,
        explanation: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE tasks SET resolution = $3, resolved_on = $4, evidence = $5, \
             explanation = $6, version = version + 1, updated_at = $7 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(resolution.as_str())
        .bind(resolved_on.map(|d| d.to_string()))
        .bind(evidence)
        .bind(explanation)
        .bind(now_text())
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The day each unit's dossier of `plan_type` first left `stage`, by `as_of` and as known
    /// at `known_at`: what a task "done when the dossier leaves the stage" reads.
    pub(crate) async fn stage_left_on(
        &self,
        province: Option<&str>,
        plan_type: &str,
        stage: &str,
        as_of: NaiveDate,
        known_at: &str,
    ) -> Result<HashMap<String, NaiveDate>> {
        // The province's spans through its index when one is named (an `IS NULL OR` would
        // read the country's).
        let sql = format!(
            "SELECT unit_code, MIN(to_on) FROM stage_spans WHERE {} plan_type = $2 \
             AND stage = $3 AND to_on IS NOT NULL AND to_on <= $4 AND closed_at <= $5 \
             GROUP BY unit_code",
            if province.is_some() {
                "province_code = $1 AND"
            } else {
                "($1 IS NULL OR province_code = $1) AND"
            }
        );
        let rows: Vec<(String, String)> = sqlx::query_as(&sql)
            .bind(province)
            .bind(plan_type)
            .bind(stage)
            .bind(as_of.to_string())
            .bind(known_at)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(unit, day)| Ok((unit, parse_date(&day)?)))
            .collect()
    }

    /// The units with a dossier of `plan_type` in the province: the campaign's communes.
    pub(crate) async fn campaign_units(
        &self,
        province: &str,
        plan_type: &str,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT unit_code FROM dossiers WHERE province_code = $1 AND plan_type = $2 \
             ORDER BY unit_code",
        )
        .bind(province)
        .bind(plan_type)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The units whose dossier of `plan_type` was in `stage` on `day`, as known now.
    pub(crate) async fn units_in_stage(
        &self,
        province: &str,
        plan_type: &str,
        stage: &str,
        day: NaiveDate,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT unit_code FROM stage_spans WHERE province_code = $1 \
             AND plan_type = $2 AND stage = $3 AND from_on <= $4 \
             AND (to_on IS NULL OR to_on > $4) ORDER BY unit_code",
        )
        .bind(province)
        .bind(plan_type)
        .bind(stage)
        .bind(day.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    pub(crate) async fn insert_blocker(
        &self,
        tx: &mut Tx,
        dossier_id: i64,
        province: &str,
        b: &NewBlocker,
        since_on: NaiveDate,
        recorded_at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO blockers (dossier_id, province_code, category, organisation_id, \
             since_on, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(dossier_id)
        .bind(province)
        .bind(b.category.as_str())
        .bind(b.organisation_id)
        .bind(since_on.to_string())
        .bind(b.note.trim())
        .bind(recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn blocker(&self, id: i64) -> Result<Blocker> {
        let row = sqlx::query(&format!("{BLOCKER_SELECT} WHERE b.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("blocker", &id))?;
        blocker_from_row(&row)
    }

    pub(crate) async fn blockers_of(&self, dossier_id: i64) -> Result<Vec<Blocker>> {
        sqlx::query(&format!(
            "{BLOCKER_SELECT} WHERE b.dossier_id = $1 ORDER BY b.since_on, b.id"
        ))
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(blocker_from_row)
        .collect()
    }

    pub(crate) async fn lift_blocker(
        &self,
        tx: &mut Tx,
        id: i64,
        on: NaiveDate,
        recorded_at: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE blockers SET lifted_on = $2, lifted_at = $3 WHERE id = $1 AND lifted_on IS NULL",
        )
        .bind(id)
        .bind(on.to_string())
        .bind(recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Per stage and category, the dossiers in scope held back on `as_of` as known at
    /// `known_at`: what the progress report groups each stage by.
    pub(crate) async fn blocker_counts(
        &self,
        scope: crate::progress::Scope<'_>,
        as_of: NaiveDate,
        known_at: DateTime<Utc>,
    ) -> Result<Vec<HeldBack>> {
        let day = as_of.to_string();
        let known = known_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        // A span or a blocker counts as known at `known_at` if recorded by then; one closed
        // or lifted after it still counts as open, as the report's spans do. An open
        // information request holds its dossier back as sectoral information; a dossier held
        // by both a request and a blocker of that category counts once.
        let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT s.plan_type, s.template_key, s.stage, b.category, \
             COUNT(DISTINCT b.dossier_id) FROM (\
             SELECT dossier_id, category, since_on, recorded_at, lifted_on, lifted_at \
             FROM blockers UNION ALL \
             SELECT dossier_id, 'sectoral_information', asked_on, created_at, closed_on, \
             closed_at FROM information_requests) b \
             JOIN stage_spans s ON s.dossier_id = b.dossier_id \
             AND s.from_on <= $1 AND s.recorded_at <= $2 \
             AND (s.to_on IS NULL OR s.to_on > $1 OR s.closed_at > $2) \
             WHERE b.since_on <= $1 AND b.recorded_at <= $2 \
             AND (b.lifted_on IS NULL OR b.lifted_on > $1 OR b.lifted_at > $2) \
             AND ($3 IS NULL OR s.province_code = $3) AND ($4 IS NULL OR s.unit_code = $4) \
             AND ($5 IS NULL OR s.plan_type = $5) \
             GROUP BY s.plan_type, s.template_key, s.stage, b.category \
             ORDER BY s.plan_type, s.template_key, s.stage, b.category",
        )
        .bind(&day)
        .bind(&known)
        .bind(scope.province)
        .bind(scope.unit)
        .bind(scope.plan_type.map(PlanType::as_str))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(plan_type, template, stage, category, count)| HeldBack {
                plan_type,
                template,
                stage,
                category,
                count: count.max(0) as u64,
            })
            .collect())
    }
}
