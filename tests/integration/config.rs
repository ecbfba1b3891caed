//! `plankit.toml`: found by walking up, applied per rule and per path, refused with every
//! problem at its line:col (exit 2), and described by `plankit config schema`.

use std::path::Path;

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use crate::{cli, root};

const UNDESCRIBED: &str = "fixtures/rules/schema/missing-description/fail-property-without-description.json";

/// A project folder with a config, a plan at the top and one under `legacy/old/`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plankit.toml"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("legacy/old")).unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    let plan = std::fs::read(root().join(UNDESCRIBED)).unwrap();
    std::fs::write(dir.path().join("plan.json"), &plan).unwrap();
    std::fs::write(dir.path().join("legacy/old/plan.json"), &plan).unwrap();
    dir
}

fn lint_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli().current_dir(dir).arg("lint").args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const RAISE_AND_EXEMPT_LEGACY: &str = r#"
[rules]
"schema/missing-description" = "error"

[[overrides]]
paths = ["legacy/**/*.json"]
rules = { "schema/missing-description" = "off" }
"#;

#[test]
fn the_nearest_config_upward_is_used_and_overrides_apply_per_path() {
    let dir = project(RAISE_AND_EXEMPT_LEGACY);
    // from a subfolder: the config one level up is found; globs stay relative to its folder
    let (code, stdout, _) = lint_in(&dir.path().join("sub"), &["../plan.json", "../legacy/old/plan.json"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("error[schema/missing-description]") && stdout.contains("--> ../plan.json:17:9"),
        "{stdout}"
    );
    assert!(!stdout.contains("legacy/old/plan.json:"), "{stdout}");
    assert!(stdout.ends_with("1 error in 2 plans (2 files)\n"), "{stdout}");
}

#[test]
fn a_rule_turned_off_is_not_reported() {
    let dir = project("[rules]\n\"schema/missing-description\" = \"off\"\n");
    let (code, stdout, _) = lint_in(dir.path(), &["plan.json"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "no problems in 1 plan (1 file)\n"));
}

#[test]
fn config_flag_names_the_file_and_wins_over_discovery() {
    let dir = project("this is not toml");
    std::fs::write(dir.path().join("strict.toml"), RAISE_AND_EXEMPT_LEGACY).unwrap();
    let (code, _, _) = lint_in(dir.path(), &["--config", "strict.toml", "plan.json"]);
    assert_eq!(code, Some(1));
    let (code, _, stderr) = lint_in(dir.path(), &["--config", "missing.toml", "plan.json"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("missing.toml") && stderr.contains("cannot read the config file"), "{stderr}");
}

#[test]
fn every_config_problem_is_reported_at_its_place_with_exit_2() {
    let dir = project(
        r#"tragets = ["openai-strict"]
draft = "2020-13"

[rules]
"schema/missing-descripton" = "off"
"template/missing-schema" = "warn"

[[overrides]]
paths = ["legacy/**/*.json", "[bad"]
rules = { "plan/mixed-key-style" = "of" }

[transcript]
assistant-label = 7
users-label = "User"
"#,
    );
    assert_cmd_snapshot!(cli().current_dir(dir.path().join("sub")).args(["lint", "../plan.json"]));
}

#[test]
fn a_toml_syntax_error_is_a_config_error() {
    let dir = project("[rules\n");
    let (code, stdout, stderr) = lint_in(dir.path(), &["plan.json"]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("--> plankit.toml:1:"), "{stderr}");
}

fn config_schema() -> Value {
    let out = cli().args(["config", "schema"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The first ```toml block of the README's configuration section.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").expect("README lacks ## Configuration")..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    section[start..][..section[start..].find("```").unwrap()].to_owned()
}

#[test]
fn config_schema_accepts_the_readme_example_and_rejects_mistakes() {
    let schema = config_schema();
    assert!(jsonschema::meta::validate(&schema).is_ok());
    let validator = jsonschema::validator_for(&schema).unwrap();

    let example = readme_example();
    plankit::Config::parse(&example, "plankit.toml", root()).unwrap();
    let as_json: Value = toml::from_str(&example).unwrap();
    let errors: Vec<String> = validator.iter_errors(&as_json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    for wrong in [
        "tragets = []",
        "[rules]\n\"schema/missing-descripton\" = \"off\"",
        "[rules]\n\"schema/missing-description\" = \"warn\"",
        "[[overrides]]\nrules = {}",
        "draft = \"8\"",
    ] {
        let as_json: Value = toml::from_str(wrong).unwrap();
        assert!(!validator.is_valid(&as_json), "the schema accepts {wrong:?}");
        assert!(plankit::Config::parse(wrong, "plankit.toml", root()).is_err(), "plankit accepts {wrong:?}");
    }
}

#[test]
fn config_settings_reach_the_library() {
    let settings = plankit::Config::parse(&readme_example(), "plankit.toml", root()).unwrap();
    assert_eq!(settings.targets.iter().map(|t| t.name()).collect::<Vec<_>>(), ["openai-strict"]);
    assert_eq!(settings.draft.as_deref(), Some("2020-12"));
    assert_eq!(settings.transcript.assistant_label.as_deref(), Some("AI"));
    assert_eq!(settings.severities.get("schema/missing-description"), Some(&None));
    assert!(settings.overrides[0].matches(&root().join("legacy/2023/plan.json")));
    assert!(!settings.overrides[0].matches(&root().join("plans/legacy/plan.json")));
}

/// A plan whose schema is valid in draft 4 (boolean `exclusiveMinimum`) but not in 2020-12.
const DRAFT4_PLAN: &str = r#"{"structuredDataPlan": {"enabled": true,
  "schema": {"type": "object", "properties": {"count": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "description": "How many"}}},
  "messages": [{"role": "user", "content": "Schema: {{schema}}\nTranscript: {{transcript}}\nEnded: {{endedReason}}"}]},
  "minMessagesThreshold": 1}"#;

#[test]
fn the_config_draft_and_transcript_labels_reach_lint_render_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.json"), DRAFT4_PLAN).unwrap();
    std::fs::write(dir.path().join("call.txt"), "AI: Goedemiddag.\nKlant: Ik wil een afspraak.\n").unwrap();
    std::fs::write(dir.path().join("output.json"), r#"{"count": 0}"#).unwrap();
    let run = |args: &[&str]| {
        let out = cli().current_dir(dir.path()).args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    // without a config: 2020-12, where a boolean exclusiveMinimum is invalid
    let (code, out) = run(&["lint", "plan.json"]);
    assert!(code == Some(1) && out.contains("schema/invalid"), "{out}");
    std::fs::write(dir.path().join("plankit.toml"), "draft = \"4\"\n[transcript]\nuser-label = \"Klant\"\n").unwrap();
    let (code, out) = run(&["lint", "plan.json"]);
    assert!(code == Some(0) && !out.contains("schema/invalid"), "{out}");
    // draft 4 reads `exclusiveMinimum: true` with `minimum: 0` as "more than 0"
    let (code, out) = run(&["validate", "plan.json", "output.json"]);
    assert!(code == Some(1) && out.contains("/count"), "{out}");
    let (code, out) = run(&["render", "plan.json", "--transcript", "call.txt"]);
    assert!(code == Some(0) && out.contains("AI: Goedemiddag.\nKlant: Ik wil een afspraak."), "{out}");
}

#[test]
fn pedantic_rules_run_only_when_selected_in_the_config_or_on_the_command_line() {
    let (code, stdout, _) = lint_in(project("").path(), &["plan.json"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "no problems in 1 plan (1 file)\n"));

    let dir = project("extend-select = [\"pedantic\"]\n");
    let (_, stdout, _) = lint_in(dir.path(), &["plan.json"]);
    assert!(stdout.contains("warning[schema/missing-description]"), "{stdout}");
    assert!(stdout.contains("is pedantic and runs because it was selected"), "{stdout}");
    // the command line is laid over the file: `--ignore` wins, `--select` replaces
    let (_, stdout, _) = lint_in(dir.path(), &["--ignore", "schema/", "plan.json"]);
    assert!(!stdout.contains("missing-description"), "{stdout}");
    let (_, stdout, _) = lint_in(dir.path(), &["--select", "template/", "plan.json"]);
    assert!(!stdout.contains("missing-description"), "{stdout}");

    let dir = project("");
    let (_, stdout, _) = lint_in(dir.path(), &["--extend-select", "schema/missing-description", "plan.json"]);
    assert!(stdout.contains("warning[schema/missing-description]"), "{stdout}");
}

#[test]
fn unknown_selectors_are_usage_errors_with_a_suggestion() {
    let dir = project("");
    let (code, _, stderr) = lint_in(dir.path(), &["--extend-select", "pedantc", "plan.json"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("did you mean `pedantic`?"), "{stderr}");
    let dir = project("select = [\"schema/missing-descripton\"]\n");
    let (code, _, stderr) = lint_in(dir.path(), &["plan.json"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("plankit.toml:1:11") && stderr.contains("did you mean `schema/missing-description`?"),
        "{stderr}"
    );
}
