//! `--format gitlab`: GitLab's Code Quality report (a JSON array of issues), which merge
//! requests show as a widget and inline in the diff. Each issue has a `description`, the rule
//! as `check_name`, a `severity` (`major` for errors, `minor` for warnings), the file path
//! relative to the working folder and its line, and a `fingerprint` that stays the same while
//! the finding does (rule, file, JSON Pointer and message; not the line, which moves with
//! unrelated edits), so GitLab can tell new findings from fixed ones.

use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diagnostic::Severity;
use crate::lint::LintedFile;

/// The report, pretty-printed, with a final newline.
pub fn render(files: &[LintedFile], working_dir: &Path) -> String {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let issues: Vec<Value> = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .map(|d| {
            let path = super::artifact_path(&d.file, working_dir).unwrap_or_else(|| d.file.clone());
            let mut digest = Sha256::new();
            for part in [d.rule, &path, &d.pointer, &d.message] {
                digest.update(part.as_bytes());
                digest.update([0]);
            }
            let mut fingerprint = hex::encode(digest.finalize());
            // the same finding twice in one file still gets two fingerprints
            let n = seen.entry(fingerprint.clone()).or_default();
            *n += 1;
            if *n > 1 {
                fingerprint = hex::encode(Sha256::digest(format!("{fingerprint}#{n}")));
            }
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str(" (help: ");
                description.push_str(help);
                description.push(')');
            }
            json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "location": {"path": path, "lines": {"begin": d.start.map_or(1, |s| s.line)}},
            })
        })
        .collect();
    serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_else(|_| "[]".to_owned()) + "\n"
}
