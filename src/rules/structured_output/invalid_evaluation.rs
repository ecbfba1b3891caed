//! `structured-output/invalid-evaluation`

use serde_json::{Map, Value};

use super::{COMPARATORS, check_comparator, root_type_of};
use crate::json::{child_pointer, each_object};
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// A Vapi simulation evaluation cannot judge its structured output: both or an object output without `path`, a comparator or `value` its type does not take.
    ///
    /// ## What it checks
    /// A simulation scenario is recognised by `evaluations`, each with a `comparator` and a
    /// `structuredOutputId` or an inline `structuredOutput` (reference
    /// vapi-structured-outputs-and-retell.md §1.12). Each names exactly one of the two; an
    /// inline output has a primitive schema (`string`, `number`, `integer`, `boolean`); an
    /// output defined in the same file with an object root needs `path` to a leaf; `value` is
    /// a number, string or boolean of the output's type; strings and booleans take only `=`
    /// and `!=`, numbers all six comparators.
    ///
    /// ## Why it matters
    /// Vapi rejects the scenario, or the evaluation fails on every run: an inline object output
    /// cannot be compared, and `>` on a string has no meaning.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Books a slot", "evaluations": [ { "structuredOutput": { "name": "Booked", "schema": { "type": "boolean" } },
    ///   "comparator": ">=", "value": true } ] }
    /// ```
    ///
    /// ## How to fix
    /// Compare booleans and strings with `=` or `!=`, give `value` the output's type, and
    /// point at a primitive leaf of an object output with `path`.
    pub static RULE = "structured-output/invalid-evaluation", Error, Check::File(check);
}

/// Whether an item is an evaluation: a comparator and an output to judge.
fn is_evaluation(item: &Value) -> bool {
    item.get("comparator").is_some()
        && (item.get("structuredOutputId").is_some() || item.get("structuredOutput").is_some())
}

fn check(ctx: &FileContext<'_>, out: &mut Findings) {
    each_object(ctx.document.value(), "", &mut |object, pointer, _| {
        let Some(Value::Array(items)) = object.get("evaluations") else { return };
        if items.is_empty() || !items.iter().all(is_evaluation) {
            return;
        }
        for (i, item) in items.iter().enumerate() {
            let Value::Object(item) = item else { continue };
            evaluation(ctx, item, &format!("{}/{i}", child_pointer(pointer, "evaluations")), out);
        }
    });
}

/// The JSON type name of an evaluation `value`, when it may be one.
fn value_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::Bool(_) => Some("boolean"),
        Value::Number(_) => Some("number"),
        Value::String(_) => Some("string"),
        _ => None,
    }
}

fn evaluation(ctx: &FileContext<'_>, item: &Map<String, Value>, at: &str, out: &mut Findings) {
    let inline = item.get("structuredOutput");
    if inline.is_some() && item.get("structuredOutputId").is_some() {
        out.push(
            Finding::new(&RULE, at.to_owned(), "an evaluation names both `structuredOutputId` and `structuredOutput`")
                .help("keep one: a saved output's id, or an inline output"),
        );
    }
    let root = match inline {
        Some(inline) => {
            let root = inline.get("schema").and_then(|s| s.get("type")).and_then(Value::as_str);
            if let Some(root) = root.filter(|r| !["string", "number", "integer", "boolean"].contains(r)) {
                out.push(
                    Finding::new(
                        &RULE,
                        format!("{}/schema/type", child_pointer(at, "structuredOutput")),
                        format!("an inline evaluation output's schema root is `{root}`"),
                    )
                    .label("Vapi takes only primitive schemas inline")
                    .help("save the output and name a leaf with `structuredOutputId` and `path`"),
                );
                return;
            }
            root
        }
        None => {
            let root = item.get("structuredOutputId").and_then(Value::as_str).and_then(|id| root_type_of(ctx, id));
            if matches!(root, Some("object" | "array")) {
                if item.get("path").is_none() {
                    out.push(
                        Finding::new(
                            &RULE,
                            child_pointer(at, "structuredOutputId"),
                            format!("this evaluation judges a `{}` output and has no `path`", root.unwrap_or_default()),
                        )
                        .help("add `path`, the dot path to a primitive leaf (`customer.satisfied`)"),
                    );
                }
                // the leaf's type is not resolved here: the comparator is judged by `value`
                None
            } else {
                root
            }
        }
    };
    let value = item.get("value");
    let kind = match value.map(|v| (v, value_type(v))) {
        None => {
            out.push(Finding::new(&RULE, at.to_owned(), "an evaluation has no `value`"));
            return;
        }
        Some((v, None)) => {
            out.push(Finding::new(
                &RULE,
                child_pointer(at, "value"),
                format!(
                    "an evaluation `value` must be a number, string or boolean, found {}",
                    crate::plan::describe_value(v)
                ),
            ));
            return;
        }
        Some((_, Some(kind))) => kind,
    };
    let expected = root.map(|r| if r == "integer" { "number" } else { r });
    if let Some(expected) = expected
        && expected != kind
    {
        out.push(
            Finding::new(
                &RULE,
                child_pointer(at, "value"),
                format!("`value` is a {kind}; the output is `{}`", root.unwrap_or_default()),
            )
            .label("the comparison never passes"),
        );
        return;
    }
    if kind == "number" {
        check_comparator(&RULE, item, at, COMPARATORS, "a number", out);
    } else {
        check_comparator(&RULE, item, at, &["=", "!="], &format!("a {kind}"), out);
    }
}
