//! Mistral `response_format: json_schema`: no published subset; `$id` and `$schema` have
//! been rejected since August 2025.

use crate::provider::profile::*;

/// The grammar compiler's error for `$id` and `$schema`.
const GRAMMAR_ERROR: Support = Support::Rejected(Some("Grammar error: at 3(11): failed to compile JSON schema"));

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "mistral",
    provider: "Mistral custom structured outputs",
    speaker: None,
    mode: "`response_format: {type: \"json_schema\", json_schema: {name, schema, strict}}`",
    checked: "2026-11-26",
    documented: Some("2025-08-07"),
    source: "https://docs.mistral.ai/capabilities/structured-output/custom_structured_output/",
    caveats: "Mistral publishes no keyword subset or size limits. The `$id`/`$schema` rejection was observed \
(BerriAI/litellm#13389), not documented.",
    keywords: Keywords {
        listed: &[("$id", GRAMMAR_ERROR), ("$schema", GRAMMAR_ERROR)],
        otherwise: Support::Enforced,
        annotations: &["title", "description"],
    },
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
    prompt: Prompt::SCHEMA_PARAMETER,
};
