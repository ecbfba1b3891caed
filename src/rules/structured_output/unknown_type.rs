//! `structured-output/unknown-type`

use serde_json::Value;

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A structured output's `type` is not `ai` or `regex`.
    ///
    /// ## What it checks
    /// `type`, when written, is `"ai"` (an LLM extracts; the default) or `"regex"` (an RE2
    /// pattern runs on the transcript, no LLM), the only values of Vapi's API enum (reference
    /// vapi-structured-outputs-and-retell.md §1.1; `code`, mentioned in Vapi's gitops notes, is
    /// not in the spec, §2 Q11).
    ///
    /// ## Why it matters
    /// Vapi rejects an output with another type, and `"AI"` or `"llm"` is an easy slip.
    ///
    /// ## Example
    /// ```json
    /// { "name": "CSAT", "type": "llm", "schema": { "type": "integer" } }
    /// ```
    ///
    /// ## How to fix
    /// Write `"type": "ai"` (or leave it out), or `"type": "regex"` with a `regex`.
    pub static RULE = "structured-output/unknown-type", Error, Check::Plan(check);
}

const TYPES: &[&str] = &["ai", "regex"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, value)) = field(&output, "type") else { return };
        let message = match value {
            Value::String(kind) if TYPES.contains(&kind.as_str()) => return,
            Value::String(kind) => format!("{} is not a structured-output type", quote(kind)),
            other => format!("`type` must be a string, found {}", crate::plan::describe_value(other)),
        };
        let near = value.as_str().and_then(|kind| suggest(&kind.to_lowercase(), TYPES.iter().copied()));
        out.push(
            Finding::new(&RULE, pointer, message).label("expected \"ai\" or \"regex\"").maybe_help(did_you_mean(near)),
        );
    });
}
