//! `plan/enabled-without-schema`

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::keys::get;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured data plan is enabled but has no `schema` (and no `template_id`).
    ///
    /// ## What it checks
    /// A `structuredDataPlan` with `"enabled": true` carries a `schema`, or references a stored
    /// template with `templateId` / `template_id`.
    ///
    /// ## Why it matters
    /// Without a schema there is nothing to extract: the model is asked for structured data of
    /// no shape, and the report's `analysis` is empty or free-form.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true, "messages": [] } }
    /// ```
    ///
    /// ## How to fix
    /// Add the JSON Schema of the data to extract, or set `"enabled": false`.
    pub static RULE = "plan/enabled-without-schema", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        if !part.kind.has_schema() || part.enabled != Some(true) || part.schema.is_some() {
            continue;
        }
        let Some(Value::Object(object)) = ctx.value(&part.pointer) else { continue };
        if get(object, "templateId").is_some() || get(object, "schema").is_some() {
            continue; // a schema of the wrong type is `plan/wrong-type`
        }
        let key = get(object, "enabled").map_or("enabled", |(k, _)| k);
        out.push(
            Finding::new(
                &RULE,
                child_pointer(&part.pointer, key),
                "structured data plan is enabled but has no `schema`",
            )
            .on_key()
            .help("add the JSON Schema of the data to extract, or set `\"enabled\": false`"),
        );
    }
}
