//! `provider/<target>/boolean-schema`

use serde_json::Value;

use crate::json::child_pointer;
use crate::provider::checks::{SchemaCheck, declare_check, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// A property or item schema is `true`, `false` or `{}`, which the target rejects.
    ///
    /// ## What it checks
    /// No property, `items`, `prefixItems` or `anyOf` member is a boolean schema or an empty
    /// object (which accepts anything).
    ///
    /// ## Why it matters
    /// xAI rejects "properties with a schema of `true` or `false`"; OpenAI strict treats `{}`
    /// as an object without `additionalProperties: false` and rejects it; Gemini cannot express
    /// "anything". The request fails with HTTP 400.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "metadata": {} } }
    /// ```
    ///
    /// ## How to fix
    /// Give the field a real schema (`{"type": "string"}`), or remove it.
    pub static CHECK = "boolean-schema",
        severity: |profile: &Profile| profile.boolean_schemas.severity(),
        facts: |profile: &Profile| vec![support_fact("a subschema written as `true`, `false` or `{}`", profile.boolean_schemas)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        let mut children: Vec<(String, &Value)> = Vec::new();
        if let Some(Value::Object(properties)) = node.schema.get("properties") {
            let base = child_pointer(node.pointer, "properties");
            children.extend(properties.iter().map(|(name, schema)| (child_pointer(&base, name), schema)));
        }
        for keyword in ["items", "prefixItems", "anyOf"] {
            match node.schema.get(keyword) {
                Some(Value::Array(members)) => children.extend(
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, schema)| (format!("{}/{i}", child_pointer(node.pointer, keyword)), schema)),
                ),
                Some(schema) => children.push((child_pointer(node.pointer, keyword), schema)),
                None => {}
            }
        }
        for (pointer, schema) in children {
            let boolean = match schema {
                Value::Bool(_) => true,
                Value::Object(members) => members.is_empty(),
                _ => false,
            };
            if boolean {
                let context = ctx.context(&pointer);
                let verdict = ctx.verdict(ctx.profile.boolean_schemas, &[("context", &context)]);
                out.push(
                    ctx.finding(pointer, format!("subschema {} accepts anything; {verdict}", super::show(schema)))
                        .help("give it a real schema, such as `{\"type\": \"string\"}`"),
                );
            }
        }
    });
}
