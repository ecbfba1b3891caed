//! A finding as a value: rule, severity, message, JSON Pointer, byte span and line:column,
//! help. Every output format renders the same [`Diagnostic`]s; none of them checks anything.

use std::ops::Range;

use serde::Serialize;

use crate::source::LineColumn;

/// How serious a finding is. Rules carry a default; users may raise or lower it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style or risk: reported, does not fail the run unless `--deny warnings`.
    Warning,
    /// The plan breaks or silently loses meaning: fails the run.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable name, e.g. `template/unknown-placeholder`.
    pub rule: &'static str,
    /// The severity after defaults and overrides.
    pub severity: Severity,
    /// One lowercase line naming the culprit and the expectation.
    pub message: String,
    /// The file as the user named it (or `<stdin>`).
    pub file: String,
    /// JSON Pointer of the node concerned (empty for the whole document).
    pub pointer: String,
    /// Byte span in the file, when the finding has a place.
    pub span: Option<Range<usize>>,
    /// Line and column of the span's start.
    pub start: Option<LineColumn>,
    /// Line and column of the span's end (exclusive).
    pub end: Option<LineColumn>,
    /// A short label shown under the caret.
    pub label: Option<String>,
    /// What to do about it; a did-you-mean goes here.
    pub help: Option<String>,
    /// The fix, resolved to text edits against this file's text (see [`crate::fix`]).
    pub fix: Option<crate::fix::Fix>,
}

impl Diagnostic {
    /// True for error-level findings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A finding a reviewer accepted (`x-plankit-ignore` on the node or an ancestor). It is kept,
/// not dropped: machine formats report it as suppressed, the summary counts it, and it never
/// fails a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// The finding as it would have been reported.
    pub diagnostic: Diagnostic,
    /// Why it is not reported, e.g. `x-plankit-ignore at /structuredDataPlan/schema`.
    pub reason: String,
}
