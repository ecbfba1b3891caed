//! `structured-output/invalid-condition`

use serde_json::Value;

use super::{each_output, field};
use crate::diagnostic::Severity;
use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A structured output's `conditions` entry is malformed, or names an ended reason Vapi does not send.
    ///
    /// ## What it checks
    /// `conditions` is an array; each entry is `{"type": "minMessages", "count": n}`,
    /// `{"type": "minCallDuration", "seconds": n}` (n a number ≥ 0; a fraction is a warning, the
    /// docs say integer) or `{"type": "endedReason", "operator": "oneOf"|"notOneOf", "values":
    /// [strings, at least one]}` (reference vapi-structured-outputs-and-retell.md §1.2). An
    /// ended reason outside Vapi's published list is a warning with a did-you-mean: Vapi accepts
    /// any string so that configs survive new reasons.
    ///
    /// ## Why it matters
    /// A malformed gate is rejected with the whole output; a misspelt ended reason
    /// (`customer-ended`) silently never matches, so a `oneOf` gate skips every call.
    ///
    /// ## Example
    /// ```json
    /// { "conditions": [ { "type": "endedReason", "operator": "in", "values": ["customer-ended"] } ] }
    /// ```
    ///
    /// ## How to fix
    /// Use the documented shapes and Vapi's ended-reason values (`customer-ended-call`, …).
    pub static RULE = "structured-output/invalid-condition", Error, Check::Plan(check);
}

const TYPES: &[&str] = &["minMessages", "minCallDuration", "endedReason"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, value)) = field(&output, "conditions") else { return };
        let items = match value {
            Value::Array(items) => items,
            // `null` clears a saved gate on PATCH (§1.13.11)
            Value::Null => return,
            other => {
                out.push(Finding::new(
                    &RULE,
                    pointer,
                    format!("`conditions` must be an array, found {}", crate::plan::describe_value(other)),
                ));
                return;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let item_pointer = format!("{pointer}/{i}");
            let Value::Object(condition) = item else {
                out.push(Finding::new(
                    &RULE,
                    item_pointer,
                    format!("a condition must be an object, found {}", crate::plan::describe_value(item)),
                ));
                continue;
            };
            let kind = condition.get("type").and_then(Value::as_str);
            let number = |name: &str, out: &mut Findings| match condition.get(name) {
                None => out.push(Finding::new(
                    &RULE,
                    item_pointer.clone(),
                    format!("a `{}` condition needs `{name}`", kind.unwrap_or_default()),
                )),
                Some(n) => match n.as_f64() {
                    Some(v) if v < 0.0 => out.push(Finding::new(
                        &RULE,
                        child_pointer(&item_pointer, name),
                        format!("`{name}` is {v}; it must be ≥ 0"),
                    )),
                    Some(v) if v.fract() != 0.0 => out.push(
                        Finding::new(
                            &RULE,
                            child_pointer(&item_pointer, name),
                            format!("`{name}` is {v}; Vapi's docs say a whole number"),
                        )
                        .severity(Severity::Warning),
                    ),
                    Some(_) => {}
                    None => out.push(Finding::new(
                        &RULE,
                        child_pointer(&item_pointer, name),
                        format!("`{name}` must be a number, found {}", crate::plan::describe_value(n)),
                    )),
                },
            };
            match kind {
                Some("minMessages") => number("count", out),
                Some("minCallDuration") => number("seconds", out),
                Some("endedReason") => ended_reason(condition, &item_pointer, out),
                Some(other) => out.push(
                    Finding::new(
                        &RULE,
                        child_pointer(&item_pointer, "type"),
                        format!("{} is not a condition type", quote(other)),
                    )
                    .label("expected minMessages, minCallDuration or endedReason")
                    .maybe_help(did_you_mean(suggest(other, TYPES.iter().copied()))),
                ),
                None => out.push(
                    Finding::new(&RULE, item_pointer.clone(), "condition has no string `type`")
                        .help("one of minMessages, minCallDuration, endedReason"),
                ),
            }
        }
    });
}

fn ended_reason(condition: &serde_json::Map<String, Value>, pointer: &str, out: &mut Findings) {
    match condition.get("operator") {
        Some(Value::String(op)) if op == "oneOf" || op == "notOneOf" => {}
        Some(op) => out.push(
            Finding::new(
                &RULE,
                child_pointer(pointer, "operator"),
                format!("{} is not an ended-reason operator", op.as_str().map_or_else(|| op.to_string(), quote)),
            )
            .label("expected oneOf or notOneOf")
            .maybe_help(did_you_mean(op.as_str().and_then(|o| suggest(o, ["oneOf", "notOneOf"])))),
        ),
        None => out.push(Finding::new(
            &RULE,
            pointer.to_owned(),
            "an `endedReason` condition needs `operator` (oneOf or notOneOf)",
        )),
    }
    match condition.get("values") {
        Some(Value::Array(values)) if values.is_empty() => out.push(Finding::new(
            &RULE,
            child_pointer(pointer, "values"),
            "`values` is empty; Vapi says it must hold at least one ended reason",
        )),
        Some(Value::Array(values)) => {
            for (i, value) in values.iter().enumerate() {
                let at = format!("{}/{i}", child_pointer(pointer, "values"));
                match value.as_str() {
                    Some(reason) if crate::render::ended_reason::is_known(reason) => {}
                    Some(reason) => out.push(
                        Finding::new(&RULE, at, format!("{} is not one of Vapi's ended reasons", quote(reason)))
                            .severity(Severity::Warning)
                            .label("no call ends this way: the condition never matches it")
                            .maybe_help(did_you_mean(crate::render::ended_reason::suggest(reason))),
                    ),
                    None => out.push(Finding::new(
                        &RULE,
                        at,
                        format!("an ended reason must be a string, found {}", crate::plan::describe_value(value)),
                    )),
                }
            }
        }
        Some(other) => out.push(Finding::new(
            &RULE,
            child_pointer(pointer, "values"),
            format!("`values` must be an array of strings, found {}", crate::plan::describe_value(other)),
        )),
        None => out.push(Finding::new(&RULE, pointer.to_owned(), "an `endedReason` condition needs `values`")),
    }
}
