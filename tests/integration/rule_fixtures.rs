//! Every rule has fixtures under `fixtures/rules/<group>/<name>/`: each `fail-*.json` must
//! trigger it, each `pass-*.json` must not. The findings of every fail case are snapshotted.

use std::path::PathBuf;

use plankit::rules::RULES;

use crate::{lint_file, root};

fn cases(rule: &str) -> Vec<PathBuf> {
    let dir = root().join("fixtures/rules").join(rule);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{rule} has no fixture folder {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_rule_fires_on_its_fail_cases_and_not_on_its_pass_cases() {
    let mut problems = Vec::new();
    for rule in RULES {
        let files = cases(rule.name);
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        let fails: Vec<_> = files.iter().filter(|p| name(p).starts_with("fail-")).collect();
        let passes: Vec<_> = files.iter().filter(|p| name(p).starts_with("pass-")).collect();
        if fails.is_empty() || passes.is_empty() {
            problems.push(format!("{}: needs at least one fail-*.json and one pass-*.json", rule.name));
        }
        for path in fails {
            let linted = lint_file(path);
            if !linted.diagnostics.iter().any(|d| d.rule == rule.name) {
                problems.push(format!("{}: {} does not trigger it", rule.name, path.display()));
            }
        }
        for path in passes {
            let linted = lint_file(path);
            if let Some(d) = linted.diagnostics.iter().find(|d| d.rule == rule.name) {
                problems.push(format!("{}: {} triggers it: {}", rule.name, path.display(), d.message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fail_cases_render_as_reviewed() {
    insta::glob!("../../fixtures/rules", "**/fail-*.json", |path| {
        let linted = lint_file(path);
        let files = [linted];
        insta::assert_snapshot!(plankit::report::human::render(&files, false));
    });
}
