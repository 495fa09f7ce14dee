//! Tests on the real data files in `data/` and on broken copies of them made in memory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use geojson::{GeometryValue, Position};
use plantrack_domain::unit::{FormerUnit, UnitKind};
use serde_json::Value;

use super::commune_table::province_of;
use super::*;
use crate::wkb::{bbox, from_wkb, to_wkb};

const COMMUNES: &str = "laichau_communes_2025.geojson";
const PROVINCE: &str = "laichau_province_2025.geojson";
const LAICHAU_UNITS: &str = "laichau_units_2025.json";
const VN_UNITS: &str = "vn_units_2025.json";
const MERGES: &str = "laichau_merges_2025.json";
const TABLE: &str = "laichau_communes_2025.csv";

/// A ring's signed area in square degrees, positive when it runs counter-clockwise.
fn ring_signed_area(ring: &[Position]) -> f64 {
    use geo::Area;
    let line: geo::LineString<f64> = ring.iter().map(|p| (p[0], p[1])).collect();
    geo::Polygon::new(line, Vec::new()).signed_area()
}

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(path(name)).unwrap()
}

/// Reads a real file, checking that progress runs from 0 to its total without going back.
fn read(name: &str) -> UnitsImport {
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let import = read_units_file(&path(name), &mut |done, total| calls.push((done, total)))
        .unwrap_or_else(|e| panic!("{e}"));
    let total = calls.first().unwrap().1;
    assert_eq!(calls.first(), Some(&(0, total)), "{name}");
    assert_eq!(calls.last(), Some(&(total, total)), "{name}");
    assert!(
        calls
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 == w[1].1),
        "{name}"
    );
    assert_eq!(
        total,
        import.units.len().max(import.lineage.len()),
        "{name}"
    );
    import
}

fn read_str(name: &str, text: &str) -> Result<UnitsImport, GisError> {
    read_units_str(name, text, &mut |_, _| {})
}

fn by_code(import: &UnitsImport) -> BTreeMap<&str, &ImportedUnit> {
    import
        .units
        .iter()
        .map(|u| (u.unit.code.as_str(), u))
        .collect()
}

fn lineage_of<'a>(import: &'a UnitsImport, code: &str) -> &'a [FormerUnit] {
    &import
        .lineage
        .iter()
        .find(|l| l.unit_code == code)
        .unwrap()
        .former
}

fn former(code: &str, name: &str) -> FormerUnit {
    FormerUnit {
        code: code.to_owned(),
        name: name.to_owned(),
        merge_type: "full".to_owned(),
    }
}

fn polygons(g: &GeometryValue) -> Vec<&Vec<Vec<Position>>> {
    match g {
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
        GeometryValue::Polygon { coordinates } => vec![coordinates],
        other => panic!("not a boundary: {}", other.type_name()),
    }
}

/// Area on the sphere of the authalic radius, km² (Chamberlain & Duquette), holes subtracted.
fn spherical_area_km2(g: &GeometryValue) -> f64 {
    const R: f64 = 6_371_007.181;
    let ring = |r: &[Position]| {
        let s: f64 = r
            .windows(2)
            .map(|w| {
                let (x1, y1) = (w[0][0].to_radians(), w[0][1].to_radians());
                let (x2, y2) = (w[1][0].to_radians(), w[1][1].to_radians());
                (x2 - x1) * (2.0 + y1.sin() + y2.sin())
            })
            .sum();
        (s * R * R / 2.0).abs()
    };
    polygons(g)
        .into_iter()
        .map(|p| ring(&p[0]) - p[1..].iter().map(|h| ring(h)).sum::<f64>())
        .sum::<f64>()
        / 1e6
}

/// The error of reading `text` as `name`; it must be a field error naming the file, and its
/// message must name the feature and the field.
fn field_error(name: &str, text: &str) -> (String, String, String) {
    match read_str(name, text) {
        Err(e @ GisError::Field { .. }) => {
            let shown = e.to_string();
            let GisError::Field {
                file,
                feature,
                field,
                message,
            } = e
            else {
                unreachable!()
            };
            assert_eq!(file, name);
            assert_eq!(
                shown,
                format!("{file}: feature {feature}: field '{field}': {message}")
            );
            (feature, field, message)
        }
        Err(other) => panic!("expected a field error, got {other:?}"),
        Ok(import) => panic!("expected a field error, read {} units", import.units.len()),
    }
}

/// Replaces exactly one occurrence of `from`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

// --- the real files ----------------------------------------------------------------------

#[test]
fn commune_boundaries_import() {
    let import = read(COMMUNES);
    assert_eq!(import.kind, UnitsFileKind::CommuneBoundaries);
    assert_eq!(import.units.len(), 38);
    assert!(import.lineage.is_empty());
    assert!(import.units.iter().all(|u| u.boundary.is_some()));
    let kinds: Vec<UnitKind> = import.units.iter().map(|u| u.unit.kind).collect();
    assert_eq!(
        kinds.iter().filter(|&&k| k == UnitKind::Commune).count(),
        36
    );
    assert_eq!(kinds.iter().filter(|&&k| k == UnitKind::Ward).count(), 2);
    assert!(
        import
            .units
            .iter()
            .all(|u| u.unit.parent_code.as_deref() == Some("12"))
    );

    let units = by_code(&import);
    let sin_ho = &units["03478"].unit;
    assert_eq!(
        (
            sin_ho.name_vi.as_str(),
            sin_ho.name_en.as_str(),
            sin_ho.full_name.as_str()
        ),
        ("Sìn Hồ", "Sin Ho", "Xã Sìn Hồ")
    );
    assert_eq!(
        (sin_ho.kind, sin_ho.area_km2),
        (UnitKind::Commune, Some(159.68))
    );
    assert_eq!(units["03408"].unit.name_vi, "Tân Phong");
    assert_eq!(units["03408"].unit.kind, UnitKind::Ward);
    assert_eq!(units["03388"].unit.name_vi, "Đoàn Kết");
    assert_eq!(units["03388"].unit.kind, UnitKind::Ward);
    assert_eq!(units["03451"].unit.name_vi, "Mù Cả");
    assert_eq!(units["03463"].unit.name_vi, "Tà Tổng");

    // The commune areas add up to the province's 9,068.73 km².
    let sum: f64 = import.units.iter().map(|u| u.unit.area_km2.unwrap()).sum();
    assert!((sum / 9068.73 - 1.0).abs() < 0.0003, "{sum}");
}

#[test]
fn commune_boundaries_keep_every_part_and_position() {
    let import = read(COMMUNES);
    let raw: Value = serde_json::from_str(&text(COMMUNES)).unwrap();
    let raw_features = raw["features"].as_array().unwrap();
    for (u, f) in import.units.iter().zip(raw_features) {
        assert_eq!(f["properties"]["code"], u.unit.code.as_str());
        let raw_geometry: geojson::Geometry =
            serde_json::from_value(f["geometry"].clone()).unwrap();
        let raw_polygons = polygons(&raw_geometry.value);
        let boundary = u.boundary.as_ref().unwrap();
        let polygons = polygons(boundary);
        assert_eq!(polygons.len(), raw_polygons.len(), "{}", u.unit.code);
        for (p, raw_p) in polygons.iter().zip(&raw_polygons) {
            assert_eq!(p.len(), raw_p.len());
            for (r, raw_r) in p.iter().zip(raw_p.iter()) {
                // The same closed ring, at most reversed.
                let mut reversed = raw_r.clone();
                reversed.reverse();
                assert!(r == raw_r || *r == reversed, "{}", u.unit.code);
            }
        }
        // The file's own bbox of the feature is the one computed from the geometry.
        let file_bbox: Vec<f64> = serde_json::from_value(f["bbox"].clone()).unwrap();
        assert_eq!(
            bbox(boundary).unwrap().to_vec(),
            file_bbox,
            "{}",
            u.unit.code
        );
    }
    // The two features with a sliver part keep it.
    let units = by_code(&import);
    for code in ["03394", "03460"] {
        let parts = polygons(units[code].boundary.as_ref().unwrap());
        assert_eq!(parts.len(), 2, "{code}");
        let sliver = parts
            .iter()
            .map(|p| ring_signed_area(&p[0]).abs())
            .fold(f64::MAX, f64::min);
        assert!(sliver > 0.0 && sliver < 1e-11, "{code}: {sliver}");
    }
}

#[test]
fn rings_are_normalised_to_rfc_7946() {
    // The source has clockwise exteriors...
    let raw: Value = serde_json::from_str(&text(COMMUNES)).unwrap();
    for f in raw["features"].as_array().unwrap() {
        let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
        for p in polygons(&g.value) {
            assert!(ring_signed_area(&p[0]) < 0.0, "{}", f["id"]);
        }
    }
    // ...the import makes every exterior counter-clockwise and every hole clockwise.
    for name in [COMMUNES, PROVINCE] {
        for u in &read(name).units {
            for p in polygons(u.boundary.as_ref().unwrap()) {
                assert!(ring_signed_area(&p[0]) > 0.0, "{}", u.unit.code);
                assert!(
                    p[1..].iter().all(|h| ring_signed_area(h) < 0.0),
                    "{}",
                    u.unit.code
                );
            }
        }
    }
}

#[test]
// The areas of these small integer rings are exact in f64, so they compare exactly.
#[allow(clippy::float_cmp)]
fn normalise_rings_orients_holes_and_collections() {
    let ccw = vec![
        Position::from([0.0, 0.0]),
        Position::from([4.0, 0.0]),
        Position::from([4.0, 4.0]),
        Position::from([0.0, 4.0]),
        Position::from([0.0, 0.0]),
    ];
    let hole_ccw = vec![
        Position::from([1.0, 1.0]),
        Position::from([2.0, 1.0]),
        Position::from([2.0, 2.0]),
        Position::from([1.0, 1.0]),
    ];
    let rev = |r: &Vec<Position>| r.iter().rev().cloned().collect::<Vec<_>>();
    assert_eq!(ring_signed_area(&ccw), 16.0);
    assert_eq!(ring_signed_area(&rev(&ccw)), -16.0);
    let mut g = GeometryValue::new_geometry_collection([
        GeometryValue::Polygon {
            coordinates: vec![rev(&ccw), hole_ccw.clone()],
        },
        GeometryValue::new_point([1.0, 1.0]),
    ]);
    normalise_rings(&mut g);
    let expected = GeometryValue::new_geometry_collection([
        GeometryValue::Polygon {
            coordinates: vec![ccw.clone(), rev(&hole_ccw)],
        },
        GeometryValue::new_point([1.0, 1.0]),
    ]);
    assert_eq!(g, expected);
    // Already normalised: unchanged; a ring of zero area is left alone.
    normalise_rings(&mut g);
    assert_eq!(g, expected);
    let flat = vec![
        Position::from([0.0, 0.0]),
        Position::from([1.0, 1.0]),
        Position::from([0.0, 0.0]),
    ];
    let mut line = GeometryValue::Polygon {
        coordinates: vec![flat.clone()],
    };
    normalise_rings(&mut line);
    assert_eq!(
        line,
        GeometryValue::Polygon {
            coordinates: vec![flat]
        }
    );
}

#[test]
fn real_boundaries_round_trip_through_wkb() {
    for name in [COMMUNES, PROVINCE] {
        for u in &read(name).units {
            let g = u.boundary.as_ref().unwrap();
            let bytes = to_wkb(g).unwrap();
            assert_eq!(&from_wkb(&bytes).unwrap(), g, "{}", u.unit.code);
            assert_eq!(bytes[0], 1, "little-endian");
        }
    }
}

#[test]
fn province_boundary_imports() {
    let import = read(PROVINCE);
    assert_eq!(import.kind, UnitsFileKind::ProvinceBoundary);
    assert_eq!(import.units.len(), 1);
    let p = &import.units[0];
    assert_eq!(p.unit.code, "12");
    assert_eq!(p.unit.kind, UnitKind::Province);
    assert_eq!(p.unit.parent_code, None);
    assert_eq!(
        (p.unit.name_vi.as_str(), p.unit.full_name.as_str()),
        ("Lai Châu", "Tỉnh Lai Châu")
    );
    assert_eq!(p.unit.area_km2, Some(9068.73));

    // The outline and the communes cover the same ground: their spherical areas agree within
    // 0.1 % and their extents within 0.01° (the outline is a little generalised).
    let outline = p.boundary.as_ref().unwrap();
    let communes = read(COMMUNES);
    let sum: f64 = communes
        .units
        .iter()
        .map(|u| spherical_area_km2(u.boundary.as_ref().unwrap()))
        .sum();
    let whole = spherical_area_km2(outline);
    assert!((sum / whole - 1.0).abs() < 0.001, "{sum} vs {whole}");
    // Each commune's geometry matches its stated area within 1 %.
    for u in &communes.units {
        let a = spherical_area_km2(u.boundary.as_ref().unwrap());
        assert!(
            (a / u.unit.area_km2.unwrap() - 1.0).abs() < 0.01,
            "{}: {a}",
            u.unit.code
        );
    }
    let b = bbox(outline).unwrap();
    let all = communes
        .units
        .iter()
        .map(|u| bbox(u.boundary.as_ref().unwrap()).unwrap())
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })
        .unwrap();
    assert!(
        b.iter().zip(all).all(|(x, y)| (x - y).abs() < 0.01),
        "{b:?} vs {all:?}"
    );
}

#[test]
fn province_unit_list_imports() {
    let import = read(LAICHAU_UNITS);
    assert_eq!(import.kind, UnitsFileKind::UnitList);
    assert_eq!(import.units.len(), 39);
    let province = &import.units[0].unit;
    assert_eq!(
        (province.code.as_str(), province.kind),
        ("12", UnitKind::Province)
    );
    assert_eq!(province.parent_code, None);
    assert!(
        import
            .units
            .iter()
            .all(|u| u.boundary.is_none() && u.unit.area_km2.is_none())
    );

    // The same 38 units, with the same names and kinds, as the boundaries.
    let boundaries = read(COMMUNES);
    let listed: BTreeMap<_, _> = import.units[1..]
        .iter()
        .map(|u| {
            (
                u.unit.code.clone(),
                (
                    u.unit.kind,
                    u.unit.name_vi.clone(),
                    u.unit.full_name.clone(),
                ),
            )
        })
        .collect();
    let drawn: BTreeMap<_, _> = boundaries
        .units
        .iter()
        .map(|u| {
            (
                u.unit.code.clone(),
                (
                    u.unit.kind,
                    u.unit.name_vi.clone(),
                    u.unit.full_name.clone(),
                ),
            )
        })
        .collect();
    assert_eq!(listed, drawn);
}

#[test]
fn national_unit_list_imports() {
    let import = read(VN_UNITS);
    assert_eq!(import.kind, UnitsFileKind::UnitList);
    let count = |k: UnitKind| import.units.iter().filter(|u| u.unit.kind == k).count();
    assert_eq!(count(UnitKind::Province), 34);
    assert_eq!(import.units.len() - 34, 3321);
    // The National Assembly's resolutions of June 2025 counted 2,621 communes and 687 wards; this
    // unit list (2026-07-25) has 2,611 and 697: ten communes have become wards since.
    assert_eq!(count(UnitKind::Commune), 2611);
    assert_eq!(count(UnitKind::Ward), 697);
    assert_eq!(count(UnitKind::SpecialZone), 13);
    let provinces: BTreeSet<&str> = import
        .units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Province)
        .map(|u| u.unit.code.as_str())
        .collect();
    assert!(
        import
            .units
            .iter()
            .filter_map(|u| u.unit.parent_code.as_deref())
            .all(|p| provinces.contains(p))
    );
    let units = by_code(&import);
    assert_eq!(units["01"].unit.full_name, "Thành phố Hà Nội");
    assert_eq!(units["03478"].unit.name_vi, "Sìn Hồ");
    // One unit's full name is written in lower case in the source; the type field gives its kind.
    assert_eq!(units["06325"].unit.full_name, "xã Bắc Sơn");
    assert_eq!(units["06325"].unit.kind, UnitKind::Commune);

    // The table the CSV reader uses to find a commune's province agrees with the whole country.
    for u in &import.units {
        if let Some(parent) = &u.unit.parent_code {
            assert_eq!(
                province_of(&u.unit.code),
                Some(parent.as_str()),
                "{}",
                u.unit.code
            );
        }
    }
    assert_eq!(province_of("03387"), None);
    assert_eq!(province_of("3478"), None);
}

#[test]
fn merges_give_lineage() {
    let import = read(MERGES);
    assert_eq!(import.kind, UnitsFileKind::Merges);
    assert!(import.units.is_empty());
    assert_eq!(import.lineage.len(), 38);
    // The province-level entry ("12") is not lineage.
    assert!(import.lineage.iter().all(|l| l.unit_code.len() == 5));
    assert_eq!(
        lineage_of(&import, "03478"),
        [
            former("03478", "Thị trấn Sìn Hồ"),
            former("03505", "Xã Phăng Sô Lin"),
            former("03511", "Xã Tả Phìn"),
            former("03514", "Xã Sà Dề Phìn"),
        ]
    );
    // Mù Cả and Tà Tổng were not merged: their lineage is only themselves.
    assert_eq!(lineage_of(&import, "03451"), [former("03451", "Xã Mù Cả")]);
    assert_eq!(
        lineage_of(&import, "03463"),
        [former("03463", "Xã Tà Tổng")]
    );
    // 106 former communes became 38, each exactly once.
    let olds: Vec<&str> = import
        .lineage
        .iter()
        .flat_map(|l| l.former.iter().map(|f| f.code.as_str()))
        .collect();
    assert_eq!(olds.len(), 106);
    assert_eq!(olds.iter().collect::<BTreeSet<_>>().len(), 106);
    // Lineage for exactly the units that have boundaries.
    let lineage_codes: BTreeSet<&str> = import
        .lineage
        .iter()
        .map(|l| l.unit_code.as_str())
        .collect();
    let boundaries = read(COMMUNES);
    assert_eq!(
        lineage_codes,
        by_code(&boundaries).keys().copied().collect()
    );
}

#[test]
fn commune_table_imports() {
    let import = read(TABLE);
    assert_eq!(import.kind, UnitsFileKind::CommuneTable);
    assert_eq!(import.units.len(), 38);
    assert!(
        import.lineage.is_empty(),
        "the table's lineage is on its units"
    );
    let merges = read(MERGES);
    let boundaries = read(COMMUNES);
    let drawn = by_code(&boundaries);
    for u in &import.units {
        let d = &drawn[u.unit.code.as_str()].unit;
        assert_eq!(u.unit.parent_code.as_deref(), Some("12"));
        assert!(u.boundary.is_none());
        // The same unit as in the boundaries, now with its lineage: that of the merges file.
        assert_eq!(
            u.unit.lineage,
            lineage_of(&merges, &u.unit.code),
            "{}",
            u.unit.code
        );
        let mut without = u.unit.clone();
        without.lineage.clear();
        assert_eq!(&without, d);
    }
    assert_eq!(by_code(&import)["03478"].unit.lineage.len(), 4);
}

#[test]
fn format_comes_from_the_content() {
    assert_eq!(
        read_str("x.txt", &text(PROVINCE)).unwrap().kind,
        UnitsFileKind::ProvinceBoundary
    );
    assert_eq!(
        read_str("x.json", &text(TABLE)).unwrap().kind,
        UnitsFileKind::CommuneTable
    );
    assert_eq!(
        read_str("x.csv", &text(MERGES)).unwrap().kind,
        UnitsFileKind::Merges
    );
    // A byte-order mark is allowed.
    let with_bom = format!("\u{feff}{}", text(LAICHAU_UNITS));
    assert_eq!(read_str("x", &with_bom).unwrap().units.len(), 39);
    // A single Feature is a collection of one.
    let raw: Value = serde_json::from_str(&text(PROVINCE)).unwrap();
    let feature = raw["features"][0].to_string();
    assert_eq!(read_str("one.geojson", &feature).unwrap().units.len(), 1);
    for unknown in [
        "",
        "hello",
        "{\"a\": 1}",
        "[]",
        "[1, 2]",
        "code,name\n1,2\n",
    ] {
        assert!(
            matches!(read_str("u.dat", unknown), Err(GisError::UnknownFormat { ref file }) if file == "u.dat"),
            "{unknown:?}"
        );
    }
}

// --- broken copies ---------------------------------------------------------------------------

#[test]
fn missing_code_is_reported() {
    let broken = replace_once(&text(COMMUNES), "\"code\":\"03478\",", "");
    let (feature, field, message) = field_error(COMMUNES, &broken);
    // The feature is still named by its GeoJSON id.
    assert_eq!(
        (feature.as_str(), field.as_str(), message.as_str()),
        ("#17 (03478)", "code", "is missing")
    );

    let broken = replace_once(&text(LAICHAU_UNITS), "\"Name\": \"Tân Phong\",", "");
    let (feature, field, message) = field_error(LAICHAU_UNITS, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str(), message.as_str()),
        ("#0 (12) ward #4 (03408)", "Name", "is missing")
    );
}

#[test]
fn mistyped_fields_are_reported() {
    let broken = replace_once(
        &text(COMMUNES),
        "\"areaKm2\":159.68",
        "\"areaKm2\":\"159.68\"",
    );
    let (feature, field, message) = field_error(COMMUNES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478)", "areaKm2")
    );
    assert_eq!(message, "expected a number, found a string (\"159.68\")");

    let broken = replace_once(
        &text(COMMUNES),
        "\"areaKm2\":189.78,\"provinceCode\":\"12\"}",
        "\"areaKm2\":189.78,\"provinceCode\":12}",
    );
    let (feature, field, message) = field_error(COMMUNES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#37 (03640)", "provinceCode")
    );
    assert!(
        message.contains("expected a string, found a number (12)"),
        "{message}"
    );

    let broken = replace_once(&text(TABLE), ",159.68,", ",about 160,");
    let (feature, field, message) = field_error(TABLE, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478) at line 19", "area_km2")
    );
    assert!(message.contains("\"about 160\""), "{message}");

    let broken = replace_once(&text(MERGES), "\"old_id\": \"03511\"", "\"old_id\": 3511");
    let (feature, field, _) = field_error(MERGES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478)", "merges[2].old_id")
    );
}

#[test]
fn truncated_json_is_reported_with_its_place() {
    let full = text(COMMUNES);
    let mut cut = full.len() / 2;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    let message = match read_str(COMMUNES, &full[..cut]) {
        Err(GisError::Parse { file, message }) => {
            assert_eq!(file, COMMUNES);
            message
        }
        other => panic!("{other:?}"),
    };
    assert!(
        message.starts_with("not valid JSON: EOF while parsing"),
        "{message}"
    );
    assert!(
        message.contains(&format!("line 1 column {cut}")),
        "{message}"
    );
    // Where it broke: which feature, and which field of it.
    assert!(
        message.contains("inside features[") && message.contains(".geometry.coordinates["),
        "{message}"
    );

    let full = text(VN_UNITS);
    let cut = full.find("\"Code\": \"03478\"").unwrap() + 30;
    let err = read_str(VN_UNITS, &full[..cut]).unwrap_err().to_string();
    assert!(
        err.starts_with("vn_units_2025.json: not valid JSON: EOF while parsing"),
        "{err}"
    );
    assert!(
        err.contains("inside [4](12).Wards[17](03478).Name"),
        "{err}"
    );

    // Not truncated but broken in the middle: a missing comma.
    let broken = replace_once(
        &text(MERGES),
        "\"name\": \"Xã Tả Phìn\",\n      \"type\"",
        "\"name\": \"Xã Tả Phìn\"\n      \"type\"",
    );
    let err = read_str(MERGES, &broken).unwrap_err().to_string();
    assert!(
        err.contains("expected `,` or `}`") && err.contains("level2s[17](03478).merges[2]"),
        "{err}"
    );
}

#[test]
fn duplicate_codes_are_reported() {
    let broken = replace_once(&text(COMMUNES), "\"id\":\"03408\"", "\"id\":\"03388\"");
    let broken = replace_once(&broken, "\"code\":\"03408\"", "\"code\":\"03388\"");
    let (feature, field, message) = field_error(COMMUNES, &broken);
    assert_eq!((feature.as_str(), field.as_str()), ("#4 (03388)", "code"));
    assert_eq!(
        message,
        "duplicate code 03388: feature #0 (03388) has it already"
    );

    let broken = replace_once(
        &text(LAICHAU_UNITS),
        "\"Code\": \"03408\"",
        "\"Code\": \"03388\"",
    );
    let (feature, field, _) = field_error(LAICHAU_UNITS, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#0 (12) ward #4 (03388)", "Code")
    );

    let broken = replace_once(
        &text(MERGES),
        "\"level2_id\": \"03408\"",
        "\"level2_id\": \"03388\"",
    );
    let (feature, field, _) = field_error(MERGES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#4 (03388)", "level2_id")
    );

    let broken = replace_once(&text(TABLE), "\n03408,", "\n03388,");
    let (feature, field, message) = field_error(TABLE, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#4 (03388) at line 6", "new_code")
    );
    assert!(message.contains("#0 (03388) at line 2"), "{message}");
}

#[test]
fn bad_geometries_are_reported() {
    // An unknown type name.
    let full = text(COMMUNES);
    let broken = full.replacen("\"type\":\"MultiPolygon\"", "\"type\":\"Multipolygon\"", 1);
    let (feature, field, message) = field_error(COMMUNES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#0 (03388)", "geometry")
    );
    assert!(
        message.contains("unknown variant `Multipolygon`"),
        "{message}"
    );

    // A valid geometry that is no boundary, a missing one, an open ring.
    let mut raw: Value = serde_json::from_str(&full).unwrap();
    raw["features"][17]["geometry"] =
        serde_json::json!({"type": "Point", "coordinates": [103.2, 22.3]});
    let (feature, field, message) = field_error(COMMUNES, &raw.to_string());
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478)", "geometry")
    );
    assert_eq!(
        message,
        "is a Point; a boundary must be a Polygon or MultiPolygon"
    );

    let mut raw: Value = serde_json::from_str(&full).unwrap();
    raw["features"][3]["geometry"] = Value::Null;
    let (feature, field, _) = field_error(COMMUNES, &raw.to_string());
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#3 (03405)", "geometry")
    );

    let mut raw: Value = serde_json::from_str(&full).unwrap();
    raw["features"][5]["geometry"]["coordinates"][0][0]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let (feature, field, message) = field_error(COMMUNES, &raw.to_string());
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#5 (03424)", "geometry")
    );
    assert_eq!(
        message,
        "polygon 0: ring 0 is not closed (first and last positions differ)"
    );

    let mut raw: Value = serde_json::from_str(&full).unwrap();
    raw["features"][6]["geometry"]["coordinates"][0][0][9] = serde_json::json!([22.4, 103.3, 5.0]);
    let (_, _, message) = field_error(COMMUNES, &raw.to_string());
    assert!(
        message.contains("ring 0 position 9 has 3 coordinates"),
        "{message}"
    );
}

#[test]
fn invalid_units_are_reported() {
    // validate(): a code of the wrong length, an empty name.
    let broken = replace_once(&text(COMMUNES), "\"code\":\"03478\"", "\"code\":\"3478\"");
    let broken = replace_once(&broken, "\"id\":\"03478\"", "\"id\":\"3478\"");
    let (feature, field, message) = field_error(COMMUNES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str(), message.as_str()),
        ("#17 (3478)", "code", "a commune-level code has 5 digits")
    );

    let broken = replace_once(&text(TABLE), ",Xã Sìn Hồ,Sìn Hồ,", ",Xã Sìn Hồ, ,");
    let (feature, field, _) = field_error(TABLE, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478) at line 19", "new_name")
    );

    // A kind the domain does not know, and a full name that does not say the kind.
    let broken = replace_once(
        &text(LAICHAU_UNITS),
        "\"AdministrativeUnitShortName\": \"Tỉnh\"",
        "\"AdministrativeUnitShortName\": \"Huyện\"",
    );
    let (feature, field, _) = field_error(LAICHAU_UNITS, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#0 (12)", "AdministrativeUnitShortName")
    );
    let broken = replace_once(
        &text(COMMUNES),
        "\"fullName\":\"Xã Sìn Hồ\"",
        "\"fullName\":\"Sìn Hồ\"",
    );
    let (feature, field, _) = field_error(COMMUNES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478)", "fullName")
    );

    // A ward listed under another province than it says.
    let mut raw: Value = serde_json::from_str(&text(VN_UNITS)).unwrap();
    raw[4]["Wards"][17]["ProvinceCode"] = Value::from("11");
    let (feature, field, message) = field_error(VN_UNITS, &raw.to_string());
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#4 (12) ward #17 (03478)", "ProvinceCode")
    );
    assert!(message.contains("listed under province 12"), "{message}");

    // Merge types, and the table's lists that must line up.
    let broken = replace_once(
        &text(MERGES),
        "\"name\": \"Xã Tả Phìn\",\n      \"type\": \"full\"",
        "\"name\": \"Xã Tả Phìn\",\n      \"type\": \"whole\"",
    );
    let (feature, field, message) = field_error(MERGES, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478)", "merges[2].type")
    );
    assert_eq!(message, "\"whole\" is neither \"full\" nor \"partial\"");
    let broken = replace_once(&text(TABLE), "Xã Tả Phìn;Xã Sà Dề Phìn", "Xã Tả Phìn");
    let (feature, field, message) = field_error(TABLE, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("#17 (03478) at line 19", "old_names")
    );
    assert_eq!(message, "has 3 entries but old_codes has 4");
    let broken = text(TABLE).replacen(",merge_types,", ",types,", 1);
    let (feature, field, _) = field_error(TABLE, &broken);
    assert_eq!(
        (feature.as_str(), field.as_str()),
        ("header (line 1)", "merge_types")
    );

    // A ragged CSV row is a parse error that names the line.
    let broken = replace_once(&text(TABLE), "\n03478,", "\n03478,extra,");
    let err = read_str(TABLE, &broken).unwrap_err();
    assert!(matches!(err, GisError::Parse { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "laichau_communes_2025.csv: not valid CSV: line 19: the row has 13 fields, the header has 12"
    );
}

#[test]
fn file_errors_name_the_file() {
    let missing = path("no_such_file.geojson");
    let err = read_units_file(&missing, &mut |_, _| {}).unwrap_err();
    assert!(
        matches!(&err, GisError::Io { file, .. } if file == "no_such_file.geojson"),
        "{err:?}"
    );

    let dir = std::env::temp_dir().join(format!("plantrack-gis-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let latin1 = dir.join("latin1.csv");
    std::fs::write(&latin1, b"new_code,new_name\n03478,S\xecn H\n").unwrap();
    let err = read_units_file(&latin1, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        err,
        "latin1.csv: not UTF-8 text: invalid byte at line 2 column 8"
    );
}
