//! `template/missing-transcript`

use crate::rules::template::{part_misspells, part_uses};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::Role;

declare_rule! {
    /// No message of a sub-plan contains `{{transcript}}`, so the model is not shown the call.
    ///
    /// ## What it checks
    /// Each sub-plan (or template) with messages has `{{transcript}}` in at least one of them.
    /// Legacy flat prompts are exempt: the platform appends the transcript. Vapi's
    /// `{{messages}}` does not count: it is the assistant's own prompt messages, not the call.
    ///
    /// ## Why it matters
    /// The model is asked to analyse a call it is not shown. Whether Flireo appends the
    /// transcript on its own when no message asks for it is not documented; do not rely on it.
    /// Several published examples (HMS, Flireo assistant-request) have this gap, hence a warning.
    ///
    /// ## Example
    /// ```json
    /// { "role": "system", "content": "Analyze the following call transcript according to this schema: {{schema}}" }
    /// ```
    ///
    /// ## How to fix
    /// Add a user message: `"Transcript:\n{{transcript}}"`.
    pub static RULE = "template/missing-transcript", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let vocabulary = ctx.vocabulary();
    for part in &ctx.plan.parts {
        if part.legacy
            || part.messages.is_empty()
            || part_uses(part, vocabulary, Role::is_conversation)
            || part_misspells(part, vocabulary, Role::Conversation)
        {
            continue;
        }
        let Some(last) = part.messages.last() else { continue };
        if part.kind.structured_output().is_some() {
            out.push(
                Finding::new(
                    &RULE,
                    last.content_pointer.clone(),
                    "no message of this structured output contains `{{transcript}}` or `{{messages}}`",
                )
                .on_key()
                .label("the model is not shown the call")
                .help("Vapi requires one of them across the messages; add `Transcript:\\n{{transcript}}` to the user message"),
            );
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                last.content_pointer.clone(),
                format!("no message of this {} plan contains `{{{{transcript}}}}`", part.kind.name()),
            )
            .on_key()
            .label("the model is not shown the call")
            .help("add `{{transcript}}` to the user message, e.g. `\"Transcript:\\n{{transcript}}\"`"),
        );
    }
}
