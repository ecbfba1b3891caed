//! The assistant a plan belongs to, for Vapi's `{{systemPrompt}}` and `{{messages}}`: when the
//! plan sits in an assistant config (`{"model": {"messages": […]}, "analysisPlan": …}`), its
//! `model.messages` are the assistant's prompt messages and the first system one is the
//! system prompt.

use serde_json::Value;

use crate::json::{Document, Layout, child_pointer, reformat};
use crate::plan::keys::get;
use crate::plan::{Plan, Shape};

/// What a plan's assistant config says about its own prompt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assistant {
    /// The content of the first `system` message of `model.messages`.
    pub system_prompt: Option<String>,
    /// `model.messages` as compact JSON, keys in the order the file writes them (Vapi keeps
    /// the order it was sent, and `serde_json::Value` would sort them).
    pub model_messages: Option<String>,
}

impl Assistant {
    /// The assistant config around `plan` in the file (`document`, parsed from `text`); empty
    /// for bare plans and templates, which have none.
    pub fn of(document: &Document, text: &str, plan: &Plan) -> Assistant {
        if !matches!(plan.shape, Shape::AgentConfig | Shape::AssistantRequest) {
            return Assistant::default();
        }
        let parent = plan.pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        let model = document
            .value()
            .pointer(parent)
            .and_then(Value::as_object)
            .and_then(|config| get(config, "model"))
            .map(|(key, model)| (child_pointer(parent, key), model));
        let messages = model.as_ref().and_then(|(pointer, model)| {
            let (key, messages) = get(model.as_object()?, "messages")?;
            Some((child_pointer(pointer, key), messages))
        });
        let system_prompt = messages.as_ref().and_then(|(_, messages)| messages.as_array()).and_then(|messages| {
            messages.iter().find(|m| m.get("role").and_then(Value::as_str) == Some("system"))?.get("content")?.as_str()
        });
        let model_messages = messages.map(|(pointer, messages)| {
            let written = document.written(&pointer, text);
            written.and_then(|written| reformat(&written, Layout::Compact)).unwrap_or_else(|| messages.to_string())
        });
        Assistant { system_prompt: system_prompt.map(str::to_owned), model_messages }
    }
}
