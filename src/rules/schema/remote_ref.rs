//! `schema/remote-ref`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A `$ref` points outside the schema (a URL or another file); plankit never fetches it.
    ///
    /// ## What it checks
    /// Every `$ref` in the schema is a fragment (`#/$defs/…`, `#anchor`) resolved inside the
    /// schema itself.
    ///
    /// ## Why it matters
    /// The platform sends only this schema to the model. A reference to `https://…` or
    /// `common.json` cannot be resolved there: the provider rejects the schema or the model
    /// never sees the referenced shape. plankit does not fetch remote references (no network
    /// unless you ask), so it cannot check them either.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "address": { "$ref": "https://example.com/address.json" } } }
    /// ```
    ///
    /// ## How to fix
    /// Copy the referenced schema into `$defs` and point at it with `#/$defs/address`.
    pub static RULE = "schema/remote-ref", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let Some(Value::String(reference)) = node.schema.get("$ref") else { return };
        if reference.starts_with('#') {
            return;
        }
        let remote = reference.contains("://") || reference.starts_with("urn:");
        let message = if remote {
            format!("remote `$ref` {} is never fetched", quote(reference))
        } else {
            format!("`$ref` {} points to another document", quote(reference))
        };
        out.push(
            Finding::new(&RULE, child_pointer(node.pointer, "$ref"), message)
                .label("only this schema reaches the model")
                .help("copy the referenced schema into `$defs` and use `#/$defs/…`"),
        );
    });
}
