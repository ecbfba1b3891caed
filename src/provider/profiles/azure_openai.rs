//! Azure OpenAI structured outputs: OpenAI's rules with the older, smaller limits and the
//! keyword list Microsoft's page still documents as unsupported.

use crate::provider::profile::*;
use crate::provider::profiles::openai_strict as openai;

/// Documented as "unsupported type-specific keywords" on Azure's page.
const DOCUMENTED_UNSUPPORTED: Support = Support::Rejected(None);

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "azure-openai",
    provider: "Azure OpenAI structured outputs (`strict: true`)",
    speaker: None,
    mode: "as OpenAI: `response_format` `json_schema` with `strict: true`; API `2024-08-01-preview` or later, or `v1`",
    checked: "2026-11-26",
    documented: Some("2025-12-06"),
    source: "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/structured-outputs",
    caveats: "Microsoft's page (ms.date 2025-12-06) still lists OpenAI's 2024 limits (100 properties, 5 levels) and \
keyword blacklist; one Azure deployment was seen enforcing 10 levels, and Vapi strips these keywords for Azure by default.",
    keywords: Keywords {
        listed: &[
            ("type", Support::Enforced),
            ("properties", Support::Enforced),
            ("required", Support::Enforced),
            ("additionalProperties", Support::Enforced),
            ("items", Support::Enforced),
            ("enum", Support::Enforced),
            ("const", Support::Enforced),
            ("anyOf", Support::Enforced),
            ("$ref", Support::Enforced),
            ("$defs", Support::Enforced),
            ("definitions", Support::Enforced),
            ("description", Support::Enforced),
            ("title", Support::Enforced),
            ("minLength", DOCUMENTED_UNSUPPORTED),
            ("maxLength", DOCUMENTED_UNSUPPORTED),
            ("pattern", DOCUMENTED_UNSUPPORTED),
            ("format", DOCUMENTED_UNSUPPORTED),
            ("minimum", DOCUMENTED_UNSUPPORTED),
            ("maximum", DOCUMENTED_UNSUPPORTED),
            ("multipleOf", DOCUMENTED_UNSUPPORTED),
            ("patternProperties", DOCUMENTED_UNSUPPORTED),
            ("unevaluatedProperties", DOCUMENTED_UNSUPPORTED),
            ("propertyNames", DOCUMENTED_UNSUPPORTED),
            ("minProperties", DOCUMENTED_UNSUPPORTED),
            ("maxProperties", DOCUMENTED_UNSUPPORTED),
            ("unevaluatedItems", DOCUMENTED_UNSUPPORTED),
            ("contains", DOCUMENTED_UNSUPPORTED),
            ("minContains", DOCUMENTED_UNSUPPORTED),
            ("maxContains", DOCUMENTED_UNSUPPORTED),
            ("minItems", DOCUMENTED_UNSUPPORTED),
            ("maxItems", DOCUMENTED_UNSUPPORTED),
            ("uniqueItems", openai::NOT_PERMITTED),
        ],
        otherwise: openai::NOT_PERMITTED,
        annotations: &["title", "description"],
    },
    // `format` itself is documented unsupported, so its values are never reached
    formats: None,
    root_object: Requirement::Yes(Some(openai::ROOT_OBJECT)),
    root_union: Support::Rejected(Some(openai::ROOT_UNION)),
    additional_properties_false: Requirement::Yes(Some(openai::ADDITIONAL_PROPERTIES)),
    all_required: Requirement::Yes(Some(openai::REQUIRED)),
    array_items: Requirement::Yes(Some(openai::ARRAY_ITEMS)),
    tuple_items: Support::Rejected(None),
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: None,
    ref_siblings: Support::Rejected(Some(openai::REF_SIBLINGS)),
    recursion: Support::Enforced,
    boolean_schemas: Support::Rejected(Some(openai::ADDITIONAL_PROPERTIES)),
    limits: Limits {
        depth: Some(Limit { max: 5, error: None }),
        properties: Some(Limit { max: 100, error: None }),
        enum_values: None,
        large_enum: None,
        string_chars: None,
        optional_properties: None,
        union_properties: None,
    },
    value_limits: &[],
    regex_features: Support::Enforced,
    prompt: Prompt::SCHEMA_PARAMETER,
};
