//! Plans, boundaries and layers read into the province's plane, each feature's id and category
//! checked against the rule table.

use std::path::Path;

use geo::{LineString, MultiPolygon, Polygon};
use geojson::{Feature, GeometryValue, Position};

use super::rules::Rules;
use crate::crs::Transformer;
use crate::error::GisError;
use crate::import::{self, ImportOptions, Imported, Progress};

/// A feature read for the check: its id, category and geometry in the plane (metres).
#[derive(Debug, Clone)]
pub struct PlaneFeature {
    pub id: String,
    pub category: String,
    pub geometry: MultiPolygon<f64>,
}

/// A department's layer, read.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub file: String,
    pub features: Vec<PlaneFeature>,
}

/// What the features of a file must carry.
#[derive(Clone, Copy)]
enum Kind {
    Zone,
    Constraint,
    /// A unit's boundary: no category.
    Boundary,
}

/// Reads a GeoJSON FeatureCollection of polygons into the plane, checking each feature's id
/// and category against the rules. Errors name the file and the feature.
fn read_features(
    file: &str,
    text: &str,
    kind: Kind,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<Vec<PlaneFeature>, GisError> {
    let mut out = Vec::new();
    import::geojson_stream::read_str(file, text, &ImportOptions::default(), &mut |f| {
        out.push(plane_feature(file, out.len(), &f, kind, rules, to_plane)?);
        Ok(())
    })?;
    Ok(out)
}

/// Reads a file of any format plantrack imports into the plane, one feature at a time.
fn read_features_path(
    path: &Path,
    options: &ImportOptions,
    kind: Kind,
    rules: &Rules,
    to_plane: &Transformer,
    progress: Progress<'_>,
) -> Result<Imported<Vec<PlaneFeature>>, GisError> {
    let file = path.display().to_string();
    let mut out = Vec::new();
    let read = import::for_each_feature(path, options, progress, &mut |f| {
        out.push(plane_feature(&file, out.len(), &f, kind, rules, to_plane)?);
        Ok(())
    })?;
    Ok(read.map(|_| out))
}

/// One feature of a department's layer in the plane, its category checked against the rules:
/// for importers that read features one at a time (the server's layer import).
pub fn constraint_feature(
    file: &str,
    index: usize,
    feature: &Feature,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<PlaneFeature, GisError> {
    plane_feature(file, index, feature, Kind::Constraint, rules, to_plane)
}

/// One feature in the plane, its category checked against the rules.
fn plane_feature(
    file: &str,
    index: usize,
    feature: &Feature,
    kind: Kind,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<PlaneFeature, GisError> {
    {
        let id = import::feature_id(feature, index);
        let field = |field: &str, message: String| GisError::Field {
            file: file.to_owned(),
            feature: id.clone(),
            field: field.to_owned(),
            message,
        };
        let category = match kind {
            Kind::Boundary => String::new(),
            Kind::Zone | Kind::Constraint => feature
                .property("category")
                .and_then(|v| v.as_str())
                .ok_or_else(|| field("category", "missing (a text property)".into()))?
                .to_owned(),
        };
        let known = match kind {
            Kind::Zone => rules.landuse(&category).is_some(),
            Kind::Constraint => rules.constraint(&category).is_some(),
            Kind::Boundary => true,
        };
        if !known {
            let list: Vec<&str> = match kind {
                Kind::Zone => rules.landuses.iter().map(|l| l.category.as_str()).collect(),
                _ => rules
                    .constraints
                    .iter()
                    .map(|c| c.category.as_str())
                    .collect(),
            };
            return Err(field(
                "category",
                format!(
                    "'{category}' is not in the rule table ({})",
                    list.join(", ")
                ),
            ));
        }
        let geometry = feature
            .geometry
            .as_ref()
            .ok_or_else(|| field("geometry", "missing".into()))?;
        let polygons: Vec<&Vec<Vec<Position>>> = match &geometry.value {
            GeometryValue::Polygon { coordinates } => vec![coordinates],
            GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
            other => {
                return Err(field(
                    "geometry",
                    format!("a {} (expected Polygon or MultiPolygon)", other.type_name()),
                ));
            }
        };
        let mut projected = Vec::with_capacity(polygons.len());
        for rings in polygons {
            let mut lines = Vec::with_capacity(rings.len());
            for ring in rings {
                if ring.len() < 4 {
                    return Err(field(
                        "geometry",
                        format!("a ring of {} positions (at least 4)", ring.len()),
                    ));
                }
                let (first, last) = (&ring[0], &ring[ring.len() - 1]);
                // GeoJSON (RFC 7946 §3.1.6) requires the first and last positions to be
                // identical, so exact equality is the rule here, not a tolerance.
                #[allow(clippy::float_cmp)]
                let closed = first.len() >= 2
                    && last.len() >= 2
                    && first[0] == last[0]
                    && first[1] == last[1];
                if !closed {
                    return Err(field(
                        "geometry",
                        format!(
                            "a ring that does not close: it starts at ({}, {}) and ends at ({}, {})",
                            first.as_slice().first().copied().unwrap_or(f64::NAN),
                            first.as_slice().get(1).copied().unwrap_or(f64::NAN),
                            last.as_slice().first().copied().unwrap_or(f64::NAN),
                            last.as_slice().get(1).copied().unwrap_or(f64::NAN),
                        ),
                    ));
                }
                let mut line = Vec::with_capacity(ring.len());
                for p in ring {
                    let (lon, lat) = (p[0], p[1]);
                    if !(lon.is_finite()
                        && lat.is_finite()
                        && (-180.0..=180.0).contains(&lon)
                        && (-90.0..=90.0).contains(&lat))
                    {
                        return Err(field(
                            "geometry",
                            format!("({lon}, {lat}) is not a WGS 84 longitude/latitude"),
                        ));
                    }
                    let (x, y) = to_plane
                        .transform(lon, lat)
                        .map_err(|e| field("geometry", e.to_string()))?;
                    if !(x.is_finite() && y.is_finite()) {
                        return Err(field(
                            "geometry",
                            format!("({lon}, {lat}) cannot be projected to the province's plane"),
                        ));
                    }
                    line.push(geo::coord! { x: x, y: y });
                }
                lines.push(LineString::new(line));
            }
            let mut lines = lines.into_iter();
            let exterior = lines
                .next()
                .ok_or_else(|| field("geometry", "a polygon without rings".into()))?;
            projected.push(Polygon::new(exterior, lines.collect()));
        }
        Ok(PlaneFeature {
            id,
            category,
            geometry: MultiPolygon::new(projected),
        })
    }
}

/// Reads a plan's land-use map (zones with a land-use `category`).
pub fn read_plan(
    file: &str,
    text: &str,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<Vec<PlaneFeature>, GisError> {
    read_features(file, text, Kind::Zone, rules, to_plane)
}

/// Reads a unit's boundary: every polygon of every feature, together.
pub fn read_boundary(
    file: &str,
    text: &str,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<MultiPolygon<f64>, GisError> {
    let features = read_features(file, text, Kind::Boundary, rules, to_plane)?;
    boundary_of(file, features)
}

fn boundary_of(file: &str, features: Vec<PlaneFeature>) -> Result<MultiPolygon<f64>, GisError> {
    let polygons: Vec<Polygon<f64>> = features.into_iter().flat_map(|f| f.geometry.0).collect();
    if polygons.is_empty() {
        return Err(GisError::Parse {
            file: file.to_owned(),
            message: "no polygon: expected the unit's boundary".into(),
        });
    }
    // The unit's parts as one area (a boundary file may hold overlapping or touching parts).
    Ok(geo::unary_union(polygons.iter()))
}

/// Reads a department's layer (constraints with a constraint `category`).
pub fn read_layer(
    name: &str,
    file: &str,
    text: &str,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<Layer, GisError> {
    Ok(Layer {
        name: name.to_owned(),
        file: file.to_owned(),
        features: read_features(file, text, Kind::Constraint, rules, to_plane)?,
    })
}

/// Reads a plan's land-use map from a file of any format plantrack imports.
pub fn read_plan_path(
    path: &Path,
    options: &ImportOptions,
    rules: &Rules,
    to_plane: &Transformer,
    progress: Progress<'_>,
) -> Result<Imported<Vec<PlaneFeature>>, GisError> {
    read_features_path(path, options, Kind::Zone, rules, to_plane, progress)
}

/// Reads a department's layer from a file of any format plantrack imports.
pub fn read_layer_path(
    name: &str,
    path: &Path,
    options: &ImportOptions,
    rules: &Rules,
    to_plane: &Transformer,
    progress: Progress<'_>,
) -> Result<Imported<Layer>, GisError> {
    let read = read_features_path(path, options, Kind::Constraint, rules, to_plane, progress)?;
    Ok(read.map(|features| Layer {
        name: name.to_owned(),
        file: path.display().to_string(),
        features,
    }))
}

/// Reads a unit's boundary from a file of any format plantrack imports.
pub fn read_boundary_path(
    path: &Path,
    options: &ImportOptions,
    rules: &Rules,
    to_plane: &Transformer,
) -> Result<Imported<MultiPolygon<f64>>, GisError> {
    let file = path.display().to_string();
    let read = read_features_path(
        path,
        options,
        Kind::Boundary,
        rules,
        to_plane,
        &mut |_, _| {},
    )?;
    Ok(Imported {
        value: boundary_of(&file, read.value)?,
        warnings: read.warnings,
    })
}
