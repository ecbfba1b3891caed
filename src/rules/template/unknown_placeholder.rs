//! `template/unknown-placeholder`

use crate::rules::template::each_token;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::template::{PLACEHOLDERS, Token, is_known};
use crate::text::suggest;

declare_rule! {
    /// A message uses a `{{placeholder}}` the platform does not fill, such as `{{transcirpt}}` or `{{ended_reason}}`.
    ///
    /// ## What it checks
    /// Every `{{…}}` in the plan's messages names one of the placeholders the platforms fill:
    /// `{{schema}}`, `{{transcript}}`, `{{endedReason}}` (Flireo and Vapi) and `{{systemPrompt}}`,
    /// `{{messages}}`, `{{rubric}}` (Vapi). Whitespace inside the braces is allowed.
    ///
    /// ## Why it matters
    /// An unknown placeholder is sent to the model as written or rendered empty. A typo in
    /// `{{transcript}}` means the model analyses a call it never sees, and still returns
    /// confident JSON. HMS's own guide spells `{{ended_reason}}`, which Flireo does not fill.
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
    each_token(ctx, &mut |_, message, token| {
        let Token::Placeholder { name, range } = token else { return };
        if is_known(name) {
            return;
        }
        let shown = if name.is_empty() { "{{}}".to_owned() } else { format!("{{{{{name}}}}}") };
        let help =
            did_you_mean(suggest(name, PLACEHOLDERS.iter().copied()).map(|near| format!("{{{{{near}}}}}")).as_deref());
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), format!("unknown placeholder `{shown}`"))
                .in_string(range)
                .label("not a placeholder the platform fills")
                .maybe_help(help.or_else(|| Some(format!("the platform fills {}", known_list())))),
        );
    });
}

fn known_list() -> String {
    PLACEHOLDERS.iter().map(|p| format!("`{{{{{p}}}}}`")).collect::<Vec<_>>().join(", ")
}
