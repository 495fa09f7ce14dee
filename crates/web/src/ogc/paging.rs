//! An items request's paging and filter (`limit`, `offset`, `bbox`, `bbox-crs`), checked, and
//! the paging of a collection held in memory.

use serde::Deserialize;
use serde_json::Value;

use super::CRS84;
use crate::error::ApiError;

/// A client's page when it names no `limit`.
pub(super) const DEFAULT_LIMIT: i64 = 100;
/// A browser's page when its address names no `limit`: few enough features that the page,
/// its table and its map open at once (100 units with their boundaries weighed 3.9 MB);
/// the next links lead to the rest.
pub(super) const PAGE_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 1_000;

#[derive(Debug, Deserialize)]
pub struct ItemsQuery {
    bbox: Option<String>,
    #[serde(rename = "bbox-crs")]
    bbox_crs: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

/// An items request's `limit`, `offset` and `bbox` (min lon, min lat, max lon, max lat), checked.
#[derive(Debug, Clone, Copy)]
pub(super) struct Paging {
    pub(super) limit: i64,
    pub(super) offset: i64,
    pub(super) bbox: Option<[f64; 4]>,
}

/// The bounding box of a GeoJSON geometry's positions.
fn geometry_bbox(geometry: &Value) -> Option<[f64; 4]> {
    fn walk(v: &Value, b: &mut [f64; 4]) {
        match v.as_array() {
            Some(a) if a.len() >= 2 && a[0].is_number() => {
                let (x, y) = (a[0].as_f64().unwrap_or(0.0), a[1].as_f64().unwrap_or(0.0));
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
            Some(a) => a.iter().for_each(|x| walk(x, b)),
            None => {}
        }
    }
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    match geometry["type"].as_str() {
        Some("GeometryCollection") => geometry["geometries"]
            .as_array()
            .into_iter()
            .flatten()
            .for_each(|g| walk(&g["coordinates"], &mut b)),
        _ => walk(&geometry["coordinates"], &mut b),
    }
    (b[0] <= b[2]).then_some(b)
}

impl Paging {
    /// The features of a collection held in memory that meet the box, and their number
    /// before paging.
    pub(super) fn page(&self, features: Vec<Value>) -> (Vec<Value>, i64) {
        let matching: Vec<Value> = features
            .into_iter()
            .filter(|f| match (self.bbox, geometry_bbox(&f["geometry"])) {
                (Some(q), Some(g)) => g[2] >= q[0] && g[0] <= q[2] && g[3] >= q[1] && g[1] <= q[3],
                (Some(_), None) => false,
                (None, _) => true,
            })
            .collect();
        let matched = matching.len() as i64;
        let page = matching
            .into_iter()
            .skip(self.offset as usize)
            .take(self.limit as usize)
            .collect();
        (page, matched)
    }
}

fn number<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, ApiError> {
    text.trim()
        .parse()
        .map_err(|_| ApiError::bad_request(field, "expected a number"))
}

/// The request's paging, `default_limit` when it names no `limit`.
pub(super) fn paging(q: &ItemsQuery, default_limit: i64) -> Result<Paging, ApiError> {
    if q.bbox_crs.as_deref().is_some_and(|c| c != CRS84) {
        return Err(ApiError::bad_request(
            "bbox-crs",
            "only CRS84 (WGS 84 longitude/latitude) is served",
        ));
    }
    let limit = match q.limit.as_deref() {
        Some(l) => number::<i64>("limit", l)?.clamp(1, MAX_LIMIT),
        None => default_limit,
    };
    let offset = match q.offset.as_deref() {
        Some(o) => number::<i64>("offset", o)?.max(0),
        None => 0,
    };
    let bbox = match q.bbox.as_deref() {
        Some(text) => {
            let v: Vec<f64> = text
                .split(',')
                .map(|p| number::<f64>("bbox", p))
                .collect::<Result<_, _>>()?;
            let ok =
                v.len() == 4 && v.iter().all(|x| x.is_finite()) && v[0] <= v[2] && v[1] <= v[3];
            if !ok {
                return Err(ApiError::bad_request(
                    "bbox",
                    "expected min longitude, min latitude, max longitude, max latitude",
                ));
            }
            Some([v[0], v[1], v[2], v[3]])
        }
        None => None,
    };
    Ok(Paging {
        limit,
        offset,
        bbox,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_box_meets_the_features_it_touches() {
        let square = |lon: f64| json!({"geometry": {"type": "Polygon", "coordinates": [[[lon, 0.0], [lon + 1.0, 0.0], [lon + 1.0, 1.0], [lon, 0.0]]]}});
        let p = Paging {
            limit: 1,
            offset: 1,
            bbox: Some([0.5, 0.5, 2.5, 0.6]),
        };
        let (page, matched) = p.page(vec![square(0.0), square(2.0), square(5.0)]);
        assert_eq!(matched, 2);
        assert_eq!(page, vec![square(2.0)]);
    }
}
