//! Transcripts in every form plankit reads: plain text turns, message arrays, payloads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for name in ["call.txt", "call.json"] {
        let _ = plankit::Transcript::parse(&plankit::Source::new(name, text));
    }
});
