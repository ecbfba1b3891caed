//! `schema/enum-type-mismatch`

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::describe_value;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::{has_type, types};

declare_rule! {
    /// An `enum` value does not match the subschema's `type`.
    ///
    /// ## What it checks
    /// When a subschema has both `type` and `enum`, every enum value is of one of the declared
    /// types (`integer` accepts `2.0`, `number` accepts integers).
    ///
    /// ## Why it matters
    /// A value outside the type can never validate, so the option is dead: if the model picks
    /// it, the analysis fails validation. Usually a quoted number (`"5"`) or a missing `null`
    /// in `type`.
    ///
    /// ## Example
    /// ```json
    /// { "type": "integer", "enum": [1, 2, "3"] }
    /// ```
    ///
    /// ## How to fix
    /// Write the value with the declared type, or add its type to `type`.
    pub static RULE = "schema/enum-type-mismatch", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let declared = types(node.schema);
        let Some(values) = node.schema.get("enum").and_then(Value::as_array) else { return };
        if declared.is_empty() {
            return;
        }
        let wrong: Vec<(usize, &Value)> =
            values.iter().enumerate().filter(|(_, v)| !declared.iter().any(|ty| has_type(v, ty))).collect();
        let types = declared.join("\" or \"");
        match wrong.as_slice() {
            [] => {}
            [(i, value)] => out.push(
                Finding::new(
                    &RULE,
                    format!("{}/{i}", child_pointer(node.pointer, "enum")),
                    format!("enum value {} is not of type \"{types}\"", describe_value(value)),
                )
                .label("can never validate"),
            ),
            // one mistake (the values typed as strings, say), one finding
            several => {
                let shown: Vec<String> = several.iter().take(5).map(|(_, v)| shown(v)).collect();
                let more = if several.len() > 5 { format!(", … ({} in all)", several.len()) } else { String::new() };
                let message = if several.len() == values.len() {
                    format!(
                        "none of the {} enum values is of type \"{types}\": {}{more}",
                        values.len(),
                        shown.join(", ")
                    )
                } else {
                    format!(
                        "{} of the {} enum values are not of type \"{types}\": {}{more}",
                        several.len(),
                        values.len(),
                        shown.join(", ")
                    )
                };
                let quoted_numbers = several.iter().all(|(_, v)| v.as_str().is_some_and(|s| s.parse::<f64>().is_ok()))
                    && declared.iter().any(|t| *t == "integer" || *t == "number");
                let help = if quoted_numbers {
                    "the values are numbers written as strings: drop the quotes".to_owned()
                } else {
                    "write the values with the declared type, or add their type to `type`".to_owned()
                };
                out.push(
                    Finding::new(&RULE, child_pointer(node.pointer, "enum"), message)
                        .label("these values can never validate")
                        .help(help),
                );
            }
        }
    });
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => crate::text::quote(text),
        other => other.to_string(),
    }
}
