//! `retell/*`: a Retell agent's post-call analysis, its `post_call_analysis_data` items (or a
//! chat agent's `post_chat_analysis_data`) and `post_call_analysis_model`, checked against
//! Retell's SDK types. These rules run only on Retell agents; the `plan/*`, `schema/*` and
//! `template/*` rules, written for analysis plans, do not run on them.

use serde_json::{Map, Value};

use crate::json::child_pointer;
use crate::plan::Shape;
use crate::plan::find_retell::ITEM_KEYS;
use crate::rules::PlanContext;

pub mod conditional_prompt_ignored;
pub mod duplicate_choice;
pub mod duplicate_item_name;
pub mod examples_not_allowed;
pub mod invalid_choices;
pub mod invalid_item_type;
pub mod missing_item_field;
pub mod preset_name_collision;
pub mod removed_prompt_field;
pub mod unknown_item_field;
pub mod unknown_model;
pub mod unknown_preset;

/// The presets a voice agent's `system-presets` items may name.
pub const VOICE_PRESETS: &[&str] = &["call_summary", "call_successful", "user_sentiment"];

/// The presets a chat agent's `system-presets` items may name.
pub const CHAT_PRESETS: &[&str] = &["chat_summary", "chat_successful", "user_sentiment"];

/// One item of `post_call_analysis_data`.
pub(crate) struct Item<'a> {
    /// JSON Pointer of the item.
    pub pointer: String,
    /// The item.
    pub object: &'a Map<String, Value>,
    /// Its `type`, when it is a string.
    pub kind: Option<&'a str>,
    /// Its `name`, when it is a string.
    pub name: Option<&'a str>,
}

impl Item<'_> {
    /// Pointer of one of the item's members.
    pub fn member(&self, key: &str) -> String {
        child_pointer(&self.pointer, key)
    }

    /// Whether the item is a custom field (any type but `system-presets`).
    pub fn is_custom(&self) -> bool {
        self.kind != Some("system-presets")
    }
}

/// The Retell agent object of a Retell plan.
pub(crate) fn agent<'a>(ctx: &'a PlanContext<'_>) -> Option<&'a Map<String, Value>> {
    if ctx.plan.shape != Shape::RetellAgent {
        return None;
    }
    ctx.value(&ctx.plan.pointer).and_then(Value::as_object)
}

/// Whether the agent is a chat agent (`post_chat_analysis_data`).
pub(crate) fn is_chat(ctx: &PlanContext<'_>) -> bool {
    agent(ctx).is_some_and(|agent| !agent.contains_key(ITEM_KEYS[0]) && agent.contains_key(ITEM_KEYS[1]))
}

/// The presets this agent's items may name.
pub(crate) fn presets(ctx: &PlanContext<'_>) -> &'static [&'static str] {
    if is_chat(ctx) { CHAT_PRESETS } else { VOICE_PRESETS }
}

/// Every item that is an object, in order.
pub(crate) fn items<'a>(ctx: &'a PlanContext<'_>) -> Vec<Item<'a>> {
    let Some(part) = ctx.plan.parts.first() else { return Vec::new() };
    let Some(Value::Array(list)) = ctx.value(&part.pointer) else { return Vec::new() };
    list.iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let object = item.as_object()?;
            Some(Item {
                pointer: format!("{}/{i}", part.pointer),
                object,
                kind: object.get("type").and_then(Value::as_str),
                name: object.get("name").and_then(Value::as_str),
            })
        })
        .collect()
}
