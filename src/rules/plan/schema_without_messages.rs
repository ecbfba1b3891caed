//! `plan/schema-without-messages`

use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A plan has a schema but no messages, so the platform's default prompt is used.
    ///
    /// ## What it checks
    /// A structured data plan or template with a `schema` also has at least one message (or a
    /// `system_prompt` / `user_prompt`).
    ///
    /// ## Why it matters
    /// Without messages the platform falls back to its built-in prompt, which you have not
    /// reviewed and which may differ between platforms and versions. What the model sees is no
    /// longer in your repository.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true, "schema": { "type": "object" } } }
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
        if part.messages.is_empty() && !part.legacy {
            out.push(
                Finding::new(&RULE, schema.pointer.clone(), "plan has a schema but no messages")
                    .on_key()
                    .label("the platform's default prompt is used")
                    .help(
                        "add messages with `{{schema}}` and `{{transcript}}` so the prompt is reviewed with the plan",
                    ),
            );
        }
    }
}
