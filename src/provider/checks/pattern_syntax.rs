//! `provider/<target>/pattern-syntax`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;
use crate::text::quote;

declare_check! {
    /// A `pattern` uses a regex feature outside the target's regex subset (backreferences, lookaround, `\b`, `\p{…}`).
    ///
    /// ## What it checks
    /// Every `pattern` for backreferences (`\1`, `\k<name>`), lookahead and lookbehind
    /// (`(?=`, `(?!`, `(?<=`, `(?<!`), word boundaries (`\b`, `\B`), Unicode classes
    /// (`\p{…}`, `\P{…}`) and inline flags (`(?i)`).
    ///
    /// ## Why it matters
    /// Providers compile `pattern` into a grammar, which cannot express these: Anthropic
    /// rejects the request; xAI accepts it without enforcing the pattern.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "pattern": "^\\b[A-Z]{2}\\d{4}\\b$" }
    /// ```
    ///
    /// ## How to fix
    /// Rewrite the pattern without the feature (`^[A-Z]{2}[0-9]{4}$`), or drop it and check
    /// the value on receipt.
    pub static CHECK = "pattern-syntax",
        severity: severity,
        facts: |profile: &Profile| vec![support_fact("backreferences, lookaround, `\\b`, `\\p{…}` or inline flags in `pattern`", profile.regex_features)],
        run: check;
}

fn severity(profile: &Profile) -> Option<crate::diagnostic::Severity> {
    // where `pattern` itself is rejected, `unsupported-keyword` reports it and this never fires
    if profile.keywords.support("pattern").is_rejected() { None } else { profile.regex_features.severity() }
}

/// The first regex feature a grammar-based decoder cannot express, if any.
pub(crate) fn unsupported_feature(pattern: &str) -> Option<&'static str> {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                match bytes.get(i + 1) {
                    Some(b'1'..=b'9') if !in_class => return Some("a backreference"),
                    Some(b'k') if bytes.get(i + 2) == Some(&b'<') => return Some("a named backreference"),
                    Some(b'b' | b'B') if !in_class => return Some("a word boundary"),
                    Some(b'p' | b'P') => return Some("a Unicode property class"),
                    _ => {}
                }
                i += 2;
                continue;
            }
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class && bytes.get(i + 1) == Some(&b'?') => {
                let rest = &pattern[i + 2..];
                if rest.starts_with('=') || rest.starts_with('!') || rest.starts_with("<=") || rest.starts_with("<!") {
                    return Some("a lookaround");
                }
                if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-') {
                    return Some("an inline flag");
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        let Some(Value::String(pattern)) = node.schema.get("pattern") else { return };
        let Some(feature) = unsupported_feature(pattern) else { return };
        // a pattern the target rejects as a keyword is `unsupported-keyword`'s
        if ctx.profile.keywords.support("pattern").is_rejected() {
            return;
        }
        let context = ctx.context(node.pointer);
        let verdict = ctx.verdict(ctx.profile.regex_features, &[("keyword", "pattern"), ("context", &context)]);
        out.push(
            ctx.finding(
                keyword_pointer(&node, "pattern"),
                format!("`pattern` {} uses {feature}; {verdict}", quote(pattern)),
            )
            .help("rewrite the pattern without it, or check the value on receipt"),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::unsupported_feature;

    #[test]
    fn finds_features_grammars_cannot_express() {
        assert_eq!(unsupported_feature(r"^(a)\1$"), Some("a backreference"));
        assert_eq!(unsupported_feature(r"^(?=.*\d).+$"), Some("a lookaround"));
        assert_eq!(unsupported_feature(r"\bword\b"), Some("a word boundary"));
        assert_eq!(unsupported_feature(r"\p{L}+"), Some("a Unicode property class"));
        assert_eq!(unsupported_feature(r"(?i)yes"), Some("an inline flag"));
        assert_eq!(unsupported_feature(r"^\+[1-9][0-9]{7,14}$"), None);
        assert_eq!(unsupported_feature(r"^(?:ab|cd)[\b]$"), None);
    }
}
