//! `plankit validate --format json`: the machine-readable contract.
//!
//! ```text
//! {"version":1,
//!  "documents":[{"file","line","kind","valid","dialect","dialect_reason",
//!                "errors":[{"rule","pointer","schema_pointer","message","line","column","severity"}],
//!                "notes":[…]}],
//!  "summary":{"documents","valid","invalid","warnings"?}}
//! ```
//! Only documents with something to report are listed: invalid ones (`"valid": false`), and
//! valid ones with warnings or notes. `dialect` (`vapi`, `flireo`, `hms`, `legacy`) and
//! `dialect_reason` are `null` for analysis outputs; `severity` is `error` or `warning`;
//! `summary.warnings` appears when there are any. Lines and columns are 1-based, columns in characters;
//! for NDJSON, `line` is the line in the stream and `column` the column inside it.
//! `schema_pointer` (the failing keyword's location in the schema) is `null` for payload rules.

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::validate::{DocumentReport, Kind, Located, RunSummary, ValidatedInput};

/// The version of the JSON shape; bumped only on a breaking change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    documents: Vec<Document<'a>>,
    summary: RunSummary,
}

#[derive(Serialize)]
struct Document<'a> {
    file: &'a str,
    line: Option<usize>,
    kind: Kind,
    valid: bool,
    errors: Vec<Error<'a>>,
    dialect: Option<&'static str>,
    dialect_reason: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Error<'a> {
    rule: &'a str,
    pointer: &'a str,
    schema_pointer: Option<&'a str>,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
}

impl<'a> From<&'a DocumentReport> for Document<'a> {
    fn from(d: &'a DocumentReport) -> Document<'a> {
        Document {
            file: &d.file,
            line: d.line,
            kind: d.kind,
            valid: !d.is_invalid(),
            errors: d.errors.iter().map(Error::from).collect(),
            dialect: d.dialect.map(|choice| choice.dialect.name()),
            dialect_reason: d.dialect_reason(),
            notes: d.note().into_iter().collect(),
        }
    }
}

impl<'a> From<&'a Located> for Error<'a> {
    fn from(e: &'a Located) -> Error<'a> {
        Error {
            rule: e.rule.name,
            pointer: &e.pointer,
            schema_pointer: e.schema_pointer.as_deref(),
            message: &e.message,
            line: e.line,
            column: e.column,
            severity: e.severity,
        }
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(inputs: &[ValidatedInput]) -> String {
    let report = Report {
        version: VERSION,
        documents: inputs.iter().flat_map(|i| &i.reported).map(Document::from).collect(),
        summary: RunSummary::of(inputs),
    };
    // serialising plain structs of strings and numbers cannot fail
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// The report written a document at a time, byte for byte what [`render`] gives: [`Stream::document`]
/// for each reported document in order, then [`Stream::end`].
#[derive(Debug, Default)]
pub struct Stream {
    documents: usize,
}

impl Stream {
    /// The text before any document.
    pub fn start(&self) -> String {
        format!("{{\n  \"version\": {VERSION},\n  \"documents\": [")
    }

    /// One document of the `documents` array.
    pub fn document(&mut self, document: &DocumentReport) -> String {
        let text = serde_json::to_string_pretty(&Document::from(document)).unwrap_or_default();
        let mut out = String::with_capacity(text.len() + 256);
        out.push_str(if self.documents == 0 { "\n" } else { ",\n" });
        self.documents += 1;
        indent(&mut out, &text, "    ", true);
        out
    }

    /// The text after the last document.
    pub fn end(&self, summary: &RunSummary) -> String {
        let mut out = String::from(if self.documents == 0 { "],\n  \"summary\": " } else { "\n  ],\n  \"summary\": " });
        indent(&mut out, &serde_json::to_string_pretty(summary).unwrap_or_default(), "  ", false);
        out.push_str("\n}\n");
        out
    }
}

/// Appends `text` with every line indented by `by` (the first too when `first`); a JSON
/// string never holds a raw newline, so every newline is one of the layout's.
fn indent(out: &mut String, text: &str, by: &str, first: bool) {
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if index > 0 || first {
            out.push_str(by);
        }
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{OutputValidator, RunOptions, SchemaOptions, validate_inputs};

    #[test]
    fn the_streamed_report_is_the_rendered_one_byte_for_byte() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let schema = serde_json::json!({"type": "object", "properties": {"sentiment": {"maximum": 10}}});
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let everything = crate::validate::run::expand(&[root.join("payloads"), root.join("validate/reports.ndjson")]);
        for inputs in [&everything[..], &everything[..1], &[]] {
            let results = validate_inputs(inputs, &validator, &RunOptions::default());
            let mut stream = Stream::default();
            let mut text = stream.start();
            for document in results.iter().flat_map(|input| &input.reported) {
                text.push_str(&stream.document(document));
            }
            text.push_str(&stream.end(&RunSummary::of(&results)));
            assert_eq!(text, render(&results));
        }
    }
}
