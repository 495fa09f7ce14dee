//! The overlay of the zones on the layers: each overlap the rules do not allow, as a conflict.

use geo::Validation;
use geo::{Area, BooleanOps, BoundingRect, Centroid, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use serde::{Deserialize, Serialize};

use super::clip;
use super::read::{Layer, PlaneFeature};
use super::rules::{Rules, Verdict};
use crate::crs::Transformer;
use crate::error::GisError;

/// One overlap that the rules do not allow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerResult {
    pub layer: String,
    pub file: String,
    pub features: usize,
    pub conflicts: usize,
    /// Features whose geometry is invalid (a bow-tie, a ring crossing itself): left out of
    /// the overlay, whose areas would mean nothing, and counted so the reader knows.
    pub invalid_features: usize,
    /// Overlaps smaller than the rules' `min_area_m2`, not listed as conflicts: how many and
    /// their total area.
    pub dropped_small: usize,
    pub dropped_small_m2: f64,
    /// `checked` for every layer read (with or without conflicts).
    pub status: LayerStatus,
}

/// What became of a layer in a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerStatus {
    /// Read and overlaid with every zone.
    Checked,
}

impl LayerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LayerStatus::Checked => "checked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub rules: String,
    pub crs: String,
    pub zones: usize,
    pub plan_area_m2: f64,
    pub layers: Vec<LayerResult>,
    pub forbidden: usize,
    pub consult: usize,
    pub conflicts: Vec<Conflict>,
    /// The plan's zones whose geometry is invalid, by id: not overlaid (see
    /// [`LayerResult::invalid_features`]); the check's verdict counts them as problems.
    pub invalid_zones: Vec<String>,
}

/// Whether a geometry can be overlaid: valid as OGC simple features (no self-crossing ring,
/// no bow-tie). An invalid one gives areas that mean nothing (a bow-tie's lobes cancel), so
/// it is refused and reported rather than measured.
pub(crate) fn checkable(g: &MultiPolygon<f64>) -> bool {
    g.is_valid()
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
        invalid_zones: zones
            .iter()
            .filter(|z| !checkable(&z.geometry))
            .map(|z| z.id.clone())
            .collect(),
    })
}

/// A constraint much larger than the zone, cut to the zone's neighbourhood (see [`clip`]): the
/// overlay's grid then scales to the zone, and slivers' areas stay exact to 1e-6.
pub(super) fn near(
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
    let valid: Vec<bool> = layer
        .features
        .iter()
        .map(|f| checkable(&f.geometry))
        .collect();
    let tree: RTree<Indexed> = RTree::bulk_load(
        layer
            .features
            .iter()
            .enumerate()
            .filter(|(i, _)| valid[*i])
            .filter_map(|(i, f)| envelope(&f.geometry).map(|e| GeomWithData::new(e, i)))
            .collect(),
    );
    let mut conflicts = Vec::new();
    let mut dropped = Dropped::default();
    for (zone, zone_area) in zones.iter().zip(zone_areas) {
        if !checkable(&zone.geometry) {
            continue;
        }
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
            if let Some(c) = dropped.keep(conflict(
                zone,
                *zone_area,
                &layer.features[index],
                &layer.name,
                rules,
                to_lonlat,
            )?) {
                conflicts.push(c);
            }
        }
    }
    let result = LayerResult {
        layer: layer.name.clone(),
        file: layer.file.clone(),
        features: layer.features.len(),
        conflicts: conflicts.len(),
        invalid_features: valid.iter().filter(|v| !**v).count(),
        dropped_small: dropped.count,
        dropped_small_m2: dropped.area_m2,
        status: LayerStatus::Checked,
    };
    Ok((conflicts, result))
}

/// What overlaying a zone with one constraint found.
pub(crate) enum Overlap {
    /// Allowed by the rules, or no overlap at all.
    None,
    /// An overlap the rules forbid or refer, smaller than the sliver threshold: its area.
    Small(f64),
    Conflict(Conflict),
}

/// The overlaps under the sliver threshold of one layer: not conflicts, but counted.
#[derive(Debug, Default)]
pub(crate) struct Dropped {
    pub count: usize,
    pub area_m2: f64,
}

impl Dropped {
    /// The conflict found, if one; a small overlap is counted here instead.
    pub fn keep(&mut self, overlap: Overlap) -> Option<Conflict> {
        match overlap {
            Overlap::None => None,
            Overlap::Small(area) => {
                self.count += 1;
                self.area_m2 += area;
                None
            }
            Overlap::Conflict(c) => Some(c),
        }
    }
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
) -> Result<Overlap, GisError> {
    let verdict = rules.verdict(&zone.category, &constraint.category);
    if verdict == Verdict::Allowed {
        return Ok(Overlap::None);
    }
    let Some(bounds) = zone.geometry.bounding_rect() else {
        return Ok(Overlap::None);
    };
    let near_zone = near(&constraint.geometry, bounds);
    let overlap = zone.geometry.intersection(near_zone.as_ref());
    let area = overlap.unsigned_area();
    if area == 0.0 {
        return Ok(Overlap::None);
    }
    if area < rules.min_area_m2 {
        return Ok(Overlap::Small(area));
    }
    let location = match overlap.centroid() {
        Some(c) => {
            let (lon, lat) = to_lonlat.transform(c.x(), c.y())?;
            [round(lon, 6), round(lat, 6)]
        }
        None => [f64::NAN, f64::NAN],
    };
    Ok(Overlap::Conflict(Conflict {
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
