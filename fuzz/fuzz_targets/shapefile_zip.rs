//! A zipped ESRI Shapefile, as uploaded: any bytes give features or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plantrack_gis::crs::Crs;
use plantrack_gis::import::shapefile;

fuzz_target!(|bytes: &[u8]| {
    let crs = Crs::Vn2000Tm3 {
        central_meridian: 103.0,
    };
    let _ = shapefile::read_zipped_shapefile("fuzz.zip", bytes, Some(crs));
});
