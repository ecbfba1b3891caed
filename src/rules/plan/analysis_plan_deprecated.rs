//! `plan/analysis-plan-deprecated`

use crate::plan::Shape;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::vocabulary::{Dialect, dialect_of};

declare_rule! {
    /// A Vapi assistant configures its analysis with `analysisPlan`, which Vapi has deprecated in favour of structured outputs.
    ///
    /// ## What it checks
    /// An assistant, assistant override or squad member read as Vapi's (a camelCase
    /// `analysisPlan`, not Flireo's `analysis_plan` or an HMS snake_case plan) holds an
    /// `analysisPlan`. Every field of Vapi's `AnalysisPlan` is marked deprecated in its API spec,
    /// and its docs point new setups at structured outputs (reference
    /// vapi-structured-outputs-and-retell.md §1.0).
    ///
    /// ## Why it matters
    /// `analysisPlan` still works, so this is pedantic (opt-in): a warning on every Vapi plan
    /// would be noise. It is for teams that want to know where to migrate: new extraction
    /// features (conditions, regex and audio extraction, scorecards) exist only for structured
    /// outputs.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Support", "analysisPlan": { "structuredDataPlan": { "enabled": true, "schema": { "type": "object" } } } }
    /// ```
    ///
    /// ## How to fix
    /// Create a structured output per sub-plan (`summaryPlan` → one that summarises,
    /// `structuredDataPlan` → one with your schema, `successEvaluationPlan` → one that evaluates
    /// or a scorecard) and link them with `artifactPlan.structuredOutputIds`.
    pub static RULE = "plan/analysis-plan-deprecated", Warning, pedantic, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let plan = ctx.plan;
    if !matches!(plan.shape, Shape::AgentConfig | Shape::AssistantRequest)
        || !plan.pointer.ends_with("/analysisPlan")
        || dialect_of(plan) != Dialect::VapiAnalysisPlan
    {
        return;
    }
    out.push(
        Finding::new(&RULE, plan.pointer.clone(), "Vapi has deprecated `analysisPlan`; structured outputs replace it")
            .on_key()
            .label("still runs, but new development happens in structured outputs")
            .help("move each sub-plan to a structured output and link it with `artifactPlan.structuredOutputIds`"),
    );
}
