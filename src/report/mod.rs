//! Output formats. Each format is one file that turns the same linted files into text; none
//! of them checks anything, prints, or decides the exit code.

pub mod human;
pub mod json;
pub mod validation_human;
pub mod validation_json;

use serde::Serialize;

use crate::lint::LintedFile;

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs linted (read or not).
    pub files: usize,
    /// Plans found.
    pub plans: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
}

impl Summary {
    /// Counts the findings of a run.
    pub fn of(files: &[LintedFile]) -> Summary {
        let diagnostics = files.iter().flat_map(|f| &f.diagnostics);
        let errors = diagnostics.clone().filter(|d| d.is_error()).count();
        Summary {
            files: files.len(),
            plans: files.iter().map(|f| f.plans.len()).sum(),
            errors,
            warnings: diagnostics.count() - errors,
        }
    }
}

/// `1 error` / `2 errors`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
