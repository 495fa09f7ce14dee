//! Where dossiers stood on a date, as known at an instant. Today's answer as known now comes
//! from the current-state projection; any other from the stage spans, which carry both time
//! axes (see migration 0006). Filters enter the SQL only when given, so each query can use its
//! index (`$1 IS NULL OR col = $1` would make SQLite scan every span).

use std::fmt::Write as _;

use chrono::NaiveDate;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::DossierStatus;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

/// What a report covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub province: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub plan_type: Option<PlanType>,
}

/// A dossier's stage on a date, before the template names it.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionRow {
    pub dossier_id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub plan_type: PlanType,
    pub unit_code: String,
    pub unit_name: String,
    pub province_code: String,
    pub template: String,
    pub template_version: u32,
    pub stage: String,
    pub status: DossierStatus,
    pub stage_entered_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// How many dossiers stood in a stage, counted by the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub plan_type: PlanType,
    pub template: String,
    pub template_version: u32,
    pub stage: String,
    pub count: u64,
    pub on_hold: u64,
    pub overdue: u64,
    pub due_soon: u64,
}

/// The two time axes of a report: the day it describes (valid time) and the instant whose
/// knowledge it reports (record time; `None` for everything recorded so far).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub as_of: NaiveDate,
    pub known_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether the projection answers: the day is today or later and nothing is left out.
    pub current: bool,
}

/// The rows a report reads at a moment: `x` is either the projection or the spans open then.
struct Source {
    from: String,
    conditions: String,
    args: Vec<String>,
}

/// The columns a report reads from a span, under the projection's names.
const SPAN_COLUMNS: &str = "dossier_id, province_code, unit_code, plan_type, template_key, \
     template_version, stage, status, stage_entered_on, due_on";

impl Source {
    fn new(at: &Moment, scope: Scope<'_>) -> Self {
        if at.current {
            let mut source = Source {
                from: "(SELECT id AS dossier_id, province_code, unit_code, plan_type, template_key, template_version, \
                       stage, status, stage_entered_on, due_on FROM dossiers) x"
                    .to_owned(),
                conditions: "1 = 1".to_owned(),
                args: Vec::new(),
            };
            for (column, value) in scope_filters(scope) {
                source.filter(&format!("x.{column}"), value);
            }
            return source;
        }
        // The spans open on the day, as known now, are in the bins that hold the day (see
        // `span_bins`); the bins are numbers the store computed, written into the SQL so that
        // each is one range of the index.
        let bins = crate::span_bins::bins_holding(at.as_of)
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let mut args = vec![at.as_of.to_string()];
        let scoped = |args: &mut Vec<String>| {
            let mut sql = String::new();
            for (column, value) in scope_filters(scope) {
                args.push(value.to_owned());
                let _ = write!(sql, " AND {column} = ${}", args.len());
            }
            sql
        };
        let from = if let Some(known_at) = at.known_at {
            // Recorded by then, and open on the day as far as was known then: a span closed
            // by an event recorded later still stood open at that instant. Those are the
            // spans open on the day as known now, less the ones recorded later, and the
            // spans whose end was recorded later.
            args.push(crate::dossiers::record_time(known_at));
            let filters = scoped(&mut args);
            format!(
                "(SELECT {SPAN_COLUMNS} FROM stage_spans WHERE bin IN ({bins}) AND from_on <= $1 \
                 AND (to_on IS NULL OR to_on > $1) AND recorded_at <= $2{filters} \
                 UNION ALL SELECT {SPAN_COLUMNS} FROM stage_spans WHERE closed_at > $2 \
                 AND to_on <= $1 AND from_on <= $1 AND recorded_at <= $2{filters}) x"
            )
        } else {
            let filters = scoped(&mut args);
            format!(
                "(SELECT {SPAN_COLUMNS} FROM stage_spans WHERE bin IN ({bins}) AND from_on <= $1 \
                 AND (to_on IS NULL OR to_on > $1){filters}) x"
            )
        };
        Source {
            from,
            conditions: "1 = 1".to_owned(),
            args,
        }
    }

    fn filter(&mut self, column: &str, value: &str) {
        self.args.push(value.to_owned());
        let _ = write!(self.conditions, " AND {column} = ${}", self.args.len());
    }

    /// Adds a parameter and returns its placeholder.
    fn arg(&mut self, value: String) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }

    fn query<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for a in &self.args {
            q = q.bind(a.as_str());
        }
        q
    }
}

/// The scope's filters as (column, value).
fn scope_filters(scope: Scope<'_>) -> Vec<(&'static str, &str)> {
    [
        ("province_code", scope.province),
        ("unit_code", scope.unit),
        ("plan_type", scope.plan_type.map(PlanType::as_str)),
    ]
    .into_iter()
    .filter_map(|(column, value)| value.map(|v| (column, v)))
    .collect()
}

fn u64_of(row: &AnyRow, col: &str) -> Result<u64> {
    // SUM comes back as a big integer on both backends once cast; COUNT is already one.
    Ok(row.try_get::<i64, _>(col)?.unsigned_abs())
}

impl Db {
    /// The first day any dossier of the province (or of the country) was in a stage: the day
    /// the data begin. `None` when there is no dossier.
    pub(crate) async fn first_span_day(&self, province: Option<&str>) -> Result<Option<NaiveDate>> {
        let first: Option<String> = match province {
            Some(p) => {
                sqlx::query_scalar("SELECT MIN(from_on) FROM stage_spans WHERE province_code = $1")
                    .bind(p)
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query_scalar("SELECT MIN(from_on) FROM stage_spans")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        first.as_deref().map(parse_date).transpose()
    }

    /// Counts by plan type, template version and stage on `as_of`, with those on hold, overdue
    /// (due before `as_of`) and due soon (due from `as_of` to `soon_until`).
    pub(crate) async fn stage_counts(
        &self,
        at: &Moment,
        scope: Scope<'_>,
        soon_until: NaiveDate,
    ) -> Result<Vec<CountRow>> {
        // Today for a province or the country: the counts the commands keep.
        if at.current && scope.unit.is_none() {
            return self
                .current_stage_counts(scope, &at.as_of.to_string(), &soon_until.to_string())
                .await;
        }
        let mut src = Source::new(at, scope);
        let day = src.arg(at.as_of.to_string());
        let soon = src.arg(soon_until.to_string());
        let sql = format!(
            "SELECT x.plan_type, x.template_key, x.template_version, x.stage, COUNT(*) AS n, \
             CAST(SUM(CASE WHEN x.status = 'on_hold' THEN 1 ELSE 0 END) AS BIGINT) AS on_hold, \
             CAST(SUM(CASE WHEN x.status = 'active' AND x.due_on < {day} THEN 1 ELSE 0 END) AS BIGINT) AS overdue, \
             CAST(SUM(CASE WHEN x.status = 'active' AND x.due_on >= {day} AND x.due_on <= {soon} THEN 1 ELSE 0 END) AS BIGINT) AS due_soon \
             FROM {} WHERE {} GROUP BY x.plan_type, x.template_key, x.template_version, x.stage",
            src.from, src.conditions
        );
        let rows = src.query(&sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let plan_type: String = row.try_get("plan_type")?;
                Ok(CountRow {
                    plan_type: PlanType::parse(&plan_type)
                        .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?,
                    template: row.try_get("template_key")?,
                    template_version: u32::try_from(row.try_get::<i64, _>("template_version")?)
                        .map_err(StoreError::corrupt)?,
                    stage: row.try_get("stage")?,
                    count: u64_of(row, "n")?,
                    on_hold: u64_of(row, "on_hold")?,
                    overdue: u64_of(row, "overdue")?,
                    due_soon: u64_of(row, "due_soon")?,
                })
            })
            .collect()
    }

    /// Each dossier open on `as_of` with the stage it stood in at the end of that day.
    pub(crate) async fn positions(
        &self,
        at: &Moment,
        scope: Scope<'_>,
    ) -> Result<Vec<PositionRow>> {
        self.select_positions(Source::new(at, scope), "").await
    }

    /// The report's lists: active dossiers overdue on `as_of` (most late first) and those due
    /// from `as_of` to `soon_until` (soonest first), each at most `limit` long.
    pub(crate) async fn listed_positions(
        &self,
        at: &Moment,
        scope: Scope<'_>,
        soon_until: NaiveDate,
        limit: Option<usize>,
    ) -> Result<(Vec<PositionRow>, Vec<PositionRow>)> {
        // The same order as the report sorts in, so that a limit cuts the same rows.
        let tail = match limit {
            // SQL's LIMIT is a signed 64-bit number: a larger one means no limit.
            Some(n) => format!(
                " ORDER BY x.due_on, x.unit_code, x.dossier_id LIMIT {}",
                i64::try_from(n).unwrap_or(i64::MAX)
            ),
            None => String::new(),
        };
        let mut overdue = Source::new(at, scope);
        let day = overdue.arg(at.as_of.to_string());
        let _ = write!(
            overdue.conditions,
            " AND x.status = 'active' AND x.due_on < {day}"
        );
        let mut soon = Source::new(at, scope);
        let (day, until) = (
            soon.arg(at.as_of.to_string()),
            soon.arg(soon_until.to_string()),
        );
        let _ = write!(
            soon.conditions,
            " AND x.status = 'active' AND x.due_on >= {day} AND x.due_on <= {until}"
        );
        // On connections of their own, at once: each reads the day's spans.
        tokio::try_join!(
            self.select_positions(overdue, &tail),
            self.select_positions(soon, &tail)
        )
    }

    /// The positions `src` selects; `tail` orders and cuts them before the plan and unit names
    /// are joined, so that a list of the first 100 of thousands of overdue dossiers joins 100.
    async fn select_positions(&self, src: Source, tail: &str) -> Result<Vec<PositionRow>> {
        let sql = format!(
            "SELECT x.dossier_id, p.id AS plan_id, p.name AS plan_name, x.plan_type, x.unit_code, \
             u.name_vi AS unit_name, x.province_code, x.template_key, x.template_version, x.stage, x.status, \
             x.stage_entered_on, x.due_on \
             FROM (SELECT x.dossier_id, x.plan_type, x.unit_code, x.province_code, x.template_key, \
             x.template_version, x.stage, x.status, x.stage_entered_on, x.due_on FROM {} WHERE {}{tail}) x \
             JOIN dossiers d ON d.id = x.dossier_id JOIN plans p ON p.id = d.plan_id \
             JOIN units u ON u.code = x.unit_code",
            src.from, src.conditions
        );
        let rows = src.query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(position_from_row).collect()
    }
}

fn position_from_row(row: &AnyRow) -> Result<PositionRow> {
    let plan_type: String = row.try_get("plan_type")?;
    let status: String = row.try_get("status")?;
    let due: Option<String> = row.try_get("due_on")?;
    Ok(PositionRow {
        dossier_id: row.try_get("dossier_id")?,
        plan_id: row.try_get("plan_id")?,
        plan_name: row.try_get("plan_name")?,
        plan_type: PlanType::parse(&plan_type)
            .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?,
        unit_code: row.try_get("unit_code")?,
        unit_name: row.try_get("unit_name")?,
        province_code: row.try_get("province_code")?,
        template: row.try_get("template_key")?,
        template_version: u32::try_from(row.try_get::<i64, _>("template_version")?)
            .map_err(StoreError::corrupt)?,
        stage: row.try_get("stage")?,
        status: DossierStatus::parse(&status)
            .ok_or_else(|| StoreError::corrupt(format!("status '{status}'")))?,
        stage_entered_on: parse_date(&row.try_get::<String, _>("stage_entered_on")?)?,
        due_on: due.as_deref().map(parse_date).transpose()?,
    })
}
