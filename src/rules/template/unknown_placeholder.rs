//! `template/unknown-placeholder`

use crate::rules::template::each_token;
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
        let near = vocabulary.suggest(name).map(|near| format!("{{{{{near}}}}}"));
        let help = match (near, elsewhere.is_empty()) {
            (Some(near), false) => Some(format!(
                "`{shown}` is {}'s spelling; {} fills `{near}`",
                elsewhere.join(" and "),
                vocabulary.platform
            )),
            (near, _) => did_you_mean(near.as_deref()),
        };
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), format!("unknown placeholder `{shown}`"))
                .in_string(range)
                .label(format!("not a placeholder {} fills", vocabulary.platform))
                .maybe_help(help.or_else(|| Some(format!("{} fills {}", vocabulary.platform, vocabulary.listed())))),
        );
    });
}
