//! What the forecast reads, as known at an instant: every dossier's stage spans that began by
//! the day and were recorded by the instant (a span closed on a later day, or by an event
//! recorded later, reads as open), and the blockers and information requests likewise. The
//! whole country is read: a province with too few visits of a stage learns from the others.

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use plantrack_domain::follow_up::BlockerCategory;
use plantrack_domain::forecast::{History, Hold, SpanAt};
use plantrack_domain::plan::PlanType;
use sqlx::Row;

use crate::db::{Backend, Db, parse_date, parse_status};
use crate::dossiers::record_time;
use crate::error::{Result, StoreError};

impl Db {
    /// Every dossier's spans as known at `known_at`, on `as_of`, in order.
    ///
    /// One row per dossier, its spans gathered by the database as a JSON array: the country
    /// holds ~130,000 spans, and a row through the driver costs far more than the database's
    /// own work (one row per span took ≈ 1.4 s of the country's forecast; one per dossier,
    /// ≈ 0.2 s). A dossier's province, unit, plan type and template are its first span's.
    pub(crate) async fn forecast_histories(
        &self,
        as_of: NaiveDate,
        known_at: DateTime<Utc>,
    ) -> Result<Vec<History>> {
        let sql = match self.backend {
            // SQLite gives a bare column's value from the row MIN() picked.
            Backend::Sqlite => {
                "SELECT dossier_id, MIN(seq) AS first_seq, province_code, unit_code, plan_type, \
                 template_key, template_version, \
                 json_group_array(json_array(seq, stage, status, stage_entered_on, from_on, \
                 CASE WHEN to_on <= $1 AND closed_at <= $2 THEN to_on END)) AS spans \
                 FROM stage_spans WHERE from_on <= $1 AND recorded_at <= $2 \
                 GROUP BY dossier_id ORDER BY dossier_id"
            }
            Backend::Postgres => {
                "SELECT dossier_id, \
                 (array_agg(province_code ORDER BY seq))[1] AS province_code, \
                 (array_agg(unit_code ORDER BY seq))[1] AS unit_code, \
                 (array_agg(plan_type ORDER BY seq))[1] AS plan_type, \
                 (array_agg(template_key ORDER BY seq))[1] AS template_key, \
                 (array_agg(template_version ORDER BY seq))[1] AS template_version, \
                 json_agg(json_build_array(seq, stage, status, stage_entered_on, from_on, \
                 CASE WHEN to_on <= $1 AND closed_at <= $2 THEN to_on END) ORDER BY seq)::text \
                 AS spans \
                 FROM stage_spans WHERE from_on <= $1 AND recorded_at <= $2 \
                 GROUP BY dossier_id ORDER BY dossier_id"
            }
        };
        let mut rows = sqlx::query(sql)
            .bind(as_of.to_string())
            .bind(record_time(known_at))
            .fetch(&self.pool);
        let mut out: Vec<History> = Vec::new();
        while let Some(row) = rows.try_next().await? {
            let spans: String = row.try_get("spans")?;
            let plan_type: String = row.try_get("plan_type")?;
            out.push(History {
                dossier: row.try_get("dossier_id")?,
                province: row.try_get("province_code")?,
                unit_code: row.try_get("unit_code")?,
                plan_type: PlanType::parse(&plan_type)
                    .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?,
                template: row.try_get("template_key")?,
                template_version: u32::try_from(row.try_get::<i64, _>("template_version")?)
                    .map_err(StoreError::corrupt)?,
                spans: spans_of_json(&spans)?,
            });
        }
        Ok(out)
    }

    /// Blockers, and information requests as sectoral-information blockers, as known at
    /// `known_at` on `as_of`.
    pub(crate) async fn forecast_holds(
        &self,
        as_of: NaiveDate,
        known_at: DateTime<Utc>,
    ) -> Result<Vec<Hold>> {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT dossier_id, province_code, category, since_on, \
             CASE WHEN lifted_on <= $1 AND lifted_at <= $2 THEN lifted_on END \
             FROM blockers WHERE since_on <= $1 AND recorded_at <= $2 \
             UNION ALL \
             SELECT dossier_id, province_code, 'sectoral_information', asked_on, \
             CASE WHEN closed_on <= $1 AND closed_at <= $2 THEN closed_on END \
             FROM information_requests WHERE asked_on <= $1 AND created_at <= $2",
        )
        .bind(as_of.to_string())
        .bind(record_time(known_at))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(dossier, province, category, since, lifted)| {
                Ok(Hold {
                    dossier,
                    province,
                    category: BlockerCategory::parse(&category)
                        .ok_or_else(|| StoreError::corrupt(format!("blocker '{category}'")))?,
                    since_on: parse_date(&since)?,
                    lifted_on: lifted.as_deref().map(parse_date).transpose()?,
                })
            })
            .collect()
    }

    /// The due date of the province's latest directive issued by `as_of` that is done when
    /// its dossiers leave one of `stages` (the approval stages). A directive counts from the
    /// day it was issued (its row's `created_at` is the server's wall clock, which says when
    /// it was typed in, not what the meeting decided).
    pub(crate) async fn plan_finishing_due(
        &self,
        province: &str,
        stages: &[String],
        as_of: NaiveDate,
    ) -> Result<Option<NaiveDate>> {
        if stages.is_empty() {
            return Ok(None);
        }
        let placeholders: Vec<String> = (0..stages.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "SELECT due_on FROM directives WHERE province_code = $1 AND issued_on <= $2 \
             AND done_when_left IN ({}) \
             ORDER BY issued_on DESC, id DESC LIMIT 1",
            placeholders.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, String>(&sql)
            .bind(province)
            .bind(as_of.to_string());
        for s in stages {
            q = q.bind(s);
        }
        q.fetch_optional(&self.pool)
            .await?
            .as_deref()
            .map(parse_date)
            .transpose()
    }

    /// The first day of any span recorded by `known_at`: when the data begins.
    pub(crate) async fn first_span_known_by(
        &self,
        known_at: DateTime<Utc>,
    ) -> Result<Option<NaiveDate>> {
        let first: Option<String> =
            sqlx::query_scalar("SELECT MIN(from_on) FROM stage_spans WHERE recorded_at <= $1")
                .bind(record_time(known_at))
                .fetch_one(&self.pool)
                .await?;
        first.as_deref().map(parse_date).transpose()
    }

    /// Every unit's name, by code.
    pub(crate) async fn unit_names(&self) -> Result<std::collections::HashMap<String, String>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT code, name_vi FROM units")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }
}

/// A dossier's spans from the JSON array its row carries, in the order of their events.
/// (SQLite's aggregate takes the rows in no promised order, so they are sorted here.)
fn spans_of_json(text: &str) -> Result<Vec<SpanAt>> {
    type Element = (i64, String, String, String, String, Option<String>);
    let mut elements: Vec<Element> = serde_json::from_str(text).map_err(StoreError::corrupt)?;
    elements.sort_by_key(|e| e.0);
    elements
        .into_iter()
        .map(|(_, stage, status, entered, from, to)| {
            Ok(SpanAt {
                stage,
                status: parse_status(&status)?,
                stage_entered_on: parse_date(&entered)?,
                from_on: parse_date(&from)?,
                to_on: to.as_deref().map(parse_date).transpose()?,
            })
        })
        .collect()
}
