//! `plan/wrong-type`

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::keys::canonical;
use crate::plan::{ObjectKind, describe_value};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A plan field holds the wrong JSON type, such as `"enabled": "true"` or `"minMessagesThreshold": "5"`.
    ///
    /// ## What it checks
    /// Each known field of the plan, its sub-plans, messages and templates is checked against
    /// its type: `enabled` a boolean, `schema` a JSON Schema object, `messages` an array of
    /// message objects, `role` and `content` strings, thresholds and timeouts numbers.
    ///
    /// ## Why it matters
    /// The platform's API either rejects the whole config or, worse, treats the value as
    /// missing: a string `"true"` is not `true`, and the analysis never runs.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": "true", "schema": { "type": "object" } } }
    /// ```
    ///
    /// ## How to fix
    /// Write the value with the expected type: `"enabled": true`.
    pub static RULE = "plan/wrong-type", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for object in &ctx.plan.objects {
        let Some(Value::Object(members)) = ctx.value(&object.pointer) else { continue };
        for (key, value) in members {
            let Some(field) = object.kind.field(&canonical(key)) else { continue };
            let pointer = child_pointer(&object.pointer, key);
            if !field.ty.accepts(value) {
                let message = format!("`{key}` must be {}, found {}", field.ty.describe(), describe_value(value));
                out.push(Finding::new(&RULE, pointer, message));
            } else if let (Value::Array(items), "messages" | "structuredDataMultiPlan") = (value, field.name) {
                for (i, item) in items.iter().enumerate() {
                    if !item.is_object() {
                        let what =
                            if field.name == "messages" { ObjectKind::Message } else { ObjectKind::MultiPlanEntry };
                        let message = format!(
                            "each entry of `{key}` must be a {} object, found {}",
                            what.describe(),
                            describe_value(item)
                        );
                        out.push(Finding::new(&RULE, format!("{pointer}/{i}"), message));
                    }
                }
            }
        }
    }
}
