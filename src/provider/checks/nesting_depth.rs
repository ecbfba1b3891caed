//! `provider/<target>/nesting-depth`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, limit_fact, limit_message};
use crate::provider::profile::Profile;
use crate::provider::shape::depth;
use crate::rules::Findings;

declare_check! {
    /// The schema nests deeper than the target allows (OpenAI: 10 levels; Azure: 5).
    ///
    /// ## What it checks
    /// The most property and item steps from the root to any subschema (following local
    /// `$ref`s; `anyOf` adds no level) against the target's nesting limit.
    ///
    /// ## Why it matters
    /// The request is rejected with HTTP 400 (`11 levels of nesting exceeds limit of 10.`).
    /// Providers do not publish how they count; plankit counts property and item steps, which a
    /// third-party converter (jsonschema-llm) reports matches OpenAI's count — treat a schema
    /// at the limit as at risk.
    ///
    /// ## Example
    /// A call summary with `topics[].subtopics[].mentions[].speaker.name` nests 8 levels.
    ///
    /// ## How to fix
    /// Flatten: move deep details into sibling arrays, or into strings the model fills.
    pub static CHECK = "nesting-depth",
        severity: |profile: &Profile| profile.limits.depth.map(|_| Severity::Error),
        facts: |profile: &Profile| limit_fact(profile, "levels of nesting (property and item steps)", profile.limits.depth),
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(limit) = ctx.profile.limits.depth else { return };
    let found = depth(&ctx.schema.value, &ctx.schema.pointer);
    if found.levels > limit.max {
        out.push(
            ctx.finding(
                ctx.schema.pointer.clone(),
                limit_message(ctx, "the schema nests", "levels", found.levels, limit),
            )
            .on_key()
            .help(format!("flatten it; the deepest point is {}", found.deepest)),
        );
    }
}
