//! Uploaded and stored files of any format as GeoJSON text in WGS 84.

use std::path::Path;

use super::{Format, ImportOptions, Imported, io_error, read_collection};
use crate::error::GisError;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;
    use geojson::FeatureCollection;

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
}
