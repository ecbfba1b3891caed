//! `schema/duplicate-enum-value`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// An `enum` lists the same value twice.
    ///
    /// ## What it checks
    /// The values of every `enum` are distinct, comparing as JSON Schema does (`1` equals `1.0`).
    ///
    /// ## Why it matters
    /// Harmless to validation, but the model sees the option twice, and it usually means a
    /// different value was meant (a copy-paste left `"sales"` where `"support"` belonged).
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "enum": ["positive", "neutral", "positive"] }
    /// ```
    ///
    /// ## How to fix
    /// Remove the repeat, or replace it with the value that was meant.
    pub static RULE = "schema/duplicate-enum-value", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let Some(values) = node.schema.get("enum").and_then(Value::as_array) else { return };
        let enum_pointer = child_pointer(node.pointer, "enum");
        for (i, value) in values.iter().enumerate() {
            if let Some(first) = values[..i].iter().position(|earlier| same(earlier, value)) {
                out.push(
                    Finding::new(&RULE, format!("{enum_pointer}/{i}"), format!("{value} is listed twice in `enum`"))
                        .help(format!("it is already entry {first}; remove the repeat")),
                );
            }
        }
    });
}

/// JSON Schema equality: numbers compare by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
