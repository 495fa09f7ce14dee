//! Sectoral layers (owned by a department, versioned, published) and the land-use checks a
//! dossier's maps received. The check itself is `plantrack_gis::check`; this module keeps its
//! inputs and results, and runs it on a map a dossier receives.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::db::Db;
use crate::error::{Result, StoreError};
use plantrack_gis::check::{self};

/// A layer with its newest version and its newest published version.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LayerSummary {
    pub key: String,
    pub name: String,
    pub province_code: String,
    pub owner: String,
    pub latest_version: i64,
    pub published_version: Option<i64>,
    pub features: i64,
    pub categories: Vec<String>,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A layer version as a check uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LayerRef {
    pub key: String,
    pub version: i64,
}

/// A new version of a department's layer: a GeoJSON FeatureCollection of constraints.
#[derive(Debug, Clone)]
pub struct NewLayerVersion {
    pub key: String,
    pub name: String,
    pub province_code: String,
    pub owner_org_id: i64,
    pub content: String,
    pub uploaded_by: String,
    pub publish: bool,
}

/// What the server's check of a land-use map found: the whole check, and the province's
/// layers it could not use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanduseReport {
    #[serde(flatten)]
    pub check: check::FullReport,
    #[serde(default)]
    pub not_checked: Vec<NotChecked>,
}

/// A layer of the province a check could not use, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotChecked {
    pub layer: String,
    /// The department that owns it.
    pub owner: String,
    pub reason: NotCheckedReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotCheckedReason {
    /// The layer has versions, none of them published.
    #[serde(rename = "no published version")]
    NoPublishedVersion,
}

/// A check the server ran on a land-use map a dossier received.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LanduseCheck {
    pub dossier_id: i64,
    /// The event that attached the map.
    pub event_seq: i64,
    pub sha256: String,
    pub zones: i64,
    /// The published layer versions it was checked against.
    pub layers: Vec<LayerRef>,
    /// The check's report (conflicts, layers checked, geometry, balance, services, and the
    /// layers that could not be checked).
    #[schema(value_type = Object)]
    pub report: LanduseReport,
    pub checked_at: String,
}

/// Keeps the check of a land-use map, in the transaction of the event that attached it.
pub(crate) async fn insert_landuse_check(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    c: &LanduseCheck,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO landuse_checks (dossier_id, event_seq, sha256, zones, layers, report, checked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c.dossier_id)
    .bind(c.event_seq)
    .bind(&c.sha256)
    .bind(c.zones)
    .bind(serde_json::to_string(&c.layers).map_err(StoreError::corrupt)?)
    .bind(serde_json::to_string(&c.report).map_err(StoreError::corrupt)?)
    .bind(&c.checked_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// The province's layers, each with its newest and newest published version; with
    /// `published_only`, only the layers that have a published version, each shown as its
    /// newest published one (its drafts are not shown at all).
    pub(crate) async fn layers(
        &self,
        province_code: &str,
        published_only: bool,
    ) -> Result<Vec<LayerSummary>> {
        let rows = sqlx::query(
            "SELECT l.key, l.name, l.province_code, o.name AS owner, v.version, v.features, v.categories, \
             v.uploaded_by, v.uploaded_at, \
             (SELECT MAX(p.version) FROM layer_versions p WHERE p.layer_id = l.id AND p.published = 1) AS published_version \
             FROM layers l JOIN organisations o ON o.id = l.owner_org_id \
             JOIN layer_versions v ON v.layer_id = l.id \
             AND v.version = (SELECT MAX(version) FROM layer_versions WHERE layer_id = l.id AND importing = 0 \
               AND ($2 = 0 OR published = 1)) \
             WHERE l.province_code = $1 ORDER BY l.key",
        )
        .bind(province_code)
        .bind(i64::from(published_only))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let categories: String = r.try_get("categories")?;
                Ok(LayerSummary {
                    key: r.try_get("key")?,
                    name: r.try_get("name")?,
                    province_code: r.try_get("province_code")?,
                    owner: r.try_get("owner")?,
                    latest_version: r.try_get("version")?,
                    published_version: r.try_get("published_version")?,
                    features: r.try_get("features")?,
                    categories: categories
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    uploaded_by: r.try_get("uploaded_by")?,
                    uploaded_at: r.try_get("uploaded_at")?,
                })
            })
            .collect()
    }

    /// The checks of a dossier's land-use maps, newest first.
    pub(crate) async fn landuse_checks(&self, dossier_id: i64) -> Result<Vec<LanduseCheck>> {
        let rows = sqlx::query(
            "SELECT dossier_id, event_seq, sha256, zones, layers, report, checked_at FROM landuse_checks \
             WHERE dossier_id = $1 ORDER BY event_seq DESC",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| check_of_row(r).map(|(check, _)| check))
            .collect()
    }

    /// The checks of a dossier's land-use maps, newest first, each parsed once in the
    /// process: what the appraisal reads on every page.
    pub(crate) async fn landuse_checks_kept(
        &self,
        dossier_id: i64,
    ) -> Result<Vec<std::sync::Arc<LanduseCheck>>> {
        let keys: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT event_seq, sha256, checked_at FROM landuse_checks WHERE dossier_id = $1 \
             ORDER BY event_seq DESC",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        let mut checks = Vec::with_capacity(keys.len());
        for (event_seq, sha256, checked_at) in keys {
            checks.push(
                self.landuse_check_kept(dossier_id, event_seq, &sha256, &checked_at)
                    .await?,
            );
        }
        Ok(checks)
    }

    /// The check of the map that `event_seq` attached to the dossier, stored with `sha256`
    /// at `checked_at`: from memory when kept, else read, parsed and kept.
    pub(crate) async fn landuse_check_kept(
        &self,
        dossier_id: i64,
        event_seq: i64,
        sha256: &str,
        checked_at: &str,
    ) -> Result<std::sync::Arc<LanduseCheck>> {
        if let Some(check) = self.checks.get(dossier_id, event_seq, sha256, checked_at) {
            return Ok(check);
        }
        let row = sqlx::query(
            "SELECT dossier_id, event_seq, sha256, zones, layers, report, checked_at FROM landuse_checks \
             WHERE dossier_id = $1 AND event_seq = $2",
        )
        .bind(dossier_id)
        .bind(event_seq)
        .fetch_one(&self.pool)
        .await?;
        let (check, bytes) = check_of_row(&row)?;
        let check = std::sync::Arc::new(check);
        self.checks.put(std::sync::Arc::clone(&check), bytes);
        Ok(check)
    }
}

/// A stored check and the length of its stored report.
fn check_of_row(r: &sqlx::any::AnyRow) -> Result<(LanduseCheck, usize)> {
    let layers: String = r.try_get("layers")?;
    let report: String = r.try_get("report")?;
    Ok((
        LanduseCheck {
            dossier_id: r.try_get("dossier_id")?,
            event_seq: r.try_get("event_seq")?,
            sha256: r.try_get("sha256")?,
            zones: r.try_get("zones")?,
            layers: serde_json::from_str(&layers).map_err(StoreError::corrupt)?,
            report: serde_json::from_str(&report).map_err(StoreError::corrupt)?,
            checked_at: r.try_get("checked_at")?,
        },
        report.len(),
    ))
}

/// A land-use map read and checked, ready to keep.
pub(crate) struct CheckedMap {
    pub zones: usize,
    pub layers: Vec<LayerRef>,
    pub report: LanduseReport,
}

/// The newest land-use map of a dossier whose plan is approved: what the public `landuse`
/// collection shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedMap {
    pub dossier_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub plan_type: String,
    /// The day the dossier left its template's approval stage, as its history records.
    pub approved_on: Option<chrono::NaiveDate>,
    pub sha256: String,
}

/// One zone of an approved land-use map.
#[derive(Debug, Clone)]
pub struct LanduseZone {
    /// `<dossier>-<zone>`, unique in the collection.
    pub id: String,
    /// The zone's id in its map (as the check names it: its GeoJSON id, or `#<n>`).
    pub zone: String,
    pub category: String,
    /// GeoJSON geometry, WGS 84.
    pub geometry: serde_json::Value,
    pub map: std::sync::Arc<ApprovedMap>,
}

/// A dossier's newest checked map, with where the dossier stands.
pub(crate) struct NewestMap {
    pub(crate) map: ApprovedMap,
    pub(crate) template_key: String,
    pub(crate) template_version: i64,
    pub(crate) stage: String,
    pub(crate) status: plantrack_domain::workflow::DossierStatus,
}

impl Db {
    /// The newest checked land-use map of every dossier (or of one), with the dossier's
    /// template, stage and status, in dossier order.
    pub(crate) async fn newest_landuse_maps(&self, dossier: Option<i64>) -> Result<Vec<NewestMap>> {
        let filter = if dossier.is_some() {
            " AND c.dossier_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT c.dossier_id, c.sha256, d.unit_code, u.name_vi, d.plan_type, d.template_key, \
             d.template_version, d.stage, d.status FROM landuse_checks c \
             JOIN dossiers d ON d.id = c.dossier_id JOIN units u ON u.code = d.unit_code \
             WHERE c.event_seq = (SELECT MAX(x.event_seq) FROM landuse_checks x WHERE x.dossier_id = c.dossier_id)\
             {filter} ORDER BY c.dossier_id"
        );
        let mut query = sqlx::query(&sql);
        if let Some(id) = dossier {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(NewestMap {
                    map: ApprovedMap {
                        dossier_id: r.try_get("dossier_id")?,
                        unit_code: r.try_get("unit_code")?,
                        unit_name: r.try_get("name_vi")?,
                        plan_type: r.try_get("plan_type")?,
                        approved_on: None,
                        sha256: r.try_get("sha256")?,
                    },
                    template_key: r.try_get("template_key")?,
                    template_version: r.try_get("template_version")?,
                    stage: r.try_get("stage")?,
                    status: crate::db::parse_status(&r.try_get::<String, _>("status")?)?,
                })
            })
            .collect()
    }

    /// The day each dossier with a checked map (or one dossier) last left each stage.
    pub(crate) async fn stages_left_on(
        &self,
        dossier: Option<i64>,
    ) -> Result<std::collections::HashMap<(i64, String), String>> {
        let filter = if dossier.is_some() {
            "dossier_id = $1"
        } else {
            "dossier_id IN (SELECT dossier_id FROM landuse_checks)"
        };
        let sql = format!(
            "SELECT dossier_id, stage, MAX(to_on) AS left_on FROM stage_spans \
             WHERE to_on IS NOT NULL AND {filter} GROUP BY dossier_id, stage"
        );
        let mut query = sqlx::query(&sql);
        if let Some(id) = dossier {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    (r.try_get("dossier_id")?, r.try_get("stage")?),
                    r.try_get("left_on")?,
                ))
            })
            .collect()
    }
}

/// The zones of one map, named as the check names them; a zone id met twice gets its position
/// appended, so that every feature id stays unique.
pub(crate) fn map_zones(
    map: &std::sync::Arc<ApprovedMap>,
    mut value: serde_json::Value,
) -> Vec<LanduseZone> {
    let features = match value.get_mut("features") {
        Some(serde_json::Value::Array(list)) => std::mem::take(list),
        _ => Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    features
        .into_iter()
        .enumerate()
        .map(|(index, mut f)| {
            let zone = match &f["id"] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => format!("#{}", index + 1),
            };
            let mut id = format!("{}-{zone}", map.dossier_id);
            while !seen.insert(id.clone()) {
                let _ = write!(id, "#{}", index + 1);
            }
            LanduseZone {
                id,
                category: f["properties"]["category"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                geometry: f["geometry"].take(),
                zone,
                map: map.clone(),
            }
        })
        .collect()
}
