//! Zipped Shapefiles made by GDAL's ogr2ogr from the real Lai Châu boundaries, in WGS 84 and
//! in VN-2000 / Lai Châu TM-3, read back with the same geometry.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use plantrack_gis::crs::Crs;
use plantrack_gis::shapefile_import::{crs_of_prj, read_zipped_shapefile};
use serde_json::Value;

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/laichau_communes_2025.geojson"
);
const TM3: &str = "+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
    +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs";

fn gdal() -> bool {
    let found = Command::new("ogr2ogr").arg("--version").output().is_ok();
    if !found && std::env::var("PLANTRACK_GDAL_TESTS").as_deref() == Ok("1") {
        panic!("GDAL is required (PLANTRACK_GDAL_TESTS=1): apt-get install gdal-bin");
    }
    if !found {
        eprintln!("skipped: GDAL is not installed");
    }
    found
}

/// ogr2ogr the source into a Shapefile (optionally reprojected), zipped in memory.
fn shapefile(dir: &Path, name: &str, t_srs: Option<&str>, skip: &[&str]) -> Vec<u8> {
    let shp = dir.join(format!("{name}.shp"));
    let mut cmd = Command::new("ogr2ogr");
    cmd.args(["-f", "ESRI Shapefile"]).arg(&shp).arg(SOURCE);
    if let Some(srs) = t_srs {
        cmd.args(["-t_srs", srs]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "ogr2ogr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        if skip.contains(&ext) {
            continue;
        }
        let path = dir.join(format!("{name}.{ext}"));
        if let Ok(bytes) = std::fs::read(&path) {
            zip.start_file(
                format!("{name}.{ext}"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            zip.write_all(&bytes).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

/// Every position of a GeoJSON geometry, rounded to `decimals`, sorted.
fn positions(geometry: &Value, decimals: i32) -> Vec<(i64, i64)> {
    fn walk(v: &Value, f: f64, out: &mut Vec<(i64, i64)>) {
        if let Some(a) = v.as_array() {
            if a.len() >= 2 && a[0].is_number() {
                out.push((
                    (a[0].as_f64().unwrap() * f).round() as i64,
                    (a[1].as_f64().unwrap() * f).round() as i64,
                ));
            } else {
                a.iter().for_each(|x| walk(x, f, out));
            }
        }
    }
    let mut out = Vec::new();
    walk(&geometry["coordinates"], 10f64.powi(decimals), &mut out);
    out.sort_unstable();
    out
}

fn by_code(fc: &Value) -> std::collections::BTreeMap<String, Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["properties"]["code"].as_str().unwrap().to_owned(),
                f["geometry"].clone(),
            )
        })
        .collect()
}

#[test]
fn gdal_shapefiles_read_back_with_the_same_geometry() {
    if !gdal() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("plantrack-shp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source: Value = serde_json::from_str(&std::fs::read_to_string(SOURCE).unwrap()).unwrap();
    let expected = by_code(&source);

    // WGS 84: the same positions, to 1e-9°.
    let zip = shapefile(&dir, "wgs84", None, &[]);
    let fc = serde_json::to_value(read_zipped_shapefile("wgs84.zip", &zip, None).unwrap()).unwrap();
    let read = by_code(&fc);
    assert_eq!(read.len(), 38);
    for (code, geometry) in &expected {
        assert_eq!(positions(&read[code], 9), positions(geometry, 9), "{code}");
    }

    // VN-2000 / TM-3 103°: the .prj is recognised, and back in WGS 84 every position is
    // within 1e-7° (about 1 cm) of the source.
    let zip = shapefile(&dir, "tm3", Some(TM3), &[]);
    let prj = std::fs::read_to_string(dir.join("tm3.prj")).unwrap();
    assert_eq!(
        crs_of_prj(&prj),
        Some(Crs::Vn2000Tm3 {
            central_meridian: 103.0
        }),
        "{prj}"
    );
    let fc = serde_json::to_value(read_zipped_shapefile("tm3.zip", &zip, None).unwrap()).unwrap();
    let read = by_code(&fc);
    for (code, geometry) in &expected {
        let (a, b) = (positions(&read[code], 7), positions(geometry, 7));
        assert_eq!(a.len(), b.len(), "{code}");
        assert!(
            a.iter()
                .zip(&b)
                .all(|(p, q)| (p.0 - q.0).abs() <= 1 && (p.1 - q.1).abs() <= 1),
            "{code}"
        );
    }

    // Without a .prj: an error asking for the coordinate system, unless it is given.
    let zip = shapefile(&dir, "noprj", None, &["prj"]);
    let err = read_zipped_shapefile("noprj.zip", &zip, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--crs"), "{err}");
    assert!(read_zipped_shapefile("noprj.zip", &zip, Some(Crs::Wgs84)).is_ok());

    // A truncated .shp inside: an error naming the file, no panic.
    let mut cut = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut cut));
        for ext in ["shp", "shx", "dbf", "prj"] {
            let bytes = std::fs::read(dir.join(format!("wgs84.{ext}"))).unwrap();
            let bytes = if ext == "shp" {
                bytes[..bytes.len() / 2].to_vec()
            } else {
                bytes
            };
            z.start_file(
                format!("wgs84.{ext}"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(&bytes).unwrap();
        }
        z.finish().unwrap();
    }
    let err = read_zipped_shapefile("cut.zip", &cut, None)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cut.zip"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn prj_texts_name_the_systems() {
    assert_eq!(
        crs_of_prj(
            r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
        ),
        Some(Crs::Wgs84)
    );
    let utm48 = r#"PROJCS["VN_2000_UTM_Zone_48N",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    assert_eq!(crs_of_prj(utm48), Some(Crs::Vn2000Utm { zone: 48 }));
    let tm3 = utm48.replace("105.0", "103.0").replace("0.9996", "0.9999");
    assert_eq!(
        crs_of_prj(&tm3),
        Some(Crs::Vn2000Tm3 {
            central_meridian: 103.0
        })
    );
    assert_eq!(
        crs_of_prj(r#"PROJCS["RGF93 / Lambert-93",GEOGCS["RGF93"]]"#),
        None
    );
}
