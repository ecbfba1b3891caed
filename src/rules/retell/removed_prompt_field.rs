//! `retell/removed-prompt-field`

use crate::json::child_pointer;
use crate::rules::retell::agent;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A Retell agent sets `analysis_summary_prompt`, `analysis_successful_prompt` or `analysis_user_sentiment_prompt`, which Retell has removed.
    ///
    /// ## What it checks
    /// The agent has none of the three legacy prompt fields.
    ///
    /// ## Why it matters
    /// Retell removed these fields from its agent API (June 2026); the prompts they hold no
    /// longer reach the analysis model, and the built-in prompts run instead. A
    /// `system-presets` item with a `description` does the same job now.
    ///
    /// ## Example
    /// ```json
    /// { "analysis_summary_prompt": "Summarize in one line.", "post_call_analysis_data": [] }
    /// ```
    ///
    /// ## How to fix
    /// Move the prompt into `post_call_analysis_data` as
    /// `{"type": "system-presets", "name": "call_summary", "description": "…"}`.
    pub static RULE = "retell/removed-prompt-field", Warning, Check::Plan(check);
}

/// Each removed field and the preset that replaces it.
const REMOVED: &[(&str, &str)] = &[
    ("analysis_summary_prompt", "call_summary"),
    ("analysis_successful_prompt", "call_successful"),
    ("analysis_user_sentiment_prompt", "user_sentiment"),
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let Some(agent) = agent(ctx) else { return };
    for (field, preset) in REMOVED {
        if agent.contains_key(*field) {
            out.push(
                Finding::new(&RULE, child_pointer(&ctx.plan.pointer, field), format!("`{field}` was removed from Retell's agent API"))
                    .on_key()
                    .label("no longer read")
                    .help(format!(
                        "add `{{\"type\": \"system-presets\", \"name\": \"{preset}\", \"description\": …}}` to `post_call_analysis_data`"
                    )),
            );
        }
    }
}
