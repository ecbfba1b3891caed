//! `--format openai`: a Chat Completions request body a user can POST as is to
//! `/v1/chat/completions`. A sub-plan with a schema asks for it with `response_format`
//! `json_schema`; the schema is sent exactly as written, with `"strict": false` unless the
//! user asks for strict mode (which needs `additionalProperties: false` and every property
//! `required`: plankit reports that, it never rewrites a schema behind the user's back).

use serde_json::{Value, json};

use crate::plan::PartKind;
use crate::render::RenderedPart;

/// The model used when the user names none.
pub const DEFAULT_MODEL: &str = "gpt-4.1";

/// The request body, pretty-printed.
pub fn render(part: &RenderedPart, model: &str, strict: bool) -> String {
    let mut body = json!({ "model": model, "messages": part.messages });
    if let Some(schema) = &part.schema {
        body["response_format"] = json!({
            "type": "json_schema",
            "json_schema": { "name": schema_name(&part.kind), "schema": schema, "strict": strict },
        });
    }
    // serialising a JSON value cannot fail
    serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"
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
