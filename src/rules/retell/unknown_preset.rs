//! `retell/unknown-preset`

use crate::rules::retell::{items, presets};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A `system-presets` item names a preset Retell does not have.
    ///
    /// ## What it checks
    /// A `type: "system-presets"` item's `name` is `call_summary`, `call_successful` or
    /// `user_sentiment` on a voice agent (`post_call_analysis_data`), and `chat_summary`,
    /// `chat_successful` or `user_sentiment` on a chat agent (`post_chat_analysis_data`).
    ///
    /// ## Why it matters
    /// A preset overrides the prompt of one of Retell's built-in analysis fields. Under any
    /// other name it overrides nothing, and the built-in prompt keeps running.
    ///
    /// ## Example
    /// ```json
    /// { "type": "system-presets", "name": "call_sumary", "description": "Write a 1-5 word summary of the call." }
    /// ```
    ///
    /// ## How to fix
    /// Use the preset's exact name, or make the item a custom `string` field.
    pub static RULE = "retell/unknown-preset", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let known = presets(ctx);
    for item in items(ctx).into_iter().filter(|item| !item.is_custom()) {
        let Some(name) = item.name else { continue };
        if known.contains(&name) {
            continue;
        }
        let listed = known.iter().map(|p| quote(p)).collect::<Vec<_>>().join(", ");
        out.push(
            Finding::new(&RULE, item.member("name"), format!("{} is not one of {listed}", quote(name)))
                .label("not a Retell preset")
                .maybe_help(did_you_mean(suggest(name, known.iter().copied())).or_else(|| {
                    Some("a custom field is an item of type `string`, `enum`, `boolean` or `number`".to_owned())
                })),
        );
    }
}
