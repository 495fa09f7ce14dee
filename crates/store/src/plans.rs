//! Plans and the dossiers they open.

use chrono::NaiveDate;
use plantrack_domain::plan::{NewPlan, Plan, PlanBodies, PlanType};
use plantrack_domain::workflow::{DossierEvent, DossierState, DossierStatus, EventKind};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Db, now_text, parse_date};
use crate::dossiers::{PreparedEvent, record_span};
use crate::error::{Result, StoreError};

/// Who opens a dossier and when.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub occurred_on: NaiveDate,
    pub actor: String,
    pub role: String,
    pub reason: String,
    pub acted_by: Option<plantrack_domain::workflow::ActedBy>,
    /// When the opening is recorded: the store's clock.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

const PLAN_COLUMNS: &str = "p.id, p.unit_code, p.plan_type, p.name, p.horizon_year, p.vision_year, p.map_scale, \
     p.area_ha, p.population, p.preparing_body, p.appraising_body, p.approving_body";

fn plan_from_row(row: &AnyRow) -> Result<Plan> {
    let plan_type: String = row.try_get("plan_type")?;
    let opt_i32 = |col: &str| -> Result<Option<i32>> {
        row.try_get::<Option<i64>, _>(col)?
            .map(|v| i32::try_from(v).map_err(|_| StoreError::corrupt(format!("{col} = {v}"))))
            .transpose()
    };
    Ok(Plan {
        id: row.try_get("id")?,
        unit_code: row.try_get("unit_code")?,
        plan_type: PlanType::parse(&plan_type)
            .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?,
        name: row.try_get("name")?,
        horizon_year: opt_i32("horizon_year")?,
        vision_year: opt_i32("vision_year")?,
        map_scale: opt_i32("map_scale")?.map(i32::unsigned_abs),
        area_ha: row.try_get("area_ha")?,
        population: row
            .try_get::<Option<i64>, _>("population")?
            .map(|v| u64::try_from(v).map_err(|_| StoreError::corrupt(format!("population = {v}"))))
            .transpose()?,
        bodies: PlanBodies {
            preparing: row.try_get("preparing_body")?,
            appraising: row.try_get("appraising_body")?,
            approving: row.try_get("approving_body")?,
        },
    })
}

/// One line of the dossier list: the plan, its unit and where its dossier stands now.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DossierSummary {
    pub dossier_id: i64,
    pub plan: Plan,
    pub unit_name: String,
    pub province_code: String,
    pub template: String,
    pub template_version: u32,
    pub stage: String,
    pub status: DossierStatus,
    pub version: u64,
    pub stage_entered_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    pub province_code: Option<String>,
    pub unit_code: Option<String>,
    pub plan_type: Option<PlanType>,
    pub stage: Option<String>,
    /// Only active dossiers whose due date is before this day.
    pub overdue_on: Option<NaiveDate>,
    /// Only dossiers on which this consultant firm is named.
    pub consultant: Option<String>,
    /// Only completed (published) dossiers.
    pub completed_only: bool,
    /// Words to find in the unit's or the plan's name (case-insensitive for unaccented
    /// capitals on SQLite, for all on PostgreSQL).
    pub search: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Db {
    /// Registers a plan and opens its dossier, in one transaction. `opened` builds the opening
    /// event once the plan has its id.
    pub(crate) async fn create_plan(
        &self,
        new: &NewPlan,
        province_code: &str,
        envelope: &Envelope,
        opened: impl FnOnce(i64) -> EventKind,
    ) -> Result<(Plan, DossierState)> {
        let mut tx = self.pool.begin().await?;
        let plan_id = insert_plan(&mut tx, new, &now_text()).await?;
        let kind = opened(plan_id);
        let dossier_id = insert_dossier(
            &mut tx,
            plan_id,
            province_code,
            new,
            &kind,
            envelope.occurred_on,
        )
        .await?;
        let event = DossierEvent {
            dossier_id,
            seq: 1,
            occurred_on: envelope.occurred_on,
            recorded_at: envelope.recorded_at,
            actor: envelope.actor.clone(),
            role: envelope.role.clone(),
            reason: envelope.reason.clone(),
            kind,
            acted_by: envelope.acted_by.clone(),
        };
        let state = DossierState::apply(None, &event)
            .ok_or_else(|| StoreError::corrupt("opening failed"))?;
        let prepared = PreparedEvent::new(&event, "")?;
        crate::dossiers::write_projection(&mut tx, &state, 0, &prepared.hash, None).await?;
        prepared.insert(&mut tx).await?;
        record_span(&mut tx, None, &state, &event).await?;
        tx.commit().await?;
        let plan = self.plan(plan_id).await?;
        Ok((plan, state))
    }

    pub(crate) async fn plan(&self, id: i64) -> Result<Plan> {
        let row = sqlx::query(&format!(
            "SELECT {PLAN_COLUMNS} FROM plans p WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("plan", &id))?;
        plan_from_row(&row)
    }

    /// The dossier id of a plan.
    pub(crate) async fn dossier_of_plan(&self, plan_id: i64) -> Result<i64> {
        sqlx::query_scalar("SELECT id FROM dossiers WHERE plan_id = $1")
            .bind(plan_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("plan", &plan_id))
    }

    /// Current dossiers matching the filter, with the total before paging.
    pub(crate) async fn dossiers(&self, f: &DossierFilter) -> Result<(Vec<DossierSummary>, i64)> {
        let where_sql = "WHERE ($1 IS NULL OR d.province_code = $1) AND ($2 IS NULL OR d.unit_code = $2) \
             AND ($3 IS NULL OR d.plan_type = $3) AND ($4 IS NULL OR d.stage = $4) \
             AND ($5 IS NULL OR (d.status = 'active' AND d.due_on < $5)) \
             AND ($6 IS NULL OR d.consultant = $6) AND ($7 = 0 OR d.status = 'completed') \
             AND ($8 IS NULL OR LOWER(u.name_vi) LIKE $8 OR LOWER(p.name) LIKE $8)";
        let search = f
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let escaped = s.to_lowercase().replace(['%', '_'], "");
                format!("%{escaped}%")
            });
        let overdue = f.overdue_on.map(|d| d.to_string());
        let plan_type = f.plan_type.map(PlanType::as_str);
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM dossiers d JOIN plans p ON p.id = d.plan_id \
                 JOIN units u ON u.code = d.unit_code {where_sql}"
        ))
        .bind(&f.province_code)
        .bind(&f.unit_code)
        .bind(plan_type)
        .bind(&f.stage)
        .bind(&overdue)
        .bind(&f.consultant)
        .bind(i64::from(f.completed_only))
        .bind(&search)
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT d.id AS dossier_id, u.name_vi AS unit_name, d.province_code, d.template_key, d.template_version, \
             d.stage, d.status, d.version, d.stage_entered_on, d.due_on, {PLAN_COLUMNS} \
             FROM dossiers d JOIN plans p ON p.id = d.plan_id JOIN units u ON u.code = d.unit_code \
             {where_sql} ORDER BY d.unit_code, d.id LIMIT $9 OFFSET $10"
        ))
        .bind(&f.province_code)
        .bind(&f.unit_code)
        .bind(plan_type)
        .bind(&f.stage)
        .bind(&overdue)
        .bind(&f.consultant)
        .bind(i64::from(f.completed_only))
        .bind(&search)
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|row| {
                let due: Option<String> = row.try_get("due_on")?;
                Ok(DossierSummary {
                    dossier_id: row.try_get("dossier_id")?,
                    plan: plan_from_row(row)?,
                    unit_name: row.try_get("unit_name")?,
                    province_code: row.try_get("province_code")?,
                    template: row.try_get("template_key")?,
                    template_version: u32::try_from(row.try_get::<i64, _>("template_version")?)
                        .map_err(StoreError::corrupt)?,
                    stage: row.try_get("stage")?,
                    status: crate::db::parse_status(&row.try_get::<String, _>("status")?)?,
                    version: u64::try_from(row.try_get::<i64, _>("version")?)
                        .map_err(StoreError::corrupt)?,
                    stage_entered_on: parse_date(&row.try_get::<String, _>("stage_entered_on")?)?,
                    due_on: due.as_deref().map(parse_date).transpose()?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }
}

impl Db {
    /// The keys of the templates the dossiers within the filter's scope (its province, unit,
    /// consultant and completed-only parts; the rest is ignored) follow, in key order.
    pub(crate) async fn template_keys_in_use(&self, f: &DossierFilter) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT d.template_key FROM dossiers d \
             WHERE ($1 IS NULL OR d.province_code = $1) AND ($2 IS NULL OR d.unit_code = $2) \
             AND ($3 IS NULL OR d.consultant = $3) AND ($4 = 0 OR d.status = 'completed') \
             ORDER BY d.template_key",
        )
        .bind(&f.province_code)
        .bind(&f.unit_code)
        .bind(&f.consultant)
        .bind(i64::from(f.completed_only))
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Inserts a plan's row; returns its id.
pub(crate) async fn insert_plan(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    new: &NewPlan,
    now: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO plans (unit_code, plan_type, name, horizon_year, vision_year, map_scale, area_ha, \
         preparing_body, appraising_body, approving_body, created_at, population) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    // Not cached: the area is an optional float (see `Db::connect`).
    .persistent(false)
    .bind(&new.unit_code)
    .bind(new.plan_type.as_str())
    .bind(new.name.trim())
    .bind(new.horizon_year.map(i64::from))
    .bind(new.vision_year.map(i64::from))
    .bind(new.map_scale.map(i64::from))
    .bind(new.area_ha)
    .bind(&new.bodies.preparing)
    .bind(&new.bodies.appraising)
    .bind(&new.bodies.approving)
    .bind(now)
    .bind(new.population.and_then(|p| i64::try_from(p).ok()))
    .fetch_one(&mut **tx)
    .await?)
}

/// Inserts the row of a plan's dossier, placed as its opening event says; the projection is
/// written once the event is applied. Returns the dossier's id.
pub(crate) async fn insert_dossier(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    plan_id: i64,
    province_code: &str,
    new: &NewPlan,
    opened: &EventKind,
    opened_on: NaiveDate,
) -> Result<i64> {
    let EventKind::Opened {
        template,
        template_version,
        stage,
        ..
    } = opened
    else {
        return Err(StoreError::corrupt(
            "a dossier must open with an Opened event",
        ));
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO dossiers (plan_id, province_code, unit_code, plan_type, template_key, template_version, \
         stage, status, version, stage_entered_on, due_on, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', 0, $8, NULL, '{}') RETURNING id",
    )
    .bind(plan_id)
    .bind(province_code)
    .bind(&new.unit_code)
    .bind(new.plan_type.as_str())
    .bind(template)
    .bind(i64::from(*template_version))
    .bind(stage)
    .bind(opened_on.to_string())
    .fetch_one(&mut **tx)
    .await?)
}
