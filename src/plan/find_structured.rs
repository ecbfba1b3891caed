//! Finding Vapi structured outputs in a file (reference: vapi-structured-outputs-and-retell.md
//! §1.1, §1.9, §1.10, §3):
//! - the API object itself: a `POST /structured-output` body, a `GET` response, or a list
//!   (`{"results": […], "metadata": …}`, or a bare array of them);
//! - transient outputs inline in any `artifactPlan.structuredOutputs` (an assistant, a squad's
//!   members, `assistantOverrides`, `membersOverrides`, a call), at any depth;
//! - links: every `artifactPlan.structuredOutputIds`, which names saved outputs defined
//!   elsewhere (another file of the same lint run, in Vapi's gitops layout).
//!
//! Both camelCase and snake_case (`artifact_plan`, `structured_output_ids`, `assistant_ids`)
//! are read. A top-level `structuredOutputs` on an assistant is not a field Vapi reads and is
//! not taken for definitions.
//!
//! An object is a structured output when it has a `schema` and at least one field only a
//! structured output has (`type`, `regex`, `model`, `conditions`, `assistantIds`,
//! `workflowIds`, `compliancePlan`, `orgId`), or a `name` and `type: "ai"|"regex"` (an output
//! missing its schema). A bare `{name, schema}` reads as an analysis template, the older shape
//! with the same two fields. None of this applies to an object with a template's prompt fields.

use serde_json::{Map, Value};

use super::keys::get;
use super::structured_output::StructuredOutput;
use super::{Part, PartKind, Plan, Shape};
use crate::json::child_pointer;

/// Fields only a structured output has, beside `name` and `schema`.
const MARKERS: &[&str] =
    &["type", "regex", "model", "conditions", "assistantIds", "workflowIds", "compliancePlan", "orgId"];

/// Template-only fields: an object with one of them is an analysis template, not an output.
const TEMPLATE_ONLY: &[&str] = &["systemPrompt", "userPrompt", "messages", "minMessagesThreshold"];

/// Whether an object is a structured-output definition (module docs).
pub fn is_structured_output(object: &Map<String, Value>) -> bool {
    let typed = matches!(get(object, "type"), Some((_, Value::String(kind))) if kind == "ai" || kind == "regex");
    let marked = get(object, "schema").is_some() && MARKERS.iter().any(|name| get(object, name).is_some());
    // `{"name", "type": "ai"}` without a schema is an output missing its schema
    (marked || (typed && get(object, "name").is_some()))
        && !TEMPLATE_ONLY.iter().any(|name| get(object, name).is_some())
}

/// The outputs a file is made of, when the file is the API object, its list wrapper or an
/// array of them; `None` when it is something else.
pub fn top_level(root: &Value) -> Option<Vec<Plan>> {
    match root {
        Value::Object(object) if is_structured_output(object) => Some(vec![plan(object, "")]),
        Value::Object(object) => {
            let (key, Value::Array(items)) = get(object, "results")? else { return None };
            let plans = list(items, &child_pointer("", key));
            (!plans.is_empty()).then_some(plans)
        }
        Value::Array(items) => {
            let plans = list(items, "");
            (!plans.is_empty()).then_some(plans)
        }
        _ => None,
    }
}

fn list(items: &[Value], pointer: &str) -> Vec<Plan> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            Value::Object(object) if is_structured_output(object) => Some(plan(object, &format!("{pointer}/{i}"))),
            _ => None,
        })
        .collect()
}

/// Every transient output in an `artifactPlan.structuredOutputs`, at any depth.
pub fn inline(root: &Value) -> Vec<Plan> {
    let mut plans = Vec::new();
    each_artifact_plan(root, "", &mut |artifact, pointer| {
        if let Some((key, Value::Array(items))) = get(artifact, "structuredOutputs") {
            let list_pointer = child_pointer(pointer, key);
            for (i, item) in items.iter().enumerate() {
                // every item is meant as an output: a missing `name` or `schema` is a finding
                if let Value::Object(object) = item {
                    plans.push(plan(object, &format!("{list_pointer}/{i}")));
                }
            }
        }
    });
    plans
}

/// One `artifactPlan.structuredOutputIds` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// JSON Pointer of the list.
    pub pointer: String,
    /// The `id` of the assistant whose `artifactPlan` it is, when the holder has one.
    pub assistant_id: Option<String>,
    /// The ids named, each with its pointer.
    pub ids: Vec<(String, String)>,
}

/// A file of Vapi's gitops layout: which resource it is. gitops links resources by this id
/// (the path below the type folder, without extension) and resolves it to the UUID at push
/// time, so in these files a link by id is a link by file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The type folder: `structuredOutputs`, `assistants` or `squads`.
    pub folder: &'static str,
    /// The resource id (`booking/outcome` for `structuredOutputs/booking/outcome.yml`).
    pub id: String,
}

impl Resource {
    /// The resource a YAML or Markdown file is, by its path; `None` for JSON (which goes to
    /// the API as written, ids and all) and for a file outside the layout.
    pub fn of(source: &crate::source::Source, document: &crate::json::Document) -> Option<Resource> {
        if !document.is_yaml() {
            return None;
        }
        let (folder, id) = crate::source::gitops_resource(source.path()?)?;
        Some(Resource { folder, id })
    }
}

/// A reference as gitops reads it: a `##` and what follows is a comment (gitops strips it
/// even inside a quoted string), and surrounding blanks go.
pub fn gitops_reference(id: &str) -> &str {
    id.split("##").next().unwrap_or(id).trim()
}

/// Every `artifactPlan.structuredOutputIds` in the file.
pub fn links(root: &Value) -> Vec<Link> {
    let mut links = Vec::new();
    each_artifact_plan_with_holder(root, "", &mut |artifact, pointer, holder| {
        if let Some((key, Value::Array(items))) = get(artifact, "structuredOutputIds") {
            let list_pointer = child_pointer(pointer, key);
            let ids = items
                .iter()
                .enumerate()
                .filter_map(|(i, id)| id.as_str().map(|id| (format!("{list_pointer}/{i}"), id.to_owned())))
                .collect();
            let assistant_id = get(holder, "id").and_then(|(_, v)| v.as_str()).map(str::to_owned);
            links.push(Link { pointer: list_pointer, assistant_id, ids });
        }
    });
    links
}

/// A JSON object.
type Object = Map<String, Value>;

fn each_artifact_plan(value: &Value, pointer: &str, visit: &mut dyn FnMut(&Object, &str)) {
    each_artifact_plan_with_holder(value, pointer, &mut |artifact, pointer, _| visit(artifact, pointer));
}

/// Calls `visit` with every `artifactPlan` object, its pointer and the object holding it.
fn each_artifact_plan_with_holder<'a>(
    value: &'a Value,
    pointer: &str,
    visit: &mut dyn FnMut(&'a Object, &str, &'a Object),
) {
    walk_artifact_plans(value, pointer, &mut Vec::new(), visit);
}

/// One step down a document: a member's key or an item's index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The walk of [`each_artifact_plan_with_holder`]: the steps from `root` are kept and a pointer
/// is written only for an `artifactPlan` found (most documents have none; writing one for every
/// node was most of the walk).
fn walk_artifact_plans<'a>(
    value: &'a Value,
    root: &str,
    steps: &mut Vec<Step<'a>>,
    visit: &mut dyn FnMut(&'a Object, &str, &'a Object),
) {
    match value {
        Value::Object(object) => {
            if let Some((key, Value::Object(artifact))) = get(object, "artifactPlan") {
                visit(artifact, &child_pointer(&pointer_at(root, steps), key), object);
            }
            for (key, child) in object {
                if child.is_object() || child.is_array() {
                    steps.push(Step::Key(key));
                    walk_artifact_plans(child, root, steps, visit);
                    steps.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                walk_artifact_plans(item, root, steps, visit);
                steps.pop();
            }
        }
        _ => {}
    }
}

fn pointer_at(root: &str, steps: &[Step<'_>]) -> String {
    steps.iter().fold(root.to_owned(), |pointer, step| match step {
        Step::Key(key) => child_pointer(&pointer, key),
        Step::Index(i) => format!("{pointer}/{i}"),
    })
}

/// The plan of one output: one part, its schema and its custom `model.messages`.
fn plan(object: &Map<String, Value>, pointer: &str) -> Plan {
    let definition = StructuredOutput::read(object, pointer);
    let messages = match get(object, "model") {
        Some((key, Value::Object(model))) => {
            super::find::messages(model, &child_pointer(pointer, key), &mut Vec::new())
        }
        _ => Vec::new(),
    };
    let part = Part {
        kind: PartKind::StructuredOutput(Box::new(definition.clone())),
        pointer: pointer.to_owned(),
        enabled: None,
        schema: super::find::schema(object, "schema", pointer),
        messages,
        rubric: None,
        legacy: false,
    };
    Plan {
        pointer: pointer.to_owned(),
        shape: Shape::StructuredOutput,
        name: definition.name,
        objects: Vec::new(),
        parts: vec![part],
        threshold: None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::plan::find_plans;

    fn so() -> Value {
        json!({"name": "CSAT", "type": "ai", "schema": {"type": "integer"}})
    }

    #[test]
    fn every_api_shape_is_read() {
        let get = json!({"id": "4d4bac33-2cea-43d4-a3b3-4554932b8933", "orgId": "o", "name": "CSAT", "schema": {"type": "integer"},
            "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"});
        let cases = [
            (so(), vec![""]),
            (get.clone(), vec![""]),
            (
                json!({"results": [get.clone(), so()], "metadata": {"itemsPerPage": 2, "totalItems": 2, "currentPage": 1}}),
                vec!["/results/0", "/results/1"],
            ),
            (json!([so(), so()]), vec!["/0", "/1"]),
        ];
        for (value, pointers) in cases {
            let plans = find_plans(&value);
            assert_eq!(plans.iter().map(|p| p.pointer.as_str()).collect::<Vec<_>>(), pointers, "{value}");
            assert!(plans.iter().all(|p| p.shape == Shape::StructuredOutput));
        }
    }

    #[test]
    fn inline_outputs_are_found_in_assistants_squads_and_overrides() {
        let squad = json!({"members": [{"assistant": {"artifactPlan": {"structuredOutputs": [so()]}}}],
            "membersOverrides": {"artifact_plan": {"structured_outputs": [so()], "structured_output_ids": ["x"]}}});
        let pointers: Vec<String> = find_plans(&squad).into_iter().map(|p| p.pointer).collect();
        assert_eq!(
            pointers,
            [
                "/members/0/assistant/artifactPlan/structuredOutputs/0",
                "/membersOverrides/artifact_plan/structured_outputs/0"
            ]
        );
        let links = links(&squad);
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].ids,
            [("/membersOverrides/artifact_plan/structured_output_ids/0".to_owned(), "x".to_owned())]
        );
    }

    #[test]
    fn an_assistant_with_an_analysis_plan_and_outputs_has_both() {
        let assistant = json!({"id": "a1", "analysisPlan": {"minMessagesThreshold": 2},
            "artifactPlan": {"structuredOutputIds": ["s1"], "structuredOutputs": [so()]}});
        let shapes: Vec<Shape> = find_plans(&assistant).into_iter().map(|p| p.shape).collect();
        assert_eq!(shapes, [Shape::AgentConfig, Shape::StructuredOutput]);
        assert_eq!(links(&assistant)[0].assistant_id.as_deref(), Some("a1"));
    }

    #[test]
    fn templates_and_stray_keys_are_not_outputs() {
        assert_eq!(find_plans(&json!({"name": "t", "schema": {}})).first().map(|p| p.shape), Some(Shape::Template));
        // `structuredOutputs` at an assistant's top is not a field Vapi reads
        assert!(find_plans(&json!({"model": {}, "structuredOutputs": {"schema": {}}})).is_empty());
    }
}
