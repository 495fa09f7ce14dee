//! GIS support for plantrack.
//!
//! - [`wkb`]: GeoJSON geometries to and from OGC WKB, and bounding boxes.
//! - [`units_import`]: readers for the administrative-unit files (commune and province boundaries,
//!   unit lists, merge lineage, the communes table), detected from their content.
//! - [`import`]: GeoJSON, Shapefile, GeoPackage and DXF read one feature at a time, in WGS 84.
//! - [`archive`]: zip archives unpacked within a size budget (zip bombs).
//! - [`check`]: the conformance check of a plan's land-use map against constraint layers.
//! - [`crs`]: WGS 84 and VN-2000 (geographic, UTM, provincial TM-3).
//! - [`error`]: the one error type, [`GisError`].
//!
//! Geometries are [`geojson::GeometryValue`] (the type `geojson::Value` is a deprecated alias of).

pub mod archive;
pub mod check;
pub mod crs;
pub mod demo_map;
pub mod error;
pub mod import;
pub mod parallel;
pub mod simplify;
pub mod units_import;
pub mod wkb;

pub use error::GisError;
pub use units_import::{
    ImportedUnit, Lineage, UnitsFileKind, UnitsImport, normalise_rings, read_units_file,
    read_units_str,
};
pub use wkb::{bbox, from_wkb, to_wkb};
