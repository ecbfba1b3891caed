//! `plan/disabled-by-default`

use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured data plan does not say `enabled`, and Vapi's default is `false`.
    ///
    /// ## What it checks
    /// A `structuredDataPlan` (and each `structuredDataMultiPlan` entry's plan) that has a
    /// schema writes `enabled`. Summary and success-evaluation plans are not reported: they are
    /// enabled by default. Templates and the legacy flat fields have no `enabled`.
    ///
    /// ## Why it matters
    /// Vapi's API documents `structuredDataPlan.enabled` as `false` by default, so a plan with a
    /// carefully written schema and no `enabled` never runs: every end-of-call-report arrives
    /// without `structuredData`, and nothing says why. Flireo and HMS document no default.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "schema": { "type": "object", "properties": { "intent": { "type": "string" } } } } }
    /// ```
    ///
    /// ## How to fix
    /// Write `"enabled": true` (or `false`, to say the plan is off on purpose).
    pub static RULE = "plan/disabled-by-default", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    if matches!(
        ctx.plan.shape,
        crate::plan::Shape::Template | crate::plan::Shape::Schema | crate::plan::Shape::StructuredOutput
    ) {
        return;
    }
    for part in &ctx.plan.parts {
        if !part.kind.has_schema() || part.legacy || part.schema.is_none() || part.enabled.is_some() {
            continue;
        }
        // `"enabled": "true"` is `plan/wrong-type`'s to report
        if ctx.value(&part.pointer).and_then(|v| crate::plan::keys::get(v.as_object()?, "enabled")).is_some() {
            continue;
        }
        out.push(
            Finding::new(&RULE, part.pointer.clone(), "structured data plan does not say `enabled`")
                .on_key()
                .label("Vapi's default is `false`: this plan never runs")
                .help("write `\"enabled\": true`"),
        );
    }
}
