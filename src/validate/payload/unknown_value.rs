//! `payload/unknown-value`

use super::{Expect, Payload};
use crate::rules::{Check, declare_rule, did_you_mean};
use crate::text::{quote, suggest};
use crate::validate::Violation;

declare_rule! {
    /// A payload field that takes one of a fixed set of values holds another, such as `"call.type": "inbound"` or a `status-update` with status `"finished"`.
    ///
    /// ## What it checks
    /// `call.type` is one of `inboundPhoneCall`, `outboundPhoneCall`, `webCall` (or their
    /// snake_case spellings, or Vapi's `vapi.websocketCall`); a Flireo `status-update`'s
    /// `call.status` is `in-progress`, `ended` or `ended-with-error`; a legacy one's `status` is
    /// `in-progress`, `ended` or `ended-with-debugging`; a transcript message's `role` is `user`,
    /// `assistant`, `system` or `tool`; a tool call's `type` is `function`.
    ///
    /// ## Why it matters
    /// Receivers switch on these values; an unexpected one falls through to a default branch
    /// and the call is handled as something it is not.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "status-update", "call": { "id": "…", "status": "in_progress" }, … } }
    /// ```
    /// `error[payload/unknown-value]: /message/call/status: "in_progress" is not one of "in-progress", "ended", "ended-with-error"`.
    ///
    /// ## How to fix
    /// Use one of the listed values; the help suggests the nearest.
    pub static RULE = "payload/unknown-value", Error, Check::Payload(check);
}

/// Whether a present value passes this rule (`false` only for a string outside the set).
pub(crate) fn accepts(expect: Expect, value: &serde_json::Value) -> bool {
    match (expect, value.as_str()) {
        (Expect::OneOf(allowed), Some(text)) => allowed.contains(&text),
        _ => true,
    }
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    for field in payload.fields() {
        let Expect::OneOf(allowed) = field.expect else { continue };
        for slot in payload.slots(field) {
            let Some(value) = slot.value.filter(|v| !accepts(field.expect, v)) else { continue };
            let text = value.as_str().unwrap_or_default();
            let listed: Vec<String> = allowed.iter().map(|v| quote(v)).collect();
            out.push(
                Violation::new(
                    &RULE,
                    slot.pointer.clone(),
                    format!("{}: {} is not one of {}", slot.pointer, quote(text), listed.join(", ")),
                )
                .maybe_help(did_you_mean(suggest(text, allowed.iter().copied()))),
            );
        }
    }
}
