//! `structured-output/invalid-compliance-plan`

use serde_json::Value;

use super::{each_output, field};
use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A structured output's `compliancePlan` holds something other than `forceStoreOnHipaaEnabled: true|false`.
    ///
    /// ## What it checks
    /// An output's `compliancePlan` is Vapi's `ComplianceOverride`: an object whose only field
    /// is `forceStoreOnHipaaEnabled`, a boolean (reference vapi-structured-outputs-and-retell.md
    /// §1.1, §1.8). The assistant's own `compliancePlan` fields (`hipaaEnabled`, `pciEnabled`, …)
    /// do not belong here.
    ///
    /// ## Why it matters
    /// A field Vapi does not know is ignored: `hipaaEnabled: true` on an output turns nothing
    /// on, and a string `"false"` is not the boolean the API takes.
    ///
    /// ## Example
    /// ```json
    /// { "name": "CSAT", "schema": { "type": "integer" }, "compliancePlan": { "hipaaEnabled": true } }
    /// ```
    ///
    /// ## How to fix
    /// Write `{"forceStoreOnHipaaEnabled": true}` (store this output even under HIPAA mode) or
    /// leave `compliancePlan` out; HIPAA mode itself is the assistant's
    /// `compliancePlan.hipaaEnabled`.
    pub static RULE = "structured-output/invalid-compliance-plan", Error, Check::Plan(check);
}

const FIELD: &str = "forceStoreOnHipaaEnabled";

/// Fields of an assistant's `CompliancePlan`, written on an output by mistake.
const ASSISTANT_FIELDS: &[&str] = &["hipaaEnabled", "pciEnabled", "securityFilterPlan", "recordingConsentPlan"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, value)) = field(&output, "compliancePlan") else { return };
        let Value::Object(plan) = value else {
            out.push(Finding::new(
                &RULE,
                pointer,
                format!("`compliancePlan` must be an object, found {}", crate::plan::describe_value(value)),
            ));
            return;
        };
        for (key, value) in plan {
            let at = child_pointer(&pointer, key);
            let canonical = crate::plan::keys::canonical(key);
            if canonical == FIELD {
                if !value.is_boolean() {
                    out.push(Finding::new(
                        &RULE,
                        at,
                        format!("`{FIELD}` must be a boolean, found {}", crate::plan::describe_value(value)),
                    ));
                }
                continue;
            }
            let help = if ASSISTANT_FIELDS.contains(&canonical.as_ref()) {
                Some(format!("`{key}` belongs to the assistant's `compliancePlan`; an output's takes only `{FIELD}`"))
            } else {
                did_you_mean(suggest(key, [FIELD]))
            };
            out.push(
                Finding::new(&RULE, at, format!("{} is not a field of an output's `compliancePlan`", quote(key)))
                    .on_key()
                    .label("Vapi ignores it")
                    .maybe_help(help),
            );
        }
    });
}
