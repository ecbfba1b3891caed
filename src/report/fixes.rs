//! What `plankit lint --fix` and `--diff` print about fixes: the unified diff of each file, the
//! line saying what was fixed and what remains, and the hint about fixes not asked for.

use super::count;
use crate::fix::{Applicability, FixMode, FixedFile};
use crate::lint::LintedFile;

/// The unified diff `--fix` would make to one file, headed with its name; empty when fixing
/// changes nothing.
pub fn diff(file: &FixedFile) -> String {
    if !file.changed() {
        return String::new();
    }
    let name = &file.linted.name;
    similar::TextDiff::from_lines(&file.original, &file.fixed)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(name, name)
        .to_string()
}

/// Counts of fixes still on offer among the findings of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Available {
    /// Findings with a safe fix.
    pub safe: usize,
    /// Findings with an unsafe fix.
    pub unsafe_: usize,
}

impl Available {
    /// Counts the fixes of the findings in `files`.
    pub fn of(files: &[LintedFile]) -> Available {
        let mut available = Available::default();
        for fix in files.iter().flat_map(|f| &f.diagnostics).filter_map(|d| d.fix.as_ref()) {
            match fix.applicability {
                Applicability::Safe => available.safe += 1,
                Applicability::Unsafe => available.unsafe_ += 1,
                Applicability::DisplayOnly => {}
            }
        }
        available
    }
}

/// After `--fix`: `Fixed 4 problems in 2 files; 3 remain (2 fixable with --unsafe-fixes)`.
/// `what` is `Fixed` or, for `--diff`, `Would fix`.
pub fn summary_line(files: &[FixedFile], mode: FixMode, what: &str) -> String {
    let fixed: usize = files.iter().map(|f| f.applied).sum();
    let changed = files.iter().filter(|f| f.changed()).count();
    let linted: Vec<LintedFile> = files.iter().map(|f| f.linted.clone()).collect();
    let remaining: usize = linted.iter().map(|f| f.diagnostics.len()).sum();
    let mut line = if fixed == 0 {
        format!("{what} nothing")
    } else {
        format!("{what} {} in {}", count(fixed, "problem"), count(changed, "file"))
    };
    let available = Available::of(&linted);
    match remaining {
        0 => {}
        1 => line.push_str("; 1 remains"),
        n => line.push_str(&format!("; {n} remain")),
    }
    if remaining > 0 && mode == FixMode::Safe && available.unsafe_ > 0 {
        line.push_str(&format!(" ({} fixable with --unsafe-fixes)", available.unsafe_));
    }
    line
}

/// The hint after a plain `plankit lint` report, as ruff gives it: how many findings `--fix`
/// would fix, and how many more fixes `--unsafe-fixes` would enable. `None` when no finding
/// has a fix that could be applied.
pub fn hint(files: &[LintedFile], unsafe_fixes: bool) -> Option<String> {
    let available = Available::of(files);
    let (fixable, hidden) =
        if unsafe_fixes { (available.safe + available.unsafe_, 0) } else { (available.safe, available.unsafe_) };
    let flag = if unsafe_fixes { "`--fix --unsafe-fixes`" } else { "`--fix`" };
    match (fixable, hidden) {
        (0, 0) => None,
        (0, hidden) => Some(format!("{} available with `--fix --unsafe-fixes`", fixes(hidden, "unsafe fix"))),
        (fixable, 0) => Some(format!("{fixable} fixable with {flag}")),
        (fixable, hidden) => Some(format!(
            "{fixable} fixable with {flag} ({} can be enabled with `--unsafe-fixes`)",
            fixes(hidden, "hidden fix")
        )),
    }
}

/// `1 hidden fix`, `2 hidden fixes`.
fn fixes(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}es") }
}
