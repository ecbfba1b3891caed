//! `provider/<target>/empty-object`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, is_object, node_finding, requirement_fact, when_required};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// An object declares no properties, which the target rejects (Gemini `responseSchema`).
    ///
    /// ## What it checks
    /// Every `"type": "object"` schema has a non-empty `properties`, for targets that require it.
    ///
    /// ## Why it matters
    /// Gemini `responseSchema` rejects the request: `properties: should be non-empty for OBJECT
    /// type`. A free-form object (a map of anything) cannot be expressed there.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "description": "Any extra details the caller gave" }
    /// ```
    ///
    /// ## How to fix
    /// Declare the expected fields, or use an array of `{"key", "value"}` string pairs.
    pub static CHECK = "empty-object",
        severity: |profile: &Profile| when_required(profile.object_properties),
        facts: |profile: &Profile| vec![requirement_fact("at least one property on every object", profile.object_properties)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        if !is_object(node.schema) {
            return;
        }
        let empty = match node.schema.get("properties") {
            Some(Value::Object(properties)) => properties.is_empty(),
            _ => true,
        };
        if empty {
            let context = ctx.context(node.pointer);
            out.push(
                node_finding(
                    ctx,
                    &node,
                    format!(
                        "object declares no properties; {}",
                        ctx.unmet(ctx.profile.object_properties, &[("context", &context)])
                    ),
                )
                .help("declare the expected fields, or use an array of `{\"key\", \"value\"}` pairs"),
            );
        }
    });
}
