//! `structured-output/contradictory-conditions`

use serde_json::Value;

use super::each_output;
use crate::plan::structured_output::Condition;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A structured output's `endedReason` conditions contradict each other, so some or all calls can never run it.
    ///
    /// ## What it checks
    /// Vapi runs an output only when every condition passes (AND, reference
    /// vapi-structured-outputs-and-retell.md §1.2). An ended reason listed by a `oneOf` gate
    /// and by a `notOneOf` gate can never pass both; two `oneOf` gates with no reason in
    /// common can never pass together.
    ///
    /// ## Why it matters
    /// The output is skipped, with no error, on the calls the gates were written for: a gate
    /// meant as "either" reads as "both", or a reason was added to one list and not removed
    /// from the other. When no `oneOf` reason is left, the output never runs at all.
    ///
    /// ## Example
    /// ```json
    /// { "conditions": [ { "type": "endedReason", "operator": "oneOf", "values": ["customer-ended-call"] },
    ///                   { "type": "endedReason", "operator": "notOneOf", "values": ["customer-ended-call", "voicemail"] } ] }
    /// ```
    ///
    /// ## How to fix
    /// Keep one `endedReason` gate per intent: list the reasons to run on in one `oneOf`, or
    /// the reasons to skip in one `notOneOf`.
    pub static RULE = "structured-output/contradictory-conditions", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, Value::Array(items))) = &output.definition.conditions else { return };
        let gates: Vec<(usize, bool, Vec<String>)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match Condition::parse(item) {
                Some(Condition::EndedReason { one_of, values }) => Some((i, one_of, values)),
                _ => None,
            })
            .collect();
        let excluded: Vec<&(usize, bool, Vec<String>)> = gates.iter().filter(|(_, one_of, _)| !one_of).collect();
        let mut first_one_of: Option<&(usize, bool, Vec<String>)> = None;
        for gate @ (i, one_of, values) in &gates {
            if !one_of {
                continue;
            }
            if let Some((first, _, first_values)) = first_one_of
                && !values.iter().any(|v| first_values.contains(v))
            {
                out.push(
                    Finding::new(
                        &RULE,
                        format!("{pointer}/{i}/values"),
                        format!(
                            "this `oneOf` gate shares no ended reason with the `oneOf` gate at `conditions/{first}`"
                        ),
                    )
                    .label("both must pass: the output never runs")
                    .help("merge the reasons into one `oneOf` gate"),
                );
            }
            first_one_of = first_one_of.or(Some(gate));
            let all_excluded = values.iter().all(|v| excluded.iter().any(|(_, _, skip)| skip.contains(v)));
            for (k, value) in values.iter().enumerate() {
                let Some((j, _, _)) = excluded.iter().find(|(_, _, skip)| skip.contains(value)) else { continue };
                out.push(
                    Finding::new(
                        &RULE,
                        format!("{pointer}/{i}/values/{k}"),
                        format!(
                            "{} is in this `oneOf` gate and in the `notOneOf` gate at `conditions/{j}`",
                            quote(value)
                        ),
                    )
                    .label(if all_excluded {
                        "no ended reason passes both gates: the output never runs"
                    } else {
                        "a call that ends this way is always skipped"
                    })
                    .help("remove it from one of the two lists"),
                );
            }
        }
    });
}
