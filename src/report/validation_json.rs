//! `plankit validate --format json`: the machine-readable contract.
//!
//! ```text
//! {"version":1,
//!  "documents":[{"file","line","kind","valid":false,
//!                "errors":[{"rule","pointer","schema_pointer","message","line","column"}]}],
//!  "summary":{"documents","valid","invalid"}}
//! ```
//! Only invalid documents are listed. Lines and columns are 1-based, columns in characters;
//! for NDJSON, `line` is the line in the stream and `column` the column inside it.
//! `schema_pointer` (the failing keyword's location in the schema) is `null` for payload rules.

use serde::Serialize;

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
}

#[derive(Serialize)]
struct Error<'a> {
    rule: &'a str,
    pointer: &'a str,
    schema_pointer: Option<&'a str>,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

impl<'a> From<&'a DocumentReport> for Document<'a> {
    fn from(d: &'a DocumentReport) -> Document<'a> {
        Document {
            file: &d.file,
            line: d.line,
            kind: d.kind,
            valid: false,
            errors: d.errors.iter().map(Error::from).collect(),
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
        }
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(inputs: &[ValidatedInput]) -> String {
    let report = Report {
        version: VERSION,
        documents: inputs.iter().flat_map(|i| &i.invalid).map(Document::from).collect(),
        summary: RunSummary::of(inputs),
    };
    // serialising plain structs of strings and numbers cannot fail
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
