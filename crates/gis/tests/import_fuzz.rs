//! Every importer against damaged input: random bytes, and real files with bytes flipped,
//! cut short or spliced. None may panic; each returns features or an error. (The property
//! tests stand in for `cargo fuzz`, which needs a nightly toolchain this project does not
//! use; they run in every test run instead of in a separate fuzzing job.)

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use plantrack_gis::crs::Crs;
use plantrack_gis::import::{self, ImportOptions, dxf, geojson_stream};
use proptest::prelude::*;

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/laichau_communes_2025.geojson"
);

/// The first commune of the real boundaries, as a small GeoJSON to damage.
fn sample_geojson() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let full: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(SOURCE).unwrap()).unwrap();
        let mut one = full.clone();
        one["features"] = serde_json::Value::Array(vec![full["features"][1].clone()]);
        one.to_string()
    })
}

const SAMPLE_DXF: &str = "0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1015\n9\n$DWGCODEPAGE\n3\nANSI_1258\n0\nENDSEC\n\
0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\n2A\n8\nDAT_O\n90\n4\n70\n1\n\
10\n500000\n20\n2500000\n10\n500100\n20\n2500000\n42\n0.5\n10\n500100\n20\n2500100\n10\n500000\n20\n2500100\n\
0\nPOLYLINE\n5\n2B\n8\nRUNG\n66\n1\n70\n1\n10\n0\n20\n0\n0\nVERTEX\n8\nRUNG\n10\n1\n20\n1\n0\nVERTEX\n8\nRUNG\n10\n5\n20\n1\n\
0\nVERTEX\n8\nRUNG\n10\n5\n20\n5\n0\nSEQEND\n\
0\nHATCH\n5\n3C\n8\nforest\n10\n0\n20\n0\n2\nSOLID\n70\n1\n91\n2\n\
92\n2\n72\n1\n73\n1\n93\n3\n10\n0\n20\n0\n42\n0.3\n10\n10\n20\n0\n10\n10\n20\n10\n97\n0\n\
92\n1\n93\n2\n72\n1\n10\n0\n20\n0\n11\n4\n21\n0\n72\n2\n10\n2\n20\n0\n40\n2\n50\n0\n51\n180\n73\n0\n97\n0\n\
75\n0\n98\n1\n10\n5\n20\n5\n0\nENDSEC\n0\nEOF\n";

fn plane() -> ImportOptions {
    ImportOptions {
        crs: Some(Crs::Vn2000Tm3 {
            central_meridian: 103.0,
        }),
        ..ImportOptions::default()
    }
}

/// A damage to apply to a file's bytes.
#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, bits: u8 },
    Cut { at: usize },
    Splice { at: usize, bytes: Vec<u8> },
}

fn damage() -> impl Strategy<Value = Vec<Damage>> {
    let one = prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, bits)| Damage::Flip { at, bits }),
        any::<usize>().prop_map(|at| Damage::Cut { at }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Damage::Splice { at, bytes }),
    ];
    prop::collection::vec(one, 1..6)
}

fn apply(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        if bytes.is_empty() {
            break;
        }
        match d {
            Damage::Flip { at, bits } => {
                let i = at % bytes.len();
                bytes[i] ^= bits;
            }
            Damage::Cut { at } => bytes.truncate(at % bytes.len()),
            Damage::Splice { at, bytes: more } => {
                let i = at % bytes.len();
                bytes.splice(i..i, more.iter().copied());
            }
        }
    }
    bytes
}

fn read_geojson(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = geojson_stream::read_str(
        "fuzz.geojson",
        &text,
        &ImportOptions::default(),
        &mut |_| Ok(()),
    );
}

fn read_dxf(bytes: &[u8]) {
    let _ = dxf::read("fuzz.dxf", bytes, &plane(), &mut || {}, &mut |_| Ok(()));
}

/// Writes the bytes to a temporary file with this extension and imports it.
fn read_file(extension: &str, bytes: &[u8]) {
    let file = tempfile::Builder::new()
        .suffix(&format!(".{extension}"))
        .tempfile()
        .unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let _ = import::read_collection(file.path(), &plane());
}

/// Real files made by GDAL from the boundaries (a zipped Shapefile and a GeoPackage), or
/// none without GDAL (CI has it: PLANTRACK_GDAL_TESTS=1 makes it required).
fn gdal_samples() -> Option<&'static (Vec<u8>, Vec<u8>)> {
    static SAMPLES: OnceLock<Option<(Vec<u8>, Vec<u8>)>> = OnceLock::new();
    SAMPLES
        .get_or_init(|| {
            if Command::new("ogr2ogr").arg("--version").output().is_err() {
                assert!(
                    std::env::var("PLANTRACK_GDAL_TESTS").as_deref() != Ok("1"),
                    "GDAL is required (PLANTRACK_GDAL_TESTS=1)"
                );
                return None;
            }
            let dir = tempfile::tempdir().unwrap();
            let source = dir.path().join("one.geojson");
            std::fs::write(&source, sample_geojson()).unwrap();
            let run = |args: &[&str]| {
                let out = Command::new("ogr2ogr").args(args).output().unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            };
            let gpkg = dir.path().join("one.gpkg");
            run(&[
                "-f",
                "GPKG",
                gpkg.to_str().unwrap(),
                source.to_str().unwrap(),
            ]);
            let shp = dir.path().join("one.shp");
            run(&[
                "-f",
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8",
                shp.to_str().unwrap(),
                source.to_str().unwrap(),
            ]);
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
                zip.start_file(
                    format!("one.{ext}"),
                    zip::write::SimpleFileOptions::default(),
                )
                .unwrap();
                std::io::Write::write_all(
                    &mut zip,
                    &std::fs::read(shp.with_extension(ext)).unwrap(),
                )
                .unwrap();
            }
            let zipped = zip.finish().unwrap().into_inner();
            Some((zipped, std::fs::read(&gpkg).unwrap()))
        })
        .as_ref()
}

#[test]
fn the_samples_read_whole() {
    let mut n = 0;
    geojson_stream::read_str(
        "s.geojson",
        sample_geojson(),
        &ImportOptions::default(),
        &mut |_| {
            n += 1;
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(n, 1);
    let mut kinds = Vec::new();
    dxf::read(
        "s.dxf",
        SAMPLE_DXF.as_bytes(),
        &plane(),
        &mut || {},
        &mut |f| {
            kinds.push(f.property("entity").unwrap().as_str().unwrap().to_owned());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(kinds, ["LWPOLYLINE", "POLYLINE", "HATCH"]);
    if let Some((zip, gpkg)) = gdal_samples() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [("s.zip", zip), ("s.gpkg", gpkg)] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let fc = import::read_collection(Path::new(&path), &ImportOptions::default())
                .unwrap()
                .value;
            assert_eq!(fc.features.len(), 1, "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_geojson(&bytes);
        read_dxf(&bytes);
    }

    #[test]
    fn damaged_geojson_never_panics(d in damage()) {
        read_geojson(&apply(sample_geojson().as_bytes().to_vec(), &d));
    }

    #[test]
    fn damaged_dxf_never_panics(d in damage()) {
        read_dxf(&apply(SAMPLE_DXF.as_bytes().to_vec(), &d));
    }
}

proptest! {
    // Each case writes a file and opens it: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn damaged_shapefiles_and_geopackages_never_panic(d in damage()) {
        if let Some((zip, gpkg)) = gdal_samples() {
            read_file("zip", &apply(zip.clone(), &d));
            read_file("gpkg", &apply(gpkg.clone(), &d));
        } else {
            read_file("zip", &apply(b"PK\x03\x04not really".to_vec(), &d));
        }
    }
}
