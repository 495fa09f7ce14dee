//! Reading the spatial files departments and consultants exchange — GeoJSON, zipped (or
//! plain) ESRI Shapefiles, GeoPackages and DXF drawings — as RFC 7946 features in WGS 84, one
//! feature at a time, so that a layer of hundreds of megabytes is read in memory bounded by its
//! largest feature, not by the file.
//!
//! Every reader names the file and the feature in its errors. A reader hands each feature to a
//! sink and stops at the first error, so the caller keeps nothing of a broken file.

pub mod dxf;
pub mod geojson_stream;
pub mod geopackage;
pub mod shapefile;
pub mod text_encoding;
pub mod warning;

mod file_io;
mod format;
mod options;
mod to_geojson;
mod to_wgs84;

use std::path::Path;

use geojson::{Feature, FeatureCollection, JsonObject};

use crate::error::GisError;
pub(crate) use file_io::{io_error, open_counted};
pub use format::{EXTENSIONS, Format};
pub use options::{CadLayerMap, ImportOptions};
pub use text_encoding::TextEncoding;
pub use to_geojson::{stored_to_geojson, uploaded_to_geojson};
pub(crate) use to_wgs84::ToWgs84;
pub use warning::{ImportWarning, Imported};

/// Progress of a long read: `(done, total)` in the reader's unit (bytes or records).
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Where each feature read goes; an error stops the read.
pub type Sink<'a> = &'a mut dyn FnMut(Feature) -> Result<(), GisError>;

/// Reads every feature of the file at `path` (its format from its extension) into `sink`, in
/// WGS 84. Returns how many features were read, and what was passed over.
pub fn for_each_feature(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
    sink: Sink<'_>,
) -> Result<Imported<usize>, GisError> {
    let format = Format::required(path, &path.display().to_string())?;
    match format {
        Format::GeoJson => {
            geojson_stream::read_path(path, options, progress, sink).map(Imported::clean)
        }
        Format::Shapefile => {
            shapefile::read_path(path, options, progress, sink).map(Imported::clean)
        }
        Format::GeoPackage => {
            geopackage::read_path(path, options, progress, sink).map(Imported::clean)
        }
        Format::Dxf => dxf::read_path(path, options, progress, sink),
    }
}

/// Reads a whole file into a FeatureCollection in WGS 84 (for files small enough to hold).
pub fn read_collection(
    path: &Path,
    options: &ImportOptions,
) -> Result<Imported<FeatureCollection>, GisError> {
    collect(|sink| for_each_feature(path, options, &mut |_, _| {}, sink))
}

/// The features a reader hands to its sink, gathered into a collection.
pub(crate) fn collect(
    read: impl FnOnce(Sink<'_>) -> Result<Imported<usize>, GisError>,
) -> Result<Imported<FeatureCollection>, GisError> {
    let mut features = Vec::new();
    let read = read(&mut |f| {
        features.push(f);
        Ok(())
    })?;
    Ok(read.map(|_| FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }))
}

/// A feature as the importers make it: a text id, its attributes, its geometry in WGS 84.
pub(crate) fn feature(
    id: String,
    properties: JsonObject,
    geometry: Option<geojson::Geometry>,
) -> Feature {
    Feature {
        bbox: None,
        geometry,
        id: Some(geojson::feature::Id::String(id)),
        properties: Some(properties),
        foreign_members: None,
    }
}

/// A feature's id as text, for error messages and reports.
pub fn feature_id(feature: &Feature, index: usize) -> String {
    match &feature.id {
        Some(geojson::feature::Id::String(s)) => s.clone(),
        Some(geojson::feature::Id::Number(n)) => n.to_string(),
        None => format!("#{}", index + 1),
    }
}
