//! Finding plans inside a file: which shape it is, and the typed [`Plan`]s it holds.
//! Type problems are not judged here (the `plan/wrong-type` rule does that); a field with the
//! wrong type is simply not taken into the typed plan.

use serde_json::{Map, Value};

use super::keys::get;
use super::{Message, ObjectKind, Part, PartKind, Plan, PlanObject, Schema, Shape};
use crate::json::child_pointer;

/// Keys that make an object an analysis plan.
const PLAN_KEYS: &[&str] = &[
    "structuredDataPlan",
    "summaryPlan",
    "successEvaluationPlan",
    "structuredDataMultiPlan",
    "structuredDataPrompt",
    "structuredDataSchema",
    "summaryPrompt",
    "successEvaluationPrompt",
];

/// Keys that hold a plan or templates, and the keys that make an object a plan: what a file
/// with no plan most likely meant (for the did-you-mean of `plan/no-plan-found`).
pub fn plan_keys_near(key: &str) -> Option<&'static str> {
    const ALL: &[&str] = &[
        "analysisPlan",
        "analysis_plan",
        "structuredDataPlan",
        "structured_data_plan",
        "summaryPlan",
        "successEvaluationPlan",
        "analysisTemplates",
        "analysisTemplate",
        "analysis_templates",
        "analysis_template",
    ];
    crate::text::suggest(key, ALL.iter().copied())
}

/// Every plan in a document: the shapes a plan file takes at its top, then every
/// `analysisPlan` nested deeper — in squads (`members[].assistant`,
/// `members[].assistantOverrides`, `membersOverrides`), call and campaign overrides, handoff
/// destinations, and the assistant a webhook payload carries. Sorted by pointer; callers with
/// the source text order them by position.
pub fn find_plans(root: &Value) -> Vec<Plan> {
    if let Some(outputs) = super::find_structured::top_level(root) {
        return outputs;
    }
    let mut plans = Vec::new();
    match root {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Value::Object(object) = item {
                    find_in_object(object, &format!("/{i}"), &mut plans);
                }
            }
        }
        Value::Object(object) => find_in_object(object, "", &mut plans),
        _ => {}
    }
    let mut nested = Vec::new();
    find_nested(root, "", &plans, &mut nested);
    plans.extend(nested);
    plans.extend(super::find_structured::inline(root));
    plans
}

/// Every object below the top that holds an `analysisPlan`, outside the plans found already.
/// The key is the platforms' own name for the plan, so finding it at any depth is safe; the
/// top-level shapes (bare plans, templates) are not looked for below the top.
fn find_nested(value: &Value, pointer: &str, found: &[Plan], out: &mut Vec<Plan>) {
    if found.iter().chain(out.iter()).any(|plan| plan.pointer == pointer) {
        return;
    }
    match value {
        Value::Object(object) => {
            if !pointer.is_empty()
                && let Some((key, Value::Object(plan))) = get(object, "analysisPlan")
            {
                let plan_pointer = child_pointer(pointer, key);
                if !found.iter().any(|p| p.pointer == plan_pointer) {
                    out.push(analysis_plan(plan, &plan_pointer, agent_shape(pointer)));
                }
            }
            for (key, child) in object {
                if child.is_object() || child.is_array() {
                    find_nested(child, &child_pointer(pointer, key), found, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_object() || item.is_array() {
                    find_nested(item, &format!("{pointer}/{i}"), found, out);
                }
            }
        }
        _ => {}
    }
}

/// An assistant-request response when the plan's holder is an `assistant` (or its overrides)
/// at the top; an agent config otherwise.
fn agent_shape(holder: &str) -> Shape {
    if ["/assistant", "/assistantOverride", "/assistantOverrides", "/assistant_override", "/assistant_overrides"]
        .contains(&holder)
    {
        Shape::AssistantRequest
    } else {
        Shape::AgentConfig
    }
}

fn find_in_object(object: &Map<String, Value>, pointer: &str, plans: &mut Vec<Plan>) {
    if let Some(plan) = super::find_retell::retell_agent(object, pointer) {
        plans.push(plan);
        return;
    }
    // a Retell call's per-call override: `agent_override.agent` on create-phone-call,
    // create-web-call, register-phone-call and batch-call bodies
    if let Some(Value::Object(agent)) = object.get("agent_override").and_then(|o| o.get("agent"))
        && let Some(plan) = super::find_retell::retell_agent(agent, &format!("{pointer}/agent_override/agent"))
    {
        plans.push(plan);
        return;
    }
    if let Some((key, Value::Object(plan))) = get(object, "analysisPlan") {
        plans.push(analysis_plan(plan, &child_pointer(pointer, key), agent_shape(pointer)));
        return;
    }
    for wrapper in ["assistant", "assistantOverrides", "assistantOverride"] {
        if let Some((key, Value::Object(inner))) = get(object, wrapper) {
            let before = plans.len();
            find_in_object(inner, &child_pointer(pointer, key), plans);
            if plans.len() > before {
                return;
            }
        }
    }
    for list in ["analysisTemplates", "data"] {
        if let Some((key, Value::Array(items))) = get(object, list) {
            let list_pointer = child_pointer(pointer, key);
            let before = plans.len();
            for (i, item) in items.iter().enumerate() {
                if let Value::Object(template_object) = item
                    && looks_like_template(template_object)
                {
                    plans.push(template(template_object, &format!("{list_pointer}/{i}")));
                }
            }
            if plans.len() > before {
                return;
            }
        }
    }
    if let Some((key, Value::Object(inner))) = get(object, "analysisTemplate") {
        plans.push(template(inner, &child_pointer(pointer, key)));
        return;
    }
    if PLAN_KEYS.iter().any(|name| get(object, name).is_some()) {
        plans.push(analysis_plan(object, pointer, Shape::Bare));
    } else if looks_like_template(object) {
        plans.push(template(object, pointer));
    }
}

/// A file that is a JSON Schema itself (a `$schema`, or an object schema with `properties`),
/// as a plan of one schema-only part, so that `plankit lint schema.json` runs the `schema/*`
/// rules. Callers ask for it only when the file holds no plan.
pub fn bare_schema(root: &Value) -> Option<Plan> {
    let Value::Object(object) = root else { return None };
    let dialect = object.get("$schema").and_then(Value::as_str).is_some_and(|uri| uri.contains("json-schema"));
    let object_schema = object.get("type").and_then(Value::as_str) == Some("object")
        && object.get("properties").is_some_and(Value::is_object);
    if !dialect && !object_schema {
        return None;
    }
    let part = Part {
        kind: PartKind::StructuredData,
        pointer: String::new(),
        enabled: None,
        schema: Some(Schema { pointer: String::new(), value: root.clone(), text: None }),
        messages: Vec::new(),
        rubric: None,
        legacy: false,
    };
    Some(Plan {
        pointer: String::new(),
        shape: Shape::Schema,
        name: None,
        objects: Vec::new(),
        parts: vec![part],
        threshold: None,
    })
}

fn looks_like_template(object: &Map<String, Value>) -> bool {
    get(object, "schema").is_some()
        && ["name", "systemPrompt", "userPrompt", "messages"].iter().any(|name| get(object, name).is_some())
}

fn analysis_plan(object: &Map<String, Value>, pointer: &str, shape: Shape) -> Plan {
    let mut plan = Plan {
        pointer: pointer.to_owned(),
        shape,
        name: None,
        objects: vec![PlanObject { kind: ObjectKind::AnalysisPlan, pointer: pointer.to_owned() }],
        parts: Vec::new(),
        threshold: threshold(object, pointer),
    };
    for (name, kind, part_kind) in [
        ("summaryPlan", ObjectKind::SummaryPlan, PartKind::Summary),
        ("structuredDataPlan", ObjectKind::StructuredDataPlan, PartKind::StructuredData),
        ("successEvaluationPlan", ObjectKind::SuccessEvaluationPlan, PartKind::SuccessEvaluation),
    ] {
        if let Some((key, Value::Object(sub))) = get(object, name) {
            let sub_pointer = child_pointer(pointer, key);
            plan.objects.push(PlanObject { kind, pointer: sub_pointer.clone() });
            let part = sub_plan(sub, &sub_pointer, part_kind, &mut plan.objects);
            plan.parts.push(part);
        }
    }
    if let Some((key, Value::Array(entries))) = get(object, "structuredDataMultiPlan") {
        let list_pointer = child_pointer(pointer, key);
        for (i, entry) in entries.iter().enumerate() {
            let Value::Object(entry) = entry else { continue };
            let entry_pointer = format!("{list_pointer}/{i}");
            plan.objects.push(PlanObject { kind: ObjectKind::MultiPlanEntry, pointer: entry_pointer.clone() });
            let entry_key = get(entry, "key").and_then(|(_, v)| v.as_str()).unwrap_or_default().to_owned();
            if let Some((key, Value::Object(sub))) = get(entry, "plan") {
                let sub_pointer = child_pointer(&entry_pointer, key);
                plan.objects.push(PlanObject { kind: ObjectKind::StructuredDataPlan, pointer: sub_pointer.clone() });
                let part = sub_plan(sub, &sub_pointer, PartKind::StructuredDataMulti(entry_key), &mut plan.objects);
                plan.parts.push(part);
            }
        }
    }
    legacy_parts(object, pointer, &mut plan.parts);
    plan
}

fn sub_plan(object: &Map<String, Value>, pointer: &str, kind: PartKind, objects: &mut Vec<PlanObject>) -> Part {
    Part {
        kind,
        pointer: pointer.to_owned(),
        enabled: get(object, "enabled").and_then(|(_, v)| v.as_bool()),
        schema: schema(object, "schema", pointer),
        messages: messages(object, pointer, objects),
        rubric: get(object, "rubric").and_then(|(_, v)| v.as_str()).map(str::to_owned),
        legacy: false,
    }
}

/// Vapi's pre-2025 flat fields: each prompt is a system message, the platform adds the transcript.
fn legacy_parts(object: &Map<String, Value>, pointer: &str, parts: &mut Vec<Part>) {
    for (prompt, kind) in [
        ("summaryPrompt", PartKind::Summary),
        ("structuredDataPrompt", PartKind::StructuredData),
        ("successEvaluationPrompt", PartKind::SuccessEvaluation),
    ] {
        let schema = if kind.has_schema() { schema(object, "structuredDataSchema", pointer) } else { None };
        let prompt = get(object, prompt);
        if prompt.is_none() && schema.is_none() {
            continue;
        }
        let messages = prompt
            .map(|(key, value)| {
                let content_pointer = child_pointer(pointer, key);
                vec![Message {
                    pointer: content_pointer.clone(),
                    role: Some("system".to_owned()),
                    content: value.as_str().map(str::to_owned),
                    content_pointer,
                }]
            })
            .unwrap_or_default();
        let rubric = if kind == PartKind::SuccessEvaluation {
            get(object, "successEvaluationRubric").and_then(|(_, v)| v.as_str()).map(str::to_owned)
        } else {
            None
        };
        // `""` is Vapi's documented way to turn a legacy part off
        let enabled = messages.iter().any(|m| m.content.as_deref() == Some("")).then_some(false);
        parts.push(Part { kind, pointer: pointer.to_owned(), enabled, schema, messages, rubric, legacy: true });
    }
}

fn template(object: &Map<String, Value>, pointer: &str) -> Plan {
    let mut objects = vec![PlanObject { kind: ObjectKind::Template, pointer: pointer.to_owned() }];
    let mut messages = Vec::new();
    for (name, role) in [("systemPrompt", "system"), ("userPrompt", "user")] {
        if let Some((key, value)) = get(object, name) {
            let content_pointer = child_pointer(pointer, key);
            if !value.is_null() {
                messages.push(Message {
                    pointer: content_pointer.clone(),
                    role: Some(role.to_owned()),
                    content: value.as_str().map(str::to_owned),
                    content_pointer,
                });
            }
        }
    }
    messages.extend(self::messages(object, pointer, &mut objects));
    let part = Part {
        kind: PartKind::StructuredData,
        pointer: pointer.to_owned(),
        enabled: None,
        schema: schema(object, "schema", pointer),
        messages,
        rubric: None,
        legacy: false,
    };
    Plan {
        pointer: pointer.to_owned(),
        shape: Shape::Template,
        name: get(object, "name").and_then(|(_, v)| v.as_str()).map(str::to_owned),
        objects,
        parts: vec![part],
        threshold: threshold(object, pointer),
    }
}

fn threshold(object: &Map<String, Value>, pointer: &str) -> Option<(String, Value)> {
    get(object, "minMessagesThreshold").map(|(key, value)| (child_pointer(pointer, key), value.clone()))
}

pub(super) fn schema(object: &Map<String, Value>, name: &str, pointer: &str) -> Option<Schema> {
    match get(object, name) {
        Some((key, value @ (Value::Object(_) | Value::Bool(_)))) => {
            Some(Schema { pointer: child_pointer(pointer, key), value: value.clone(), text: None })
        }
        _ => None,
    }
}

pub(super) fn messages(object: &Map<String, Value>, pointer: &str, objects: &mut Vec<PlanObject>) -> Vec<Message> {
    let Some((key, Value::Array(items))) = get(object, "messages") else {
        return Vec::new();
    };
    let list_pointer = child_pointer(pointer, key);
    let mut messages = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(message) = item else { continue };
        let message_pointer = format!("{list_pointer}/{i}");
        objects.push(PlanObject { kind: ObjectKind::Message, pointer: message_pointer.clone() });
        let content = get(message, "content");
        messages.push(Message {
            role: get(message, "role").and_then(|(_, v)| v.as_str()).map(str::to_owned),
            content: content.and_then(|(_, v)| v.as_str()).map(str::to_owned),
            content_pointer: child_pointer(&message_pointer, content.map_or("content", |(k, _)| k)),
            pointer: message_pointer,
        });
    }
    messages
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_shape_yields_its_plan() {
        let plan = json!({"structuredDataPlan": {"enabled": true, "schema": {"type": "object"}, "messages": []}, "minMessagesThreshold": 5});
        let cases = [
            (plan.clone(), "", Shape::Bare),
            (json!({"name": "agent", "analysis_plan": plan.clone()}), "/analysis_plan", Shape::AgentConfig),
            (json!({"assistant": {"analysisPlan": plan.clone()}}), "/assistant/analysisPlan", Shape::AssistantRequest),
            (json!({"analysisTemplates": [{"name": "t", "schema": {}}]}), "/analysisTemplates/0", Shape::Template),
            (json!({"analysis_template": {"name": "t", "schema": {}}}), "/analysis_template", Shape::Template),
            (json!({"name": "t", "user_prompt": "{{transcript}}", "schema": {}}), "", Shape::Template),
        ];
        for (value, pointer, shape) in cases {
            let plans = find_plans(&value);
            assert_eq!(plans.len(), 1, "{value}");
            assert_eq!((plans[0].pointer.as_str(), plans[0].shape), (pointer, shape));
        }
    }

    #[test]
    fn snake_case_plans_are_read() {
        let value = json!({"analysis_plan": {"structured_data_plan": {"enabled": true, "schema": {"type": "object"},
            "messages": [{"role": "user", "content": "{{transcript}}"}]}, "min_messages_threshold": 3}});
        let plans = find_plans(&value);
        assert_eq!(plans[0].min_messages_threshold(), Some(3));
        assert_eq!(
            plans[0].parts[0].messages[0].content_pointer,
            "/analysis_plan/structured_data_plan/messages/0/content"
        );
    }

    #[test]
    fn legacy_flat_fields_become_parts() {
        let value = json!({"analysisPlan": {"summaryPrompt": "Summarize", "structuredDataPrompt": "Extract",
            "structuredDataSchema": {"type": "object"}, "successEvaluationRubric": "PassFail", "successEvaluationPrompt": "Judge"}});
        let plans = find_plans(&value);
        let kinds: Vec<_> = plans[0].parts.iter().map(|p| p.kind.name()).collect();
        assert_eq!(kinds, ["summary", "structured-data", "success-evaluation"]);
        assert!(plans[0].parts.iter().all(|p| p.legacy));
    }

    #[test]
    fn plans_nested_in_squads_overrides_and_payloads_are_found() {
        let plan = json!({"summaryPlan": {"enabled": true}});
        let squad = json!({"members": [{"assistant": {"analysisPlan": plan.clone()}},
            {"assistantId": "a1", "assistantOverrides": {"analysisPlan": plan.clone()}}],
            "membersOverrides": {"analysisPlan": plan.clone()}});
        let pointers: Vec<String> = find_plans(&squad).into_iter().map(|p| p.pointer).collect();
        assert_eq!(
            pointers,
            [
                "/members/0/assistant/analysisPlan",
                "/members/1/assistantOverrides/analysisPlan",
                "/membersOverrides/analysisPlan"
            ]
        );
        let payload = json!({"message": {"type": "end-of-call-report", "assistant": {"analysisPlan": plan.clone()},
            "call": {"assistantOverrides": {"analysisPlan": plan.clone()}}}});
        assert_eq!(find_plans(&payload).len(), 2);
        // a plan at the top is found once, with what it holds
        let agent = json!({"analysisPlan": plan, "assistantOverrides": {"variableValues": {}}});
        assert_eq!(find_plans(&agent).len(), 1);
    }

    #[test]
    fn a_bare_schema_is_recognised_only_as_a_schema() {
        let schema = json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"});
        assert!(find_plans(&schema).is_empty());
        assert_eq!(bare_schema(&schema).map(|p| p.shape), Some(Shape::Schema));
        assert!(bare_schema(&json!({"type": "object", "properties": {"a": {}}})).is_some());
        assert!(bare_schema(&json!({"name": "web", "type": "module"})).is_none());
    }

    #[test]
    fn a_file_without_a_plan_has_none() {
        assert!(find_plans(&json!({"name": "web", "version": "1.0.0"})).is_empty());
        assert!(find_plans(&json!(42)).is_empty());
    }
}
