//! Scoring one response: was the model's output JSON, does it satisfy the plan's schema (every
//! error, as `plankit validate` reports them), and how does each field compare with the
//! expected analysis.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::case::LoadedCase;
use super::compare::{Comparator, Verdict};
use crate::validate::OutputValidator;

/// What the model answered, read as an analysis.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A JSON value.
    Json(Value),
    /// Text that is not JSON, with the parser's complaint.
    NotJson {
        /// The start of the text.
        excerpt: String,
        /// Why it is not JSON.
        error: String,
    },
    /// No content at all (a refusal, a tool call, an empty choice).
    Empty(String),
}

/// One field of one output, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldScore {
    /// The top-level field.
    pub field: String,
    /// The judgement.
    pub verdict: Verdict,
    /// The expected value (`None`: absent).
    pub expected: Option<Value>,
    /// The value produced (`None`: absent).
    pub got: Option<Value>,
}

/// Tokens a response reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// `prompt_tokens`.
    pub prompt: u64,
    /// `completion_tokens`.
    pub completion: u64,
}

/// One run of one case, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The output.
    pub output: Output,
    /// Every schema error, one line each (`/sentiment: 11 is greater than the maximum of 10`).
    pub schema_errors: Vec<String>,
    /// Every compared field, in name order.
    pub fields: Vec<FieldScore>,
    /// Token usage, when the response reports it.
    pub usage: Option<Usage>,
    /// `finish_reason` of the choice (`length` means the output was cut off).
    pub finish_reason: Option<String>,
}

impl Scored {
    /// Whether the output was JSON.
    pub fn valid_json(&self) -> bool {
        matches!(self.output, Output::Json(_))
    }

    /// Whether the output was JSON and satisfied the schema.
    pub fn schema_valid(&self) -> bool {
        self.valid_json() && self.schema_errors.is_empty()
    }

    /// How many fields were judged `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.fields.iter().filter(|f| f.verdict == verdict).count()
    }

    /// The value of a field as produced, for run-to-run agreement.
    pub fn value_of(&self, field: &str) -> Option<&Value> {
        match &self.output {
            Output::Json(Value::Object(object)) => object.get(field).filter(|v| !v.is_null()),
            _ => None,
        }
    }
}

/// The fields a case is scored on: those the schema declares at the top level, those the
/// expectation holds, and those `case.toml` names, in name order.
pub fn fields(schema: &Value, case: &LoadedCase) -> Vec<String> {
    let mut names: BTreeSet<String> = properties(schema).map(|p| p.keys().cloned().collect()).unwrap_or_default();
    names.extend(case.expected.keys().cloned());
    names.extend(case.comparators.keys().cloned());
    names.into_iter().collect()
}

fn properties(schema: &Value) -> Option<&Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

/// Scores a Chat Completions response for a case.
pub fn score(response: &Value, case: &LoadedCase, schema: &Value, validator: &OutputValidator) -> Scored {
    let choice = response.pointer("/choices/0");
    let finish_reason = choice.and_then(|c| c.get("finish_reason")).and_then(Value::as_str).map(str::to_owned);
    let content = choice.and_then(|c| c.pointer("/message/content"));
    let output = match content {
        Some(Value::String(text)) if !text.trim().is_empty() => match serde_json::from_str::<Value>(text.trim()) {
            Ok(value) => Output::Json(value),
            Err(error) => Output::NotJson { excerpt: text.chars().take(80).collect(), error: error.to_string() },
        },
        _ => Output::Empty(match choice.and_then(|c| c.pointer("/message/refusal")).and_then(Value::as_str) {
            Some(refusal) => format!("the model refused: {refusal}"),
            None if choice.is_none() => "the response has no choice".to_owned(),
            None => "the message has no content".to_owned(),
        }),
    };
    let schema_errors = match &output {
        Output::Json(value) => validator.validate(value).into_iter().map(|v| v.message).collect(),
        _ => Vec::new(),
    };
    let produced = match &output {
        Output::Json(Value::Object(object)) => Some(object),
        _ => None,
    };
    let described = properties(schema);
    let fields = fields(schema, case)
        .into_iter()
        .filter_map(|field| {
            let fallback;
            let comparator = match case.comparators.get(&field) {
                Some(comparator) => comparator,
                None => {
                    fallback = Comparator::for_schema(described.and_then(|p| p.get(&field)));
                    &fallback
                }
            };
            let expected = case.expected.get(&field).filter(|v| !v.is_null());
            let got = produced.and_then(|o| o.get(&field)).filter(|v| !v.is_null());
            comparator.compare(expected, got).map(|verdict| FieldScore {
                field,
                verdict,
                expected: expected.cloned(),
                got: got.cloned(),
            })
        })
        .collect();
    let usage = response.get("usage").map(|u| Usage {
        prompt: u.get("prompt_tokens").and_then(Value::as_u64).unwrap_or(0),
        completion: u.get("completion_tokens").and_then(Value::as_u64).unwrap_or(0),
    });
    Scored { output, schema_errors, fields, usage, finish_reason }
}

/// The enum values a top-level field declares, for its confusion matrix.
pub fn enum_fields(schema: &Value) -> BTreeMap<String, Vec<Value>> {
    let mut found = BTreeMap::new();
    for (name, property) in properties(schema).into_iter().flatten() {
        if let Some(values) = property.get("enum").and_then(Value::as_array) {
            found.insert(name.clone(), values.clone());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::case::EvalCase;
    use serde_json::json;

    fn case(expected: Value) -> LoadedCase {
        LoadedCase {
            case: EvalCase {
                name: "c".into(),
                dir: ".".into(),
                transcript: None,
                expected: None,
                config: Default::default(),
            },
            transcript: crate::Transcript::parse(&crate::Source::new("t.txt", "AI: hi")).unwrap(),
            labels: Default::default(),
            expected: expected.as_object().unwrap().clone(),
            comparators: BTreeMap::new(),
        }
    }

    fn reply(content: &str) -> Value {
        json!({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
               "usage": {"prompt_tokens": 120, "completion_tokens": 9}})
    }

    #[test]
    fn each_field_is_correct_wrong_missing_or_invented() {
        let schema = json!({"type": "object", "properties": {
            "sentiment": {"type": "integer", "maximum": 10},
            "intent": {"type": "string", "enum": ["book", "cancel"]},
            "name": {"type": "string"},
            "refund": {"type": "number"}}});
        let validator = OutputValidator::new(&schema, &Default::default()).unwrap();
        let case = case(json!({"sentiment": 8, "intent": "book", "name": "Jan"}));
        let scored = score(&reply(r#"{"sentiment": 11, "intent": "book", "refund": 20}"#), &case, &schema, &validator);
        let verdicts: Vec<(&str, Verdict)> = scored.fields.iter().map(|f| (f.field.as_str(), f.verdict)).collect();
        assert_eq!(
            verdicts,
            [
                ("intent", Verdict::Correct),
                ("name", Verdict::Missing),
                ("refund", Verdict::Invented),
                ("sentiment", Verdict::Wrong)
            ]
        );
        assert_eq!(scored.schema_errors, ["/sentiment: 11 is greater than the maximum of 10"]);
        assert_eq!(scored.usage, Some(Usage { prompt: 120, completion: 9 }));
    }

    #[test]
    fn prose_is_not_json_and_every_expected_field_is_missing() {
        let schema = json!({"type": "object", "properties": {"sentiment": {"type": "integer"}}});
        let validator = OutputValidator::new(&schema, &Default::default()).unwrap();
        let scored = score(&reply("The caller was happy."), &case(json!({"sentiment": 8})), &schema, &validator);
        assert!(!scored.valid_json());
        assert_eq!(scored.count(Verdict::Missing), 1);
    }
}
