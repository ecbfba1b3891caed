//! `structured-output/type-array`

use serde_json::Value;

use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured output's schema writes `type` as an array, of which Vapi uses only the first element.
    ///
    /// ## What it checks
    /// Every subschema of a structured output's `schema` gives `type` as one string. Vapi's
    /// `JsonSchema.type` is a single string; a `type` array such as `["string", "null"]` is cut
    /// to its first element, and Vapi's dashboard crashes on it (reference
    /// vapi-structured-outputs-and-retell.md §1.7 layer 4, §1.13.6).
    ///
    /// ## Why it matters
    /// `["string", "null"]` reads as "nullable" but extracts as a plain string: the model must
    /// invent a value where the call had none.
    ///
    /// ## Example
    /// ```json
    /// { "schema": { "type": "object", "properties": { "email": { "type": ["string", "null"] } } } }
    /// ```
    ///
    /// ## How to fix
    /// Write one type, and say in `description` when the value may be missing (Vapi's own advice).
    pub static RULE = "structured-output/type-array", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in ctx.plan.parts.iter().filter(|part| part.kind.structured_output().is_some()) {
        let Some(schema) = &part.schema else { continue };
        crate::schema::walk(&schema.value, &schema.pointer, &mut |node| {
            if let Some(Value::Array(types)) = node.schema.get("type") {
                let first = types.first().and_then(Value::as_str).unwrap_or("?");
                out.push(
                    Finding::new(
                        &RULE,
                        crate::json::child_pointer(node.pointer, "type"),
                        format!("`type` is an array: Vapi uses only its first element, `{first}`"),
                    )
                    .label("not a union on Vapi")
                    .help("write one type; describe a missing value in `description`"),
                );
            }
        });
    }
}
