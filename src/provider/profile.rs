//! The shape of a provider profile: what one provider's structured-output mode accepts,
//! enforces, ignores and rejects, as plain data. Every fact carries the provider's own error
//! text where it is known, so messages can quote what users will search for.
//!
//! A profile is a `const` table (see `profiles/`); the generic checks in `checks/` read it.
//! Nothing here decides anything: adding a provider is adding a table.

use crate::diagnostic::Severity;

/// One provider's structured-output mode, as documented on a given date.
#[derive(Debug)]
pub struct Profile {
    /// The name users pass to `--target`, kebab-case: `openai-strict`.
    pub target: &'static str,
    /// The provider and mode in words: `OpenAI Structured Outputs (strict: true)`.
    pub provider: &'static str,
    /// Who messages say rejects or ignores something: the target's name, or for a profile that
    /// stands for several targets, words such as "at least one target".
    pub speaker: Option<&'static str>,
    /// How the mode is switched on in a request.
    pub mode: &'static str,
    /// When these facts were last checked against the source (YYYY-MM-DD).
    pub checked: &'static str,
    /// The date the source itself carries, when it has one (a doc's `ms.date`, "updated" stamp).
    pub documented: Option<&'static str>,
    /// The provider's documentation the facts come from.
    pub source: &'static str,
    /// What is uncertain or inferred, in one or two sentences; shown by `plankit explain`.
    pub caveats: &'static str,
    /// Which keywords the mode enforces, ignores or rejects.
    pub keywords: Keywords,
    /// Which `format` values it enforces; `None` when it says nothing about values.
    pub formats: Option<Formats>,
    /// Whether the root must be an object (and nothing else).
    pub root_object: Requirement,
    /// Whether a union (`anyOf`, `oneOf`, `allOf`, `enum`, `not`) is rejected at the root.
    pub root_union: Support,
    /// Whether every object must say `"additionalProperties": false`.
    pub additional_properties_false: Requirement,
    /// Whether every property must be listed in its object's `required`.
    pub all_required: Requirement,
    /// Whether an array must have a single `items` schema.
    pub array_items: Requirement,
    /// What happens to `items` written as an array (a tuple).
    pub tuple_items: Support,
    /// Whether an object must declare at least one property.
    pub object_properties: Requirement,
    /// What happens to `"type": ["string", "null"]`.
    pub type_arrays: Support,
    /// Which JSON types `enum` values may have; `None` when any.
    pub enum_types: Option<EnumTypes>,
    /// What happens to a `$ref` with other keywords beside it.
    pub ref_siblings: Support,
    /// What happens to a schema that refers to itself (`$ref` cycles).
    pub recursion: Support,
    /// What happens to a subschema written as `true`, `false` or `{}`.
    pub boolean_schemas: Support,
    /// Size limits over the whole schema.
    pub limits: Limits,
    /// Limits on keyword values (`minItems` only 0 or 1, `maxLength` up to 2,048, …).
    pub value_limits: &'static [ValueLimit],
    /// What happens to regex features outside the provider's regex subset.
    pub regex_features: Support,
    /// What the prompt must carry, for modes that do not take the schema as a parameter.
    pub prompt: Prompt,
}

impl Profile {
    /// Who messages say rejects or ignores something.
    pub fn subject(&self) -> &'static str {
        self.speaker.unwrap_or(self.target)
    }
}

/// What the provider does with something a schema uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Accepted and enforced: the output is guaranteed to follow it.
    Enforced,
    /// Accepted but not enforced: the model may return a value that breaks it.
    Ignored,
    /// Not documented either way: it may be rejected or ignored.
    Undocumented,
    /// The request is rejected (HTTP 400); the provider's own error text, when known.
    Rejected(Option<&'static str>),
}

impl Support {
    /// The severity of a finding about it: error when rejected, warning when not enforced or
    /// undocumented, nothing when enforced.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Support::Enforced => None,
            Support::Ignored | Support::Undocumented => Some(Severity::Warning),
            Support::Rejected(_) => Some(Severity::Error),
        }
    }

    /// How strict this is, for comparing profiles: enforced < ignored/undocumented < rejected.
    pub fn strictness(self) -> u8 {
        match self {
            Support::Enforced => 0,
            Support::Ignored | Support::Undocumented => 1,
            Support::Rejected(_) => 2,
        }
    }

    /// True when the request is rejected.
    pub fn is_rejected(self) -> bool {
        matches!(self, Support::Rejected(_))
    }
}

/// Something the provider insists on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// The provider does not ask for it.
    No,
    /// The request is rejected without it; the provider's own error text, when known.
    Yes(Option<&'static str>),
}

impl Requirement {
    /// True when the provider insists.
    pub fn is_required(self) -> bool {
        matches!(self, Requirement::Yes(_))
    }

    /// The provider's error text, when it insists and the text is known.
    pub fn error(self) -> Option<&'static str> {
        match self {
            Requirement::Yes(error) => error,
            Requirement::No => None,
        }
    }
}

/// Keyword support: the listed keywords, and what happens to every other keyword.
#[derive(Debug)]
pub struct Keywords {
    /// Keywords with a known fate, and that fate.
    pub listed: &'static [(&'static str, Support)],
    /// The fate of a keyword not listed (an allowlist rejects; a lenient mode ignores).
    pub otherwise: Support,
    /// Keywords that only annotate (`title`, `description`) and are never worth a warning
    /// when ignored.
    pub annotations: &'static [&'static str],
}

impl Keywords {
    /// What the provider does with `keyword`.
    pub fn support(&self, keyword: &str) -> Support {
        self.listed.iter().find(|(k, _)| *k == keyword).map_or(self.otherwise, |(_, support)| *support)
    }
}

/// `format` values the provider enforces, and what happens to the others.
#[derive(Debug)]
pub struct Formats {
    /// Enforced values.
    pub enforced: &'static [&'static str],
    /// The fate of any other value.
    pub otherwise: Support,
}

/// The JSON types `enum` values may have.
#[derive(Debug)]
pub struct EnumTypes {
    /// Allowed types (`string`, `number`, `integer`, `boolean`, `null`).
    pub allowed: &'static [&'static str],
    /// The fate of other values.
    pub otherwise: Support,
}

/// A maximum, and the provider's error text when it is exceeded. `{n}` in the text is the
/// schema's count, `{max}` the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The largest value accepted.
    pub max: usize,
    /// The provider's error text, when known.
    pub error: Option<&'static str>,
}

/// Size limits over a whole schema; `None` when the provider publishes none.
#[derive(Debug)]
pub struct Limits {
    /// Nesting depth (property and item steps from the root).
    pub depth: Option<Limit>,
    /// Object properties, counted over the whole schema.
    pub properties: Option<Limit>,
    /// Enum values, counted over the whole schema.
    pub enum_values: Option<Limit>,
    /// For one string enum with more than `values` values, the most characters all its values
    /// may total.
    pub large_enum: Option<LargeEnum>,
    /// Characters of property names, definition names, enum values and const values together.
    pub string_chars: Option<Limit>,
    /// Properties not listed in their object's `required`, over the whole schema.
    pub optional_properties: Option<Limit>,
    /// Properties whose schema is a union (`anyOf` or a type array), over the whole schema.
    pub union_properties: Option<Limit>,
}

impl Limits {
    /// No published size limit at all.
    pub const NONE: Limits = Limits {
        depth: None,
        properties: None,
        enum_values: None,
        large_enum: None,
        string_chars: None,
        optional_properties: None,
        union_properties: None,
    };
}

/// The limit on one large string enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeEnum {
    /// The limit applies above this many values.
    pub values: usize,
    /// The most characters the values may total.
    pub chars: usize,
}

/// The largest value a keyword may take, and what happens beyond it.
#[derive(Debug)]
pub struct ValueLimit {
    /// The keywords it applies to.
    pub keywords: &'static [&'static str],
    /// The largest value enforced.
    pub max: u64,
    /// The fate of a larger value.
    pub beyond: Support,
}

/// What the prompt must carry when the schema is not sent as a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    /// The word "json" must appear in the system or user prompt.
    pub mentions_json: Requirement,
    /// The schema must be in the prompt (`{{schema}}`), since nothing else carries it.
    pub includes_schema: Requirement,
}

impl Prompt {
    /// A mode that takes the schema as a request parameter: the prompt needs nothing.
    pub const SCHEMA_PARAMETER: Prompt = Prompt { mentions_json: Requirement::No, includes_schema: Requirement::No };
}

/// Substitutes `{name}` placeholders in a provider's error text.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}
