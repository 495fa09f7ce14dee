//! Readers for the administrative-unit files: which format a file is comes from its content, and
//! a file is read whole — every unit checked with [`AdminUnit::validate`], every required field's
//! presence and type checked, codes unique — or refused with the first problem found.
//!
//! | kind | content | gives |
//! |---|---|---|
//! | [`UnitsFileKind::CommuneBoundaries`] | GeoJSON FeatureCollection of commune-level units (properties `code`, `name`, `nameEn`, `fullName`, `areaKm2`, `provinceCode`) | units with boundaries |
//! | [`UnitsFileKind::ProvinceBoundary`] | the same for provinces (no `provinceCode`) | provinces with boundaries |
//! | [`UnitsFileKind::UnitList`] | a province object with `Wards`, or an array of them | provinces and their units, no geometry |
//! | [`UnitsFileKind::Merges`] | `merges_new_to_old.level2s` (dvhcvn mapping) | [`Lineage`] only |
//! | [`UnitsFileKind::CommuneTable`] | CSV with `new_code`, names, `unit_type`, `area_km2`, `old_codes`, `old_names`, `merge_types` | units with area and lineage |
//!
//! A unit read together with its lineage (the CSV) carries it in [`AdminUnit::lineage`];
//! [`UnitsImport::lineage`] holds lineage for units the file does not itself describe (the merges file).
//!
//! Boundaries keep every part and every position; only ring orientation is changed, by
//! [`normalise_rings`], to RFC 7946's (the source files have clockwise exteriors).

mod commune_table;
mod fields;
mod geometry;
mod json;
mod text_position;

use std::path::Path;

use geojson::GeometryValue;
use plantrack_domain::unit::{AdminUnit, FormerUnit};

use crate::GisError;
use commune_table::{looks_like_commune_table, read_commune_table};
use fields::Cx;
pub use geometry::normalise_rings;
use json::read_json;
use text_position::line_column;

#[cfg(test)]
mod tests;

/// A unit read from a file, with its boundary when the file has geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedUnit {
    pub unit: AdminUnit,
    /// WGS 84 lon/lat, a Polygon or MultiPolygon with RFC 7946 ring orientation.
    pub boundary: Option<GeometryValue>,
}

/// The former units a 2025 unit was formed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineage {
    pub unit_code: String,
    pub former: Vec<FormerUnit>,
}

/// Which kind of units file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitsFileKind {
    CommuneBoundaries,
    ProvinceBoundary,
    UnitList,
    Merges,
    CommuneTable,
}

impl UnitsFileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommuneBoundaries => "commune_boundaries",
            Self::ProvinceBoundary => "province_boundary",
            Self::UnitList => "unit_list",
            Self::Merges => "merges",
            Self::CommuneTable => "commune_table",
        }
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitsImport {
    pub kind: UnitsFileKind,
    /// In file order (for a unit list: each province, then its units).
    pub units: Vec<ImportedUnit>,
    /// Lineage of units the file does not describe itself (the merges file); empty otherwise.
    pub lineage: Vec<Lineage>,
}

/// Reads a units file whole, detecting its format from the content (not the file name).
/// `progress(done, total)` is called as features (units, rows, lineage entries) are read.
/// Errors name the file by its file name.
pub fn read_units_file(
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|source| GisError::Io {
        file: file.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let (line, column) = line_column(&bytes[..at]);
        GisError::Parse {
            file: file.clone(),
            message: format!("not UTF-8 text: invalid byte at line {line} column {column}"),
        }
    })?;
    read_units_str(&file, &text, progress)
}

/// Reads the text of a units file named `name` (used in errors); see [`read_units_file`].
pub fn read_units_str(
    name: &str,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let cx = Cx { file: name };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.trim_start().chars().next() {
        Some('{' | '[') => read_json(&cx, text, progress),
        Some(_) if looks_like_commune_table(text) => read_commune_table(&cx, text, progress),
        _ => Err(GisError::UnknownFormat {
            file: name.to_owned(),
        }),
    }
}
