//! `plan/invalid-threshold`

use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// `minMessagesThreshold` is negative or not a whole number.
    ///
    /// ## What it checks
    /// `minMessagesThreshold` (`min_messages_threshold`), the number of conversation messages
    /// below which analysis is skipped, must be a whole number of at least 0. (A value that is
    /// not a number at all is `plan/wrong-type`.)
    ///
    /// ## Why it matters
    /// A message count cannot be 2.5 or -1. The API rejects such a plan, or rounds it in a way
    /// nobody documented, and short calls are analysed (or skipped) when you did not expect it.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true }, "minMessagesThreshold": -1 }
    /// ```
    ///
    /// ## How to fix
    /// Use a whole number: `0` analyses every call, `5` skips calls with fewer than five messages.
    pub static RULE = "plan/invalid-threshold", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let Some((pointer, value)) = &ctx.plan.threshold else { return };
    let Some(n) = value.as_f64() else { return };
    if n < 0.0 || n.fract() != 0.0 {
        let key = pointer.rsplit('/').next().unwrap_or("minMessagesThreshold");
        out.push(
            Finding::new(
                &RULE,
                pointer.clone(),
                format!("`{key}` must be a whole number of at least 0, found {value}"),
            )
            .label("not a message count"),
        );
    }
}
