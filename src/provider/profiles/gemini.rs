//! Gemini API `responseSchema`: an OpenAPI 3.0 `Schema` object, not JSON Schema. A key the
//! `Schema` message does not have is an unknown protobuf field and fails the request.

use crate::provider::profile::*;

/// A field the `Schema` message does not have.
const UNKNOWN_FIELD: Support = Support::Rejected(Some(
    "Invalid JSON payload received. Unknown name \"{keyword}\" at 'generation_config.response_schema': Cannot find field.",
));

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "gemini",
    provider: "Google Gemini API `responseSchema` (OpenAPI 3.0 subset)",
    speaker: None,
    mode: "`generationConfig: {responseMimeType: \"application/json\", responseSchema}`",
    checked: "2026-11-26",
    documented: None,
    source: "https://ai.google.dev/api/caching#Schema",
    caveats: "Vertex AI's `Schema` also has `additionalProperties`, `ref` and `defs`; this profile is the Gemini API's. \
Whether `minLength`, `pattern` and the like are enforced on this path is unpublished. The 2026 API reference marks \
`responseSchema` deprecated in favour of the JSON Schema path (target `gemini-json-schema`).",
    keywords: Keywords {
        listed: &[
            ("type", Support::Enforced),
            ("properties", Support::Enforced),
            ("required", Support::Enforced),
            ("items", Support::Enforced),
            ("enum", Support::Enforced),
            ("anyOf", Support::Enforced),
            ("nullable", Support::Enforced),
            ("format", Support::Enforced),
            ("minimum", Support::Enforced),
            ("maximum", Support::Enforced),
            ("minItems", Support::Enforced),
            ("maxItems", Support::Enforced),
            ("propertyOrdering", Support::Enforced),
            ("minLength", Support::Undocumented),
            ("maxLength", Support::Undocumented),
            ("pattern", Support::Undocumented),
            ("minProperties", Support::Undocumented),
            ("maxProperties", Support::Undocumented),
            ("title", Support::Enforced),
            ("description", Support::Enforced),
            ("default", Support::Enforced),
            ("example", Support::Enforced),
        ],
        otherwise: UNKNOWN_FIELD,
        annotations: &["title", "description", "default", "example"],
    },
    formats: Some(Formats {
        enforced: &["enum", "date-time", "float", "double", "int32", "int64"],
        otherwise: Support::Rejected(Some("format: only 'enum' and 'date-time' are supported for STRING type")),
    }),
    root_object: Requirement::No,
    root_union: Support::Enforced,
    additional_properties_false: Requirement::No,
    all_required: Requirement::No,
    array_items: Requirement::Yes(Some("items: missing field")),
    tuple_items: Support::Rejected(None),
    object_properties: Requirement::Yes(Some("properties: should be non-empty for OBJECT type")),
    type_arrays: Support::Rejected(None),
    enum_types: Some(EnumTypes {
        allowed: &["string"],
        otherwise: Support::Rejected(Some("enum: only allowed for STRING type")),
    }),
    ref_siblings: Support::Enforced,
    recursion: Support::Enforced,
    boolean_schemas: Support::Rejected(None),
    limits: Limits::NONE,
    value_limits: &[],
    regex_features: Support::Enforced,
    prompt: Prompt::SCHEMA_PARAMETER,
};
