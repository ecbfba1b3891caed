//! `provider/<target>/ref-siblings`

use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// A `$ref` has other keywords beside it (often a `description`), which the target rejects.
    ///
    /// ## What it checks
    /// A subschema with `$ref` has no other keywords, for targets that refuse them.
    ///
    /// ## Why it matters
    /// OpenAI and Azure reject the request: `$ref cannot have keywords {'description'}`. It is
    /// an easy mistake, because JSON Schema 2019-09 and later allow it.
    ///
    /// ## Example
    /// ```json
    /// { "$ref": "#/$defs/address", "description": "Where to send the technician" }
    /// ```
    ///
    /// ## How to fix
    /// Move the `description` into the definition, or inline the definition.
    pub static CHECK = "ref-siblings",
        severity: |profile: &Profile| profile.ref_siblings.severity(),
        facts: |profile: &Profile| vec![support_fact("keywords beside `$ref`", profile.ref_siblings)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        if !node.schema.contains_key("$ref") {
            return;
        }
        let siblings: Vec<&str> = node.schema.keys().map(String::as_str).filter(|k| *k != "$ref").collect();
        if siblings.is_empty() {
            return;
        }
        let set = format!("{{{}}}", siblings.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", "));
        let context = ctx.context(node.pointer);
        let verdict = ctx.verdict(ctx.profile.ref_siblings, &[("keywords", &set), ("context", &context)]);
        out.push(
            ctx.finding(
                keyword_pointer(&node, "$ref"),
                format!("`$ref` has keywords beside it ({}); {verdict}", siblings.join(", ")),
            )
            .on_key()
            .help("move them into the referenced definition, or inline it"),
        );
    });
}
