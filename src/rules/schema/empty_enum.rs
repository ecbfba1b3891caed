//! `schema/empty-enum`

use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// An `enum` lists no values, so nothing can satisfy it.
    ///
    /// ## What it checks
    /// Every `enum` in the schema has at least one value.
    ///
    /// ## Why it matters
    /// An empty `enum` accepts no value at all: every analysis fails validation, and structured
    /// output modes reject the schema.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "enum": [] }
    /// ```
    ///
    /// ## How to fix
    /// List the allowed values, or remove `enum`.
    pub static RULE = "schema/empty-enum", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        if node.schema.get("enum").and_then(|e| e.as_array()).is_some_and(Vec::is_empty) {
            out.push(Finding::new(
                &RULE,
                child_pointer(node.pointer, "enum"),
                "`enum` is empty: no value can satisfy it",
            ));
        }
    });
}
