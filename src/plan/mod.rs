//! The typed analysis plan, found inside any of the file shapes plankit reads: a bare plan, an
//! agent or assistant config, an assistant-request response, an analysis template (API fields,
//! guide form, list and get wrappers) and Vapi's shape with its legacy flat fields.
//!
//! A [`Plan`] keeps owned copies of what rendering and validation need (messages, schemas), and
//! the JSON Pointer of every part so rules can point back into the file.

mod fields;
mod find;
pub mod find_retell;
pub mod find_structured;
pub mod keys;
pub mod structured_output;

use serde_json::Value;

pub use fields::{Field, FieldType, ObjectKind, describe_value};
pub use find::{bare_schema, find_plans, plan_keys_near};

/// Where in the file a plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The file is the plan itself.
    Bare,
    /// An agent/assistant config holding `analysisPlan` / `analysis_plan`.
    AgentConfig,
    /// An assistant-request response: `{"assistant": {"analysisPlan": …}}`.
    AssistantRequest,
    /// An analysis template (alone, wrapped, or one of a list).
    Template,
    /// A Vapi structured output: the API object, one of its list, or a transient one inline
    /// in an `artifactPlan.structuredOutputs`; see [`find_structured`].
    StructuredOutput,
    /// A bare JSON Schema file (no plan around it), linted with the `schema/*` rules; see
    /// [`bare_schema`]. Nothing renders it.
    Schema,
    /// A Retell agent: its `post_call_analysis_data` items, read as one
    /// [`PartKind::PostCallAnalysis`] part; see [`find_retell`].
    RetellAgent,
}

/// What a part of a plan produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartKind {
    /// `structuredDataPlan`, a template, or the legacy `structuredDataPrompt`/`structuredDataSchema`.
    StructuredData,
    /// One entry of Vapi's `structuredDataMultiPlan`, with its key.
    StructuredDataMulti(String),
    /// Vapi's `summaryPlan` (or legacy `summaryPrompt`).
    Summary,
    /// Vapi's `successEvaluationPlan` (or legacy `successEvaluationPrompt`).
    SuccessEvaluation,
    /// Retell's `post_call_analysis_data`: the items that fill the call's
    /// `call_analysis.custom_analysis_data`.
    PostCallAnalysis,
    /// A Vapi structured output, with its definition.
    StructuredOutput(Box<structured_output::StructuredOutput>),
}

impl PartKind {
    /// The name used on the command line and in messages.
    pub fn name(&self) -> &'static str {
        match self {
            PartKind::StructuredData | PartKind::StructuredDataMulti(_) => "structured-data",
            PartKind::Summary => "summary",
            PartKind::SuccessEvaluation => "success-evaluation",
            PartKind::PostCallAnalysis => "post-call-analysis",
            PartKind::StructuredOutput(_) => "structured-output",
        }
    }

    /// The structured-output definition, for a structured-output part.
    pub fn structured_output(&self) -> Option<&structured_output::StructuredOutput> {
        match self {
            PartKind::StructuredOutput(definition) => Some(definition),
            _ => None,
        }
    }

    /// Whether this part extracts data against a schema.
    pub fn has_schema(&self) -> bool {
        matches!(
            self,
            PartKind::StructuredData
                | PartKind::StructuredDataMulti(_)
                | PartKind::PostCallAnalysis
                | PartKind::StructuredOutput(_)
        )
    }
}

/// A JSON Schema inside a plan, with its pointer in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// JSON Pointer of the schema in the file.
    pub pointer: String,
    /// The schema.
    pub value: Value,
    /// The schema's JSON text as written in the file (keys in the author's order), when the
    /// plan was read from text; see [`attach_text`].
    pub text: Option<String>,
}

/// Gives every schema of the plans its text as written, from the file they were found in.
pub fn attach_text(plans: &mut [Plan], document: &crate::json::Document, text: &str) {
    // a Retell part's schema is implied by its items, not written: it keeps its own text
    let written =
        plans.iter_mut().flat_map(|plan| plan.parts.iter_mut()).filter(|p| p.kind != PartKind::PostCallAnalysis);
    for part in written {
        if let Some(schema) = &mut part.schema {
            schema.text = document.written(&schema.pointer, text);
        }
    }
}

/// One chat message of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// JSON Pointer of the message object (or of the prompt field it comes from).
    pub pointer: String,
    /// The role (`system`, `user`, `assistant`), when it is a string.
    pub role: Option<String>,
    /// The content, when it is a string.
    pub content: Option<String>,
    /// JSON Pointer of the content string.
    pub content_pointer: String,
}

/// One part of a plan: a structured-data, summary or success-evaluation request to the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// What it produces.
    pub kind: PartKind,
    /// JSON Pointer of the part's object (or of the plan, for legacy flat fields).
    pub pointer: String,
    /// `enabled`, when written as a boolean; `Some(false)` for a legacy flat prompt written as
    /// `""`, Vapi's documented way to turn that part off.
    pub enabled: Option<bool>,
    /// The schema, when the part has one.
    pub schema: Option<Schema>,
    /// The messages, in order.
    pub messages: Vec<Message>,
    /// The success-evaluation rubric, when written as a string.
    pub rubric: Option<String>,
    /// Legacy flat prompt fields: the platform appends the transcript itself.
    pub legacy: bool,
}

/// A plan object (the plan, a sub-plan, a message, a template) and what kind it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanObject {
    /// What the object is.
    pub kind: ObjectKind,
    /// JSON Pointer of the object.
    pub pointer: String,
}

/// An analysis plan found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// JSON Pointer of the plan (or template) object; empty for a bare plan.
    pub pointer: String,
    /// The shape it was found in.
    pub shape: Shape,
    /// A template's `name`, when it has one.
    pub name: Option<String>,
    /// Every plan object, for the field rules.
    pub objects: Vec<PlanObject>,
    /// The parts, in file order.
    pub parts: Vec<Part>,
    /// `minMessagesThreshold`, its pointer and value as written.
    pub threshold: Option<(String, Value)>,
}

impl Plan {
    /// The parts the platform runs: the written ones, or for an `analysisPlan` that defines
    /// none (`{"minMessagesThreshold": 2}` alone) the summary and success evaluation Vapi runs
    /// by default, with its default prompts.
    pub fn effective_parts(&self) -> std::borrow::Cow<'_, [Part]> {
        if !self.parts.is_empty()
            || matches!(self.shape, Shape::Template | Shape::Schema | Shape::RetellAgent | Shape::StructuredOutput)
        {
            return std::borrow::Cow::Borrowed(&self.parts);
        }
        let default = |kind| Part {
            kind,
            pointer: self.pointer.clone(),
            enabled: None,
            schema: None,
            messages: Vec::new(),
            rubric: None,
            legacy: false,
        };
        std::borrow::Cow::Owned(vec![default(PartKind::Summary), default(PartKind::SuccessEvaluation)])
    }

    /// Every schema of the plan with the part it belongs to.
    pub fn schemas(&self) -> impl Iterator<Item = (&Part, &Schema)> {
        self.parts.iter().filter_map(|part| part.schema.as_ref().map(|schema| (part, schema)))
    }

    /// `minMessagesThreshold` as a whole number, when it is one.
    pub fn min_messages_threshold(&self) -> Option<u64> {
        self.threshold.as_ref().and_then(|(_, value)| value.as_u64())
    }
}
