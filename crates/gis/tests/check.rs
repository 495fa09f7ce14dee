//! The conformance check, on fixtures built in the TM-3 plane (so each overlap's area is known
//! exactly) and on the real Lai Châu boundaries.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use plantrack_gis::check::rules::{Rules, Verdict};
use plantrack_gis::check::{CheckReport, check, read_layer, read_plan};
use plantrack_gis::crs::{Crs, Transformer};
use proptest::prelude::*;
use serde_json::{Value, json};

const LAI_CHAU_ORIGIN: (f64, f64) = (520_000.0, 2_470_000.0);

fn tm3() -> Crs {
    Crs::province_tm3("12").unwrap()
}

/// A rectangle given in metres from the origin, as a GeoJSON feature in WGS 84.
fn rect(id: &str, category: &str, x0: f64, y0: f64, x1: f64, y1: f64) -> Value {
    let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
    let (ox, oy) = LAI_CHAU_ORIGIN;
    let ring: Vec<Value> = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        .iter()
        .map(|(x, y)| {
            let (lon, lat) = back.transform(ox + x, oy + y).unwrap();
            json!([lon, lat])
        })
        .collect();
    json!({"type": "Feature", "id": id, "properties": {"category": category},
           "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

fn collection(features: &[Value]) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

fn run(plan: &str, layers: &[(&str, String)]) -> CheckReport {
    let rules = Rules::default_rules();
    let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
    let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
    let zones = read_plan("plan.geojson", plan, &rules, &to_plane).unwrap();
    let layers: Vec<_> = layers
        .iter()
        .map(|(name, text)| {
            read_layer(name, &format!("{name}.geojson"), text, &rules, &to_plane).unwrap()
        })
        .collect();
    check(
        &zones,
        &layers,
        &rules,
        "VN-2000 / TM-3 103°",
        &back,
        &|_, _| {},
    )
    .unwrap()
}

#[test]
fn finds_each_conflict_with_its_area_verdict_and_department() {
    let plan = collection(&[
        rect("R1", "residential", 0.0, 0.0, 100.0, 100.0),
        rect("F1", "forest", 300.0, 0.0, 400.0, 100.0),
        rect("R2", "residential", 600.0, 0.0, 700.0, 100.0),
        rect("R3", "residential", 900.0, 0.0, 1000.0, 100.0),
    ]);
    let defence = collection(&[rect("QP-1", "defence_security", 50.0, -20.0, 200.0, 150.0)]);
    let forest = collection(&[rect(
        "RDD-1",
        "special_use_forest",
        250.0,
        0.0,
        350.0,
        100.0,
    )]);
    let tourism = collection(&[rect("KDL", "tourism_area", 650.0, 25.0, 800.0, 75.0)]);
    // Touches R3 along a 0.005 m strip: 0.5 m², a sliver below the 1 m² threshold.
    let roads = collection(&[rect("QL4D", "road_corridor", 999.995, 0.0, 1100.0, 100.0)]);
    let power = collection(&[rect(
        "110kV",
        "power_corridor",
        5000.0,
        5000.0,
        5100.0,
        5100.0,
    )]);
    let report = run(
        &plan,
        &[
            ("quoc-phong", defence),
            ("rung", forest),
            ("du-lich", tourism),
            ("giao-thong", roads),
            ("dien", power),
        ],
    );
    let found: Vec<(&str, &str, Verdict)> = report
        .conflicts
        .iter()
        .map(|c| (c.zone.as_str(), c.constraint.as_str(), c.verdict))
        .collect();
    assert_eq!(
        found,
        [
            ("R1", "QP-1", Verdict::Forbidden),
            ("R2", "KDL", Verdict::Consult)
        ],
        "forest in special-use forest is allowed; the road sliver is below the threshold"
    );
    let defence = &report.conflicts[0];
    assert!(
        (defence.area_m2 - 5_000.0).abs() < 0.01,
        "{}",
        defence.area_m2
    );
    assert!((defence.share_of_zone - 0.5).abs() < 1e-6);
    assert_eq!(defence.department, "Bộ Chỉ huy Quân sự tỉnh; Công an tỉnh");
    assert_eq!(defence.layer, "quoc-phong");
    let tourism = &report.conflicts[1];
    assert!(
        (tourism.area_m2 - 2_500.0).abs() < 0.01,
        "{}",
        tourism.area_m2
    );
    assert_eq!(tourism.department, "Sở Văn hóa, Thể thao và Du lịch");
    // The location is inside the overlap: R1 ∩ QP-1 is x 50..100, y 0..100.
    let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
    let (x, y) = to_plane
        .transform(defence.location[0], defence.location[1])
        .unwrap();
    assert!(
        (x - LAI_CHAU_ORIGIN.0 - 75.0).abs() < 0.5 && (y - LAI_CHAU_ORIGIN.1 - 50.0).abs() < 0.5
    );
    // Every layer is reported as checked, those without conflicts too.
    let layers: Vec<(&str, usize)> = report
        .layers
        .iter()
        .map(|l| (l.layer.as_str(), l.conflicts))
        .collect();
    assert_eq!(
        layers,
        [
            ("quoc-phong", 1),
            ("rung", 0),
            ("du-lich", 1),
            ("giao-thong", 0),
            ("dien", 0)
        ]
    );
    assert!(
        report
            .layers
            .iter()
            .all(|l| l.status == plantrack_gis::check::LayerStatus::Checked)
    );
    assert_eq!((report.forbidden, report.consult), (1, 1));
    assert!((report.plan_area_m2 - 40_000.0).abs() < 0.05);
}

#[test]
fn broken_input_is_refused_naming_the_feature() {
    let rules = Rules::default_rules();
    let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
    let unknown = collection(&[rect("Z9", "casino", 0.0, 0.0, 10.0, 10.0)]);
    let err = read_plan("plan.geojson", &unknown, &rules, &to_plane)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Z9") && err.contains("'casino' is not in the rule table"),
        "{err}"
    );
    let point = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "id": 7,
        "properties": {"category": "residential"}, "geometry": {"type": "Point", "coordinates": [103.0, 22.0]}}]});
    let err = read_plan("plan.geojson", &point.to_string(), &rules, &to_plane)
        .unwrap_err()
        .to_string();
    assert!(err.contains("feature 7") && err.contains("Point"), "{err}");
    let missing = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[103.0, 22.0], [103.1, 22.0], [103.1, 22.1], [103.0, 22.0]]]}}]});
    let err = read_layer("x", "x.geojson", &missing.to_string(), &rules, &to_plane)
        .unwrap_err()
        .to_string();
    assert!(err.contains("#1") && err.contains("category"), "{err}");
    let err = read_plan("plan.geojson", "{\"type\": \"Feature", &rules, &to_plane)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("plan.geojson"), "{err}");
    let swapped = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "id": "A",
        "properties": {"category": "residential"},
        "geometry": {"type": "Polygon", "coordinates": [[[2470000.0, 520000.0], [2470100.0, 520000.0], [2470100.0, 520100.0], [2470000.0, 520000.0]]]}}]});
    let err = read_plan("plan.geojson", &swapped.to_string(), &rules, &to_plane)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a WGS 84 longitude/latitude"), "{err}");
    let open = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "id": "B",
        "properties": {"category": "residential"},
        "geometry": {"type": "Polygon", "coordinates": [[[103.0, 22.0], [103.1, 22.0], [103.1, 22.1], [103.0, 22.1]]]}}]});
    let err = read_plan("plan.geojson", &open.to_string(), &rules, &to_plane)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("feature B") && err.contains("does not close"),
        "{err}"
    );
}

/// The real boundaries: each Lai Châu commune lies inside the province, so as a "zone" over
/// the province outline as a constraint, its whole area conflicts. Their clockwise rings and
/// tiny extra parts are real quirks the overlay must take.
#[test]
fn every_lai_chau_commune_lies_inside_its_province() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
    let relabel = |file: &str, category: &str| -> String {
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{root}{file}")).unwrap())
                .unwrap();
        for f in v["features"].as_array_mut().unwrap() {
            let code = f["properties"]["code"].as_str().unwrap_or("12").to_owned();
            f["id"] = json!(code);
            f["properties"] = json!({"category": category});
        }
        v.to_string()
    };
    let plan = relabel("laichau_communes_2025.geojson", "residential");
    let province = relabel("laichau_province_2025.geojson", "tourism_area");
    let report = run(&plan, &[("tinh", province)]);
    assert_eq!(report.zones, 38);
    assert_eq!(
        report.conflicts.len(),
        38,
        "every commune overlaps its province"
    );
    // The province outline is drawn coarser than the communes: shapely (GEOS) finds 97.3 % of
    // 03640 inside it, 98.1 % of 03595, 98.5 % of 03544, and more of every other commune.
    let share = |code: &str| {
        report
            .conflicts
            .iter()
            .find(|c| c.zone == code)
            .unwrap()
            .share_of_zone
    };
    for (code, geos) in [("03640", 0.9732), ("03595", 0.9813), ("03544", 0.9848)] {
        assert!(
            (share(code) - geos).abs() < 0.002,
            "{code}: {} inside, GEOS {geos}",
            share(code)
        );
    }
    for c in &report.conflicts {
        assert!(
            c.share_of_zone > 0.97,
            "{} lies {:.4} inside",
            c.zone,
            c.share_of_zone
        );
        assert!(c.share_of_zone <= 1.0 + 1e-9);
    }
    // Planar TM-3 areas agree with the official total (9,068.73 km²) within half a percent.
    let total_km2 = report.plan_area_m2 / 1e6;
    assert!(
        (total_km2 - 9_068.73).abs() / 9_068.73 < 0.005,
        "{total_km2} km²"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// area(A ∩ B) ≤ min(area A, area B), for rectangles anywhere near each other.
    #[test]
    fn an_overlap_is_no_larger_than_either_side(
        ax in 0.0..500.0f64, ay in 0.0..500.0f64, aw in 1.0..400.0f64, ah in 1.0..400.0f64,
        bx in 0.0..500.0f64, by in 0.0..500.0f64, bw in 1.0..400.0f64, bh in 1.0..400.0f64,
    ) {
        let plan = collection(&[rect("A", "residential", ax, ay, ax + aw, ay + ah)]);
        let layer = collection(&[rect("B", "defence_security", bx, by, bx + bw, by + bh)]);
        let report = run(&plan, &[("b", layer)]);
        for c in &report.conflicts {
            prop_assert!(c.area_m2 <= (aw * ah).min(bw * bh) + 0.01);
            let expected = ((ax + aw).min(bx + bw) - ax.max(bx)).max(0.0) * ((ay + ah).min(by + bh) - ay.max(by)).max(0.0);
            prop_assert!((c.area_m2 - expected).abs() < 0.01 + expected * 1e-6, "{} vs {}", c.area_m2, expected);
        }
    }

    /// A zone's conflicts with one layer of non-overlapping constraints sum to no more than
    /// the zone.
    #[test]
    fn a_zones_conflicts_sum_to_no_more_than_the_zone(
        x in 0.0..300.0f64, y in 0.0..300.0f64, w in 10.0..600.0f64, h in 10.0..600.0f64, cell in 20.0..200.0f64,
    ) {
        let plan = collection(&[rect("Z", "residential", x, y, x + w, y + h)]);
        let mut grid = Vec::new();
        for i in 0..6 {
            for j in 0..6 {
                let (gx, gy) = (f64::from(i) * cell, f64::from(j) * cell);
                grid.push(rect(&format!("c{i}{j}"), "landslide", gx, gy, gx + cell, gy + cell));
            }
        }
        let report = run(&plan, &[("grid", collection(&grid))]);
        let total: f64 = report.conflicts.iter().map(|c| c.area_m2).sum();
        prop_assert!(total <= w * h + 0.01, "{} > {}", total, w * h);
    }
}

mod plan_quality {
    use super::*;
    use plantrack_gis::check::plan_quality::{balance, coverage, geometry_issues};
    use plantrack_gis::check::read_boundary;

    fn zones(features: &[Value]) -> Vec<plantrack_gis::check::PlaneFeature> {
        let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
        read_plan(
            "plan.geojson",
            &collection(features),
            &Rules::default_rules(),
            &to_plane,
        )
        .unwrap()
    }

    #[test]
    fn invalid_and_overlapping_zones_are_found_where_they_are() {
        let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
        let mut bowtie = rect("B1", "residential", 0.0, 0.0, 100.0, 100.0);
        // Swap two corners: the ring crosses itself.
        let ring = bowtie["geometry"]["coordinates"][0]
            .as_array()
            .unwrap()
            .clone();
        bowtie["geometry"]["coordinates"][0] = json!([ring[0], ring[2], ring[1], ring[3], ring[0]]);
        let plan = zones(&[
            bowtie,
            rect("A", "residential", 200.0, 0.0, 300.0, 100.0),
            rect("B", "green_space", 280.0, 0.0, 380.0, 100.0),
            rect("C", "education", 400.0, 0.0, 500.0, 100.0),
        ]);
        let issues = geometry_issues(&plan, 1.0, &back).unwrap();
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert_eq!(issues[0].zone, "B1");
        assert!(
            issues[0].problem.contains("self-intersection"),
            "{}",
            issues[0].problem
        );
        assert_eq!(
            (issues[1].zone.as_str(), issues[1].other.as_deref()),
            ("A", Some("B"))
        );
        assert!((issues[1].area_m2.unwrap() - 2_000.0).abs() < 0.01);
        let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
        let (x, _) = to_plane
            .transform(issues[1].location[0], issues[1].location[1])
            .unwrap();
        assert!(
            (x - LAI_CHAU_ORIGIN.0 - 290.0).abs() < 0.5,
            "the overlap is at x = 290 m"
        );
    }

    #[test]
    fn coverage_measures_what_is_left_out_and_what_lies_outside() {
        let rules = Rules::default_rules();
        let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
        let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
        let unit = read_boundary(
            "xa.geojson",
            &collection(&[rect("xa", "", 0.0, 0.0, 1000.0, 1000.0)]),
            &rules,
            &to_plane,
        )
        .unwrap();
        let plan = zones(&[
            rect("W", "agriculture", 0.0, 0.0, 500.0, 1000.0),
            rect("E", "forest", 500.0, 0.0, 900.0, 1000.0),
            // 50 m beyond the unit's northern edge.
            rect("N", "residential", 0.0, 950.0, 200.0, 1050.0),
        ]);
        let c = coverage(&plan, &unit, 1.0, &back).unwrap();
        assert!((c.unit_area_m2 - 1_000_000.0).abs() < 0.1);
        assert!((c.left_out_m2 - 100_000.0).abs() < 0.1, "{}", c.left_out_m2);
        assert!((c.outside_m2 - 10_000.0).abs() < 0.1, "{}", c.outside_m2);
        assert_eq!((c.left_out.len(), c.outside.len()), (1, 1));
    }

    #[test]
    fn the_balance_gives_shares_and_square_metres_per_person() {
        let rules = Rules::default_rules();
        let plan = zones(&[
            rect("R", "residential", 0.0, 0.0, 300.0, 100.0),
            rect("G", "green_space", 300.0, 0.0, 400.0, 51.0),
            rect("S", "sports", 400.0, 0.0, 500.0, 100.0),
        ]);
        let rows = balance(&plan, &rules, Some(2_500));
        let row = |c: &str| rows.iter().find(|r| r.category == c).unwrap();
        assert!((row("residential").area_m2 - 30_000.0).abs() < 0.01);
        assert!((row("residential").share - 30_000.0 / 45_100.0).abs() < 1e-9);
        // Green space: 5,100 m² for 2,500 people = 2.04 m²/person, over the norm of 2; sports 4.
        assert!((row("green_space").m2_per_person.unwrap() - 2.04).abs() < 1e-6);
        assert_eq!(row("green_space").meets_norm, Some(true));
        assert_eq!(row("sports").meets_norm, Some(true));
        // No school at all: below the education norm.
        assert_eq!(row("education").meets_norm, Some(false));
        assert_eq!(row("residential").meets_norm, None, "no norm");
        assert!(
            balance(&plan, &rules, None)
                .iter()
                .all(|r| r.m2_per_person.is_none())
        );
    }
}

mod no_input_panics {
    use super::*;

    fn read_all(text: &str) {
        let rules = Rules::default_rules();
        let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
        let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
        let _ = read_layer("l", "l.geojson", text, &rules, &to_plane);
        let _ = plantrack_gis::check::read_boundary("b.geojson", text, &rules, &to_plane);
        if let Ok(zones) = read_plan("p.geojson", text, &rules, &to_plane) {
            let _ = plantrack_gis::check::plan_quality::geometry_issues(&zones, 1.0, &back);
            let _ = plantrack_gis::check::plan_quality::balance(&zones, &rules, Some(10));
            let layer = read_layer(
                "z",
                "z.geojson",
                &text.replace("residential", "heritage"),
                &rules,
                &to_plane,
            );
            if let Ok(layer) = layer {
                let _ = check(&zones, &[layer], &rules, "", &back, &|_, _| {});
            }
        }
        let _ = Rules::from_toml("r.toml", text);
    }

    fn coordinate() -> impl Strategy<Value = f64> {
        prop_oneof![
            -200.0..200.0f64,
            102.0..104.0f64,
            21.0..23.0f64,
            Just(90.0),
            Just(-90.0),
            Just(180.0),
            Just(1e300),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Random rings — too short, unclosed, at the poles, far out of range — give an error
        /// or a result, never a panic.
        #[test]
        fn random_rings(rings in prop::collection::vec(prop::collection::vec((coordinate(), coordinate()), 0..7), 0..4)) {
            let coords: Vec<Value> = rings.iter()
                .map(|r| Value::Array(r.iter().map(|(x, y)| json!([x, y])).collect()))
                .collect();
            let text = json!({"type": "FeatureCollection", "features": [
                {"type": "Feature", "id": "z", "properties": {"category": "residential"},
                 "geometry": {"type": "Polygon", "coordinates": coords}}]}).to_string();
            read_all(&text);
        }

        /// A valid file cut short or with bytes changed.
        #[test]
        fn damaged_files(cut in 0usize..2000, flips in prop::collection::vec((0usize..2000, any::<u8>()), 0..6)) {
            let valid = collection(&[
                rect("A", "residential", 0.0, 0.0, 100.0, 100.0),
                rect("B", "forest", 50.0, 50.0, 150.0, 150.0),
            ]);
            let mut bytes = valid.into_bytes();
            for (at, b) in flips {
                if let Some(x) = bytes.get_mut(at) {
                    *x = b;
                }
            }
            bytes.truncate(cut.max(1));
            read_all(&String::from_utf8_lossy(&bytes));
        }
    }
}

mod services {
    use super::*;
    use plantrack_gis::check::services::{facilities, road_access};

    fn read(features: &[Value]) -> Vec<plantrack_gis::check::PlaneFeature> {
        let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
        read_plan(
            "plan.geojson",
            &collection(features),
            &Rules::default_rules(),
            &to_plane,
        )
        .unwrap()
    }

    #[test]
    fn facilities_must_exist_and_be_within_reach() {
        let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
        let plan = read(&[
            rect("R-near", "residential", 0.0, 0.0, 100.0, 100.0),
            rect("R-far", "residential", 3000.0, 0.0, 3100.0, 100.0),
            rect("school", "education", 200.0, 0.0, 300.0, 100.0),
            rect("clinic", "health", 400.0, 0.0, 500.0, 100.0),
            rect("office", "administration", 600.0, 0.0, 700.0, 100.0),
            rect("hall", "culture", 800.0, 0.0, 900.0, 100.0),
            rect("field", "sports", 1000.0, 0.0, 1100.0, 100.0),
        ]);
        let issues = facilities(&plan, &Rules::default_rules(), &back).unwrap();
        let found: Vec<(&str, Option<&str>)> = issues
            .iter()
            .map(|i| (i.facility.as_str(), i.zone.as_deref()))
            .collect();
        // The school is 2,700 m from R-far (radius 1,500); no market at all.
        assert_eq!(found, [("education", Some("R-far")), ("market", None)]);
        assert!((issues[0].distance_m.unwrap() - 2_700.0).abs() < 0.01);
    }

    #[test]
    fn residential_zones_reach_the_network_through_the_plans_roads() {
        let rules = Rules::default_rules();
        let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
        let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
        let plan = read(&[
            rect("road-1", "transport", 0.0, 100.0, 1000.0, 110.0),
            rect("road-2", "transport", 1000.0, 100.0, 1010.0, 600.0),
            rect("road-3", "transport", 3000.0, 100.0, 3500.0, 110.0),
            rect("R-on-road-1", "residential", 100.0, 0.0, 200.0, 100.0),
            rect("R-on-road-2", "residential", 1010.0, 300.0, 1100.0, 400.0),
            rect("R-on-lost-road", "residential", 3100.0, 0.0, 3200.0, 100.0),
            rect("R-alone", "residential", 5000.0, 0.0, 5100.0, 100.0),
        ]);
        // The national road passes the west end of road-1.
        let ql = read_layer(
            "quoc-lo",
            "quoc-lo.geojson",
            &collection(&[rect("QL4D", "road_corridor", -30.0, -500.0, 0.0, 500.0)]),
            &rules,
            &to_plane,
        )
        .unwrap();
        let issues = road_access(&plan, &[ql], &rules, &back).unwrap();
        let found: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.zone.as_deref().unwrap(), i.problem.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "R-on-lost-road",
                    "its roads do not reach the national or provincial network"
                ),
                ("R-alone", "touches no road of the plan"),
            ]
        );
    }
}

/// Checking layers as they are read from their files gives the report the in-memory check
/// gives: the same conflicts in the same order, the same layer results and services.
#[test]
fn layers_checked_as_they_are_read_give_the_same_report() {
    use plantrack_gis::check::stream::{LayerFile, check_files};
    use plantrack_gis::check::{Plan, full_check, read_layer_path};
    use plantrack_gis::import::ImportOptions;

    let dir = tempfile::tempdir().unwrap();
    // A 5 × 4 grid of 100 m zones, mostly residential, with a road along the bottom.
    let mut zones = Vec::new();
    for i in 0..5 {
        for j in 0..4 {
            let category = match (i + j) % 5 {
                0 => "education",
                1 => "green_space",
                _ => "residential",
            };
            let (x, y) = (f64::from(i) * 100.0, f64::from(j) * 100.0 + 20.0);
            zones.push(rect(
                &format!("Z{i}{j}"),
                category,
                x,
                y,
                x + 100.0,
                y + 100.0,
            ));
        }
    }
    zones.push(rect("ROAD", "transport", 0.0, 0.0, 500.0, 20.0));
    let plan_path = dir.path().join("plan.geojson");
    std::fs::write(&plan_path, collection(&zones)).unwrap();
    // Constraints scattered over the grid, overlapping zones by different amounts.
    let layer = |category: &str, step: f64, size: f64| {
        let features: Vec<Value> = (0..30)
            .map(|k| {
                let x = (f64::from(k) * step) % 480.0;
                let y = (f64::from(k) * step * 0.37) % 400.0;
                rect(
                    &format!("{category}-{k}"),
                    category,
                    x,
                    y,
                    x + size,
                    y + size * 0.6,
                )
            })
            .collect();
        collection(&features)
    };
    let names = ["dat-lua", "quoc-phong", "sat-lo", "quoc-lo"];
    let texts = [
        layer("rice_land", 37.0, 45.0),
        layer("defence_security", 53.0, 80.0),
        layer("landslide", 71.0, 30.0),
        collection(&[rect("QL-4D", "road_corridor", -50.0, -10.0, 600.0, 5.0)]),
    ];
    let mut files = Vec::new();
    for (name, text) in names.iter().zip(&texts) {
        let path = dir.path().join(format!("{name}.geojson"));
        std::fs::write(&path, text).unwrap();
        files.push(LayerFile {
            name: name.to_string(),
            path,
        });
    }
    let rules = Rules::default_rules();
    let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
    let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
    let options = ImportOptions::default();
    let zones = plantrack_gis::check::read_plan_path(
        &plan_path,
        &options,
        &rules,
        &to_plane,
        &mut |_, _| {},
    )
    .unwrap()
    .value;
    let layers: Vec<_> = files
        .iter()
        .map(|f| {
            read_layer_path(
                &f.name,
                &f.path,
                &options,
                &rules,
                &to_plane,
                &mut |_, _| {},
            )
            .unwrap()
            .value
        })
        .collect();
    let plan = Plan {
        boundary: None,
        population: Some(3_000),
        conflicts_only: false,
    };
    let in_memory = full_check(&zones, &layers, &rules, "TM-3", &back, &plan, &|_, _| {}).unwrap();
    let streamed = check_files(
        &zones,
        &files,
        &options,
        &rules,
        "TM-3",
        &to_plane,
        &back,
        &plan,
        &|_, _, _| {},
    )
    .unwrap()
    .value;
    assert!(
        in_memory.conflicts.conflicts.len() > 20,
        "a test with conflicts to order"
    );
    assert_eq!(
        serde_json::to_value(&streamed).unwrap(),
        serde_json::to_value(&in_memory).unwrap()
    );
}

/// The appraisal's automatic items, measured on a full check of a generated commune: a
/// 400 m × 300 m boundary, residential blocks, a school, a road along the bottom reaching the
/// national road, a defence area over one block, and a strip of the commune left out.
#[test]
fn the_appraisal_items_are_filled_in_from_the_full_check() {
    use std::collections::BTreeSet;

    use plantrack_domain::appraisal::{AutoCheck, AutoVerdict, FigureKey};
    use plantrack_gis::check::appraisal::evaluate;
    use plantrack_gis::check::{Plan, full_check, read_boundary};

    let rules = Rules::default_rules();
    let to_plane = Transformer::new(Crs::Wgs84, tm3()).unwrap();
    let back = Transformer::new(tm3(), Crs::Wgs84).unwrap();
    let zones = collection(&[
        rect("R1", "residential", 0.0, 20.0, 100.0, 120.0),
        rect("R2", "residential", 100.0, 20.0, 200.0, 120.0),
        rect("E1", "education", 200.0, 20.0, 300.0, 120.0),
        rect("G1", "green_space", 0.0, 120.0, 300.0, 300.0),
        rect("ROAD", "transport", 0.0, 0.0, 400.0, 20.0),
    ]);
    let zones = read_plan("plan.geojson", &zones, &rules, &to_plane).unwrap();
    let boundary = read_boundary(
        "unit.geojson",
        &collection(&[rect("U", "unit", 0.0, 0.0, 400.0, 300.0)]),
        &rules,
        &to_plane,
    )
    .unwrap();
    let layers: Vec<_> = [
        (
            "quoc-phong",
            rect("QP-1", "defence_security", 20.0, 40.0, 60.0, 80.0),
        ),
        (
            "quoc-lo",
            rect("QL-1", "road_corridor", -50.0, -10.0, 500.0, 2.0),
        ),
    ]
    .iter()
    .map(|(name, feature)| {
        read_layer(
            name,
            &format!("{name}.geojson"),
            &collection(std::slice::from_ref(feature)),
            &rules,
            &to_plane,
        )
        .unwrap()
    })
    .collect();
    let plan = Plan {
        boundary: Some(&boundary),
        population: Some(2_000),
        conflicts_only: false,
    };
    let report = full_check(&zones, &layers, &rules, "TM-3", &back, &plan, &|_, _| {}).unwrap();
    let checked: BTreeSet<String> = ["defence_security", "road_corridor"]
        .map(String::from)
        .into();
    let item = |check: AutoCheck, constraints: &[&str]| {
        let constraints: Vec<String> = constraints.iter().map(|c| (*c).to_owned()).collect();
        evaluate(check, &constraints, &report, &checked, &rules)
    };

    // The defence area lies over R1: forbidden, 40 m × 40 m.
    let defence = item(AutoCheck::Conflicts, &["defence_security"]);
    assert_eq!(defence.verdict, AutoVerdict::NeedsRevision);
    assert_eq!(defence.figure(FigureKey::ForbiddenConflicts), Some(1.0));
    let area = defence.figure(FigureKey::ConflictAreaM2).unwrap();
    assert!((1_590.0..=1_610.0).contains(&area), "{area}");
    // No forest layer was published: not "meets", but "no data".
    let forests = item(
        AutoCheck::Conflicts,
        &["special_use_forest", "protection_forest"],
    );
    assert_eq!(forests.verdict, AutoVerdict::NoData);
    assert!(forests.figures.is_empty());
    // Nor a provincial plan's layer.
    assert_eq!(
        item(AutoCheck::ProvincialPlan, &[]).verdict,
        AutoVerdict::NoData
    );
    // Every block touches the road, which reaches the national road.
    let roads = item(AutoCheck::RoadAccess, &[]);
    assert_eq!(roads.verdict, AutoVerdict::Meets, "{:?}", report.services);
    assert_eq!(roads.figure(FigureKey::ZonesWithoutRoad), Some(0.0));
    // The plan has a school but no health station, market, culture or sports zone.
    let services = item(AutoCheck::Services, &[]);
    assert_eq!(services.verdict, AutoVerdict::NeedsRevision);
    assert!(
        services.figure(FigureKey::MissingFacilities).unwrap() >= 4.0,
        "{services:?}"
    );
    // The strip x 300–400, y 20–300 (28,000 m² of 120,000) is in no zone.
    let coverage = item(AutoCheck::BoundaryCoverage, &[]);
    assert_eq!(coverage.verdict, AutoVerdict::NeedsRevision);
    let left_out = coverage.figure(FigureKey::LeftOutShare).unwrap();
    assert!((0.225..0.242).contains(&left_out), "{left_out}");
    // With a population, the categories with a norm are judged.
    let balance = item(AutoCheck::LanduseBalance, &[]);
    assert_ne!(balance.verdict, AutoVerdict::NoData, "{:?}", report.balance);
    assert!(balance.figure(FigureKey::CategoriesWithNorm).unwrap() >= 1.0);
}
