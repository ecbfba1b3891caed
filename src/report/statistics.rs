//! `--statistics`: how many findings each rule has, most first (ruff's `--statistics`), for
//! deciding what to fix, or to turn off, across a large repository.
//!
//! ```text
//!   12  warning  schema/missing-description
//!    3  error    template/unknown-placeholder
//! ```

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::lint::LintedFile;

/// One line per rule: count, level, rule; most findings first, then by rule name.
pub fn render(files: &[LintedFile]) -> String {
    let mut counts: HashMap<(&str, Severity), usize> = HashMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        *counts.entry((d.rule, d.severity)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|((a, _), x), ((b, _), y)| y.cmp(x).then(a.cmp(b)));
    let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
    rows.iter()
        .map(|((rule, severity), n)| {
            let level = match severity {
                Severity::Error => "error  ",
                Severity::Warning => "warning",
            };
            format!("{n:>width$}  {level}  {rule}\n")
        })
        .collect()
}
