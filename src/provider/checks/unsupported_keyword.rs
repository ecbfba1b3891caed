//! `provider/<target>/unsupported-keyword`

use crate::diagnostic::Severity;
use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer, support_fact};
use crate::provider::profile::{Profile, Support};
use crate::rules::Findings;

declare_check! {
    /// The schema uses a keyword the target rejects: the request fails with HTTP 400.
    ///
    /// ## What it checks
    /// Every keyword of every subschema against the target's list: an allowlist for OpenAI
    /// strict and Azure (anything else is "not permitted"), the `Schema` fields for Gemini
    /// `responseSchema` (anything else is an "Unknown name"), and the documented rejections
    /// elsewhere (Anthropic's numeric and length constraints, Mistral's `$id` and `$schema`).
    /// Misspelled keywords are left to `schema/unknown-keyword`.
    ///
    /// ## Why it matters
    /// A rejected keyword fails the whole request before the model runs; no analysis is
    /// produced for any call until the schema changes.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "enum": ["open", "closed"], "default": "open" }
    /// ```
    ///
    /// ## How to fix
    /// Remove the keyword, or move the constraint into the `description` in words so the
    /// model can still follow it (what the providers' own SDKs do).
    pub static CHECK = "unsupported-keyword",
        severity: |profile: &Profile| has(profile, true).then_some(Severity::Error),
        facts: |profile: &Profile| facts(profile, true),
        run: |ctx: &SchemaCheck<'_>, out: &mut Findings| keyword_findings(ctx, out, true);
}

/// Whether the profile rejects (`rejected`) or leaves unenforced (`!rejected`) some keyword.
pub(crate) fn has(profile: &Profile, rejected: bool) -> bool {
    let matches = |support: Support| support.is_rejected() == rejected && support != Support::Enforced;
    matches(profile.keywords.otherwise) || profile.keywords.listed.iter().any(|(_, support)| matches(*support))
}

/// The profile's keyword facts of one kind.
pub(crate) fn facts(profile: &Profile, rejected: bool) -> Vec<String> {
    let keywords = &profile.keywords;
    let matches = |support: Support| support.is_rejected() == rejected && support != Support::Enforced;
    let mut lines: Vec<String> = keywords
        .listed
        .iter()
        .filter(|(_, support)| matches(*support))
        .map(|(keyword, support)| support_fact(&format!("`{keyword}`"), *support))
        .collect();
    if matches(keywords.otherwise) {
        let enforced: Vec<String> = keywords
            .listed
            .iter()
            .filter(|(_, support)| *support == Support::Enforced)
            .map(|(keyword, _)| format!("`{keyword}`"))
            .collect();
        lines.push(support_fact(&format!("any keyword other than {}", enforced.join(", ")), keywords.otherwise));
    }
    lines
}

/// Reports every keyword the profile rejects (`rejected`) or leaves unenforced (`!rejected`).
pub(crate) fn keyword_findings(ctx: &SchemaCheck<'_>, out: &mut Findings, rejected: bool) {
    let keywords = &ctx.profile.keywords;
    ctx.walk(&mut |node| {
        for keyword in node.schema.keys() {
            // misspellings are `schema/unknown-keyword`'s; reporting them twice helps no one
            if !crate::schema::is_known_keyword(keyword) {
                continue;
            }
            let support = keywords.support(keyword);
            if support == Support::Enforced || support.is_rejected() != rejected {
                continue;
            }
            if !rejected && keywords.annotations.contains(&keyword.as_str()) {
                continue;
            }
            let context = ctx.context(node.pointer);
            let verdict = ctx.verdict(support, &[("keyword", keyword), ("context", &context)]);
            let finding = ctx.finding(keyword_pointer(&node, keyword), format!("`{keyword}`: {verdict}")).on_key();
            out.push(if rejected {
                finding.label("rejected").help(removal_help(keyword))
            } else {
                finding.label("not enforced").help("the model may return a value that breaks it; validate the output, or describe the constraint in the `description`")
            });
        }
    });
}

/// How to do without a rejected keyword.
fn removal_help(keyword: &str) -> &'static str {
    match keyword {
        "$ref" | "$defs" | "definitions" => "inline the definitions where they are used",
        "$schema" | "$id" | "$comment" | "additionalProperties" | "default" | "examples" | "title" => {
            "remove it for this target"
        }
        "oneOf" => "use `anyOf`, which these modes support",
        _ => "remove it, or describe the constraint in the `description`",
    }
}
