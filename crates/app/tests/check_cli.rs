//! `plantrack check` as a consultant's script runs it: GeoJSON in, JSON out (the contract of
//! issue 5), no database.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::process::Command;

use serde_json::{Value, json};

fn square(id: &str, category: &str, lon: f64, lat: f64, size: f64) -> Value {
    json!({"type": "Feature", "id": id, "properties": {"category": category},
        "geometry": {"type": "Polygon", "coordinates": [[
            [lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]}})
}

fn write(path: &std::path::Path, features: &[Value]) {
    std::fs::write(
        path,
        json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
}

/// VN-2000 / Lai Châu TM-3 (103°) as GDAL is told it.
const TM3: &str = "+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
    +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs";

#[test]
fn the_check_lists_conflicts_for_scripts() {
    use std::io::Write;

    let dir = std::env::temp_dir().join(format!("plantrack-check-{}", uuid::Uuid::new_v4()));
    let layers = dir.join("layers");
    std::fs::create_dir_all(&layers).unwrap();
    // Near Lai Châu town: two residential zones, one school; a defence area over the first,
    // a landslide zone under the school.
    write(
        &dir.join("plan.geojson"),
        &[
            square("R1", "residential", 103.40, 22.40, 0.002),
            square("R2", "residential", 103.41, 22.40, 0.002),
            square("GD1", "education", 103.42, 22.40, 0.002),
        ],
    );
    write(
        &layers.join("quoc-phong.geojson"),
        &[square("QP-7", "defence_security", 103.401, 22.401, 0.004)],
    );
    write(
        &layers.join("sat-lo.geojson"),
        &[square("SL-2", "landslide", 103.4205, 22.4005, 0.001)],
    );
    write(
        &layers.join("lua.geojson"),
        &[square("L-1", "rice_land", 103.5, 22.5, 0.001)],
    );
    let report = check_json(&dir, &["--plan", "plan.geojson", "--layers", "layers"]);
    let conflicts = report["conflicts"].as_array().unwrap();
    let found: Vec<(&str, &str, &str)> = conflicts
        .iter()
        .map(|c| {
            (
                c["zone"].as_str().unwrap(),
                c["constraint"].as_str().unwrap(),
                c["layer"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("R1", "QP-7", "quoc-phong"), ("GD1", "SL-2", "sat-lo")]
    );
    for c in conflicts {
        assert!(c["area_m2"].as_f64().unwrap() > 0.0);
        assert!(!c["department"].as_str().unwrap().is_empty());
    }
    // R1 ∩ QP-7 is a quarter of R1 (0.001° × 0.001°), roughly 103 m × 111 m near 22.4° N.
    let quarter = conflicts[0]["area_m2"].as_f64().unwrap();
    assert!((10_000.0..13_000.0).contains(&quarter), "{quarter}");
    assert!((conflicts[0]["share_of_zone"].as_f64().unwrap() - 0.25).abs() < 1e-3);
    // The rice layer was checked and holds no conflict; the report says so.
    let rice = report["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["layer"] == "lua")
        .unwrap();
    assert_eq!(
        (rice["conflicts"].as_u64(), rice["status"].as_str()),
        (Some(0), Some("checked"))
    );
    assert!(
        !dir.join("plantrack.db").exists(),
        "the check needs no database"
    );

    // A broken plan: the error names the file and the feature; nothing is printed as a result.
    write(
        &dir.join("bad.geojson"),
        &[square("X1", "casino", 103.4, 22.4, 0.001)],
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(&dir)
        .args(["check", "--plan", "bad.geojson", "--layers", "layers"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.contains("bad.geojson") && said.contains("X1") && said.contains("casino"),
        "{said}"
    );
    assert!(bad.stdout.is_empty());

    // The same landslide layer as a zipped Shapefile in VN-2000 / TM-3 (made by GDAL, when
    // present): the same conflict, the same area.
    if Command::new("ogr2ogr").arg("--version").output().is_ok() {
        let tm3 = TM3;
        let shp_dir = dir.join("shp");
        std::fs::create_dir_all(&shp_dir).unwrap();
        let made = Command::new("ogr2ogr")
            .args(["-f", "ESRI Shapefile", "-t_srs", tm3])
            .arg(shp_dir.join("sat-lo.shp"))
            .arg(layers.join("sat-lo.geojson"))
            .output()
            .unwrap();
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let mut zip =
            zip::ZipWriter::new(std::fs::File::create(layers.join("sat-lo.zip")).unwrap());
        for ext in ["shp", "shx", "dbf", "prj"] {
            zip.start_file(
                format!("sat-lo.{ext}"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            zip.write_all(&std::fs::read(shp_dir.join(format!("sat-lo.{ext}"))).unwrap())
                .unwrap();
        }
        zip.finish().unwrap();
        std::fs::remove_file(layers.join("sat-lo.geojson")).unwrap();
        let again = check_json(&dir, &["--plan", "plan.geojson", "--layers", "layers"]);
        let school = again["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["zone"] == "GD1")
            .expect("the school's conflict, from the Shapefile layer");
        let before = conflicts[1]["area_m2"].as_f64().unwrap();
        let after = school["area_m2"].as_f64().unwrap();
        assert!(
            (after - before).abs() / before < 1e-6,
            "{before} vs {after}"
        );
        assert_eq!(school["layer"], "sat-lo");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs `plantrack check … --format json` in `dir` and returns the report.
fn check_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    // The exit code says what the report's verdict says: 0 clean, 1 problems found.
    let expected = i32::from(report["verdict"] != "clean");
    assert_eq!(
        out.status.code(),
        Some(expected),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    report
}

/// Runs `plantrack check` in `dir` (in Vietnamese, the default) and returns its exit code
/// and what it said on stderr.
fn check_exit(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_exit_code_is_a_verdict_a_script_can_rely_on() {
    let dir = std::env::temp_dir().join(format!("plantrack-verdict-{}", uuid::Uuid::new_v4()));
    let layers = dir.join("layers");
    std::fs::create_dir_all(&layers).unwrap();
    let args = [
        "--plan",
        "plan.geojson",
        "--layers",
        "layers",
        "--conflicts-only",
    ];
    write(
        &dir.join("plan.geojson"),
        &[square("R1", "residential", 103.40, 22.40, 0.002)],
    );
    write(
        &layers.join("quoc-phong.geojson"),
        &[square("QP-7", "defence_security", 103.45, 22.45, 0.004)],
    );

    // Checked against a layer, nothing found: 0, and the JSON says clean.
    let clean = check_json(&dir, &args);
    assert_eq!(clean["verdict"], "clean");
    assert_eq!(check_exit(&dir, &args).0, Some(0));

    // A defence area over the zone: 1.
    write(
        &layers.join("quoc-phong.geojson"),
        &[square("QP-7", "defence_security", 103.401, 22.401, 0.004)],
    );
    let found = check_json(&dir, &args);
    assert_eq!(found["verdict"], "problems_found");
    assert_eq!(check_exit(&dir, &args).0, Some(1));

    // A bow-tie zone: refused from the overlay (no share above 1), listed, and 1 even with
    // --conflicts-only, with a warning on a line of its own.
    let bow_tie = json!({"type": "Feature", "id": "NO", "properties": {"category": "residential"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [103.402, 22.402], [103.404, 22.404], [103.404, 22.402], [103.402, 22.404], [103.402, 22.402]]]}});
    write(&dir.join("plan.geojson"), std::slice::from_ref(&bow_tie));
    let report = check_json(&dir, &args);
    assert_eq!(report["invalid_zones"], json!(["NO"]));
    assert!(report["conflicts"].as_array().unwrap().is_empty());
    let (code, said) = check_exit(&dir, &args);
    assert_eq!(code, Some(1));
    assert!(
        said.lines()
            .any(|l| l.starts_with("Cảnh báo: 1 khu có hình học không hợp lệ")),
        "{said}"
    );

    // A bow-tie constraint: counted as invalid in its layer, not measured.
    write(
        &dir.join("plan.geojson"),
        &[square("R1", "residential", 103.40, 22.40, 0.002)],
    );
    let mut constraint = bow_tie;
    constraint["properties"]["category"] = json!("defence_security");
    write(&layers.join("quoc-phong.geojson"), &[constraint]);
    let report = check_json(&dir, &args);
    assert_eq!(report["layers"][0]["invalid_features"], 1);
    assert_eq!(report["verdict"], "problems_found");

    // Empty inputs check nothing: 2, said in words.
    write(&layers.join("quoc-phong.geojson"), &[]);
    let (code, said) = check_exit(&dir, &args);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("không có đối tượng nào"), "{said}");
    std::fs::write(layers.join("quoc-phong.geojson"), "").unwrap();
    let (code, said) = check_exit(&dir, &args);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("tệp rỗng"), "{said}");
    write(
        &layers.join("quoc-phong.geojson"),
        &[square("QP-7", "defence_security", 103.45, 22.45, 0.004)],
    );
    write(&dir.join("plan.geojson"), &[]);
    let (code, said) = check_exit(&dir, &args);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("không có khu nào"), "{said}");
    // A file that is not there: 2 as well.
    let (code, _) = check_exit(&dir, &["--plan", "nothing.geojson", "--layers", "layers"]);
    assert_eq!(code, Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

/// (zone category, constraint, layer, area) of each conflict, sorted: zone ids differ between
/// formats (a DXF names entities by handle).
fn conflict_areas(report: &Value) -> Vec<(String, String, String, f64)> {
    let mut out: Vec<_> = report["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["zone_category"].as_str().unwrap().to_owned(),
                c["constraint"].as_str().unwrap().to_owned(),
                c["layer"].as_str().unwrap().to_owned(),
                c["area_m2"].as_f64().unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn ogr2ogr(args: &[&str]) {
    let out = Command::new("ogr2ogr").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ogr2ogr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_cad_plan_and_a_geopackage_layer_give_the_same_conflicts() {
    if Command::new("ogr2ogr").arg("--version").output().is_err() {
        assert!(
            std::env::var("PLANTRACK_GDAL_TESTS").as_deref() != Ok("1"),
            "GDAL is required (PLANTRACK_GDAL_TESTS=1): apt-get install gdal-bin"
        );
        eprintln!("skipped: GDAL is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("plantrack-cad-{}", uuid::Uuid::new_v4()));
    let (geojson_layers, other_layers) = (dir.join("layers"), dir.join("other"));
    std::fs::create_dir_all(&geojson_layers).unwrap();
    std::fs::create_dir_all(&other_layers).unwrap();
    write(
        &dir.join("plan.geojson"),
        &[
            square("R1", "residential", 103.40, 22.40, 0.002),
            square("GD1", "education", 103.42, 22.40, 0.002),
        ],
    );
    write(
        &geojson_layers.join("quoc-phong.geojson"),
        &[square("QP-7", "defence_security", 103.401, 22.401, 0.004)],
    );
    write(
        &geojson_layers.join("sat-lo.geojson"),
        &[square("SL-2", "landslide", 103.4205, 22.4005, 0.001)],
    );
    let expected = check_json(&dir, &["--plan", "plan.geojson", "--layers", "layers"]);
    assert_eq!(conflict_areas(&expected).len(), 2);

    // The consultant's drawing: zones as hatches in Lai Châu's TM-3 plane, on CAD layers of
    // the office's own naming, mapped to categories by a small TOML file.
    let tm3 = TM3;
    let plan = dir.join("plan.geojson");
    ogr2ogr(&[
        "-f",
        "DXF",
        dir.join("plan.dxf").to_str().unwrap(),
        plan.to_str().unwrap(),
        "-t_srs",
        tm3,
        "-dialect",
        "SQLite",
        "-sql",
        "SELECT geometry, CASE category WHEN 'residential' THEN 'QH_DAT_O' ELSE 'QH_GIAO_DUC' END AS Layer FROM plan",
    ]);
    std::fs::write(
        dir.join("cad.toml"),
        "[layers]\nQH_DAT_O = \"residential\"\nQH_GIAO_DUC = \"education\"\n",
    )
    .unwrap();
    // The defence layer as a GeoPackage, the landslide layer as a VN-2000 GeoPackage.
    for (name, t_srs) in [("quoc-phong", None), ("sat-lo", Some(tm3))] {
        let mut args = vec![
            "-f".to_owned(),
            "GPKG".to_owned(),
            other_layers
                .join(format!("{name}.gpkg"))
                .display()
                .to_string(),
            geojson_layers
                .join(format!("{name}.geojson"))
                .display()
                .to_string(),
        ];
        if let Some(srs) = t_srs {
            args.extend(["-t_srs".to_owned(), srs.to_owned()]);
        }
        ogr2ogr(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let got = check_json(
        &dir,
        &[
            "--plan",
            "plan.dxf",
            "--crs",
            "tm3:103",
            "--cad-layers",
            "cad.toml",
            "--layers",
            "other",
        ],
    );
    let (a, b) = (conflict_areas(&expected), conflict_areas(&got));
    assert_eq!(a.len(), b.len(), "{b:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.0, &x.1, &x.2), (&y.0, &y.1, &y.2));
        // The drawing's zones came WGS 84 → TM-3 by PROJ and go back TM-3 → WGS 84 → TM-3
        // here. A 2D datum shift takes height as 0 on the side it starts from (PROJ does the
        // same), so the trip moves them about 1 mm against the WGS 84 layer: on a 100 m
        // edge, about 0.1 m² of a 11,400 m² overlap.
        assert!((x.3 - y.3).abs() / x.3 < 2e-5, "{} vs {}", x.3, y.3);
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 12: a zip bomb given to `plantrack check` as a layer stops the check before it is
/// unpacked, with the reason in the user's language and a non-zero exit; a lower
/// `--max-unpacked-mb` says its own limit.
#[test]
fn a_zip_bomb_layer_stops_the_check() {
    use std::io::Write;

    let dir = tempfile::tempdir().unwrap();
    let layers = dir.path().join("layers");
    std::fs::create_dir_all(&layers).unwrap();
    write(
        &dir.path().join("plan.geojson"),
        &[square("R1", "residential", 103.40, 22.40, 0.002)],
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(layers.join("bom.zip")).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for ext in ["shx", "dbf", "prj"] {
        zip.start_file(format!("bom.{ext}"), options).unwrap();
        zip.write_all(b"tiny").unwrap();
    }
    zip.start_file("bom.shp", options).unwrap();
    let chunk = vec![0u8; 1 << 16];
    for _ in 0..512 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    for (lang, limit, expected) in [
        (
            "vi",
            None,
            "Tệp nén giải ra quá lớn (hơn 500 MB hoặc gấp hơn 20 lần tệp gửi lên)",
        ),
        ("en", Some("7"), "more than 7 MB, or more than 20 times"),
    ] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plantrack"));
        cmd.current_dir(dir.path())
            .args(["--lang", lang, "check", "--plan", "plan.geojson"])
            .args(["--layers", "layers"]);
        if let Some(mb) = limit {
            cmd.args(["--max-unpacked-mb", mb]);
        }
        let out = cmd.output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{said}");
        assert!(said.contains(expected), "{said}");
        assert!(said.contains("bom.zip"), "names the file: {said}");
    }
}
