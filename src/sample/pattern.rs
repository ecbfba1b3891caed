//! Strings that match a `pattern`: the pattern is parsed with `regex-syntax` (the parser
//! behind the regex crate, whose syntax agrees with ECMA-262 on the classes, repetitions and
//! groups schemas use) and a string is built by walking it. Anchors are implied (JSON Schema
//! patterns are unanchored, so a generated full match always matches); lookaround and
//! backreferences are not supported by the parser, and such a pattern yields `None`: the
//! caller then falls back to other strings, and the final validation has the last word.

use regex_syntax::hir::{Class, Hir, HirKind};

use super::rng::Rng;

/// How many extra repetitions an unbounded `*` or `+` gets at most.
const UNBOUNDED_EXTRA: u32 = 4;

/// A string matching `pattern`, or `None` when the pattern cannot be read.
pub fn generate(pattern: &str, rng: &mut Rng) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().unicode(true).utf8(true).build().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, rng, &mut out, 0)?;
    Some(out)
}

fn walk(hir: &Hir, rng: &mut Rng, out: &mut String, depth: usize) -> Option<()> {
    if depth > 64 || out.len() > 10_000 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            // prefer printable ASCII where the class allows it: such strings read well
            let ranges = class.ranges();
            let ascii: Vec<_> = ranges.iter().filter(|r| r.start() <= '~' && r.end() >= ' ').collect();
            let range = if ascii.is_empty() { rng.pick(ranges)? } else { *rng.pick(&ascii)? };
            let (low, high) = if ascii.is_empty() {
                (range.start(), range.end())
            } else {
                (range.start().max(' '), range.end().min('~'))
            };
            let code = rng.between(i64::from(u32::from(low)), i64::from(u32::from(high)));
            out.push(u32::try_from(code).ok().and_then(char::from_u32).unwrap_or(low));
        }
        HirKind::Class(Class::Bytes(class)) => {
            let range = rng.pick(class.ranges())?;
            let byte = rng.between(i64::from(range.start()), i64::from(range.end()));
            out.push(char::from(u8::try_from(byte).ok().filter(u8::is_ascii)?));
        }
        HirKind::Repetition(repetition) => {
            let extra = match repetition.max {
                Some(max) => max.saturating_sub(repetition.min).min(UNBOUNDED_EXTRA),
                None => UNBOUNDED_EXTRA,
            };
            let count = repetition.min.saturating_add(u32::try_from(rng.below(u64::from(extra) + 1)).unwrap_or(0));
            // a repetition of nothing (`(?:){1000000}`) adds no length to stop at
            if count > 10_000 {
                return None;
            }
            for _ in 0..count {
                walk(&repetition.sub, rng, out, depth + 1)?;
            }
        }
        HirKind::Capture(capture) => walk(&capture.sub, rng, out, depth + 1)?,
        HirKind::Concat(items) => {
            for item in items {
                walk(item, rng, out, depth + 1)?;
            }
        }
        HirKind::Alternation(branches) => walk(rng.pick(branches)?, rng, out, depth + 1)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_strings_match_their_pattern() {
        for pattern in ["^\\+31[0-9]{9}$", "^[A-Z]{2}-\\d{4}$", "^(yes|no|maybe)$", "[a-z]+@[a-z]+\\.nl", "^\\w{3,5}$"]
        {
            let mut rng = Rng::new(3);
            for _ in 0..20 {
                let text = generate(pattern, &mut rng).unwrap_or_default();
                assert!(matches(pattern, &text), "{pattern}: {text:?}");
            }
        }
    }

    /// Checks with the same engine `validate` uses for `pattern`.
    fn matches(pattern: &str, text: &str) -> bool {
        let schema = serde_json::json!({"type": "string", "pattern": pattern});
        crate::validate::OutputValidator::new(&schema, &Default::default())
            .is_ok_and(|validator| validator.is_valid(&serde_json::Value::String(text.to_owned())))
    }

    #[test]
    fn lookaround_is_not_generated() {
        assert_eq!(generate("^(?=a)a$", &mut Rng::new(1)), None);
    }
}
