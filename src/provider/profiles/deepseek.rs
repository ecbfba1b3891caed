//! DeepSeek: no schema mode at all. `response_format: {type: "json_object"}` only guarantees
//! JSON, so the schema reaches the model only through the prompt template.

use crate::provider::profile::*;

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "deepseek",
    provider: "DeepSeek JSON Output (`json_object`)",
    speaker: None,
    mode: "`response_format: {type: \"json_object\"}`; there is no `json_schema` response format",
    checked: "2026-11-26",
    documented: None,
    source: "https://api-docs.deepseek.com/guides/json_mode",
    caveats: "Nothing enforces the schema: it is only text in the prompt. DeepSeek's docs say to \"include the word \
\"json\" in the system or user prompt, and provide an example of the desired JSON format\"; the error text for a \
prompt without it is not published. Strict tool calling (beta) is not a structured-output mode for analysis plans.",
    keywords: Keywords { listed: &[], otherwise: Support::Enforced, annotations: &[] },
    formats: None,
    root_object: Requirement::No,
    root_union: Support::Enforced,
    additional_properties_false: Requirement::No,
    all_required: Requirement::No,
    array_items: Requirement::No,
    tuple_items: Support::Enforced,
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: None,
    ref_siblings: Support::Enforced,
    recursion: Support::Enforced,
    boolean_schemas: Support::Enforced,
    limits: Limits::NONE,
    value_limits: &[],
    regex_features: Support::Enforced,
    prompt: Prompt { mentions_json: Requirement::Yes(None), includes_schema: Requirement::Yes(None) },
};
