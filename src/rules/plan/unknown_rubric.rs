//! `plan/unknown-rubric`

use serde_json::Value;

use crate::fix::{Applicability, Fix};
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
    ///
    /// ## Fix
    /// A rubric that differs from one of the eight only in capitalisation (`passfail`) is
    /// respelled; the fix is **safe**, since no other rubric could have been meant. A near miss
    /// (`PassFial`) is replaced with the nearest rubric; that fix is **unsafe**: the name is a
    /// guess, and the rubric decides how the call is scored.
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
        let pointer = child_pointer(&part.pointer, key);
        let same_but_case = RUBRICS.iter().copied().find(|known| known.eq_ignore_ascii_case(rubric));
        let near = same_but_case.or_else(|| suggest(rubric, RUBRICS.iter().copied()));
        let fix = near.filter(|_| ctx.value(&pointer).is_some_and(Value::is_string)).map(|near| {
            let applicability = if same_but_case.is_some() { Applicability::Safe } else { Applicability::Unsafe };
            let description = format!("replace the rubric {} with {}", quote(rubric), quote(near));
            Fix::set_value(applicability, description, pointer.clone(), near.into())
        });
        out.push(
            Finding::new(&RULE, pointer, format!("{} is not a rubric", quote(rubric)))
                .label("not one of the eight rubrics")
                .maybe_help(did_you_mean(near).or_else(|| Some(format!("use one of {}", RUBRICS.join(", ")))))
                .maybe_fix(fix),
        );
    }
}
