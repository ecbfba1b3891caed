//! `--format json`: the machine-readable contract.
//!
//! ```text
//! {"version":1,
//!  "diagnostics":[{"rule","severity","message","file","pointer","line","column","end_line","end_column","help",
//!                  "suppressed":false,
//!                  "fix":{"description","applicability":"safe"|"unsafe"|"display-only",
//!                         "edits":[{"start":{"line","column"},"end":{"line","column"},"bytes":[start,end],"replacement"}],
//!                         "patch":[RFC 6902 operations]}}],
//!  "suppressed":[{…the same fields…, "suppressed":true, "reason"}],
//!  "summary":{"files","plans","errors","warnings","suppressed"}}
//! ```
//! Positions are 1-based, columns in characters; `line`… and `help` are `null` when absent.
//! `fix` is present only on a finding that has one: its edits (byte ranges of the file as read,
//! end exclusive) and the same change as a JSON Patch, for tools that edit JSON as data.
//! Suppressed findings (`x-plankit-ignore`) have their own array, so a consumer of the first
//! version that fails on `diagnostics` still fails on exactly what it did: the additions are
//! new keys only, and `version` stays 1.

use serde::Serialize;

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Applicability, Fix};
use crate::lint::LintedFile;
use crate::source::{LineColumn, Source};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixEntry<'a>>,
}

#[derive(Serialize)]
struct FixEntry<'a> {
    description: &'a str,
    applicability: Applicability,
    edits: Vec<EditEntry<'a>>,
    patch: Option<Vec<serde_json::Value>>,
}

#[derive(Serialize)]
struct EditEntry<'a> {
    start: LineColumn,
    end: LineColumn,
    bytes: [usize; 2],
    replacement: &'a str,
}

fn fix_entry<'a>(fix: &'a Fix, source: &Source) -> FixEntry<'a> {
    FixEntry {
        description: &fix.description,
        applicability: fix.applicability,
        edits: fix
            .text_edits()
            .iter()
            .map(|edit| EditEntry {
                start: source.line_column(edit.range.start),
                end: source.line_column(edit.range.end),
                bytes: [edit.range.start, edit.range.end],
                replacement: &edit.replacement,
            })
            .collect(),
        patch: crate::fix::patch::of_fix(source.text(), fix),
    }
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
            fix: None,
        }
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(files: &[LintedFile]) -> String {
    let report = Report {
        version: VERSION,
        diagnostics: files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (d, f.source.as_ref())))
            .map(|(d, source)| Entry {
                fix: d.fix.as_ref().zip(source).map(|(fix, s)| fix_entry(fix, s)),
                ..Entry::from(d)
            })
            .collect(),
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
