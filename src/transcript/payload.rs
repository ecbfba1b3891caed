//! JSON transcripts: a bare message array, or a webhook payload that carries the transcript.
//!
//! What the document is comes from [`crate::recognise`], the recogniser `validate` uses, so both
//! commands read the same body of the same file: `message` in the envelope, the root of a
//! legacy flat event or of a report written without the envelope. An object the recogniser
//! does not take for a webhook is still searched for a transcript at its root (or in its
//! `message`), leniently: a hand-written `{"transcript": "…"}` is a fine thing to render.
//! The transcript is taken from
//! the first of these that is present, structured forms first because they keep the roles:
//! `messages` (Flireo / HMS end-of-call-report), `artifact.messages` (Vapi),
//! `artifact.messagesOpenAIFormatted`, `artifact.transcript` (Vapi, text), `transcript` (older
//! Vapi reports, text), `transcriptText` (legacy Flireo flat events, text). Keys are read in
//! camelCase or snake_case.

use serde_json::{Map, Value};

use super::{Format, Labels, Transcript, TranscriptError, messages, text};
use crate::json::{Document, child_pointer, raw_string_offset};
use crate::plan::keys::get;
use crate::recognise::{Recognised, recognise};

/// Reads a parsed JSON transcript.
pub(super) fn read(text: &str, document: &Document, labels: &Labels) -> Result<Transcript, TranscriptError> {
    match document.value() {
        Value::Array(items) => Ok(Transcript {
            turns: messages::read(document, items, "")?,
            format: Format::Messages,
            ended_reason: None,
            warnings: Vec::new(),
        }),
        Value::Object(object) => {
            let (inner, pointer) = match recognise(document.value(), None) {
                Recognised::Webhook(webhook) => (webhook.body, webhook.base().to_owned()),
                Recognised::Messages(_) | Recognised::AnalysisOutput => match get(object, "message") {
                    Some((key, Value::Object(inner))) => (inner, child_pointer("", key)),
                    _ => (object, String::new()),
                },
            };
            from_payload(text, document, inner, &pointer, labels)
        }
        _ => Err(TranscriptError::new(
            "expected a transcript: an array of `{role, content}` messages or a webhook payload",
            document.span("").map_or(0..0, |span| span.value.clone()),
        )),
    }
}

fn from_payload<'a>(
    text: &str,
    document: &Document,
    payload: &'a Map<String, Value>,
    pointer: &str,
    labels: &Labels,
) -> Result<Transcript, TranscriptError> {
    let ended_reason = ended_reason(payload);
    let artifact = match get(payload, "artifact") {
        Some((key, Value::Object(artifact))) => Some((artifact, child_pointer(pointer, key))),
        _ => None,
    };
    let mut candidates: Vec<(&'a Value, String)> = Vec::new();
    let mut add = |object: &'a Map<String, Value>, at: &str, name: &str| {
        if let Some((key, value)) = get(object, name) {
            candidates.push((value, child_pointer(at, key)));
        }
    };
    add(payload, pointer, "messages");
    if let Some((artifact, at)) = &artifact {
        add(artifact, at, "messages");
        add(artifact, at, "messagesOpenAIFormatted");
        add(artifact, at, "transcript");
    }
    add(payload, pointer, "transcript");
    add(payload, pointer, "transcriptText");
    let Some((value, field)) = candidates.into_iter().find(|(value, _)| value.is_array() || value.is_string()) else {
        let kind = get(payload, "type").or_else(|| get(payload, "eventType")).and_then(|(_, v)| v.as_str());
        let what = kind.map_or_else(|| "this JSON".to_owned(), |kind| format!("this `{kind}` payload"));
        return Err(TranscriptError::new(
            format!("{what} carries no transcript"),
            document.span(pointer).map_or(0..0, |span| span.value.start..span.value.start + 1),
        )
        .help("expected `messages`, `artifact.messages`, `artifact.transcript` or `transcriptText`"));
    };
    let mut warnings = Vec::new();
    let turns = match value {
        Value::Array(items) => messages::read(document, items, &field)?,
        Value::String(string) => {
            let span = document.span(&field).map_or(0..0, |span| span.value.clone());
            let literal = text.get(span.clone()).unwrap_or_default();
            let at = |offset: usize| span.start + raw_string_offset(literal, offset);
            text::parse(string, &at, labels, &mut warnings)?
        }
        _ => Vec::new(),
    };
    Ok(Transcript { turns, format: Format::Payload { field }, ended_reason, warnings })
}

/// `endedReason` of the payload, else of its `call` (Vapi); HMS's SDK spells it `end_reason`.
fn ended_reason(payload: &Map<String, Value>) -> Option<String> {
    let call = match get(payload, "call") {
        Some((_, Value::Object(call))) => reason_of(call),
        _ => None,
    };
    reason_of(payload).or(call).map(str::to_owned)
}

fn reason_of(object: &Map<String, Value>) -> Option<&str> {
    ["endedReason", "endReason"].iter().find_map(|name| get(object, name).and_then(|(_, v)| v.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;
    use crate::transcript::{Speaker, Transcript};

    fn parse(text: &str) -> Transcript {
        Transcript::parse(&Source::new("payload.json", text)).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    #[test]
    fn envelope_is_optional_and_snake_keys_are_read() {
        let transcript = parse(
            r#"{"type": "end-of-call-report", "ended_reason": "voicemail",
            "messages": [{"role": "user", "content": "Hallo?"}]}"#,
        );
        assert_eq!(transcript.ended_reason.as_deref(), Some("voicemail"));
        assert_eq!(transcript.format, Format::Payload { field: "/messages".to_owned() });
    }

    #[test]
    fn structured_messages_win_over_the_transcript_string() {
        let transcript = parse(
            r#"{"message": {"artifact": {"transcript": "AI: a\nUser: b",
            "messages": [{"role": "bot", "message": "a"}]}, "call": {"endedReason": "silence-timed-out"}}}"#,
        );
        assert_eq!(transcript.turns.len(), 1);
        assert_eq!(transcript.ended_reason.as_deref(), Some("silence-timed-out"));
        let transcript = parse(r#"{"message": {"artifact": {"transcript": "AI: a\nUser: b"}}}"#);
        assert_eq!(transcript.format, Format::Payload { field: "/message/artifact/transcript".to_owned() });
        assert_eq!(transcript.spoken_count(), 2);
    }

    #[test]
    fn openai_messages_with_tool_calls_and_content_parts() {
        let transcript = parse(
            r#"[{"role": "assistant", "content": null, "tool_calls": [{"id": "call_1"}]},
                {"role": "tool", "content": "{\"ok\":true}", "tool_call_id": "call_1"},
                {"role": "user", "content": [{"type": "text", "text": "Dank"}, {"type": "text", "text": "je"}]}]"#,
        );
        let speakers: Vec<_> = transcript.turns.iter().map(|t| t.speaker).collect();
        assert_eq!(speakers, [Speaker::Tool, Speaker::Tool, Speaker::User]);
        assert_eq!(transcript.turns[2].text, "Dank\nje");
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = r#"{"transcriptText": "AI: hoi\nRobot: hallo"}"#;
        let transcript = parse(text);
        // the warning sits on `Robot`, after the two-byte `\n` escape in the file
        assert_eq!(&text[transcript.warnings[0].offset..][..5], "Robot");
        let error = Transcript::parse(&Source::new("x.json", r#"[{"role": "user"}]"#)).err();
        assert_eq!(error.map(|e| e.range), Some(1..17));
    }
}
