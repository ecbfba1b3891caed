//! `structured-output/target-not-in-spec`

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured output sets `target`, a field Vapi's gitops tooling documents but its API spec never has.
    ///
    /// ## What it checks
    /// An output has a `target` field. It is absent from all 131 revisions of Vapi's OpenAPI
    /// spec; only Vapi's gitops notes and YAML use it, for audio extraction (reference
    /// vapi-structured-outputs-and-retell.md §1.1, §1.5, §2 Q10).
    ///
    /// ## Why it matters
    /// Whether the API accepts, ignores or rejects the field is not published, so a setup that
    /// depends on audio extraction depends on undocumented behaviour. Pedantic (opt-in): Vapi's
    /// own tooling writes `target: messages` on every output.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Tone", "schema": { "type": "string" }, "target": "messages-with-audio" }
    /// ```
    ///
    /// ## How to fix
    /// Nothing to change if the behaviour is what you see in call logs; drop `target:
    /// messages`, which is the default anyway.
    pub static RULE = "structured-output/target-not-in-spec", Warning, pedantic, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, _)) = field(&output, "target") else { return };
        out.push(
            Finding::new(&RULE, pointer, "`target` is not in Vapi's API spec")
                .on_key()
                .label("documented only by Vapi's gitops tooling")
                .help("`messages` is the default; audio extraction (`messages-with-audio`) is undocumented in the API"),
        );
    });
}
