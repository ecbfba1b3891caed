//! `provider/<target>/value-limit`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// A keyword's value is beyond what the target supports, such as `minItems: 2` on Anthropic.
    ///
    /// ## What it checks
    /// Keyword values against the target's limits: Anthropic supports `minItems` of 0 or 1
    /// only; xAI guarantees `minLength`/`maxLength` up to 2,048, `minItems`/`maxItems` up to
    /// 256 and `minProperties`/`maxProperties` up to 64.
    ///
    /// ## Why it matters
    /// Beyond the limit the request is rejected (Anthropic) or the constraint is no longer
    /// guaranteed and "conformance relies on model behavior" (xAI).
    ///
    /// ## Example
    /// ```json
    /// { "type": "array", "items": { "type": "string" }, "minItems": 3 }
    /// ```
    ///
    /// ## How to fix
    /// Keep the value within the limit and check the rest when the output arrives.
    pub static CHECK = "value-limit",
        severity: |profile: &Profile| profile.value_limits.iter().filter_map(|l| l.beyond.severity()).max(),
        facts: |profile: &Profile| profile.value_limits.iter()
            .map(|l| support_fact(&format!("{} above {}", l.keywords.join("/"), l.max), l.beyond))
            .collect(),
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        for limit in ctx.profile.value_limits {
            let Some(severity) = limit.beyond.severity() else { continue };
            for keyword in limit.keywords {
                let Some(value) = node.schema.get(*keyword).and_then(Value::as_f64) else { continue };
                // limits are whole numbers; a fractional value is `schema/invalid`'s
                if value <= limit.max as f64 {
                    continue;
                }
                let context = ctx.context(node.pointer);
                let verdict = ctx.verdict(limit.beyond, &[("keyword", keyword), ("context", &context)]);
                out.push(
                    ctx.finding(
                        keyword_pointer(&node, keyword),
                        format!(
                            "`{keyword}` is {value}, above {}'s limit of {}; {verdict}",
                            ctx.profile.target, limit.max
                        ),
                    )
                    .severity(severity)
                    .help(format!("keep `{keyword}` at {} or less and check the rest on receipt", limit.max)),
                );
            }
        }
    });
}
