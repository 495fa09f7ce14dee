//! What a file cannot say for itself: its coordinate system, its text encoding, and which
//! category each CAD layer draws.

use std::collections::HashMap;

use super::TextEncoding;
use crate::archive::ArchiveLimits;
use crate::crs::Crs;
use crate::error::GisError;

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
    /// How far a zipped Shapefile may unpack.
    pub archive_limits: ArchiveLimits,
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

#[cfg(test)]
mod tests {
    use super::*;

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
