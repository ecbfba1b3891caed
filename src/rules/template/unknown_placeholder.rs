//! `template/unknown-placeholder`

use crate::rules::template::each_token;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::template::{Token, is_known_in, placeholders_for, suggest_in};

declare_rule! {
    /// A message uses a `{{placeholder}}` the platform does not fill, such as `{{transcirpt}}` or `{{ended_reason}}`.
    ///
    /// ## What it checks
    /// Every `{{…}}` in the plan's messages names one of the placeholders the platforms fill:
    /// `{{schema}}`, `{{transcript}}`, `{{endedReason}}` (Flireo and Vapi) and `{{systemPrompt}}`,
    /// `{{messages}}`, `{{rubric}}` (Vapi). In a Vapi structured output's `model.messages` the
    /// variables are Vapi's for structured outputs: `{{transcript}}`, `{{messages}}`,
    /// `{{structuredOutput}}` and `{{structuredOutput.name}}` / `.description` / `.schema`,
    /// `{{callEndedReason}}` (the API spec's name) and `{{endedReason}}` (the docs'), `{{duration}}`,
    /// `{{startedAt}}`, `{{endedAt}}`, `{{systemPrompt}}` (reference
    /// vapi-structured-outputs-and-retell.md §1.4); `{{schema}}` there gets the did-you-mean
    /// `{{structuredOutput.schema}}`. Whitespace inside the braces is allowed.
    ///
    /// ## Why it matters
    /// An unknown placeholder is sent to the model as written or rendered empty. A typo in
    /// `{{transcript}}` means the model analyses a call it never sees, and still returns
    /// confident JSON. Structured-output messages are LiquidJS, which renders an unknown
    /// variable as an empty string without an error. HMS's own guide spells `{{ended_reason}}`, which Flireo does not fill.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "Transcript: {{transcirpt}}" }
    /// ```
    ///
    /// ## How to fix
    /// Use the placeholder's exact name: `{{transcript}}`, `{{endedReason}}`.
    pub static RULE = "template/unknown-placeholder", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_token(ctx, &mut |part, message, token| {
        let Token::Placeholder { name, range } = token else { return };
        if is_known_in(&part.kind, name) {
            return;
        }
        let shown = if name.is_empty() { "{{}}".to_owned() } else { format!("{{{{{name}}}}}") };
        let help = did_you_mean(suggest_in(&part.kind, name).map(|near| format!("{{{{{near}}}}}")).as_deref());
        let label = if part.kind.structured_output().is_some() {
            "Vapi renders it as an empty string (LiquidJS)"
        } else {
            "not a placeholder the platform fills"
        };
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), format!("unknown placeholder `{shown}`"))
                .in_string(range)
                .label(label)
                .maybe_help(help.or_else(|| Some(format!("the platform fills {}", known_list(&part.kind))))),
        );
    });
}

fn known_list(kind: &crate::plan::PartKind) -> String {
    placeholders_for(kind).iter().map(|p| format!("`{{{{{p}}}}}`")).collect::<Vec<_>>().join(", ")
}
