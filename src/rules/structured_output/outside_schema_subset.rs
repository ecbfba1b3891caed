//! `structured-output/outside-schema-subset`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::Position;

declare_rule! {
    /// A structured output's schema uses a keyword, `format` or `enum` outside the JSON Schema subset Vapi's API documents, or a primitive root.
    ///
    /// ## What it checks
    /// Vapi's API component `JsonSchema` allows exactly `type`, `items`, `properties`,
    /// `description`, `pattern`, `format` (`date-time`, `time`, `date`, `duration`, `email`,
    /// `hostname`, `ipv4`, `ipv6`, `uuid`), `required`, `enum` (strings only) and `title`
    /// (reference vapi-structured-outputs-and-retell.md §1.7 layer 1). Anything else (`minimum`,
    /// `const`, `anyOf`, `uri`, an integer `enum`, …) is reported. A root of type `string`,
    /// `number`, `integer` or `boolean` is reported too: Vapi wraps it as
    /// `{"type": "object", "properties": {"value": …}}` for the model and unwraps the result.
    ///
    /// ## Why it matters
    /// The sources disagree (§2 Q4): the field's description claims "all JSON Schema features"
    /// and the docs' own examples use `minimum`, `minLength` and integer enums. Whether Vapi
    /// passes, strips or enforces such keywords is not published, so a keyword outside the
    /// subset may silently not constrain the result. Pedantic (opt-in) for that reason: the docs
    /// examples are legitimate configs.
    ///
    /// ## Example
    /// ```json
    /// { "schema": { "type": "object", "properties": { "score": { "type": "integer", "minimum": 1, "maximum": 10 } } } }
    /// ```
    ///
    /// ## How to fix
    /// Keep to the subset where the constraint matters, or say it in `description` so the
    /// model follows it, and check results with `plankit validate`.
    pub static RULE = "structured-output/outside-schema-subset", Warning, pedantic, Check::Plan(check);
}

const KEYWORDS: &[&str] =
    &["type", "items", "properties", "description", "pattern", "format", "required", "enum", "title"];

const FORMATS: &[&str] = &["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in ctx.plan.parts.iter().filter(|part| part.kind.structured_output().is_some()) {
        let Some(schema) = &part.schema else { continue };
        crate::schema::walk(&schema.value, &schema.pointer, &mut |node| {
            if node.position == Position::Root
                && let Some(Value::String(root)) = node.schema.get("type")
                && ["string", "number", "integer", "boolean"].contains(&root.as_str())
            {
                out.push(
                    Finding::new(&RULE, child_pointer(node.pointer, "type"), format!("a `{root}` root is wrapped by Vapi as `{{\"value\": …}}` for the model"))
                        .label("the result is unwrapped again")
                        .help("fine for scorecards and simulations, which need a primitive; the model sees an object with a `value` property"),
                );
            }
            for (key, value) in node.schema {
                let at = child_pointer(node.pointer, key);
                if !KEYWORDS.contains(&key.as_str()) && !key.starts_with("x-") {
                    out.push(
                        Finding::new(&RULE, at, format!("`{key}` is outside Vapi's documented JsonSchema subset"))
                            .on_key()
                            .label("Vapi may not pass or enforce it")
                            .help("state the constraint in `description` as well, so the model follows it"),
                    );
                } else if key == "format"
                    && let Some(format) = value.as_str()
                    && !FORMATS.contains(&format)
                {
                    out.push(
                        Finding::new(
                            &RULE,
                            at,
                            format!("format `{format}` is not one of the formats Vapi's API lists"),
                        )
                        .help(format!("the API lists {}", FORMATS.join(", "))),
                    );
                } else if key == "enum"
                    && let Value::Array(values) = value
                    && values.iter().any(|v| !v.is_string())
                {
                    out.push(Finding::new(&RULE, at, "Vapi's API takes `enum` values as strings only"));
                }
            }
        });
    }
}
