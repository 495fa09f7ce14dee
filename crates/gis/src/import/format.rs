//! Which format a file is, from its name or its first bytes.

use std::path::Path;

use crate::error::GisError;

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
}
