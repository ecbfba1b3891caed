//! `provider/<target>/property-count`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, limit_fact, limit_message};
use crate::provider::profile::Profile;
use crate::provider::shape::counts;
use crate::rules::Findings;

declare_check! {
    /// The schema has more object properties in total than the target allows (OpenAI: 5,000; Azure: 100).
    ///
    /// ## What it checks
    /// The number of properties of every object in the schema, definitions included, against
    /// the target's limit.
    ///
    /// ## Why it matters
    /// The request is rejected with HTTP 400 (`6000 parameters exceeds limit of 5000.`).
    /// Azure's documented limit is still 100, which large analysis schemas reach.
    ///
    /// ## Example
    /// A per-product checklist with 120 boolean fields.
    ///
    /// ## How to fix
    /// Split the analysis into several plans (Vapi's `structuredDataMultiPlan`), or turn
    /// repeated fields into an array of objects.
    pub static CHECK = "property-count",
        severity: |profile: &Profile| profile.limits.properties.map(|_| Severity::Error),
        facts: |profile: &Profile| limit_fact(profile, "object properties in total", profile.limits.properties),
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(limit) = ctx.profile.limits.properties else { return };
    let found = counts(&ctx.schema.value, &ctx.schema.pointer).properties;
    if found > limit.max {
        out.push(
            ctx.finding(ctx.schema.pointer.clone(), limit_message(ctx, "the schema has", "properties", found, limit))
                .on_key()
                .help("split the analysis into several plans, or turn repeated fields into an array of objects"),
        );
    }
}
