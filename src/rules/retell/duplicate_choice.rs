//! `retell/duplicate-choice`

use serde_json::Value;

use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// An `enum` analysis item lists the same choice twice.
    ///
    /// ## What it checks
    /// The strings of an item's `choices` are distinct, compared exactly.
    ///
    /// ## Why it matters
    /// A repeated choice is usually a copy-paste slip that hides the value that was meant
    /// (two `"other"` where one should be `"billing"`), and it weighs that choice in the
    /// model's eyes.
    ///
    /// ## Example
    /// ```json
    /// { "type": "enum", "name": "call_reason", "description": "Why.", "choices": ["billing", "other", "other"] }
    /// ```
    ///
    /// ## How to fix
    /// Remove the repeat, or replace it with the value that was meant.
    pub static RULE = "retell/duplicate-choice", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for item in items(ctx).into_iter().filter(|item| item.kind == Some("enum")) {
        let Some(Value::Array(choices)) = item.object.get("choices") else { continue };
        for (i, choice) in choices.iter().enumerate() {
            let Some(text) = choice.as_str() else { continue };
            if let Some(first) = choices[..i].iter().position(|earlier| earlier.as_str() == Some(text)) {
                out.push(
                    Finding::new(
                        &RULE,
                        format!("{}/{i}", item.member("choices")),
                        format!("{} is listed twice", quote(text)),
                    )
                    .label(format!("same as choice {first}"))
                    .help("remove the repeat"),
                );
            }
        }
    }
}
