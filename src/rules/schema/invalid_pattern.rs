//! `schema/invalid-pattern`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A `pattern` (or `patternProperties` key) is not a valid regular expression.
    ///
    /// ## What it checks
    /// Every `pattern` and every key of `patternProperties` compiles with the regex engine
    /// validators use (ECMA-262 flavour: lookahead and backreferences allowed).
    ///
    /// ## Why it matters
    /// A schema with a broken pattern does not compile: the platform rejects the plan, or the
    /// validator errors on every output, so no analysis is ever accepted.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "pattern": "^[A-Z" }
    /// ```
    ///
    /// ## How to fix
    /// Correct the expression; remember that JSON needs `\\d` for the regex `\d`.
    pub static RULE = "schema/invalid-pattern", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        if let Some(Value::String(pattern)) = node.schema.get("pattern")
            && let Err(error) = compile(pattern)
        {
            out.push(
                Finding::new(
                    &RULE,
                    child_pointer(node.pointer, "pattern"),
                    format!("{} is not a valid regular expression", quote(pattern)),
                )
                .help(error),
            );
        }
        if let Some(Value::Object(patterns)) = node.schema.get("patternProperties") {
            for pattern in patterns.keys() {
                if let Err(error) = compile(pattern) {
                    let pointer = child_pointer(&child_pointer(node.pointer, "patternProperties"), pattern);
                    out.push(
                        Finding::new(&RULE, pointer, format!("{} is not a valid regular expression", quote(pattern)))
                            .on_key()
                            .help(error),
                    );
                }
            }
        }
    });
}

fn compile(pattern: &str) -> Result<(), String> {
    fancy_regex::Regex::new(pattern).map(drop).map_err(|e| {
        let text = e.to_string();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or(&text).trim().to_owned();
        first.to_lowercase()
    })
}
