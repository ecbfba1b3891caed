//! Provider strict-mode fixes end to end: a temporary copy of every provider fixture and bundled
//! plan goes through `plankit lint --target T --fix --unsafe-fixes` for each target plankit
//! mirrors an SDK for, then is linted again for T. The fixed text is valid JSON, the findings
//! the SDK's rewrite resolves are gone (except in a schema the SDK itself refuses, which gets
//! no fix), and `--diff` afterwards finds nothing more to do.

use std::path::PathBuf;

use plankit::fix::{Applicability, apply};
use plankit::lint::{LintedFile, Settings, lint_source};
use plankit::provider::Target;
use plankit::provider::transform::{family, transform};
use plankit::source::Source;

const TARGETS: &[&str] = &["openai-strict", "azure-openai", "groq", "anthropic", "gemini"];

fn json_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn lint(name: &str, text: &str, target: Target) -> LintedFile {
    let settings = Settings { targets: vec![target], ..Settings::default() };
    lint_source(Source::new(name, text), &settings)
}

/// The findings of `target` the SDK rewrite resolves, outside schemas the SDK refuses.
fn resolvable(linted: &LintedFile, target: Target) -> Vec<String> {
    let prefix = format!("provider/{}/", target.name());
    let Some(family) = family(target) else { return Vec::new() };
    let schemas: Vec<_> = linted.plans.iter().flat_map(|plan| plan.schemas()).map(|(_, schema)| schema).collect();
    linted
        .diagnostics
        .iter()
        .filter_map(|d| d.rule.strip_prefix(&prefix).map(|check| (check, d)))
        .filter(|(check, d)| {
            // the schema the finding is in, unless the SDK refuses it (it gets no fix)
            let Some(schema) = schemas.iter().find(|s| d.pointer.starts_with(&s.pointer)) else { return false };
            let relative = &d.pointer[schema.pointer.len()..];
            family.resolves(check, relative) && !matches!(transform(target, &schema.value), Some(Err(_)))
        })
        .map(|(_, d)| format!("{} at {}: {}", d.rule, d.pointer, d.message))
        .collect()
}

/// Applies `target`'s provider fixes through the library until none applies; the text and how
/// many passes ran.
fn fix(name: &str, mut text: String, target: Target) -> (String, usize) {
    let prefix = format!("provider/{}/", target.name());
    for pass in 0..4 {
        let linted = lint(name, &text, target);
        let fixes: Vec<_> =
            linted.diagnostics.iter().filter(|d| d.rule.starts_with(&prefix)).filter_map(|d| d.fix.as_ref()).collect();
        assert!(fixes.iter().all(|f| f.applicability == Applicability::Unsafe), "{name}: strict fixes are unsafe");
        let applied = apply(&text, &fixes);
        if applied.applied.is_empty() {
            return (text, pass);
        }
        text = applied.text;
    }
    panic!("{name}: {} fixes still apply after 4 passes", target.name());
}

/// Every provider fixture and bundled plan that parses, as (path relative to the root, text).
fn fixtures() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    json_files(&crate::root().join("fixtures/rules/provider"), &mut files);
    json_files(&crate::root().join("fixtures/plans"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.strip_prefix(crate::root()).unwrap().to_owned(), text)
        })
        // parse-error fixtures: nothing to fix
        .filter(|(_, text)| serde_json::from_str::<serde_json::Value>(text).is_ok())
        .collect()
}

#[test]
fn every_provider_fixture_through_lint_fix_unsafe_fixes_then_lint_has_none_of_the_findings_the_sdk_resolves() {
    let files = fixtures();
    assert!(files.len() > 20, "fixtures found: {}", files.len());
    let mut fixed = 0;
    let mut problems = Vec::new();
    for target in TARGETS.iter().map(|t| Target::from_name(t).unwrap()) {
        // a temporary copy of the whole tree per target; the originals are never written
        let copy = tempfile::tempdir().unwrap();
        for (relative, text) in &files {
            let path = copy.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        let run = crate::cli()
            .args(["lint", "--target", target.name(), "--fix", "--unsafe-fixes", "--quiet"])
            .arg(copy.path().join("fixtures"))
            .output()
            .unwrap();
        let code = run.status.code();
        assert!(matches!(code, Some(0 | 1)), "{target}: exit {code:?}: {}", String::from_utf8_lossy(&run.stderr));
        for (relative, original) in &files {
            let name = relative.display().to_string();
            let text = std::fs::read_to_string(copy.path().join(relative)).unwrap();
            let before = resolvable(&lint(&name, original, target), target);
            if text == *original {
                if !before.is_empty() {
                    problems.push(format!("{name} ({target}): not fixed: {before:?}"));
                }
                continue;
            }
            fixed += 1;
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                problems.push(format!("{name} ({target}): fixed text is not JSON: {e}"));
                continue;
            }
            let left = resolvable(&lint(&name, &text, target), target);
            if !left.is_empty() {
                problems.push(format!("{name} ({target}): left after fixing: {left:?}"));
            }
        }
        // fixing the fixed tree again changes nothing: `--diff` finds nothing to do
        let again = crate::cli()
            .args(["lint", "--target", target.name(), "--diff", "--unsafe-fixes"])
            .arg(copy.path().join("fixtures"))
            .output()
            .unwrap();
        if again.status.code() != Some(0) {
            problems.push(format!("{target}: a second --fix would change: {}", String::from_utf8_lossy(&again.stdout)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(fixed >= 20, "only {fixed} fixture/target pairs were changed by --fix");
}

#[test]
fn an_openai_strict_fix_rewrites_only_the_schema_and_keeps_the_rest_of_the_file() {
    let text = "{\r\n  \"structuredDataPlan\": {\r\n    \"enabled\": true,\r\n    \"messages\": [{\"role\": \"system\", \"content\": \"Schema: {{schema}} Transcript: {{transcript}}\"}],\r\n    \"schema\": {\r\n      \"type\": \"object\",\r\n      \"properties\": {\r\n        \"outcome\": {\"type\": \"string\", \"enum\": [\"booked\", \"lost\"]},\r\n        \"notes\": {\"type\": \"string\", \"minLength\": 1}\r\n      },\r\n      \"required\": [\"outcome\"]\r\n    }\r\n  }\r\n}\r\n";
    let target = Target::from_name("openai-strict").unwrap();
    let (fixed, _) = fix("plan.json", text.to_owned(), target);
    let value: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    let schema = &value["structuredDataPlan"]["schema"];
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    assert_eq!(schema["required"], serde_json::json!(["outcome", "notes"]));
    assert_eq!(
        schema["properties"]["notes"],
        serde_json::json!({"type": ["string", "null"], "description": "{minLength: 1}"})
    );
    // everything before the schema is byte-identical, line endings kept
    let head = text.find("\"schema\": {").unwrap();
    assert_eq!(&fixed[..head], &text[..head]);
    assert!(!fixed.replace("\r\n", "").contains('\n'), "line endings are the file's own");
    assert!(resolvable(&lint("plan.json", &fixed, target), target).is_empty());
}
