//! `retell/invalid-choices`

use serde_json::Value;

use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// An `enum` analysis item has no `choices`, an empty list, or a choice that is not a string.
    ///
    /// ## What it checks
    /// Every `type: "enum"` item has `choices`: a non-empty array of non-empty strings.
    ///
    /// ## Why it matters
    /// Retell's SDK requires the list to be non-empty. Without choices the model has nothing to
    /// select from, and the dashboard's "Selector" shows an empty list.
    ///
    /// ## Example
    /// ```json
    /// { "type": "enum", "name": "call_reason", "description": "Main reason for the call.", "choices": [] }
    /// ```
    ///
    /// ## How to fix
    /// List the values the model may choose: `"choices": ["billing", "technical", "other"]`.
    pub static RULE = "retell/invalid-choices", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for item in items(ctx).into_iter().filter(|item| item.kind == Some("enum")) {
        let pointer = item.member("choices");
        match item.object.get("choices") {
            None => out.push(
                Finding::new(&RULE, item.pointer.clone(), "enum analysis item has no `choices`")
                    .label("nothing to choose from")
                    .help("add `\"choices\": [\"…\", \"…\"]`"),
            ),
            Some(Value::Array(choices)) if choices.is_empty() => out.push(
                Finding::new(&RULE, pointer, "enum analysis item has an empty `choices`")
                    .label("Retell requires at least one choice"),
            ),
            Some(Value::Array(choices)) => {
                for (i, choice) in choices.iter().enumerate() {
                    let bad = match choice {
                        Value::String(text) => text.trim().is_empty().then_some("an empty choice"),
                        _ => Some("a choice must be a string"),
                    };
                    if let Some(message) = bad {
                        out.push(Finding::new(&RULE, format!("{pointer}/{i}"), message).label("not a usable choice"));
                    }
                }
            }
            Some(_) => out.push(
                Finding::new(&RULE, pointer, "`choices` must be an array of strings")
                    .label("not an array")
                    .help("write `\"choices\": [\"…\", \"…\"]`"),
            ),
        }
    }
}
