//! `provider/<target>/array-items`

use serde_json::Value;

use crate::provider::checks::{
    SchemaCheck, declare_check, is_array, keyword_pointer, node_finding, requirement_fact, support_fact, when_required,
    worst,
};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// An array has no `items`, or a tuple-style `items` list, which the target rejects.
    ///
    /// ## What it checks
    /// Every array schema has `items` as one schema: present where the target requires it
    /// (OpenAI, Azure, Gemini `responseSchema`), and not a list of schemas where the target
    /// refuses that form (xAI and others ask for `prefixItems`).
    ///
    /// ## Why it matters
    /// The request is rejected with HTTP 400 (`array schema missing items.` on OpenAI,
    /// `items: missing field` on Gemini). Flireo's own template example has an array without
    /// `items`.
    ///
    /// ## Example
    /// ```json
    /// { "type": "array", "description": "List of issues discussed" }
    /// ```
    ///
    /// ## How to fix
    /// Say what the items are: `"items": {"type": "string"}`.
    pub static CHECK = "array-items",
        severity: |profile: &Profile| worst(when_required(profile.array_items), profile.tuple_items.severity()),
        facts: |profile: &Profile| vec![
            requirement_fact("`items` on every array", profile.array_items),
            support_fact("`items` written as a list (tuple)", profile.tuple_items),
        ],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let profile = ctx.profile;
    ctx.walk(&mut |node| match node.schema.get("items") {
        None if profile.array_items.is_required() && is_array(node.schema) => {
            let context = ctx.context(node.pointer);
            out.push(
                node_finding(
                    ctx,
                    &node,
                    format!("array has no `items`; {}", ctx.unmet(profile.array_items, &[("context", &context)])),
                )
                .severity(crate::diagnostic::Severity::Error)
                .label("what are the items?")
                .help("add `\"items\": {\"type\": \"string\"}` (or the items' schema)"),
            );
        }
        Some(Value::Array(_)) => {
            let Some(severity) = profile.tuple_items.severity() else { return };
            let context = ctx.context(node.pointer);
            out.push(
                ctx.finding(
                    keyword_pointer(&node, "items"),
                    format!(
                        "`items` is a list of schemas; {}",
                        ctx.verdict(profile.tuple_items, &[("keyword", "items"), ("context", &context)])
                    ),
                )
                .on_key()
                .severity(severity)
                .help("use one `items` schema; a tuple is `prefixItems` where the target supports it"),
            );
        }
        _ => {}
    });
}
