//! `provider/<target>/optional-budget`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, limit_fact, limit_message};
use crate::provider::profile::Profile;
use crate::provider::shape::counts;
use crate::rules::Findings;

declare_check! {
    /// More properties are optional (left out of `required`) than the target allows (Anthropic: 24 per request).
    ///
    /// ## What it checks
    /// The number of properties, at every depth, not listed in their object's `required`,
    /// against the target's budget.
    ///
    /// ## Why it matters
    /// Anthropic counts "each parameter not listed in `required`" against a limit of 24 over
    /// all strict schemas of a request, and rejects the request beyond it. Analysis schemas
    /// often have no `required` at all.
    ///
    /// ## Example
    /// A satisfaction survey of 30 fields and no `required`.
    ///
    /// ## How to fix
    /// Require the fields the model can always fill (with a sentinel value such as `"unknown"`
    /// in an enum), and keep optional only what is truly optional.
    pub static CHECK = "optional-budget",
        severity: |profile: &Profile| profile.limits.optional_properties.map(|_| Severity::Error),
        facts: |profile: &Profile| limit_fact(profile, "optional properties (per request)", profile.limits.optional_properties),
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(limit) = ctx.profile.limits.optional_properties else { return };
    let found = counts(&ctx.schema.value, &ctx.schema.pointer).optional;
    if found.len() > limit.max {
        out.push(
            ctx.finding(
                ctx.schema.pointer.clone(),
                limit_message(ctx, "the schema has", "optional properties", found.len(), limit),
            )
            .on_key()
            .help("list the fields the model can always fill in `required`"),
        );
    }
}
