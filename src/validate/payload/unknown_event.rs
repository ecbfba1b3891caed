//! `payload/unknown-event`

use super::{Event, Payload};
use crate::rules::{Check, declare_rule, did_you_mean};
use crate::text::{quote, suggest};
use crate::validate::Violation;

declare_rule! {
    /// A webhook payload names an event plankit does not know (`message.type` or the legacy `eventType`), or names none.
    ///
    /// ## What it checks
    /// A document shaped like a webhook (`{"message": {…}}` or `{"eventType": …}`) names one of
    /// the events Flireo sends: `assistant-request`, `tool-calls`, `status-update`,
    /// `end-of-call-report`. A Vapi payload may also name Vapi's other server messages
    /// (`speech-update`, `conversation-update`, `transcript`, `hang`, …), whose fields are not
    /// checked. A Retell webhook (`{"event": …, "call": {…}}`) names one of Retell's events:
    /// `call_started`, `call_ended`, `call_analyzed`, `transcript_updated`, `transfer_*`, or a
    /// chat agent's `chat_started`, `chat_ended`, `chat_analyzed`.
    ///
    /// ## Why it matters
    /// A receiver dispatches on the event name; a misspelled one in a fixture (`end-of-call`)
    /// tests a branch production never takes, and the payload's fields cannot be checked.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "end-of-call", "timestamp": "2025-12-13T12:05:30.000Z" } }
    /// ```
    /// `error[payload/unknown-event]: /message/type: "end-of-call" is not a webhook event`, with
    /// help `did you mean `end-of-call-report`?`.
    ///
    /// ## How to fix
    /// Use one of the four event names.
    pub static RULE = "payload/unknown-event", Error, Check::Payload(check);
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    if payload.event.is_some() || payload.is_unchecked_event() {
        return;
    }
    let pointer = payload.event_pointer();
    let names = Event::ALL.map(Event::name);
    let violation = match payload.event_name {
        Some(name) => {
            Violation::new(&RULE, pointer.clone(), format!("{pointer}: {} is not a webhook event", quote(name)))
                .maybe_help(did_you_mean(
                    suggest(name, names).or_else(|| names.into_iter().find(|n| n.starts_with(name))),
                ))
                .or_help(format!("the events are {}", names.join(", ")))
        }
        None => Violation::new(
            &RULE,
            pointer.clone(),
            format!("{pointer} is missing or not a string: the payload names no event"),
        )
        .at(payload.base.to_owned())
        .help(format!("the events are {}", names.join(", "))),
    };
    out.push(violation);
}
