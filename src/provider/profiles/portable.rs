//! `portable`: what every other target accepts and enforces at once (Gemini through its JSON
//! Schema path). A test checks that this table is at least as strict as each of theirs.

use crate::provider::profile::*;

/// Rejected by at least one target.
const SOMEWHERE: Support = Support::Rejected(None);

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "portable",
    provider: "every target at once (OpenAI strict, Azure OpenAI, Anthropic, Gemini JSON Schema, xAI, Groq, Mistral, DeepSeek)",
    speaker: Some("at least one target"),
    mode: "the intersection of the other targets; Gemini through `responseJsonSchema`",
    checked: "2026-11-26",
    documented: None,
    source: "derived from the other targets' sources (`plankit targets`)",
    caveats: "Gemini `responseSchema` (target `gemini`) is left out: it rejects `additionalProperties`, which the strict \
targets require, so no schema satisfies both; add `--target gemini` to see that conflict. Findings name the strictest rule \
among the targets, not which target it comes from; lint with the targets themselves for their own wording.",
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
            ("title", Support::Enforced),
            ("description", Support::Enforced),
            ("const", Support::Undocumented),
            ("definitions", Support::Undocumented),
        ],
        otherwise: SOMEWHERE,
        annotations: &["title", "description"],
    },
    formats: None,
    root_object: Requirement::Yes(None),
    root_union: SOMEWHERE,
    additional_properties_false: Requirement::Yes(None),
    all_required: Requirement::Yes(None),
    array_items: Requirement::Yes(None),
    tuple_items: SOMEWHERE,
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: Some(EnumTypes { allowed: &["string", "number", "integer", "null"], otherwise: SOMEWHERE }),
    ref_siblings: SOMEWHERE,
    recursion: SOMEWHERE,
    boolean_schemas: SOMEWHERE,
    limits: Limits {
        depth: Some(Limit { max: 5, error: None }),
        properties: Some(Limit { max: 100, error: None }),
        enum_values: Some(Limit { max: 1000, error: None }),
        large_enum: Some(LargeEnum { values: 250, chars: 15_000 }),
        string_chars: Some(Limit { max: 120_000, error: None }),
        optional_properties: Some(Limit { max: 24, error: None }),
        union_properties: Some(Limit { max: 16, error: None }),
    },
    value_limits: &[],
    regex_features: SOMEWHERE,
    prompt: Prompt { mentions_json: Requirement::Yes(None), includes_schema: Requirement::Yes(None) },
};
