//! ESRI Shapefiles (.shp, .shx, .dbf, .prj, .cpg), zipped as departments and consultants
//! exchange them or as files side by side. A zip is unpacked to a temporary folder and read
//! from disk record by record, so memory does not grow with the file.
//!
//! - The coordinate system comes from the .prj (WGS 84, or VN-2000 geographic, UTM 48/49 or
//!   a provincial TM-3 zone); a missing or unknown .prj is an error that asks for it.
//! - Text attributes are decoded as the option says, else as the .cpg says, else as UTF-8;
//!   text that does not decode is an error naming the record and the field, with the
//!   encodings to try (TCVN3 and Windows-1258 are common in older Vietnamese data).
//! - Polygon rings come in the Shapefile's order (outer rings clockwise); each outer ring with
//!   the holes after it becomes one polygon.

use std::fs::File;
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};

use geojson::{FeatureCollection, Geometry, GeometryValue, JsonObject};
use shapefile::dbase::FieldValue;
use shapefile::{PolygonRing, Shape};

use super::{ImportOptions, Progress, Sink, TextEncoding, ToWgs84, io_error};
use crate::archive::{ArchiveLimits, BoundedZip, TooLarge};
use crate::crs::{Crs, crs_of_wkt};
use crate::error::GisError;

/// Reads a zipped Shapefile held in memory into a WGS 84 FeatureCollection. `crs` serves
/// when the .prj is missing or unknown; the zip unpacks within the default limits.
pub fn read_zipped_shapefile(
    file: &str,
    bytes: &[u8],
    crs: Option<Crs>,
) -> Result<FeatureCollection, GisError> {
    let options = ImportOptions {
        crs,
        ..ImportOptions::default()
    };
    let dir = tempfile::tempdir().map_err(|e| io_error(file, e))?;
    let parts = unzip(
        file,
        Cursor::new(bytes),
        bytes.len() as u64,
        options.archive_limits,
        dir.path(),
    )?;
    // A Shapefile's reader has nothing to warn of.
    super::collect(|sink| {
        read_parts(file, &parts, &options, &mut |_, _| {}, sink).map(super::Imported::clean)
    })
    .map(|read| read.value)
}

/// Reads a .zip holding one Shapefile, or a .shp with its .shx and .dbf beside it. Progress
/// is in records.
pub fn read_path(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let file = path.display().to_string();
    let zipped = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("zip"));
    if zipped {
        let dir = tempfile::tempdir().map_err(|e| io_error(&file, e))?;
        let archive = File::open(path).map_err(|e| io_error(&file, e))?;
        let size = archive.metadata().map_err(|e| io_error(&file, e))?.len();
        let parts = unzip(
            &file,
            BufReader::new(archive),
            size,
            options.archive_limits,
            dir.path(),
        )?;
        read_parts(&file, &parts, options, progress, sink)
    } else {
        let sibling = |ext: &str| {
            [ext.to_owned(), ext.to_ascii_uppercase()]
                .iter()
                .map(|e| path.with_extension(e))
                .find(|p| p.exists())
        };
        let parts = Parts {
            shp: path.to_owned(),
            shx: sibling("shx").ok_or_else(|| missing(&file, ".shx"))?,
            dbf: sibling("dbf").ok_or_else(|| missing(&file, ".dbf"))?,
            prj: sibling("prj"),
            cpg: sibling("cpg"),
        };
        read_parts(&file, &parts, options, progress, sink)
    }
}

fn missing(file: &str, ext: &str) -> GisError {
    GisError::Parse {
        file: file.to_owned(),
        message: format!("no {ext} file beside the .shp"),
    }
}

/// The files of one Shapefile on disk.
struct Parts {
    shp: PathBuf,
    shx: PathBuf,
    dbf: PathBuf,
    prj: Option<PathBuf>,
    cpg: Option<PathBuf>,
}

/// Unpacks the Shapefile's parts from a zip of `size` bytes into `dir`, under fixed names (a
/// member's own path is never used on disk), writing no more than `limits` allow.
fn unzip<R: std::io::Read + std::io::Seek>(
    file: &str,
    reader: R,
    size: u64,
    limits: ArchiveLimits,
    dir: &Path,
) -> Result<Parts, GisError> {
    let parse = |message: String| GisError::Parse {
        file: file.to_owned(),
        message,
    };
    let too_large = |source: TooLarge| GisError::ArchiveTooLarge {
        file: file.to_owned(),
        source,
    };
    let archive =
        zip::ZipArchive::new(reader).map_err(|e| parse(format!("not a zip archive: {e}")))?;
    let mut archive = BoundedZip::new(archive, size, limits).map_err(too_large)?;
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let shps: Vec<&String> = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".shp"))
        .collect();
    let stem = match shps.as_slice() {
        [] => return Err(parse("the archive holds no .shp file".into())),
        [one] => one[..one.len() - 4].to_owned(),
        several => {
            return Err(parse(format!(
                "the archive holds {} Shapefiles ({}): one per file, please",
                several.len(),
                several
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    let mut extract = |ext: &str| -> Result<Option<PathBuf>, GisError> {
        let Some(name) = names.iter().find(|n| {
            n.len() == stem.len() + ext.len()
                && n.starts_with(&stem)
                && n[stem.len()..].eq_ignore_ascii_case(ext)
        }) else {
            return Ok(None);
        };
        let mut entry = archive
            .by_name(name)
            .map_err(|e| parse(format!("{name}: {e}")))?;
        let target = dir.join(format!("layer{ext}"));
        let mut out = File::create(&target).map_err(|e| io_error(file, e))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| match TooLarge::in_io(&e) {
            Some(over) => too_large(over.clone()),
            None => parse(format!("{name}: {e}")),
        })?;
        Ok(Some(target))
    };
    Ok(Parts {
        shp: extract(".shp")?.ok_or_else(|| parse("the archive holds no .shp file".into()))?,
        shx: extract(".shx")?.ok_or_else(|| parse("the archive holds no .shx file".into()))?,
        dbf: extract(".dbf")?.ok_or_else(|| parse("the archive holds no .dbf file".into()))?,
        prj: extract(".prj")?,
        cpg: extract(".cpg")?,
    })
}

/// The bytes behind a string the .dbf reader decoded as x-user-defined, which maps each
/// byte to one character and back without loss: the real encoding is applied afterwards,
/// by plantrack, so that TCVN3 (which no codec library knows) works like any other.
fn raw_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            low @ 0..=0x7F => low as u8,
            high @ 0xF780..=0xF7FF => (high - 0xF700) as u8,
            _ => b'?',
        })
        .collect()
}

fn read_parts(
    file: &str,
    parts: &Parts,
    options: &ImportOptions,
    progress: Progress<'_>,
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let parse = |message: String| GisError::Parse {
        file: file.to_owned(),
        message,
    };
    let read_text = |path: &Path| std::fs::read(path).map_err(|e| io_error(file, e));
    let named = match &parts.prj {
        Some(prj) => {
            let wkt = String::from_utf8_lossy(&read_text(prj)?).into_owned();
            Some((crs_of_wkt(&wkt), wkt))
        }
        None => None,
    };
    let source = match (named, options.crs) {
        (Some((Some(known), _)), _) => known,
        (_, Some(given)) => given,
        (Some((None, wkt)), None) => {
            return Err(parse(format!(
                "the .prj names a coordinate system plantrack does not know ({}); give it with --crs",
                wkt.chars().take(80).collect::<String>()
            )));
        }
        (None, None) => {
            return Err(parse(
                "the Shapefile has no .prj: give the coordinate system with --crs (wgs84, vn2000, utm48, utm49 or tm3:<meridian>)".into(),
            ));
        }
    };
    let encoding = match (options.encoding, &parts.cpg) {
        (Some(e), _) => e,
        (None, Some(cpg)) => {
            let name = String::from_utf8_lossy(&read_text(cpg)?).into_owned();
            TextEncoding::from_name(&name).ok_or_else(|| {
                parse(format!(
                    "the .cpg names the code page '{}', which plantrack does not read; give the encoding with --encoding ({})",
                    name.trim(),
                    TextEncoding::NAMES
                ))
            })?
        }
        (None, None) => TextEncoding::Utf8,
    };
    let to_wgs84 = ToWgs84::new(source)?;
    let open = |path: &Path| {
        File::open(path)
            .map(BufReader::new)
            .map_err(|e| io_error(file, e))
    };
    let shapes = shapefile::ShapeReader::with_shx(open(&parts.shp)?, open(&parts.shx)?)
        .map_err(|e| parse(format!(".shp: {e}")))?;
    let total = shapes.shape_count().unwrap_or(0) as u64;
    let records = shapefile::dbase::ReaderBuilder::new()
        .with_encoding(shapefile::dbase::encoding::EncodingRs::from(
            encoding_rs::X_USER_DEFINED,
        ))
        .build(open(&parts.dbf)?)
        .map_err(|e| parse(format!(".dbf: {e}")))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut read = 0;
    for (index, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| parse(format!("record {}: {e}", index + 1)))?;
        let record_name = format!("record {}", index + 1);
        let mut properties = JsonObject::new();
        for (name, value) in record {
            let v = match value {
                FieldValue::Character(Some(s)) => {
                    let text =
                        encoding
                            .decode(&raw_bytes(&s))
                            .map_err(|message| GisError::Field {
                                file: file.to_owned(),
                                feature: record_name.clone(),
                                field: name.clone(),
                                message,
                            })?;
                    serde_json::Value::from(text.trim_end().to_owned())
                }
                FieldValue::Numeric(Some(n)) | FieldValue::Double(n) => serde_json::Value::from(n),
                FieldValue::Float(Some(n)) => serde_json::Value::from(f64::from(n)),
                FieldValue::Integer(n) => serde_json::Value::from(n),
                FieldValue::Logical(Some(b)) => serde_json::Value::from(b),
                _ => serde_json::Value::Null,
            };
            properties.insert(name.to_lowercase(), v);
        }
        let id = match properties.get("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(n)) => {
                n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f}"))
            }
            _ => format!("{}", index + 1),
        };
        let field = |message: String| GisError::Field {
            file: file.to_owned(),
            feature: id.clone(),
            field: "geometry".into(),
            message,
        };
        let rings: Vec<(bool, Vec<Vec<f64>>)> = match &shape {
            Shape::Polygon(p) => p
                .rings()
                .iter()
                .map(|r| {
                    let (outer, points) = match r {
                        PolygonRing::Outer(points) => (true, points),
                        PolygonRing::Inner(points) => (false, points),
                    };
                    let line = points
                        .iter()
                        .map(|pt| to_wgs84.position(pt.x, pt.y))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| field(e.to_string()))?;
                    Ok((outer, line))
                })
                .collect::<Result<_, GisError>>()?,
            Shape::NullShape => Vec::new(),
            other => {
                return Err(field(format!(
                    "a {} (expected polygons)",
                    other.shapetype()
                )));
            }
        };
        // Each outer ring starts a polygon; holes follow it. GeoJSON wants outer rings
        // counter-clockwise: reverse the Shapefile's clockwise order.
        let mut polygons: Vec<Vec<Vec<Vec<f64>>>> = Vec::new();
        for (outer, mut ring) in rings {
            ring.reverse();
            if outer || polygons.is_empty() {
                polygons.push(vec![ring]);
            } else if let Some(last) = polygons.last_mut() {
                last.push(ring);
            }
        }
        let geometry = match polygons.len() {
            0 => None,
            1 => Some(Geometry::new(GeometryValue::new_polygon(
                polygons.remove(0),
            ))),
            _ => Some(Geometry::new(GeometryValue::new_multi_polygon(polygons))),
        };
        sink(super::feature(id, properties, geometry))?;
        read += 1;
        progress(read as u64, total);
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_bytes_undo_x_user_defined() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        let (text, _, _) = encoding_rs::X_USER_DEFINED.decode(&bytes);
        assert_eq!(raw_bytes(&text), bytes);
    }
}
