//! Sectoral layers (owned by a department, versioned, published) and the land-use checks a
//! dossier's maps received. The check itself is `plantrack_gis::check`; this module keeps its
//! inputs and results, and runs it on a map a dossier receives.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::Planning;
use crate::db::{Db, now_text};
use crate::error::{Result, StoreError};
use plantrack_domain::DomainError;
use plantrack_gis::check::rules::Rules;
use plantrack_gis::check::{self, Layer};
use plantrack_gis::crs::{Crs, Transformer};

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

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
    /// The check's report (conflicts, layers checked, geometry, balance, services).
    #[schema(value_type = Object)]
    pub report: serde_json::Value,
    pub checked_at: String,
}

/// A key is a short slug: it names the layer in URLs and in reports.
fn validate_key(key: &str) -> Result<()> {
    let ok = (2..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid("key", "2 to 64 characters: a-z, 0-9, '-' and '_'").into())
    }
}

impl Db {
    /// Adds a version of a layer (creating the layer the first time), in one transaction.
    /// Only the department that owns a layer adds versions to it.
    pub async fn add_layer_version(
        &self,
        new: &NewLayerVersion,
        rules: &Rules,
    ) -> Result<LayerRef> {
        validate_key(&new.key)?;
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(DomainError::invalid("name", "1 to 200 characters").into());
        }
        // Read it as the check will: every feature a polygon with a known constraint category.
        let plane = Crs::province_tm3(&new.province_code).unwrap_or(Crs::Vn2000Tm3 {
            central_meridian: 105.0,
        });
        let to_plane = Transformer::new(Crs::Wgs84, plane)?;
        let layer = check::read_layer(
            &new.key,
            &format!("{}.geojson", new.key),
            &new.content,
            rules,
            &to_plane,
        )?;
        let mut categories: Vec<String> =
            layer.features.iter().map(|f| f.category.clone()).collect();
        categories.sort();
        categories.dedup();
        let now = now_text();
        let mut tx = self.pool.begin().await?;
        let existing = sqlx::query("SELECT id, owner_org_id FROM layers WHERE key = $1")
            .bind(&new.key)
            .fetch_optional(&mut *tx)
            .await?;
        let layer_id: i64 = match existing {
            Some(row) => {
                let owner: i64 = row.try_get("owner_org_id")?;
                if owner != new.owner_org_id {
                    return Err(DomainError::invalid(
                        "key",
                        format!("layer '{}' belongs to another department", new.key),
                    )
                    .into());
                }
                let id: i64 = row.try_get("id")?;
                sqlx::query("UPDATE layers SET name = $1 WHERE id = $2")
                    .bind(name)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO layers (key, name, province_code, owner_org_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(&new.key)
                .bind(name)
                .bind(&new.province_code)
                .bind(new.owner_org_id)
                .bind(&now)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let version: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM layer_versions WHERE layer_id = $1",
        )
        .bind(layer_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO layer_versions (layer_id, version, features, categories, content, sha256, uploaded_by, uploaded_at, published) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(layer_id)
        .bind(version)
        .bind(layer.features.len() as i64)
        .bind(categories.join(","))
        .bind(&new.content)
        .bind(sha256_hex(&new.content))
        .bind(&new.uploaded_by)
        .bind(&now)
        .bind(i64::from(new.publish))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(key = %new.key, version, features = layer.features.len(), "layer version added");
        Ok(LayerRef {
            key: new.key.clone(),
            version,
        })
    }

    /// The province's layers, each with its newest and newest published version.
    pub async fn layers(&self, province_code: &str) -> Result<Vec<LayerSummary>> {
        let rows = sqlx::query(
            "SELECT l.key, l.name, l.province_code, o.name AS owner, v.version, v.features, v.categories, \
             v.uploaded_by, v.uploaded_at, \
             (SELECT MAX(p.version) FROM layer_versions p WHERE p.layer_id = l.id AND p.published = 1) AS published_version \
             FROM layers l JOIN organisations o ON o.id = l.owner_org_id \
             JOIN layer_versions v ON v.layer_id = l.id \
             AND v.version = (SELECT MAX(version) FROM layer_versions WHERE layer_id = l.id) \
             WHERE l.province_code = $1 ORDER BY l.key",
        )
        .bind(province_code)
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

    /// The newest published version of each of the province's layers, with its content.
    pub async fn published_layers(
        &self,
        province_code: &str,
    ) -> Result<Vec<(LayerRef, String, String)>> {
        let rows = sqlx::query(
            "SELECT l.key, l.name, v.version, v.content FROM layers l JOIN layer_versions v ON v.layer_id = l.id \
             WHERE l.province_code = $1 AND v.published = 1 \
             AND v.version = (SELECT MAX(p.version) FROM layer_versions p WHERE p.layer_id = l.id AND p.published = 1) \
             ORDER BY l.key",
        )
        .bind(province_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    LayerRef {
                        key: r.try_get("key")?,
                        version: r.try_get("version")?,
                    },
                    r.try_get("name")?,
                    r.try_get("content")?,
                ))
            })
            .collect()
    }

    pub(crate) async fn insert_landuse_check(&self, c: &LanduseCheck) -> Result<()> {
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The checks of a dossier's land-use maps, newest first.
    pub async fn landuse_checks(&self, dossier_id: i64) -> Result<Vec<LanduseCheck>> {
        let rows = sqlx::query(
            "SELECT dossier_id, event_seq, sha256, zones, layers, report, checked_at FROM landuse_checks \
             WHERE dossier_id = $1 ORDER BY event_seq DESC",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let layers: String = r.try_get("layers")?;
                let report: String = r.try_get("report")?;
                Ok(LanduseCheck {
                    dossier_id: r.try_get("dossier_id")?,
                    event_seq: r.try_get("event_seq")?,
                    sha256: r.try_get("sha256")?,
                    zones: r.try_get("zones")?,
                    layers: serde_json::from_str(&layers).map_err(StoreError::corrupt)?,
                    report: serde_json::from_str(&report).map_err(StoreError::corrupt)?,
                    checked_at: r.try_get("checked_at")?,
                })
            })
            .collect()
    }
}

/// A land-use map read and checked, ready to keep.
pub struct CheckedMap {
    pub zones: usize,
    pub layers: Vec<LayerRef>,
    pub report: serde_json::Value,
}

impl Planning {
    /// Checks a land-use map (GeoJSON zones) of a unit in `province_code` against the
    /// province's published layers. A map that cannot be read is refused, naming the feature.
    pub async fn check_landuse_map(&self, province_code: &str, text: &str) -> Result<CheckedMap> {
        let rules = Rules::default_rules();
        let plane = Crs::province_tm3(province_code).ok_or_else(|| {
            DomainError::invalid(
                "province",
                format!("no VN-2000 TM-3 meridian is known for province {province_code}"),
            )
        })?;
        let to_plane = Transformer::new(Crs::Wgs84, plane)?;
        let to_lonlat = Transformer::new(plane, Crs::Wgs84)?;
        let zones = check::read_plan("gis_data.geojson", text, &rules, &to_plane)?;
        let published = self.db.published_layers(province_code).await?;
        let mut refs = Vec::with_capacity(published.len());
        let mut layers: Vec<Layer> = Vec::with_capacity(published.len());
        for (layer_ref, _, content) in &published {
            let file = format!("{}@{}", layer_ref.key, layer_ref.version);
            layers.push(check::read_layer(
                &layer_ref.key,
                &file,
                content,
                &rules,
                &to_plane,
            )?);
            refs.push(layer_ref.clone());
        }
        let crs = format!("VN-2000 / TM-3 (province {province_code})");
        // The overlay is CPU work: keep it off the async workers.
        let report = tokio::task::spawn_blocking(move || {
            let plan = check::Plan {
                boundary: None,
                population: None,
                conflicts_only: false,
            };
            check::full_check(&zones, &layers, &rules, &crs, &to_lonlat, &plan, &|_, _| {})
        })
        .await
        .map_err(|e| StoreError::corrupt(format!("the check stopped: {e}")))??;
        let zones = report.conflicts.zones;
        // Layers with no published version were not checked: say so, apart from those checked.
        let not_checked: Vec<serde_json::Value> = self
            .db
            .layers(province_code)
            .await?
            .into_iter()
            .filter(|l| l.published_version.is_none())
            .map(|l| serde_json::json!({"layer": l.key, "owner": l.owner, "reason": "no published version"}))
            .collect();
        let mut value = serde_json::to_value(&report).map_err(StoreError::corrupt)?;
        value["not_checked"] = serde_json::Value::from(not_checked);
        Ok(CheckedMap {
            zones,
            layers: refs,
            report: value,
        })
    }

    /// Keeps the check of a map attached to a dossier by event `event_seq`.
    pub async fn keep_landuse_check(
        &self,
        dossier_id: i64,
        event_seq: u64,
        sha256: &str,
        checked: CheckedMap,
    ) -> Result<LanduseCheck> {
        let c = LanduseCheck {
            dossier_id,
            event_seq: event_seq as i64,
            sha256: sha256.to_owned(),
            zones: checked.zones as i64,
            layers: checked.layers,
            report: checked.report,
            checked_at: now_text(),
        };
        self.db.insert_landuse_check(&c).await?;
        Ok(c)
    }
}
