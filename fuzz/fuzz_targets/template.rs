//! The `{{placeholder}}` scanner: linear, and every token lies inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = plankit::template::scan(text);
});
