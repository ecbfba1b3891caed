//! `provider/<target>/all-required`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, is_object, node_finding, requirement_fact, when_required};
use crate::provider::profile::Profile;
use crate::rules::Findings;
use crate::text::quote;

declare_check! {
    /// An object has properties missing from its `required`; the target requires every property to be listed.
    ///
    /// ## What it checks
    /// For every object with `properties`, each property name appears in `required`.
    ///
    /// ## Why it matters
    /// OpenAI strict, Azure OpenAI and Groq strict reject the request with HTTP 400 when a
    /// property is not required. Analysis schemas rarely list `required` at all, so this is the
    /// most common reason a plan that works on one provider fails on another.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "callback_date": { "type": "string" } }, "additionalProperties": false }
    /// ```
    ///
    /// ## How to fix
    /// List every property in `required`. A field the model may leave empty becomes a nullable
    /// union that is still required — `"type": ["string", "null"]` (or
    /// `"anyOf": [{...}, {"type": "null"}]`) — and the model returns `null` for it.
    pub static CHECK = "all-required",
        severity: |profile: &Profile| when_required(profile.all_required),
        facts: |profile: &Profile| vec![requirement_fact("every property listed in `required`", profile.all_required)],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        if !is_object(node.schema) {
            return;
        }
        let Some(Value::Object(properties)) = node.schema.get("properties") else { return };
        let required: Vec<&str> = match node.schema.get("required") {
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let missing: Vec<&str> =
            properties.keys().map(String::as_str).filter(|name| !required.contains(name)).collect();
        let Some(first) = missing.first() else { return };
        let context = ctx.context(node.pointer);
        let verdict = ctx.unmet(ctx.profile.all_required, &[("context", &context), ("name", first)]);
        let names: Vec<String> = missing.iter().take(5).map(|name| quote(name)).collect();
        let more = if missing.len() > 5 { format!(" and {} more", missing.len() - 5) } else { String::new() };
        let example = properties.get(*first).map(nullable_idiom).unwrap_or_default();
        out.push(
            node_finding(
                ctx,
                &node,
                format!("`required` does not list {}{more}; {verdict}", names.join(", ")),
            )
            .label(format!("{} of {} properties not required", missing.len(), properties.len()))
            .help(format!(
                "list every property in `required`; for a field the model may leave empty, keep it required and make it nullable{example}"
            )),
        );
    });
}

/// `: "type": ["string", "null"]` for a property's type, to show the nullable-union idiom.
fn nullable_idiom(schema: &Value) -> String {
    match schema.get("type") {
        Some(Value::String(ty)) if ty != "null" => format!(": `\"type\": [\"{ty}\", \"null\"]`"),
        _ => ": `\"anyOf\": [{…}, {\"type\": \"null\"}]`".to_owned(),
    }
}
