//! Validation results as diagnostics, so `plankit validate --format sarif|github|junit`
//! renders them with the same renderers as lint findings: every error and warning of every
//! reported document becomes a [`Diagnostic`] of its severity at its line and column.

use crate::diagnostic::Diagnostic;
use crate::lint::LintedFile;
use crate::source::LineColumn;
use crate::validate::{DocumentReport, ValidatedInput};

/// One [`LintedFile`] per validated input, its diagnostics the errors of its invalid documents.
pub fn as_linted(results: &[ValidatedInput]) -> Vec<LintedFile> {
    results
        .iter()
        .map(|input| LintedFile {
            name: input.name.clone(),
            source: None,
            plans: Vec::new(),
            diagnostics: input.reported.iter().flat_map(diagnostics).collect(),
            suppressed: Vec::new(),
            failed: input.failed,
        })
        .collect()
}

/// One document's errors and warnings as diagnostics.
pub fn diagnostics(document: &DocumentReport) -> impl Iterator<Item = Diagnostic> + '_ {
    document.errors.iter().map(move |error| {
        let at = error.line.zip(error.column).map(|(line, column)| LineColumn { line, column });
        Diagnostic {
            rule: error.rule.name,
            severity: error.severity,
            message: error.message.clone(),
            file: document.file.clone(),
            pointer: error.pointer.clone(),
            span: None,
            start: at,
            end: at,
            label: None,
            help: error.help.clone(),
            fix: None,
        }
    })
}
