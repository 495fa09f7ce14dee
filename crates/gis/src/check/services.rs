//! Public facilities within reach of every residential zone, and every residential zone
//! reaching the national or provincial road network through the plan's roads.

use geo::{BoundingRect, Centroid, Distance, Euclidean, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use serde::{Deserialize, Serialize};

use super::rules::Rules;
use super::{Layer, PlaneFeature};
use crate::crs::Transformer;
use crate::error::GisError;

/// A residential zone out of a facility's reach, or a facility the plan lacks, or a zone
/// without road access.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceIssue {
    /// The facility's land-use category, or `road` for road access.
    pub facility: String,
    /// The residential zone concerned; none when the plan has no such facility at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    pub problem: String,
    /// Distance from the zone to the nearest facility, m.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
}

/// The residential area within reach of the plan's public facilities: what the appraisal's
/// side-by-side table compares between plans of different sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    /// All residential zones, m².
    pub residential_m2: f64,
    /// The residential zones within the radius of every facility the rules require, m².
    pub within_all_m2: f64,
    /// Each required facility, in the rules' order.
    pub facilities: Vec<FacilityReach>,
}

/// The residential area within one facility's radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityReach {
    pub facility: String,
    pub radius_m: f64,
    pub within_m2: f64,
}

/// The reach of the facilities, from the issues [`facilities`] found: a zone it named is out
/// of that facility's reach, and a missing facility reaches no one.
pub fn reach(zones: &[PlaneFeature], rules: &Rules, issues: &[ServiceIssue]) -> Reach {
    use geo::Area;
    let residential: Vec<(&str, f64)> = zones
        .iter()
        .filter(|z| z.category == "residential")
        .map(|z| (z.id.as_str(), z.geometry.unsigned_area()))
        .collect();
    // `+ 0.0`: an empty float sum is -0.0.
    let total = residential.iter().map(|(_, a)| a).sum::<f64>() + 0.0;
    // Looked up per zone and facility: a set, not a scan of the issues each time.
    let missing: std::collections::HashSet<&str> = issues
        .iter()
        .filter(|i| i.zone.is_none())
        .map(|i| i.facility.as_str())
        .collect();
    let far: std::collections::HashSet<(&str, &str)> = issues
        .iter()
        .filter_map(|i| i.zone.as_deref().map(|z| (i.facility.as_str(), z)))
        .collect();
    let out_of_reach =
        |facility: &str, zone: &str| missing.contains(facility) || far.contains(&(facility, zone));
    let facilities = rules
        .facilities
        .iter()
        .map(|f| FacilityReach {
            facility: f.category.clone(),
            radius_m: f.radius_m,
            within_m2: residential
                .iter()
                .filter(|(id, _)| !out_of_reach(&f.category, id))
                .map(|(_, a)| a)
                .sum::<f64>()
                + 0.0,
        })
        .collect();
    let within_all_m2 = residential
        .iter()
        .filter(|(id, _)| {
            !rules
                .facilities
                .iter()
                .any(|f| out_of_reach(&f.category, id))
        })
        .map(|(_, a)| a)
        .sum::<f64>()
        + 0.0;
    Reach {
        residential_m2: total,
        within_all_m2,
        facilities,
    }
}

/// The shortest distance between two areas (0 when they touch or overlap).
fn distance(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    a.0.iter()
        .flat_map(|p| b.0.iter().map(move |q| Euclidean.distance(p, q)))
        .fold(f64::INFINITY, f64::min)
}

fn location(zone: &PlaneFeature, to_lonlat: &Transformer) -> Result<Option<[f64; 2]>, GisError> {
    match zone.geometry.centroid() {
        Some(c) => {
            let (lon, lat) = to_lonlat.transform(c.x(), c.y())?;
            Ok(Some([(lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6]))
        }
        None => Ok(None),
    }
}

type Index = RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>;

fn index<'a>(features: impl Iterator<Item = (usize, &'a MultiPolygon<f64>)>) -> Index {
    RTree::bulk_load(
        features
            .filter_map(|(i, g)| {
                g.bounding_rect().map(|r| {
                    GeomWithData::new(
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                        i,
                    )
                })
            })
            .collect(),
    )
}

/// Candidates whose envelope comes within `reach` of `g`'s.
fn near<'t>(
    tree: &'t Index,
    g: &MultiPolygon<f64>,
    reach: f64,
) -> impl Iterator<Item = usize> + 't {
    let r = g.bounding_rect();
    let envelope = r.map(|r| {
        AABB::from_corners(
            [r.min().x - reach, r.min().y - reach],
            [r.max().x + reach, r.max().y + reach],
        )
    });
    envelope.into_iter().flat_map(move |e| {
        tree.locate_in_envelope_intersecting(&e)
            .map(|c| c.data)
            .collect::<Vec<_>>()
    })
}

/// Each required facility exists, and each residential zone lies within its radius.
pub fn facilities(
    zones: &[PlaneFeature],
    rules: &Rules,
    to_lonlat: &Transformer,
) -> Result<Vec<ServiceIssue>, GisError> {
    let residential: Vec<&PlaneFeature> = zones
        .iter()
        .filter(|z| z.category == "residential")
        .collect();
    let mut issues = Vec::new();
    for facility in &rules.facilities {
        let sites: Vec<&PlaneFeature> = zones
            .iter()
            .filter(|z| z.category == facility.category)
            .collect();
        if sites.is_empty() {
            issues.push(ServiceIssue {
                facility: facility.category.clone(),
                zone: None,
                problem: format!("the plan has no zone of '{}'", facility.category),
                distance_m: None,
                location: None,
            });
            continue;
        }
        let tree = index(sites.iter().enumerate().map(|(i, s)| (i, &s.geometry)));
        for zone in &residential {
            let nearest = near(&tree, &zone.geometry, facility.radius_m)
                .map(|i| distance(&zone.geometry, &sites[i].geometry))
                .fold(f64::INFINITY, f64::min);
            if nearest > facility.radius_m {
                // Beyond the radius: say how far the nearest one really is.
                let actual = if nearest.is_finite() {
                    nearest
                } else {
                    sites
                        .iter()
                        .map(|s| distance(&zone.geometry, &s.geometry))
                        .fold(f64::INFINITY, f64::min)
                };
                issues.push(ServiceIssue {
                    facility: facility.category.clone(),
                    zone: Some(zone.id.clone()),
                    problem: format!(
                        "nearest '{}' is {actual:.0} m away (radius {:.0} m)",
                        facility.category, facility.radius_m
                    ),
                    distance_m: Some(actual),
                    location: location(zone, to_lonlat)?,
                });
            }
        }
    }
    Ok(issues)
}

/// The root of `i`'s group in a union-find forest, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Each residential zone touches a road of the plan that is connected, road to road, to the
/// national or provincial network (the `roads.network` layers).
pub fn road_access(
    zones: &[PlaneFeature],
    layers: &[Layer],
    rules: &Rules,
    to_lonlat: &Transformer,
) -> Result<Vec<ServiceIssue>, GisError> {
    let Some(roads) = &rules.roads else {
        return Ok(Vec::new());
    };
    let touch = roads.touch_m;
    let plan_roads: Vec<&PlaneFeature> = zones
        .iter()
        .filter(|z| z.category == roads.landuse)
        .collect();
    let network: Vec<&MultiPolygon<f64>> = layers
        .iter()
        .flat_map(|l| &l.features)
        .filter(|f| roads.network.contains(&f.category))
        .map(|f| &f.geometry)
        .collect();
    // Connected groups of the plan's roads (union-find over touching roads).
    let mut parent: Vec<usize> = (0..plan_roads.len()).collect();
    let road_tree = index(plan_roads.iter().enumerate().map(|(i, r)| (i, &r.geometry)));
    for (i, road) in plan_roads.iter().enumerate() {
        for j in near(&road_tree, &road.geometry, touch) {
            if j > i && distance(&road.geometry, &plan_roads[j].geometry) <= touch {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let network_tree = index(network.iter().enumerate().map(|(i, g)| (i, *g)));
    let mut reaches = vec![false; plan_roads.len()];
    for (i, road) in plan_roads.iter().enumerate() {
        if near(&network_tree, &road.geometry, touch)
            .any(|k| distance(&road.geometry, network[k]) <= touch)
        {
            let r = root(&mut parent, i);
            reaches[r] = true;
        }
    }
    let mut issues = Vec::new();
    for zone in zones.iter().filter(|z| z.category == "residential") {
        let mut touches_a_road = false;
        let mut connected = false;
        for i in near(&road_tree, &zone.geometry, touch) {
            if distance(&zone.geometry, &plan_roads[i].geometry) <= touch {
                touches_a_road = true;
                if reaches[root(&mut parent, i)] {
                    connected = true;
                    break;
                }
            }
        }
        // A zone right on the network reaches it without the plan's roads.
        let on_network = !connected
            && near(&network_tree, &zone.geometry, touch)
                .any(|k| distance(&zone.geometry, network[k]) <= touch);
        if !connected && !on_network {
            issues.push(ServiceIssue {
                facility: "road".into(),
                zone: Some(zone.id.clone()),
                problem: if touches_a_road {
                    "its roads do not reach the national or provincial network".into()
                } else {
                    "touches no road of the plan".into()
                },
                distance_m: None,
                location: location(zone, to_lonlat)?,
            });
        }
    }
    Ok(issues)
}
