//! Groq `strict: true` (the `openai/gpt-oss-*` models): OpenAI-shaped rules, with a short
//! documented subset and no published list of what else it rejects.

use crate::provider::profile::*;

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "groq",
    provider: "Groq structured outputs (`strict: true`)",
    speaker: None,
    mode: "`response_format` `json_schema` with `strict: true`; strict mode only on `openai/gpt-oss-20b` and `-120b`",
    checked: "2026-11-26",
    documented: None,
    source: "https://console.groq.com/docs/structured-outputs",
    caveats: "Groq documents the rules (\"All fields must be required and objects must set additionalProperties: false\") \
but neither error texts nor a keyword blacklist; keywords outside its documented subset may be rejected or ignored. \
The object root is inferred from \"same rules as OpenAI\".",
    keywords: Keywords {
        listed: &[
            ("type", Support::Enforced),
            ("properties", Support::Enforced),
            ("required", Support::Enforced),
            ("additionalProperties", Support::Enforced),
            ("items", Support::Enforced),
            ("enum", Support::Enforced),
            ("anyOf", Support::Enforced),
            ("$ref", Support::Enforced),
            ("$defs", Support::Enforced),
            ("definitions", Support::Enforced),
            ("title", Support::Enforced),
            ("description", Support::Enforced),
        ],
        otherwise: Support::Undocumented,
        annotations: &["title", "description"],
    },
    formats: None,
    root_object: Requirement::Yes(None),
    root_union: Support::Undocumented,
    additional_properties_false: Requirement::Yes(None),
    all_required: Requirement::Yes(None),
    array_items: Requirement::No,
    tuple_items: Support::Undocumented,
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: None,
    ref_siblings: Support::Undocumented,
    recursion: Support::Enforced,
    boolean_schemas: Support::Undocumented,
    limits: Limits::NONE,
    value_limits: &[],
    regex_features: Support::Enforced,
    prompt: Prompt::SCHEMA_PARAMETER,
};
