//! `structured-output/missing-schema`

use serde_json::Value;

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured output has no `schema` object.
    ///
    /// ## What it checks
    /// Every structured output has a `schema` that is a JSON Schema object: with `name` it is
    /// the only field Vapi requires on create (reference vapi-structured-outputs-and-retell.md
    /// §1.1, `CreateStructuredOutputDTO.required`).
    ///
    /// ## Why it matters
    /// Without a schema Vapi rejects the output, and nothing says what to extract.
    ///
    /// ## Example
    /// ```json
    /// { "name": "CSAT", "type": "ai" }
    /// ```
    ///
    /// ## How to fix
    /// Add the schema of the value to extract, e.g. `"schema": {"type": "integer", "description": "CSAT 1-10"}`.
    pub static RULE = "structured-output/missing-schema", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| match field(&output, "schema") {
        None => out.push(
            Finding::new(&RULE, output.part.pointer.clone(), "structured output has no `schema`")
                .help("add the JSON Schema of the value to extract; Vapi requires it"),
        ),
        Some((_, Value::Object(_))) => {}
        Some((pointer, value)) => out.push(Finding::new(
            &RULE,
            pointer,
            format!("`schema` must be a JSON Schema object, found {}", crate::plan::describe_value(value)),
        )),
    });
}
