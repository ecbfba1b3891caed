//! How a schema's `pattern` (and a `patternProperties` key) is read: as an ECMA-262 regular
//! expression, the dialect JSON Schema specifies and the one model providers, JavaScript and
//! most webhook receivers compile it with. plankit matches with another engine (fancy-regex,
//! through jsonschema), which accepts things ECMA-262 does not (`^+31…` is "nothing to
//! repeat" in JavaScript, a repeated anchor there), so the syntax is judged here, by regress,
//! an ECMAScript regex engine, and shared by `schema/invalid-pattern` and `plankit validate`.
//!
//! Unicode mode: JSON Schema reads patterns with the `u` flag (Ajv compiles them so by
//! default). Many real schemas rely on the looser grammar of a pattern without flags (ECMA-262
//! Annex B: identity escapes such as `\-` outside a class, a lone `{`, octal escapes), which
//! browsers and Node accept. A pattern is read with the `u` flag first, then without it; only a
//! pattern neither reading accepts is invalid.

use regress::{Flags, Regex};

/// What ECMA-262 makes of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// Valid with the `u` flag JSON Schema specifies.
    Valid,
    /// Valid only without the `u` flag: JavaScript's `new RegExp(p)` accepts it, a validator
    /// that follows the specification (Ajv's default) rejects it.
    WithoutUnicodeFlag {
        /// Why the `u` reading rejects it, one lowercase line.
        error: String,
    },
    /// Valid in no ECMAScript reading.
    Invalid {
        /// Why, one lowercase line.
        error: String,
    },
}

/// Reads `pattern` as ECMA-262 does, with the `u` flag and then without.
///
/// ```
/// use plankit::pattern::{Syntax, read};
/// assert_eq!(read(r"^\+31[0-9]{9}$"), Syntax::Valid);
/// assert_eq!(read("^+31[0-9]{9}$"), Syntax::Invalid { error: "quantifier not allowed here".to_owned() });
/// assert!(matches!(read(r"^\d{4}\-\d{2}$"), Syntax::WithoutUnicodeFlag { .. }));
/// ```
pub fn read(pattern: &str) -> Syntax {
    let Err(unicode) = compile(pattern, true) else { return Syntax::Valid };
    match compile(pattern, false) {
        Ok(()) => Syntax::WithoutUnicodeFlag { error: unicode },
        Err(error) => Syntax::Invalid { error },
    }
}

fn compile(pattern: &str, unicode: bool) -> Result<(), String> {
    // no_opt: only the syntax matters here, the compiled matcher is thrown away
    let flags = Flags { unicode, no_opt: true, ..Flags::default() };
    Regex::with_flags(pattern, flags).map(drop).map_err(|e| lowercase_first(&e.text))
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_real_plans_use_are_valid() {
        for pattern in [
            r"^\d{4}-\d{2}-\d{2}$",
            r"^([0-1]?[0-9]|2[0-3]):[0-5][0-9]$",
            r"^[0-9()+\-\s.ext]*$|^Not Provided$",
            r"^(\+44|0)[0-9]{10,11}$",
            r"^(?=.*[0-9])[A-Z0-9]{8}$",
            r"^\p{L}+$",
        ] {
            assert_eq!(read(pattern), Syntax::Valid, "{pattern}");
        }
    }

    #[test]
    fn annex_b_only_patterns_are_told_apart_from_broken_ones() {
        assert!(matches!(read(r"^a{$"), Syntax::WithoutUnicodeFlag { .. }));
        assert!(matches!(read(r"\_"), Syntax::WithoutUnicodeFlag { .. }));
        for broken in ["^+31[0-9]{9}$", "*[0-9]{6}", "^[A-Z", "^([0-9]{4}$", "a{2,1}", "(?<n>a)(?<n>b)"] {
            assert!(matches!(read(broken), Syntax::Invalid { .. }), "{broken}");
        }
    }
}
