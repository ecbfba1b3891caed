//! `provider/<target>/string-budget`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, limit_fact, limit_message};
use crate::provider::profile::Profile;
use crate::provider::shape::counts;
use crate::rules::Findings;

declare_check! {
    /// The property names, definition names, enum and const values together are longer than the target allows (OpenAI: 120,000 characters).
    ///
    /// ## What it checks
    /// The total characters of every property name, `$defs` name, string enum value and
    /// string const value, against the target's budget.
    ///
    /// ## Why it matters
    /// OpenAI rejects schemas over the budget with HTTP 400; long texts also make Gemini fail
    /// with "too many states for serving".
    ///
    /// ## Example
    /// An enum of 2,000 full product descriptions.
    ///
    /// ## How to fix
    /// Use short identifiers as enum values and names, and put the explanations in
    /// `description`, which does not count.
    pub static CHECK = "string-budget",
        severity: |profile: &Profile| profile.limits.string_chars.map(|_| Severity::Error),
        facts: |profile: &Profile| limit_fact(profile, "characters of names, enum and const values", profile.limits.string_chars),
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(limit) = ctx.profile.limits.string_chars else { return };
    let found = counts(&ctx.schema.value, &ctx.schema.pointer).string_chars;
    if found > limit.max {
        out.push(
            ctx.finding(
                ctx.schema.pointer.clone(),
                limit_message(ctx, "names and enum values total", "characters", found, limit),
            )
            .on_key()
            .help("use short identifiers and move explanations into `description`"),
        );
    }
}
