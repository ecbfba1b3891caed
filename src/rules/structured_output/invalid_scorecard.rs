//! `structured-output/invalid-scorecard`

use serde_json::Value;

use super::{COMPARATORS, check_comparator, root_type_of};
use crate::json::{child_pointer, each_object};
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A Vapi scorecard metric's condition cannot score its structured output: a wrong comparator or value, `points` outside 0 to 100, or an output that is not a number or boolean.
    ///
    /// ## What it checks
    /// A scorecard is recognised by `metrics`, each `{structuredOutputId, conditions}`
    /// (reference vapi-structured-outputs-and-retell.md §1.12). Each condition is
    /// `{"type": "comparator", comparator, value, points}`: a number `value` takes `=`, `!=`,
    /// `>`, `<`, `>=`, `<=`; a boolean `value` only `=`; `points` is 0 to 100. When the output
    /// named by `structuredOutputId` is defined in the same file, its schema's root must be
    /// `number`, `integer` or `boolean`.
    ///
    /// ## Why it matters
    /// Vapi scores a metric only from a number or boolean result; a condition it cannot apply
    /// is rejected with the scorecard, or scores nothing.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Quality", "metrics": [ { "structuredOutputId": "4d4bac33-2cea-43d4-a3b3-4554932b8933",
    ///   "conditions": [ { "type": "comparator", "comparator": ">", "value": true, "points": 150 } ] } ] }
    /// ```
    ///
    /// ## How to fix
    /// Compare booleans with `=`, numbers with any comparator, keep `points` within 0 to 100,
    /// and score a number/integer or boolean output.
    pub static RULE = "structured-output/invalid-scorecard", Error, Check::File(check);
}

/// Whether an object is a scorecard: `metrics` whose every item names an output and conditions.
fn is_scorecard(object: &serde_json::Map<String, Value>) -> bool {
    matches!(object.get("metrics"), Some(Value::Array(metrics)) if !metrics.is_empty()
        && metrics.iter().all(|m| m.get("structuredOutputId").is_some() && m.get("conditions").is_some_and(Value::is_array)))
}

fn check(ctx: &FileContext<'_>, out: &mut Findings) {
    each_object(ctx.document.value(), "", &mut |object, pointer, _| {
        if !is_scorecard(object) {
            return;
        }
        let Some(Value::Array(metrics)) = object.get("metrics") else { return };
        for (i, metric) in metrics.iter().enumerate() {
            let metric_pointer = format!("{}/{i}", child_pointer(pointer, "metrics"));
            if let Some(id) = metric.get("structuredOutputId").and_then(Value::as_str)
                && let Some(root) = root_type_of(ctx, id)
                && !["number", "integer", "boolean"].contains(&root)
            {
                out.push(
                    Finding::new(
                        &RULE,
                        child_pointer(&metric_pointer, "structuredOutputId"),
                        format!("a scorecard metric scores a `{root}` structured output"),
                    )
                    .label("Vapi scores only number, integer or boolean outputs"),
                );
            }
            let Some(Value::Array(conditions)) = metric.get("conditions") else { continue };
            for (k, condition) in conditions.iter().enumerate() {
                let at = format!("{}/{k}", child_pointer(&metric_pointer, "conditions"));
                let Value::Object(condition) = condition else {
                    out.push(Finding::new(&RULE, at, "a scorecard condition must be an object"));
                    continue;
                };
                match condition.get("type").and_then(Value::as_str) {
                    Some("comparator") => {}
                    other => out.push(
                        Finding::new(
                            &RULE,
                            at.clone(),
                            format!(
                                "a scorecard condition's `type` is {}",
                                other.map_or_else(|| "missing".to_owned(), quote)
                            ),
                        )
                        .help("Vapi's scorecard conditions are `{\"type\": \"comparator\", …}`"),
                    ),
                }
                match condition.get("value") {
                    Some(Value::Bool(_)) => check_comparator(&RULE, condition, &at, &["="], "a boolean value", out),
                    Some(Value::Number(_)) => {
                        check_comparator(&RULE, condition, &at, COMPARATORS, "a number value", out)
                    }
                    Some(other) => out.push(Finding::new(
                        &RULE,
                        child_pointer(&at, "value"),
                        format!(
                            "a scorecard `value` must be a number or boolean, found {}",
                            crate::plan::describe_value(other)
                        ),
                    )),
                    None => out.push(Finding::new(&RULE, at.clone(), "a scorecard condition has no `value`")),
                }
                match condition.get("points").map(|p| (p, p.as_f64())) {
                    Some((_, Some(points))) if (0.0..=100.0).contains(&points) => {}
                    Some((value, _)) => out.push(
                        Finding::new(
                            &RULE,
                            child_pointer(&at, "points"),
                            format!("`points` is {value}; Vapi allows 0 to 100"),
                        )
                        .label("the scorecard total is normalised to 100"),
                    ),
                    None => out.push(Finding::new(&RULE, at.clone(), "a scorecard condition has no `points`")),
                }
            }
        }
    });
}
