//! `structured-output/invalid-run`

use serde_json::{Map, Value};

use crate::json::{child_pointer, each_object};
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// A `POST /structured-output/run` body names the wrong number of calls for its mode, or not exactly one output.
    ///
    /// ## What it checks
    /// A run body is recognised by `callIds` beside `structuredOutputId`, `structuredOutput` or
    /// `previewEnabled` (reference vapi-structured-outputs-and-retell.md §1.10,
    /// `StructuredOutputRunDTO`). `callIds` is a non-empty array; with `previewEnabled: true` it
    /// holds exactly one id, otherwise at most 100; the body names exactly one of
    /// `structuredOutputId` and `structuredOutput`.
    ///
    /// ## Why it matters
    /// Vapi rejects the request. A script meant to preview one call and then rerun many fails
    /// on the first step.
    ///
    /// ## Example
    /// ```json
    /// { "callIds": ["8f1d6a2e-3b7c-4a52-9d0e-5c4b3a2f1e0d", "2b6e9c1a-7d4f-4e8b-a3c2-1f0e9d8c7b6a"],
    ///   "structuredOutputId": "4d4bac33-2cea-43d4-a3b3-4554932b8933", "previewEnabled": true }
    /// ```
    ///
    /// ## How to fix
    /// Preview one call at a time; rerun up to 100 calls per request without `previewEnabled`;
    /// name either a saved output's id or an inline output.
    pub static RULE = "structured-output/invalid-run", Error, Check::File(check);
}

fn is_run(object: &Map<String, Value>) -> bool {
    object.get("callIds").is_some()
        && ["structuredOutputId", "structuredOutput", "previewEnabled"].iter().any(|k| object.contains_key(*k))
}

fn check(ctx: &FileContext<'_>, out: &mut Findings) {
    each_object(ctx.document.value(), "", &mut |object, pointer, _| {
        if !is_run(object) {
            return;
        }
        let ids_at = child_pointer(pointer, "callIds");
        let preview = object.get("previewEnabled") == Some(&Value::Bool(true));
        match object.get("callIds") {
            Some(Value::Array(ids)) if ids.is_empty() => {
                out.push(Finding::new(&RULE, ids_at, "`callIds` is empty").label("a run needs at least one call"));
            }
            Some(Value::Array(ids)) if preview && ids.len() != 1 => out.push(
                Finding::new(&RULE, ids_at, format!("a preview run names {} calls", ids.len()))
                    .label("`previewEnabled: true` takes exactly one call id")
                    .help("preview one call, or drop `previewEnabled` to rerun them all"),
            ),
            Some(Value::Array(ids)) if ids.len() > 100 => out.push(
                Finding::new(&RULE, ids_at, format!("a run names {} calls", ids.len()))
                    .label("Vapi reruns at most 100 calls per request"),
            ),
            Some(Value::Array(_)) => {}
            Some(other) => out.push(Finding::new(
                &RULE,
                ids_at,
                format!("`callIds` must be an array of call ids, found {}", crate::plan::describe_value(other)),
            )),
            None => {}
        }
        let by_id = object.contains_key("structuredOutputId");
        let inline = object.contains_key("structuredOutput");
        if by_id == inline {
            let message = if by_id {
                "a run names both `structuredOutputId` and `structuredOutput`"
            } else {
                "a run names no output: `structuredOutputId` or `structuredOutput`"
            };
            out.push(
                Finding::new(&RULE, pointer.to_owned(), message)
                    .help("name exactly one: a saved output's id, or an inline output"),
            );
        }
    });
}
