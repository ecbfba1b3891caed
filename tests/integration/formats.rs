//! The CI formats — SARIF, GitHub workflow commands, JUnit — as the tools that read them see
//! them: SARIF checked against the official 2.1.0 schema and round-tripped through a SARIF
//! crate, the others snapshotted and checked for the escaping and structure CI needs.

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use crate::{cli, root};

const TYPO: &str = "fixtures/rules/template/unknown-placeholder/fail-transcirpt-typo.json";
const SUPPRESSED: &str = "fixtures/rules/plan/invalid-ignore/pass-known-rules.json";

fn sarif(args: &[&str]) -> Value {
    let out = cli().args(["lint", "--format", "sarif"]).args(args).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The official SARIF 2.1.0 schema (vendored from the serde-sarif crate). One `pattern` in it
/// is valid only as an ECMA-262 regex (an unescaped `]`); it is escaped here so the Rust regex
/// engine can compile the schema. The pattern constrains `language`, which plankit never writes.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let text = text.replace("-[a-zA-Z]{2}]?$", "-[a-zA-Z]{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::options().should_validate_formats(true).build(&schema).unwrap()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    for args in [vec!["fixtures/plans/"], vec!["fixtures/rules/"], vec![SUPPRESSED], vec!["no/such/file.json"]] {
        let log = sarif(&args);
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}

#[test]
fn sarif_round_trips_through_a_sarif_crate() {
    let log = sarif(&["fixtures/plans/", SUPPRESSED]);
    let typed: serde_sarif::sarif::Sarif = serde_json::from_value(log.clone()).unwrap();
    // every field survives, so none was misnamed or mistyped (unknown fields would be dropped)
    assert_eq!(serde_json::to_value(&typed).unwrap(), log);
}

#[test]
fn sarif_describes_every_rule_with_its_documentation() {
    let log = sarif(&[TYPO]);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), plankit::rules::all().count());
    for (descriptor, rule) in rules.iter().zip(plankit::rules::all()) {
        assert_eq!(descriptor["id"], rule.name);
        assert_eq!(descriptor["help"]["markdown"], rule.doc());
        assert_eq!(descriptor["helpUri"], "https://github.com/plankit/plankit/blob/main/README.md#rules");
    }
}

#[test]
fn sarif_results_point_at_the_finding() {
    let log = sarif(&[TYPO, SUPPRESSED]);
    insta::assert_json_snapshot!(log["runs"][0]["results"]);
}

#[test]
fn sarif_paths_are_relative_to_the_working_folder() {
    let absolute = root().join(TYPO);
    let log = sarif(&[absolute.to_str().unwrap()]);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, TYPO);
}

#[test]
fn github_annotations() {
    assert_cmd_snapshot!(cli().args(["lint", "--format", "github", "fixtures/plans/", SUPPRESSED]));
}

#[test]
fn github_annotations_escape_what_the_runner_would_misread() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a,b:c.json");
    let plan = r#"{"structuredDataPlan": {"enabled": true, "schema": {"type": "object"},
        "messages": [{"role": "user", "content": "{{schema}} {{transcirpt}}"}]}, "minMessagesThreshold": "5%"}"#;
    std::fs::write(&file, plan).unwrap();
    let out = cli().current_dir(dir.path()).args(["lint", "--format", "github", "a,b:c.json"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 1, "{text}");
    for line in &lines[..lines.len() - 1] {
        assert!(
            line.starts_with("::error file=a%2Cb%3Ac.json,line=")
                || line.starts_with("::warning file=a%2Cb%3Ac.json,line="),
            "{line}"
        );
        let (_, message) = line.split_once("::").unwrap().1.split_once("::").unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'), "{line}");
    }
    // the help line is kept inside the one command, and `%` in values is escaped
    assert!(text.contains("%0Ahelp: "), "{text}");
    assert!(text.contains("\"5%25\""), "{text}");
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_plan() {
    assert_cmd_snapshot!(cli().args([
        "lint",
        "--format",
        "junit",
        "fixtures/plans/flireo-template-list.json",
        TYPO,
        "fixtures/rules/input/parse-error/fail-trailing-comma.json"
    ]));
}

#[test]
fn junit_fails_on_warnings_only_when_denied() {
    let path = "fixtures/rules/template/missing-schema/fail-no-schema-placeholder.json";
    let plain = cli().args(["lint", "--format", "junit", path]).output().unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains("<failure") && plain.contains("<system-out>"), "{plain}");
    let denied = cli().args(["lint", "--format", "junit", "--deny", "warnings", path]).output().unwrap();
    assert!(String::from_utf8(denied.stdout).unwrap().contains("<failure"));
}

#[test]
fn suppressed_findings_are_reported_not_dropped() {
    let out = cli().args(["lint", "--format", "json", "--extend-select", "pedantic", SUPPRESSED]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    let suppressed = report["suppressed"].as_array().unwrap();
    assert_eq!(report["summary"]["suppressed"], suppressed.len());
    let rules: Vec<&str> = suppressed.iter().map(|s| s["rule"].as_str().unwrap()).collect();
    // in file order
    assert_eq!(rules, ["schema/missing-description", "template/missing-transcript", "plan/mixed-key-style"]);
    assert!(
        suppressed
            .iter()
            .all(|s| s["suppressed"] == true && s["reason"].as_str().unwrap().starts_with("x-plankit-ignore at "))
    );

    let human = cli().args(["lint", "--extend-select", "pedantic", SUPPRESSED]).output().unwrap();
    assert_eq!(String::from_utf8(human.stdout).unwrap(), "no problems in 1 plan (1 file); 3 suppressed\n");
    let sarif = sarif(&[SUPPRESSED]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["suppressions"][0]["kind"] == "inSource"));
}

#[test]
fn validate_speaks_the_ci_formats_too() {
    let args = |format: &str| {
        let plan = "fixtures/cases/complaint-escalation/plan.json";
        let report = "fixtures/cases/complaint-escalation/end-of-call-report-out-of-schema.json";
        cli().args(["validate", "--format", format, plan, report]).output().unwrap()
    };
    let github = args("github");
    assert_eq!(github.status.code(), Some(1));
    let text = String::from_utf8_lossy(&github.stdout);
    assert!(
        text.contains(
            "::error file=fixtures/cases/complaint-escalation/end-of-call-report-out-of-schema.json,line=20,col=20,"
        ) && text.contains("title=output/schema::/message/analysis/sentiment: 11 is greater than the maximum of 10"),
        "{text}"
    );
    let sarif: serde_json::Value = serde_json::from_slice(&args("sarif").stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "output/schema");
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 20);
    let junit = String::from_utf8_lossy(&args("junit").stdout).into_owned();
    assert!(junit.contains("<failure") && junit.contains("sentiment: 11 is greater than the maximum of 10"), "{junit}");
}
