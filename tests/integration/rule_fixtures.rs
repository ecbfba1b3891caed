//! Every rule has fixtures under `fixtures/rules/<group>/<name>/`: each `fail-*.json` must
//! trigger it, each `pass-*.json` must not (`.yml` too: the rule on a gitops YAML resource).
//! The findings of every fail case are snapshotted.
//! Provider rules run only for chosen targets, so `fixtures/rules/provider/<target>/<check>/`
//! is linted with that target, and `fixtures/rules/provider/conflict/` with every target.
//!
//! Lint rules lint the fixture as a plan file. Validation rules (`Check::Payload`,
//! `Check::Output`) validate it as a document against the folder's `validated-against.json` plan (not
//! named `plan.json`, which would make the folder a `plankit test` case), with the
//! options in its optional `options.json` (`{"require_analysis": true, "at": "/result"}`), as
//! `plankit validate` would.

use std::path::{Path, PathBuf};

use plankit::provider::Target;
use plankit::rules::Check;
use plankit::rules::select::{Selection, Selector};
use plankit::validate::{CheckOptions, OutputValidator, RunOptions, SchemaOptions, ValidatedInput};

use crate::{lint_file_with, root};

/// The settings a fixture is linted with: its rule selected (pedantic rules run only when
/// selected), and its provider target, if it has one.
fn settings_for(rule: &str) -> plankit::Settings {
    let targets = match rule.strip_prefix("provider/").map(|rest| rest.split('/').next()) {
        None => Vec::new(),
        Some(Some("conflict")) => Target::all().collect(),
        Some(target) => vec![Target::from_name(target.unwrap()).unwrap()],
    };
    let selection = Selection { extend: vec![Selector::parse(rule).unwrap()], ..Selection::default() };
    plankit::Settings { targets, selection, ..plankit::Settings::default() }
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
        // YAML fixtures: rules as they read Vapi's gitops resources
        .filter(|path| path.extension().is_some_and(|ext| ext == "json" || ext == "yml"))
        .collect();
    files.sort();
    files
}

fn is_validation_rule(check: Check) -> bool {
    matches!(check, Check::Payload(_) | Check::Output)
}

/// Validates a fixture against its folder's `plan.json` and `options.json`.
fn validate_case(path: &Path) -> ValidatedInput {
    let dir = path.parent().unwrap();
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("validated-against.json")).unwrap()).unwrap();
    let validator = OutputValidator::for_plans(&plankit::plan::find_plans(&plan), &SchemaOptions::default()).unwrap();
    let options: serde_json::Value = std::fs::read(dir.join("options.json"))
        .map(|bytes| serde_json::from_slice(&bytes).unwrap())
        .unwrap_or_default();
    let check = CheckOptions {
        require_analysis: options["require_analysis"].as_bool().unwrap_or(false),
        at: options["at"].as_str().map(str::to_owned),
        dialect: options["dialect"].as_str().and_then(plankit::recognise::Dialect::from_name),
        retell: options["dialect"].as_str() == Some("retell"),
    };
    let relative = path.strip_prefix(root()).unwrap_or(path).to_path_buf();
    let run = RunOptions { ndjson: false, stdin_ndjson: false, check };
    plankit::validate::validate_inputs(&[plankit::Input::File(relative)], &validator, &run).remove(0)
}

/// The rules a fixture triggers, and the first message of each.
fn findings(check: Check, path: &Path, settings: &plankit::Settings) -> Vec<(String, String)> {
    if is_validation_rule(check) {
        let validated = validate_case(path);
        validated.reported.iter().flat_map(|d| &d.errors).map(|e| (e.rule.name.to_owned(), e.message.clone())).collect()
    } else {
        lint_file_with(path, settings).diagnostics.into_iter().map(|d| (d.rule.to_owned(), d.message)).collect()
    }
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
            if !findings(rule.check, path, &settings).iter().any(|(r, _)| r == rule.name) {
                problems.push(format!("{}: {} does not trigger it", rule.name, path.display()));
            }
        }
        for path in passes {
            if let Some((_, message)) = findings(rule.check, path, &settings).into_iter().find(|(r, _)| r == rule.name)
            {
                problems.push(format!("{}: {} triggers it: {message}", rule.name, path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fail_cases_render_as_reviewed() {
    insta::glob!("../../fixtures/rules", "**/fail-*.{json,yml}", |path| {
        let rule = plankit::rules::find(&rule_of(path)).unwrap();
        if is_validation_rule(rule.check) {
            let files = [validate_case(path)];
            insta::assert_snapshot!(plankit::report::validation_human::render(&files, false));
        } else {
            let files = [lint_file_with(path, &settings_for(rule.name))];
            insta::assert_snapshot!(plankit::report::human::render(&files, false));
        }
    });
}
