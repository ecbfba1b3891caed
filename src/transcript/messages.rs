//! JSON message arrays: Flireo's `{role, content}` (the end-of-call-report `messages`, the
//! OpenAI format) and Vapi's `{role, message}` (`artifact.messages`, with `bot`, `system`,
//! `tool_calls` and `tool_call_result` roles). `content` may also be OpenAI's list of parts.

use serde_json::Value;

use super::{Speaker, TranscriptError, Turn};
use crate::json::Document;
use crate::plan::keys::get;

/// Roles of each speaker, as the platforms write them.
const ASSISTANT: &[&str] = &["assistant", "bot", "ai", "agent"];
const USER: &[&str] = &["user", "customer", "human"];
const SYSTEM: &[&str] = &["system", "developer"];
const TOOL: &[&str] = &[
    "tool",
    "tool_calls",
    "tool_call",
    "tool_call_result",
    "tool_result",
    "function",
    "function_call",
    "function_result",
];

/// Reads the array at `pointer` of `document`.
pub(super) fn read(document: &Document, items: &[Value], pointer: &str) -> Result<Vec<Turn>, TranscriptError> {
    let mut turns = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_pointer = format!("{pointer}/{i}");
        let range = |pointer: &str| document.span(pointer).map_or(0..0, |span| span.value.clone());
        let Value::Object(object) = item else {
            return Err(TranscriptError::new(
                format!("message {i} is not an object: expected `{{\"role\": …, \"content\": …}}`"),
                range(&item_pointer),
            ));
        };
        let Some((role_key, role)) = get(object, "role") else {
            return Err(TranscriptError::new(format!("message {i} has no `role`"), range(&item_pointer))
                .help("each message needs a `role` (`user`, `assistant`, `bot`, `system`, `tool`)"));
        };
        let role_pointer = format!("{item_pointer}/{role_key}");
        let Some(role) = role.as_str() else {
            return Err(TranscriptError::new(
                format!("message {i} has a `role` that is not a string"),
                range(&role_pointer),
            ));
        };
        let speaker = speaker(role).ok_or_else(|| {
            let all = ASSISTANT.iter().chain(USER).chain(SYSTEM).chain(TOOL).copied();
            let near = crate::text::suggest(role, all).map(|near| format!("did you mean `{near}`? "));
            TranscriptError::new(
                format!("unknown role {} in message {i}", crate::text::quote(role)),
                range(&role_pointer),
            )
            .help(format!(
                "{}roles are `user`, `assistant` or `bot`, `system`, and tool roles (`tool`, `tool_calls`, `tool_call_result`)",
                near.unwrap_or_default()
            ))
        })?;
        let text = text_of(object);
        // an OpenAI-format assistant message that only calls tools has `content: null`
        let calls_tools = ["toolCalls", "functionCall"].iter().any(|name| get(object, name).is_some());
        let speaker = if text.is_none() && calls_tools { Speaker::Tool } else { speaker };
        let text = match text {
            Some(text) => text,
            // tool calls carry `toolCalls` instead of text; nothing of them is spoken
            None if !speaker.is_spoken() => String::new(),
            None => {
                return Err(TranscriptError::new(
                    format!("{role} message {i} has no text: expected a string `content` or `message`"),
                    range(&item_pointer),
                ));
            }
        };
        turns.push(Turn { speaker, text, offset: range(&item_pointer).start });
    }
    Ok(turns)
}

fn speaker(role: &str) -> Option<Speaker> {
    let role = role.to_lowercase();
    let role = role.as_str();
    if ASSISTANT.contains(&role) {
        Some(Speaker::Assistant)
    } else if USER.contains(&role) {
        Some(Speaker::User)
    } else if SYSTEM.contains(&role) {
        Some(Speaker::System)
    } else if TOOL.contains(&role) {
        Some(Speaker::Tool)
    } else {
        None
    }
}

/// The text of a message: `content` (a string, or OpenAI's `[{type: "text", text}]`), else
/// Vapi's `message`.
fn text_of(object: &serde_json::Map<String, Value>) -> Option<String> {
    match get(object, "content").map(|(_, v)| v) {
        Some(Value::String(text)) => return Some(text.clone()),
        Some(Value::Array(parts)) => {
            let texts: Vec<&str> = parts.iter().filter_map(|part| part.get("text").and_then(Value::as_str)).collect();
            if !texts.is_empty() {
                return Some(texts.join("\n"));
            }
        }
        _ => {}
    }
    get(object, "message").and_then(|(_, v)| v.as_str()).map(str::to_owned)
}
