//! `plantrack check` as a consultant's script runs it: GeoJSON in, JSON out (the contract of
//! issue 5), no database.

use std::process::Command;

use serde_json::{Value, json};

fn square(id: &str, category: &str, lon: f64, lat: f64, size: f64) -> Value {
    json!({"type": "Feature", "id": id, "properties": {"category": category},
        "geometry": {"type": "Polygon", "coordinates": [[
            [lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]}})
}

fn write(path: &std::path::Path, features: Vec<Value>) {
    std::fs::write(
        path,
        json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
}

#[test]
fn the_check_lists_conflicts_for_scripts() {
    let dir = std::env::temp_dir().join(format!("plantrack-check-{}", uuid::Uuid::new_v4()));
    let layers = dir.join("layers");
    std::fs::create_dir_all(&layers).unwrap();
    // Near Lai Châu town: two residential zones, one school; a defence area over the first,
    // a landslide zone under the school.
    write(
        &dir.join("plan.geojson"),
        vec![
            square("R1", "residential", 103.40, 22.40, 0.002),
            square("R2", "residential", 103.41, 22.40, 0.002),
            square("GD1", "education", 103.42, 22.40, 0.002),
        ],
    );
    write(
        &layers.join("quoc-phong.geojson"),
        vec![square("QP-7", "defence_security", 103.401, 22.401, 0.004)],
    );
    write(
        &layers.join("sat-lo.geojson"),
        vec![square("SL-2", "landslide", 103.4205, 22.4005, 0.001)],
    );
    write(
        &layers.join("lua.geojson"),
        vec![square("L-1", "rice_land", 103.5, 22.5, 0.001)],
    );
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(&dir)
        .args([
            "check",
            "--plan",
            "plan.geojson",
            "--layers",
            "layers",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
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
        vec![square("X1", "casino", 103.4, 22.4, 0.001)],
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
        let tm3 = "+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
            +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs";
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
            use std::io::Write;
            zip.write_all(&std::fs::read(shp_dir.join(format!("sat-lo.{ext}"))).unwrap())
                .unwrap();
        }
        zip.finish().unwrap();
        std::fs::remove_file(layers.join("sat-lo.geojson")).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
            .current_dir(&dir)
            .args([
                "check",
                "--plan",
                "plan.geojson",
                "--layers",
                "layers",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let again: Value = serde_json::from_slice(&out.stdout).unwrap();
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
