//! `schema/openapi-nullable`

use serde_json::Value;

use crate::fix::{Applicability, Fix};
use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::{admits_null, types};

declare_rule! {
    /// A subschema says `"nullable": true`, which is OpenAPI, not JSON Schema, so `null` is still rejected.
    ///
    /// ## What it checks
    /// Every subschema with `"nullable": true` whose `type`, `enum`, `const`, `anyOf` or
    /// `oneOf` does not itself let `null` through. `"nullable": false`, and `nullable` beside a
    /// type union that already lists `"null"`, change nothing and are not reported.
    ///
    /// ## Why it matters
    /// `nullable` is an OpenAPI 3.0 keyword. JSON Schema validators ignore it, so the `null`
    /// the prompt allows is refused by `plankit validate` and by your webhook receiver, and
    /// providers that enforce the schema (OpenAI strict) never produce it. The plan still
    /// runs, so this is a warning; Gemini's OpenAPI `responseSchema` is the one reader that
    /// honours `nullable`.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "nullable": true, "description": "Callback date, if the caller gave one" }
    /// ```
    ///
    /// ## How to fix
    /// Write the union JSON Schema reads: `"type": ["string", "null"]` (and add `null` to an
    /// `enum`). Where a target rejects type lists (Gemini `responseSchema`), use
    /// `"anyOf": [{"type": "string"}, {"type": "null"}]`.
    ///
    /// ## Fix
    /// Where the subschema has a `type` (and no `const`, `anyOf` or `oneOf`), the fix adds
    /// `"null"` to it (`"type": "string"` → `"type": ["string", "null"]`), adds `null` to an
    /// `enum`, and removes `nullable`. It is **unsafe**: `null` starts to validate, which is what
    /// the author meant but not what the schema said. No fix is offered when a chosen target
    /// rejects type lists.
    pub static RULE = "schema/openapi-nullable", Warning, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    // a target whose schema format has no type lists needs the `anyOf` form instead
    let no_type_lists = ctx.file.settings.targets.iter().any(|target| target.profile().type_arrays.is_rejected());
    each_subschema(ctx, &mut |node| {
        if node.schema.get("nullable") != Some(&Value::Bool(true)) || admits_null(node.schema) {
            return;
        }
        out.push(
            Finding::new(
                &RULE,
                child_pointer(node.pointer, "nullable"),
                "`nullable` is OpenAPI, not JSON Schema: this value still cannot be null",
            )
            .on_key()
            .label("ignored by JSON Schema validators")
            .help(fix(node.schema, no_type_lists))
            .maybe_fix(if no_type_lists { None } else { type_union(node.schema, node.pointer) }),
        );
    });
}

/// The fix: `null` added to `type` (and `enum`), `nullable` removed; `None` for a subschema
/// without a `type` or with branches or a `const`, where the union has no single spelling.
fn type_union(schema: &serde_json::Map<String, Value>, pointer: &str) -> Option<Fix> {
    if ["const", "anyOf", "oneOf"].iter().any(|k| schema.contains_key(*k)) {
        return None;
    }
    let mut fixed = schema.clone();
    fixed.remove("nullable");
    let with_null = match schema.get("type")? {
        Value::String(one) => Value::Array(vec![Value::String(one.clone()), Value::from("null")]),
        Value::Array(many) if many.iter().all(Value::is_string) => {
            Value::Array(many.iter().cloned().chain([Value::from("null")]).collect())
        }
        _ => return None,
    };
    fixed.insert("type".to_owned(), with_null);
    if let Some(Value::Array(values)) = fixed.get_mut("enum")
        && !values.iter().any(Value::is_null)
    {
        values.push(Value::Null);
    }
    Some(Fix::set_value(
        Applicability::Unsafe,
        "add `null` to `type` and drop `nullable`",
        pointer.to_owned(),
        Value::Object(fixed),
    ))
}

/// The JSON Schema spelling of "this, or null", for the help line.
fn fix(schema: &serde_json::Map<String, Value>, no_type_lists: bool) -> String {
    let quoted: Vec<String> = types(schema).iter().map(|t| format!("\"{t}\"")).collect();
    let mut steps = Vec::new();
    if !quoted.is_empty() && no_type_lists {
        let branches: Vec<String> = quoted.iter().map(|t| format!("{{\"type\": {t}}}")).collect();
        steps.push(format!("write `\"anyOf\": [{}, {{\"type\": \"null\"}}]` instead of `type`", branches.join(", ")));
    } else if !quoted.is_empty() {
        steps.push(format!("write `\"type\": [{}, \"null\"]`", quoted.join(", ")));
    }
    if schema.get("enum").and_then(Value::as_array).is_some_and(|values| !values.iter().any(Value::is_null)) {
        steps.push("add `null` to `enum`".to_owned());
    }
    if steps.is_empty() {
        steps.push("add `{\"type\": \"null\"}` as an `anyOf` branch".to_owned());
    }
    format!("{}, and drop `nullable`", steps.join(" and "))
}

#[cfg(test)]
mod tests {
    use crate::provider::Target;
    use crate::{Settings, Source, lint_source};

    fn help(targets: Vec<Target>) -> Vec<String> {
        let plan = r#"{"structuredDataPlan": {"enabled": true, "schema": {"type": "object",
            "properties": {"date": {"type": "string", "nullable": true, "description": "Callback date"}}},
            "messages": [{"role": "user", "content": "{{schema}} {{transcript}}"}]}}"#;
        let settings = Settings { targets, ..Settings::default() };
        let linted = lint_source(Source::new("plan.json", plan), &settings);
        linted.diagnostics.into_iter().filter(|d| d.rule == super::RULE.name).filter_map(|d| d.help).collect()
    }

    #[test]
    fn the_fix_is_a_type_union_unless_a_target_rejects_type_lists() {
        assert_eq!(help(Vec::new()), [r#"write `"type": ["string", "null"]`, and drop `nullable`"#]);
        let gemini = Target::from_name("gemini").into_iter().collect();
        assert_eq!(
            help(gemini),
            [r#"write `"anyOf": [{"type": "string"}, {"type": "null"}]` instead of `type`, and drop `nullable`"#]
        );
    }
}
