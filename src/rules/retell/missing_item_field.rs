//! `retell/missing-item-field`

use serde_json::Value;

use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A post-call analysis item lacks the `name` or `description` Retell requires.
    ///
    /// ## What it checks
    /// Every custom item (`string`, `enum`, `boolean`, `number`) has a non-empty string `name`
    /// and `description`; a `system-presets` item has a `name` (its `description` is optional:
    /// without it the preset keeps Retell's built-in prompt).
    ///
    /// ## Why it matters
    /// `name` is the key the value lands under in `custom_analysis_data`, and `description`
    /// is the only instruction the analysis model gets for the field. Retell's API requires
    /// both; an item without them is rejected or extracts nothing useful.
    ///
    /// ## Example
    /// ```json
    /// { "type": "boolean", "name": "is_new_customer" }
    /// ```
    ///
    /// ## How to fix
    /// Add `"description"`: what the model should extract, in a sentence.
    pub static RULE = "retell/missing-item-field", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for item in items(ctx) {
        let wanted: &[&str] = if item.is_custom() { &["name", "description"] } else { &["name"] };
        for field in wanted {
            match item.object.get(*field) {
                Some(Value::String(text)) if !text.trim().is_empty() => {}
                Some(Value::String(_)) => out.push(
                    Finding::new(&RULE, item.member(field), format!("analysis item `{field}` is empty"))
                        .label("empty")
                        .help(help(field)),
                ),
                Some(_) => out.push(
                    Finding::new(&RULE, item.member(field), format!("analysis item `{field}` must be a string"))
                        .label("not a string")
                        .help(help(field)),
                ),
                None => out.push(
                    Finding::new(&RULE, item.pointer.clone(), format!("analysis item has no `{field}`"))
                        .label(format!("`{field}` is required"))
                        .help(help(field)),
                ),
            }
        }
    }
}

fn help(field: &str) -> &'static str {
    if field == "name" {
        "`name` is the key of the value in `custom_analysis_data`, e.g. `\"call_reason\"`"
    } else {
        "`description` is what the analysis model is told to extract, e.g. `\"Main reason for the call.\"`"
    }
}
