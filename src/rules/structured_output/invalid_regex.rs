//! `structured-output/invalid-regex`

use serde_json::Value;

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A `type: "regex"` structured output has no `regex`, or one that is too long or does not compile as RE2.
    ///
    /// ## What it checks
    /// A regex output needs a `regex` of 1 to 1000 characters that compiles with RE2 syntax,
    /// written raw (`\d+`) or as a literal (`/\d+/i`) (reference
    /// vapi-structured-outputs-and-retell.md §1.6). RE2 has no lookahead, lookbehind or
    /// backreferences; plankit checks with Rust's `regex-syntax`, which refuses the same
    /// constructs (full RE2 parity is not promised).
    ///
    /// ## Why it matters
    /// Vapi compiles the pattern with RE2 "for safety": a JavaScript or PCRE pattern that works in
    /// a tester is rejected, or the output never produces a value.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Order number", "type": "regex", "regex": "(?<=order )\\d+", "schema": { "type": "string" } }
    /// ```
    ///
    /// ## How to fix
    /// Rewrite without lookaround or backreferences: `order (\d+)` takes the first capture group.
    pub static RULE = "structured-output/invalid-regex", Error, Check::Plan(check);
}

/// The pattern of a `/…/flags` literal, or the text as written.
pub(crate) fn pattern_of(regex: &str) -> (&str, &str) {
    if let Some(rest) = regex.strip_prefix('/')
        && let Some(end) = rest.rfind('/')
        && rest[end + 1..].chars().all(|c| "gimsuy".contains(c))
    {
        return (&rest[..end], &rest[end + 1..]);
    }
    (regex, "")
}

/// Why `regex` does not compile as RE2, if it does not.
fn compile_error(regex: &str) -> Option<String> {
    let (pattern, flags) = pattern_of(regex);
    let mut parser = regex_syntax::ParserBuilder::new()
        .case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'))
        .dot_matches_new_line(flags.contains('s'))
        .build();
    let error = parser.parse(pattern).err()?;
    let text = error.to_string();
    // the crate's message is a framed, multi-line report: its last line says what is wrong
    let reason = text.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or_default().trim();
    let reason = reason.strip_prefix("error: ").unwrap_or(reason);
    Some(reason.to_owned())
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        if !output.definition.is_regex() {
            return;
        }
        match field(&output, "regex") {
            None => out.push(
                Finding::new(&RULE, output.part.pointer.clone(), "`type` is \"regex\" but there is no `regex`")
                    .help("add the RE2 pattern to run on the transcript"),
            ),
            Some((pointer, Value::String(regex))) => {
                let length = regex.chars().count();
                if length == 0 || length > 1000 {
                    out.push(Finding::new(
                        &RULE,
                        pointer,
                        format!("`regex` is {length} characters long; Vapi allows 1 to 1000"),
                    ));
                } else if let Some(reason) = compile_error(regex) {
                    out.push(
                        Finding::new(&RULE, pointer, format!("`regex` does not compile as RE2: {reason}"))
                            .label("Vapi rejects this pattern")
                            .help("RE2 has no lookahead, lookbehind or backreferences; use a capture group instead"),
                    );
                }
            }
            Some((pointer, value)) => out.push(Finding::new(
                &RULE,
                pointer,
                format!("`regex` must be a string, found {}", crate::plan::describe_value(value)),
            )),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_refuses_lookaround_and_backreferences() {
        assert!(compile_error(r"\d{3}-\d{2}-\d{4}").is_none());
        assert!(compile_error(r"/order (\d+)/gi").is_none());
        assert!(compile_error(r"(?<=order )\d+").is_some());
        assert!(compile_error(r"(a)\1").is_some());
    }
}
