//! `retell/conditional-prompt-ignored`

use serde_json::Value;

use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A custom analysis item has both `required: true` and a `conditional_prompt`, which Retell then ignores.
    ///
    /// ## What it checks
    /// A `string`, `enum`, `boolean` or `number` item with `"required": true` has no
    /// `conditional_prompt`.
    ///
    /// ## Why it matters
    /// Retell's SDK says the conditional prompt (when to fill the field at all) is ignored when
    /// the item is required: the field is always extracted, and a call without it is marked
    /// unsuccessful. The condition the author wrote does nothing.
    ///
    /// ## Example
    /// ```json
    /// { "type": "number", "name": "csat_score", "description": "1 to 10.", "required": true,
    ///   "conditional_prompt": "Only fill this if the caller gave a rating." }
    /// ```
    ///
    /// ## How to fix
    /// Drop `required` to make the condition count, or drop the `conditional_prompt`.
    pub static RULE = "retell/conditional-prompt-ignored", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for item in items(ctx).into_iter().filter(|item| item.is_custom()) {
        if item.object.get("required") == Some(&Value::Bool(true)) && item.object.contains_key("conditional_prompt") {
            out.push(
                Finding::new(
                    &RULE,
                    item.member("conditional_prompt"),
                    "`conditional_prompt` is ignored on a required item",
                )
                .on_key()
                .label("ignored: the item has `\"required\": true`")
                .help("remove `\"required\": true` for the condition to apply, or remove the `conditional_prompt`"),
            );
        }
    }
}
