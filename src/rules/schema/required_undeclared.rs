//! `schema/required-undeclared`

use serde_json::Value;

use crate::fix::{Applicability, Fix};
use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// `required` names a property that `properties` does not declare.
    ///
    /// ## What it checks
    /// In each object subschema with `properties`, every name in `required` is one of the
    /// declared properties (unless `patternProperties` could supply it).
    ///
    /// ## Why it matters
    /// The model is told to return a field it knows nothing about: no type, no description.
    /// With `"additionalProperties": false` no output can ever be valid. Most often it is a
    /// typo of a declared name, and the field you meant is not required at all.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "sentiment": { "type": "integer" } }, "required": ["sentimnet"] }
    /// ```
    ///
    /// ## How to fix
    /// Correct the name in `required`, or declare the property.
    ///
    /// ## Fix
    /// Where a declared property is close to the name (`emial` → `email`), the fix replaces the
    /// entry in `required` with it. It is **unsafe**: the nearest name is a guess, and the
    /// declared property becomes required, which changes what validates. No fix is offered when
    /// `required` already lists that property.
    pub static RULE = "schema/required-undeclared", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let Some(Value::Object(properties)) = node.schema.get("properties") else { return };
        let Some(required) = node.schema.get("required").and_then(Value::as_array) else { return };
        if node.schema.contains_key("patternProperties") {
            return;
        }
        let closed = node.schema.get("additionalProperties") == Some(&Value::Bool(false));
        for (i, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if properties.contains_key(name) {
                continue;
            }
            let label = if closed {
                "not declared, and `additionalProperties` is false"
            } else {
                "not declared in `properties`"
            };
            let pointer = format!("{}/{i}", child_pointer(node.pointer, "required"));
            let near = suggest(name, properties.keys().map(String::as_str));
            let fix = near.filter(|near| !required.iter().any(|r| r.as_str() == Some(near))).map(|near| {
                Fix::set_value(
                    Applicability::Unsafe,
                    format!("require {} instead of {}", quote(near), quote(name)),
                    pointer.clone(),
                    Value::String(near.to_owned()),
                )
            });
            out.push(
                Finding::new(&RULE, pointer, format!("required property {} is not declared", quote(name)))
                    .label(label)
                    .maybe_help(did_you_mean(near))
                    .maybe_fix(fix),
            );
        }
    });
}
