//! `template/placeholder-not-available`

use crate::plan::PartKind;
use crate::rules::template::each_token;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::{Role, Token};

declare_rule! {
    /// A message uses a real placeholder in a sub-plan that does not fill it: `{{schema}}` outside structured data, `{{rubric}}` outside success evaluation.
    ///
    /// ## What it checks
    /// `{{schema}}` appears only in structured data plans and templates (the ones with a
    /// schema); `{{rubric}}` only in a success evaluation plan.
    ///
    /// ## Why it matters
    /// A summary plan has no schema to inject: the placeholder renders empty (Vapi renders
    /// unknown variables as nothing) and the instruction around it stops making sense.
    ///
    /// ## Example
    /// ```json
    /// { "summaryPlan": { "messages": [ { "role": "system", "content": "Summarize per {{schema}}" } ] } }
    /// ```
    ///
    /// ## How to fix
    /// Move the instruction to the sub-plan that fills the placeholder, or remove it.
    pub static RULE = "template/placeholder-not-available", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let vocabulary = ctx.vocabulary();
    each_token(ctx, &mut |part, message, token| {
        let Token::Placeholder { name, range } = token else { return };
        let available = match vocabulary.role(name) {
            Some(Role::Schema) => part.kind.has_schema(),
            Some(Role::Rubric) => part.kind == PartKind::SuccessEvaluation,
            _ => true,
        };
        if !available {
            out.push(
                Finding::new(
                    &RULE,
                    message.content_pointer.clone(),
                    format!("`{{{{{name}}}}}` is not filled in a {} plan", part.kind.name()),
                )
                .in_string(range)
                .label("renders empty here"),
            );
        }
    });
}
