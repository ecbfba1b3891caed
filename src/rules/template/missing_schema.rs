//! `template/missing-schema`

use crate::rules::template::{part_misspells, part_uses};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::Role;

declare_rule! {
    /// A plan has a schema, but no message contains `{{schema}}`, so the model is never shown it.
    ///
    /// ## What it checks
    /// A structured data plan or template with a `schema` and messages has `{{schema}}` in at
    /// least one message. Legacy flat prompts are exempt. A Vapi structured output's custom
    /// `model.messages` name its definition instead: `{{structuredOutput}}`,
    /// `{{structuredOutput.name}}`, `.description` or `.schema` (reference
    /// vapi-structured-outputs-and-retell.md §1.4; the bare form is accepted, §2 Q2).
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
    let vocabulary = ctx.vocabulary();
    for part in &ctx.plan.parts {
        let Some(schema) = &part.schema else { continue };
        // a structured output shows the model its schema through its definition's variables
        let role = if part.kind.structured_output().is_some() { Role::Definition } else { Role::Schema };
        if part.legacy
            || part.messages.is_empty()
            || part_uses(part, vocabulary, |r| r == role)
            || part_misspells(part, vocabulary, role)
        {
            continue;
        }
        if role == Role::Definition {
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
