//! `plan/workflow-retired`

use serde_json::Value;

use crate::json::{child_pointer, each_object};
use crate::plan::find_structured::is_structured_output;
use crate::plan::keys::{canonical, get};
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// A Vapi structured output, call or assistant-request response still names a workflow; Vapi retired Workflows on 2026-08-18.
    ///
    /// ## What it checks
    /// A structured output with a non-empty `workflowIds`, and a Vapi call body or
    /// `assistant-request` response (an object that also names an `assistant`, `squad`,
    /// `customer` or `phoneNumberId`, or a `messageResponse`) with `workflow`, `workflowId` or
    /// `workflowOverrides`. Vapi's migration guide says existing workflows stopped running on
    /// 2026-08-19; the fields are still in the API spec (reference
    /// vapi-structured-outputs-and-retell.md §1.0, §3).
    ///
    /// ## Why it matters
    /// A call routed to a workflow does not run, and an output linked only to workflows
    /// extracts nothing. Nothing in the config says so.
    ///
    /// ## Example
    /// ```json
    /// { "phoneNumberId": "7c1e5d3a-9b2f-4e8d-a6c4-1f0e9d8c7b6a", "customer": { "number": "+14155550100" },
    ///   "workflowId": "2f6d8e1a-4b3c-4d5e-9f8a-7b6c5d4e3f2a" }
    /// ```
    ///
    /// ## How to fix
    /// Move the workflow to an assistant or a squad (Vapi's legacy-migration guide), route the
    /// call there, and link outputs with `assistantIds` or `artifactPlan.structuredOutputIds`.
    pub static RULE = "plan/workflow-retired", Warning, Check::File(check);
}

/// Fields that make an object a Vapi call body or assistant-request response.
const CALL_FIELDS: &[&str] = &["assistant", "assistantId", "squad", "squadId", "customer", "phoneNumberId"];

const WORKFLOW_FIELDS: &[&str] = &["workflow", "workflowId", "workflowOverrides"];

fn check(ctx: &FileContext<'_>, out: &mut Findings) {
    each_object(ctx.document.value(), "", &mut |object, pointer, key| {
        if is_structured_output(object) {
            if let Some((key, Value::Array(ids))) = get(object, "workflowIds")
                && !ids.is_empty()
            {
                out.push(
                    Finding::new(
                        &RULE,
                        child_pointer(pointer, key),
                        "this structured output is linked to workflows, which Vapi retired on 2026-08-18",
                    )
                    .on_key()
                    .label("workflows no longer run: nothing is extracted through these links")
                    .help("link the output to the assistants that replaced the workflows (`assistantIds`)"),
                );
            }
            return;
        }
        let call = key.is_some_and(|k| canonical(k) == "messageResponse")
            || CALL_FIELDS.iter().any(|name| get(object, name).is_some());
        if !call {
            return;
        }
        for field in object.keys().filter(|k| WORKFLOW_FIELDS.contains(&canonical(k).as_ref())) {
            if object[field].is_null() {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    child_pointer(pointer, field),
                    format!("`{field}` names a Vapi workflow; Vapi retired Workflows on 2026-08-18"),
                )
                .on_key()
                .label("existing workflows stopped running on 2026-08-19")
                .help("move the workflow to an assistant or squad and route the call there"),
            );
        }
    });
}
