//! Output formats. Each format is one file that turns the same linted files into text; none
//! of them checks anything, prints, or decides the exit code.

pub mod cases;
pub mod concise;
pub mod fixes;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod validation_findings;
pub mod validation_human;
pub mod validation_json;

use std::path::Path;

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
    /// Findings suppressed in the files (`x-plankit-ignore`); they never fail a run.
    pub suppressed: usize,
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
            suppressed: files.iter().map(|f| f.suppressed.len()).sum(),
        }
    }
}

/// `1 error` / `2 errors`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The path CI tools expect for a reported file: relative to `working_dir` where the file lies
/// under it, with `/` separators (GitHub and SARIF resolve paths against the checkout root,
/// which is where CI runs plankit). `None` for standard input, which has no path.
pub fn artifact_path(file: &str, working_dir: &Path) -> Option<String> {
    if file.is_empty() || file == crate::source::STDIN_NAME {
        return None;
    }
    let path = Path::new(file);
    let shown = if path.is_absolute() {
        let path = crate::source::normalize_path(path);
        path.strip_prefix(crate::source::normalize_path(working_dir)).map(Path::to_path_buf).unwrap_or(path)
    } else {
        crate::source::normalize_path(path)
    };
    let parts: Vec<_> = shown.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let joined = parts.join("/");
    // an absolute path outside the working folder keeps its leading `/` (joined as `//…`)
    Some(if shown.has_root() { format!("/{}", joined.trim_start_matches('/')) } else { joined })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_paths_are_relative_with_forward_slashes() {
        let cwd = Path::new("/work/repo");
        assert_eq!(artifact_path("./plans/../plans/a.json", cwd).as_deref(), Some("plans/a.json"));
        assert_eq!(artifact_path("/work/repo/plans/a.json", cwd).as_deref(), Some("plans/a.json"));
        assert_eq!(artifact_path("/elsewhere/a.json", cwd).as_deref(), Some("/elsewhere/a.json"));
        assert_eq!(artifact_path("../../a.json", cwd).as_deref(), Some("../../a.json"));
        assert_eq!(artifact_path("<stdin>", cwd), None);
    }
}
