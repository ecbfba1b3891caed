//! `retell/examples-not-allowed`

use serde_json::Value;

use crate::plan::find_retell::ITEM_TYPES;
use crate::rules::retell::items;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// An analysis item has `examples` where Retell reads none: on a type other than `string`, or not as a list of strings.
    ///
    /// ## What it checks
    /// `examples` appears only on `type: "string"` items, as an array of strings.
    ///
    /// ## Why it matters
    /// Retell's SDK defines `examples` (the dashboard's "Format Example") on text items only, to
    /// teach the model a style. On an enum, boolean or number item it is dropped: the example
    /// the author relied on never reaches the model.
    ///
    /// ## Example
    /// ```json
    /// { "type": "number", "name": "csat_score", "description": "1 to 10.", "examples": ["9"] }
    /// ```
    ///
    /// ## How to fix
    /// Put the example into the item's `description`, or make the item a `string`.
    pub static RULE = "retell/examples-not-allowed", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for item in items(ctx) {
        let Some(examples) = item.object.get("examples") else { continue };
        let pointer = item.member("examples");
        match item.kind {
            Some("string") => {
                let strings = examples.as_array().is_some_and(|list| list.iter().all(Value::is_string));
                if !strings {
                    out.push(
                        Finding::new(&RULE, pointer, "`examples` must be an array of strings")
                            .label("not a list of strings")
                            .help("write `\"examples\": [\"…\"]`"),
                    );
                }
            }
            Some(kind) if ITEM_TYPES.contains(&kind) => out.push(
                Finding::new(&RULE, pointer, format!("`examples` is not read on a {kind} item"))
                    .on_key()
                    .label("only string items take examples")
                    .help("put the example into the item's `description`"),
            ),
            // an unknown type is `retell/invalid-item-type`'s
            _ => {}
        }
    }
}
