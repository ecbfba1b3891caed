//! `schema/array-without-items`

use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::types;

declare_rule! {
    /// An array schema does not say what its items are.
    ///
    /// ## What it checks
    /// A subschema of `"type": "array"` has `items` (or `prefixItems`).
    ///
    /// ## Why it matters
    /// The model may fill the list with strings, objects or numbers, and the shape changes from
    /// call to call. Vapi's schema format requires `items` for arrays, and strict structured-output
    /// modes reject an array without it. Flireo's own template example has this problem.
    ///
    /// ## Example
    /// ```json
    /// { "main_issues": { "type": "array", "description": "List of issues discussed" } }
    /// ```
    ///
    /// ## How to fix
    /// Add `"items": {"type": "string"}` (or the item schema you expect).
    pub static RULE = "schema/array-without-items", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let is_array = types(node.schema).contains(&"array");
        if is_array && !node.schema.contains_key("items") && !node.schema.contains_key("prefixItems") {
            out.push(
                Finding::new(&RULE, child_pointer(node.pointer, "type"), "array has no `items`")
                    .label("the items may be of any shape")
                    .help("add `\"items\": {\"type\": \"string\"}` or the schema of one item"),
            );
        }
    });
}
