//! `template/missing-schema`

use crate::plan::structured_output::DEFINITION;
use crate::rules::template::{part_misspells_any, part_uses};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A plan has a schema, but no message contains `{{schema}}`, so the model is never shown it.
    ///
    /// ## What it checks
    /// A structured data plan or template with a `schema` and messages has `{{schema}}` in at
    /// least one message. Legacy flat prompts are exempt.
    ///
    /// ## Why it matters
    /// The model cannot return fields it has not been told about. Unless the provider's
    /// structured-output mode enforces the schema, the output will not match it. Flireo's API
    /// template examples leave the schema out of the prompt, hence a warning.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "Extract the data.\n\nTranscript: {{transcript}}" }
    /// ```
    ///
    /// ## How to fix
    /// Add `Schema: {{schema}}` to the system or user message.
    pub static RULE = "template/missing-schema", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        let Some(schema) = &part.schema else { continue };
        // a structured output shows the model its definition as `{{structuredOutput…}}`
        let names = if part.kind.structured_output().is_some() { DEFINITION } else { &["schema"] };
        if part.legacy || part.messages.is_empty() || part_uses(part, names) || part_misspells_any(part, names) {
            continue;
        }
        if part.kind.structured_output().is_some() {
            out.push(
                Finding::new(&RULE, schema.pointer.clone(), "no message refers to the structured output's definition")
                    .on_key()
                    .label("the model is never shown this schema")
                    .help("Vapi requires `{{structuredOutput.schema}}` (or `{{structuredOutput}}`, `.name`, `.description`) in the messages"),
            );
            continue;
        }
        out.push(
            Finding::new(&RULE, schema.pointer.clone(), "no message contains `{{schema}}`")
                .on_key()
                .label("the model is never shown this schema")
                .help("add `Schema: {{schema}}` to the system or user message"),
        );
    }
}
