//! A GeoJSON FeatureCollection read one feature at a time. The members may come in any order;
//! only the `features` array is held, and only one of its features at a time. A legacy
//! (2008) `crs` member naming an EPSG code plantrack knows is honoured when it comes before
//! `features`, as GDAL writes it; RFC 7946 files have none and are WGS 84.

use std::fmt;
use std::io::Read;
use std::path::Path;

use geojson::Feature;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{ImportOptions, Progress, Sink, ToWgs84, open_counted};
use crate::crs::Crs;
use crate::error::GisError;

/// Reads the GeoJSON file at `path`; progress is in bytes.
pub fn read_path(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let file = path.display().to_string();
    let counted = open_counted(path, &file)?;
    let (read_so_far, total) = (counted.read, counted.total);
    let mut report = |_: usize| progress(read_so_far.get(), total);
    let n = read(&file, counted.reader, options, &mut report, sink)?;
    progress(total, total);
    Ok(n)
}

/// Reads GeoJSON text already in memory.
pub fn read_str(
    file: &str,
    text: &str,
    options: &ImportOptions,
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let mut de = serde_json::Deserializer::from_str(text);
    run(file, &mut de, options, &mut |_| {}, sink)
}

fn read<R: Read>(
    file: &str,
    reader: R,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize),
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    run(file, &mut de, options, progress, sink)
}

fn run<'de, R: serde_json::de::Read<'de>>(
    file: &str,
    de: &mut serde_json::Deserializer<R>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize),
    sink: Sink<'_>,
) -> Result<usize, GisError> {
    let mut state = State {
        file,
        options,
        to_wgs84: None,
        read: 0,
        failure: None,
        progress,
        sink,
        saw_collection: false,
    };
    let parsed = CollectionSeed(&mut state)
        .deserialize(&mut *de)
        .and_then(|()| de.end());
    if let Some(failure) = state.failure.take() {
        return Err(failure);
    }
    parsed.map_err(|e| GisError::Parse {
        file: file.to_owned(),
        message: if state.read > 0 {
            format!("{e} (after feature {})", state.read)
        } else {
            e.to_string()
        },
    })?;
    if !state.saw_collection {
        return Err(GisError::Parse {
            file: file.to_owned(),
            message: "expected a FeatureCollection (no \"type\": \"FeatureCollection\")".into(),
        });
    }
    Ok(state.read)
}

struct State<'a, 'p> {
    file: &'a str,
    options: &'a ImportOptions,
    to_wgs84: Option<ToWgs84>,
    read: usize,
    /// The sink's or the transformation's error, kept whole while serde unwinds.
    failure: Option<GisError>,
    progress: &'p mut dyn FnMut(usize),
    sink: Sink<'p>,
    saw_collection: bool,
}

impl State<'_, '_> {
    /// RFC 7946 GeoJSON is WGS 84; a legacy `crs` member may name another system, and the
    /// option serves when it names one plantrack does not know.
    fn source_crs(&self, crs_member: Option<&serde_json::Value>) -> Result<Crs, GisError> {
        let Some(member) = crs_member else {
            return Ok(Crs::Wgs84);
        };
        let name = member["properties"]["name"].as_str().unwrap_or_default();
        let upper = name.to_ascii_uppercase();
        if upper.ends_with("CRS84") {
            return Ok(Crs::Wgs84);
        }
        upper
            .rsplit(':')
            .next()
            .and_then(|code| code.parse::<u32>().ok())
            .and_then(Crs::from_epsg)
            .or(self.options.crs)
            .ok_or_else(|| GisError::Parse {
                file: self.file.to_owned(),
                message: format!(
                    "the \"crs\" member names a coordinate system plantrack does not know \
                     ({name}); give it with --crs"
                ),
            })
    }

    fn accept(&mut self, mut feature: Feature) -> Result<(), GisError> {
        if self.to_wgs84.is_none() {
            self.to_wgs84 = Some(ToWgs84::new(self.source_crs(None)?)?);
        }
        if let (Some(t), Some(geometry)) = (&self.to_wgs84, feature.geometry.as_mut()) {
            t.geometry(&mut geometry.value)
                .map_err(|e| GisError::Field {
                    file: self.file.to_owned(),
                    feature: super::feature_id(&feature, self.read),
                    field: "geometry".into(),
                    message: e.to_string(),
                })?;
        }
        self.read += 1;
        (self.sink)(feature)?;
        (self.progress)(self.read);
        Ok(())
    }
}

struct CollectionSeed<'s, 'a, 'p>(&'s mut State<'a, 'p>);

impl<'de> DeserializeSeed<'de> for CollectionSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CollectionSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => {
                    let kind: String = map.next_value()?;
                    if kind != "FeatureCollection" {
                        return Err(de::Error::custom(format!(
                            "expected a FeatureCollection, found a {kind}"
                        )));
                    }
                    state.saw_collection = true;
                }
                "crs" => {
                    let member: serde_json::Value = map.next_value()?;
                    if state.to_wgs84.is_some() {
                        return Err(de::Error::custom(
                            "the \"crs\" member comes after the features: put it first or give --crs",
                        ));
                    }
                    let made = state
                        .source_crs(Some(&member))
                        .and_then(ToWgs84::new)
                        .map(|t| state.to_wgs84 = Some(t));
                    if let Err(e) = made {
                        state.failure = Some(e);
                        return Err(de::Error::custom("crs"));
                    }
                }
                "features" => map.next_value_seed(FeaturesSeed(&mut *state))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct FeaturesSeed<'s, 'a, 'p>(&'s mut State<'a, 'p>);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(feature) = seq
            .next_element::<Feature>()
            .map_err(|e| de::Error::custom(format!("feature {}: {e}", state.read + 1)))?
        {
            if let Err(e) = state.accept(feature) {
                state.failure = Some(e);
                return Err(de::Error::custom("sink"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Transformer;

    fn ids(text: &str, options: &ImportOptions) -> Result<Vec<String>, GisError> {
        let mut out = Vec::new();
        read_str("t.geojson", text, options, &mut |f| {
            out.push(super::super::feature_id(&f, out.len()));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn members_in_any_order_and_foreign_members_skipped() {
        let text = r#"{"name": "x", "bbox": [0, 0, 1, 1], "features": [
            {"type": "Feature", "id": "a", "properties": {}, "geometry": null},
            {"type": "Feature", "id": 7, "properties": null, "geometry": {"type": "Point", "coordinates": [103, 22]}}
        ], "type": "FeatureCollection"}"#;
        assert_eq!(ids(text, &ImportOptions::default()).unwrap(), ["a", "7"]);
    }

    #[test]
    fn not_a_collection_and_broken_features_are_named() {
        let err = ids(
            r#"{"type": "Feature", "properties": {}, "geometry": null}"#,
            &ImportOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("expected a FeatureCollection"), "{err}");
        let err = ids(
            r#"{"type": "FeatureCollection", "features": [
                {"type": "Feature", "id": "a", "properties": {}, "geometry": null},
                {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": 5}}]}"#,
            &ImportOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("feature 2"), "{err}");
        let err = ids(
            r#"{"type": "FeatureCollection", "features": [] } x"#,
            &ImportOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("trailing"), "{err}");
    }

    #[test]
    fn a_legacy_crs_member_is_followed() {
        // A point of Lai Châu in VN-2000 / UTM 48N, as GDAL writes a projected GeoJSON.
        let text = r#"{"type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3405"}},
            "features": [{"type": "Feature", "id": 1, "properties": {},
              "geometry": {"type": "Point", "coordinates": [294000.0, 2473000.0]}}]}"#;
        let mut lonlat = [0.0, 0.0];
        read_str("t.geojson", text, &ImportOptions::default(), &mut |f| {
            if let Some(geojson::GeometryValue::Point { coordinates }) = f.geometry.map(|g| g.value)
            {
                lonlat = [coordinates[0], coordinates[1]];
            }
            Ok(())
        })
        .unwrap();
        assert!(
            (lonlat[0] - 103.0).abs() < 0.2 && (lonlat[1] - 22.35).abs() < 0.2,
            "{lonlat:?}"
        );
        // The same point in Lai Châu's own plane, VN-2000 / TM-3 103-00, named by its code.
        let tm3 = Transformer::new(Crs::Wgs84, Crs::from_epsg(9205).unwrap())
            .unwrap()
            .transform(lonlat[0], lonlat[1])
            .unwrap();
        let in_tm3 = text
            .replace("EPSG::3405", "EPSG::9205")
            .replace("294000.0, 2473000.0", &format!("{}, {}", tm3.0, tm3.1));
        let mut again = [0.0, 0.0];
        read_str("t.geojson", &in_tm3, &ImportOptions::default(), &mut |f| {
            if let Some(geojson::GeometryValue::Point { coordinates }) = f.geometry.map(|g| g.value)
            {
                again = [coordinates[0], coordinates[1]];
            }
            Ok(())
        })
        .unwrap();
        assert!(
            (again[0] - lonlat[0]).abs() < 1e-7 && (again[1] - lonlat[1]).abs() < 1e-7,
            "{again:?} vs {lonlat:?}"
        );
        let unknown = text.replace("EPSG::3405", "EPSG::9999");
        let err = ids(&unknown, &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("--crs"), "{err}");
    }
}
