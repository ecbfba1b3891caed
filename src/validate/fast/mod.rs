//! The fast path of NDJSON validation: decides that a line has nothing to report, or that only
//! the schema fails it and how. A line it cannot vouch for takes the span-aware path
//! ([`super::ndjson`]), which places every violation and writes every report, so every report
//! is what that path gives, byte for byte.
//!
//! A line is parsed once, by plankit's own parser ([`parse`]), into a [`node::Node`] built in
//! an arena the next line reuses, whose keys and strings borrow from the line, and asked
//! [`super::document::verdict`]: recognition, dialect voting and the payload rules'
//! predicates read it through [`crate::recognise::Tree`] (the same code the span-aware path
//! runs on serde_json's `Value`), and the sub-document the compiled schema checks (the
//! analysis, a structured output's result, a bare output) is asked of the schema compiled for
//! the tree itself ([`schema::FastJson`]). A document that only the schema fails is
//! explained there too, on the tree put in key order (its violations are placed in the line,
//! which is never parsed again); one that fails anything else is parsed once more by the span-aware path, which
//! builds them. A line the parser refuses (bad syntax, invalid UTF-8, anything it does not
//! read exactly as serde_json does) is left to the span-aware path, and so is one nesting
//! deeper than [`parse::FAST_NESTING`].

mod node;
mod parse;
mod schema;

pub(crate) use node::Node;
pub(crate) use parse::Arena;
pub(crate) use schema::FastJson;

use super::document::Verdict;
use super::{CheckOptions, OutputValidator};

/// What `line` holds: nothing to report, a schema failure (violations without their
/// columns), or [`Verdict::Unknown`], "not known here", for the span-aware path; and its tree,
/// built in `arena` (reset by the caller), when the line was read.
pub(crate) fn verdict<'a>(
    line: &'a str,
    arena: &'a Arena,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> (Verdict, Option<Node<'a>>) {
    match parse::parse_text(line, arena) {
        Ok(document) => (super::document::verdict(&document, validator, options), Some(document)),
        Err(_) => (Verdict::Unknown, None),
    }
}

/// Whether `line` is a document without errors, warnings or notes; `false` means "look closer".
#[cfg(test)]
fn is_valid(line: &[u8], validator: &OutputValidator, options: &CheckOptions) -> bool {
    std::str::from_utf8(line)
        .is_ok_and(|line| matches!(verdict(line, &Arena::default(), validator, options).0, Verdict::Clean))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::MAX_NESTING;
    use parse::FAST_NESTING;

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
        // many brackets, shallow: vouched for
        let wide = format!("[{}]", vec!["[1]"; 2 * FAST_NESTING].join(","));
        assert!(is_valid(wide.as_bytes(), &validator, &options));
        // far deeper than any stack: refused at its depth, never a crash
        assert!(!is_valid(nested(200_000).as_bytes(), &validator, &options));
    }

    #[test]
    fn a_repeated_key_counts_as_its_last_value() {
        let validator =
            OutputValidator::new(&serde_json::json!({"properties": {"a": {"const": 2}}}), &Default::default())
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(is_valid(br#"{"a": 1, "a": 2}"#, &validator, &CheckOptions::default()));
        assert!(!is_valid(br#"{"a": 2, "a": 1}"#, &validator, &CheckOptions::default()));
    }
}
