//! `plankit.toml` and `case.toml`: any text is settings or an error with a message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(error) = plankit::Config::parse(text, "plankit.toml", std::path::Path::new(".")) {
        assert!(!error.problems.is_empty());
    }
    if let Err(error) = plankit::case::CaseConfig::parse(text) {
        assert!(!error.message.is_empty());
    }
});
