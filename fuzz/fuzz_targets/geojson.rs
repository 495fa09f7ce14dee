//! The streaming GeoJSON reader (layers, land-use maps): any text gives features or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plantrack_gis::import::{ImportOptions, geojson_stream};

fuzz_target!(|text: &str| {
    let _ = geojson_stream::read_str("fuzz.geojson", text, &ImportOptions::default(), &mut |_| {
        Ok(())
    });
});
