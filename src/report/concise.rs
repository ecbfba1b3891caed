//! `--format concise`: one line per finding, for editors, `grep` and quick reading,
//! `file:line:col: severity[rule] message`, then the summary line.
//!
//! ```text
//! plans/support.json:12:7: error[template/unknown-placeholder] unknown placeholder `{{transcirpt}}` (did you mean `{{transcript}}`?)
//! 1 error in 1 plan (1 file)
//! ```

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;

/// Every finding on one line, then the summary line unless `quiet`.
pub fn render(files: &[LintedFile], quiet: bool) -> String {
    let mut out = String::new();
    for diagnostic in files.iter().flat_map(|f| &f.diagnostics) {
        out.push_str(&line(diagnostic));
        out.push('\n');
    }
    if !quiet {
        out.push_str(&super::human::summary_line(&Summary::of(files)));
        out.push('\n');
    }
    out
}

/// `file:line:col: error[rule] message`; a finding without a place has `file:` alone. A
/// message that spans lines is joined into one.
pub fn line(diagnostic: &Diagnostic) -> String {
    let place = match diagnostic.start {
        Some(start) => format!("{}:{}:{}", diagnostic.file, start.line, start.column),
        None => diagnostic.file.clone(),
    };
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let message = diagnostic.message.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
    format!("{place}: {severity}[{}] {message}", diagnostic.rule)
}
