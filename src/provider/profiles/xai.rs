//! xAI (Grok) `response_format: json_schema`: broad support, best effort for the rest, and a
//! short list of constructs that fail the request.

use crate::provider::profile::*;

/// "Best-effort (not enforced)."
const BEST_EFFORT: Support = Support::Ignored;

/// "Rejected with 400"; the wording is not published.
const REJECTED: Support = Support::Rejected(None);

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "xai",
    provider: "xAI Grok structured outputs",
    speaker: None,
    mode: "`response_format: {type: \"json_schema\", json_schema}`; tool schemas are always strict",
    checked: "2026-11-26",
    documented: None,
    source: "https://docs.x.ai/developers/model-capabilities/text/structured-outputs",
    caveats: "`additionalProperties` defaults to false on xAI (extra keys are refused unless it is `true`). \
`allOf` with more than one subschema is best effort. The wording of xAI's 400 errors is not published.",
    keywords: Keywords {
        listed: &[
            ("type", Support::Enforced),
            ("properties", Support::Enforced),
            ("required", Support::Enforced),
            ("additionalProperties", Support::Enforced),
            ("items", Support::Enforced),
            ("prefixItems", Support::Enforced),
            ("enum", Support::Enforced),
            ("const", Support::Enforced),
            ("anyOf", Support::Enforced),
            ("oneOf", Support::Enforced),
            ("allOf", Support::Enforced),
            ("$ref", Support::Enforced),
            ("$defs", Support::Enforced),
            ("definitions", Support::Enforced),
            ("format", Support::Enforced),
            ("pattern", Support::Enforced),
            ("minimum", Support::Enforced),
            ("maximum", Support::Enforced),
            ("exclusiveMinimum", Support::Enforced),
            ("exclusiveMaximum", Support::Enforced),
            ("minLength", Support::Enforced),
            ("maxLength", Support::Enforced),
            ("minItems", Support::Enforced),
            ("maxItems", Support::Enforced),
            ("minProperties", Support::Enforced),
            ("maxProperties", Support::Enforced),
            ("title", Support::Enforced),
            ("description", Support::Enforced),
            ("not", BEST_EFFORT),
            ("if", BEST_EFFORT),
            ("then", BEST_EFFORT),
            ("else", BEST_EFFORT),
            ("minContains", REJECTED),
            ("maxContains", REJECTED),
        ],
        otherwise: BEST_EFFORT,
        annotations: &["title", "description", "default", "examples", "$schema", "$id", "$comment"],
    },
    formats: Some(Formats {
        enforced: &["date", "time", "date-time", "email", "uuid", "ipv4", "ipv6", "uri"],
        otherwise: BEST_EFFORT,
    }),
    root_object: Requirement::No,
    root_union: Support::Enforced,
    additional_properties_false: Requirement::No,
    all_required: Requirement::No,
    array_items: Requirement::No,
    tuple_items: REJECTED,
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: None,
    ref_siblings: Support::Enforced,
    recursion: REJECTED,
    boolean_schemas: REJECTED,
    limits: Limits::NONE,
    value_limits: &[
        ValueLimit { keywords: &["minLength", "maxLength"], max: 2048, beyond: BEST_EFFORT },
        ValueLimit { keywords: &["minItems", "maxItems"], max: 256, beyond: BEST_EFFORT },
        ValueLimit { keywords: &["minProperties", "maxProperties"], max: 64, beyond: BEST_EFFORT },
    ],
    regex_features: BEST_EFFORT,
    prompt: Prompt::SCHEMA_PARAMETER,
};
