//! `retell/invalid-item-type`

use serde_json::Value;

use crate::plan::find_retell::ITEM_TYPES;
use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A `post_call_analysis_data` item is not an object, or its `type` is missing or not one Retell knows.
    ///
    /// ## What it checks
    /// Every item is an object whose `type` is `string`, `enum`, `boolean`, `number` or
    /// `system-presets`, spelled exactly.
    ///
    /// ## Why it matters
    /// Retell's API rejects the agent, or the field is never extracted: the dashboard's
    /// "Text" and "Selector" categories are `string` and `enum` in the API, and a config
    /// written with the dashboard's words does not load.
    ///
    /// ## Example
    /// ```json
    /// { "post_call_analysis_data": [ { "type": "text", "name": "reason", "description": "Why the caller called." } ] }
    /// ```
    ///
    /// ## How to fix
    /// Use one of the five types: `"string"` for text, `"enum"` with `choices` for a selector.
    pub static RULE = "retell/invalid-item-type", Error, Check::Plan(check);
}

/// The dashboard's category names, as the API spells them.
const DASHBOARD: &[(&str, &str)] = &[("text", "string"), ("selector", "enum")];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let Some(part) = ctx.plan.parts.first() else { return };
    if super::agent(ctx).is_none() {
        return;
    }
    if let Some(Value::Array(list)) = ctx.value(&part.pointer) {
        for (i, item) in list.iter().enumerate() {
            if !item.is_object() {
                out.push(
                    Finding::new(&RULE, format!("{}/{i}", part.pointer), "an analysis item must be an object")
                        .label("not an object")
                        .help("write `{\"type\": \"string\", \"name\": …, \"description\": …}`"),
                );
            }
        }
    }
    for item in items(ctx) {
        match item.object.get("type") {
            None => out.push(
                Finding::new(&RULE, item.pointer.clone(), "analysis item has no `type`")
                    .label("Retell cannot tell what to extract")
                    .help(format!("add `\"type\"`: one of {}", listed())),
            ),
            Some(Value::String(kind)) if ITEM_TYPES.contains(&kind.as_str()) => {}
            Some(value) => {
                let written = value.as_str().unwrap_or_default();
                let near = DASHBOARD
                    .iter()
                    .find(|(word, _)| word.eq_ignore_ascii_case(written))
                    .map(|(_, api)| *api)
                    .or_else(|| suggest(written, ITEM_TYPES.iter().copied()));
                let shown = value.as_str().map_or_else(|| value.to_string(), quote);
                out.push(
                    Finding::new(&RULE, item.member("type"), format!("{shown} is not one of {}", listed()))
                        .label("unknown item type")
                        .maybe_help(did_you_mean(near)),
                );
            }
        }
    }
}

fn listed() -> String {
    ITEM_TYPES.iter().map(|t| quote(t)).collect::<Vec<_>>().join(", ")
}
