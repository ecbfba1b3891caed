//! `pattern`, with a bound on time for every string.
//!
//! jsonschema matches on fancy-regex, which hands a pattern without lookaround or
//! backreferences to the linear-time `regex` crate and stops the others after
//! [`BACKTRACK_LIMIT`](super::BACKTRACK_LIMIT) backtracking steps. The step count does not
//! cover the work between steps: a lookaround pattern such as `(?<=a)a*b` is tried at every
//! position of the string and scans the rest of it each time, so a 200,000-character string
//! takes hours without ever backtracking much. The keyword is therefore replaced by this one:
//! a pattern that needs the backtracking engine runs only on strings of at most
//! [`BACKTRACKING_INPUT_LIMIT`] characters, which bounds each match to that length squared
//! plus the backtracking budget; a longer string is reported as `output/pattern-aborted`
//! without being matched. Other patterns run as before, on any string.

use jsonschema::paths::Location;
use jsonschema::{Keyword, PatternOptions, ValidationError};
use serde_json::{Map, Value, json};

use super::BACKTRACK_LIMIT;

/// The longest string a lookaround or backreference pattern is matched against. Such patterns
/// check short things in practice (a code, a password rule, a phone number); 1,000
/// characters keep the worst case (every position scanning to the end) near 10^6 steps a
/// string, milliseconds.
pub const BACKTRACKING_INPUT_LIMIT: usize = 1_000;

/// The message of the error for a string too long to match; `errors.rs` recognises it and
/// reports an `output/pattern-aborted` finding.
pub(crate) const TOO_LONG: &str = "string too long for a backtracking pattern";

/// The keyword factory jsonschema calls for every `pattern` in the schema.
pub(crate) fn factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    Ok(Box::new(BoundedPattern::new(value)?))
}

/// [`factory`] for the NDJSON fast path's tree.
pub(crate) fn fast_factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i, super::fast::FastJson>>, ValidationError<'a>> {
    Ok(Box::new(BoundedPattern::new(value)?))
}

/// Whether a pattern needs the backtracking engine: lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`)
/// or a backreference (`\1`…`\9`, `\k<name>`). Read from the text, erring towards yes (an
/// escape inside a class counts too), which only ever puts a length bound where none was
/// needed.
pub fn backtracks(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => {
                if bytes.get(at + 1).is_some_and(|b| matches!(b, b'1'..=b'9' | b'k')) {
                    return true;
                }
                at += 2;
                continue;
            }
            b'(' if bytes.get(at + 1) == Some(&b'?') => {
                let next = &bytes[at + 2..];
                if next.starts_with(b"=")
                    || next.starts_with(b"!")
                    || next.starts_with(b"<=")
                    || next.starts_with(b"<!")
                {
                    return true;
                }
            }
            _ => {}
        }
        at += 1;
    }
    false
}

struct BoundedPattern {
    matcher: jsonschema::Validator,
    backtracks: bool,
}

impl BoundedPattern {
    /// The keyword for the pattern `value`.
    fn new(value: &Value) -> Result<BoundedPattern, ValidationError<'_>> {
        let matcher = jsonschema::options()
            .with_pattern_options(PatternOptions::fancy_regex().backtrack_limit(BACKTRACK_LIMIT))
            .build(&json!({ "pattern": value }))
            .map_err(|error| ValidationError::custom(error.to_string()))?;
        Ok(BoundedPattern { matcher, backtracks: value.as_str().is_some_and(backtracks) })
    }

    /// The keyword's `validate`, on a `Value`.
    fn check<'i>(&self, instance: &Value) -> Result<(), ValidationError<'i>> {
        if self.too_long(instance) {
            return Err(ValidationError::custom(TOO_LONG));
        }
        self.matcher.validate(instance).map_err(ValidationError::to_owned)
    }

    /// The keyword's `is_valid`, on a `Value`.
    fn accepts(&self, instance: &Value) -> bool {
        !self.too_long(instance) && self.matcher.is_valid(instance)
    }

    fn too_long(&self, instance: &Value) -> bool {
        self.backtracks
            && instance.as_str().is_some_and(|text| {
                text.len() > BACKTRACKING_INPUT_LIMIT && text.chars().count() > BACKTRACKING_INPUT_LIMIT
            })
    }
}

impl<'i> Keyword<'i> for BoundedPattern {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        self.check(instance)
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.accepts(instance)
    }
}

/// Only asked "valid?" (a failing document is explained on serde_json's `Value`); a string is
/// matched as the `Value` it would be.
impl<'i> Keyword<'i, super::fast::FastJson> for BoundedPattern {
    fn validate(&self, instance: &'i super::fast::Node<'i>) -> Result<(), ValidationError<'i>> {
        self.check(&crate::recognise::Tree::to_serde(instance))
    }

    fn is_valid(&self, instance: &'i super::fast::Node<'i>) -> bool {
        // `pattern` reads strings only: nothing else becomes a `Value` for it
        crate::recognise::Tree::text(instance).is_none_or(|text| self.accepts(&Value::String(text.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookaround_and_backreferences_are_told_from_plain_patterns() {
        for yes in ["(?<=a)b", "(?<!a)b", "^(?=.*[0-9])", "a(?!b)", r"(a)\1", r"(?<x>a)\k<x>"] {
            assert!(backtracks(yes), "{yes}");
        }
        for no in [r"^\d{4}-\d{2}$", "(?:ab)+", "(?<name>a)", r"\(\?=", r"^[a-z]*\\$"] {
            assert!(!backtracks(no), "{no}");
        }
    }
}
