//! Anthropic structured outputs (`output_config.format`) and strict tool use: explicit
//! `additionalProperties: false`, no recursion, no numeric or length constraints, and
//! per-request budgets for optional and union-typed fields.

use crate::provider::profile::*;

/// "If you use an unsupported feature, you'll receive a 400 error with details."
const UNSUPPORTED: Support = Support::Rejected(None);

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "anthropic",
    provider: "Anthropic structured outputs (JSON outputs and strict tool use)",
    speaker: None,
    mode: "`output_config.format: {type: \"json_schema\", schema}` or `tools[].strict: true`",
    checked: "2026-11-26",
    documented: None,
    source: "https://platform.claude.com/docs/en/build-with-claude/structured-outputs",
    caveats: "The Anthropic SDKs rewrite unsupported keywords into the description; raw API calls (bring-your-own-key \
platforms) get the 400. The optional and union budgets count every strict schema of one request; plankit counts one schema. \
Raw `oneOf` is undocumented (the SDK rewrites it to `anyOf`).",
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
            ("allOf", Support::Enforced),
            ("$ref", Support::Enforced),
            ("$defs", Support::Enforced),
            ("definitions", Support::Enforced),
            ("default", Support::Enforced),
            ("description", Support::Enforced),
            ("title", Support::Enforced),
            ("format", Support::Enforced),
            ("pattern", Support::Enforced),
            ("minItems", Support::Enforced),
            ("oneOf", Support::Undocumented),
        ],
        otherwise: UNSUPPORTED,
        annotations: &["title", "description", "default"],
    },
    formats: Some(Formats {
        enforced: &["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"],
        otherwise: UNSUPPORTED,
    }),
    root_object: Requirement::No,
    root_union: Support::Rejected(Some("input_schema does not support oneOf, allOf, or anyOf at the top level")),
    additional_properties_false: Requirement::Yes(Some(
        "output_config.format.schema: For 'object' type, 'additionalProperties' must be explicitly set to false",
    )),
    all_required: Requirement::No,
    array_items: Requirement::No,
    tuple_items: Support::Undocumented,
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: Some(EnumTypes {
        allowed: &["string", "number", "integer", "boolean", "null"],
        otherwise: UNSUPPORTED,
    }),
    ref_siblings: Support::Enforced,
    recursion: UNSUPPORTED,
    boolean_schemas: Support::Enforced,
    limits: Limits {
        depth: None,
        properties: None,
        enum_values: None,
        large_enum: None,
        string_chars: None,
        optional_properties: Some(Limit { max: 24, error: None }),
        union_properties: Some(Limit { max: 16, error: None }),
    },
    value_limits: &[ValueLimit { keywords: &["minItems"], max: 1, beyond: UNSUPPORTED }],
    regex_features: UNSUPPORTED,
    prompt: Prompt::SCHEMA_PARAMETER,
};
