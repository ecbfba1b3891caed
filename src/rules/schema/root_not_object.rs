//! `schema/root-not-object`

use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::types;

declare_rule! {
    /// The schema's root `type` is not `object`.
    ///
    /// ## What it checks
    /// The root of a structured data schema declares `"type": "object"`.
    ///
    /// ## Why it matters
    /// The report's `analysis` is an object of named fields; structured-output modes (OpenAI
    /// strict, Anthropic, Gemini) require an object root and reject anything else, so the
    /// analysis fails after every call.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "description": "Summary of the call" }
    /// ```
    ///
    /// ## How to fix
    /// Wrap the value in an object: `{"type": "object", "properties": {"summary": {"type": "string"}}}`.
    pub static RULE = "schema/root-not-object", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for (part, schema) in ctx.plan.schemas() {
        // a Vapi structured output may have a primitive root: Vapi wraps and unwraps it
        // (`structured-output/outside-schema-subset` says so, when selected)
        if part.kind.structured_output().is_some() {
            continue;
        }
        let Some(object) = schema.value.as_object() else { continue };
        let named = types(object);
        if !named.is_empty() && !named.contains(&"object") {
            out.push(
                Finding::new(
                    &RULE,
                    child_pointer(&schema.pointer, "type"),
                    format!("schema root is of type \"{}\", not an object", named.join("\", \"")),
                )
                .label("the analysis is an object of named fields"),
            );
        }
    }
}
