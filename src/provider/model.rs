//! The provider target a Vapi structured output's schema goes to: its `model.provider` (or
//! Vapi's default model when it names none) decides which structured-output mode receives the
//! schema, so `lint` checks it against that target without `--target` (reference
//! vapi-structured-outputs-and-retell.md §1.3, §1.5, §2 Q9 and Q20).
//!
//! | `model.provider` | target | why |
//! |---|---|---|
//! | none (no `model`) | `openai-strict` | Vapi's default model is OpenAI `gpt-4.1` (§1.5) |
//! | `openai` | `openai-strict`; `azure-openai` for a region-suffixed model (`gpt-4.1:westeurope`) | Vapi reaches Azure through those names (§1.3) |
//! | `anthropic`, `anthropic-bedrock` | `anthropic` | the same Claude models and `thinking` (§1.3) |
//! | `google` | `gemini-json-schema` | which Gemini API Vapi calls is not published: the JSON Schema path, whose findings are all warnings, rather than `responseSchema`'s errors |
//! | `custom-llm` | none | an OpenAI-compatible server of the user's own: what it enforces is unknown |
//!
//! A `type: "regex"` output makes no model call (§1.6) and gets no target.
//!
//! Whether Vapi sends a schema as written or adapts it for the provider's strict mode is not
//! published (§2 Q9). It does adapt it where it has to: a primitive root is wrapped as
//! `{"value": …}` with `"strict": true` for OpenAI (§1.7), and the docs' own object schemas,
//! with optional properties and no `additionalProperties`, are accepted. plankit's default,
//! [`ModelTargets::Adapted`], therefore assumes Vapi makes the rewrite the provider's SDK makes
//! (`provider::transform`) and reports only what that rewrite leaves; `as-written` reports
//! every check, `off` none (`structured-output-targets` in `plankit.toml`).

use crate::plan::keys::get;
use crate::plan::structured_output::StructuredOutput;
use crate::provider::Target;

/// How a structured output's own model decides the provider checks (`structured-output-targets`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ModelTargets {
    /// The model's target, minus the findings its SDK's strict-mode rewrite resolves.
    #[default]
    Adapted,
    /// The model's target, every check: the schema reaches the provider as written.
    AsWritten,
    /// No target from the model; only `--target` / `targets`.
    Off,
}

impl ModelTargets {
    /// Every setting, in the order the documentation lists them.
    pub const ALL: [ModelTargets; 3] = [ModelTargets::Adapted, ModelTargets::AsWritten, ModelTargets::Off];

    /// The name in `plankit.toml`.
    pub fn name(self) -> &'static str {
        match self {
            ModelTargets::Adapted => "adapted",
            ModelTargets::AsWritten => "as-written",
            ModelTargets::Off => "off",
        }
    }

    /// The setting `name` means.
    pub fn from_name(name: &str) -> Option<ModelTargets> {
        ModelTargets::ALL.into_iter().find(|setting| setting.name() == name)
    }
}

/// The target a structured output's schema is sent to, and why, in the words a help line uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelTarget {
    /// The target.
    pub target: Target,
    /// `model `openai` `gpt-4.1``, or `Vapi's default model (openai `gpt-4.1-2025-04-14`)`.
    pub because: String,
}

/// Vapi's default extraction model when a structured output names none (reference §1.5, from
/// Vapi's gitops notes; the API spec says "GPT-4.1").
pub const DEFAULT_MODEL: &str = "gpt-4.1-2025-04-14";

/// The target `definition`'s model sends its schema to, or `None` (a regex output, a custom or
/// unknown provider).
pub fn target_of(definition: &StructuredOutput) -> Option<ModelTarget> {
    if definition.is_regex() {
        return None;
    }
    let Some(model) = definition.model.as_ref().and_then(|m| m.as_object()) else {
        let target = Target::from_name("openai-strict").ok()?;
        return Some(ModelTarget { target, because: format!("Vapi's default model (openai `{DEFAULT_MODEL}`)") });
    };
    let field = |name: &str| get(model, name).and_then(|(_, v)| v.as_str());
    let provider = field("provider")?;
    let name = field("model");
    let target = match provider {
        // a region suffix is how Vapi reaches Azure OpenAI (reference §1.3)
        "openai" if name.is_some_and(|n| n.contains(':')) => "azure-openai",
        "openai" => "openai-strict",
        "anthropic" | "anthropic-bedrock" => "anthropic",
        "google" => "gemini-json-schema",
        _ => return None,
    };
    let because = match name {
        Some(name) => format!("model `{provider}` `{name}`"),
        None => format!("model `{provider}`"),
    };
    Some(ModelTarget { target: Target::from_name(target).ok()?, because })
}

/// Whether Vapi wraps the schema's root as `{"type": "object", "properties": {"value": …},
/// "required": ["value"]}` before sending it, and unwraps the result (reference §1.7): a root
/// whose `type` is a primitive one, so the provider's `root-object` demand is Vapi's to meet.
pub fn is_wrapped_by_vapi(schema: &serde_json::Value) -> bool {
    let primitive = |t: &serde_json::Value| t.as_str().is_some_and(|t| t != "object");
    schema.get("type").is_some_and(|t| primitive(t) || t.as_array().and_then(|a| a.first()).is_some_and(primitive))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn target(value: Value) -> Option<&'static str> {
        let definition = StructuredOutput::read(value.as_object().unwrap(), "");
        target_of(&definition).map(|t| t.target.name())
    }

    #[test]
    fn each_provider_has_its_target() {
        let so = |provider: &str, model: &str| json!({"name": "x", "model": {"provider": provider, "model": model}});
        assert_eq!(target(so("openai", "gpt-4.1")), Some("openai-strict"));
        assert_eq!(target(so("openai", "gpt-4.1:westeurope")), Some("azure-openai"));
        assert_eq!(target(so("anthropic", "claude-sonnet-4-6")), Some("anthropic"));
        assert_eq!(target(so("anthropic-bedrock", "claude-sonnet-4-6")), Some("anthropic"));
        assert_eq!(target(so("google", "gemini-2.5-flash")), Some("gemini-json-schema"));
        assert_eq!(target(so("custom-llm", "mine")), None);
        assert_eq!(target(so("azure-openai", "gpt-4.1")), None);
    }

    #[test]
    fn no_model_is_vapis_default_and_a_regex_output_has_none() {
        assert_eq!(target(json!({"name": "x", "schema": {"type": "string"}})), Some("openai-strict"));
        assert_eq!(target(json!({"name": "x", "type": "regex", "regex": "\\d+"})), None);
    }

    #[test]
    fn a_primitive_root_is_wrapped_and_an_object_root_is_not() {
        assert!(is_wrapped_by_vapi(&json!({"type": "integer", "minimum": 1})));
        assert!(is_wrapped_by_vapi(&json!({"type": ["string", "null"]})));
        assert!(!is_wrapped_by_vapi(&json!({"type": "object", "properties": {}})));
        assert!(!is_wrapped_by_vapi(&json!({"anyOf": [{"type": "string"}]})));
    }

    #[test]
    fn settings_round_trip_their_names() {
        for setting in ModelTargets::ALL {
            assert_eq!(ModelTargets::from_name(setting.name()), Some(setting));
        }
        assert_eq!(ModelTargets::from_name("on"), None);
    }
}
