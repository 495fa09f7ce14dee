//! Units as features for OGC API – Features: their boundaries as stored, filtered by a
//! bounding box and paged.

use sqlx::Row;

use crate::db::Db;
use crate::error::Result;

/// A unit with its boundary (WKB, WGS 84).
#[derive(Debug, Clone)]
pub struct UnitFeature {
    pub code: String,
    pub parent_code: Option<String>,
    pub kind: String,
    pub name: String,
    pub full_name: String,
    pub area_km2: Option<f64>,
    pub boundary: Vec<u8>,
}

const COLUMNS: &str = "code, parent_code, kind, name_vi, full_name, area_km2, boundary";

fn from_row(r: &sqlx::any::AnyRow) -> Result<UnitFeature> {
    Ok(UnitFeature {
        code: r.try_get("code")?,
        parent_code: r.try_get("parent_code")?,
        kind: r.try_get("kind")?,
        name: r.try_get("name_vi")?,
        full_name: r.try_get("full_name")?,
        area_km2: r.try_get("area_km2")?,
        boundary: r.try_get("boundary")?,
    })
}

impl Db {
    /// Units with a boundary whose bounding box meets `bbox` (min lon, min lat, max lon,
    /// max lat), in code order, with the number matched before paging.
    pub(crate) async fn unit_features(
        &self,
        bbox: Option<[f64; 4]>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<UnitFeature>, i64)> {
        // The box is four numbers checked by the caller; binding them keeps the SQL fixed.
        let filter = if bbox.is_some() {
            " AND max_lon >= $1 AND min_lon <= $3 AND max_lat >= $2 AND min_lat <= $4"
        } else {
            ""
        };
        let count_sql = format!("SELECT COUNT(*) FROM units WHERE boundary IS NOT NULL{filter}");
        let n = if bbox.is_some() { 4 } else { 0 };
        let page_sql = format!(
            "SELECT {COLUMNS} FROM units WHERE boundary IS NOT NULL{filter} ORDER BY code LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        let mut page = sqlx::query(&page_sql);
        if let Some(b) = bbox {
            for v in b {
                count = count.bind(v);
                page = page.bind(v);
            }
        }
        let total = count.fetch_one(&self.pool).await?;
        let rows = page.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let items = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// One unit with its boundary.
    pub(crate) async fn unit_feature(&self, code: &str) -> Result<Option<UnitFeature>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM units WHERE code = $1 AND boundary IS NOT NULL"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}
