//! `payload/missing-field`

use super::Payload;
use crate::rules::{Check, declare_rule};
use crate::validate::Violation;

declare_rule! {
    /// A webhook payload lacks a field its format requires, such as `call.id` or an end-of-call-report's `durationSeconds`.
    ///
    /// ## What it checks
    /// Each payload is read in its dialect (Flireo camelCase, HMS snake_case, Vapi, legacy
    /// flat) and every required field of its event must be present and not `null`: for Flireo
    /// and HMS `timestamp`, `call.id`, and for an end-of-call-report `durationSeconds` and
    /// `summary`; for tool calls `toolCallList` with each call's `id` and `function`; for Vapi's
    /// end-of-call-report `endedReason`, `artifact` and `analysis`; for the legacy flat form
    /// `callId` and `eventTimestamp`.
    ///
    /// ## Why it matters
    /// A webhook receiver written against the documented format crashes or silently drops the
    /// call when a field it relies on is missing. Fixtures that lack them test nothing real.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "end-of-call-report", "timestamp": "2025-12-13T12:05:30.000Z",
    ///   "call": { "id": "5c4d030f-43e3-4e65-899e-8148521e660f" }, "summary": "Booked." } }
    /// ```
    /// `error[payload/missing-field]: /message/durationSeconds is required in an end-of-call-report`.
    ///
    /// ## How to fix
    /// Add the field. When the help says the other spelling is present (`duration_seconds` in a
    /// camelCase report), use one spelling throughout.
    pub static RULE = "payload/missing-field", Error, Check::Payload(check);
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    for field in payload.fields().filter(|f| f.required) {
        for slot in payload.slots(field) {
            if slot.value.is_some() {
                continue;
            }
            let other = field.other_spelling(payload.dialect).filter(|other| {
                let relative = other.rsplit('/').next().unwrap_or(other);
                payload.body.contains_key(relative) || slot.parent.ends_with(relative)
            });
            let mut violation = Violation::new(
                &RULE,
                slot.pointer.clone(),
                format!("{} is required in {}", slot.pointer, payload.described()),
            )
            .at(slot.parent);
            let name = field.path_in(payload.dialect).trim_start_matches('/');
            let in_call = payload.body.get("call").and_then(|call| call.get(name)).is_some_and(|v| !v.is_null());
            if in_call && !name.contains('/') {
                violation = violation.help(format!(
                    "`{name}` is given only inside `call`; the payload must carry it at `{}/{name}` as well",
                    if payload.base.is_empty() { "" } else { payload.base }
                ));
            } else if let Some(other) = other.filter(|o| !o[1..].contains('/')) {
                violation = violation.help(format!(
                    "found `{}`, the other spelling; this payload otherwise uses {}",
                    &other[1..],
                    payload.dialect.spelling()
                ));
            }
            out.push(violation);
        }
    }
}
