//! The fast path of NDJSON validation: decides that a line has nothing to report, and nothing
//! else. A line it cannot vouch for takes the span-aware path ([`super::ndjson`]), which alone
//! writes reports, so every report is what that path gives, byte for byte.
//!
//! With the `simd` feature (on by default) a line is parsed once, with sonic-rs (a SIMD JSON
//! parser), into sonic-rs's own `Value`, and asked [`super::document::is_clean`]: recognition,
//! dialect voting and the payload rules' predicates read that value through
//! [`crate::recognise::Tree`] (the same code the span-aware path runs on serde_json's `Value`),
//! and only the sub-document the compiled schema checks (the analysis, a structured output's
//! result, a bare output) is turned into a `serde_json::Value` for its `is_valid`. No error is
//! built for a document that fails: the span-aware path parses it once more and builds them. A
//! line sonic-rs refuses (bad syntax, invalid UTF-8) is left to the span-aware path, and so is
//! one nesting deeper than serde_json reads, which that path reports as it always has.
//! Without the feature there is no fast path: serde_json parses every line, as the span-aware
//! path does.

#[cfg(feature = "simd")]
use std::borrow::Cow;

use super::{CheckOptions, OutputValidator};
#[cfg(feature = "simd")]
use crate::recognise::Tree;

/// Whether `line` is a document without errors, warnings or notes; `false` means "not known
/// here", never "invalid".
#[cfg(feature = "simd")]
pub(crate) fn is_valid(line: &[u8], validator: &OutputValidator, options: &CheckOptions) -> bool {
    if too_deep(line) {
        return false;
    }
    match sonic_rs::from_slice::<sonic_rs::Value>(line) {
        Ok(document) => !repeats_a_key(&document) && super::document::is_clean(&document, validator, options),
        Err(_) => false,
    }
}

/// Whether any object of the document writes a key twice. serde_json keeps the last; sonic-rs
/// keeps both, and its lookups find the first: such a (rare) document is left to the
/// span-aware path, so the [`Tree`] below can look members up as sonic-rs does.
#[cfg(feature = "simd")]
fn repeats_a_key(document: &sonic_rs::Value) -> bool {
    use sonic_rs::{JsonContainerTrait, JsonValueTrait};
    let container = |value: &&sonic_rs::Value| value.is_array() || value.is_object();
    let mut pending = vec![document];
    let mut keys: Vec<&str> = Vec::new();
    while let Some(value) = pending.pop() {
        if let Some(items) = value.as_array() {
            pending.extend(items.iter().filter(container));
        } else if let Some(object) = value.as_object() {
            keys.clear();
            for (key, member) in object.iter() {
                if keys.contains(&key) {
                    return true;
                }
                keys.push(key);
                if container(&member) {
                    pending.push(member);
                }
            }
        }
    }
    false
}

/// sonic-rs's own value, read by recognition and the payload predicates. Only documents
/// without a repeated key get here ([`repeats_a_key`]), so a member is the one sonic-rs finds.
#[cfg(feature = "simd")]
impl Tree for sonic_rs::Value {
    fn member(&self, key: &str) -> Option<&sonic_rs::Value> {
        sonic_rs::JsonContainerTrait::as_object(self)?.get(&key)
    }

    fn members(&self) -> impl Iterator<Item = (&str, &sonic_rs::Value)> {
        sonic_rs::JsonContainerTrait::as_object(self).into_iter().flat_map(sonic_rs::Object::iter)
    }

    fn items(&self) -> Option<&[sonic_rs::Value]> {
        sonic_rs::JsonContainerTrait::as_array(self).map(|array| &**array)
    }

    fn text(&self) -> Option<&str> {
        sonic_rs::JsonValueTrait::as_str(self)
    }

    fn number(&self) -> Option<f64> {
        sonic_rs::JsonValueTrait::as_f64(self)
    }

    fn is_integer(&self) -> bool {
        sonic_rs::JsonValueTrait::is_i64(self) || sonic_rs::JsonValueTrait::is_u64(self)
    }

    fn is_object(&self) -> bool {
        sonic_rs::JsonValueTrait::is_object(self)
    }

    fn is_null(&self) -> bool {
        sonic_rs::JsonValueTrait::is_null(self)
    }

    fn is_boolean(&self) -> bool {
        sonic_rs::JsonValueTrait::is_boolean(self)
    }

    fn to_serde(&self) -> Cow<'_, serde_json::Value> {
        // through serde_json's own visitor, as a line parsed by serde_json builds it; a
        // sonic-rs value always converts, `null` is never reached
        Cow::Owned(sonic_rs::from_value(self).unwrap_or(serde_json::Value::Null))
    }

    fn member_count(&self) -> usize {
        sonic_rs::JsonContainerTrait::as_object(self).map_or(0, sonic_rs::Object::len)
    }
}

/// How deep a line the fast path reads. sonic-rs builds its value recursively, with large
/// frames (about 30 KB a level in a debug build, against the 2 MB of a rayon thread's stack),
/// and webhooks and analysis outputs nest a few levels: deeper lines (up to
/// [`crate::json::MAX_NESTING`], which the span-aware path reads, and past it, which it
/// reports) are left to the span-aware path.
#[cfg(feature = "simd")]
const FAST_NESTING: usize = 32;

/// Whether a line nests deeper than [`FAST_NESTING`]. A line with fewer brackets cannot be
/// that deep, so only the few lines with many (a long transcript) are scanned.
#[cfg(feature = "simd")]
fn too_deep(line: &[u8]) -> bool {
    memchr::memchr2_iter(b'[', b'{', line).count() > FAST_NESTING
        && crate::json::nests_deeper(line, FAST_NESTING).is_some()
}

/// Without the `simd` feature there is no fast path.
#[cfg(not(feature = "simd"))]
pub(crate) fn is_valid(_line: &[u8], _validator: &OutputValidator, _options: &CheckOptions) -> bool {
    false
}

#[cfg(all(test, feature = "simd"))]
mod tests {
    use super::*;
    use crate::json::MAX_NESTING;

    fn nested(depth: usize) -> String {
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn nesting_past_the_limit_is_left_to_the_span_aware_path() {
        let validator =
            OutputValidator::new(&serde_json::json!({}), &Default::default()).unwrap_or_else(|e| panic!("{e}"));
        let options = CheckOptions::default();
        assert!(is_valid(nested(FAST_NESTING).as_bytes(), &validator, &options));
        assert!(!is_valid(nested(FAST_NESTING + 1).as_bytes(), &validator, &options));
        assert!(!is_valid(nested(MAX_NESTING + 1).as_bytes(), &validator, &options));
        // many brackets, shallow: scanned, and vouched for
        let wide = format!("[{}]", vec!["[1]"; 2 * FAST_NESTING].join(","));
        assert!(is_valid(wide.as_bytes(), &validator, &options));
        // far deeper than any stack: refused by sonic-rs or measured, never a crash
        assert!(!is_valid(nested(200_000).as_bytes(), &validator, &options));
    }

    #[test]
    fn sonic_values_read_as_serde_json_values_do() {
        let text = r#"{"a": 1, "b": {"x": true, "y": [null, 2.5]}, "n": 84.0, "m": -3, "s": "\u00e9"}"#;
        let sonic: sonic_rs::Value = sonic_rs::from_str(text).unwrap_or_default();
        let serde: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        assert!(!repeats_a_key(&sonic));
        let mut keys: Vec<&str> = sonic.members().map(|(key, _)| key).collect();
        keys.sort_unstable();
        assert_eq!(keys, serde.members().map(|(key, _)| key).collect::<Vec<_>>());
        assert_eq!(sonic.member_count(), serde.member_count());
        assert_eq!(sonic.member("s").and_then(Tree::text), Some("\u{e9}"));
        assert!(!sonic.member("n").is_some_and(Tree::is_integer));
        assert!(sonic.member("m").is_some_and(Tree::is_integer));
        assert_eq!(sonic.at_pointer("/b/y/1").and_then(Tree::number), Some(2.5));
        assert_eq!(sonic.to_serde().into_owned(), serde);
    }

    #[test]
    fn a_repeated_key_is_left_to_the_span_aware_path() {
        let repeated: sonic_rs::Value = sonic_rs::from_str(r#"[{"a": {"b": 1, "b": 2}}]"#).unwrap_or_default();
        assert!(repeats_a_key(&repeated));
        let validator =
            OutputValidator::new(&serde_json::json!({"properties": {"a": {"const": 2}}}), &Default::default())
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(!is_valid(br#"{"a": 1, "a": 2}"#, &validator, &CheckOptions::default()));
        assert!(is_valid(br#"{"a": 2}"#, &validator, &CheckOptions::default()));
    }
}
