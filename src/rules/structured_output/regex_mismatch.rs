//! `structured-output/regex-mismatch`

use serde_json::Value;

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A `regex` is written on an `ai` output (and ignored), or a regex output's schema is an object.
    ///
    /// ## What it checks
    /// `regex` is used only when `type` is `"regex"`; on an `ai` output (the default type) it
    /// is ignored. A regex output's result comes from its schema's root type: `boolean` (does it
    /// match), `string` (the first match or first capture group), `number`/`integer` (the first
    /// match as a number), `array` (all matches); `object` is not defined (reference
    /// vapi-structured-outputs-and-retell.md §1.6).
    ///
    /// ## Why it matters
    /// A pattern on an `ai` output looks like it constrains the result and does nothing; an object
    /// schema on a regex output has no documented result.
    ///
    /// ## Example
    /// ```json
    /// { "name": "SSN", "regex": "\\d{3}-\\d{2}-\\d{4}", "schema": { "type": "string" } }
    /// ```
    ///
    /// ## How to fix
    /// Add `"type": "regex"`, or remove `regex`; give a regex output a boolean, string, number,
    /// integer or array schema.
    pub static RULE = "structured-output/regex-mismatch", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        if !output.definition.is_regex() {
            if let Some((pointer, _)) = field(&output, "regex") {
                out.push(
                    Finding::new(&RULE, pointer, "`regex` is ignored: this output's `type` is \"ai\"")
                        .on_key()
                        .help("add `\"type\": \"regex\"` to run the pattern, or remove `regex`"),
                );
            }
            return;
        }
        let Some((pointer, Value::Object(schema))) = field(&output, "schema") else { return };
        if let Some(Value::String(root)) = schema.get("type")
            && !["boolean", "string", "number", "integer", "array"].contains(&root.as_str())
        {
            out.push(
                Finding::new(
                    &RULE,
                    crate::json::child_pointer(&pointer, "type"),
                    format!("a regex output of type `{root}` has no defined result"),
                )
                .help("Vapi defines boolean (matches), string (first match), number/integer and array (all matches)"),
            );
        }
    });
}
