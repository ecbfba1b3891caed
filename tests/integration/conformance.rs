//! The official JSON-Schema-Test-Suite, run through the code path `plankit validate --schema`
//! uses ([`OutputValidator`] with the CLI's options): drafts 2020-12 and 7, every required
//! test (run as `--no-formats`, because the required tests treat `format` as an annotation)
//! and `optional/format` (run with formats asserted, plankit's default). Every case must agree
//! with the suite except the skips listed below, each with its reason.
//!
//! The suite lives in `../shared/json-schema-test-suite` beside the checkout; where it is
//! absent (a fresh clone on its own) the test says so and passes.

use std::path::{Path, PathBuf};

use plankit::validate::{Draft, OutputValidator, SchemaOptions};
use serde_json::Value;

use crate::root;

/// (file, group description or `*` for the whole file, reason).
const SKIPS: &[(&str, &str, &str)] = &[
    ("refRemote.json", "*", REMOTE),
    ("dynamicRef.json", "strict-tree schema, guards against misspelled properties", REMOTE),
    ("dynamicRef.json", "tests for implementation dynamic anchor and reference link", REMOTE),
    ("dynamicRef.json", "$ref and $dynamicAnchor are independent of order - $defs first", REMOTE),
    ("dynamicRef.json", "$ref and $dynamicAnchor are independent of order - $ref first", REMOTE),
    ("dynamicRef.json", "$ref to $dynamicRef finds detached $dynamicAnchor", REMOTE),
    ("vocabulary.json", "schema that uses custom metaschema with with no validation vocabulary", REMOTE_META),
    ("vocabulary.json", "ignore unrecognized optional vocabulary", REMOTE_META),
];

const REMOTE: &str = "references a schema served by the suite's HTTP server (localhost:1234); plankit never fetches remote references, they are an error by design";
const REMOTE_META: &str =
    "`$schema` names a custom meta-schema on the suite's HTTP server (localhost:1234); plankit never fetches it";

fn suite() -> Option<PathBuf> {
    let dir = root().join("../shared/json-schema-test-suite/tests");
    dir.is_dir().then_some(dir)
}

fn skipped(file: &str, group: &str) -> bool {
    SKIPS.iter().any(|(f, g, _)| *f == file && (*g == "*" || *g == group))
}

/// Runs every case of one file; returns (cases run, disagreements).
fn run_file(path: &Path, file: &str, draft: Draft, formats: bool) -> (usize, Vec<String>) {
    let groups: Vec<Value> = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let options = SchemaOptions { formats, default_draft: draft, origin: None };
    let (mut run, mut wrong) = (0, Vec::new());
    for group in &groups {
        let description = group["description"].as_str().unwrap_or_default();
        if skipped(file, description) {
            continue;
        }
        let validator = OutputValidator::new(&group["schema"], &options);
        for case in group["tests"].as_array().into_iter().flatten() {
            run += 1;
            let expected = case["valid"].as_bool().unwrap();
            let name = format!("{file} / {description} / {}", case["description"].as_str().unwrap_or_default());
            let validator = match &validator {
                Ok(validator) => validator,
                Err(error) => {
                    wrong.push(format!("{name}: schema refused: {error}"));
                    continue;
                }
            };
            let errors = validator.validate(&case["data"]);
            let fast = validator.is_valid(&case["data"]);
            if errors.is_empty() != expected || fast != expected {
                wrong.push(format!("{name}: expected valid={expected}, got {} errors, is_valid={fast}", errors.len()));
            }
        }
    }
    (run, wrong)
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

#[test]
fn agrees_with_the_json_schema_test_suite() {
    let Some(suite) = suite() else {
        crate::skipped("../shared/json-schema-test-suite is not beside this checkout");
        return;
    };
    let mut total = 0;
    let mut wrong = Vec::new();
    for (folder, draft) in [("draft2020-12", Draft::Draft202012), ("draft7", Draft::Draft7)] {
        let dir = suite.join(folder);
        for (sub, formats) in [("", false), ("optional/format", true)] {
            for path in json_files(&dir.join(sub)) {
                let name = path.file_name().unwrap().to_string_lossy();
                let file = if sub.is_empty() { name.into_owned() } else { format!("{sub}/{name}") };
                let (run, mut disagreements) = run_file(&path, &file, draft, formats);
                total += run;
                wrong.extend(disagreements.drain(..).map(|d| format!("{folder}/{d}")));
            }
        }
    }
    assert!(total > 2000, "only {total} cases found");
    assert!(wrong.is_empty(), "{} of {total} cases disagree:\n{}", wrong.len(), wrong.join("\n"));
}
