//! Validation of what a plan produces: analysis outputs against the plan's schema, and webhook
//! payloads against their format, one document or millions.
//!
//! [`OutputValidator`] is the compiled schema (built once, shared by every thread).
//! [`document`] checks a document as [`crate::recognise`] recognises it; [`payload`] holds the webhook
//! format and the `payload/*` rules; [`output`] the `output/*` rules the schema reports;
//! [`ndjson`] reads streams in parallel chunks; [`run`] turns inputs into [`ValidatedInput`]s
//! with every error placed at its line and column.
//!
//! ```
//! use serde_json::json;
//! use plankit::validate::{CheckOptions, OutputValidator, check_document};
//! let schema = json!({"type": "object", "properties": {"sentiment": {"type": "integer", "maximum": 10}}});
//! let validator = OutputValidator::new(&schema, &Default::default()).unwrap();
//! let report = json!({"message": {"type": "end-of-call-report", "timestamp": "2025-12-13T12:05:30.000Z",
//!     "call": {"id": "5c4d030f"}, "durationSeconds": 84, "summary": "Booked.", "analysis": {"sentiment": 11}}});
//! let checked = check_document(&report, &validator, &CheckOptions::default());
//! assert_eq!(checked.kind.name(), "end-of-call-report");
//! assert_eq!(checked.violations[0].message, "/message/analysis/sentiment: 11 is greater than the maximum of 10");
//! ```

pub mod bounded_pattern;
pub mod budget;
pub mod document;
pub(crate) mod errors;
mod fast;
pub mod ndjson;
pub mod output;
pub mod payload;
pub mod retell;
pub mod retriever;
pub mod run;
pub mod structured;
mod validator;

pub use document::{Checked, Kind, check_document};
pub use jsonschema::Draft;
pub use run::{
    DocumentReport, Located, RunOptions, RunSummary, ValidatedInput, validate_inputs, validate_inputs_streaming,
};
pub use validator::{BACKTRACK_LIMIT, OutputValidator, SchemaError, SchemaOptions};

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// How documents are checked.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// An end-of-call-report without analysis is an error (`payload/missing-analysis`).
    pub require_analysis: bool,
    /// Validate the sub-document at this JSON Pointer instead of recognising the document.
    pub at: Option<String>,
    /// Read every webhook in this dialect (`--dialect`) instead of weighing its evidence.
    pub dialect: Option<crate::recognise::Dialect>,
    /// Read every document as a Retell webhook (`--dialect retell`), whatever its shape.
    pub retell: bool,
}

/// One problem in one document, before it is placed at a line and column.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule broken.
    pub rule: &'static Rule,
    /// How serious it is: the rule's default unless the check says otherwise (an unknown
    /// ended reason is only a warning). Warnings do not make a document invalid.
    pub severity: Severity,
    /// JSON Pointer of the value concerned (for a missing field, where it should be).
    pub pointer: String,
    /// Pointer of an existing node to show the position of (the parent of a missing field).
    pub at: String,
    /// Place it at the key of the member `at` names rather than at its value (a property
    /// that is not allowed is the key's fault).
    pub on_key: bool,
    /// The schema keyword that failed (keywordLocation), for `output/*` rules.
    pub schema_pointer: Option<String>,
    /// One line naming the value and the expectation.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Violation {
    /// A violation at `pointer`.
    pub fn new(rule: &'static Rule, pointer: impl Into<String>, message: impl Into<String>) -> Violation {
        let pointer = pointer.into();
        Violation {
            rule,
            severity: rule.default_severity,
            at: pointer.clone(),
            pointer,
            on_key: false,
            schema_pointer: None,
            message: message.into(),
            help: None,
        }
    }

    /// Reports at another severity than the rule's default.
    pub fn severity(mut self, severity: Severity) -> Violation {
        self.severity = severity;
        self
    }

    /// Shows the position of another node (the object a missing field belongs in).
    pub fn at(mut self, pointer: impl Into<String>) -> Violation {
        self.at = pointer.into();
        self
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Violation {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Violation {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a help line unless there already is one.
    pub fn or_help(mut self, help: impl Into<String>) -> Violation {
        if self.help.is_none() {
            self.help = Some(help.into());
        }
        self
    }
}
