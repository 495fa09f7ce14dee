//! The workflow-template parser and its validation: any text gives a template or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plantrack_domain::workflow::Template;

fuzz_target!(|text: &str| {
    let _ = Template::from_toml(text);
});
