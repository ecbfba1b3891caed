//! `template/unknown-placeholder`

use crate::fix::{Applicability, Fix};
use crate::rules::template::{each_token, message_edit};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::template::Token;
use crate::template::vocabulary::platforms_filling;

declare_rule! {
    /// A message uses a `{{placeholder}}` the platform that renders the plan does not fill, such as `{{transcirpt}}`, or `{{ended_reason}}` on a Vapi plan.
    ///
    /// ## What it checks
    /// Every `{{…}}` in the plan's messages names a placeholder of the platform that renders
    /// it, decided from the keys the plan is written with: a Vapi `analysisPlan` fills
    /// `{{schema}}`, `{{transcript}}`, `{{endedReason}}`, `{{systemPrompt}}`, `{{messages}}`,
    /// `{{rubric}}`; a Flireo camelCase plan `{{schema}}`, `{{transcript}}`, `{{endedReason}}`;
    /// an HMS snake_case plan those three and `{{ended_reason}}`. Whitespace inside the braces
    /// is allowed.
    ///
    /// ## Why it matters
    /// An unknown placeholder is sent to the model as written or rendered empty. A typo in
    /// `{{transcript}}` means the model analyses a call it never sees, and still returns
    /// confident JSON. HMS's guide spells `{{ended_reason}}`, which Vapi and Flireo do not document.
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
    let vocabulary = ctx.vocabulary();
    each_token(ctx, &mut |_, message, token| {
        let Token::Placeholder { name, range } = token else { return };
        if vocabulary.is_known(name) {
            return;
        }
        let shown = if name.is_empty() { "{{}}".to_owned() } else { format!("{{{{{name}}}}}") };
        let elsewhere = platforms_filling(name, vocabulary.dialect);
        let near = vocabulary.suggest(name);
        let shown_near = near.map(|near| format!("{{{{{near}}}}}"));
        let help = match (&shown_near, elsewhere.is_empty()) {
            (Some(shown_near), false) => Some(format!(
                "`{shown}` is a placeholder of {}; {} fills `{shown_near}`",
                crate::text::and_list(&elsewhere),
                vocabulary.platform
            )),
            (shown_near, _) => did_you_mean(shown_near.as_deref()),
        };
        let fix = near.zip(message.content.as_deref()).and_then(|(near, content)| {
            // the name as written sits inside the braces, after any `-` and whitespace
            let at = range.start + content.get(range.clone())?.find(name).filter(|_| !name.is_empty())?;
            let edit = message_edit(ctx, message, at..at + name.len(), near)?;
            Some(Fix::edits(Applicability::Unsafe, format!("replace `{shown}` with `{{{{{near}}}}}`"), vec![edit]))
        });
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), format!("unknown placeholder `{shown}`"))
                .in_string(range)
                .label(format!("not a placeholder {} fills", vocabulary.platform))
                .maybe_help(help.or_else(|| Some(format!("{} fills {}", vocabulary.platform, vocabulary.listed()))))
                .maybe_fix(fix),
        );
    });
}
