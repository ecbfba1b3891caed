//! `template/unknown-placeholder`

use crate::fix::{Applicability, Fix};
use crate::rules::template::{each_token, message_edit};
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
    ///
    /// ## Fix
    /// Where a known placeholder is close to what was written, the fix replaces the name inside
    /// the braces with it (`{{transcirpt}}` → `{{transcript}}`), keeping any whitespace and
    /// filters. It is **unsafe**: the nearest name is a guess, and the fix changes what the
    /// model is sent (the call's transcript instead of literal text).
    pub static RULE = "template/unknown-placeholder", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_token(ctx, &mut |_, message, token| {
        let Token::Placeholder { name, range } = token else { return };
        if is_known(name) {
            return;
        }
        let shown = if name.is_empty() { "{{}}".to_owned() } else { format!("{{{{{name}}}}}") };
        let near = suggest(name, PLACEHOLDERS.iter().copied());
        let help = did_you_mean(near.map(|near| format!("{{{{{near}}}}}")).as_deref());
        let fix = near.zip(message.content.as_deref()).and_then(|(near, content)| {
            // the name as written sits inside the braces, after any `-` and whitespace
            let at = range.start + content.get(range.clone())?.find(name).filter(|_| !name.is_empty())?;
            let edit = message_edit(ctx, message, at..at + name.len(), near)?;
            Some(Fix::edits(Applicability::Unsafe, format!("replace `{shown}` with `{{{{{near}}}}}`"), vec![edit]))
        });
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), format!("unknown placeholder `{shown}`"))
                .in_string(range)
                .label("not a placeholder the platform fills")
                .maybe_help(help.or_else(|| Some(format!("the platform fills {}", known_list()))))
                .maybe_fix(fix),
        );
    });
}

fn known_list() -> String {
    PLACEHOLDERS.iter().map(|p| format!("`{{{{{p}}}}}`")).collect::<Vec<_>>().join(", ")
}
