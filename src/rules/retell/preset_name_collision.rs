//! `retell/preset-name-collision`

use crate::rules::retell::{items, presets};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A custom analysis item is named like one of Retell's built-in fields (`call_summary`, `user_sentiment`, …).
    ///
    /// ## What it checks
    /// No `string`, `enum`, `boolean` or `number` item is named after a preset:
    /// `call_summary`, `call_successful`, `user_sentiment` (chat agents: `chat_summary`,
    /// `chat_successful`, `user_sentiment`).
    ///
    /// ## Why it matters
    /// The built-in results sit beside `custom_analysis_data` in the call's `call_analysis`.
    /// A custom field of the same name puts two different answers under one name, and code
    /// that reads one gets the other. To change a built-in field's prompt, Retell has
    /// `system-presets`.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "name": "call_summary", "description": "Summarize the call in one line." }
    /// ```
    ///
    /// ## How to fix
    /// Make it `"type": "system-presets"` to override the built-in prompt, or rename it.
    pub static RULE = "retell/preset-name-collision", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let known = presets(ctx);
    for item in items(ctx).into_iter().filter(|item| item.is_custom() && item.kind.is_some()) {
        let Some(name) = item.name else { continue };
        if known.contains(&name) {
            out.push(
                Finding::new(
                    &RULE,
                    item.member("name"),
                    format!("custom analysis item is named `{name}`, like a built-in field"),
                )
                .label("collides with `call_analysis` built-in")
                .help("use `\"type\": \"system-presets\"` to change the built-in field's prompt, or rename this item"),
            );
        }
    }
}
