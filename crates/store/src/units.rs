//! Administrative units: import (all or nothing), lookup and listing.

use std::collections::{BTreeMap, BTreeSet};

use plantrack_domain::DomainError;
use plantrack_domain::unit::{AdminUnit, FormerUnit, UnitKind};
use plantrack_gis::units_import::UnitsImport;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Db, now_text};
use crate::error::{Result, StoreError};

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportSummary {
    pub units: usize,
    pub boundaries: usize,
    pub lineage_units: usize,
}

#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub parent_code: Option<String>,
    pub kind: Option<UnitKind>,
    pub limit: i64,
    pub offset: i64,
}

const UNIT_COLUMNS: &str = "code, parent_code, kind, name_vi, name_en, full_name, area_km2, \
     boundary IS NOT NULL AS has_boundary, min_lon, min_lat, max_lon, max_lat";

/// A unit with what the store knows about its geometry.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct UnitRecord {
    #[serde(flatten)]
    pub unit: AdminUnit,
    pub has_boundary: bool,
    pub bbox: Option<[f64; 4]>,
}

fn unit_from_row(row: &AnyRow) -> Result<UnitRecord> {
    let kind: String = row.try_get("kind")?;
    let bbox = match (
        row.try_get::<Option<f64>, _>("min_lon")?,
        row.try_get::<Option<f64>, _>("min_lat")?,
        row.try_get::<Option<f64>, _>("max_lon")?,
        row.try_get::<Option<f64>, _>("max_lat")?,
    ) {
        (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
        _ => None,
    };
    // Booleans come back as integers from SQLite and as booleans from PostgreSQL.
    let has_boundary = row
        .try_get::<bool, _>("has_boundary")
        .or_else(|_| row.try_get::<i64, _>("has_boundary").map(|v| v != 0))?;
    Ok(UnitRecord {
        unit: AdminUnit {
            code: row.try_get("code")?,
            parent_code: row.try_get("parent_code")?,
            kind: UnitKind::parse(&kind)
                .ok_or_else(|| StoreError::corrupt(format!("unit kind '{kind}'")))?,
            name_vi: row.try_get("name_vi")?,
            name_en: row.try_get("name_en")?,
            full_name: row.try_get("full_name")?,
            area_km2: row.try_get("area_km2")?,
            lineage: Vec::new(),
        },
        has_boundary,
        bbox,
    })
}

impl Db {
    /// Imports units, boundaries and lineage in one transaction: on any error nothing is kept.
    pub(crate) async fn import_units(&self, import: &UnitsImport) -> Result<ImportSummary> {
        let mut tx = self.pool.begin().await?;
        let now = now_text();
        let mut summary = ImportSummary::default();
        let in_file: BTreeSet<&str> = import.units.iter().map(|u| u.unit.code.as_str()).collect();
        for imported in &import.units {
            let u = &imported.unit;
            u.validate()?;
            if let Some(parent) = &u.parent_code
                && !in_file.contains(parent.as_str())
            {
                let known: Option<String> =
                    sqlx::query_scalar("SELECT code FROM units WHERE code = $1")
                        .bind(parent)
                        .fetch_optional(&mut *tx)
                        .await?;
                if known.is_none() {
                    return Err(DomainError::invalid(
                        "parent_code",
                        format!(
                            "unit {}: province {parent} is not known; import the unit list first",
                            u.code
                        ),
                    )
                    .into());
                }
            }
            let (wkb, bbox) = match &imported.boundary {
                Some(g) => (
                    Some(plantrack_gis::wkb::to_wkb(g)?),
                    plantrack_gis::wkb::bbox(g),
                ),
                None => (None, None),
            };
            summary.boundaries += usize::from(wkb.is_some());
            let b = |i: usize| bbox.map(|b| b[i]);
            // A file without geometry must not erase a boundary imported earlier.
            sqlx::query(
                "INSERT INTO units (code, parent_code, kind, name_vi, name_en, full_name, area_km2, \
                 boundary, min_lon, min_lat, max_lon, max_lat, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, kind = excluded.kind, \
                 name_vi = excluded.name_vi, name_en = excluded.name_en, full_name = excluded.full_name, \
                 area_km2 = COALESCE(excluded.area_km2, units.area_km2), \
                 boundary = COALESCE(excluded.boundary, units.boundary), \
                 min_lon = COALESCE(excluded.min_lon, units.min_lon), min_lat = COALESCE(excluded.min_lat, units.min_lat), \
                 max_lon = COALESCE(excluded.max_lon, units.max_lon), max_lat = COALESCE(excluded.max_lat, units.max_lat), \
                 updated_at = excluded.updated_at",
            )
            .bind(&u.code)
            .bind(&u.parent_code)
            .bind(u.kind.as_str())
            .bind(&u.name_vi)
            .bind(&u.name_en)
            .bind(&u.full_name)
            .bind(u.area_km2)
            .bind(wkb)
            .bind(b(0))
            .bind(b(1))
            .bind(b(2))
            .bind(b(3))
            .bind(&now)
            // NULL floats: never a cached statement (see `Db::connect`).
            .persistent(false)
            .execute(&mut *tx)
            .await?;
            summary.units += 1;
            if !u.lineage.is_empty() {
                write_lineage(&mut tx, &u.code, &u.lineage).await?;
                summary.lineage_units += 1;
            }
        }
        for lineage in &import.lineage {
            let known: Option<String> =
                sqlx::query_scalar("SELECT code FROM units WHERE code = $1")
                    .bind(&lineage.unit_code)
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_none() {
                return Err(DomainError::invalid(
                    "unit_code",
                    format!(
                        "lineage names unit {} which is not known; import the units first",
                        lineage.unit_code
                    ),
                )
                .into());
            }
            write_lineage(&mut tx, &lineage.unit_code, &lineage.former).await?;
            summary.lineage_units += 1;
        }
        tx.commit().await?;
        self.forget_display_boundaries();
        Ok(summary)
    }

    pub(crate) async fn unit(&self, code: &str) -> Result<UnitRecord> {
        let row = sqlx::query(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE code = $1"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("unit", &code))?;
        let mut unit = unit_from_row(&row)?;
        unit.unit.lineage = self
            .lineage_of(&[code.to_owned()])
            .await?
            .remove(code)
            .unwrap_or_default();
        Ok(unit)
    }

    /// Units matching the filter, with the total count before paging.
    pub(crate) async fn units(&self, filter: &UnitFilter) -> Result<(Vec<UnitRecord>, i64)> {
        let where_sql = "WHERE ($1 IS NULL OR parent_code = $1) AND ($2 IS NULL OR kind = $2)";
        let kind = filter.kind.map(UnitKind::as_str);
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM units {where_sql}"))
            .bind(&filter.parent_code)
            .bind(kind)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units {where_sql} ORDER BY code LIMIT $3 OFFSET $4"
        ))
        .bind(&filter.parent_code)
        .bind(kind)
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&self.pool)
        .await?;
        let mut units = rows.iter().map(unit_from_row).collect::<Result<Vec<_>>>()?;
        let codes: Vec<String> = units.iter().map(|u| u.unit.code.clone()).collect();
        let mut lineage = self.lineage_of(&codes).await?;
        for u in &mut units {
            u.unit.lineage = lineage.remove(&u.unit.code).unwrap_or_default();
        }
        Ok((units, total))
    }

    /// The unit's boundary as WKB, if one was imported.
    pub(crate) async fn unit_boundary(&self, code: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT boundary FROM units WHERE code = $1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        row.ok_or_else(|| StoreError::not_found("unit", &code))
    }

    /// Lineage of several units in one query (no query per unit).
    async fn lineage_of(&self, codes: &[String]) -> Result<BTreeMap<String, Vec<FormerUnit>>> {
        let mut out: BTreeMap<String, Vec<FormerUnit>> = BTreeMap::new();
        if codes.is_empty() {
            return Ok(out);
        }
        let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT unit_code, former_code, former_name, merge_type FROM unit_lineage \
             WHERE unit_code IN ({}) ORDER BY unit_code, former_code",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for c in codes {
            query = query.bind(c);
        }
        for row in query.fetch_all(&self.pool).await? {
            out.entry(row.try_get("unit_code")?)
                .or_default()
                .push(FormerUnit {
                    code: row.try_get("former_code")?,
                    name: row.try_get("former_name")?,
                    merge_type: row.try_get("merge_type")?,
                });
        }
        Ok(out)
    }
}

async fn write_lineage(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    unit_code: &str,
    former: &[FormerUnit],
) -> Result<()> {
    sqlx::query("DELETE FROM unit_lineage WHERE unit_code = $1")
        .bind(unit_code)
        .execute(&mut **tx)
        .await?;
    for f in former {
        sqlx::query(
            "INSERT INTO unit_lineage (unit_code, former_code, former_name, merge_type) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (unit_code, former_code) DO NOTHING",
        )
        .bind(unit_code)
        .bind(&f.code)
        .bind(&f.name)
        .bind(&f.merge_type)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
