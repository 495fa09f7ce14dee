//! The JSON formats: boundaries (GeoJSON), unit lists and the merges file.

use std::collections::HashSet;

use plantrack_domain::unit::{AdminUnit, FormerUnit, UnitKind};
use serde_json::{Map, Value};

use super::fields::{
    Cx, FieldNames, Problem, Seen, as_object, describe, is_code, kind_from_full_name, label,
    opt_f64, opt_str, problem, req, req_array, req_str, validate,
};
use super::geometry::{check_boundary, normalise_rings};
use super::{ImportedUnit, Lineage, UnitsFileKind, UnitsImport};
use crate::GisError;

pub(super) fn read_json(
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
pub(super) fn former_unit(code: &str, name: &str, merge_type: &str) -> Result<FormerUnit, Problem> {
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

pub(super) fn check_former(former: &[FormerUnit]) -> Result<(), Problem> {
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
