//! OpenAI Structured Outputs with `strict: true`: an allowlist; anything outside it is a 400.

use crate::provider::profile::*;

/// The keywords the guide lists as supported, shared with the profiles built on OpenAI's.
pub(crate) const SUPPORTED: &[(&str, Support)] = &[
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
    ("pattern", Support::Enforced),
    ("format", Support::Enforced),
    ("minimum", Support::Enforced),
    ("maximum", Support::Enforced),
    ("exclusiveMinimum", Support::Enforced),
    ("exclusiveMaximum", Support::Enforced),
    ("multipleOf", Support::Enforced),
    ("minItems", Support::Enforced),
    ("maxItems", Support::Enforced),
];

/// `'x' is not permitted.`, as the API words any keyword outside the allowlist.
pub(crate) const NOT_PERMITTED: Support =
    Support::Rejected(Some("In context={context}, '{keyword}' is not permitted."));

/// The error when an object lacks `"additionalProperties": false`.
pub(crate) const ADDITIONAL_PROPERTIES: &str =
    "In context={context}, 'additionalProperties' is required to be supplied and to be false.";

/// The error when a property is missing from `required`.
pub(crate) const REQUIRED: &str = "In context={context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '{name}'.";

/// The error for a root that is not an object.
pub(crate) const ROOT_OBJECT: &str = "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{type}\"'.";

/// The error for a union at the root.
pub(crate) const ROOT_UNION: &str = "schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level. Found '{keyword}'.";

/// The error for an array without `items`.
pub(crate) const ARRAY_ITEMS: &str = "In context={context}, array schema missing items.";

/// The error for keywords beside a `$ref`.
pub(crate) const REF_SIBLINGS: &str = "$ref cannot have keywords {keywords}.";

/// The profile.
pub const PROFILE: Profile = Profile {
    target: "openai-strict",
    provider: "OpenAI Structured Outputs (`strict: true`)",
    speaker: None,
    mode: "`response_format: {type: \"json_schema\", json_schema: {name, strict: true, schema}}`, Responses `text.format`, strict function tools",
    checked: "2026-11-26",
    documented: Some("2025-11-30"),
    source: "https://developers.openai.com/api/docs/guides/structured-outputs",
    caveats: "How OpenAI counts nesting is unpublished; plankit counts property and item steps from the root. \
`default`, `oneOf`, `minLength` and `uniqueItems` are rejected in observed API errors, as the allowlist implies.",
    keywords: Keywords { listed: SUPPORTED, otherwise: NOT_PERMITTED, annotations: &["title", "description"] },
    formats: Some(Formats {
        enforced: &["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"],
        otherwise: Support::Rejected(None),
    }),
    root_object: Requirement::Yes(Some(ROOT_OBJECT)),
    root_union: Support::Rejected(Some(ROOT_UNION)),
    additional_properties_false: Requirement::Yes(Some(ADDITIONAL_PROPERTIES)),
    all_required: Requirement::Yes(Some(REQUIRED)),
    array_items: Requirement::Yes(Some(ARRAY_ITEMS)),
    tuple_items: Support::Rejected(None),
    object_properties: Requirement::No,
    type_arrays: Support::Enforced,
    enum_types: None,
    ref_siblings: Support::Rejected(Some(REF_SIBLINGS)),
    recursion: Support::Enforced,
    boolean_schemas: Support::Rejected(Some(ADDITIONAL_PROPERTIES)),
    limits: Limits {
        depth: Some(Limit { max: 10, error: Some("{n} levels of nesting exceeds limit of {max}.") }),
        properties: Some(Limit { max: 5000, error: Some("{n} parameters exceeds limit of {max}.") }),
        enum_values: Some(Limit { max: 1000, error: None }),
        large_enum: Some(LargeEnum { values: 250, chars: 15_000 }),
        string_chars: Some(Limit { max: 120_000, error: None }),
        optional_properties: None,
        union_properties: None,
    },
    value_limits: &[],
    regex_features: Support::Enforced,
    prompt: Prompt::SCHEMA_PARAMETER,
};
