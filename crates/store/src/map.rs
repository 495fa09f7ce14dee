//! The province map: every commune-level unit's boundary, simplified for display, with where
//! its plan of one type stood on a date — what the dashboard colours.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use geojson::{Feature, FeatureCollection, Geometry};
use plantrack_domain::plan::PlanType;
use serde_json::{Map, Value};
use sqlx::Row;

use crate::Planning;
use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::planning::ProgressQuery;

/// Simplification for a province map: 0.0005° (about 50 m) and 5 decimals (about 1 m).
const TOLERANCE_DEGREES: f64 = 0.0005;
const DECIMALS: i32 = 5;

/// A province's units with their boundaries simplified for display.
pub(crate) type DisplayUnits = Arc<Vec<(String, String, String, geojson::GeometryValue)>>;

/// Simplifying 38 detailed boundaries takes most of a map request; boundaries change only
/// when units are imported. The cache is cleared by an import in this process, and checked
/// against the stored boundaries' count and total size, so that an import by another
/// process (the CLI beside a running server) is seen too.
pub(crate) type BoundaryCache = Arc<Mutex<HashMap<String, ((i64, i64), DisplayUnits)>>>;

impl Db {
    /// Forgets the simplified boundaries (after an import of units).
    pub(crate) fn forget_display_boundaries(&self) {
        if let Ok(mut cache) = self.display_boundaries.lock() {
            cache.clear();
        }
    }

    /// The province's units simplified for display, from the cache when still current.
    async fn display_units(&self, province: &str) -> Result<DisplayUnits> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(LENGTH(boundary)), 0) AS BIGINT) AS bytes \
             FROM units WHERE parent_code = $1 AND boundary IS NOT NULL",
        )
        .bind(province)
        .fetch_one(&self.pool)
        .await?;
        let fingerprint: (i64, i64) = (row.try_get("n")?, row.try_get("bytes")?);
        if let Ok(cache) = self.display_boundaries.lock()
            && let Some((seen, units)) = cache.get(province)
            && *seen == fingerprint
        {
            return Ok(units.clone());
        }
        let mut units = Vec::new();
        for (code, name, kind, wkb) in self.unit_boundaries(province).await? {
            let geometry = plantrack_gis::wkb::from_wkb(&wkb)
                .map_err(|e| StoreError::corrupt(format!("boundary of {code}: {e}")))?;
            let simplified =
                plantrack_gis::simplify::simplify(&geometry, TOLERANCE_DEGREES, DECIMALS);
            units.push((code, name, kind, simplified));
        }
        let units = Arc::new(units);
        if let Ok(mut cache) = self.display_boundaries.lock() {
            cache.insert(province.to_owned(), (fingerprint, units.clone()));
        }
        Ok(units)
    }

    /// The boundaries of a province's commune-level units, as stored (WKB).
    pub(crate) async fn unit_boundaries(
        &self,
        province: &str,
    ) -> Result<Vec<(String, String, String, Vec<u8>)>> {
        let rows = sqlx::query(
            "SELECT code, name_vi, kind, boundary FROM units WHERE parent_code = $1 AND boundary IS NOT NULL ORDER BY code",
        )
        .bind(province)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("code")?,
                    r.try_get("name_vi")?,
                    r.try_get("kind")?,
                    r.try_get("boundary")?,
                ))
            })
            .collect()
    }
}

impl Planning {
    /// A GeoJSON FeatureCollection of the province's units, each with `code`, `name`, `kind`
    /// and, when the unit has a plan of `plan_type`, its `dossier_id`, `stage`, `stage_name`,
    /// `stage_order`, `status` and `deadline` on `as_of` (today by default).
    pub async fn province_map(
        &self,
        caller: plantrack_domain::access::Caller<'_>,
        province: &str,
        as_of: Option<NaiveDate>,
        plan_type: PlanType,
        lang: plantrack_domain::Language,
    ) -> Result<FeatureCollection> {
        self.may_read_progress(caller, Some(province), None).await?;
        let report = self
            .report(&ProgressQuery {
                as_of,
                province: Some(province.to_owned()),
                plan_type: Some(plan_type),
                lang,
                with_units: Some(true),
                ..Default::default()
            })
            .await?;
        let mut features = Vec::new();
        for (code, name, kind, simplified) in self.db.display_units(province).await?.iter() {
            let mut properties = Map::new();
            properties.insert("code".into(), Value::from(code.clone()));
            properties.insert("name".into(), Value::from(name.clone()));
            properties.insert("kind".into(), Value::from(kind.clone()));
            // A unit may have several plans of a type; the map shows the one least advanced.
            let plan = report
                .units
                .iter()
                .find(|u| u.unit_code == *code)
                .and_then(|u| u.plans.iter().min_by_key(|p| p.stage_order));
            if let Some(p) = plan {
                properties.insert("dossier_id".into(), Value::from(p.dossier_id));
                properties.insert("stage".into(), Value::from(p.stage.clone()));
                properties.insert("stage_name".into(), Value::from(p.stage_name.clone()));
                properties.insert("stage_order".into(), Value::from(p.stage_order));
                properties.insert("status".into(), Value::from(p.status.as_str()));
                properties.insert("deadline".into(), Value::from(p.deadline.status.as_str()));
            }
            features.push(Feature {
                bbox: None,
                geometry: Some(Geometry::new(simplified.clone())),
                id: Some(geojson::feature::Id::String(code.clone())),
                properties: Some(properties),
                foreign_members: None,
            });
        }
        Ok(FeatureCollection {
            bbox: None,
            features,
            foreign_members: None,
        })
    }
}
