//! The province map: every commune-level unit's boundary, simplified for display, with where
//! its plan of one type stood on a date — what the dashboard colours.

use std::sync::Arc;

use sqlx::Row;

use crate::db::{Db, DisplayUnits};
use crate::error::{Result, StoreError};

/// Simplification for a province map: 0.0005° (about 50 m) and 5 decimals (about 1 m).
const TOLERANCE_DEGREES: f64 = 0.0005;
const DECIMALS: i32 = 5;

impl Db {
    /// Forgets the simplified boundaries (after an import of units).
    pub(crate) fn forget_display_boundaries(&self) {
        if let Ok(mut cache) = self.display_boundaries.lock() {
            cache.clear();
        }
    }

    /// The province's units simplified for display, from the cache when still current.
    pub(crate) async fn display_units(&self, province: &str) -> Result<DisplayUnits> {
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
