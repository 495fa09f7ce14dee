//! The administrative-unit files (unit lists, boundaries, merges, the commune table): any
//! text gives units or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = plantrack_gis::read_units_str("fuzz.json", text, &mut |_, _| {});
});
