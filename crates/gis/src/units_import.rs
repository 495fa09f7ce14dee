//! Readers for the administrative-unit files: which format a file is comes from its content, and
//! a file is read whole — every unit checked with [`AdminUnit::validate`], every required field's
//! presence and type checked, codes unique — or refused with the first problem found.
//!
//! | kind | content | gives |
//! |---|---|---|
//! | [`UnitsFileKind::CommuneBoundaries`] | GeoJSON FeatureCollection of commune-level units (properties `code`, `name`, `nameEn`, `fullName`, `areaKm2`, `provinceCode`) | units with boundaries |
//! | [`UnitsFileKind::ProvinceBoundary`] | the same for provinces (no `provinceCode`) | provinces with boundaries |
//! | [`UnitsFileKind::UnitList`] | a province object with `Wards`, or an array of them | provinces and their units, no geometry |
//! | [`UnitsFileKind::Merges`] | `merges_new_to_old.level2s` (dvhcvn mapping) | [`Lineage`] only |
//! | [`UnitsFileKind::CommuneTable`] | CSV with `new_code`, names, `unit_type`, `area_km2`, `old_codes`, `old_names`, `merge_types` | units with area and lineage |
//!
//! A unit read together with its lineage (the CSV) carries it in [`AdminUnit::lineage`];
//! [`UnitsImport::lineage`] holds lineage for units the file does not itself describe (the merges file).
//!
//! Boundaries keep every part and every position; only ring orientation is changed, by
//! [`normalise_rings`], to RFC 7946's (the source files have clockwise exteriors).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use geo::winding_order::WindingOrder;
use geo::{Coord, LineString, Winding};
use geojson::{GeometryValue, Position};
use plantrack_domain::DomainError;
use plantrack_domain::unit::{AdminUnit, FormerUnit, UnitKind};
use serde_json::{Map, Value};

use crate::GisError;

#[cfg(test)]
mod tests;

/// A unit read from a file, with its boundary when the file has geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedUnit {
    pub unit: AdminUnit,
    /// WGS 84 lon/lat, a Polygon or MultiPolygon with RFC 7946 ring orientation.
    pub boundary: Option<GeometryValue>,
}

/// The former units a 2025 unit was formed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineage {
    pub unit_code: String,
    pub former: Vec<FormerUnit>,
}

/// Which kind of units file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitsFileKind {
    CommuneBoundaries,
    ProvinceBoundary,
    UnitList,
    Merges,
    CommuneTable,
}

impl UnitsFileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommuneBoundaries => "commune_boundaries",
            Self::ProvinceBoundary => "province_boundary",
            Self::UnitList => "unit_list",
            Self::Merges => "merges",
            Self::CommuneTable => "commune_table",
        }
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitsImport {
    pub kind: UnitsFileKind,
    /// In file order (for a unit list: each province, then its units).
    pub units: Vec<ImportedUnit>,
    /// Lineage of units the file does not describe itself (the merges file); empty otherwise.
    pub lineage: Vec<Lineage>,
}

/// Reads a units file whole, detecting its format from the content (not the file name).
/// `progress(done, total)` is called as features (units, rows, lineage entries) are read.
/// Errors name the file by its file name.
pub fn read_units_file(
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|source| GisError::Io {
        file: file.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let (line, column) = line_column(&bytes[..at]);
        GisError::Parse {
            file: file.clone(),
            message: format!("not UTF-8 text: invalid byte at line {line} column {column}"),
        }
    })?;
    read_units_str(&file, &text, progress)
}

/// Reads the text of a units file named `name` (used in errors); see [`read_units_file`].
pub fn read_units_str(
    name: &str,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let cx = Cx { file: name };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.trim_start().chars().next() {
        Some('{' | '[') => read_json(&cx, text, progress),
        Some(_) if looks_like_commune_table(text) => read_commune_table(&cx, text, progress),
        _ => Err(GisError::UnknownFormat {
            file: name.to_owned(),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Geometry helpers

/// Orients polygon rings as RFC 7946 asks: exterior rings counter-clockwise, holes clockwise.
/// Rings are reversed in place when needed; nothing is dropped, and rings of zero area (whose
/// orientation is undefined) are left as they are. Collections are handled recursively; other
/// geometry types are unchanged.
pub fn normalise_rings(geometry: &mut GeometryValue) {
    fn orient(rings: &mut [Vec<Position>]) {
        for (i, ring) in rings.iter_mut().enumerate() {
            // The positions are reversed in place rather than rebuilt from geo's ring, so that
            // nothing but their order changes.
            let line: LineString<f64> = ring
                .iter()
                .map(|p| {
                    let s = p.as_slice();
                    Coord {
                        x: s.first().copied().unwrap_or(0.0),
                        y: s.get(1).copied().unwrap_or(0.0),
                    }
                })
                .collect();
            let wanted = if i == 0 {
                WindingOrder::CounterClockwise
            } else {
                WindingOrder::Clockwise
            };
            if line.winding_order().is_some_and(|w| w != wanted) {
                ring.reverse();
            }
        }
    }
    match geometry {
        GeometryValue::Polygon { coordinates } => orient(coordinates),
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter_mut().for_each(|p| orient(p));
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                normalise_rings(&mut g.value);
            }
        }
        GeometryValue::Point { .. }
        | GeometryValue::MultiPoint { .. }
        | GeometryValue::LineString { .. }
        | GeometryValue::MultiLineString { .. } => {}
    }
}

/// Checks a boundary: a (Multi)Polygon of closed rings of at least 4 finite 2D lon/lat positions.
fn check_boundary(geometry: &GeometryValue) -> Result<(), String> {
    fn check_polygon(rings: &[Vec<Position>], at: &str) -> Result<(), String> {
        if rings.is_empty() {
            return Err(format!("{at}has no ring"));
        }
        for (j, ring) in rings.iter().enumerate() {
            if ring.len() < 4 {
                return Err(format!(
                    "{at}ring {j} has {} positions; a closed ring needs at least 4",
                    ring.len()
                ));
            }
            for (k, p) in ring.iter().enumerate() {
                let &[x, y] = p.as_slice() else {
                    return Err(format!(
                        "{at}ring {j} position {k} has {} coordinates, expected [lon, lat]",
                        p.len()
                    ));
                };
                if !((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)) {
                    return Err(format!(
                        "{at}ring {j} position {k} [{x}, {y}] is not a WGS 84 longitude/latitude"
                    ));
                }
            }
            if ring.first() != ring.last() {
                return Err(format!(
                    "{at}ring {j} is not closed (first and last positions differ)"
                ));
            }
        }
        Ok(())
    }
    match geometry {
        GeometryValue::Polygon { coordinates } => check_polygon(coordinates, ""),
        GeometryValue::MultiPolygon { coordinates } => {
            if coordinates.is_empty() {
                return Err("is an empty MultiPolygon".to_owned());
            }
            coordinates
                .iter()
                .enumerate()
                .try_for_each(|(i, p)| check_polygon(p, &format!("polygon {i}: ")))
        }
        other => Err(format!(
            "is a {}; a boundary must be a Polygon or MultiPolygon",
            other.type_name()
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and field access

/// The file being read, for errors.
struct Cx<'a> {
    file: &'a str,
}

impl Cx<'_> {
    fn field(&self, feature: &str, problem: Problem) -> GisError {
        GisError::Field {
            file: self.file.to_owned(),
            feature: feature.to_owned(),
            field: problem.field,
            message: problem.message,
        }
    }

    fn parse(&self, message: impl Into<String>) -> GisError {
        GisError::Parse {
            file: self.file.to_owned(),
            message: message.into(),
        }
    }

    fn json_error(&self, text: &str, e: &serde_json::Error) -> GisError {
        let offset = offset_of(text, e.line(), e.column());
        let path = json_path_at(text, offset);
        let inside = if path.is_empty() {
            String::new()
        } else {
            format!(", inside {path}")
        };
        self.parse(format!("not valid JSON: {e}{inside}"))
    }
}

/// A problem with one field of a feature.
#[derive(Debug)]
struct Problem {
    field: String,
    message: String,
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// The feature's label in errors: its index in the file and its code when known.
fn label(index: usize, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("#{index} ({code})"),
        None => format!("#{index}"),
    }
}

fn describe(v: &Value) -> String {
    let short = |s: String| {
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s
        }
    };
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({})", short(format!("{s:?}"))),
        Value::Array(a) => format!("an array of {} elements", a.len()),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn req<'a>(o: &'a Map<String, Value>, field: &str) -> Result<&'a Value, Problem> {
    match o.get(field) {
        None => Err(problem(field, "is missing")),
        Some(Value::Null) => Err(problem(field, "is null")),
        Some(v) => Ok(v),
    }
}

fn req_str<'a>(o: &'a Map<String, Value>, field: &str) -> Result<&'a str, Problem> {
    match req(o, field)? {
        Value::String(s) => Ok(s),
        v => Err(problem(
            field,
            format!("expected a string, found {}", describe(v)),
        )),
    }
}

fn opt_str<'a>(o: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(problem(
            field,
            format!("expected a string, found {}", describe(v)),
        )),
    }
}

fn opt_f64(o: &Map<String, Value>, field: &str) -> Result<Option<f64>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| problem(field, format!("number {n} is out of range"))),
        Some(v) => Err(problem(
            field,
            format!("expected a number, found {}", describe(v)),
        )),
    }
}

fn req_array<'a>(o: &'a Map<String, Value>, field: &str) -> Result<&'a Vec<Value>, Problem> {
    match req(o, field)? {
        Value::Array(a) => Ok(a),
        v => Err(problem(
            field,
            format!("expected an array, found {}", describe(v)),
        )),
    }
}

fn as_object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, Problem> {
    v.as_object()
        .ok_or_else(|| problem(what, format!("expected an object, found {}", describe(v))))
}

fn is_code(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// The names a format gives the fields [`AdminUnit::validate`] checks.
struct FieldNames {
    code: &'static str,
    parent: &'static str,
    name: &'static str,
    area: &'static str,
}

fn validate(unit: &AdminUnit, names: &FieldNames) -> Result<(), Problem> {
    unit.validate().map_err(|e| match e {
        DomainError::InvalidField { field, message } => {
            let field = match field.as_str() {
                "code" => names.code,
                "parent_code" => names.parent,
                "name" | "name_vi" => names.name,
                "area_km2" => names.area,
                _ => return Problem { field, message },
            };
            problem(field, message)
        }
        other => problem(names.code, other.to_string()),
    })
}

/// Detects duplicate unit codes within a file.
#[derive(Default)]
struct Seen(HashMap<String, String>);

impl Seen {
    fn check(&mut self, code: &str, feature: &str, field: &str) -> Result<(), Problem> {
        match self.0.get(code) {
            Some(first) => Err(problem(
                field,
                format!("duplicate code {code}: feature {first} has it already"),
            )),
            None => {
                self.0.insert(code.to_owned(), feature.to_owned());
                Ok(())
            }
        }
    }
}

/// The kind a full name's prefix gives ("Xã Sìn Hồ" → commune); the first letter's case is ignored.
fn kind_from_full_name(full_name: &str) -> Option<UnitKind> {
    let full_name = full_name.trim_start();
    ["Đặc khu", "Thành phố", "Phường", "Xã", "Tỉnh"]
        .into_iter()
        .find(|prefix| {
            full_name.get(..prefix.len()).is_some_and(|head| {
                head.to_lowercase() == prefix.to_lowercase()
                    && full_name[prefix.len()..].starts_with(' ')
            })
        })
        .and_then(UnitKind::from_vietnamese)
}

// ---------------------------------------------------------------------------------------------
// JSON formats

fn read_json(
    cx: &Cx<'_>,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let value: Value = serde_json::from_str(text).map_err(|e| cx.json_error(text, &e))?;
    match value {
        Value::Object(mut o) => {
            match o.get("type").and_then(Value::as_str) {
                Some("FeatureCollection") => {
                    return match o.remove("features") {
                        Some(Value::Array(features)) => read_boundaries(cx, features, progress),
                        Some(v) => Err(cx.parse(format!(
                            "the FeatureCollection's 'features' is {}, expected an array",
                            describe(&v)
                        ))),
                        None => Err(cx.parse("the FeatureCollection has no 'features'")),
                    };
                }
                Some("Feature") => return read_boundaries(cx, vec![Value::Object(o)], progress),
                _ => {}
            }
            if let Some(merges) = o.get("merges_new_to_old") {
                read_merges(cx, merges, progress)
            } else if o.contains_key("Wards") {
                read_unit_list(cx, &[Value::Object(o)], progress)
            } else {
                Err(GisError::UnknownFormat {
                    file: cx.file.to_owned(),
                })
            }
        }
        Value::Array(items)
            if items
                .first()
                .and_then(Value::as_object)
                .is_some_and(|o| o.contains_key("Wards")) =>
        {
            read_unit_list(cx, &items, progress)
        }
        _ => Err(GisError::UnknownFormat {
            file: cx.file.to_owned(),
        }),
    }
}

const BOUNDARY_FIELDS: FieldNames = FieldNames {
    code: "code",
    parent: "provinceCode",
    name: "name",
    area: "areaKm2",
};

fn read_boundaries(
    cx: &Cx<'_>,
    features: Vec<Value>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let total = features.len();
    if total == 0 {
        return Err(cx.parse("the FeatureCollection has no features"));
    }
    progress(0, total);
    let mut units = Vec::with_capacity(total);
    let mut seen = Seen::default();
    let mut file_kind = None;
    for (i, feature) in features.into_iter().enumerate() {
        let Value::Object(mut feature) = feature else {
            return Err(cx.field(
                &label(i, None),
                problem(
                    "(feature)",
                    format!("expected an object, found {}", describe(&feature)),
                ),
            ));
        };
        // The code first (or else the feature's id), so that every error can name the feature.
        let code = feature
            .get("properties")
            .and_then(|p| p.get("code"))
            .or_else(|| feature.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let name = label(i, code.as_deref());
        let unit = boundary_unit(&mut feature, &mut seen, &name, &mut file_kind)
            .map_err(|p| cx.field(&name, p))?;
        units.push(unit);
        progress(i + 1, total);
    }
    Ok(UnitsImport {
        kind: file_kind.unwrap_or(UnitsFileKind::CommuneBoundaries),
        units,
        lineage: Vec::new(),
    })
}

fn boundary_unit(
    feature: &mut Map<String, Value>,
    seen: &mut Seen,
    name: &str,
    file_kind: &mut Option<UnitsFileKind>,
) -> Result<ImportedUnit, Problem> {
    if let Some(t) = feature.get("type")
        && t.as_str() != Some("Feature")
    {
        return Err(problem(
            "type",
            format!("expected \"Feature\", found {}", describe(t)),
        ));
    }
    let props = as_object(req(feature, "properties")?, "properties")?;
    let code = req_str(props, "code")?;
    if let Some(Value::String(id)) = feature.get("id")
        && id != code
    {
        return Err(problem(
            "id",
            format!("is {id:?} but properties.code is {code:?}"),
        ));
    }
    let full_name = req_str(props, "fullName")?;
    let kind = kind_from_full_name(full_name).ok_or_else(|| {
        problem(
            "fullName",
            format!("{full_name:?} does not start with Xã, Phường, Đặc khu, Tỉnh or Thành phố"),
        )
    })?;
    let this_kind = if kind == UnitKind::Province {
        UnitsFileKind::ProvinceBoundary
    } else {
        UnitsFileKind::CommuneBoundaries
    };
    match *file_kind {
        None => *file_kind = Some(this_kind),
        Some(k) if k != this_kind => {
            return Err(problem(
                "fullName",
                format!(
                    "{full_name:?} is a {} but the file's first feature is a {}; \
                     provinces and commune-level units go in separate files",
                    if kind == UnitKind::Province {
                        "province"
                    } else {
                        "commune-level unit"
                    },
                    if k == UnitsFileKind::ProvinceBoundary {
                        "province"
                    } else {
                        "commune-level unit"
                    },
                ),
            ));
        }
        Some(_) => {}
    }
    let parent_code = if kind == UnitKind::Province {
        None
    } else {
        Some(req_str(props, "provinceCode")?.to_owned())
    };
    let unit = AdminUnit {
        code: code.to_owned(),
        parent_code,
        kind,
        name_vi: req_str(props, "name")?.to_owned(),
        name_en: req_str(props, "nameEn")?.to_owned(),
        full_name: full_name.to_owned(),
        area_km2: opt_f64(props, "areaKm2")?,
        lineage: Vec::new(),
    };
    validate(&unit, &BOUNDARY_FIELDS)?;
    if let Some(parent) = &unit.parent_code
        && !is_code(parent, 2)
    {
        return Err(problem(
            "provinceCode",
            format!("{parent:?} is not a 2-digit province code"),
        ));
    }
    let geometry = match feature.remove("geometry") {
        None => return Err(problem("geometry", "is missing")),
        Some(Value::Null) => return Err(problem("geometry", "is null; a boundary is required")),
        Some(g) => g,
    };
    let geometry: geojson::Geometry = serde_json::from_value(geometry)
        .map_err(|e| problem("geometry", format!("is not a valid GeoJSON geometry: {e}")))?;
    let mut boundary = geometry.value;
    check_boundary(&boundary).map_err(|m| problem("geometry", m))?;
    normalise_rings(&mut boundary);
    seen.check(&unit.code, name, "code")?;
    Ok(ImportedUnit {
        unit,
        boundary: Some(boundary),
    })
}

const LIST_FIELDS: FieldNames = FieldNames {
    code: "Code",
    parent: "ProvinceCode",
    name: "Name",
    area: "Area",
};

fn read_unit_list(
    cx: &Cx<'_>,
    provinces: &[Value],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let total = provinces
        .iter()
        .map(|p| 1 + p.get("Wards").and_then(Value::as_array).map_or(0, Vec::len))
        .sum();
    progress(0, total);
    let mut done = 0;
    let mut units = Vec::with_capacity(total);
    let mut seen = Seen::default();
    for (i, province) in provinces.iter().enumerate() {
        let p_label = label(i, province.get("Code").and_then(Value::as_str));
        let (unit, wards) =
            listed_unit(province, None, &mut seen, &p_label).map_err(|p| cx.field(&p_label, p))?;
        let province_code = unit.code.clone();
        units.push(ImportedUnit {
            unit,
            boundary: None,
        });
        done += 1;
        progress(done, total);
        for (j, ward) in wards.iter().enumerate() {
            let w_label = format!(
                "{p_label} ward {}",
                label(j, ward.get("Code").and_then(Value::as_str))
            );
            let (unit, _) = listed_unit(ward, Some(&province_code), &mut seen, &w_label)
                .map_err(|p| cx.field(&w_label, p))?;
            units.push(ImportedUnit {
                unit,
                boundary: None,
            });
            done += 1;
            progress(done, total);
        }
    }
    Ok(UnitsImport {
        kind: UnitsFileKind::UnitList,
        units,
        lineage: Vec::new(),
    })
}

/// One entry of a unit list: a province (`province` is `None`; its `Wards` are returned) or
/// one of its units.
fn listed_unit<'a>(
    entry: &'a Value,
    province: Option<&str>,
    seen: &mut Seen,
    name: &str,
) -> Result<(AdminUnit, &'a [Value]), Problem> {
    let o = as_object(entry, "(entry)")?;
    let code = req_str(o, "Code")?;
    let short = req_str(o, "AdministrativeUnitShortName")?;
    let kind = UnitKind::from_vietnamese(short).ok_or_else(|| {
        problem(
            "AdministrativeUnitShortName",
            format!("{short:?} is not one of Tỉnh, Thành phố, Xã, Phường, Đặc khu"),
        )
    })?;
    match (province, kind) {
        (None, UnitKind::Province) => {}
        (None, _) => {
            return Err(problem(
                "AdministrativeUnitShortName",
                format!("{short:?} is not a province type (Tỉnh or Thành phố)"),
            ));
        }
        (Some(_), UnitKind::Province) => {
            return Err(problem(
                "AdministrativeUnitShortName",
                format!("{short:?} is a province type, but the entry is listed under a province"),
            ));
        }
        (Some(_), _) => {}
    }
    let parent_code = match province {
        None => None,
        Some(p) => {
            let listed = req_str(o, "ProvinceCode")?;
            if listed != p {
                return Err(problem(
                    "ProvinceCode",
                    format!("is {listed:?} but the unit is listed under province {p}"),
                ));
            }
            Some(p.to_owned())
        }
    };
    let unit = AdminUnit {
        code: code.to_owned(),
        parent_code,
        kind,
        name_vi: req_str(o, "Name")?.to_owned(),
        name_en: req_str(o, "NameEn")?.to_owned(),
        full_name: req_str(o, "FullName")?.to_owned(),
        area_km2: None,
        lineage: Vec::new(),
    };
    validate(&unit, &LIST_FIELDS)?;
    let wards: &[Value] = if province.is_none() {
        req_array(o, "Wards")?
    } else {
        &[]
    };
    seen.check(code, name, "Code")?;
    Ok((unit, wards))
}

fn read_merges(
    cx: &Cx<'_>,
    merges: &Value,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let top = |p: Problem| cx.field("merges_new_to_old", p);
    let merges = as_object(merges, "merges_new_to_old").map_err(top)?;
    // The province-level entry (`level1_id`, `merges`) is not lineage of a commune: ignored.
    let level2s = req_array(merges, "level2s").map_err(top)?;
    let total = level2s.len();
    progress(0, total);
    let mut lineage = Vec::with_capacity(total);
    let mut seen = Seen::default();
    for (i, entry) in level2s.iter().enumerate() {
        let name = label(i, entry.get("level2_id").and_then(Value::as_str));
        lineage.push(merge_entry(entry, &mut seen, &name).map_err(|p| cx.field(&name, p))?);
        progress(i + 1, total);
    }
    Ok(UnitsImport {
        kind: UnitsFileKind::Merges,
        units: Vec::new(),
        lineage,
    })
}

fn merge_entry(entry: &Value, seen: &mut Seen, name: &str) -> Result<Lineage, Problem> {
    let o = as_object(entry, "(entry)")?;
    let code = req_str(o, "level2_id")?;
    if !is_code(code, 5) {
        return Err(problem(
            "level2_id",
            format!("{code:?} is not a 5-digit commune-level code"),
        ));
    }
    opt_str(o, "name")?;
    let merges = req_array(o, "merges")?;
    if merges.is_empty() {
        return Err(problem(
            "merges",
            "is empty: a unit is formed from at least one former unit",
        ));
    }
    let mut former = Vec::with_capacity(merges.len());
    for (k, m) in merges.iter().enumerate() {
        let at = |field: &str| format!("merges[{k}].{field}");
        let m = as_object(m, &format!("merges[{k}]"))?;
        let named = |p: Problem| problem(&at(&p.field), p.message);
        let old = req_str(m, "old_id").map_err(named)?;
        let old_name = req_str(m, "name").map_err(named)?;
        let merge_type = req_str(m, "type").map_err(named)?;
        former.push(former_unit(old, old_name, merge_type).map_err(named)?);
    }
    check_former(&former).map_err(|p| problem(&format!("merges.{}", p.field), p.message))?;
    seen.check(code, name, "level2_id")?;
    Ok(Lineage {
        unit_code: code.to_owned(),
        former,
    })
}

/// A former unit; problems name the fields `old_id`, `name` and `type`.
fn former_unit(code: &str, name: &str, merge_type: &str) -> Result<FormerUnit, Problem> {
    if !is_code(code, 5) {
        return Err(problem(
            "old_id",
            format!("{code:?} is not a 5-digit commune-level code"),
        ));
    }
    if name.trim().is_empty() {
        return Err(problem("name", "must not be empty"));
    }
    if !matches!(merge_type, "full" | "partial") {
        return Err(problem(
            "type",
            format!("{merge_type:?} is neither \"full\" nor \"partial\""),
        ));
    }
    Ok(FormerUnit {
        code: code.to_owned(),
        name: name.to_owned(),
        merge_type: merge_type.to_owned(),
    })
}

fn check_former(former: &[FormerUnit]) -> Result<(), Problem> {
    let mut codes = HashSet::new();
    for f in former {
        if !codes.insert(f.code.as_str()) {
            return Err(problem(
                "old_id",
                format!("former unit {} is listed twice", f.code),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The communes table (CSV)

fn looks_like_commune_table(text: &str) -> bool {
    text.lines().next().is_some_and(|header| {
        header
            .split(',')
            .any(|h| h.trim().trim_matches('"') == "new_code")
    })
}

const TABLE_FIELDS: FieldNames = FieldNames {
    code: "new_code",
    parent: "province_code",
    name: "new_name",
    area: "area_km2",
};

/// The province of a 2025 commune-level code, for tables without a `province_code` column: the
/// runs of codes each province has in the national unit list (`vn_units_2025.json`, 3,321 units);
/// a test checks the table against that file. Codes between runs have no province.
#[rustfmt::skip]
const PROVINCE_OF_CODE: &[(&str, &str, &str)] = &[
    ("00004", "00685", "01"), ("00691", "01261", "08"), ("01273", "01822", "04"),
    ("01840", "02191", "19"), ("02212", "02623", "08"), ("02647", "03121", "15"),
    ("03127", "03385", "11"), ("03388", "03640", "12"), ("03646", "04246", "14"),
    ("04252", "04750", "15"), ("04792", "04924", "25"), ("04930", "04930", "01"),
    ("04960", "05425", "25"), ("05443", "05953", "19"), ("05977", "06637", "20"),
    ("06652", "07192", "22"), ("07210", "07870", "24"), ("07894", "08971", "25"),
    ("08974", "09022", "01"), ("09025", "09154", "25"), ("09169", "09529", "24"),
    ("09552", "10489", "01"), ("10507", "11948", "31"), ("11953", "13279", "33"),
    ("13285", "14746", "37"), ("14758", "16654", "38"), ("16681", "18040", "40"),
    ("18073", "18844", "42"), ("18859", "19742", "44"), ("19753", "20182", "46"),
    ("20194", "21004", "48"), ("21025", "21548", "51"), ("21553", "22006", "52"),
    ("22015", "22319", "66"), ("22333", "22909", "56"), ("22918", "23272", "68"),
    ("23284", "23548", "51"), ("23563", "24112", "52"), ("24121", "24607", "66"),
    ("24611", "25180", "68"), ("25195", "25450", "75"), ("25459", "25732", "80"),
    ("25747", "25987", "79"), ("25993", "26503", "75"), ("26506", "27676", "79"),
    ("27694", "28243", "80"), ("28249", "28747", "82"), ("28756", "29857", "86"),
    ("29869", "30259", "82"), ("30292", "31108", "91"), ("31120", "31810", "92"),
    ("31825", "32248", "96"),
];

/// The province a 2025 commune-level code belongs to, from [`PROVINCE_OF_CODE`].
fn province_of(code: &str) -> Option<&'static str> {
    if !is_code(code, 5) {
        return None;
    }
    PROVINCE_OF_CODE
        .iter()
        .find(|(first, last, _)| *first <= code && code <= *last)
        .map(|&(_, _, province)| province)
}

fn read_commune_table(
    cx: &Cx<'_>,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let csv_error = |e: csv::Error| {
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                pos: Some(pos),
                expected_len,
                len,
            } => format!(
                "line {}: the row has {len} fields, the header has {expected_len}",
                line_of_record(text, pos.byte())
            ),
            _ => e.to_string(),
        };
        cx.parse(format!("not valid CSV: {message}"))
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let required = |name: &'static str| {
        column(name)
            .ok_or_else(|| cx.field("header (line 1)", problem(name, "the column is missing")))
    };
    let cols = TableColumns {
        code: required("new_code")?,
        name: required("new_name")?,
        name_en: required("new_name_en")?,
        full_name: required("new_full_name")?,
        unit_type: required("unit_type")?,
        area: required("area_km2")?,
        old_codes: required("old_codes")?,
        old_names: required("old_names")?,
        merge_types: required("merge_types")?,
        n_old: column("n_old_units"),
        province: column("province_code"),
    };
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_error)?;
    let total = records.len();
    progress(0, total);
    let mut units = Vec::with_capacity(total);
    let mut seen = Seen::default();
    for (i, record) in records.iter().enumerate() {
        let code = record
            .get(cols.code)
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let line = record
            .position()
            .map_or(0, |p| line_of_record(text, p.byte()));
        let name = format!("{} at line {line}", label(i, code));
        let unit = table_unit(record, &cols, &mut seen, &name).map_err(|p| cx.field(&name, p))?;
        units.push(ImportedUnit {
            unit,
            boundary: None,
        });
        progress(i + 1, total);
    }
    Ok(UnitsImport {
        kind: UnitsFileKind::CommuneTable,
        units,
        lineage: Vec::new(),
    })
}

struct TableColumns {
    code: usize,
    name: usize,
    name_en: usize,
    full_name: usize,
    unit_type: usize,
    area: usize,
    old_codes: usize,
    old_names: usize,
    merge_types: usize,
    n_old: Option<usize>,
    province: Option<usize>,
}

fn table_unit(
    record: &csv::StringRecord,
    cols: &TableColumns,
    seen: &mut Seen,
    name: &str,
) -> Result<AdminUnit, Problem> {
    // Every record has as many fields as the header: the reader refuses others.
    let get = |i: usize| record.get(i).unwrap_or_default().trim();
    let code = get(cols.code);
    let unit_type = get(cols.unit_type);
    let kind = UnitKind::from_vietnamese(unit_type).ok_or_else(|| {
        problem(
            "unit_type",
            format!("{unit_type:?} is not one of Xã, Phường, Đặc khu, Tỉnh, Thành phố"),
        )
    })?;
    let parent_code = match (kind, cols.province.map(get)) {
        (UnitKind::Province, _) => None,
        (_, Some(p)) if !p.is_empty() => {
            if !is_code(p, 2) {
                return Err(problem(
                    "province_code",
                    format!("{p:?} is not a 2-digit province code"),
                ));
            }
            Some(p.to_owned())
        }
        (_, _) if !is_code(code, 5) => None, // validate() reports the code
        (_, _) => Some(
            province_of(code)
                .ok_or_else(|| {
                    problem(
                        "province_code",
                        format!(
                            "is not given, and {code} is not a 2025 commune-level code whose \
                             province is known; add a province_code column"
                        ),
                    )
                })?
                .to_owned(),
        ),
    };
    let area = get(cols.area);
    let area_km2 = if area.is_empty() {
        None
    } else {
        Some(
            area.parse::<f64>()
                .map_err(|_| problem("area_km2", format!("expected a number, found {area:?}")))?,
        )
    };
    let mut unit = AdminUnit {
        code: code.to_owned(),
        parent_code,
        kind,
        name_vi: get(cols.name).to_owned(),
        name_en: get(cols.name_en).to_owned(),
        full_name: get(cols.full_name).to_owned(),
        area_km2,
        lineage: Vec::new(),
    };
    validate(&unit, &TABLE_FIELDS)?;
    if unit.full_name.is_empty() {
        return Err(problem("new_full_name", "must not be empty"));
    }
    unit.lineage = table_lineage(record, cols)?;
    seen.check(code, name, "new_code")?;
    Ok(unit)
}

fn table_lineage(
    record: &csv::StringRecord,
    cols: &TableColumns,
) -> Result<Vec<FormerUnit>, Problem> {
    let split = |i: usize| -> Vec<&str> {
        let s = record.get(i).unwrap_or_default().trim();
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(';').map(str::trim).collect()
        }
    };
    let (codes, names, types) = (
        split(cols.old_codes),
        split(cols.old_names),
        split(cols.merge_types),
    );
    for (field, list) in [("old_names", &names), ("merge_types", &types)] {
        if list.len() != codes.len() {
            return Err(problem(
                field,
                format!(
                    "has {} entries but old_codes has {}",
                    list.len(),
                    codes.len()
                ),
            ));
        }
    }
    if let Some(i) = cols.n_old {
        let n = record.get(i).unwrap_or_default().trim();
        if !n.is_empty() && n.parse::<usize>().ok() != Some(codes.len()) {
            return Err(problem(
                "n_old_units",
                format!("is {n:?} but old_codes has {} entries", codes.len()),
            ));
        }
    }
    let former = codes
        .iter()
        .zip(&names)
        .zip(&types)
        .map(|((code, name), merge_type)| {
            former_unit(code, name, merge_type).map_err(|p| {
                let field = match p.field.as_str() {
                    "old_id" => "old_codes",
                    "name" => "old_names",
                    _ => "merge_types",
                };
                problem(field, p.message)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_former(&former).map_err(|p| problem("old_codes", p.message))?;
    Ok(former)
}

// ---------------------------------------------------------------------------------------------
// Positions in text, for parse errors

/// 1-based line and column (in characters) of the end of `prefix`.
fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = 1 + String::from_utf8_lossy(&prefix[start..]).chars().count();
    (line, column)
}

/// The 1-based line of a CSV record that starts at `byte` (as the csv crate reports it: with
/// CRLF line ends it points at the LF before the record, and its own line count is one short).
fn line_of_record(text: &str, byte: u64) -> usize {
    let end = usize::try_from(byte).map_or(text.len(), |b| (b + 1).min(text.len()));
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The byte offset of serde_json's 1-based line and (byte) column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(text.len())
}

/// Where in the JSON document `offset` lies, as a path such as
/// `features[37](03640).geometry.coordinates[0][0][812]`: keys, array indices, and, after an
/// object, the `id`/`code` it showed before that point. Used to say where a broken file breaks.
fn json_path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Array(usize),
        Object {
            key: Option<String>,
            expect_key: bool,
            id: Option<String>,
        },
    }
    const ID_KEYS: [&str; 4] = ["id", "code", "Code", "level2_id"];
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let s = String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned();
                let complete = i < bytes.len();
                if let Some(Frame::Object {
                    key,
                    expect_key,
                    id,
                }) = stack.last_mut()
                {
                    if *expect_key {
                        *key = Some(s);
                    } else if complete
                        && key.as_deref().is_some_and(|k| ID_KEYS.contains(&k))
                        && id.is_none()
                    {
                        *id = Some(s);
                    }
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
                id: None,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object {
                    key, expect_key, ..
                }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
            Frame::Object { key, id, .. } => {
                if let Some(id) = id {
                    path.push_str(&format!("({id})"));
                }
                if let Some(key) = key {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
            }
        }
    }
    path
}
