//! `provider/<target>/additional-properties`

use serde_json::Value;

use crate::provider::checks::{
    SchemaCheck, declare_check, is_object, keyword_pointer, node_finding, requirement_fact, when_required,
};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// An object does not say `"additionalProperties": false`, which the target requires on every object.
    ///
    /// ## What it checks
    /// Every object schema — the root, nested properties, array items, `anyOf` branches and
    /// `$defs` — sets `additionalProperties` to exactly `false`.
    ///
    /// ## Why it matters
    /// OpenAI, Azure OpenAI, Anthropic and Groq strict modes reject the whole request with
    /// HTTP 400 when any object leaves it out (JSON Schema's default is `true`) or sets it to
    /// `true` or a schema: no analysis is produced for any call.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "sentiment": { "type": "string" } }, "required": ["sentiment"] }
    /// ```
    ///
    /// ## How to fix
    /// Add `"additionalProperties": false` to every object. A free-form map cannot be expressed:
    /// use an array of `{"key", "value"}` objects instead.
    pub static CHECK = "additional-properties",
        severity: |profile: &Profile| when_required(profile.additional_properties_false),
        facts: |profile: &Profile| vec![requirement_fact("`\"additionalProperties\": false` on every object", profile.additional_properties_false)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let requirement = ctx.profile.additional_properties_false;
    ctx.walk(&mut |node| {
        if !is_object(node.schema) {
            return;
        }
        let context = ctx.context(node.pointer);
        let verdict = ctx.unmet(requirement, &[("context", &context)]);
        match node.schema.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            None => out.push(
                node_finding(ctx, &node, format!("object does not set `\"additionalProperties\": false`; {verdict}"))
                    .label("extra keys are allowed here")
                    .help("add `\"additionalProperties\": false` to this object"),
            ),
            Some(other) => out.push(
                ctx.finding(
                    keyword_pointer(&node, "additionalProperties"),
                    format!("`additionalProperties` is {}, not `false`; {verdict}", super::show(other)),
                )
                .help(
                    "set it to `false`; a free-form map can be written as an array of `{\"key\", \"value\"}` objects",
                ),
            ),
        }
    });
}
