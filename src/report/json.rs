//! `--format json`: the machine-readable contract.
//!
//! ```text
//! {"version":1,
//!  "diagnostics":[{"rule","severity","message","file","pointer","line","column","end_line","end_column","help",
//!                  "suppressed":false}],
//!  "suppressed":[{…the same fields…, "suppressed":true, "reason"}],
//!  "summary":{"files","plans","errors","warnings","suppressed"}}
//! ```
//! Positions are 1-based, columns in characters; `line`… and `help` are `null` when absent.
//! Suppressed findings (`x-plankit-ignore`) have their own array, so a consumer of the first
//! version that fails on `diagnostics` still fails on exactly what it did: the additions are
//! new keys only, and `version` stays 1.

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
    suppressed: Vec<Entry<'a>>,
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
    suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
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
            suppressed: false,
            reason: None,
        }
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(files: &[LintedFile]) -> String {
    let report = Report {
        version: VERSION,
        diagnostics: files.iter().flat_map(|f| &f.diagnostics).map(Entry::from).collect(),
        suppressed: files
            .iter()
            .flat_map(|f| &f.suppressed)
            .map(|s| Entry { suppressed: true, reason: Some(&s.reason), ..Entry::from(&s.diagnostic) })
            .collect(),
        summary: Summary::of(files),
    };
    // serialising plain structs of strings and numbers cannot fail
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
