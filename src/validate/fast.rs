//! The fast path of NDJSON validation: decides that a line has nothing to report, and nothing
//! else. A line it cannot vouch for takes the span-aware path ([`super::ndjson`]), which alone
//! writes reports, so every report is what that path gives, byte for byte.
//!
//! With the `simd` feature (on by default) a line is parsed with sonic-rs, a SIMD JSON parser,
//! into the same `serde_json::Value` serde_json builds (through the same serde visitor), and
//! asked [`super::document::is_clean`]: the same recognition, the payload rules' predicates and
//! the compiled schema's `is_valid` see exactly what they see on the span-aware path, and no
//! error is built for a document that fails (the span-aware path builds them once). A line sonic-rs refuses (bad syntax, invalid
//! UTF-8, nesting past its limit) is left to the span-aware path. Without the feature there is
//! no fast path: serde_json parses every line, as the span-aware path does.

use super::{CheckOptions, OutputValidator};

/// Whether `line` is a document without errors, warnings or notes; `false` means "not known
/// here", never "invalid".
#[cfg(feature = "simd")]
pub(crate) fn is_valid(line: &[u8], validator: &OutputValidator, options: &CheckOptions) -> bool {
    match sonic_rs::from_slice::<serde_json::Value>(line) {
        Ok(document) => super::document::is_clean(&document, validator, options),
        Err(_) => false,
    }
}

/// Without the `simd` feature there is no fast path.
#[cfg(not(feature = "simd"))]
pub(crate) fn is_valid(_line: &[u8], _validator: &OutputValidator, _options: &CheckOptions) -> bool {
    false
}
