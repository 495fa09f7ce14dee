//! A GeoPackage (an SQLite file), read from disk as the importer does: any bytes give
//! features or an error.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use plantrack_gis::import::{ImportOptions, geopackage};

fuzz_target!(|bytes: &[u8]| {
    let mut file = tempfile::Builder::new()
        .suffix(".gpkg")
        .tempfile()
        .expect("a temporary file");
    file.write_all(bytes).expect("write the input");
    let _ = geopackage::read_path(
        file.path(),
        &ImportOptions::default(),
        &mut |_, _| {},
        &mut |_| Ok(()),
    );
});
