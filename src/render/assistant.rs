//! The assistant a plan belongs to, for Vapi's `{{systemPrompt}}` and `{{messages}}`: when the
//! plan sits in an assistant config (`{"model": {"messages": […]}, "analysisPlan": …}`), its
//! `model.messages` are the assistant's prompt messages and the first system one is the
//! system prompt.

use serde_json::Value;

use crate::plan::keys::get;
use crate::plan::{Plan, Shape};

/// What a plan's assistant config says about its own prompt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assistant {
    /// The content of the first `system` message of `model.messages`.
    pub system_prompt: Option<String>,
    /// `model.messages` as written.
    pub model_messages: Option<Value>,
}

impl Assistant {
    /// The assistant config around `plan` in the file's `root` value; empty for bare plans and
    /// templates, which have none.
    pub fn of(root: &Value, plan: &Plan) -> Assistant {
        if !matches!(plan.shape, Shape::AgentConfig | Shape::AssistantRequest) {
            return Assistant::default();
        }
        let parent = plan.pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        let messages = root
            .pointer(parent)
            .and_then(Value::as_object)
            .and_then(|config| get(config, "model"))
            .and_then(|(_, model)| model.as_object())
            .and_then(|model| get(model, "messages"))
            .map(|(_, messages)| messages);
        let system_prompt = messages.and_then(Value::as_array).and_then(|messages| {
            messages.iter().find(|m| m.get("role").and_then(Value::as_str) == Some("system"))?.get("content")?.as_str()
        });
        Assistant { system_prompt: system_prompt.map(str::to_owned), model_messages: messages.cloned() }
    }
}
