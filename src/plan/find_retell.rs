//! Retell agents: `post_call_analysis_data` (and a chat agent's `post_chat_analysis_data`),
//! read as a [`Plan`] of one [`PartKind::PostCallAnalysis`] part whose schema is the one the
//! items imply for the call's `call_analysis.custom_analysis_data` (Retell publishes no
//! schema; the mapping is plankit's reading of its SDK types):
//!
//! | item `type` | schema of `custom_analysis_data.<name>` |
//! |---|---|
//! | `string` | `{"type": "string"}` (`examples` are guidance for the model only) |
//! | `enum` | `{"type": "string", "enum": choices}` |
//! | `boolean` | `{"type": "boolean"}` |
//! | `number` | `{"type": "number"}` |
//! | `system-presets` | none: a preset's result is the call's own `call_summary`, `call_successful` or `user_sentiment` |
//!
//! An item with `required: true` is listed in `required`; Retell marks the call unsuccessful
//! when it is missing, rather than leaving the field out silently. Items the `retell/*` rules
//! reject (no name, an unknown type) are left out of the schema, so one mistake is reported
//! once.

use serde_json::{Map, Value, json};

use super::{Part, PartKind, Plan, Schema, Shape};
use crate::json::child_pointer;

/// The keys that hold a Retell agent's analysis items: voice agents, then chat agents.
pub const ITEM_KEYS: &[&str] = &["post_call_analysis_data", "post_chat_analysis_data"];

/// The item types Retell accepts.
pub const ITEM_TYPES: &[&str] = &["string", "enum", "boolean", "number", "system-presets"];

/// The Retell agent in `object` at `pointer`, when it defines post-call analysis items.
pub fn retell_agent(object: &Map<String, Value>, pointer: &str) -> Option<Plan> {
    let (key, Value::Array(items)) = ITEM_KEYS.iter().find_map(|key| object.get_key_value(*key))? else {
        return None;
    };
    let items_pointer = child_pointer(pointer, key);
    let part = Part {
        kind: PartKind::PostCallAnalysis,
        pointer: items_pointer.clone(),
        enabled: Some(true),
        schema: Some(Schema {
            pointer: items_pointer,
            value: implied_schema(items),
            // the fields in the items' order, for `render` (the value's map sorts them)
            text: Some(implied_schema_text(items)),
        }),
        messages: Vec::new(),
        rubric: None,
        legacy: false,
    };
    Some(Plan {
        pointer: pointer.to_owned(),
        shape: Shape::RetellAgent,
        name: object.get("agent_name").and_then(Value::as_str).map(str::to_owned),
        // the agent's other fields are Retell's, not an analysis plan's: the `plan/*` field
        // rules do not look at them
        objects: Vec::new(),
        parts: vec![part],
        threshold: None,
    })
}

/// Whether an object is a Retell agent: it holds one of [`ITEM_KEYS`] as an array.
pub fn is_retell_agent(object: &Map<String, Value>) -> bool {
    ITEM_KEYS.iter().any(|key| object.get(*key).is_some_and(Value::is_array))
}

/// The JSON Schema `custom_analysis_data` has under these items (see the module table).
pub fn implied_schema(items: &[Value]) -> Value {
    let (fields, required) = implied_fields(items);
    let mut schema = json!({"type": "object", "properties": fields.into_iter().collect::<Map<String, Value>>()});
    if !required.is_empty() {
        schema["required"] = Value::from(required);
    }
    schema
}

/// [`implied_schema`] as JSON text, its properties in the order the items list them.
fn implied_schema_text(items: &[Value]) -> String {
    let (fields, required) = implied_fields(items);
    let properties: Vec<String> =
        fields.iter().map(|(name, property)| format!("{}:{property}", Value::String(name.clone()))).collect();
    let mut text = format!("{{\"type\":\"object\",\"properties\":{{{}}}", properties.join(","));
    if !required.is_empty() {
        text.push_str(&format!(",\"required\":{}", Value::from(required)));
    }
    text.push('}');
    text
}

/// Each field the items define, in their order, and the names of the required ones.
fn implied_fields(items: &[Value]) -> (Vec<(String, Value)>, Vec<String>) {
    let mut fields: Vec<(String, Value)> = Vec::new();
    let mut required = Vec::new();
    for item in items.iter().filter_map(Value::as_object) {
        let Some(name) = item.get("name").and_then(Value::as_str) else { continue };
        let Some(mut property) = item_schema(item) else { continue };
        if fields.iter().any(|(known, _)| known == name) {
            // a duplicate name (`retell/duplicate-item-name`): the first one is the field
            continue;
        }
        if let (Some(description), Value::Object(property)) =
            (item.get("description").and_then(Value::as_str), &mut property)
        {
            property.insert("description".to_owned(), Value::String(description.to_owned()));
        }
        if item.get("required") == Some(&Value::Bool(true)) {
            required.push(name.to_owned());
        }
        fields.push((name.to_owned(), property));
    }
    (fields, required)
}

/// One item's schema; `None` for a preset or an item whose type plankit cannot map.
fn item_schema(item: &Map<String, Value>) -> Option<Value> {
    match item.get("type").and_then(Value::as_str)? {
        "string" => Some(json!({"type": "string"})),
        "boolean" => Some(json!({"type": "boolean"})),
        "number" => Some(json!({"type": "number"})),
        "enum" => {
            let mut choices: Vec<Value> = Vec::new();
            for choice in item.get("choices").and_then(Value::as_array).into_iter().flatten() {
                if choice.is_string() && !choices.contains(choice) {
                    choices.push(choice.clone());
                }
            }
            // no usable choices (`retell/invalid-choices`): any string, so validation does not
            // report the same mistake again on every call
            Some(if choices.is_empty() {
                json!({"type": "string"})
            } else {
                json!({"type": "string", "enum": choices})
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_imply_the_schema_of_custom_analysis_data() {
        let agent = json!({"agent_name": "Desk", "post_call_analysis_data": [
            {"type": "system-presets", "name": "call_summary", "description": "One line."},
            {"type": "enum", "name": "call_reason", "description": "Why.", "choices": ["billing", "other", "other"], "required": true},
            {"type": "number", "name": "csat_score", "description": "1 to 10."},
            {"type": "boolean", "name": "is_new_customer", "description": "New?"}]});
        let plan = retell_agent(agent.as_object().unwrap(), "").unwrap();
        assert_eq!(plan.shape, Shape::RetellAgent);
        assert_eq!(plan.name.as_deref(), Some("Desk"));
        let schema = &plan.parts[0].schema.as_ref().unwrap().value;
        assert_eq!(schema["required"], json!(["call_reason"]));
        assert_eq!(schema["properties"]["call_reason"]["enum"], json!(["billing", "other"]));
        assert_eq!(schema["properties"]["csat_score"]["type"], "number");
        assert!(schema["properties"].get("call_summary").is_none());
    }

    #[test]
    fn a_per_call_override_is_a_retell_agent_too() {
        let call = json!({"from_number": "+14155550100", "to_number": "+14155550123",
            "agent_override": {"agent": {"post_call_analysis_data": [
                {"type": "boolean", "name": "callback_requested", "description": "Did the caller ask for a callback?"}]}}});
        let plans = crate::plan::find_plans(&call);
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0].pointer, "/agent_override/agent");
        assert_eq!(plans[0].parts[0].pointer, "/agent_override/agent/post_call_analysis_data");
    }
}
