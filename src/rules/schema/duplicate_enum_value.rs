//! `schema/duplicate-enum-value`

use std::collections::HashMap;

use serde_json::Value;

use crate::fix::{Applicability, Edit, Fix};
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
    ///
    /// ## Fix
    /// The fix deletes the repeat with its comma, keeping the first occurrence where it is. It
    /// is **safe**: an `enum` of distinct values accepts exactly what it accepted before.
    pub static RULE = "schema/duplicate-enum-value", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let Some(values) = node.schema.get("enum").and_then(Value::as_array) else { return };
        let enum_pointer = child_pointer(node.pointer, "enum");
        // one pass with a map from each value's canonical text to its first entry: linear,
        // where comparing every pair took minutes on a 100,000-value enum
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            let first = *seen.entry(canonical(value)).or_insert(i);
            if first != i {
                // from the end of the entry before it: the repeat goes with its comma
                let before = ctx.file.document.span(&format!("{enum_pointer}/{}", i - 1));
                let this = ctx.file.document.span(&format!("{enum_pointer}/{i}"));
                let fix = before.zip(this).map(|(before, this)| {
                    let edit = Edit::delete(before.value.end..this.value.end);
                    Fix::edits(Applicability::Safe, format!("remove the repeated {value}"), vec![edit])
                });
                out.push(
                    Finding::new(&RULE, format!("{enum_pointer}/{i}"), format!("{value} is listed twice in `enum`"))
                        .help(format!("it is already entry {first}; remove the repeat"))
                        .maybe_fix(fix),
                );
            }
        }
    });
}

/// A text equal for two values exactly when JSON Schema calls them equal: numbers compare by
/// value (`1` and `1.0` are the same), objects regardless of key order.
fn canonical(value: &Value) -> String {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => "n0".to_owned(),
            Some(f) => format!("n{f:e}"),
            None => format!("n{n}"),
        },
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", inner.join(","))
        }
        Value::Object(object) => {
            // serde_json's map keeps keys sorted (no `preserve_order`), so the order is canonical
            let inner: Vec<String> = object.iter().map(|(k, v)| format!("{k:?}:{}", canonical(v))).collect();
            format!("{{{}}}", inner.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_a_canonical_text() {
        let same = |a: Value, b: Value| canonical(&a) == canonical(&b);
        assert!(same(serde_json::json!(1), serde_json::json!(1.0)));
        assert!(same(serde_json::json!({"a": [1, 2.0]}), serde_json::json!({"a": [1.0, 2]})));
        assert!(!same(serde_json::json!("1"), serde_json::json!(1)));
        assert!(!same(serde_json::json!([1, 2]), serde_json::json!([2, 1])));
        assert!(same(serde_json::json!(-0.0), serde_json::json!(0)));
    }
}
