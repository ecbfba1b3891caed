//! The Chat Completions request of one case: the messages `plankit render` shows (the same
//! [`crate::render`] code, through [`crate::render::output::openai::request_body`]) with the
//! structured-output parameter the provider target supports.
//!
//! Targets whose OpenAI-compatible endpoint takes `response_format` `json_schema` get it, with
//! `strict` when the schema passes that target's strict checks; the others get `json_object`,
//! the schema then reaching the model only through `{{schema}}` in the prompt.

use crate::provider::Target;
use crate::render::RenderedPart;
use crate::render::output::openai::{ResponseFormat, request_body};

/// Whether a target's OpenAI-compatible endpoint takes `json_schema`, and whether it can be
/// strict. A table, so a new target is one row (a test checks every target has one).
const WIRE: &[(&str, Wire)] = &[
    ("openai-strict", Wire::Schema { strict: true }),
    ("azure-openai", Wire::Schema { strict: true }),
    ("groq", Wire::Schema { strict: true }),
    ("mistral", Wire::Schema { strict: true }),
    ("xai", Wire::Schema { strict: true }),
    // Gemini's OpenAI-compatible endpoint reads `json_schema` but never strictly
    ("gemini", Wire::Schema { strict: false }),
    ("gemini-json-schema", Wire::Schema { strict: false }),
    ("deepseek", Wire::Object),
    // Anthropic's OpenAI-compatible endpoint ignores `response_format`; `json_object` is harmless
    ("anthropic", Wire::Object),
    ("portable", Wire::Object),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    Schema { strict: bool },
    Object,
}

/// How the run asks for structured output, decided once per plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Structured {
    /// The parameter sent.
    pub format: ResponseFormat,
    /// Set when the target could be strict but the schema fails its strict checks, so the
    /// request says `"strict": false`.
    pub strict_refused: bool,
}

impl Structured {
    /// The choice for `target`; `strict_ok` says whether the plan's schema passes the target's
    /// checks (no error-level `provider/<target>/…` finding).
    pub fn for_target(target: Target, strict_ok: bool) -> Structured {
        let wire = WIRE.iter().find(|(name, _)| *name == target.name()).map_or(Wire::Object, |(_, wire)| *wire);
        match wire {
            Wire::Schema { strict } => Structured {
                format: ResponseFormat::JsonSchema { strict: strict && strict_ok },
                strict_refused: strict && !strict_ok,
            },
            Wire::Object => Structured { format: ResponseFormat::JsonObject, strict_refused: false },
        }
    }

    /// `json_schema (strict)`, `json_schema` or `json_object`, for reports.
    pub fn describe(&self) -> &'static str {
        match self.format {
            ResponseFormat::JsonSchema { strict: true } => "json_schema, strict",
            ResponseFormat::JsonSchema { strict: false } => "json_schema, not strict",
            ResponseFormat::JsonObject => "json_object",
        }
    }
}

/// Sampling settings sent with every request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sampling {
    /// `temperature`; `None` leaves the provider's default.
    pub temperature: Option<f64>,
    /// `seed`, for providers that make sampling repeatable with it.
    pub seed: Option<u64>,
    /// `max_tokens`, when set.
    pub max_tokens: Option<u64>,
}

/// The request body of one case, compact, the schema's keys in the author's order.
///
/// ```
/// use plankit::eval::request::{Sampling, Structured, body};
/// let plan = r#"{"structuredDataPlan": {"enabled": true, "schema": {"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "string"}}},
///   "messages": [{"role": "user", "content": "{{transcript}}"}]}}"#;
/// let plan = &plankit::plan::find_plans(&serde_json::from_str(plan)?)[0];
/// let call = plankit::Transcript::parse(&plankit::Source::new("call.txt", "AI: Hallo!"))?;
/// let part = &plan.render(&call, &Default::default())[0];
/// let target = plankit::provider::Target::from_name("deepseek")?;
/// let sampling = Sampling { temperature: Some(0.0), ..Default::default() };
/// let sent = body(part, "deepseek-chat", Structured::for_target(target, true), &sampling);
/// assert_eq!(sent, r#"{"model":"deepseek-chat","messages":[{"role":"user","content":"AI: Hallo!"}],"temperature":0.0,"response_format":{"type":"json_object"}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn body(part: &RenderedPart, model: &str, structured: Structured, sampling: &Sampling) -> String {
    let mut extra = Vec::new();
    if let Some(t) = sampling.temperature {
        extra.push(format!(r#""temperature":{}"#, serde_json::Value::from(t)));
    }
    if let Some(seed) = sampling.seed {
        extra.push(format!(r#""seed":{seed}"#));
    }
    if let Some(max) = sampling.max_tokens {
        extra.push(format!(r#""max_tokens":{max}"#));
    }
    request_body(part, model, structured.format, &extra.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_says_how_it_takes_structured_output() {
        for target in Target::all() {
            assert!(WIRE.iter().any(|(name, _)| *name == target.name()), "{} has no row in WIRE", target.name());
        }
    }

    #[test]
    fn strict_is_dropped_when_the_schema_fails_the_targets_checks() {
        let openai = Target::from_name("openai-strict").unwrap();
        assert_eq!(Structured::for_target(openai, true).describe(), "json_schema, strict");
        let refused = Structured::for_target(openai, false);
        assert_eq!(refused.describe(), "json_schema, not strict");
        assert!(refused.strict_refused);
    }
}
