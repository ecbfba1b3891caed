//! `structured-output/invalid-id`

use serde_json::Value;

use crate::plan::structured_output::is_uuid;
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A structured-output id, a linked `structuredOutputIds` entry or an `assistantIds` entry is not a UUID.
    ///
    /// ## What it checks
    /// A structured output's `id`, each of its `assistantIds`, and each entry of every
    /// `artifactPlan.structuredOutputIds` are UUIDs (`8-4-4-4-12` hex digits). Vapi's ids are
    /// UUIDs and it resolves no names here, unlike squad handoff destinations (reference
    /// vapi-structured-outputs-and-retell.md §1.9, §1.13.19).
    ///
    /// ## Why it matters
    /// An output linked by its name (`"support-ticket"`) is never computed, and nothing reports
    /// it: the call's `artifact.structuredOutputs` is simply missing the result.
    ///
    /// ## Example
    /// ```json
    /// { "artifactPlan": { "structuredOutputIds": ["support-ticket"] } }
    /// ```
    ///
    /// ## How to fix
    /// Use the id Vapi returned when the output was created (`GET /structured-output` lists
    /// them). Vapi's gitops tooling writes names in its YAML and resolves them before calling the
    /// API: in `.yml`, `.yaml` and `.md` files a link names a resource file, and
    /// `structured-output/link-mismatch` checks that the file exists; only `id` is checked here.
    pub static RULE = "structured-output/invalid-id", Error, Check::File(check);
}

fn push(out: &mut Findings, pointer: String, id: &str, what: &str) {
    if !is_uuid(id) {
        out.push(
            Finding::new(&RULE, pointer, format!("{} is not a UUID: {what}", quote(id)))
                .label("Vapi resolves ids, not names")
                .help("use the UUID Vapi returned for it"),
        );
    }
}

fn check(file: &FileContext<'_>, out: &mut Findings) {
    let root = file.document.value();
    // gitops YAML links by resource id, resolved to the UUID at push time
    let by_name = file.document.is_yaml();
    for link in crate::plan::find_structured::links(root).into_iter().filter(|_| !by_name) {
        for (pointer, id) in &link.ids {
            push(out, pointer.clone(), id, "`structuredOutputIds` names saved structured outputs by id");
        }
    }
    for plan in file.plans {
        for part in &plan.parts {
            if part.kind.structured_output().is_none() {
                continue;
            }
            let Some(Value::Object(object)) = root.pointer(&part.pointer) else { continue };
            match crate::plan::keys::get(object, "id") {
                Some((key, Value::String(id))) => push(
                    out,
                    crate::json::child_pointer(&part.pointer, key),
                    id,
                    "a structured output's `id` is the UUID Vapi assigned",
                ),
                Some((key, other)) => out.push(Finding::new(
                    &RULE,
                    crate::json::child_pointer(&part.pointer, key),
                    format!("`id` must be a UUID string, found {}", crate::plan::describe_value(other)),
                )),
                None => {}
            }
            if let Some((key, other)) = crate::plan::keys::get(object, "assistantIds").filter(|(_, v)| !v.is_array()) {
                out.push(Finding::new(
                    &RULE,
                    crate::json::child_pointer(&part.pointer, key),
                    format!("`{key}` must be an array of assistant ids, found {}", crate::plan::describe_value(other)),
                ));
            }
            if let Some((key, Value::Array(ids))) = crate::plan::keys::get(object, "assistantIds").filter(|_| !by_name)
            {
                let list = crate::json::child_pointer(&part.pointer, key);
                for (i, id) in ids.iter().enumerate() {
                    if let Some(id) = id.as_str() {
                        push(out, format!("{list}/{i}"), id, "`assistantIds` takes assistant ids, not names");
                    }
                }
            }
        }
    }
}
