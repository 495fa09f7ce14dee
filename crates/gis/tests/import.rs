//! Files made by GDAL's ogr2ogr from the real Lai Châu boundaries — zipped Shapefiles (in
//! WGS 84 and in VN-2000 / Lai Châu TM-3, with UTF-8, Windows-1258 and TCVN3 attribute text),
//! GeoPackages and DXF drawings — read back with the same geometry and names.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

use plantrack_gis::crs::Crs;
use plantrack_gis::crs::crs_of_wkt;
use plantrack_gis::import::shapefile::read_zipped_shapefile;
use plantrack_gis::import::{self, CadLayerMap, ImportOptions, ImportWarning, TextEncoding};
use serde_json::Value;

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/laichau_communes_2025.geojson"
);
const TM3: &str = "+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
    +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs";

fn gdal() -> bool {
    let found = Command::new("ogr2ogr").arg("--version").output().is_ok();
    assert!(
        found || std::env::var("PLANTRACK_GDAL_TESTS").as_deref() != Ok("1"),
        "GDAL is required (PLANTRACK_GDAL_TESTS=1): apt-get install gdal-bin"
    );
    if !found {
        eprintln!("skipped: GDAL is not installed");
    }
    found
}

/// ogr2ogr the source into a Shapefile (optionally reprojected), zipped in memory.
fn shapefile(dir: &Path, name: &str, t_srs: Option<&str>, skip: &[&str]) -> Vec<u8> {
    let shp = dir.join(format!("{name}.shp"));
    let mut cmd = Command::new("ogr2ogr");
    // UTF-8 with a .cpg saying so: GDAL's default is ISO-8859-1, which cannot hold
    // Vietnamese names (it writes '?' for them).
    cmd.args(["-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8"])
        .arg(&shp)
        .arg(SOURCE);
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
                for x in a {
                    walk(x, f, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&geometry["coordinates"], 10f64.powi(decimals), &mut out);
    out.sort_unstable();
    out
}

fn by_code(fc: &Value) -> std::collections::BTreeMap<String, Value> {
    by(fc, "code")
}

fn by(fc: &Value, key: &str) -> std::collections::BTreeMap<String, Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["properties"][key].as_str().unwrap().to_owned(),
                f["geometry"].clone(),
            )
        })
        .collect()
}

/// Runs ogr2ogr with these arguments, failing the test on an error.
fn ogr2ogr(args: &[&str]) {
    let out = Command::new("ogr2ogr").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ogr2ogr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn names(fc: &Value) -> std::collections::BTreeMap<String, String> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["properties"]["code"].as_str().unwrap().to_owned(),
                f["properties"]["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("plantrack-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Both position lists the same length and every position within `tolerance` units of the
/// rounding grid.
fn close(a: &[(i64, i64)], b: &[(i64, i64)], tolerance: i64) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| (p.0 - q.0).abs() <= tolerance && (p.1 - q.1).abs() <= tolerance)
}

#[test]
fn gdal_geopackages_read_back_with_the_same_geometry() {
    if !gdal() {
        return;
    }
    let dir = temp_dir("gpkg");
    let source: Value = serde_json::from_str(&std::fs::read_to_string(SOURCE).unwrap()).unwrap();
    let expected = by_code(&source);
    let wgs84 = dir.join("wgs84.gpkg");
    ogr2ogr(&["-f", "GPKG", wgs84.to_str().unwrap(), SOURCE]);
    let fc = serde_json::to_value(
        import::read_collection(&wgs84, &ImportOptions::default())
            .unwrap()
            .value,
    )
    .unwrap();
    let read = by_code(&fc);
    assert_eq!(read.len(), 38);
    for (code, geometry) in &expected {
        assert_eq!(positions(&read[code], 9), positions(geometry, 9), "{code}");
    }
    assert_eq!(names(&fc), names(&source), "Vietnamese names intact");

    // In VN-2000 / TM-3 103°: the SRS has no EPSG code, its WKT definition is recognised.
    let tm3 = dir.join("tm3.gpkg");
    ogr2ogr(&["-f", "GPKG", tm3.to_str().unwrap(), SOURCE, "-t_srs", TM3]);
    let fc = serde_json::to_value(
        import::read_collection(&tm3, &ImportOptions::default())
            .unwrap()
            .value,
    )
    .unwrap();
    let read = by_code(&fc);
    for (code, geometry) in &expected {
        assert!(
            close(&positions(&read[code], 7), &positions(geometry, 7), 1),
            "{code}"
        );
    }

    // Not a GeoPackage: an error naming the file.
    let fake = dir.join("fake.gpkg");
    std::fs::write(&fake, b"not sqlite at all").unwrap();
    let err = import::read_collection(&fake, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("fake.gpkg") && err.contains("GeoPackage"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn gdal_dxf_drawings_read_back_with_the_same_geometry() {
    if !gdal() {
        return;
    }
    let dir = temp_dir("dxf");
    let source: Value = serde_json::from_str(&std::fs::read_to_string(SOURCE).unwrap()).unwrap();
    let expected = by_code(&source);
    // GDAL writes each polygon as a HATCH on the layer its `Layer` field names: the commune
    // code here, so that features can be matched; the drawing is in Lai Châu's TM-3 plane.
    let dxf = dir.join("communes.dxf");
    ogr2ogr(&[
        "-f",
        "DXF",
        dxf.to_str().unwrap(),
        SOURCE,
        "-t_srs",
        TM3,
        "-sql",
        "SELECT code AS Layer FROM laichau_communes_2025",
    ]);
    let err = import::read_collection(&dxf, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("--crs"),
        "a DXF needs its coordinate system: {err}"
    );
    let options = ImportOptions {
        crs: Some(Crs::Vn2000Tm3 {
            central_meridian: 103.0,
        }),
        ..ImportOptions::default()
    };
    let fc = serde_json::to_value(import::read_collection(&dxf, &options).unwrap().value).unwrap();
    // GDAL writes each polygon of a multipolygon as its own HATCH: gather them by layer.
    let mut read = std::collections::BTreeMap::<String, Vec<Value>>::new();
    for f in fc["features"].as_array().unwrap() {
        let polygons = match f["geometry"]["type"].as_str() {
            Some("Polygon") => vec![f["geometry"]["coordinates"].clone()],
            _ => f["geometry"]["coordinates"].as_array().unwrap().clone(),
        };
        read.entry(f["properties"]["layer"].as_str().unwrap().to_owned())
            .or_default()
            .extend(polygons);
    }
    assert_eq!(read.len(), 38);
    let as_multi =
        |polygons: Vec<Value>| serde_json::json!({"type": "MultiPolygon", "coordinates": polygons});
    let rings_per_polygon = |g: &Value| {
        let mut parts: Vec<usize> = match g["type"].as_str() {
            Some("Polygon") => vec![g["coordinates"].as_array().unwrap().len()],
            _ => g["coordinates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_array().unwrap().len())
                .collect(),
        };
        parts.sort_unstable();
        parts
    };
    for (code, geometry) in &expected {
        let got = as_multi(read[code].clone());
        // The same positions (within 1e-7°, about 1 cm) and the same polygons and holes.
        let (a, b) = (positions(&got, 7), positions(geometry, 7));
        assert!(
            close(&a, &b, 1),
            "{code}: {} and {} positions; first differing: {:?}",
            a.len(),
            b.len(),
            a.iter()
                .zip(&b)
                .find(|(p, q)| (p.0 - q.0).abs() > 1 || (p.1 - q.1).abs() > 1)
        );
        assert_eq!(
            rings_per_polygon(&got),
            rings_per_polygon(geometry),
            "{code}"
        );
    }

    // A layer map turns CAD layers into categories and skips the layers it does not name.
    let map = CadLayerMap::from_toml(
        "layers.toml",
        "[layers]\n\"03388\" = \"residential\"\n\"03390\" = \"forest\"\n",
    )
    .unwrap();
    let mapped = ImportOptions {
        cad_layers: Some(map),
        ..options
    };
    let read = import::read_collection(&dxf, &mapped).unwrap();
    let categories: Vec<&str> = read
        .value
        .features
        .iter()
        .map(|f| f.property("category").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(categories.len(), 2);
    assert!(categories.contains(&"residential") && categories.contains(&"forest"));
    // The other layers are passed over with a warning, for the caller to show.
    let [ImportWarning::SkippedLayers { layers, .. }] = read.warnings.as_slice() else {
        panic!("one warning: {:?}", read.warnings);
    };
    assert!(
        !layers.is_empty() && !layers.contains_key("03388"),
        "{layers:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn legacy_vietnamese_encodings_in_dbf_files() {
    if !gdal() {
        return;
    }
    let dir = temp_dir("cpg");
    let source: Value = serde_json::from_str(&std::fs::read_to_string(SOURCE).unwrap()).unwrap();
    let expected = names(&source);
    for (encoding, ours) in [
        ("CP1258", TextEncoding::Cp1258),
        ("TCVN5712-1", TextEncoding::Tcvn3),
    ] {
        let shp = dir.join(format!("{encoding}.shp"));
        ogr2ogr(&[
            "-f",
            "ESRI Shapefile",
            shp.to_str().unwrap(),
            SOURCE,
            "-lco",
            &format!("ENCODING={encoding}"),
        ]);
        // With the .cpg GDAL wrote: the names come back as they were.
        let fc = serde_json::to_value(
            import::read_collection(&shp, &ImportOptions::default())
                .unwrap()
                .value,
        )
        .unwrap();
        let read = names(&fc);
        if ours == TextEncoding::Tcvn3 {
            // TCVN3 has capitals only for the letters of VN1; every name still reads back.
            assert_eq!(read.len(), expected.len());
        }
        assert_eq!(read, expected, "{encoding}");
        // Without it: an error naming the record and the field, saying what to do; with
        // --encoding, the names again.
        std::fs::remove_file(shp.with_extension("cpg")).unwrap();
        let err = import::read_collection(&shp, &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("feature record 1: field '") && err.contains("tcvn3"),
            "{encoding}: {err}"
        );
        let options = ImportOptions {
            encoding: Some(ours),
            ..ImportOptions::default()
        };
        let fc =
            serde_json::to_value(import::read_collection(&shp, &options).unwrap().value).unwrap();
        assert_eq!(names(&fc), expected, "{encoding} given as an option");
    }
    std::fs::remove_dir_all(&dir).ok();
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
        crs_of_wkt(&prj),
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
        crs_of_wkt(
            r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
        ),
        Some(Crs::Wgs84)
    );
    let utm48 = r#"PROJCS["VN_2000_UTM_Zone_48N",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    assert_eq!(crs_of_wkt(utm48), Some(Crs::Vn2000Utm { zone: 48 }));
    let tm3 = utm48.replace("105.0", "103.0").replace("0.9996", "0.9999");
    assert_eq!(
        crs_of_wkt(&tm3),
        Some(Crs::Vn2000Tm3 {
            central_meridian: 103.0
        })
    );
    assert_eq!(
        crs_of_wkt(r#"PROJCS["RGF93 / Lambert-93",GEOGCS["RGF93"]]"#),
        None
    );
}

/// A zipped "Shapefile" whose .shp is `bytes` zeros (deflated about 1000×), and whether the
/// central directory should claim the .shp holds 100 bytes.
fn shapefile_bomb(bytes: usize, lie: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for ext in ["shx", "dbf"] {
        zip.start_file(format!("bomb.{ext}"), options).unwrap();
        zip.write_all(b"tiny").unwrap();
    }
    zip.start_file("bomb.shp", options).unwrap();
    let chunk = vec![0u8; 1 << 16];
    for _ in 0..bytes / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    let mut out = zip.finish().unwrap().into_inner();
    if lie {
        // The last central directory header is the .shp's: its uncompressed size at +24.
        let at = out.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        out[at + 24..at + 28].copy_from_slice(&100u32.to_le_bytes());
    }
    out
}

/// Issue 12: a zip bomb uploaded as a map is refused, by its declared sizes or, when they
/// lie, by the bytes read, before more than the limit reaches the disk.
#[test]
fn zip_bombs_are_refused_within_the_limits() {
    use plantrack_gis::GisError;
    use plantrack_gis::archive::ArchiveLimits;

    let bomb = shapefile_bomb(64 << 20, false);
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    let err = read_zipped_shapefile("bomb.zip", &bomb, Some(Crs::Wgs84)).unwrap_err();
    match &err {
        GisError::ArchiveTooLarge { file, source } => {
            assert_eq!(file, "bomb.zip");
            assert_eq!(source.budget, bomb.len() as u64 * 20);
        }
        other => panic!("{other}"),
    }

    // Declared sizes that lie, with a ratio loose enough to let them through: the reading
    // stops at the absolute cap (1 MiB), and the unpacked copy is removed.
    let liar = shapefile_bomb(64 << 20, true);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liar.zip");
    std::fs::write(&path, &liar).unwrap();
    let options = ImportOptions {
        crs: Some(Crs::Wgs84),
        archive_limits: ArchiveLimits {
            max_bytes: 1 << 20,
            max_ratio: 100_000,
        },
        ..ImportOptions::default()
    };
    let err = import::read_collection(&path, &options).unwrap_err();
    assert!(
        matches!(&err, GisError::ArchiveTooLarge { source, .. } if source.budget == 1 << 20),
        "{err}"
    );
    assert!(err.to_string().contains("1 MiB"), "{err}");
}
