//! A Vapi structured output: an org-level extraction resource (`POST /structured-output`)
//! or a transient one written inline in an assistant's `artifactPlan.structuredOutputs`
//! (reference: vapi-structured-outputs-and-retell.md §1). It becomes a [`super::Plan`] of shape
//! [`super::Shape::StructuredOutput`] with one part whose kind carries this typed definition,
//! so render, validate, test and the provider targets see it like any plan.
//!
//! Fields are taken as written; a field of the wrong type is left out here and reported by the
//! `structured-output/*` rules, which read the file itself.

use serde_json::{Map, Value};

use super::keys::get;
use crate::json::child_pointer;

// The template variables of `model.messages` are data in
// `crate::template::vocabulary::VAPI_STRUCTURED_OUTPUT`.

/// One gate of `conditions` (reference §1.2).
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `{"type": "minMessages", "count": n}`: runs when the conversation has at least `n` messages.
    MinMessages(f64),
    /// `{"type": "minCallDuration", "seconds": n}`: runs when the call lasted at least `n` seconds.
    MinCallDuration(f64),
    /// `{"type": "endedReason", "operator": "oneOf"|"notOneOf", "values": […]}`.
    EndedReason {
        /// `true` for `oneOf`, `false` for `notOneOf`.
        one_of: bool,
        /// The ended reasons listed.
        values: Vec<String>,
    },
}

impl Condition {
    /// The condition read from its object, when it is well formed.
    pub fn parse(value: &Value) -> Option<Condition> {
        let object = value.as_object()?;
        let number = |name: &str| object.get(name).and_then(Value::as_f64).filter(|n| *n >= 0.0);
        match object.get("type")?.as_str()? {
            "minMessages" => number("count").map(Condition::MinMessages),
            "minCallDuration" => number("seconds").map(Condition::MinCallDuration),
            "endedReason" => {
                let one_of = match object.get("operator")?.as_str()? {
                    "oneOf" => true,
                    "notOneOf" => false,
                    _ => return None,
                };
                let values = object.get("values")?.as_array()?;
                let values: Option<Vec<String>> = values.iter().map(|v| v.as_str().map(str::to_owned)).collect();
                Some(Condition::EndedReason { one_of, values: values? })
            }
            _ => None,
        }
    }

    /// The condition as it reads in a verdict: `minMessages 6`, `endedReason oneOf voicemail`.
    pub fn describe(&self) -> String {
        match self {
            Condition::MinMessages(count) => format!("minMessages {count}"),
            Condition::MinCallDuration(seconds) => format!("minCallDuration {seconds}s"),
            Condition::EndedReason { one_of, values } => {
                format!("endedReason {} {}", if *one_of { "oneOf" } else { "notOneOf" }, values.join(", "))
            }
        }
    }
}

/// What a call is judged on for `conditions`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Call<'a> {
    /// Messages in the conversation.
    pub messages: usize,
    /// How long the call lasted, when known (a chat has no timestamps: the duration gate passes).
    pub duration_seconds: Option<f64>,
    /// How the call ended.
    pub ended_reason: &'a str,
}

/// A structured-output definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructuredOutput {
    /// `id`, when written (saved outputs; inline ones get a runtime id).
    pub id: Option<String>,
    /// `name`, when a string.
    pub name: Option<String>,
    /// `description`, when a string.
    pub description: Option<String>,
    /// `type`, when a string (`ai` when absent, Vapi's default).
    pub kind: Option<String>,
    /// `regex`, when a string.
    pub regex: Option<String>,
    /// The `model` object, when one.
    pub model: Option<Value>,
    /// JSON Pointer of `conditions`, and its value as written.
    pub conditions: Option<(String, Value)>,
    /// `assistantIds` (`assistant_ids`), the strings of it.
    pub assistant_ids: Vec<String>,
}

impl StructuredOutput {
    /// Reads a definition from its object.
    pub fn read(object: &Map<String, Value>, pointer: &str) -> StructuredOutput {
        let string = |name: &str| get(object, name).and_then(|(_, v)| v.as_str()).map(str::to_owned);
        StructuredOutput {
            id: string("id"),
            name: string("name"),
            description: string("description"),
            kind: string("type"),
            regex: string("regex"),
            model: get(object, "model").map(|(_, v)| v.clone()).filter(Value::is_object),
            conditions: get(object, "conditions").map(|(key, v)| (child_pointer(pointer, key), v.clone())),
            assistant_ids: get(object, "assistantIds")
                .and_then(|(_, v)| v.as_array())
                .map(|ids| ids.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
        }
    }

    /// Whether a regex runs instead of a model (`type: "regex"`).
    pub fn is_regex(&self) -> bool {
        self.kind.as_deref() == Some("regex")
    }

    /// The conditions that are well formed, in order (the order Vapi evaluates them in).
    pub fn gates(&self) -> Vec<Condition> {
        match &self.conditions {
            Some((_, Value::Array(items))) => items.iter().filter_map(Condition::parse).collect(),
            _ => Vec::new(),
        }
    }

    /// The first condition that skips this output for `call` (AND semantics: Vapi stops at the
    /// first that fails and reports it as `unmetCondition`), with its index in `conditions`.
    pub fn unmet(&self, call: &Call<'_>) -> Option<(usize, Condition)> {
        let Some((_, Value::Array(items))) = &self.conditions else { return None };
        items.iter().enumerate().find_map(|(i, item)| {
            let condition = Condition::parse(item)?;
            let passes = match &condition {
                Condition::MinMessages(count) => call.messages as f64 >= *count,
                Condition::MinCallDuration(seconds) => call.duration_seconds.is_none_or(|d| d >= *seconds),
                Condition::EndedReason { one_of, values } => values.iter().any(|v| v == call.ended_reason) == *one_of,
            };
            (!passes).then_some((i, condition))
        })
    }

    /// The value of a definition variable (`structuredOutput.name`, …) for rendering; `schema`
    /// is the schema's JSON text.
    pub fn variable(&self, name: &str, schema: &str) -> Option<String> {
        match name {
            "structuredOutput.name" => Some(self.name.clone().unwrap_or_default()),
            "structuredOutput.description" => Some(self.description.clone().unwrap_or_default()),
            "structuredOutput.schema" => Some(schema.to_owned()),
            "structuredOutput" => {
                // how Vapi serialises the whole definition is not published (§2 Q6): plankit
                // shows name, description and schema as one JSON object
                let schema: Value = serde_json::from_str(schema).unwrap_or(Value::Null);
                let mut object = Map::new();
                object.insert("name".to_owned(), self.name.clone().map_or(Value::Null, Value::String));
                if let Some(description) = &self.description {
                    object.insert("description".to_owned(), Value::String(description.clone()));
                }
                object.insert("schema".to_owned(), schema);
                serde_json::to_string_pretty(&Value::Object(object)).ok()
            }
            _ => None,
        }
    }
}

/// Whether `text` is a UUID (`8-4-4-4-12` hex digits), the form Vapi's ids take.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn output(value: Value) -> StructuredOutput {
        StructuredOutput::read(value.as_object().unwrap(), "")
    }

    #[test]
    fn the_first_unmet_condition_is_the_one_reported() {
        let so = output(json!({"name": "x", "conditions": [
            {"type": "minCallDuration", "seconds": 10},
            {"type": "minMessages", "count": 6},
            {"type": "endedReason", "operator": "notOneOf", "values": ["voicemail"]}]}));
        let call = Call { messages: 4, duration_seconds: Some(60.0), ended_reason: "voicemail" };
        assert_eq!(so.unmet(&call), Some((1, Condition::MinMessages(6.0))));
        let chat = Call { messages: 8, duration_seconds: None, ended_reason: "customer-ended-call" };
        assert_eq!(so.unmet(&chat), None);
        let voicemail = Call { messages: 8, ..call };
        assert_eq!(so.unmet(&voicemail).map(|(i, _)| i), Some(2));
    }

    #[test]
    fn snake_case_fields_are_read() {
        let so = output(json!({"name": "CSAT", "assistant_ids": ["a"], "type": "regex", "regex": "\\d+"}));
        assert_eq!(so.assistant_ids, ["a"]);
        assert!(so.is_regex());
    }

    #[test]
    fn uuids_are_told_from_names() {
        assert!(is_uuid("550e8400-e29b-41d4-a716-446655440001"));
        assert!(!is_uuid("support-ticket"));
        assert!(!is_uuid("550e8400-e29b-41d4-a716-44665544000"));
    }
}
