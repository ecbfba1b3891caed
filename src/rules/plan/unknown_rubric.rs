//! `plan/unknown-rubric`

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::keys::get;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A success evaluation `rubric` is not one of the eight rubrics Vapi defines.
    ///
    /// ## What it checks
    /// `successEvaluationPlan.rubric` (or legacy `successEvaluationRubric`) is one of
    /// `NumericScale`, `DescriptiveScale`, `Checklist`, `Matrix`, `PercentageScale`,
    /// `LikertScale`, `AutomaticRubric`, `PassFail`, spelled exactly.
    ///
    /// ## Why it matters
    /// The rubric decides what `{{rubric}}` tells the model and what `successEvaluation` holds.
    /// An unknown value is rejected by the API, or falls back to `PassFail` without a word.
    ///
    /// ## Example
    /// ```json
    /// { "successEvaluationPlan": { "enabled": true, "rubric": "PassFial" } }
    /// ```
    ///
    /// ## How to fix
    /// Use one of the eight names, with this capitalisation.
    pub static RULE = "plan/unknown-rubric", Error, Check::Plan(check);
}

/// The rubrics Vapi's `SuccessEvaluationPlan.rubric` accepts.
pub const RUBRICS: &[&str] = &[
    "NumericScale",
    "DescriptiveScale",
    "Checklist",
    "Matrix",
    "PercentageScale",
    "LikertScale",
    "AutomaticRubric",
    "PassFail",
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        let Some(rubric) = &part.rubric else { continue };
        if RUBRICS.contains(&rubric.as_str()) {
            continue;
        }
        let Some(Value::Object(object)) = ctx.value(&part.pointer) else { continue };
        let key = get(object, "rubric").or_else(|| get(object, "successEvaluationRubric")).map_or("rubric", |(k, _)| k);
        out.push(
            Finding::new(&RULE, child_pointer(&part.pointer, key), format!("{} is not a rubric", quote(rubric)))
                .label("not one of the eight rubrics")
                .maybe_help(
                    did_you_mean(suggest(rubric, RUBRICS.iter().copied()))
                        .or_else(|| Some(format!("use one of {}", RUBRICS.join(", ")))),
                ),
        );
    }
}
