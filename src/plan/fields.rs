//! The fields each kind of plan object may hold, with their JSON types: the one table that
//! `plan/unknown-field` and `plan/wrong-type` read (DESIGN.md "Inputs plankit understands",
//! reference/flireo-formats.md §2 and §5).

use serde_json::Value;

/// The kinds of object that make up a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// `analysisPlan` / `analysis_plan`, or a bare plan file.
    AnalysisPlan,
    /// `structuredDataPlan`.
    StructuredDataPlan,
    /// Vapi `summaryPlan`.
    SummaryPlan,
    /// Vapi `successEvaluationPlan`.
    SuccessEvaluationPlan,
    /// One entry of Vapi `structuredDataMultiPlan`: `{key, plan}`.
    MultiPlanEntry,
    /// One chat message `{role, content}`.
    Message,
    /// An analysis template (API or guide form).
    Template,
}

/// The JSON type a field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `{…}`
    Object,
    /// `[…]`
    Array,
    /// `"…"`
    String,
    /// `"…"` or `null`
    StringOrNull,
    /// `true` / `false`
    Boolean,
    /// any number
    Number,
    /// a JSON Schema: an object or a boolean
    Schema,
}

/// A field a plan object may hold, by canonical (camelCase) name.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Canonical name.
    pub name: &'static str,
    /// Expected type.
    pub ty: FieldType,
}

const fn f(name: &'static str, ty: FieldType) -> Field {
    Field { name, ty }
}

use FieldType as T;

const ANALYSIS_PLAN: &[Field] = &[
    f("structuredDataPlan", T::Object),
    f("summaryPlan", T::Object),
    f("successEvaluationPlan", T::Object),
    f("structuredDataMultiPlan", T::Array),
    f("minMessagesThreshold", T::Number),
    f("outcomeIds", T::Array),
    // Vapi's legacy flat fields, still seen in the wild
    f("summaryPrompt", T::String),
    f("summaryRequestTimeoutSeconds", T::Number),
    f("structuredDataPrompt", T::String),
    f("structuredDataSchema", T::Schema),
    f("structuredDataRequestTimeoutSeconds", T::Number),
    f("successEvaluationPrompt", T::String),
    f("successEvaluationRubric", T::String),
    f("successEvaluationRequestTimeoutSeconds", T::Number),
];

const STRUCTURED_DATA_PLAN: &[Field] = &[
    f("enabled", T::Boolean),
    f("schema", T::Schema),
    f("messages", T::Array),
    f("timeoutSeconds", T::Number),
    // HMS SDK: a plan may reference a stored template instead of inlining it
    f("templateId", T::String),
];

const SUMMARY_PLAN: &[Field] = &[f("enabled", T::Boolean), f("messages", T::Array), f("timeoutSeconds", T::Number)];

const SUCCESS_EVALUATION_PLAN: &[Field] =
    &[f("enabled", T::Boolean), f("messages", T::Array), f("timeoutSeconds", T::Number), f("rubric", T::String)];

const MULTI_PLAN_ENTRY: &[Field] = &[f("key", T::String), f("plan", T::Object)];

const MESSAGE: &[Field] = &[f("role", T::String), f("content", T::String), f("name", T::String)];

const TEMPLATE: &[Field] = &[
    f("id", T::String),
    f("orgId", T::String),
    f("name", T::String),
    f("description", T::StringOrNull),
    f("systemPrompt", T::StringOrNull),
    f("userPrompt", T::StringOrNull),
    f("schema", T::Schema),
    f("messages", T::Array),
    f("minMessagesThreshold", T::Number),
    f("createdAt", T::String),
    f("updatedAt", T::String),
];

impl ObjectKind {
    /// The fields this kind of object may hold.
    pub fn fields(self) -> &'static [Field] {
        match self {
            ObjectKind::AnalysisPlan => ANALYSIS_PLAN,
            ObjectKind::StructuredDataPlan => STRUCTURED_DATA_PLAN,
            ObjectKind::SummaryPlan => SUMMARY_PLAN,
            ObjectKind::SuccessEvaluationPlan => SUCCESS_EVALUATION_PLAN,
            ObjectKind::MultiPlanEntry => MULTI_PLAN_ENTRY,
            ObjectKind::Message => MESSAGE,
            ObjectKind::Template => TEMPLATE,
        }
    }

    /// How the object is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            ObjectKind::AnalysisPlan => "analysis plan",
            ObjectKind::StructuredDataPlan => "structured data plan",
            ObjectKind::SummaryPlan => "summary plan",
            ObjectKind::SuccessEvaluationPlan => "success evaluation plan",
            ObjectKind::MultiPlanEntry => "structured data multi-plan entry",
            ObjectKind::Message => "message",
            ObjectKind::Template => "analysis template",
        }
    }

    /// The field with this canonical name, if the kind has one.
    pub fn field(self, canonical: &str) -> Option<&'static Field> {
        self.fields().iter().find(|field| field.name == canonical)
    }
}

impl FieldType {
    /// Whether `value` has this type.
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            T::Object => value.is_object(),
            T::Array => value.is_array(),
            T::String => value.is_string(),
            T::StringOrNull => value.is_string() || value.is_null(),
            T::Boolean => value.is_boolean(),
            T::Number => value.is_number(),
            T::Schema => value.is_object() || value.is_boolean(),
        }
    }

    /// The expectation, as written in messages.
    pub fn describe(self) -> &'static str {
        match self {
            T::Object => "an object",
            T::Array => "an array",
            T::String => "a string",
            T::StringOrNull => "a string or null",
            T::Boolean => "a boolean",
            T::Number => "a number",
            T::Schema => "a JSON Schema object",
        }
    }
}

/// A value's JSON type as written in messages: `a string "5"`, `an object`.
pub fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", crate::text::quote(s)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
