//! `retell/duplicate-item-name`

use crate::plan::keys::canonical;
use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// Two post-call analysis items have the same `name`, or names that differ only in spelling style (`call_reason`, `callReason`).
    ///
    /// ## What it checks
    /// Item names are unique, compared exactly and after folding snake_case and camelCase
    /// together.
    ///
    /// ## Why it matters
    /// `custom_analysis_data` is keyed by name: two items of one name write one key, and one
    /// answer is lost. Two spellings of one name are two keys a reader must both check, usually
    /// an edit that left the old item behind.
    ///
    /// ## Example
    /// ```json
    /// [ { "type": "string", "name": "call_reason", "description": "Why." },
    ///   { "type": "enum", "name": "call_reason", "description": "Why.", "choices": ["billing", "other"] } ]
    /// ```
    ///
    /// ## How to fix
    /// Remove the older item, or rename one of them.
    pub static RULE = "retell/duplicate-item-name", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let items = items(ctx);
    for (i, item) in items.iter().enumerate() {
        let Some(name) = item.name else { continue };
        let Some((first, earlier)) = items[..i]
            .iter()
            .enumerate()
            .find_map(|(j, other)| other.name.filter(|n| canonical(n) == canonical(name)).map(|n| (j, n)))
        else {
            continue;
        };
        let (message, help) = if earlier == name {
            (
                format!("analysis item `{name}` is defined twice"),
                format!("remove one of the two items, or rename this one: `custom_analysis_data` has one `{name}`"),
            )
        } else {
            (
                format!("analysis item `{name}` is `{earlier}` spelled another way"),
                "keep one spelling: two spellings are two keys in `custom_analysis_data`".to_owned(),
            )
        };
        out.push(
            Finding::new(&RULE, item.member("name"), message)
                .label(format!("`{earlier}` is defined above, at {}", items[first].pointer))
                .help(help),
        );
    }
}
