//! `provider/<target>/recursion`

use crate::provider::checks::{SchemaCheck, declare_check, support_fact};
use crate::provider::profile::Profile;
use crate::provider::shape::recursive_refs;
use crate::rules::Findings;

declare_check! {
    /// The schema refers to itself through `$ref` (a recursive schema), which the target rejects.
    ///
    /// ## What it checks
    /// No local `$ref` leads, directly or through other definitions, back to a schema that
    /// contains it — for targets that support only non-circular references (Anthropic, xAI).
    ///
    /// ## Why it matters
    /// The grammar a recursive schema needs cannot be compiled there, so the request is
    /// rejected with HTTP 400.
    ///
    /// ## Example
    /// ```json
    /// { "$defs": { "topic": { "type": "object", "properties": { "subtopics": { "type": "array", "items": { "$ref": "#/$defs/topic" } } } } } }
    /// ```
    ///
    /// ## How to fix
    /// Unroll the recursion to the depth the analysis needs (a `topic` with `subtopics` of a
    /// non-recursive `subtopic`).
    pub static CHECK = "recursion",
        severity: |profile: &Profile| profile.recursion.severity(),
        facts: |profile: &Profile| vec![support_fact("recursive `$ref`", profile.recursion)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    for pointer in recursive_refs(&ctx.schema.value, &ctx.schema.pointer) {
        let context = ctx.context(&pointer);
        let verdict = ctx.verdict(ctx.profile.recursion, &[("context", &context), ("keyword", "$ref")]);
        out.push(
            ctx.finding(
                crate::json::child_pointer(&pointer, "$ref"),
                format!("`$ref` makes the schema recursive; {verdict}"),
            )
            .label("refers back to a schema that contains it")
            .help("unroll the recursion to a fixed depth"),
        );
    }
}
