//! `plan/invalid-timeout`

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::ObjectKind;
use crate::plan::keys::canonical;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A Vapi `timeoutSeconds` (or legacy `…RequestTimeoutSeconds`) is outside 1–60.
    ///
    /// ## What it checks
    /// The analysis request timeout of each sub-plan must lie between 1 and 60 seconds, the
    /// range Vapi's API accepts (default 5).
    ///
    /// ## Why it matters
    /// The API rejects the assistant update with a value out of range. A timeout the model cannot
    /// meet leaves `call.analysis` empty, silently.
    ///
    /// ## Example
    /// ```json
    /// { "summaryPlan": { "enabled": true, "timeoutSeconds": 120 } }
    /// ```
    ///
    /// ## How to fix
    /// Use a value from 1 to 60; 30–60 seconds suits long calls.
    pub static RULE = "plan/invalid-timeout", Error, Check::Plan(check);
}

const TIMEOUT_FIELDS: &[&str] = &[
    "timeoutSeconds",
    "summaryRequestTimeoutSeconds",
    "structuredDataRequestTimeoutSeconds",
    "successEvaluationRequestTimeoutSeconds",
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for object in &ctx.plan.objects {
        if object.kind == ObjectKind::Message {
            continue;
        }
        let Some(Value::Object(members)) = ctx.value(&object.pointer) else { continue };
        for (key, value) in members {
            let Some(seconds) = value.as_f64() else { continue };
            if TIMEOUT_FIELDS.contains(&canonical(key).as_ref()) && !(1.0..=60.0).contains(&seconds) {
                out.push(Finding::new(
                    &RULE,
                    child_pointer(&object.pointer, key),
                    format!("`{key}` must be between 1 and 60 seconds, found {value}"),
                ));
            }
        }
    }
}
