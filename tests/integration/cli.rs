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
