//! `retell/unknown-model`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::retell::agent;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// `post_call_analysis_model` (or `post_chat_analysis_model`) is not a model Retell offers for analysis.
    ///
    /// ## What it checks
    /// The model is `null` (Retell's default, `gpt-4.1`) or one of the names Retell's SDK
    /// lists: `gpt-4.1`, `gpt-4.1-mini`, `gpt-4.1-nano`, `gpt-5`, `gpt-5-mini`, `gpt-5-nano`,
    /// `gpt-5.1`, `gpt-5.2`, `gpt-5.4`, `gpt-5.4-mini`, `gpt-5.4-nano`, `gpt-5.5`,
    /// `gpt-5.6-terra`, `gpt-5.6-luna`, `claude-4.5-sonnet`, `claude-4.6-sonnet`,
    /// `claude-5-sonnet`, `claude-4.5-haiku`, `gemini-3.0-flash`, `gemini-3.1-flash-lite`,
    /// `gemini-3.5-flash`.
    ///
    /// ## Why it matters
    /// The API rejects any other value. Retell spells models its own way: Vapi's
    /// `claude-sonnet-4-5-20250929` is Retell's `claude-4.5-sonnet`, and a config copied
    /// between the platforms does not load.
    ///
    /// ## Example
    /// ```json
    /// { "post_call_analysis_model": "gpt-4o", "post_call_analysis_data": [] }
    /// ```
    ///
    /// ## How to fix
    /// Use one of the listed names, or `null` for Retell's default.
    pub static RULE = "retell/unknown-model", Error, Check::Plan(check);
}

/// The models `post_call_analysis_model` accepts.
pub const MODELS: &[&str] = &[
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-5.1",
    "gpt-5.2",
    "gpt-5.4",
    "gpt-5.4-mini",
    "gpt-5.4-nano",
    "gpt-5.5",
    "gpt-5.6-terra",
    "gpt-5.6-luna",
    "claude-4.5-sonnet",
    "claude-4.6-sonnet",
    "claude-5-sonnet",
    "claude-4.5-haiku",
    "gemini-3.0-flash",
    "gemini-3.1-flash-lite",
    "gemini-3.5-flash",
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let Some(agent) = agent(ctx) else { return };
    for key in ["post_call_analysis_model", "post_chat_analysis_model"] {
        let pointer = child_pointer(&ctx.plan.pointer, key);
        match agent.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(model)) if MODELS.contains(&model.as_str()) => {}
            Some(value) => {
                let written = value.as_str().unwrap_or_default();
                let shown = value.as_str().map_or_else(|| value.to_string(), quote);
                out.push(
                    Finding::new(&RULE, pointer, format!("{shown} is not a Retell analysis model"))
                        .label("unknown model")
                        .maybe_help(did_you_mean(suggest(written, MODELS.iter().copied())).or_else(|| {
                            Some("use a model Retell lists, e.g. `\"gpt-4.1\"`, or `null` for the default".to_owned())
                        })),
                );
            }
        }
    }
}
