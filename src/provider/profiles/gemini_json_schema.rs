//! Gemini `responseJsonSchema` (and the 2026 `responseFormat.text.schema`): real JSON Schema,
//! where keywords outside the documented subset are silently ignored.

use crate::provider::profile::*;

/// "The model ignores unsupported properties."
const IGNORED: Support = Support::Ignored;

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "gemini-json-schema",
    provider: "Google Gemini `responseJsonSchema` (JSON Schema subset)",
    speaker: None,
    mode: "`generationConfig: {responseMimeType: \"application/json\", responseJsonSchema}` or `responseFormat.text.schema`",
    checked: "2026-11-26",
    documented: Some("2025-11"),
    source: "https://ai.google.dev/gemini-api/docs/structured-output",
    caveats: "Keywords outside the documented subset are accepted and ignored, not rejected. Very large or deeply \
nested schemas may fail with \"too many states for serving\"; the threshold is unpublished.",
    keywords: Keywords {
        listed: &[
            ("type", Support::Enforced),
            ("properties", Support::Enforced),
            ("required", Support::Enforced),
            ("additionalProperties", Support::Enforced),
            ("items", Support::Enforced),
            ("prefixItems", Support::Enforced),
            ("minItems", Support::Enforced),
            ("maxItems", Support::Enforced),
            ("enum", Support::Enforced),
            ("format", Support::Enforced),
            ("minimum", Support::Enforced),
            ("maximum", Support::Enforced),
            ("anyOf", Support::Enforced),
            ("$ref", Support::Enforced),
            ("$defs", Support::Enforced),
            ("title", Support::Enforced),
            ("description", Support::Enforced),
        ],
        otherwise: IGNORED,
        annotations: &["title", "description", "default", "examples", "$schema", "$id", "$comment"],
    },
    formats: Some(Formats { enforced: &["date-time", "date", "time"], otherwise: IGNORED }),
    root_object: Requirement::No,
    root_union: Support::Enforced,
    additional_properties_false: Requirement::No,
    all_required: Requirement::No,
    array_items: Requirement::No,
    tuple_items: IGNORED,
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: Some(EnumTypes { allowed: &["string", "number", "integer", "null"], otherwise: Support::Undocumented }),
    ref_siblings: Support::Enforced,
    recursion: Support::Enforced,
    boolean_schemas: Support::Enforced,
    limits: Limits::NONE,
    value_limits: &[],
    regex_features: Support::Enforced,
    prompt: Prompt::SCHEMA_PARAMETER,
};
