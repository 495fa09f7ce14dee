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

use crate::db::{Db, parse_date, parse_status};
use crate::dossiers::record_time;
use crate::error::{Result, StoreError};

impl Db {
    /// Every dossier's spans as known at `known_at`, on `as_of`, in order.
    pub(crate) async fn forecast_histories(
        &self,
        as_of: NaiveDate,
        known_at: DateTime<Utc>,
    ) -> Result<Vec<History>> {
        let day = as_of.to_string();
        let known = record_time(known_at);
        // Rows stream in: the country holds ~130,000 spans.
        let mut rows = sqlx::query(
            "SELECT dossier_id, province_code, unit_code, plan_type, template_key, template_version, \
             stage, status, stage_entered_on, from_on, \
             CASE WHEN to_on <= $1 AND closed_at <= $2 THEN to_on END AS to_on \
             FROM stage_spans WHERE from_on <= $1 AND recorded_at <= $2 \
             ORDER BY dossier_id, seq",
        )
        .bind(&day)
        .bind(&known)
        .fetch(&self.pool);
        let mut out: Vec<History> = Vec::new();
        while let Some(row) = rows.try_next().await? {
            let dossier: i64 = row.try_get("dossier_id")?;
            let to: Option<String> = row.try_get("to_on")?;
            let span = SpanAt {
                stage: row.try_get("stage")?,
                status: parse_status(&row.try_get::<String, _>("status")?)?,
                stage_entered_on: parse_date(&row.try_get::<String, _>("stage_entered_on")?)?,
                from_on: parse_date(&row.try_get::<String, _>("from_on")?)?,
                to_on: to.as_deref().map(parse_date).transpose()?,
            };
            if let Some(h) = out.last_mut().filter(|h| h.dossier == dossier) {
                h.spans.push(span);
                continue;
            }
            let plan_type: String = row.try_get("plan_type")?;
            out.push(History {
                dossier,
                province: row.try_get("province_code")?,
                unit_code: row.try_get("unit_code")?,
                plan_type: PlanType::parse(&plan_type)
                    .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?,
                template: row.try_get("template_key")?,
                template_version: u32::try_from(row.try_get::<i64, _>("template_version")?)
                    .map_err(StoreError::corrupt)?,
                spans: vec![span],
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
