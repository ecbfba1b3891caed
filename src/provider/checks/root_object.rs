//! `provider/<target>/root-object`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, requirement_fact, support_fact, when_required, worst};
use crate::provider::profile::Profile;
use crate::rules::Findings;

/// The keywords that make a root a union, in the order OpenAI names them.
const ROOT_UNIONS: &[&str] = &["oneOf", "anyOf", "allOf", "enum", "not"];

declare_check! {
    /// The schema's root is not a plain object: another type, or a union at the top level.
    ///
    /// ## What it checks
    /// For targets that require it, the root says `"type": "object"`; for targets that forbid
    /// it, the root has no `anyOf`, `oneOf`, `allOf`, `enum` or `not`.
    ///
    /// ## Why it matters
    /// Strict structured-output modes compile an object grammar and reject any other root with
    /// HTTP 400 before the model runs: the analysis is never produced.
    ///
    /// ## Example
    /// ```json
    /// { "anyOf": [ { "type": "object", "properties": { "booked": { "type": "boolean" } } }, { "type": "null" } ] }
    /// ```
    ///
    /// ## How to fix
    /// Make the root an object and move the union into a property:
    /// `{"type": "object", "properties": {"result": {"anyOf": [...]}}}`.
    pub static CHECK = "root-object",
        severity: severity, facts: facts, run: check;
}

fn severity(profile: &Profile) -> Option<crate::diagnostic::Severity> {
    worst(when_required(profile.root_object), profile.root_union.severity())
}

fn facts(profile: &Profile) -> Vec<String> {
    vec![
        requirement_fact("root `type: \"object\"`", profile.root_object),
        support_fact("a union (`anyOf`, `oneOf`, `allOf`, `enum`, `not`) at the root", profile.root_union),
    ]
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let profile = ctx.profile;
    let pointer = ctx.schema.pointer.as_str();
    let Some(root) = ctx.schema.value.as_object() else { return };
    if profile.root_object.is_required() {
        let named = crate::schema::types(root);
        if !named.contains(&"object") || named.len() > 1 {
            let got = match root.get("type") {
                None => "None".to_owned(),
                Some(Value::String(t)) => t.clone(),
                Some(other) => other.to_string(),
            };
            let at = if root.contains_key("type") {
                crate::json::child_pointer(pointer, "type")
            } else {
                pointer.to_owned()
            };
            out.push(
                ctx.finding(
                    at,
                    format!(
                        "schema root is not `\"type\": \"object\"`; {}",
                        ctx.unmet(profile.root_object, &[("type", &got)])
                    ),
                )
                .on_key()
                .label("the root must be an object"),
            );
        }
    }
    if let Some(severity) = profile.root_union.severity() {
        for keyword in ROOT_UNIONS.iter().filter(|k| root.contains_key(**k)) {
            out.push(
                ctx.finding(
                    crate::json::child_pointer(pointer, keyword),
                    format!(
                        "schema root uses `{keyword}`; {}",
                        ctx.verdict(profile.root_union, &[("keyword", keyword)])
                    ),
                )
                .on_key()
                .severity(severity)
                .help("make the root an object and move the union into one of its properties"),
            );
        }
    }
}
