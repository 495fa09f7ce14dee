//! The conformance check of a plan's land-use map against the departments' constraint
//! layers: every overlap of a zone with a constraint, its area in m² in the province's
//! VN-2000 TM-3 plane, where it is, the verdict of the rule table, and the department to
//! consult. Layers checked with no conflict are reported as checked, so that "no conflict"
//! is never confused with "not checked".
//!
//! Inputs follow the contract of `plantrack check`: RFC 7946 GeoJSON; a zone's land-use
//! category and a constraint's category are each feature's `category` property; feature ids
//! are the GeoJSON `id`.

pub mod clip;
pub mod plan_quality;
pub mod rules;
pub mod services;
pub mod stream;

use geo::{Area, BooleanOps, BoundingRect, Centroid, LineString, MultiPolygon, Polygon};
use std::path::Path;

use geojson::{Feature, GeometryValue, Position};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use serde::Serialize;

use crate::crs::Transformer;
use crate::error::GisError;
use crate::import::{self, ImportOptions, Imported, Progress};
use rules::{Rules, Verdict};

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
        out.push(plane_feature(file, out.len(), &f, &kind, rules, to_plane)?);
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
        out.push(plane_feature(&file, out.len(), &f, &kind, rules, to_plane)?);
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
    plane_feature(file, index, feature, &Kind::Constraint, rules, to_plane)
}

/// One feature in the plane, its category checked against the rules.
fn plane_feature(
    file: &str,
    index: usize,
    feature: &Feature,
    kind: &Kind,
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
                if first.len() < 2 || last.len() < 2 || first[0] != last[0] || first[1] != last[1] {
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

/// One overlap that the rules do not allow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub zone: String,
    pub zone_category: String,
    pub constraint: String,
    pub constraint_category: String,
    pub layer: String,
    pub verdict: Verdict,
    /// The department that owns the constraint: to consult, or whose rule forbids.
    pub department: String,
    /// Planar area of the overlap in the province's TM-3 plane, m².
    pub area_m2: f64,
    /// The overlap's share of the zone's area.
    pub share_of_zone: f64,
    /// A point of the overlap (its centroid), WGS 84 longitude and latitude.
    pub location: [f64; 2],
}

/// How a layer was checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerResult {
    pub layer: String,
    pub file: String,
    pub features: usize,
    pub conflicts: usize,
    /// `checked` for every layer read (with or without conflicts).
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub rules: String,
    pub crs: String,
    pub zones: usize,
    pub plan_area_m2: f64,
    pub layers: Vec<LayerResult>,
    pub forbidden: usize,
    pub consult: usize,
    pub conflicts: Vec<Conflict>,
}

pub(crate) type Indexed = GeomWithData<Rectangle<[f64; 2]>, usize>;

pub(crate) fn envelope(g: &MultiPolygon<f64>) -> Option<Rectangle<[f64; 2]>> {
    g.bounding_rect()
        .map(|r| Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]))
}

/// Overlays every zone on every layer, the layers spread over the machine's cores.
/// `to_lonlat` turns plane coordinates back into WGS 84 for the conflicts' locations;
/// `progress` hears (layers done, layers) from whichever thread finished one.
pub fn check(
    zones: &[PlaneFeature],
    layers: &[Layer],
    rules: &Rules,
    crs: &str,
    to_lonlat: &Transformer,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<CheckReport, GisError> {
    let zone_areas: Vec<f64> = zones.iter().map(|z| z.geometry.unsigned_area()).collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let per_layer = crate::parallel::map(layers, |layer| {
        let result = check_layer(zones, &zone_areas, layer, rules, to_lonlat);
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, layers.len());
        result
    });
    assemble(zones, &zone_areas, per_layer, rules, crs)
}

/// The report from each layer's conflicts and result, in layer order.
pub(crate) fn assemble(
    zones: &[PlaneFeature],
    zone_areas: &[f64],
    per_layer: Vec<Result<(Vec<Conflict>, LayerResult), GisError>>,
    rules: &Rules,
    crs: &str,
) -> Result<CheckReport, GisError> {
    let mut conflicts = Vec::new();
    let mut results = Vec::with_capacity(per_layer.len());
    for result in per_layer {
        let (found, layer) = result?;
        conflicts.extend(found);
        results.push(layer);
    }
    Ok(CheckReport {
        rules: rules.name.clone(),
        crs: crs.to_owned(),
        zones: zones.len(),
        plan_area_m2: zone_areas.iter().sum(),
        forbidden: conflicts
            .iter()
            .filter(|c| c.verdict == Verdict::Forbidden)
            .count(),
        consult: conflicts
            .iter()
            .filter(|c| c.verdict == Verdict::Consult)
            .count(),
        layers: results,
        conflicts,
    })
}

/// A constraint much larger than the zone, cut to the zone's neighbourhood (see [`clip`]): the
/// overlay's grid then scales to the zone, and slivers' areas stay exact to 1e-6.
fn near(
    constraint: &MultiPolygon<f64>,
    zone: geo::Rect<f64>,
) -> std::borrow::Cow<'_, MultiPolygon<f64>> {
    let Some(outer) = constraint.bounding_rect() else {
        return std::borrow::Cow::Borrowed(constraint);
    };
    if outer.width() <= 4.0 * zone.width() && outer.height() <= 4.0 * zone.height() {
        return std::borrow::Cow::Borrowed(constraint);
    }
    let margin = 1.0 + 0.01 * (zone.width() + zone.height());
    let around = geo::Rect::new(
        geo::coord! { x: zone.min().x - margin, y: zone.min().y - margin },
        geo::coord! { x: zone.max().x + margin, y: zone.max().y + margin },
    );
    std::borrow::Cow::Owned(clip::clip_to_rect(constraint, around))
}

/// The conflicts of every zone with one layer, zones in order, candidates in layer order.
fn check_layer(
    zones: &[PlaneFeature],
    zone_areas: &[f64],
    layer: &Layer,
    rules: &Rules,
    to_lonlat: &Transformer,
) -> Result<(Vec<Conflict>, LayerResult), GisError> {
    let tree: RTree<Indexed> = RTree::bulk_load(
        layer
            .features
            .iter()
            .enumerate()
            .filter_map(|(i, f)| envelope(&f.geometry).map(|e| GeomWithData::new(e, i)))
            .collect(),
    );
    let mut conflicts = Vec::new();
    for (zone, zone_area) in zones.iter().zip(zone_areas) {
        let Some(bounds) = zone.geometry.bounding_rect() else {
            continue;
        };
        let query = AABB::from_corners(
            [bounds.min().x, bounds.min().y],
            [bounds.max().x, bounds.max().y],
        );
        let mut candidates: Vec<usize> = tree
            .locate_in_envelope_intersecting(&query)
            .map(|c| c.data)
            .collect();
        candidates.sort_unstable();
        for index in candidates {
            if let Some(c) = conflict(
                zone,
                *zone_area,
                &layer.features[index],
                &layer.name,
                rules,
                to_lonlat,
            )? {
                conflicts.push(c);
            }
        }
    }
    let result = LayerResult {
        layer: layer.name.clone(),
        file: layer.file.clone(),
        features: layer.features.len(),
        conflicts: conflicts.len(),
        status: "checked",
    };
    Ok((conflicts, result))
}

/// The conflict of a zone with one constraint, if the rules do not allow their overlap and it
/// is larger than the sliver threshold.
pub(crate) fn conflict(
    zone: &PlaneFeature,
    zone_area: f64,
    constraint: &PlaneFeature,
    layer: &str,
    rules: &Rules,
    to_lonlat: &Transformer,
) -> Result<Option<Conflict>, GisError> {
    let verdict = rules.verdict(&zone.category, &constraint.category);
    if verdict == Verdict::Allowed {
        return Ok(None);
    }
    let Some(bounds) = zone.geometry.bounding_rect() else {
        return Ok(None);
    };
    let near_zone = near(&constraint.geometry, bounds);
    let overlap = zone.geometry.intersection(near_zone.as_ref());
    let area = overlap.unsigned_area();
    if area < rules.min_area_m2 || area == 0.0 {
        return Ok(None);
    }
    let location = match overlap.centroid() {
        Some(c) => {
            let (lon, lat) = to_lonlat.transform(c.x(), c.y())?;
            [round(lon, 6), round(lat, 6)]
        }
        None => [f64::NAN, f64::NAN],
    };
    Ok(Some(Conflict {
        zone: zone.id.clone(),
        zone_category: zone.category.clone(),
        constraint: constraint.id.clone(),
        constraint_category: constraint.category.clone(),
        layer: layer.to_owned(),
        verdict,
        department: rules
            .constraint(&constraint.category)
            .map(|c| c.department.clone())
            .unwrap_or_default(),
        area_m2: area,
        share_of_zone: if zone_area > 0.0 {
            area / zone_area
        } else {
            0.0
        },
        location,
    }))
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Everything the check tells of a plan: its conflicts with the layers, and — unless only the
/// conflicts were asked for — its own geometry, its coverage of the unit (given its boundary),
/// its land-use balance and its services.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullReport {
    #[serde(flatten)]
    pub conflicts: CheckReport,
    pub geometry: Vec<plan_quality::GeometryIssue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<plan_quality::Coverage>,
    pub balance: Vec<plan_quality::BalanceRow>,
    /// Facilities out of reach or missing, and residential zones without road access.
    pub services: Vec<services::ServiceIssue>,
}

/// What a whole check needs besides the zones, the layers and the rules.
pub struct Plan<'a> {
    /// The unit's boundary in the plane, for the coverage.
    pub boundary: Option<&'a MultiPolygon<f64>>,
    /// The population, for the balance in m² per person.
    pub population: Option<u64>,
    /// Only the conflicts (what the benchmark against shapely compares).
    pub conflicts_only: bool,
}

/// Runs [`check`] and, unless `plan.conflicts_only`, every check of the plan itself.
pub fn full_check(
    zones: &[PlaneFeature],
    layers: &[Layer],
    rules: &Rules,
    crs: &str,
    to_lonlat: &Transformer,
    plan: &Plan<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<FullReport, GisError> {
    let conflicts = check(zones, layers, rules, crs, to_lonlat, progress)?;
    complete(zones, conflicts, layers, rules, to_lonlat, plan)
}

/// The whole report from the conflicts: the plan's own geometry, coverage, balance and
/// services (roads reached through `road_layers`), unless only the conflicts were asked for.
pub(crate) fn complete(
    zones: &[PlaneFeature],
    conflicts: CheckReport,
    road_layers: &[Layer],
    rules: &Rules,
    to_lonlat: &Transformer,
    plan: &Plan<'_>,
) -> Result<FullReport, GisError> {
    if plan.conflicts_only {
        return Ok(FullReport {
            conflicts,
            geometry: Vec::new(),
            coverage: None,
            balance: Vec::new(),
            services: Vec::new(),
        });
    }
    let coverage = plan
        .boundary
        .map(|unit| plan_quality::coverage(zones, unit, rules.min_area_m2, to_lonlat))
        .transpose()?;
    let mut service_issues = services::facilities(zones, rules, to_lonlat)?;
    service_issues.extend(services::road_access(zones, road_layers, rules, to_lonlat)?);
    Ok(FullReport {
        geometry: plan_quality::geometry_issues(zones, rules.min_area_m2, to_lonlat)?,
        coverage,
        balance: plan_quality::balance(zones, rules, plan.population),
        services: service_issues,
        conflicts,
    })
}
