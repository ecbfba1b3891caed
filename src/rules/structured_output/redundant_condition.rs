//! `structured-output/redundant-condition`

use serde_json::Value;

use super::{each_output, field};
use crate::plan::structured_output::Condition;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured output's condition never decides anything: a second gate of the same kind, `minCallDuration` of 0, or `conditions: null` on a new output.
    ///
    /// ## What it checks
    /// Conditions are ANDed (reference vapi-structured-outputs-and-retell.md §1.2): of two
    /// `minMessages` (or two `minCallDuration`) gates only the stricter one matters;
    /// `minCallDuration` with `seconds: 0` always passes. `minMessages` with `count: 0` is not
    /// reported: it removes Vapi's runtime default minimum. `conditions: null` is reported on
    /// an output without an `id` (a create body or an inline output): `null` is for clearing a
    /// saved gate with `PATCH` (§1.13.11).
    ///
    /// ## Why it matters
    /// A gate that never decides reads as if it did: someone lowers `count` in one gate and
    /// the other keeps skipping calls. Pedantic (opt-in): the output runs as written, and a
    /// create body may be a PATCH body in disguise.
    ///
    /// ## Example
    /// ```json
    /// { "conditions": [ { "type": "minMessages", "count": 4 }, { "type": "minMessages", "count": 6 },
    ///                   { "type": "minCallDuration", "seconds": 0 } ] }
    /// ```
    ///
    /// ## How to fix
    /// Keep one gate per kind with the threshold you mean, drop no-op gates, and leave
    /// `conditions` out (or write `[]`) when an output has no gate.
    pub static RULE = "structured-output/redundant-condition", Warning, pedantic, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| match &output.definition.conditions {
        Some((pointer, Value::Null)) if field(&output, "id").is_none() => out.push(
            Finding::new(&RULE, pointer.clone(), "`conditions: null` on an output that is not saved yet")
                .label("`null` clears a saved gate on PATCH")
                .help("leave `conditions` out, or write `[]`, when the output has no gate"),
        ),
        Some((pointer, Value::Array(items))) => redundant(pointer, items, out),
        _ => {}
    });
}

fn redundant(pointer: &str, items: &[Value], out: &mut Findings) {
    let gates: Vec<(usize, Condition)> =
        items.iter().enumerate().filter_map(|(i, item)| Condition::parse(item).map(|c| (i, c))).collect();
    for (i, condition) in &gates {
        let (kind, field, threshold) = match condition {
            Condition::MinMessages(count) => ("minMessages", "count", *count),
            Condition::MinCallDuration(seconds) => ("minCallDuration", "seconds", *seconds),
            Condition::EndedReason { .. } => continue,
        };
        if kind == "minCallDuration" && threshold == 0.0 {
            out.push(
                Finding::new(&RULE, format!("{pointer}/{i}/seconds"), "`minCallDuration` of 0 seconds always passes")
                    .label("this gate never skips a call")
                    .help("remove it, or set the shortest call worth extracting"),
            );
        }
        // the first gate of this kind decides; a later one is reported against it
        let earlier =
            gates.iter().find(|(j, other)| j < i && std::mem::discriminant(other) == std::mem::discriminant(condition));
        if let Some((j, _)) = earlier {
            out.push(
                Finding::new(
                    &RULE,
                    format!("{pointer}/{i}"),
                    format!("a second `{kind}` gate (the first is `conditions/{j}`)"),
                )
                .label(format!("both must pass: only the larger `{field}` matters"))
                .help(format!("keep one `{kind}` gate with the `{field}` you mean")),
            );
        }
    }
}
