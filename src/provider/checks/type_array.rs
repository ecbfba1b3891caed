//! `provider/<target>/type-array`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// A `type` is a list, such as `["string", "null"]`, which the target does not accept.
    ///
    /// ## What it checks
    /// Every `type` is a single type name for targets whose schema format allows only one
    /// (Gemini `responseSchema`, where `type` is an OpenAPI enum).
    ///
    /// ## Why it matters
    /// The request is rejected with HTTP 400. The same list is the idiom OpenAI strict asks
    /// for optional fields, so a schema written for OpenAI fails on Gemini here.
    ///
    /// ## Example
    /// ```json
    /// { "type": ["string", "null"], "description": "Callback date, if asked for" }
    /// ```
    ///
    /// ## How to fix
    /// Use one type and `"nullable": true` for Gemini `responseSchema`, or
    /// `"anyOf": [{"type": "string"}, {"type": "null"}]`.
    pub static CHECK = "type-array",
        severity: |profile: &Profile| profile.type_arrays.severity(),
        facts: |profile: &Profile| vec![support_fact("`type` as a list", profile.type_arrays)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        let Some(Value::Array(types)) = node.schema.get("type") else { return };
        let context = ctx.context(node.pointer);
        let verdict = ctx.verdict(ctx.profile.type_arrays, &[("keyword", "type"), ("context", &context)]);
        let nullable = types.len() == 2 && types.iter().any(|t| t == "null");
        out.push(ctx.finding(keyword_pointer(&node, "type"), format!("`type` is a list; {verdict}")).on_key().help(
            if nullable {
                "use the single type with `\"nullable\": true`"
            } else {
                "use one type, or `anyOf` with one branch per type"
            },
        ));
    });
}
