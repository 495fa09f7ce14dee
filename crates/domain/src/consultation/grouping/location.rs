//! Where a pinned opinion is counts: two residents who pin the same crossroads likely speak
//! of the same thing, two who pin opposite ends of the commune likely do not, even in the
//! same words ("the road is too narrow").

use serde::{Deserialize, Serialize};

/// A point on the map, WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
}

/// How distance changes the similarity of two pinned opinions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LocationSettings {
    /// Within this distance (metres) the pins add `bonus`, full at zero, half at the edge.
    pub near_m: f64,
    pub bonus: f32,
    /// From `near_m` to this distance the adjustment falls from zero to `-penalty`, and stays
    /// there beyond.
    pub far_m: f64,
    pub penalty: f32,
}

impl Default for LocationSettings {
    fn default() -> Self {
        Self {
            near_m: 300.0,
            bonus: 0.1,
            far_m: 3000.0,
            penalty: 0.05,
        }
    }
}

/// Metres between two points (haversine on the mean Earth radius; a commune is small enough
/// that the ellipsoid does not matter).
pub fn distance_m(a: Point, b: Point) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// What two opinions' pins add to their text similarity (nothing unless both are pinned).
///
/// ```
/// use plantrack_domain::consultation::grouping::location::{adjustment, LocationSettings, Point};
/// let s = LocationSettings::default();
/// let market = Point { lon: 103.45, lat: 22.40 };
/// assert!(adjustment(Some(market), Some(market), &s) > 0.0);
/// let far = Point { lon: 103.50, lat: 22.40 };
/// assert!(adjustment(Some(market), Some(far), &s) < 0.0);
/// assert_eq!(adjustment(Some(market), None, &s), 0.0);
/// ```
pub fn adjustment(a: Option<Point>, b: Option<Point>, s: &LocationSettings) -> f32 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0.0;
    };
    let d = distance_m(a, b);
    if d <= s.near_m {
        s.bonus * (1.0 - 0.5 * (d / s.near_m) as f32)
    } else if d >= s.far_m {
        -s.penalty
    } else {
        -s.penalty * ((d - s.near_m) / (s.far_m - s.near_m)) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_metres() {
        // 0.001° of latitude is about 111 m.
        let a = Point {
            lon: 103.0,
            lat: 22.0,
        };
        let b = Point {
            lon: 103.0,
            lat: 22.001,
        };
        assert!((distance_m(a, b) - 111.2).abs() < 1.0);
    }

    #[test]
    fn the_adjustment_falls_with_distance() {
        let s = LocationSettings::default();
        let a = Point {
            lon: 103.0,
            lat: 22.0,
        };
        let at = |m: f64| {
            adjustment(
                Some(a),
                Some(Point {
                    lon: 103.0,
                    lat: 22.0 + m / 111_195.0,
                }),
                &s,
            )
        };
        assert!(at(0.0) > at(200.0) && at(200.0) > at(1000.0) && at(1000.0) > at(2000.0));
        assert!((at(10_000.0) + s.penalty).abs() < 1e-6);
    }
}
