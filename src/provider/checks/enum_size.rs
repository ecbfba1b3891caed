//! `provider/<target>/enum-size`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, limit_fact, limit_message};
use crate::provider::profile::{Limit, Profile};
use crate::provider::shape::counts;
use crate::rules::Findings;

declare_check! {
    /// The schema's enums are too large for the target (OpenAI: 1,000 values in total; 15,000 characters for one enum over 250 values).
    ///
    /// ## What it checks
    /// The number of enum values across the whole schema, and for the largest string enum
    /// with more than the target's threshold of values, the characters of all its values.
    ///
    /// ## Why it matters
    /// The request is rejected with HTTP 400. Long lists of product names or ended reasons
    /// (Vapi has 627) reach these limits.
    ///
    /// ## Example
    /// An `endedReason` field whose enum lists all 627 Vapi ended reasons, twice.
    ///
    /// ## How to fix
    /// Group values into categories, or make the field a string with the values named in its
    /// `description`.
    pub static CHECK = "enum-size",
        severity: |profile: &Profile| (profile.limits.enum_values.is_some() || profile.limits.large_enum.is_some()).then_some(Severity::Error),
        facts: facts,
        run: check;
}

fn facts(profile: &Profile) -> Vec<String> {
    let mut lines = limit_fact(profile, "enum values in total", profile.limits.enum_values);
    if let Some(large) = profile.limits.large_enum {
        lines.push(format!(
            "one string enum with more than {} values: at most {} characters in total",
            large.values, large.chars
        ));
    }
    lines
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let found = counts(&ctx.schema.value, &ctx.schema.pointer);
    if let Some(limit) = ctx.profile.limits.enum_values
        && found.enum_values > limit.max
    {
        out.push(
            ctx.finding(
                ctx.schema.pointer.clone(),
                limit_message(ctx, "the schema has", "enum values", found.enum_values, limit),
            )
            .on_key()
            .help("group values into categories, or name them in a `description`"),
        );
    }
    if let (Some(large), Some((pointer, values, chars))) = (ctx.profile.limits.large_enum, found.largest_string_enum)
        && values > large.values
        && chars > large.chars
    {
        let limit = Limit { max: large.chars, error: None };
        out.push(
            ctx.finding(
                pointer,
                limit_message(ctx, &format!("this enum of {values} strings has"), "characters", chars, limit),
            )
            .on_key()
            .help("shorten the values, or group them into categories"),
        );
    }
}
