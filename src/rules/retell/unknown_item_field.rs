//! `retell/unknown-item-field`

use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::suggest;

declare_rule! {
    /// A post-call analysis item has a field Retell does not read for its type.
    ///
    /// ## What it checks
    /// Every item's keys are among `type`, `name`, `description`, `required` and
    /// `conditional_prompt`, plus `choices` on `enum` items and `examples` on `string` items
    /// (`retell/examples-not-allowed` reports `examples` elsewhere).
    ///
    /// ## Why it matters
    /// An unknown key is dropped without a word: `choice` for `choices` leaves the enum with
    /// no values, `optional` for `required: false` changes nothing.
    ///
    /// ## Example
    /// ```json
    /// { "type": "enum", "name": "call_reason", "description": "Why.", "choises": ["billing", "other"] }
    /// ```
    ///
    /// ## How to fix
    /// Correct the key, or remove it.
    pub static RULE = "retell/unknown-item-field", Warning, Check::Plan(check);
}

const COMMON: &[&str] = &["type", "name", "description", "required", "conditional_prompt"];
const EVERY: &[&str] = &["type", "name", "description", "required", "conditional_prompt", "choices", "examples"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for item in items(ctx) {
        for key in item.object.keys() {
            if COMMON.contains(&key.as_str()) || key == "examples" {
                continue;
            }
            if key == "choices" {
                if item.kind != Some("enum") && item.kind.is_some() {
                    let kind = item.kind.unwrap_or_default();
                    out.push(
                        Finding::new(&RULE, item.member(key), format!("`choices` has no effect on a {kind} item"))
                            .on_key()
                            .label("read only on enum items")
                            .help("make the item `\"type\": \"enum\"`, or remove `choices`"),
                    );
                }
                continue;
            }
            let near = suggest(key, EVERY.iter().copied());
            out.push(
                Finding::new(&RULE, item.member(key), format!("unknown analysis item field `{key}`"))
                    .on_key()
                    .label("Retell does not read this")
                    .maybe_help(did_you_mean(near).or_else(|| Some(format!("an item has {}", EVERY.join(", "))))),
            );
        }
    }
}
