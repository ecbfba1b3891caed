//! `--format openai`: a Chat Completions request body a user can POST as is to
//! `/v1/chat/completions`. A sub-plan with a schema asks for it with `response_format`
//! `json_schema`; the schema is sent exactly as written, with `"strict": false` unless the
//! user asks for strict mode (which needs `additionalProperties: false` and every property
//! `required`: plankit reports that, it never rewrites a schema behind the user's back).

use serde_json::{Value, json};

use crate::json::{Layout, reformat};
use crate::plan::PartKind;
use crate::render::RenderedPart;

/// The model used when the user names none.
pub const DEFAULT_MODEL: &str = "gpt-4.1";

/// The request body, pretty-printed, the schema's keys in the order the author wrote them
/// (OpenAI produces fields in schema order).
pub fn render(part: &RenderedPart, model: &str, strict: bool) -> String {
    let body = request_body(part, model, ResponseFormat::JsonSchema { strict }, "");
    reformat(&body, Layout::Pretty).unwrap_or(body) + "\n"
}

/// How a request asks for structured output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    /// `response_format` `json_schema` carrying the schema, strict or not.
    JsonSchema {
        /// `"strict": true`: the provider enforces the schema while decoding.
        strict: bool,
    },
    /// `response_format` `json_object`: any JSON object; the schema reaches the model only
    /// through the prompt (`{{schema}}`).
    JsonObject,
}

/// The request body on one line, as `plankit eval` sends it: `model`, `messages`, then
/// `extra` (more members, already JSON: `"temperature":0,"seed":7`, or empty), then
/// `response_format` when the part has a schema. The schema's keys keep the author's order.
pub fn request_body(part: &RenderedPart, model: &str, format: ResponseFormat, extra: &str) -> String {
    // serialising strings and messages cannot fail; messages keep their field order (role first)
    let encode = |value: Value| serde_json::to_string(&value).unwrap_or_default();
    let messages = serde_json::to_string(&part.messages).unwrap_or_default();
    let mut head = format!(r#""model":{},"messages":{messages}"#, encode(json!(model)));
    if !extra.is_empty() {
        head.push(',');
        head.push_str(extra);
    }
    match (&part.schema, format) {
        (Some(schema), ResponseFormat::JsonSchema { strict }) => format!(
            r#"{{{head},"response_format":{{"type":"json_schema","json_schema":{{"name":{},"schema":{schema},"strict":{strict}}}}}}}"#,
            encode(schema_name(&part.kind)),
        ),
        (Some(_), ResponseFormat::JsonObject) => format!(r#"{{{head},"response_format":{{"type":"json_object"}}}}"#),
        (None, _) => format!("{{{head}}}"),
    }
}

/// The `json_schema.name`: OpenAI allows `[a-zA-Z0-9_-]{1,64}`.
fn schema_name(kind: &PartKind) -> Value {
    let name = match kind {
        PartKind::StructuredDataMulti(key) => {
            let cleaned: String =
                key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).take(64).collect();
            if cleaned.is_empty() { "structured_data".to_owned() } else { cleaned }
        }
        _ => "structured_data".to_owned(),
    };
    Value::String(name)
}
