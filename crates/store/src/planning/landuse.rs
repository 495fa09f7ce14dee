//! Land-use maps: the server's check of a map a dossier receives, and the maps of approved
//! plans that the public OGC collection serves.

use plantrack_domain::DomainError;
use plantrack_gis::check::rules::Rules;
use plantrack_gis::check::{self, Layer};
use plantrack_gis::crs::{Crs, Transformer};

use super::Planning;
use crate::error::{Result, StoreError};
use crate::layers::*;

impl Planning {
    /// Checks a land-use map (GeoJSON zones) of unit `unit_code` in `province_code` against the
    /// province's published layers and, when the unit's boundary was imported, against that
    /// boundary (the coverage); the balance in m² per person when the plan's `population` is
    /// given. A map that cannot be read is refused, naming the feature.
    pub(crate) async fn check_landuse_map(
        &self,
        province_code: &str,
        unit_code: &str,
        population: Option<u64>,
        text: &str,
    ) -> Result<CheckedMap> {
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
        let boundary = self
            .unit_plane_boundary(unit_code, &rules, &to_plane)
            .await?;
        let published = self.db.published_layer_list(province_code).await?;
        let mut refs = Vec::with_capacity(published.len());
        let mut layers: Vec<Layer> = Vec::with_capacity(published.len());
        for p in published {
            let file = format!("{}@{}", p.layer.key, p.layer.version);
            let features = self.db.layer_version_features(p.version_id).await?;
            let features = features
                .iter()
                .enumerate()
                .map(|(i, f)| check::constraint_feature(&file, i, f, &rules, &to_plane))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            layers.push(Layer {
                name: p.layer.key.clone(),
                file,
                features,
            });
            refs.push(p.layer);
        }
        let crs = format!("VN-2000 / TM-3 (province {province_code})");
        // The overlay is CPU work: keep it off the async workers.
        let report = tokio::task::spawn_blocking(move || {
            let plan = check::Plan {
                boundary: boundary.as_ref(),
                population,
                conflicts_only: false,
            };
            check::full_check(&zones, &layers, &rules, &crs, &to_lonlat, &plan, &|_, _| {})
        })
        .await
        .map_err(|e| StoreError::corrupt(format!("the check stopped: {e}")))??;
        let zones = report.conflicts.zones;
        // Layers with no published version were not checked: say so, apart from those checked.
        let not_checked = self
            .db
            .layers(province_code, false)
            .await?
            .into_iter()
            .filter(|l| l.published_version.is_none())
            .map(|l| NotChecked {
                layer: l.key,
                owner: l.owner,
                reason: NotCheckedReason::NoPublishedVersion,
            })
            .collect();
        Ok(CheckedMap {
            zones,
            layers: refs,
            report: LanduseReport {
                check: report,
                not_checked,
            },
        })
    }
}

impl Planning {
    /// The unit's stored boundary in the province's plane, for a map's coverage; none when
    /// no boundary was imported. A stored boundary that no longer reads is the store's fault,
    /// not the uploader's: it is logged and the coverage left unmeasured ("no data").
    async fn unit_plane_boundary(
        &self,
        unit_code: &str,
        rules: &Rules,
        to_plane: &Transformer,
    ) -> Result<Option<geo::MultiPolygon<f64>>> {
        let Some(wkb) = self.db.unit_boundary(unit_code).await? else {
            return Ok(None);
        };
        let read = plantrack_gis::wkb::from_wkb(&wkb)
            .map_err(|e| e.to_string())
            .and_then(|geometry| {
                let collection = serde_json::json!({
                    "type": "FeatureCollection",
                    "features": [{"type": "Feature", "properties": {}, "geometry": geometry}],
                });
                check::read_boundary("unit.geojson", &collection.to_string(), rules, to_plane)
                    .map_err(|e| e.to_string())
            });
        match read {
            Ok(boundary) => Ok(Some(boundary)),
            Err(error) => {
                tracing::error!(%error, unit_code, "the unit's stored boundary does not read");
                Ok(None)
            }
        }
    }

    /// The newest land-use map of every dossier (or of one) whose plan its template counts as
    /// approved (see [`plantrack_domain::workflow::Template::is_approved`]).
    pub async fn approved_landuse_maps(&self, dossier: Option<i64>) -> Result<Vec<ApprovedMap>> {
        let candidates = self.db.newest_landuse_maps(dossier).await?;
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let left_on = self.db.stages_left_on(dossier).await?;
        let mut maps = Vec::new();
        for c in candidates {
            let version = u32::try_from(c.template_version).map_err(StoreError::corrupt)?;
            let template = self.template(&c.template_key, Some(version))?;
            let status = c.status;
            if !template.is_approved(&c.stage, status) {
                continue;
            }
            let mut map = c.map;
            map.approved_on = template
                .approved_after
                .as_ref()
                .and_then(|stage| left_on.get(&(map.dossier_id, stage.clone())))
                .map(|day| crate::db::parse_date(day))
                .transpose()?;
            maps.push(map);
        }
        Ok(maps)
    }

    /// The zones of the approved land-use maps (see [`Planning::approved_landuse_maps`]), read
    /// from the document store, in dossier then map order. A map missing from the store or no
    /// longer readable is left out and logged: one lost file does not hide the others.
    pub async fn approved_landuse_zones(
        &self,
        documents: &crate::blobs::BlobStore,
        dossier: Option<i64>,
    ) -> Result<Vec<LanduseZone>> {
        let mut zones = Vec::new();
        for map in self.approved_landuse_maps(dossier).await? {
            // A map may be GeoJSON, a zipped Shapefile or a DXF drawing; those that say no
            // coordinate system are in the province's TM-3 plane, as when they were checked.
            let options = plantrack_gis::import::ImportOptions {
                crs: match self.province_of(&map.unit_code).await {
                    Ok(province) => plantrack_gis::crs::Crs::province_tm3(&province),
                    Err(_) => None,
                },
                archive_limits: self.archive_limits,
                ..Default::default()
            };
            let text = match documents.read(&map.sha256).await {
                Ok(bytes) => tokio::task::spawn_blocking(move || {
                    plantrack_gis::import::stored_to_geojson(&bytes, &options)
                        .map_err(|e| e.to_string())
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
                .map(|read| {
                    for warning in read.warnings {
                        tracing::warn!(sha256 = %map.sha256, "{warning}");
                    }
                    read.value
                }),
                Err(e) => Err(e.to_string()),
            };
            let parsed = text.and_then(|t| {
                serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string())
            });
            match parsed {
                Ok(value) => zones.extend(map_zones(&std::sync::Arc::new(map), value)),
                Err(e) => {
                    tracing::error!(error = %e, dossier = map.dossier_id, sha256 = %map.sha256,
                        "an approved land-use map cannot be read from the document store");
                }
            }
        }
        Ok(zones)
    }
}
