//! The span-aware JSON parser: any bytes parse or fail with a range inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match plankit::json::Document::parse(text) {
            Ok(document) => assert!(document.span("").is_some()),
            Err(error) => assert!(error.range.end <= text.len()),
        }
    }
});
