//! `plan/schema-without-messages`

use crate::plan::Shape;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// An analysis template has a schema but no prompt, and no default prompt is documented.
    ///
    /// ## What it checks
    /// An analysis template with a `schema` also has a `system_prompt`, a `user_prompt` or
    /// messages. A `structuredDataPlan` without messages is not reported: Vapi documents the
    /// default prompt it then uses (`plankit render` shows it), and relying on it is a
    /// legitimate choice.
    ///
    /// ## Why it matters
    /// Flireo and HMS document no default prompt for a template, so what the model is asked is
    /// not in your repository, and may differ between platforms and versions.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Lead intake", "schema": { "type": "object" }, "messages": [] }
    /// ```
    ///
    /// ## How to fix
    /// Add a system message with your instructions and a user message carrying
    /// `{{schema}}` and `{{transcript}}`.
    pub static RULE = "plan/schema-without-messages", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        let Some(schema) = &part.schema else { continue };
        if part.messages.is_empty() && ctx.plan.shape == Shape::Template {
            out.push(
                Finding::new(&RULE, schema.pointer.clone(), "template has a schema but no prompt")
                    .on_key()
                    .label("the platform's default prompt is used")
                    .help(
                        "add messages with `{{schema}}` and `{{transcript}}` so the prompt is reviewed with the plan",
                    ),
            );
        }
    }
}
