//! The command line as users see it: output snapshots and the exit-code contract.

use std::io::Write;
use std::process::Stdio;

use insta_cmd::assert_cmd_snapshot;

use crate::cli;

#[test]
fn lint_real_plans_human() {
    assert_cmd_snapshot!(cli().args(["lint", "fixtures/plans/"]));
}

#[test]
fn lint_real_plans_json() {
    assert_cmd_snapshot!(cli().args(["lint", "--format", "json", "fixtures/plans/"]));
}

#[test]
fn clean_plan_exits_0() {
    assert_cmd_snapshot!(cli().args(["lint", "fixtures/plans/support-nl.json"]));
}

#[test]
fn warnings_pass_unless_denied() {
    let path = "fixtures/rules/template/missing-schema/fail-no-schema-placeholder.json";
    let plain = cli().args(["lint", path]).output().unwrap();
    assert_eq!(plain.status.code(), Some(0));
    let denied = cli().args(["lint", "--deny", "warnings", path]).output().unwrap();
    assert_eq!(denied.status.code(), Some(1));
    let text = String::from_utf8_lossy(&denied.stdout);
    assert!(text.ends_with("warnings are denied (`--deny warnings`): the 1 warning fails the run\n"), "{text}");
    // the summary line is coloured as cargo colours its last line
    let coloured = cli().args(["lint", "--color", "always", path]).output().unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}[1;33m1 warning in 1 plan (1 file)\u{1b}[0m"));
}

#[test]
fn errors_exit_1() {
    let out =
        cli().args(["lint", "fixtures/rules/template/unknown-placeholder/fail-transcirpt-typo.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = cli().args(["lint", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let plan = r#"{"structuredDataPlan": {"enabled": true, "schema": {"type": "object"},
        "messages": [{"role": "user", "content": "{{schema}} {{transcript}} {{endedRaeson}}"}]}}"#;
    child.stdin.take().unwrap().write_all(plan.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("--> <stdin>:2:") && text.contains("did you mean `{{endedReason}}`?"), "{text}");
}

#[test]
fn usage_error_exits_2() {
    assert_cmd_snapshot!(cli().args(["lint", "--format", "yaml"]));
}

#[test]
fn rules_lists_every_rule() {
    assert_cmd_snapshot!(cli().args(["rules"]));
}

#[test]
fn explain_prints_the_rule_doc() {
    assert_cmd_snapshot!(cli().args(["explain", "template/unknown-placeholder"]));
}

#[test]
fn explain_unknown_rule_suggests_and_exits_2() {
    assert_cmd_snapshot!(cli().args(["explain", "template/unknown-placeholders"]));
}

#[test]
fn color_is_off_when_piped_and_on_when_forced() {
    let path = "fixtures/rules/template/unknown-placeholder/fail-transcirpt-typo.json";
    let piped = cli().args(["lint", path]).output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\u{1b}'));
    let forced = cli().args(["lint", "--color", "always", path]).output().unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
}

#[test]
fn provider_rules_run_only_with_a_target() {
    let path = "fixtures/plans/flireo-eocr-guide-camel.json";
    let plain = cli().args(["lint", "--format", "json", path]).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("provider/"));
    let targeted = cli().args(["lint", "--format", "json", "--target", "openai-strict,gemini", path]).output().unwrap();
    let text = String::from_utf8_lossy(&targeted.stdout);
    assert_eq!(targeted.status.code(), Some(1), "{text}");
    assert!(
        text.contains("provider/openai-strict/additional-properties") && text.contains("provider/conflict"),
        "{text}"
    );
}

#[test]
fn unknown_target_suggests_and_exits_2() {
    let out = cli().args(["lint", "--target", "openai-strict,gemnii", "fixtures/plans/"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("unknown target `gemnii`; did you mean `gemini`?"), "{text}");
}

#[test]
fn explain_provider_rule_prints_the_check_and_the_target_facts() {
    assert_cmd_snapshot!(cli().args(["explain", "provider/azure-openai/nesting-depth"]));
}

#[test]
fn targets_lists_every_target() {
    assert_cmd_snapshot!(cli().args(["targets"]));
}

/// Two plans with errors and warnings, for the report flags.
const FLAWED: &[&str] = &[
    "fixtures/rules/template/missing-schema/fail-no-schema-placeholder.json",
    "fixtures/rules/schema/unknown-keyword/fail-requird.json",
];

#[test]
fn concise_statistics_and_quiet_reports() {
    assert_cmd_snapshot!("lint_concise", cli().args(["lint", "--format", "concise"]).args(FLAWED));
    assert_cmd_snapshot!("lint_statistics", cli().args(["lint", "--statistics"]).args(FLAWED));
    let quiet = cli().args(["lint", "-q"]).args(FLAWED).output().unwrap();
    let text = String::from_utf8_lossy(&quiet.stdout);
    assert!(text.contains("error[") && !text.contains(" in 2 plans (2 files)"), "{text}");
    assert_eq!(quiet.status.code(), Some(1));
    let zero = cli().args(["lint", "--exit-zero"]).args(FLAWED).output().unwrap();
    assert_eq!(zero.status.code(), Some(0));
    // an unreadable input still fails with --exit-zero
    let broken =
        cli().args(["lint", "--exit-zero", "fixtures/rules/input/parse-error/fail-deeply-nested.json"]).output();
    assert_eq!(broken.unwrap().status.code(), Some(3));
}

#[test]
fn gitlab_code_quality_report() {
    let out = cli().args(["lint", "--format", "gitlab"]).args(FLAWED).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key} in {issue}");
        }
        assert!(matches!(issue["severity"].as_str(), Some("major" | "minor")), "{issue}");
        assert!(issue["location"]["path"].as_str().is_some_and(|p| p.starts_with("fixtures/")), "{issue}");
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1), "{issue}");
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()), "duplicate fingerprint");
    }
    // the fingerprint does not move with the line
    let again = cli().args(["lint", "--format", "gitlab"]).args(FLAWED).output().unwrap();
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn output_file_is_written_atomically_and_a_failed_write_is_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.sarif");
    std::fs::write(&report, "old").unwrap();
    let out = cli().args(["lint", "--format", "sarif", "--output-file"]).arg(&report).args(FLAWED).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left");
    let out = cli().args(["lint", "--output-file", "/nonexistent/folder/report.txt"]).args(FLAWED).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write /nonexistent/folder/report.txt"));
}

#[test]
fn a_run_that_checks_nothing_never_passes() {
    let empty = tempfile::tempdir().unwrap();
    let walk = tempfile::tempdir().unwrap();
    std::fs::write(walk.path().join("package.json"), r#"{"name": "x"}"#).unwrap();
    let run = |args: &[&str], dir: &std::path::Path| {
        let out = cli().args(args).arg(dir).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(&["lint"], empty.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("no JSON file found") && err.contains("nothing was linted"), "{err}");
    let (code, err) = run(&["lint"], walk.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("no plan found in the 1 file linted"), "{err}");
    let (code, err) = run(&["test"], empty.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("no case found"), "{err}");
    let out = cli().args(["test", "fixtures/cases", "no-such-case"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no case in fixtures/cases matches \"no-such-case\""));
    let (code, err) = run(&["validate", "fixtures/plans/support-nl.json"], empty.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("nothing was validated"), "{err}");
}

#[test]
fn explain_takes_short_names_groups_and_targets() {
    let explain = |name: &str| {
        let out = cli().args(["explain", name]).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, out) = explain("unknown-placeholder");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("template/unknown-placeholder (error by default)"), "{out}");
    let (code, out) = explain("all-required");
    assert_eq!(code, Some(0));
    assert!(out.contains("provider/openai-strict/all-required") && out.contains("provider/groq/all-required"), "{out}");
    let (code, out) = explain("provider/gemini/all-required");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("`gemini` has no `all-required` check"), "{out}");
    let (code, out) = explain("provider/openai-strict");
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with("provider/openai-strict/ has ") && out.contains("provider/openai-strict/root-object"),
        "{out}"
    );
    // piped, the Markdown stays Markdown
    let (_, out) = explain("template/unknown-placeholder");
    assert!(!out.contains('\u{1b}'), "{out}");
    let out = cli().args(["targets", "--format", "json"]).output().unwrap();
    let targets: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(targets.as_array().is_some_and(|t| {
        t.iter().any(|t| t["name"] == "openai-strict" && t["rules"].as_array().is_some_and(|r| !r.is_empty()))
    }));
}

#[test]
fn a_man_page_per_subcommand_and_the_case_example_verbatim() {
    let out = cli().args(["man", "lint"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        page.contains(".TH plankit-lint 1") && page.contains("exit\\-zero") && page.contains("Exit codes"),
        "{page}"
    );
    let out = cli().args(["man", "lnt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `lint`?"));
    let help = cli().args(["test", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("  [transcript]\n  file = \"call.txt\"\n"), "{help}");
}

#[test]
fn typos_in_values_get_a_did_you_mean() {
    let out = cli().args(["lint", "--target", "openai", "fixtures/plans/support-nl.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `openai-strict`?"));
    let out =
        cli().args(["lint", "--target", "openai-strict", "gemini", "fixtures/plans/support-nl.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("targets are comma-separated"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plankit.toml"), "[rules]\n\"schema/unknown-keyword\" = \"err\"\n").unwrap();
    let out = cli()
        .args(["--config"])
        .arg(dir.path().join("plankit.toml"))
        .args(["lint", "fixtures/plans/support-nl.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean \"error\"?"));
}

#[test]
fn a_payload_or_transcript_named_as_a_plan_is_an_error_that_names_the_right_command() {
    let out = cli().args(["lint", "fixtures/payloads/vapi-end-of-call-report.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[plan/no-plan-found]"), "{text}");
    assert!(
        text.contains("this is a Vapi `end-of-call-report` payload, not a plan: check it with `plankit validate PLAN"),
        "{text}"
    );
    let out = cli().args(["lint", "fixtures/transcripts/vapi-messages.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("pass it to `plankit render PLAN --transcript fixtures/transcripts/vapi-messages.json`")
    );
    // walked, the same files are warnings: payload fixtures beside plans are common
    let out = cli().args(["lint", "fixtures/transcripts"]).output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("error[plan/no-plan-found]"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // a JSON file plankit cannot place at all stays a warning even when named
    let out = cli().args(["lint", "fixtures/payloads/analysis-output.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("warning[plan/no-plan-found]"));
}
