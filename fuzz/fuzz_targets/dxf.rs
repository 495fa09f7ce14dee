//! A DXF drawing in VN-2000 (Lai Châu's TM-3 zone): any bytes give features or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plantrack_gis::crs::Crs;
use plantrack_gis::import::{ImportOptions, dxf};

fuzz_target!(|bytes: &[u8]| {
    let options = ImportOptions {
        crs: Some(Crs::Vn2000Tm3 {
            central_meridian: 103.0,
        }),
        ..ImportOptions::default()
    };
    let _ = dxf::read("fuzz.dxf", bytes, &options, &mut || {}, &mut |_| Ok(()));
});
