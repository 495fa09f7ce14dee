//! Where every dossier stood on a date, read from the stage spans in one query.

use chrono::NaiveDate;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::DossierStatus;
use sqlx::Row;

use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

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

impl Db {
    /// Every dossier open on `as_of`, with the stage it stood in at the end of that day.
    pub async fn positions(
        &self,
        as_of: NaiveDate,
        province: Option<&str>,
        unit: Option<&str>,
        plan_type: Option<PlanType>,
    ) -> Result<Vec<PositionRow>> {
        let rows = sqlx::query(
            "SELECT s.dossier_id, d.plan_id, p.name AS plan_name, s.plan_type, d.unit_code, u.name_vi AS unit_name, \
             s.province_code, d.template_key, d.template_version, s.stage, s.status, s.stage_entered_on, s.due_on \
             FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id JOIN plans p ON p.id = d.plan_id \
             JOIN units u ON u.code = d.unit_code \
             WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1) \
             AND ($2 IS NULL OR s.province_code = $2) AND ($3 IS NULL OR s.plan_type = $3) \
             AND ($4 IS NULL OR d.unit_code = $4)",
        )
        .bind(as_of.to_string())
        .bind(province)
        .bind(plan_type.map(PlanType::as_str))
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
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
            })
            .collect()
    }
}
