//! `payload/unknown-value`

use super::{Expect, Payload};
use crate::diagnostic::Severity;
use crate::recognise::Tree;
use crate::render::ended_reason;
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
    /// `assistant`, `system` or `tool` (in a Vapi payload also `bot`, `tool_calls`,
    /// `tool_call_result`); a tool call's `type` is `function`. A Vapi payload's `endedReason`
    /// (and `call.endedReason`) is one of Vapi's published ended reasons or a Flireo call status;
    /// an unknown one (`hangup`, `assistantEndedCall`) is only a **warning**, since Vapi adds
    /// reasons often.
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
pub(crate) fn accepts<T: Tree>(expect: Expect, value: &T) -> bool {
    match (expect, value.text()) {
        (Expect::OneOf(allowed), Some(text)) => allowed.contains(&text),
        (Expect::EndedReason, Some(text)) => ended_reason::is_known(text),
        _ => true,
    }
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    for field in payload.fields() {
        if !matches!(field.expect, Expect::OneOf(_) | Expect::EndedReason) {
            continue;
        }
        for slot in payload.slots(field) {
            let Some(value) = slot.value.filter(|v| !accepts(field.expect, *v)) else { continue };
            let text = value.as_str().unwrap_or_default();
            out.push(match field.expect {
                Expect::OneOf(allowed) => one_of(&slot.pointer, text, allowed),
                _ => ended_reason(&slot.pointer, text),
            });
        }
    }
}

fn one_of(pointer: &str, text: &str, allowed: &[&str]) -> Violation {
    let listed: Vec<String> = allowed.iter().map(|v| quote(v)).collect();
    // `inbound` is not within typing distance of `inboundPhoneCall`, but it is its start
    let lowered = text.to_lowercase();
    let start = allowed.iter().copied().find(|a| !lowered.is_empty() && a.to_lowercase().starts_with(&lowered));
    Violation::new(&RULE, pointer, format!("{pointer}: {} is not one of {}", quote(text), listed.join(", ")))
        .maybe_help(did_you_mean(suggest(text, allowed.iter().copied()).or(start)))
}

/// An unknown ended reason is a warning: Vapi adds reasons often and says receivers must cope.
fn ended_reason(pointer: &str, text: &str) -> Violation {
    Violation::new(&RULE, pointer, format!("{pointer}: {} is not a known ended reason", quote(text)))
        .severity(Severity::Warning)
        .maybe_help(did_you_mean(ended_reason::suggest(text)))
        .or_help("the ended reasons are Vapi's published `endedReason` values and Flireo's call statuses")
}
