//! `payload/missing-analysis`

use super::{Event, Payload};
use crate::rules::{Check, declare_rule};
use crate::validate::Violation;

declare_rule! {
    /// With `--require-analysis`, an end-of-call-report carries no analysis (`message.analysis`, or Vapi's `message.analysis.structuredData`).
    ///
    /// ## What it checks
    /// Only under `plankit validate --require-analysis`: every end-of-call-report has an
    /// analysis object. Without the flag a report without analysis is fine, since the
    /// platform omits it when no plan is configured or the call was shorter than
    /// `minMessagesThreshold`.
    ///
    /// ## Why it matters
    /// When every call should be analysed, a report without analysis means the plan was
    /// skipped, timed out or failed, and the CRM receives an empty record.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "end-of-call-report", "durationSeconds": 84, "summary": "…", … } }
    /// ```
    /// `error[payload/missing-analysis]: /message/analysis is missing: the report carries no analysis`.
    ///
    /// ## How to fix
    /// Check the plan is enabled and `minMessagesThreshold` is not above the call's message
    /// count; raise `timeoutSeconds` on Vapi.
    pub static RULE = "payload/missing-analysis", Error, Check::Payload(check);
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    if !payload.require_analysis || payload.event != Some(Event::EndOfCallReport) || payload.analysis().is_some() {
        return;
    }
    // an analysis of the wrong type is `payload/wrong-type`'s to report
    let analysis = payload.body.get("analysis").filter(|a| !a.is_null());
    let structured = analysis.and_then(|a| a.get("structuredData")).filter(|s| !s.is_null());
    if analysis.is_some_and(|a| !a.is_object()) || structured.is_some_and(|s| !s.is_object()) {
        return;
    }
    let pointer = payload.analysis_pointer();
    // point at the object the analysis belongs in: Vapi's `analysis`, else the message
    let at = if analysis.is_some() { format!("{}/analysis", payload.base) } else { payload.base.to_owned() };
    out.push(
        Violation::new(&RULE, pointer.clone(), format!("{pointer} is missing: the report carries no analysis"))
            .at(at)
            .help("`--require-analysis` is on; without it a report without analysis is accepted"),
    );
}
