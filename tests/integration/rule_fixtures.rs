//! Every rule has fixtures under `fixtures/rules/<group>/<name>/`: each `fail-*.json` must
//! trigger it, each `pass-*.json` must not. The findings of every fail case are snapshotted.
//! Provider rules run only for chosen targets, so `fixtures/rules/provider/<target>/<check>/`
//! is linted with that target, and `fixtures/rules/provider/conflict/` with every target.

use std::path::{Path, PathBuf};

use plankit::provider::Target;

use crate::{lint_file_with, root};

/// The settings a fixture is linted with: its provider target, if it has one.
fn settings_for(rule: &str) -> plankit::Settings {
    let targets = match rule.strip_prefix("provider/").map(|rest| rest.split('/').next()) {
        None => Vec::new(),
        Some(Some("conflict")) => Target::all().collect(),
        Some(target) => vec![Target::from_name(target.unwrap()).unwrap()],
    };
    plankit::Settings { targets, ..plankit::Settings::default() }
}

/// The rule folder of a fixture file, such as `provider/gemini/type-array`.
fn rule_of(path: &Path) -> String {
    let folder = path.parent().unwrap().strip_prefix(root().join("fixtures/rules")).unwrap();
    folder.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

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
    for rule in plankit::rules::all() {
        let files = cases(rule.name);
        let settings = settings_for(rule.name);
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        let fails: Vec<_> = files.iter().filter(|p| name(p).starts_with("fail-")).collect();
        let passes: Vec<_> = files.iter().filter(|p| name(p).starts_with("pass-")).collect();
        if fails.is_empty() || passes.is_empty() {
            problems.push(format!("{}: needs at least one fail-*.json and one pass-*.json", rule.name));
        }
        for path in fails {
            let linted = lint_file_with(path, &settings);
            if !linted.diagnostics.iter().any(|d| d.rule == rule.name) {
                problems.push(format!("{}: {} does not trigger it", rule.name, path.display()));
            }
        }
        for path in passes {
            let linted = lint_file_with(path, &settings);
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
        let linted = lint_file_with(path, &settings_for(&rule_of(path)));
        let files = [linted];
        insta::assert_snapshot!(plankit::report::human::render(&files, false));
    });
}
