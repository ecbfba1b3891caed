//! `schema/untyped-property`

use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::Position;

declare_rule! {
    /// A property has no `type` (nor `enum`, `const`, `$ref` or a combinator), so any value is accepted.
    ///
    /// ## What it checks
    /// Every schema under `properties` constrains its values with `type`, `enum`, `const`,
    /// `$ref`, `anyOf`, `oneOf`, `allOf` or `not`.
    ///
    /// ## Why it matters
    /// The model is free to return a string, a number or an object for the field, and your CRM
    /// integration gets a different shape from call to call. Structured-output modes such as
    /// OpenAI strict reject untyped properties.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "budget": { "description": "Budget mentioned" } } }
    /// ```
    ///
    /// ## How to fix
    /// Add the `type` the field should have: `"type": "number"`.
    pub static RULE = "schema/untyped-property", Warning, Check::Plan(check);
}

const CONSTRAINING: &[&str] = &["type", "enum", "const", "$ref", "$dynamicRef", "anyOf", "oneOf", "allOf", "not"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let Position::Property(name) = node.position else { return };
        if CONSTRAINING.iter().any(|k| node.schema.contains_key(*k)) {
            return;
        }
        out.push(
            Finding::new(&RULE, node.pointer, format!("property `{name}` has no `type`"))
                .on_key()
                .label("any value is accepted")
                .help("add the type the field should have, e.g. `\"type\": \"string\"`"),
        );
    });
}
