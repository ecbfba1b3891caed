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
        for (i, value) in values.iter().enumerate() {
            if !declared.iter().any(|ty| has_type(value, ty)) {
                out.push(
                    Finding::new(
                        &RULE,
                        format!("{}/{i}", child_pointer(node.pointer, "enum")),
                        format!(
                            "enum value {} is not of type \"{}\"",
                            describe_value(value),
                            declared.join("\" or \"")
                        ),
                    )
                    .label("can never validate"),
                );
            }
        }
    });
}
