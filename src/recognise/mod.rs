//! What a JSON document is, decided in one place so every command agrees about a file:
//! `validate` checks what this module recognises, `render` (through [`crate::transcript`])
//! reads its transcript from the same body, and `plankit test` reports the same kind.
//!
//! A document is
//! - a **webhook** when it is shaped like one: `{"message": {"type": …}}` (the envelope Vapi,
//!   Flireo and HMS send), `{"eventType": …}` (legacy flat Flireo), or, without the envelope,
//!   an object whose root carries a `type` and at least one webhook field (`call`, `artifact`,
//!   `endedReason`, `toolCallList`, `phoneNumber`, a `messages` transcript; `analysis` too when
//!   `type` names a known event). An object with no `type` needs two such fields. A genuine
//!   analysis output that happens to have a `type` property is left alone: it carries none of
//!   them;
//! - a **message array** (`[{role, content}]` or `[{role, message}]`), a transcript;
//! - otherwise an **analysis output**, validated against the plan's schema.
//!
//! A webhook's dialect comes from [`dialect`]: the evidence, its order of preference and when
//! plankit says which dialect it assumed.

pub mod dialect;
pub mod tree;

pub use dialect::{Dialect, DialectChoice};
pub use tree::Tree;

use serde_json::{Map, Value};

/// Where a webhook's body sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"message": {…}}`, as Vapi, Flireo and HMS send it.
    Message,
    /// The legacy flat form: `eventType` and every field at the root.
    Flat,
    /// `type` and the payload's fields at the root, without the envelope every platform sends.
    Missing,
}

impl Envelope {
    /// Pointer of the body: `/message`, or empty for a body at the root.
    pub fn base(self) -> &'static str {
        match self {
            Envelope::Message => "/message",
            Envelope::Flat | Envelope::Missing => "",
        }
    }
}

/// A document recognised as a webhook payload.
#[derive(Debug, Clone, Copy)]
pub struct Webhook<'a> {
    /// The payload's body: `message`, or the root without an envelope.
    pub body: &'a Map<String, Value>,
    /// Where the body sits.
    pub envelope: Envelope,
    /// The event name as written, when it is a string.
    pub event_name: Option<&'a str>,
    /// The dialect, and why.
    pub dialect: DialectChoice,
    /// The body as the value it is (what the predicates of [`Tree`] read).
    pub value: &'a Value,
}

/// A webhook as [`shape`] finds it in any [`Tree`]: the body, where it sits, its event name
/// and dialect.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a, T> {
    /// The payload's body (an object): `message`, or the root.
    pub body: &'a T,
    /// Where the body sits.
    pub envelope: Envelope,
    /// The event name as written, when it is a string.
    pub event_name: Option<&'a str>,
    /// The dialect, and why.
    pub dialect: DialectChoice,
}

/// What a document of any [`Tree`] is: [`Recognised`] without the borrowed serde_json parts.
#[derive(Debug, Clone, Copy)]
pub enum Shape<'a, T> {
    /// A webhook payload.
    Webhook(Found<'a, T>),
    /// A bare array of transcript messages.
    Messages,
    /// Anything else: an analysis output.
    AnalysisOutput,
}

impl Webhook<'_> {
    /// Pointer of the body: `/message`, or empty for a body at the root.
    pub fn base(&self) -> &'static str {
        self.envelope.base()
    }

    /// Pointer of the event name: `/message/type`, `/eventType` or `/type`.
    pub fn event_pointer(&self) -> &'static str {
        match self.envelope {
            Envelope::Message => "/message/type",
            Envelope::Flat => "/eventType",
            Envelope::Missing => "/type",
        }
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy)]
pub enum Recognised<'a> {
    /// A webhook payload.
    Webhook(Webhook<'a>),
    /// A bare array of transcript messages.
    Messages(&'a [Value]),
    /// Anything else: an analysis output.
    AnalysisOutput,
}

/// Recognises a document; `dialect` (from `--dialect`) overrides the evidence.
///
/// ```
/// use plankit::recognise::{recognise, Dialect, Envelope, Recognised};
/// let report = serde_json::json!({"type": "end-of-call-report", "call": {"id": "c1"},
///     "analysis": {"structuredData": {"booked": true}}});
/// let Recognised::Webhook(webhook) = recognise(&report, None) else { panic!("not a webhook") };
/// assert_eq!(webhook.envelope, Envelope::Missing);
/// assert_eq!(webhook.dialect.dialect, Dialect::Vapi);
/// let output = serde_json::json!({"type": "complaint", "urgent": true});
/// assert!(matches!(recognise(&output, None), Recognised::AnalysisOutput));
/// ```
pub fn recognise(document: &Value, dialect: Option<Dialect>) -> Recognised<'_> {
    match shape(document, dialect) {
        Shape::Webhook(found) => match found.body.as_object() {
            Some(body) => Recognised::Webhook(Webhook {
                body,
                envelope: found.envelope,
                event_name: found.event_name,
                dialect: found.dialect,
                value: found.body,
            }),
            None => Recognised::AnalysisOutput,
        },
        Shape::Messages => Recognised::Messages(document.as_array().map_or(&[], Vec::as_slice)),
        Shape::AnalysisOutput => Recognised::AnalysisOutput,
    }
}

/// [`recognise`] over any [`Tree`]: the NDJSON fast path recognises its own tree with it.
pub fn shape<T: Tree>(document: &T, dialect: Option<Dialect>) -> Shape<'_, T> {
    if !document.is_object() {
        let messages = document.items().is_some_and(|items| items.first().is_some_and(|item| item.has("role")));
        return if messages { Shape::Messages } else { Shape::AnalysisOutput };
    }
    let root = document;
    let (body, envelope, name) = if let Some(message) = root.member("message").filter(|m| m.is_object())
        && (message.has("type") || root.member_count() == 1 || evidence(message, false) > 0)
    {
        (message, Envelope::Message, message.member("type"))
    } else if let Some(name) = root.member("eventType").filter(|name| name.is_string()) {
        (root, Envelope::Flat, Some(name))
    } else if looks_like_a_bare_webhook(root) {
        (root, Envelope::Missing, root.member("type"))
    } else {
        return Shape::AnalysisOutput;
    };
    let choice = match (dialect, envelope) {
        (Some(forced), _) => DialectChoice::forced(forced),
        (None, Envelope::Flat) => DialectChoice::flat(),
        (None, _) => DialectChoice::weigh(body),
    };
    Shape::Webhook(Found { body, envelope, event_name: name.and_then(Tree::text), dialect: choice })
}

/// A root without the envelope is a webhook when its fields say so (module docs).
fn looks_like_a_bare_webhook<T: Tree>(root: &T) -> bool {
    match root.member("type").and_then(Tree::text) {
        Some(name) => evidence(root, crate::validate::payload::Event::from_name(name).is_some()) > 0,
        None => evidence(root, false) >= 2,
    }
}

/// How many webhook-only fields `body` holds; `analysis` counts when the event is known.
fn evidence<T: Tree>(body: &T, known_event: bool) -> usize {
    let is = |key: &str, test: fn(&T) -> bool| body.member(key).is_some_and(test);
    let call = body.member("call").is_some_and(|call| {
        call.member("id").is_some_and(T::is_string) || call.member("status").is_some_and(T::is_string)
    });
    let messages = body
        .member("messages")
        .and_then(T::items)
        .is_some_and(|items| items.first().is_some_and(|item| item.member("role").is_some_and(T::is_string)));
    [
        call,
        messages,
        is("artifact", T::is_object),
        is("endedReason", T::is_string),
        is("toolCallList", T::is_array),
        is("tool_call_list", T::is_array),
        is("phoneNumber", T::is_object),
        is("phone_number", T::is_object),
        known_event && is("analysis", T::is_object),
    ]
    .into_iter()
    .filter(|present| *present)
    .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn envelope(document: Value) -> Option<Envelope> {
        match recognise(&document, None) {
            Recognised::Webhook(webhook) => Some(webhook.envelope),
            _ => None,
        }
    }

    #[test]
    fn webhooks_are_known_with_or_without_the_envelope() {
        assert_eq!(envelope(json!({"message": {"type": "status-update"}})), Some(Envelope::Message));
        assert_eq!(envelope(json!({"eventType": "call-ended"})), Some(Envelope::Flat));
        assert_eq!(envelope(json!({"type": "end-of-call", "call": {"id": "c"}})), Some(Envelope::Missing));
        assert_eq!(envelope(json!({"artifact": {}, "endedReason": "voicemail"})), Some(Envelope::Missing));
    }

    #[test]
    fn analysis_outputs_with_a_type_stay_outputs() {
        assert_eq!(envelope(json!({"type": "complaint", "analysis": {"x": 1}})), None);
        assert_eq!(envelope(json!({"type": "lead", "customer": {"name": "Ann"}})), None);
        assert_eq!(envelope(json!({"message": "call me back", "type": "callback"})), None);
    }
}
