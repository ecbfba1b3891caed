//! `provider/<target>/enum-value-type`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// An `enum` value has a JSON type the target does not accept in enums (Gemini: strings only).
    ///
    /// ## What it checks
    /// Every `enum` value's JSON type against the target's list: Gemini `responseSchema` takes
    /// string enums only, Anthropic takes strings, numbers, booleans and null but no objects
    /// or arrays.
    ///
    /// ## Why it matters
    /// The request is rejected (`enum: only allowed for STRING type` on Gemini), or the value
    /// is not enforced. Integer scales (`[1, 2, 3, 4, 5]`) are the usual culprit.
    ///
    /// ## Example
    /// ```json
    /// { "type": "integer", "enum": [1, 2, 3, 4, 5], "description": "Satisfaction score" }
    /// ```
    ///
    /// ## How to fix
    /// Use string values (`["1", "2", "3", "4", "5"]`), or an integer with `minimum` and
    /// `maximum` where the target enforces them.
    pub static CHECK = "enum-value-type",
        severity: |profile: &Profile| profile.enum_types.as_ref().and_then(|e| e.otherwise.severity()),
        facts: facts,
        run: check;
}

fn facts(profile: &Profile) -> Vec<String> {
    let Some(types) = &profile.enum_types else { return Vec::new() };
    vec![
        format!("`enum` value types accepted: {}", types.allowed.join(", ")),
        support_fact("`enum` values of other types", types.otherwise),
    ]
}

/// The JSON type name of a value, with whole numbers as `integer`.
fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(types) = &ctx.profile.enum_types else { return };
    ctx.walk(&mut |node| {
        let Some(Value::Array(values)) = node.schema.get("enum") else { return };
        let enum_pointer = crate::json::child_pointer(node.pointer, "enum");
        for (i, value) in values.iter().enumerate() {
            let ty = type_of(value);
            // `integer` values are numbers too
            if types.allowed.contains(&ty) || (ty == "integer" && types.allowed.contains(&"number")) {
                continue;
            }
            let context = ctx.context(node.pointer);
            let verdict = ctx.verdict(types.otherwise, &[("keyword", "enum"), ("context", &context)]);
            out.push(
                ctx.finding(
                    format!("{enum_pointer}/{i}"),
                    format!("`enum` value {} is {} {ty}; {verdict}", super::show(value), article(ty)),
                )
                .help(format!(
                    "{} accepts {} enum values",
                    ctx.profile.target,
                    types.allowed.join(", ")
                )),
            );
            // one finding per enum: the rest of its values share the fix
            break;
        }
    });
}

fn article(ty: &str) -> &'static str {
    if ty.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}
