//! `schema/invalid`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::schema::TYPES;
use crate::text::suggest;

declare_rule! {
    /// The schema is not a valid JSON Schema: it fails the meta-schema of its draft.
    ///
    /// ## What it checks
    /// The plan's schema is validated against the meta-schema of the draft its `$schema` names
    /// (drafts 4, 6, 7, 2019-09 and 2020-12; 2020-12 when `$schema` is absent). Every violation
    /// is reported where it occurs, not only the first.
    ///
    /// ## Why it matters
    /// A schema the platform cannot compile either fails the plan update or, in structured-output
    /// mode, fails every analysis request; `analysis` is then missing from every report.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "sentiment": { "type": "strin" } } }
    /// ```
    ///
    /// ## How to fix
    /// Correct the keyword's value as the message says (`"type": "string"`).
    pub static RULE = "schema/invalid", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for (_, schema) in ctx.plan.schemas() {
        // without `$schema`, the draft chosen in plankit.toml (2020-12 when none is)
        let chosen = ctx.file.settings.draft.as_deref().and_then(crate::schema::draft_named);
        let meta = match (chosen, schema.value.get("$schema")) {
            (Some(draft), None) => Ok(meta_for(draft)),
            _ => jsonschema::meta::validator_for(&schema.value),
        };
        let meta = match meta {
            Ok(meta) => meta,
            Err(_) => {
                let uri = schema.value.get("$schema").map(ToString::to_string).unwrap_or_default();
                out.push(
                    Finding::new(&RULE, child_pointer(&schema.pointer, "$schema"), format!("unknown `$schema` {uri}"))
                        .help(
                            "plankit knows drafts 4, 6, 7, 2019-09 and 2020-12; custom meta-schemas are never fetched",
                        ),
                );
                continue;
            }
        };
        for error in meta.iter_errors(&schema.value) {
            let at = error.instance_path().as_str();
            let pointer = format!("{}{at}", schema.pointer);
            out.push(
                type_typo(&schema.value, at, &pointer)
                    .unwrap_or_else(|| Finding::new(&RULE, pointer.clone(), lowercase_start(&error.to_string()))),
            );
        }
    }
}

fn meta_for(draft: jsonschema::Draft) -> jsonschema::meta::MetaValidator<'static> {
    match draft {
        jsonschema::Draft::Draft4 => jsonschema::draft4::meta::validator(),
        jsonschema::Draft::Draft6 => jsonschema::draft6::meta::validator(),
        jsonschema::Draft::Draft7 => jsonschema::draft7::meta::validator(),
        jsonschema::Draft::Draft201909 => jsonschema::draft201909::meta::validator(),
        _ => jsonschema::draft202012::meta::validator(),
    }
}

/// `"type": "strin"` fails an `anyOf` in the meta-schema; say what it is instead.
fn type_typo(root: &Value, at: &str, pointer: &str) -> Option<Finding> {
    if !at.ends_with("/type") && at != "/type" {
        return None;
    }
    let named: Vec<&str> = match root.pointer(at)? {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let wrong = named.into_iter().find(|t| !TYPES.contains(t))?;
    Some(
        Finding::new(&RULE, pointer.to_owned(), format!("\"{wrong}\" is not a JSON Schema type"))
            .label(format!("expected one of {}", TYPES.join(", ")))
            .maybe_help(did_you_mean(type_alias(wrong).or_else(|| suggest(wrong, TYPES.iter().copied())))),
    )
}

/// The JSON Schema type a name from a programming language or another schema dialect means:
/// `int` → `integer`, `bool` → `boolean`, `float` → `number`, `dict` → `object`.
fn type_alias(name: &str) -> Option<&'static str> {
    let alias = match name.to_ascii_lowercase().as_str() {
        "int" | "int32" | "int64" | "long" | "short" | "uint" => "integer",
        "bool" => "boolean",
        "str" | "text" | "char" | "date" | "datetime" | "uuid" => "string",
        "float" | "double" | "decimal" | "float32" | "float64" | "num" | "numeric" => "number",
        "list" | "tuple" | "set" | "vec" => "array",
        "dict" | "map" | "obj" | "record" | "struct" | "hash" => "object",
        "nil" | "none" | "nul" => "null",
        _ => return crate::text::suggest_value(name, TYPES.iter().copied()),
    };
    Some(alias)
}

fn lowercase_start(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}
