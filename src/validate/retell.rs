//! Retell webhooks: `{"event": "call_analyzed", "call": {…}}`. plankit checks the envelope
//! and the event name, the built-in `call_analysis` fields, and `custom_analysis_data`
//! against the schema a Retell agent's items imply (the validator `validate` compiled from
//! the agent). The payload rules report what is wrong, as for the other platforms.
//!
//! Decided where Retell's sources disagree: `event` is the envelope key (its webhook overview
//! and signature sample); `event_type` (one docs page) and the deprecated `data` for `call`
//! are read, with a warning.

use serde_json::{Map, Value};

use super::document::Checkable;
use super::payload::{missing_analysis, missing_envelope, missing_field, unknown_event, unknown_value, wrong_type};
use super::{OutputValidator, Violation};
use crate::diagnostic::Severity;
use crate::recognise::Tree;
use crate::text::{quote, suggest};

/// The events a Retell voice agent's webhook sends, then a chat agent's.
pub const EVENTS: &[&str] = &[
    "call_started",
    "call_ended",
    "call_analyzed",
    "transcript_updated",
    "transfer_started",
    "transfer_bridged",
    "transfer_cancelled",
    "transfer_ended",
    "chat_started",
    "chat_ended",
    "chat_analyzed",
];

/// The four values of `call_analysis.user_sentiment`.
pub const SENTIMENTS: &[&str] = &["Negative", "Positive", "Neutral", "Unknown"];

/// Whether a document is a Retell webhook: an `event` (or `event_type`) beside a `call`
/// (or `data`, or a chat's `chat`) object, and no `message` envelope.
pub fn is_retell_webhook<T: Tree>(document: &T) -> bool {
    if !document.is_object() {
        return false;
    }
    // the name's type is checked later: `{"event": 5, "call": {…}}` is a broken webhook, not an
    // analysis output
    let named = ["event", "event_type"].iter().any(|key| document.has(key));
    let call = ["call", "chat", "data"].iter().any(|key| document.member(key).is_some_and(Tree::is_object));
    named && call && !document.has("message")
}

/// Every violation of a Retell webhook, `custom_analysis_data` against `validator`.
pub fn check(document: &Value, validator: &OutputValidator) -> Vec<Violation> {
    let mut out = Vec::new();
    let Value::Object(root) = document else { return out };
    let event = envelope(root, &mut out);
    let Some((call_key, Value::Object(call))) =
        ["call", "chat", "data"].iter().find_map(|key| root.get_key_value(*key))
    else {
        // only a document read as Retell's by `--dialect retell` gets here: a recognised one
        // has its call object
        out.push(
            Violation::new(&missing_field::RULE, "/call", "a Retell webhook carries the call in `call`")
                .at("")
                .help("Retell sends `{\"event\": …, \"call\": {…}}` (a chat agent: `chat`)"),
        );
        return payload_messages(out);
    };
    let call_key = call_key.as_str();
    let analysis_key = if call_key == "chat" { "chat_analysis" } else { "call_analysis" };
    let analysis_pointer = format!("/{call_key}/{analysis_key}");
    let analysed = event.is_some_and(|name| name.ends_with("_analyzed"));
    match call.get(analysis_key) {
        None if analysed => out.push(
            Violation::new(
                &missing_analysis::RULE,
                analysis_pointer,
                format!("a {} event carries no `{analysis_key}`", event.unwrap_or_default()),
            )
            .at(format!("/{call_key}"))
            .help("Retell sends the analysis in `call_analyzed`; a fixture without it tests no analysis"),
        ),
        None | Some(Value::Null) => {}
        Some(Value::Object(analysis)) => fields(analysis, &analysis_pointer, validator, &mut out),
        Some(_) => {
            out.push(Violation::new(&wrong_type::RULE, analysis_pointer, format!("`{analysis_key}` must be an object")))
        }
    }
    payload_messages(out)
}

/// Payload messages name their place, as the other platforms' do (`/message/type: …`).
fn payload_messages(mut out: Vec<Violation>) -> Vec<Violation> {
    for violation in out.iter_mut().filter(|v| v.rule.name.starts_with("payload/")) {
        violation.message = format!("{}: {}", violation.pointer, violation.message);
    }
    out
}

/// The envelope: the event key and name; returns the name when it is a string.
fn envelope<'a>(root: &'a Map<String, Value>, out: &mut Vec<Violation>) -> Option<&'a str> {
    if root.contains_key("data") && !root.contains_key("call") {
        out.push(
            Violation::new(&missing_envelope::RULE, "/data", "`data` is Retell's deprecated name for `call`")
                .severity(Severity::Warning)
                .help("Retell sends the call as `call`; a receiver reading `data` reads the old format"),
        );
    }
    let (key, value) = match (root.get("event"), root.get("event_type")) {
        (Some(value), _) => ("event", value),
        (None, Some(value)) => {
            out.push(
                Violation::new(
                    &missing_envelope::RULE,
                    "/event_type",
                    "Retell names the event in `event`, not `event_type`",
                )
                .severity(Severity::Warning)
                .help("write `\"event\": …`: the webhook Retell sends, and its SDK's handler, use `event`"),
            );
            ("event_type", value)
        }
        (None, None) => {
            out.push(
                Violation::new(&missing_field::RULE, "/event", "a Retell webhook names its event in `event`").at(""),
            );
            return None;
        }
    };
    let pointer = format!("/{key}");
    let Some(name) = value.as_str() else {
        out.push(Violation::new(&wrong_type::RULE, pointer, "`event` must be a string"));
        return None;
    };
    if !EVENTS.contains(&name) {
        let near = suggest(name, EVENTS.iter().copied()).map(|near| format!("did you mean `{near}`?"));
        out.push(
            Violation::new(&unknown_event::RULE, pointer, format!("{} is not a Retell webhook event", quote(name)))
                .maybe_help(near)
                .or_help(format!("Retell sends {}", EVENTS.join(", "))),
        );
    }
    Some(name)
}

/// The built-in analysis fields that hold a type: the key, and whether it is a boolean (else a
/// string).
const TYPED: [(&str, bool); 5] = [
    ("call_summary", false),
    ("chat_summary", false),
    ("call_successful", true),
    ("chat_successful", true),
    ("in_voicemail", true),
];

/// Whether `value` holds what the built-in field (`boolean` or a string) holds.
fn typed<T: Tree>(value: &T, boolean: bool) -> bool {
    value.is_null() || if boolean { value.is_boolean() } else { value.is_string() }
}

/// Whether `user_sentiment` is absent, `null` or one of [`SENTIMENTS`].
fn known_sentiment<T: Tree>(value: Option<&T>) -> bool {
    value.is_none_or(|value| value.is_null() || value.text().is_some_and(|s| SENTIMENTS.contains(&s)))
}

/// Whether [`check`] finds nothing in a Retell webhook, asked of any [`Tree`] without building
/// a violation (the NDJSON fast path); the same conditions, in the same order.
pub(crate) fn is_clean<T: Checkable>(document: &T, validator: &OutputValidator) -> bool {
    // `data` without `call`, `event_type` for `event`: warnings; no event, or not a string: errors
    if document.has("data") && !document.has("call") {
        return false;
    }
    let Some(name) = document.member("event").and_then(Tree::text) else { return false };
    if !EVENTS.contains(&name) {
        return false;
    }
    let Some((key, call)) = ["call", "chat", "data"].iter().find_map(|key| document.member(key).map(|v| (*key, v)))
    else {
        // only `--dialect retell` reads a document without a call object as Retell's
        return false;
    };
    if !call.is_object() {
        return false;
    }
    let analysis_key = if key == "chat" { "chat_analysis" } else { "call_analysis" };
    match call.member(analysis_key) {
        None => !name.ends_with("_analyzed"),
        Some(analysis) if analysis.is_null() => true,
        Some(analysis) if analysis.is_object() => {
            TYPED.iter().all(|(key, boolean)| analysis.member(key).is_none_or(|value| typed(value, *boolean)))
                && known_sentiment(analysis.member("user_sentiment"))
                && analysis
                    .member("custom_analysis_data")
                    .is_none_or(|data| data.is_null() || data.is_valid_for(validator))
        }
        Some(_) => false,
    }
}

/// The built-in analysis fields, then `custom_analysis_data` against the agent's schema.
fn fields(analysis: &Map<String, Value>, base: &str, validator: &OutputValidator, out: &mut Vec<Violation>) {
    for (key, boolean) in TYPED {
        if let Some(value) = analysis.get(key)
            && !typed(value, boolean)
        {
            let expected = if boolean { "a boolean" } else { "a string" };
            out.push(Violation::new(&wrong_type::RULE, format!("{base}/{key}"), format!("`{key}` must be {expected}")));
        }
    }
    if let Some(value) = analysis.get("user_sentiment")
        && !known_sentiment(Some(value))
    {
        let shown = value.as_str().map_or_else(|| value.to_string(), quote);
        out.push(
            Violation::new(
                &unknown_value::RULE,
                format!("{base}/user_sentiment"),
                format!("{shown} is not one of \"Negative\", \"Positive\", \"Neutral\", \"Unknown\""),
            )
            .maybe_help(
                value
                    .as_str()
                    .and_then(|s| suggest(s, SENTIMENTS.iter().copied()))
                    .map(|near| format!("did you mean `{near}`?")),
            ),
        );
    }
    if let Some(data) = analysis.get("custom_analysis_data")
        && !data.is_null()
    {
        out.extend(validator.validate_at(data, &format!("{base}/custom_analysis_data")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retell_webhooks_are_told_from_other_documents() {
        assert!(is_retell_webhook(&json!({"event": "call_analyzed", "call": {"call_id": "c"}})));
        assert!(is_retell_webhook(&json!({"event_type": "call_analyzed", "call": {}})));
        assert!(!is_retell_webhook(&json!({"message": {"type": "end-of-call-report"}, "event": "x", "call": {}})));
        assert!(!is_retell_webhook(&json!({"call_reason": "billing"})));
        assert!(is_retell_webhook(&json!({"event": 5, "call": {}})));
    }
}
