//! Loading and linting a file with every provider target on: every finding points inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = plankit::Source::from_bytes("fuzz.json".into(), data.to_vec()) else { return };
    let settings = plankit::Settings { targets: plankit::provider::Target::all().collect(), ..Default::default() };
    let linted = plankit::lint_source(source, &settings);
    for diagnostic in &linted.diagnostics {
        if let Some(span) = &diagnostic.span {
            assert!(span.start <= span.end && span.end <= data.len());
        }
    }
});
