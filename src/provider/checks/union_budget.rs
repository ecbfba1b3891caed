//! `provider/<target>/union-budget`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, limit_fact, limit_message};
use crate::provider::profile::Profile;
use crate::provider::shape::counts;
use crate::rules::Findings;

declare_check! {
    /// More properties have a union type (`anyOf`, or `"type": ["string", "null"]`) than the target allows (Anthropic: 16 per request).
    ///
    /// ## What it checks
    /// The number of properties, at every depth, whose schema is an `anyOf` or a list of
    /// types, against the target's budget.
    ///
    /// ## Why it matters
    /// Anthropic counts union-typed parameters against a limit of 16 per request ("especially
    /// expensive because they create exponential compilation cost") and rejects the request
    /// beyond it. OpenAI's nullable idiom for optional fields makes every optional field a
    /// union, so a schema written for OpenAI easily exceeds it.
    ///
    /// ## Example
    /// Twenty fields written as `"type": ["string", "null"]`.
    ///
    /// ## How to fix
    /// Replace nullable fields with a sentinel value (`"unknown"`, `""`) described in the
    /// `description`, and keep unions for the fields that need them.
    pub static CHECK = "union-budget",
        severity: |profile: &Profile| profile.limits.union_properties.map(|_| Severity::Error),
        facts: |profile: &Profile| limit_fact(profile, "union-typed properties (per request)", profile.limits.union_properties),
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(limit) = ctx.profile.limits.union_properties else { return };
    let found = counts(&ctx.schema.value, &ctx.schema.pointer).unions;
    if found.len() > limit.max {
        out.push(
            ctx.finding(
                ctx.schema.pointer.clone(),
                limit_message(ctx, "the schema has", "union-typed properties", found.len(), limit),
            )
            .on_key()
            .help("replace some nullable fields with a sentinel value such as \"unknown\""),
        );
    }
}
