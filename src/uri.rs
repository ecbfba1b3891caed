//! File paths as URI references and back: SARIF artifact locations, `file://` base URIs for
//! `$ref`s beside a schema, and `$ref` fragments such as `#/$defs/caf%C3%A9`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters and `/` is encoded in a path.
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// A path as a URI reference (`plans/a b.json` → `plans/a%20b.json`).
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Decodes `%XX` escapes (invalid UTF-8 is replaced, never refused).
pub fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        assert_eq!(encode_path("plans/a b/ü.json"), "plans/a%20b/%C3%BC.json");
        assert_eq!(decode("plans/a%20b/%C3%BC.json"), "plans/a b/ü.json");
        assert_eq!(decode("#/$defs/100%"), "#/$defs/100%");
    }
}
