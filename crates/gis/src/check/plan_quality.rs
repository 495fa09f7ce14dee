//! What a plan's land-use map must be on its own, before any department's layer: valid
//! zones that do not overlap, zones that cover the unit and stay inside it, and a land-use
//! balance within the norms.

use geo::{Area, BooleanOps, BoundingRect, Centroid, MultiPolygon, Validation};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use serde::{Deserialize, Serialize};

use super::PlaneFeature;
use super::rules::Rules;
use crate::crs::Transformer;
use crate::error::GisError;

/// A problem of the plan's own geometry, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeometryIssue {
    pub zone: String,
    /// The other zone, for an overlap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    pub problem: String,
    /// The overlap's area, for an overlap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<f64>,
    /// WGS 84 longitude and latitude: the overlap's centroid, or the invalid zone's first
    /// vertex.
    pub location: [f64; 2],
}

fn lonlat(to_lonlat: &Transformer, x: f64, y: f64) -> Result<[f64; 2], GisError> {
    let (lon, lat) = to_lonlat.transform(x, y)?;
    Ok([(lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6])
}

/// Invalid zones (self-intersecting rings, rings too short, holes outside their polygon…)
/// and zones that overlap one another by at least `min_area_m2`.
pub fn geometry_issues(
    zones: &[PlaneFeature],
    min_area_m2: f64,
    to_lonlat: &Transformer,
) -> Result<Vec<GeometryIssue>, GisError> {
    let mut issues = Vec::new();
    let mut valid = Vec::with_capacity(zones.len());
    for zone in zones {
        let errors = zone.geometry.validation_errors();
        valid.push(errors.is_empty());
        if let Some(first) = errors.first() {
            let at = zone
                .geometry
                .0
                .first()
                .and_then(|p| p.exterior().0.first())
                .map(|c| lonlat(to_lonlat, c.x, c.y))
                .transpose()?
                .unwrap_or([f64::NAN, f64::NAN]);
            issues.push(GeometryIssue {
                zone: zone.id.clone(),
                other: None,
                problem: first.to_string(),
                area_m2: None,
                location: at,
            });
        }
    }
    let tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> = RTree::bulk_load(
        zones
            .iter()
            .enumerate()
            .filter_map(|(i, z)| {
                z.geometry.bounding_rect().map(|r| {
                    GeomWithData::new(
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                        i,
                    )
                })
            })
            .collect(),
    );
    for (i, zone) in zones.iter().enumerate() {
        // Overlaps are measured between valid zones only: an invalid ring has no inside.
        if !valid[i] {
            continue;
        }
        let Some(r) = zone.geometry.bounding_rect() else {
            continue;
        };
        let query = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        let mut others: Vec<usize> = tree
            .locate_in_envelope_intersecting(&query)
            .map(|c| c.data)
            .filter(|&j| j > i && valid[j])
            .collect();
        others.sort_unstable();
        for j in others {
            let overlap = zone.geometry.intersection(&zones[j].geometry);
            let area = overlap.unsigned_area();
            if area >= min_area_m2 && area > 0.0 {
                let at = match overlap.centroid() {
                    Some(c) => lonlat(to_lonlat, c.x(), c.y())?,
                    None => [f64::NAN, f64::NAN],
                };
                issues.push(GeometryIssue {
                    zone: zone.id.clone(),
                    other: Some(zones[j].id.clone()),
                    problem: format!("overlaps zone {}", zones[j].id),
                    area_m2: Some(area),
                    location: at,
                });
            }
        }
    }
    Ok(issues)
}

/// A piece of area left out of the plan, or drawn outside the unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Piece {
    pub area_m2: f64,
    pub location: [f64; 2],
}

/// The plan's zones against the unit's boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub unit_area_m2: f64,
    pub zones_area_m2: f64,
    /// Inside the unit, in no zone.
    pub left_out_m2: f64,
    /// In a zone, outside the unit.
    pub outside_m2: f64,
    /// The largest pieces of each (at most 20), largest first.
    pub left_out: Vec<Piece>,
    pub outside: Vec<Piece>,
}

fn pieces(
    area: &MultiPolygon<f64>,
    min_area_m2: f64,
    to_lonlat: &Transformer,
) -> Result<Vec<Piece>, GisError> {
    let mut out = Vec::new();
    for polygon in &area.0 {
        let a = polygon.unsigned_area();
        if a >= min_area_m2
            && let Some(c) = polygon.centroid()
        {
            out.push(Piece {
                area_m2: a,
                location: lonlat(to_lonlat, c.x(), c.y())?,
            });
        }
    }
    out.sort_by(|a, b| b.area_m2.total_cmp(&a.area_m2));
    out.truncate(20);
    Ok(out)
}

/// How well the zones cover `unit` (its boundary in the plane): what is left out, what lies
/// outside. Pieces below `min_area_m2` are slivers and not listed (they still count in the
/// totals).
pub fn coverage(
    zones: &[PlaneFeature],
    unit: &MultiPolygon<f64>,
    min_area_m2: f64,
    to_lonlat: &Transformer,
) -> Result<Coverage, GisError> {
    let union = geo::unary_union(zones.iter().map(|z| &z.geometry));
    let left_out = unit.difference(&union);
    let outside = union.difference(unit);
    Ok(Coverage {
        unit_area_m2: unit.unsigned_area(),
        zones_area_m2: union.unsigned_area(),
        left_out_m2: left_out.unsigned_area(),
        outside_m2: outside.unsigned_area(),
        left_out: pieces(&left_out, min_area_m2, to_lonlat)?,
        outside: pieces(&outside, min_area_m2, to_lonlat)?,
    })
}

/// One line of the land-use balance table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceRow {
    pub category: String,
    pub name: String,
    pub area_m2: f64,
    /// Share of the plan's total zone area.
    pub share: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m2_per_person: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm_min_m2_per_person: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm_max_m2_per_person: Option<f64>,
    /// Whether the category meets its norm (only with a population and a norm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_norm: Option<bool>,
}

/// Area and share per land-use category, in the rule table's order, and m² per person
/// against the norms when the population is given.
pub fn balance(zones: &[PlaneFeature], rules: &Rules, population: Option<u64>) -> Vec<BalanceRow> {
    let total: f64 = zones.iter().map(|z| z.geometry.unsigned_area()).sum();
    rules
        .landuses
        .iter()
        .map(|l| {
            // `+ 0.0`: an empty float sum is -0.0, which would print as "-0".
            let area: f64 = zones
                .iter()
                .filter(|z| z.category == l.category)
                .map(|z| z.geometry.unsigned_area())
                .sum::<f64>()
                + 0.0;
            let per_person = population.filter(|&p| p > 0).map(|p| area / p as f64);
            let norm = rules.norms.iter().find(|n| n.category == l.category);
            let (min, max) =
                norm.map_or((None, None), |n| (n.min_m2_per_person, n.max_m2_per_person));
            let meets = match (per_person, norm) {
                (Some(pp), Some(_)) => {
                    Some(min.is_none_or(|m| pp >= m) && max.is_none_or(|m| pp <= m))
                }
                _ => None,
            };
            BalanceRow {
                category: l.category.clone(),
                name: l.name.vi.clone(),
                area_m2: area,
                share: if total > 0.0 { area / total } else { 0.0 },
                m2_per_person: per_person,
                norm_min_m2_per_person: min,
                norm_max_m2_per_person: max,
                meets_norm: meets,
            }
        })
        .collect()
}
