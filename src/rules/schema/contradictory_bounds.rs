//! `schema/contradictory-bounds`

use serde_json::{Map, Value};

use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A lower bound exceeds its upper bound, so no value can satisfy the schema: `minimum` > `maximum`, `minLength` > `maxLength`, and the like.
    ///
    /// ## What it checks
    /// In each subschema: `minimum`/`maximum` (and their exclusive forms, in both the number and
    /// the draft-4 boolean style), `minLength`/`maxLength`, `minItems`/`maxItems`,
    /// `minProperties`/`maxProperties`, `minContains`/`maxContains`.
    ///
    /// ## Why it matters
    /// No value fits, so every analysis the model returns fails validation, or the provider
    /// rejects the schema outright. Usually the bounds were swapped.
    ///
    /// ## Example
    /// ```json
    /// { "type": "integer", "minimum": 10, "maximum": 1 }
    /// ```
    ///
    /// ## How to fix
    /// Swap or correct the bounds so that the lower one is at most the upper one.
    pub static RULE = "schema/contradictory-bounds", Error, Check::Plan(check);
}

const PAIRS: &[(&str, &str)] = &[
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
    ("minContains", "maxContains"),
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let schema = node.schema;
        let mut report = |low: &str, message: String| {
            out.push(
                Finding::new(&RULE, child_pointer(node.pointer, low), message)
                    .on_key()
                    .label("no value can satisfy both"),
            );
        };
        for (low, high) in PAIRS {
            if let (Some(l), Some(h)) = (number(schema, low), number(schema, high))
                && l > h
            {
                report(low, format!("`{low}` {l} is greater than `{high}` {h}"));
            }
        }
        let (lower, lower_exclusive) = lower_bound(schema);
        let (upper, upper_exclusive) = upper_bound(schema);
        if let (Some((low_key, l)), Some((high_key, h))) = (lower, upper) {
            let empty = l > h || (l == h && (lower_exclusive || upper_exclusive));
            if empty {
                let relation = if l > h { "greater than" } else { "equal to" };
                report(low_key, format!("`{low_key}` {l} is {relation} `{high_key}` {h}"));
            }
        }
    });
}

fn number(schema: &Map<String, Value>, key: &str) -> Option<f64> {
    schema.get(key).and_then(Value::as_f64)
}

/// The tightest lower bound and whether it is exclusive (draft 6+ numbers, draft 4 booleans).
fn lower_bound(schema: &Map<String, Value>) -> (Option<(&'static str, f64)>, bool) {
    bound(schema, "minimum", "exclusiveMinimum", |a, b| a >= b)
}

fn upper_bound(schema: &Map<String, Value>) -> (Option<(&'static str, f64)>, bool) {
    bound(schema, "maximum", "exclusiveMaximum", |a, b| a <= b)
}

fn bound(
    schema: &Map<String, Value>,
    inclusive: &'static str,
    exclusive: &'static str,
    tighter_or_equal: fn(f64, f64) -> bool,
) -> (Option<(&'static str, f64)>, bool) {
    let plain = number(schema, inclusive);
    match (plain, schema.get(exclusive)) {
        (Some(n), Some(Value::Bool(true))) => (Some((inclusive, n)), true),
        (Some(n), Some(Value::Number(e))) => match e.as_f64() {
            Some(e) if tighter_or_equal(e, n) => (Some((exclusive, e)), true),
            _ => (Some((inclusive, n)), false),
        },
        (Some(n), _) => (Some((inclusive, n)), false),
        (None, Some(Value::Number(e))) => (e.as_f64().map(|e| (exclusive, e)), true),
        (None, _) => (None, false),
    }
}
