//! `provider/<target>/format`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer, support_fact};
use crate::provider::profile::Profile;
use crate::rules::Findings;
use crate::text::quote;

declare_check! {
    /// A string `format` is not one the target enforces.
    ///
    /// ## What it checks
    /// Every `format` value against the target's list: OpenAI has no `uri`, Anthropic and xAI
    /// do; Gemini `responseSchema` allows only `date-time` (and `enum`) on strings; Gemini's
    /// JSON Schema path enforces `date-time`, `date` and `time` only.
    ///
    /// ## Why it matters
    /// Depending on the target, an unknown format fails the request (OpenAI, Anthropic, Gemini
    /// `responseSchema`) or is silently not enforced (Gemini JSON Schema, xAI), so a "date"
    /// field may come back as "next Tuesday".
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "format": "uri", "description": "Link to the recording" }
    /// ```
    ///
    /// ## How to fix
    /// Use a format every chosen target supports (`date-time` is the only portable one), or
    /// drop `format` and describe the expected shape in the `description`.
    pub static CHECK = "format",
        severity: |profile: &Profile| profile.formats.as_ref().and_then(|f| f.otherwise.severity()),
        facts: facts,
        run: check;
}

fn facts(profile: &Profile) -> Vec<String> {
    let Some(formats) = &profile.formats else { return Vec::new() };
    let enforced: Vec<String> = formats.enforced.iter().map(|f| format!("`{f}`")).collect();
    vec![
        format!("enforced `format` values: {}", enforced.join(", ")),
        support_fact("any other `format` value", formats.otherwise),
    ]
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let Some(formats) = &ctx.profile.formats else { return };
    let Some(severity) = formats.otherwise.severity() else { return };
    ctx.walk(&mut |node| {
        let Some(Value::String(format)) = node.schema.get("format") else { return };
        if formats.enforced.contains(&format.as_str()) {
            return;
        }
        let context = ctx.context(node.pointer);
        let verdict = ctx.verdict(formats.otherwise, &[("keyword", "format"), ("context", &context)]);
        let listed: Vec<String> = formats.enforced.iter().map(|f| quote(f)).collect();
        out.push(
            ctx.finding(keyword_pointer(&node, "format"), format!("`format` {}: {verdict}", quote(format)))
                .severity(severity)
                .help(format!("{} enforces {}", ctx.profile.target, listed.join(", "))),
        );
    });
}
