//! Provider strict-mode transforms: what the providers' own SDKs do to a JSON Schema before
//! they send it, so a schema plankit flags can be rewritten the way the provider's SDK would
//! have sent it.
//!
//! One file per SDK family, each a table of [`SdkRule`]s (what the SDK adds, moves into the
//! `description`, drops or rewrites, with the SDK file and function that does it) and a pure
//! function over `serde_json::Value`. No text is handled here: the fix engine
//! ([`crate::fix::Fix::set_value`]) turns the new value into minimal edits of the file.
//!
//! | target | family |
//! |---|---|
//! | `openai-strict`, `azure-openai`, `groq` | [`openai`]: openai-python `to_strict_json_schema` and openai-node `transformJSONSchema` |
//! | `anthropic` | [`anthropic`]: anthropic-sdk-typescript `transformJSONSchema` / anthropic-sdk-python `transform_schema` |
//! | `gemini` | [`gemini`]: google-genai (python) `_transformers.process_schema` |
//!
//! Keys starting with `x-plankit-` are plankit's own annotations (stripped before a schema is
//! sent); every transform leaves them where they are.

use serde_json::{Map, Value};

use crate::provider::Target;

pub mod anthropic;
pub mod gemini;
pub mod openai;

/// One thing an SDK does to a schema, and where in the SDK it does it.
#[derive(Debug, PartialEq, Eq)]
pub struct SdkRule {
    /// Short kebab-case name: `additional-properties-false`.
    pub id: &'static str,
    /// The SDK and function, as `repository path function`.
    pub source: &'static str,
    /// What it does, one line.
    pub does: &'static str,
}

/// One step a transform took: which rule, at which subschema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// JSON Pointer of the subschema (or keyword) the step changed, relative to the schema root
    /// (`""` is the root).
    pub pointer: String,
    /// The SDK rule that did it.
    pub rule: &'static SdkRule,
}

/// The result of a transform: the new schema and every step taken to get there.
#[derive(Debug, Clone, PartialEq)]
pub struct Transformed {
    /// The schema as the SDK would send it.
    pub schema: Value,
    /// The steps, in the order they were taken; empty when the schema was left as it was.
    pub steps: Vec<Step>,
}

/// Why a schema cannot be transformed: the SDK itself would refuse it (raise or throw).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {reason}")]
pub struct Refused {
    /// Where, relative to the schema root.
    pub pointer: String,
    /// The SDK's own words, where it has them.
    pub reason: String,
}

/// An SDK family: the transform, and which provider checks its result satisfies.
#[derive(Debug)]
pub struct Family {
    /// Name shown in fix descriptions: `OpenAI SDK strict schema`.
    pub name: &'static str,
    /// Every rule the transform may apply, for the documentation.
    pub rules: &'static [&'static SdkRule],
    /// The provider checks (`provider/<target>/<check>`) whose findings the transformed schema
    /// no longer has, with the keywords it resolves for a keyword check (empty: every finding
    /// of the check).
    pub resolves: &'static [(&'static str, &'static [&'static str])],
    /// The keywords holding subschemas the SDK walks into, when it leaves the others as they
    /// are (a finding under `not` stays); empty when it walks or rewrites them all.
    pub walks: &'static [&'static str],
    transform: fn(&Input<'_>) -> Result<Transformed, Refused>,
}

impl Family {
    /// Whether a finding of `check` at `pointer` (relative to the schema root) is one this
    /// family's transform resolves.
    pub fn resolves(&self, check: &str, pointer: &str) -> bool {
        if !self.walks.is_empty() && !reached(pointer, self.walks) {
            return false;
        }
        self.resolves.iter().any(|(name, keywords)| {
            *name == check
                && (keywords.is_empty()
                    || keywords
                        .iter()
                        .any(|k| pointer.rsplit('/').next() == Some(&*crate::json::escape_pointer_token(k))))
        })
    }
}

/// Whether every subschema step of `pointer` (relative to a schema root) goes through a
/// keyword in `walks`; the last token, the keyword a finding is about, is not a step.
fn reached(pointer: &str, walks: &[&str]) -> bool {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut i = 0;
    while i + 1 < tokens.len() {
        let keyword = tokens[i];
        if !walks.contains(&keyword) {
            return false;
        }
        let named = matches!(
            keyword,
            "properties" | "$defs" | "definitions" | "patternProperties" | "anyOf" | "allOf" | "oneOf" | "prefixItems"
        );
        i += if named { 2 } else { 1 };
    }
    true
}

/// Which family each target's SDK belongs to.
static TARGETS: &[(&str, &Family)] = &[
    ("openai-strict", &openai::FAMILY),
    ("azure-openai", &openai::FAMILY),
    ("groq", &openai::FAMILY),
    ("anthropic", &anthropic::FAMILY),
    ("gemini", &gemini::FAMILY),
];

/// The SDK family of a target, when plankit mirrors one.
pub fn family(target: Target) -> Option<&'static Family> {
    TARGETS.iter().find(|(name, _)| *name == target.name()).map(|(_, family)| *family)
}

/// Where a key sits in the author's text, for keeping the author's order where an SDK lists
/// keys (the leftover keywords it writes into a description, Gemini's `propertyOrdering`).
/// Given the pointer of a key relative to the schema root, its byte offset in the file.
pub type KeyOrder<'a> = &'a dyn Fn(&str) -> Option<usize>;

/// What a transform works on.
pub(crate) struct Input<'a> {
    pub(crate) target: Target,
    pub(crate) schema: &'a Value,
    pub(crate) order: Option<KeyOrder<'a>>,
}

/// The schema as `target`'s SDK would send it, with the steps taken; `None` when plankit
/// mirrors no SDK for the target.
///
/// ```
/// use plankit::provider::{Target, transform::transform};
/// let target = Target::from_name("openai-strict").unwrap();
/// let schema = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
/// let done = transform(target, &schema).unwrap().unwrap();
/// assert_eq!(
///     done.schema,
///     serde_json::json!({"type": "object", "properties": {"a": {"type": ["string", "null"]}},
///         "required": ["a"], "additionalProperties": false})
/// );
/// ```
pub fn transform(target: Target, schema: &Value) -> Option<Result<Transformed, Refused>> {
    transform_in_order(target, schema, None)
}

/// [`transform`], listing keys in the author's order where the SDK lists them (`order` gives
/// each key's position in the file; see [`KeyOrder`]).
pub fn transform_in_order(
    target: Target,
    schema: &Value,
    order: Option<KeyOrder<'_>>,
) -> Option<Result<Transformed, Refused>> {
    let family = family(target)?;
    Some((family.transform)(&Input { target, schema, order }))
}

/// Records steps as a transform walks.
pub(crate) struct Steps(pub(crate) Vec<Step>);

impl Steps {
    pub(crate) fn push(&mut self, pointer: &str, rule: &'static SdkRule) {
        self.0.push(Step { pointer: pointer.to_owned(), rule });
    }
}

/// Takes plankit's own `x-plankit-*` keys out of `schema`, to be put back by [`restore`].
pub(crate) fn take_plankit_keys(schema: &mut Map<String, Value>) -> Vec<(String, Value)> {
    let keys: Vec<String> = schema.keys().filter(|k| k.starts_with("x-plankit-")).cloned().collect();
    keys.into_iter().filter_map(|k| schema.remove(&k).map(|v| (k, v))).collect()
}

/// Puts back what [`take_plankit_keys`] took.
pub(crate) fn restore(schema: &mut Map<String, Value>, kept: Vec<(String, Value)>) {
    schema.extend(kept);
}

/// The keys of `map` in the author's order when known (by position in the file), else as
/// stored.
pub(crate) fn ordered_keys(map: &Map<String, Value>, pointer: &str, order: Option<KeyOrder<'_>>) -> Vec<String> {
    let mut keys: Vec<String> = map.keys().cloned().collect();
    if let Some(order) = order {
        keys.sort_by_key(|key| order(&crate::json::child_pointer(pointer, key)).unwrap_or(usize::MAX));
    }
    keys
}

/// The SDKs' way of keeping what a provider cannot enforce: the leftover keywords appended to
/// the description as `{key: JSON, key: JSON}`, after a blank line when there is one
/// (`JSON.stringify` in the TypeScript SDKs; the leftover keys in the author's order).
pub(crate) fn describe_leftovers(
    strict: &mut Map<String, Value>,
    leftovers: &Map<String, Value>,
    pointer: &str,
    order: Option<KeyOrder<'_>>,
) {
    if leftovers.is_empty() {
        return;
    }
    let listed: Vec<String> =
        ordered_keys(leftovers, pointer, order).into_iter().map(|key| format!("{key}: {}", leftovers[&key])).collect();
    let existing = match strict.get("description") {
        Some(Value::String(text)) if !text.is_empty() => format!("{text}\n\n"),
        _ => String::new(),
    };
    strict.insert("description".to_owned(), Value::String(format!("{existing}{{{}}}", listed.join(", "))));
}

/// The target of a local `$ref` (`#`, `#/$defs/x`, `#/definitions/x`, any `#/a/b` path) in
/// `root`.
pub(crate) fn resolve_ref<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let path = reference.strip_prefix('#')?;
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    root.pointer(&decoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_without_a_mirrored_sdk_have_no_transform() {
        for name in ["xai", "mistral", "deepseek", "gemini-json-schema", "portable"] {
            let target = Target::from_name(name).unwrap_or_else(|e| panic!("{e}"));
            assert!(transform(target, &json!({"type": "object"})).is_none(), "{name}");
        }
        for name in ["openai-strict", "azure-openai", "groq", "anthropic", "gemini"] {
            let target = Target::from_name(name).unwrap_or_else(|e| panic!("{e}"));
            assert!(transform(target, &json!({"type": "object"})).is_some(), "{name}");
        }
    }

    #[test]
    fn leftovers_follow_the_description_after_a_blank_line_in_the_authors_order() {
        let mut strict = Map::new();
        strict.insert("description".to_owned(), json!("A number"));
        let leftovers = json!({"minimum": 1, "maximum": 10}).as_object().cloned().unwrap_or_default();
        let order = |pointer: &str| match pointer {
            "/x/minimum" => Some(1),
            "/x/maximum" => Some(2),
            _ => None,
        };
        describe_leftovers(&mut strict, &leftovers, "/x", Some(&order));
        assert_eq!(strict["description"], json!("A number\n\n{minimum: 1, maximum: 10}"));
    }

    #[test]
    fn resolves_matches_keyword_findings_by_their_last_token() {
        assert!(gemini::FAMILY.resolves("unsupported-keyword", "/properties/a/$ref"));
        assert!(!gemini::FAMILY.resolves("unsupported-keyword", "/additionalProperties"));
        assert!(openai::FAMILY.resolves("additional-properties", ""));
        assert!(gemini::FAMILY.resolves("unsupported-keyword", "/properties/a/items/const"));
        // the SDK does not walk into `not`: a `const` there stays
        assert!(!gemini::FAMILY.resolves("unsupported-keyword", "/properties/a/not/const"));
    }
}
