//! `plan/mixed-key-style`

use serde_json::Value;

use crate::fix::{Applicability, Fix, rename_key};
use crate::json::child_pointer;
use crate::plan::keys::{KeyStyle, canonical, spelled, style};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// One plan mixes camelCase and snake_case keys, such as `structuredDataPlan` beside `min_messages_threshold`.
    ///
    /// ## What it checks
    /// The keys of the plan's own objects (the plan, sub-plans, messages, templates; not the
    /// property names inside a schema) are all camelCase or all snake_case. The first key in the
    /// less common spelling is reported.
    ///
    /// ## Why it matters
    /// Flireo documents camelCase, HMS snake_case, and which spellings the API accepts together
    /// is not documented. A mixed plan is the shape most likely to have one field ignored.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true }, "min_messages_threshold": 5 }
    /// ```
    ///
    /// ## How to fix
    /// Spell every key the same way: `minMessagesThreshold`, or `structured_data_plan`.
    ///
    /// ## Fix
    /// The fix renames every key written in the minority spelling to the plan's majority
    /// spelling (`min_messages_threshold` → `minMessagesThreshold` in a camelCase plan). It is
    /// **safe**: the platform reads both spellings the same way. A key whose other spelling is
    /// already in the same object is left alone (renaming it would make a duplicate key).
    pub static RULE = "plan/mixed-key-style", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let mut camel = Vec::new();
    let mut snake = Vec::new();
    for object in &ctx.plan.objects {
        let Some(Value::Object(members)) = ctx.value(&object.pointer) else { continue };
        for key in members.keys() {
            match style(key) {
                KeyStyle::Camel => camel.push((object.pointer.as_str(), key.as_str())),
                KeyStyle::Snake => snake.push((object.pointer.as_str(), key.as_str())),
                KeyStyle::Neutral => {}
            }
        }
    }
    if camel.is_empty() || snake.is_empty() {
        return;
    }
    let (minority, majority, majority_style) =
        if snake.len() <= camel.len() { (&snake, &camel, KeyStyle::Camel) } else { (&camel, &snake, KeyStyle::Snake) };
    let (pointer, key) = minority[0];
    let other = majority[0].1;
    let fixed = spelled(&canonical(key), majority_style);
    let edits: Vec<_> = minority
        .iter()
        .filter_map(|(pointer, key)| {
            rename_key(ctx.file.document, &child_pointer(pointer, key), &spelled(&canonical(key), majority_style))
        })
        .collect();
    let spelling = if majority_style == KeyStyle::Camel { "camelCase" } else { "snake_case" };
    let fix = (!edits.is_empty())
        .then(|| Fix::edits(Applicability::Safe, format!("spell every key of the plan in {spelling}"), edits));
    out.push(
        Finding::new(
            &RULE,
            child_pointer(pointer, key),
            format!("`{key}` is spelled differently from `{other}` in the same plan"),
        )
        .on_key()
        .help(format!("spell every key one way: `{fixed}`"))
        .maybe_fix(fix),
    );
}
