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

use std::collections::HashMap;
use std::path::Path;

use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject, Position};

use crate::crs::{Crs, Transformer};
use crate::error::GisError;
pub use text_encoding::TextEncoding;
pub use warning::{ImportWarning, Imported};

/// The file formats plantrack reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    /// A zipped Shapefile (.zip), or a .shp beside its .shx and .dbf.
    Shapefile,
    GeoPackage,
    Dxf,
}

/// Extensions of the files plantrack reads, for folder listings and upload forms.
pub const EXTENSIONS: &[&str] = &["geojson", "json", "zip", "shp", "gpkg", "dxf"];

impl Format {
    /// The format a file's first bytes show, for files kept without their name (the
    /// content-addressed document store).
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        let text = bytes.trim_ascii_start();
        if bytes.starts_with(b"PK\x03\x04") {
            Some(Format::Shapefile)
        } else if bytes.starts_with(b"SQLite format 3\0") {
            Some(Format::GeoPackage)
        } else if text.starts_with(b"{") {
            Some(Format::GeoJson)
        } else if text.starts_with(b"0\r\n") || text.starts_with(b"0\n") || text.starts_with(b"999")
        {
            // DXF opens with group code 0 (SECTION) or 999 (a comment).
            Some(Format::Dxf)
        } else {
            None
        }
    }

    /// The extension a file of this format is given.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Shapefile => "zip",
            Format::GeoPackage => "gpkg",
            Format::Dxf => "dxf",
        }
    }

    /// The format a file's name says, or an error listing the formats plantrack reads.
    pub fn required(path: &Path, file: &str) -> Result<Format, GisError> {
        Format::of_path(path).ok_or_else(|| GisError::Parse {
            file: file.to_owned(),
            message: format!(
                "unknown file type: expected one of .{}",
                EXTENSIONS.join(", .")
            ),
        })
    }

    /// The format a file's name says.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "geojson" | "json" => Format::GeoJson,
            "zip" | "shp" => Format::Shapefile,
            "gpkg" => Format::GeoPackage,
            "dxf" => Format::Dxf,
            _ => return None,
        })
    }
}

/// What a file cannot say for itself.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The coordinate system of files that do not say theirs, or name one plantrack does
    /// not know: DXF drawings, Shapefiles without a usable .prj, GeoPackage tables with an
    /// unknown SRS. A file that names a known system keeps it, and GeoJSON without a `crs`
    /// member is WGS 84 (RFC 7946), so one option serves a folder of mixed files.
    pub crs: Option<Crs>,
    /// The text encoding of attributes (Shapefile .dbf, DXF layer names), over a .cpg.
    pub encoding: Option<TextEncoding>,
    /// CAD layer → category, for DXF drawings.
    pub cad_layers: Option<CadLayerMap>,
}

/// Which land-use (or constraint) category each CAD layer draws. Layer names compare without
/// regard to case or surrounding spaces. Without a map a layer's name is its category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CadLayerMap {
    layers: HashMap<String, String>,
}

impl CadLayerMap {
    /// Reads a map from TOML: a `[layers]` table of `"CAD layer" = "category"`.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, GisError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            layers: HashMap<String, String>,
        }
        let doc: Doc = toml::from_str(text).map_err(|e| GisError::Parse {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        Ok(CadLayerMap {
            layers: doc
                .layers
                .into_iter()
                .map(|(layer, category)| (layer.trim().to_lowercase(), category))
                .collect(),
        })
    }

    /// The category of a CAD layer, if the map names it.
    pub fn category(&self, layer: &str) -> Option<&str> {
        self.layers
            .get(&layer.trim().to_lowercase())
            .map(String::as_str)
    }
}

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

/// An uploaded file (its name gives the format) as GeoJSON text in WGS 84: GeoJSON as it
/// is, other formats read from a temporary copy (GeoPackages and zipped Shapefiles need a
/// file to open) that is removed afterwards.
pub fn uploaded_to_geojson(
    file_name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported<String>, GisError> {
    let format = Format::required(Path::new(file_name), file_name)?;
    if format == Format::GeoJson {
        return String::from_utf8(bytes.to_vec())
            .map(Imported::clean)
            .map_err(|e| GisError::Parse {
                file: file_name.to_owned(),
                message: format!("not UTF-8 text: {e}"),
            });
    }
    let extension = Path::new(file_name)
        .extension()
        .and_then(|x| x.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut copy = tempfile::Builder::new()
        .prefix("plantrack-upload-")
        .suffix(&format!(".{extension}"))
        .tempfile()
        .map_err(|e| io_error(file_name, e))?;
    std::io::Write::write_all(&mut copy, bytes).map_err(|e| io_error(file_name, e))?;
    let read = read_collection(copy.path(), options).map_err(|e| e.for_file(file_name))?;
    let text = serde_json::to_string(&read.value).map_err(|e| GisError::Parse {
        file: file_name.to_owned(),
        message: e.to_string(),
    })?;
    // The warnings name the user's file, as the errors do, not the temporary copy.
    let warnings = read
        .warnings
        .into_iter()
        .map(|w| w.for_file(file_name))
        .collect();
    Ok(Imported {
        value: text,
        warnings,
    })
}

/// A file kept without its name as GeoJSON text in WGS 84, its format sniffed from its bytes.
pub fn stored_to_geojson(
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported<String>, GisError> {
    let format = Format::sniff(bytes).ok_or_else(|| GisError::Parse {
        file: "map".into(),
        message: "not GeoJSON, a zipped Shapefile, a GeoPackage or a DXF drawing".into(),
    })?;
    uploaded_to_geojson(&format!("map.{}", format.extension()), bytes, options)
}

/// Moves a geometry's positions from its source system to WGS 84 longitude/latitude.
pub(crate) struct ToWgs84 {
    transformer: Option<Transformer>,
}

impl ToWgs84 {
    pub(crate) fn new(source: Crs) -> Result<Self, GisError> {
        Ok(ToWgs84 {
            transformer: match source {
                Crs::Wgs84 => None,
                other => Some(Transformer::new(other, Crs::Wgs84)?),
            },
        })
    }

    pub(crate) fn position(&self, x: f64, y: f64) -> Result<Vec<f64>, GisError> {
        match &self.transformer {
            None => Ok(vec![x, y]),
            Some(t) => {
                let (lon, lat) = t.transform(x, y)?;
                Ok(vec![lon, lat])
            }
        }
    }

    /// Transforms every position of `geometry` in place.
    pub(crate) fn geometry(&self, geometry: &mut GeometryValue) -> Result<(), GisError> {
        let Some(t) = &self.transformer else {
            return Ok(());
        };
        let move_all = |positions: &mut [Position]| -> Result<(), GisError> {
            for p in positions {
                if p.len() < 2 {
                    return Err(GisError::Crs("a position with fewer than 2 numbers".into()));
                }
                let (lon, lat) = t.transform(p[0], p[1])?;
                *p = Position::from([lon, lat]);
            }
            Ok(())
        };
        match geometry {
            GeometryValue::Point { coordinates } => move_all(std::slice::from_mut(coordinates)),
            GeometryValue::MultiPoint { coordinates }
            | GeometryValue::LineString { coordinates } => move_all(coordinates),
            GeometryValue::MultiLineString { coordinates }
            | GeometryValue::Polygon { coordinates } => {
                coordinates.iter_mut().try_for_each(|l| move_all(l))
            }
            GeometryValue::MultiPolygon { coordinates } => coordinates
                .iter_mut()
                .flatten()
                .try_for_each(|l| move_all(l)),
            GeometryValue::GeometryCollection { geometries } => geometries
                .iter_mut()
                .try_for_each(|g| self.geometry(&mut g.value)),
        }
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

/// A file opened for reading, with how many of its bytes have been read so far and its size:
/// progress by bytes for the readers that parse text.
pub(crate) struct CountedFile {
    pub(crate) reader: std::io::BufReader<CountingReader<std::fs::File>>,
    pub(crate) read: std::rc::Rc<std::cell::Cell<u64>>,
    pub(crate) total: u64,
}

pub(crate) fn open_counted(path: &Path, file: &str) -> Result<CountedFile, GisError> {
    let handle = std::fs::File::open(path).map_err(|e| io_error(file, e))?;
    let total = handle.metadata().map(|m| m.len()).unwrap_or(0);
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let reader = std::io::BufReader::with_capacity(
        1 << 16,
        CountingReader {
            inner: handle,
            count: read.clone(),
        },
    );
    Ok(CountedFile {
        reader,
        read,
        total,
    })
}

/// Reads a Read's bytes while counting them, for progress by bytes.
pub(crate) struct CountingReader<R> {
    pub(crate) inner: R,
    pub(crate) count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

pub(crate) fn io_error(file: &str, source: std::io::Error) -> GisError {
    GisError::Io {
        file: file.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(
            Format::of_path(Path::new("a/B.GeoJSON")),
            Some(Format::GeoJson)
        );
        assert_eq!(Format::of_path(Path::new("x.zip")), Some(Format::Shapefile));
        assert_eq!(
            Format::of_path(Path::new("x.gpkg")),
            Some(Format::GeoPackage)
        );
        assert_eq!(Format::of_path(Path::new("x.DXF")), Some(Format::Dxf));
        assert_eq!(Format::of_path(Path::new("x.dwg")), None);
    }

    #[test]
    fn uploads_in_any_format_become_geojson() {
        let dxf = "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\nA1\n8\nforest\n70\n1\n\
                   10\n500000\n20\n2500000\n10\n500100\n20\n2500000\n10\n500100\n20\n2500100\n\
                   0\nENDSEC\n0\nEOF\n";
        let options = ImportOptions {
            crs: Some(Crs::Vn2000Tm3 {
                central_meridian: 103.0,
            }),
            ..ImportOptions::default()
        };
        let text = uploaded_to_geojson("ban-do.DXF", dxf.as_bytes(), &options)
            .unwrap()
            .value;
        let fc: FeatureCollection = text
            .parse::<geojson::GeoJson>()
            .unwrap()
            .try_into()
            .unwrap();
        assert_eq!(fc.features.len(), 1);
        assert_eq!(fc.features[0].property("category").unwrap(), "forest");
        let err = uploaded_to_geojson(
            "ban-do.dxf",
            b"0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n10\nx",
            &options,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("ban-do.dxf: "),
            "the user's name, not the copy's: {err}"
        );
        assert!(uploaded_to_geojson("a.dwg", b"AC1032", &options).is_err());
    }

    #[test]
    fn formats_from_bytes() {
        assert_eq!(Format::sniff(b" \n{\"type\""), Some(Format::GeoJson));
        assert_eq!(Format::sniff(b"PK\x03\x04rest"), Some(Format::Shapefile));
        assert_eq!(
            Format::sniff(b"SQLite format 3\0..."),
            Some(Format::GeoPackage)
        );
        assert_eq!(Format::sniff(b"  0\r\nSECTION"), Some(Format::Dxf));
        assert_eq!(Format::sniff(b"%PDF-1.7"), None);
    }

    #[test]
    fn cad_layer_maps_ignore_case_and_spaces() {
        let map = CadLayerMap::from_toml(
            "map.toml",
            "[layers]\n\"QH_DAT_O \" = \"residential\"\n\"Rung PH\" = \"forest\"\n",
        )
        .unwrap();
        assert_eq!(map.category("qh_dat_o"), Some("residential"));
        assert_eq!(map.category(" RUNG PH"), Some("forest"));
        assert_eq!(map.category("TEXT"), None);
        let err = CadLayerMap::from_toml("map.toml", "[layer]\n").unwrap_err();
        assert!(err.to_string().starts_with("map.toml: "), "{err}");
    }
}
