//! Reading published layers feature by feature: the list of published versions without their
//! features, and pages of a version's features filtered by bounding box in SQL, so that an OGC
//! client paging through a large layer never makes the server read all of it.

use geojson::{Feature, Geometry};
use serde_json::Value;
use sqlx::Row;

use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::layers::LayerRef;

/// The newest published version of a layer, without its features.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedLayer {
    pub layer: LayerRef,
    pub name: String,
    pub version_id: i64,
}

/// A `layer_features` row as the GeoJSON feature it was imported from.
fn feature_of(row: &sqlx::any::AnyRow) -> Result<Feature> {
    let wkb: Vec<u8> = row.try_get("geometry")?;
    let properties: String = row.try_get("properties")?;
    let geometry = plantrack_gis::from_wkb(&wkb).map_err(StoreError::corrupt)?;
    Ok(Feature {
        bbox: None,
        geometry: Some(Geometry::new(geometry)),
        id: Some(geojson::feature::Id::String(row.try_get("feature_id")?)),
        properties: serde_json::from_str(&properties).map_err(StoreError::corrupt)?,
        foreign_members: None,
    })
}

fn json_of(row: &sqlx::any::AnyRow) -> Result<Value> {
    serde_json::to_value(feature_of(row)?).map_err(StoreError::corrupt)
}

/// The box filter of a page: a feature meets the box when their bounding boxes overlap.
const IN_BOX: &str =
    "AND ($2 = 0 OR (min_lon <= $5 AND max_lon >= $3 AND min_lat <= $6 AND max_lat >= $4))";

impl Db {
    /// The newest published version of each of the province's layers, by key.
    pub(crate) async fn published_layer_list(
        &self,
        province_code: &str,
    ) -> Result<Vec<PublishedLayer>> {
        let rows = sqlx::query(
            "SELECT l.key, l.name, v.id, v.version FROM layers l JOIN layer_versions v ON v.layer_id = l.id \
             WHERE l.province_code = $1 AND v.published = 1 \
             AND v.version = (SELECT MAX(p.version) FROM layer_versions p WHERE p.layer_id = l.id AND p.published = 1) \
             ORDER BY l.key",
        )
        .bind(province_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishedLayer {
                    layer: LayerRef {
                        key: r.try_get("key")?,
                        version: r.try_get("version")?,
                    },
                    name: r.try_get("name")?,
                    version_id: r.try_get("id")?,
                })
            })
            .collect()
    }

    /// A page of a layer version's features meeting `bbox` (min lon, min lat, max lon, max
    /// lat), in import order, with how many meet it in all.
    pub(crate) async fn layer_features_page(
        &self,
        version_id: i64,
        bbox: Option<[f64; 4]>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Value>, i64)> {
        let b = bbox.unwrap_or([0.0; 4]);
        let filtered = i64::from(bbox.is_some());
        let count_sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM layer_features WHERE version_id = $1 {IN_BOX}"
        );
        let matched: i64 = sqlx::query_scalar(&count_sql)
            .bind(version_id)
            .bind(filtered)
            .bind(b[0])
            .bind(b[1])
            .bind(b[2])
            .bind(b[3])
            .fetch_one(&self.pool)
            .await?;
        if matched == 0 {
            return Ok((Vec::new(), 0));
        }
        let page_sql = format!(
            "SELECT feature_id, properties, geometry FROM layer_features WHERE version_id = $1 {IN_BOX} \
             ORDER BY seq LIMIT $7 OFFSET $8"
        );
        let rows = sqlx::query(&page_sql)
            .bind(version_id)
            .bind(filtered)
            .bind(b[0])
            .bind(b[1])
            .bind(b[2])
            .bind(b[3])
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let features = rows.iter().map(json_of).collect::<Result<Vec<_>>>()?;
        Ok((features, matched))
    }

    /// One feature of a layer version, by its id.
    pub(crate) async fn layer_feature(
        &self,
        version_id: i64,
        feature_id: &str,
    ) -> Result<Option<Value>> {
        let row = sqlx::query(
            "SELECT feature_id, properties, geometry FROM layer_features \
             WHERE version_id = $1 AND feature_id = $2 ORDER BY seq LIMIT 1",
        )
        .bind(version_id)
        .bind(feature_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(json_of).transpose()
    }

    /// Every feature of a layer version, in import order: what the server's check of a
    /// land-use map reads.
    pub(crate) async fn layer_version_features(&self, version_id: i64) -> Result<Vec<Feature>> {
        sqlx::query(
            "SELECT feature_id, properties, geometry FROM layer_features WHERE version_id = $1 ORDER BY seq",
        )
        .bind(version_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(feature_of)
        .collect()
    }
}
