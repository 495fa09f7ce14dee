//! OGC GeoPackages (an SQLite file): every feature table listed in `gpkg_contents`, row by
//! row. Geometries are GeoPackage binary (a `GP` header, an optional envelope, then WKB); the
//! coordinate system is the table's SRS, by EPSG code or by its WKT definition. Columns other
//! than the geometry become properties; the feature id is an `id` column when there is one,
//! else the table's primary key. With several feature tables, ids are prefixed with the
//! table's name so they stay unique.

use std::path::Path;

use geojson::{Geometry, JsonObject};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{ImportOptions, Progress, Sink, ToWgs84};
use crate::crs::{Crs, crs_of_wkt};
use crate::error::GisError;
use crate::wkb::from_wkb;

struct Table {
    name: String,
    geometry_column: String,
    srs_id: i64,
}

/// Reads the GeoPackage at `path`; progress is in rows.
pub fn read_path(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let file = path.display().to_string();
    let parse = |message: String| GisError::Parse {
        file: file.clone(),
        message,
    };
    let sql = |e: rusqlite::Error| parse(format!("not a readable GeoPackage: {e}"));
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql)?;
    let tables: Vec<Table> = db
        .prepare(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c \
             JOIN gpkg_geometry_columns g ON g.table_name = c.table_name \
             WHERE c.data_type = 'features' ORDER BY c.table_name",
        )
        .and_then(|mut s| {
            s.query_map([], |row| {
                Ok(Table {
                    name: row.get(0)?,
                    geometry_column: row.get(1)?,
                    srs_id: row.get(2)?,
                })
            })?
            .collect()
        })
        .map_err(sql)?;
    if tables.is_empty() {
        return Err(parse("the GeoPackage holds no feature table".into()));
    }
    let mut total = 0u64;
    for t in &tables {
        let n: i64 = db
            .query_row(
                &format!("SELECT COUNT(*) FROM {}", quote(&t.name)),
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        total += n as u64;
    }
    let mut read = 0usize;
    for table in &tables {
        let source = match (table_crs(&db, table), options.crs) {
            (Ok(known), _) => known,
            (Err(_), Some(given)) => given,
            (Err(m), None) => return Err(parse(format!("table {}: {m}", table.name))),
        };
        let to_wgs84 = ToWgs84::new(source)?;
        let mut columns: Vec<(String, bool)> = db
            .prepare(&format!("PRAGMA table_info({})", quote(&table.name)))
            .and_then(|mut s| {
                s.query_map([], |row| {
                    Ok((row.get::<_, String>(1)?, row.get::<_, i64>(5)? > 0))
                })?
                .collect()
            })
            .map_err(sql)?;
        let id_column = columns
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case("id"))
            .or_else(|| columns.iter().find(|(_, pk)| *pk))
            .map(|(c, _)| c.clone());
        let select = columns
            .iter()
            .map(|(c, _)| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let mut statement = db
            .prepare(&format!("SELECT {select} FROM {}", quote(&table.name)))
            .map_err(sql)?;
        let mut rows = statement.query([]).map_err(sql)?;
        let prefix = if tables.len() > 1 {
            format!("{}.", table.name)
        } else {
            String::new()
        };
        let mut row_number = 0usize;
        while let Some(row) = rows.next().map_err(sql)? {
            row_number += 1;
            let mut properties = JsonObject::new();
            let mut id = None;
            let mut blob = None;
            for (i, (name, _)) in columns.iter_mut().enumerate() {
                let value = row.get_ref(i).map_err(sql)?;
                if name.eq_ignore_ascii_case(&table.geometry_column) {
                    if let ValueRef::Blob(b) = value {
                        blob = Some(b.to_vec());
                    }
                    continue;
                }
                let json = match value {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(n) => serde_json::Value::from(n),
                    ValueRef::Real(x) => serde_json::Value::from(x),
                    ValueRef::Text(t) => serde_json::Value::from(String::from_utf8_lossy(t)),
                    ValueRef::Blob(_) => continue,
                };
                if id_column.as_deref() == Some(name.as_str()) {
                    id = match &json {
                        serde_json::Value::String(s) => Some(s.clone()),
                        serde_json::Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    };
                }
                properties.insert(name.clone(), json);
            }
            let id = format!("{prefix}{}", id.unwrap_or_else(|| format!("#{row_number}")));
            let geometry = match blob {
                None => None,
                Some(bytes) => gpkg_geometry(&bytes)
                    .and_then(|g| {
                        let Some(mut g) = g else { return Ok(None) };
                        to_wgs84.geometry(&mut g)?;
                        Ok(Some(Geometry::new(g)))
                    })
                    .map_err(|e| GisError::Field {
                        file: file.clone(),
                        feature: id.clone(),
                        field: table.geometry_column.clone(),
                        message: e.to_string(),
                    })?,
            };
            sink(super::feature(id, properties, geometry))?;
            read += 1;
            progress(read as u64, total);
        }
    }
    Ok(read)
}

/// An SQL identifier, quoted.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The coordinate system of a feature table: its SRS's EPSG code, else its WKT definition.
fn table_crs(db: &Connection, table: &Table) -> Result<Crs, String> {
    let (organization, code, definition): (String, i64, String) = db
        .query_row(
            "SELECT organization, organization_coordsys_id, definition \
             FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [table.srs_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| format!("SRS {}: {e}", table.srs_id))?;
    let by_code = organization
        .eq_ignore_ascii_case("EPSG")
        .then(|| u32::try_from(code).ok().and_then(Crs::from_epsg))
        .flatten();
    by_code.or_else(|| crs_of_wkt(&definition)).ok_or_else(|| {
        format!(
            "the coordinate system {organization}:{code} is not one plantrack knows; give it with --crs"
        )
    })
}

/// Decodes GeoPackage binary geometry: `None` for an empty geometry.
fn gpkg_geometry(bytes: &[u8]) -> Result<Option<geojson::GeometryValue>, GisError> {
    if bytes.len() < 8 || &bytes[..2] != b"GP" {
        return Err(GisError::Wkb(
            "not GeoPackage binary (no 'GP' header)".into(),
        ));
    }
    let flags = bytes[3];
    if flags & 0b0010_0000 != 0 {
        return Err(GisError::Wkb(
            "an extended GeoPackage geometry type, which plantrack does not read".into(),
        ));
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => {
            return Err(GisError::Wkb(format!(
                "envelope type {other} is not defined"
            )));
        }
    };
    if flags & 0b0001_0000 != 0 {
        return Ok(None);
    }
    let wkb = bytes
        .get(8 + envelope..)
        .ok_or_else(|| GisError::Wkb("the geometry ends inside its header".into()))?;
    from_wkb(wkb).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpkg_headers_are_checked() {
        assert!(gpkg_geometry(b"XX").is_err());
        // Version 0, little-endian, no envelope, empty geometry flag.
        assert_eq!(
            gpkg_geometry(&[b'G', b'P', 0, 0b0001_0001, 0, 0, 0, 0]).unwrap(),
            None
        );
        // Envelope type 7 is undefined.
        assert!(gpkg_geometry(&[b'G', b'P', 0, 0b0000_1111, 0, 0, 0, 0]).is_err());
        // A point after a 32-byte envelope.
        let mut point = vec![b'G', b'P', 0, 0b0000_0011, 0xE6, 0x10, 0, 0];
        point.extend([0u8; 32]);
        point.extend(
            crate::wkb::to_wkb(&geojson::GeometryValue::new_point(vec![103.0, 22.0])).unwrap(),
        );
        assert_eq!(
            gpkg_geometry(&point).unwrap(),
            Some(geojson::GeometryValue::new_point(vec![103.0, 22.0]))
        );
        // Cut inside the envelope.
        assert!(gpkg_geometry(&point[..20]).is_err());
    }
}
