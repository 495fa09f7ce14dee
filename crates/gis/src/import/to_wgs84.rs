//! Positions moved from a file's coordinate system to WGS 84.

use geojson::{GeometryValue, Position};

use crate::crs::{Crs, Transformer};
use crate::error::GisError;

/// Moves a geometry's positions from its source system to WGS 84 longitude/latitude.
pub(crate) struct ToWgs84 {
    transformer: Option<Transformer>,
}

impl ToWgs84 {
    pub(crate) fn new(source: Crs) -> Result<Self, GisError> {
        Ok(ToWgs84 {
            transformer: match source {
                Crs::Wgs84 => None,
                other => Some(Transformer::new(other, Crs::Wgs84)?),
            },
        })
    }

    pub(crate) fn position(&self, x: f64, y: f64) -> Result<Vec<f64>, GisError> {
        match &self.transformer {
            None => Ok(vec![x, y]),
            Some(t) => {
                let (lon, lat) = t.transform(x, y)?;
                Ok(vec![lon, lat])
            }
        }
    }

    /// Transforms every position of `geometry` in place.
    pub(crate) fn geometry(&self, geometry: &mut GeometryValue) -> Result<(), GisError> {
        let Some(t) = &self.transformer else {
            return Ok(());
        };
        let move_all = |positions: &mut [Position]| -> Result<(), GisError> {
            for p in positions {
                if p.len() < 2 {
                    return Err(GisError::Crs("a position with fewer than 2 numbers".into()));
                }
                let (lon, lat) = t.transform(p[0], p[1])?;
                *p = Position::from([lon, lat]);
            }
            Ok(())
        };
        match geometry {
            GeometryValue::Point { coordinates } => move_all(std::slice::from_mut(coordinates)),
            GeometryValue::MultiPoint { coordinates }
            | GeometryValue::LineString { coordinates } => move_all(coordinates),
            GeometryValue::MultiLineString { coordinates }
            | GeometryValue::Polygon { coordinates } => {
                coordinates.iter_mut().try_for_each(|l| move_all(l))
            }
            GeometryValue::MultiPolygon { coordinates } => coordinates
                .iter_mut()
                .flatten()
                .try_for_each(|l| move_all(l)),
            GeometryValue::GeometryCollection { geometries } => geometries
                .iter_mut()
                .try_for_each(|g| self.geometry(&mut g.value)),
        }
    }
}
