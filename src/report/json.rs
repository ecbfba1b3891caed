//! `--format json`: the machine-readable contract.
//!
//! ```text
//! {"version":1,
//!  "diagnostics":[{"rule","severity","message","file","pointer","line","column","end_line","end_column","help"}],
//!  "summary":{"files","plans","errors","warnings"}}
//! ```
//! Positions are 1-based, columns in characters; `line`… and `help` are `null` when absent.

use serde::Serialize;

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;

/// The version of the JSON shape; bumped only on a breaking change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    pointer: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for Entry<'a> {
    fn from(d: &'a Diagnostic) -> Entry<'a> {
        Entry {
            rule: d.rule,
            severity: d.severity,
            message: &d.message,
            file: &d.file,
            pointer: &d.pointer,
            line: d.start.map(|p| p.line),
            column: d.start.map(|p| p.column),
            end_line: d.end.map(|p| p.line),
            end_column: d.end.map(|p| p.column),
            help: d.help.as_deref(),
        }
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(files: &[LintedFile]) -> String {
    let report = Report {
        version: VERSION,
        diagnostics: files.iter().flat_map(|f| &f.diagnostics).map(Entry::from).collect(),
        summary: Summary::of(files),
    };
    // serialising plain structs of strings and numbers cannot fail
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
