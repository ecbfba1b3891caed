//! `payload/missing-envelope`

use super::Payload;
use crate::recognise::Envelope;
use crate::rules::{Check, declare_rule};
use crate::validate::Violation;

declare_rule! {
    /// A webhook payload's fields sit at the root instead of inside the `{"message": …}` envelope every platform sends.
    ///
    /// ## What it checks
    /// A document recognised as a webhook by its fields (`type` with `call`, `artifact`,
    /// `endedReason`, `messages`, …) holds them inside `message`, as Vapi, Flireo and HMS send
    /// them. Only the legacy flat form (`eventType`) has no envelope.
    ///
    /// ## Why it matters
    /// A receiver reads `body.message.type` to dispatch. A fixture without the envelope tests a
    /// request no platform sends: the handler passes its tests and then finds no `message` in
    /// production (or, written against the fixture, breaks on every real call).
    ///
    /// ## Example
    /// ```json
    /// { "type": "end-of-call-report", "call": { "id": "c1" }, "analysis": { "structuredData": {} } }
    /// ```
    /// `error[payload/missing-envelope]: the end-of-call-report is not inside a `message` envelope`.
    ///
    /// ## How to fix
    /// Wrap the payload: `{"message": {"type": "end-of-call-report", …}}`.
    pub static RULE = "payload/missing-envelope", Error, Check::Payload(check);
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    if payload.envelope != Envelope::Missing {
        return;
    }
    let what = match payload.event {
        Some(event) => event.name(),
        None => "webhook payload",
    };
    out.push(
        Violation::new(&RULE, "", format!("the {what} is not inside a `message` envelope"))
            .help("webhooks arrive as `{\"message\": {\"type\": …, …}}`; wrap the object in `message`"),
    );
}
