//! Validating the results of Vapi structured outputs in an end-of-call report (reference:
//! vapi-structured-outputs-and-retell.md §1.11): `artifact.structuredOutputs` is an object keyed
//! by output id, each value `{name, result}`; every `result` is checked against the schema of
//! the output with that id (an inline output, which gets a runtime id, by its `name`). Vapi
//! unwraps a primitive root before returning it, so `result` is the bare value and is checked
//! against the schema as written. `result: null` is how Vapi reports a failed extraction.
//! `artifact.skippedStructuredOutputs` entries are `{name, unmetCondition}`, the condition one of
//! the three condition objects.

use serde_json::Value;

use super::document::Checkable;
use super::{OutputValidator, SchemaError, SchemaOptions, Violation};
use crate::json::child_pointer;
use crate::plan::Plan;
use crate::plan::structured_output::Condition;
use crate::recognise::Tree;
use crate::rules::{Check, declare_rule};

declare_rule! {
    /// A structured output's `result` in an end-of-call report is `null`: Vapi's extraction failed.
    ///
    /// ## What it checks
    /// Each entry of `artifact.structuredOutputs` has a `result` that is not `null`; Vapi's
    /// docs say a `null` result means extraction failed (reference
    /// vapi-structured-outputs-and-retell.md §1.11; no error field is published, §2 Q12).
    ///
    /// ## Why it matters
    /// A receiver that reads `result` as the extracted value stores nothing, or crashes, on a
    /// failed extraction. A warning: a failure now and then is how the platform behaves.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "end-of-call-report", "artifact": { "structuredOutputs": {
    ///   "4d4bac33-2cea-43d4-a3b3-4554932b8933": { "name": "CSAT", "result": null } } } } }
    /// ```
    ///
    /// ## How to fix
    /// Handle `null` in the receiver; if it happens often, check the output's prompt and model
    /// with `plankit render`, or rerun it with `POST /structured-output/run`.
    pub static EXTRACTION_FAILED = "output/extraction-failed", Warning, Check::Output;
}

declare_rule! {
    /// An end-of-call report's `skippedStructuredOutputs` entry is not `{name, unmetCondition}` with a real condition.
    ///
    /// ## What it checks
    /// Each entry of `artifact.skippedStructuredOutputs` is an object with a string `name` and
    /// an `unmetCondition` that is one of the three condition objects (`minMessages` with
    /// `count`, `minCallDuration` with `seconds`, `endedReason` with `operator` and `values`),
    /// as Vapi's `SkippedStructuredOutput` declares (reference §1.2, §1.11).
    ///
    /// ## Why it matters
    /// A fixture or a proxy that writes skips in another shape tests a receiver against payloads
    /// Vapi never sends.
    ///
    /// ## Example
    /// ```json
    /// { "skippedStructuredOutputs": { "550e8400-e29b-41d4-a716-446655440003": { "name": "Call Outcome", "unmetCondition": { "type": "minTurns", "count": 6 } } } }
    /// ```
    ///
    /// ## How to fix
    /// Write the condition as the output's `conditions` entry that was not met.
    pub static INVALID_SKIP = "output/invalid-skipped-output", Error, Check::Output;
}

/// One structured output whose results can be checked.
#[derive(Debug, Clone)]
struct Entry {
    id: Option<String>,
    name: Option<String>,
    validator: OutputValidator,
}

/// The compiled schemas of the structured outputs of a plan file.
#[derive(Debug, Clone, Default)]
pub struct StructuredOutputs {
    entries: Vec<Entry>,
}

impl StructuredOutputs {
    /// Compiles the schema of every structured output of `plans`.
    pub fn of(plans: &[Plan], options: &SchemaOptions) -> Result<StructuredOutputs, SchemaError> {
        let mut entries = Vec::new();
        for part in plans.iter().flat_map(|plan| &plan.parts) {
            let (Some(definition), Some(schema)) = (part.kind.structured_output(), &part.schema) else { continue };
            entries.push(Entry {
                id: definition.id.clone(),
                name: definition.name.clone(),
                validator: OutputValidator::new(&schema.value, options)?,
            });
        }
        Ok(StructuredOutputs { entries })
    }

    /// Whether there is nothing to check against.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, id: &str, name: Option<&str>) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.id.as_deref() == Some(id))
            .or_else(|| self.entries.iter().find(|e| e.id.is_none() && name.is_some() && e.name.as_deref() == name))
    }

    /// Whether [`check`](Self::check) finds nothing in `artifact`, asked of any [`Tree`]
    /// without building a violation (the NDJSON fast path); `false` only means "look closer".
    pub(crate) fn is_clean<T: Checkable>(&self, artifact: &T) -> bool {
        let objects = ["structuredOutputs", "skippedStructuredOutputs"]
            .iter()
            .all(|key| artifact.member(key).is_none_or(Tree::is_object));
        let results = artifact.member("structuredOutputs").into_iter().flat_map(Tree::members).all(|(id, entry)| {
            if !entry.is_object() {
                return false;
            }
            let name = entry.member("name").and_then(Tree::text);
            match entry.member("result") {
                None => true,
                Some(result) if result.is_null() => false,
                Some(result) => self.find(id, name).is_none_or(|known| result.is_valid_for(&known.validator)),
            }
        });
        // skips are rare: each is asked as `check` asks it
        let skipped =
            artifact.member("skippedStructuredOutputs").into_iter().flat_map(Tree::members).all(|(_, entry)| {
                entry.member("name").is_some_and(Tree::is_string)
                    && entry
                        .member("unmetCondition")
                        .is_some_and(|condition| Condition::parse(&condition.to_serde()).is_some())
            });
        objects && results && skipped
    }

    /// Every violation in the `artifact` at `pointer` of a report.
    pub fn check(&self, artifact: &Value, pointer: &str) -> Vec<Violation> {
        let mut violations = Vec::new();
        let wrong_type = |at: String, what: &str, value: &Value| {
            Violation::new(
                &crate::validate::payload::wrong_type::RULE,
                at,
                format!("{what} must be an object, found {}", crate::plan::describe_value(value)),
            )
        };
        for key in ["structuredOutputs", "skippedStructuredOutputs"] {
            if let Some(value) = artifact.get(key)
                && !value.is_object()
            {
                violations.push(wrong_type(child_pointer(pointer, key), &format!("`artifact.{key}`"), value));
            }
        }
        if let Some(Value::Object(results)) = artifact.get("structuredOutputs") {
            let base = child_pointer(pointer, "structuredOutputs");
            for (id, entry) in results {
                let at = child_pointer(&base, id);
                if !entry.is_object() {
                    violations.push(wrong_type(at, "a structured-output result (`{name, result}`)", entry));
                    continue;
                }
                let name = entry.get("name").and_then(Value::as_str);
                let Some(result) = entry.get("result") else { continue };
                if result.is_null() {
                    let shown = name.map_or_else(|| crate::text::quote(id), crate::text::quote);
                    violations.push(
                        Violation::new(
                            &EXTRACTION_FAILED,
                            child_pointer(&at, "result"),
                            format!("structured output {shown} has `result: null`: its extraction failed"),
                        )
                        .help("Vapi reports a failed extraction as null; handle it in the receiver"),
                    );
                    continue;
                }
                if let Some(known) = self.find(id, name) {
                    violations.extend(known.validator.validate_at(result, &child_pointer(&at, "result")));
                }
            }
        }
        if let Some(Value::Object(skipped)) = artifact.get("skippedStructuredOutputs") {
            let base = child_pointer(pointer, "skippedStructuredOutputs");
            for (id, entry) in skipped {
                let at = child_pointer(&base, id);
                if !entry.is_object() {
                    violations.push(wrong_type(at, "a skipped structured output (`{name, unmetCondition}`)", entry));
                    continue;
                }
                if !entry.get("name").is_some_and(Value::is_string) {
                    violations.push(Violation::new(
                        &INVALID_SKIP,
                        at.clone(),
                        "a skipped structured output needs a string `name`",
                    ));
                }
                match entry.get("unmetCondition") {
                    Some(condition) if Condition::parse(condition).is_some() => {}
                    Some(_) => violations.push(
                        Violation::new(&INVALID_SKIP, child_pointer(&at, "unmetCondition"), "`unmetCondition` is not a structured-output condition")
                            .help("one of {\"type\": \"minMessages\", \"count\"}, {\"type\": \"minCallDuration\", \"seconds\"}, {\"type\": \"endedReason\", \"operator\", \"values\"}"),
                    ),
                    None => violations.push(Violation::new(&INVALID_SKIP, at.clone(), "a skipped structured output needs `unmetCondition`")),
                }
            }
        }
        violations
    }
}
