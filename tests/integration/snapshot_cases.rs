//! `plankit test` end to end in temporary folders: the review flow (new → pending → accept),
//! reject, update, and check mode, which must never touch the disk.

use std::path::Path;
use std::process::Output;

use crate::{cli, root};

fn suite() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("booking-nl");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::copy(root().join("fixtures/plans/support-nl.json"), case.join("plan.json")).unwrap();
    dir
}

fn test(dir: &Path, args: &[&str]) -> Output {
    cli().current_dir(dir).env_remove("CI").arg("test").args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` with its contents and modification time.
fn disk(dir: &Path) -> Vec<(String, String, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                files.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn new_snapshot_is_pending_until_accepted() {
    let dir = suite();
    let out = test(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("FAIL  booking-nl") && stdout(&out).contains("plan.snap.new"));
    assert!(dir.path().join("booking-nl/plan.snap.new").exists());
    let out = test(dir.path(), &["--accept"]);
    assert_eq!((out.status.code(), stdout(&out).contains("accepted  booking-nl")), (Some(0), true));
    assert!(dir.path().join("booking-nl/plan.snap").exists() && !dir.path().join("booking-nl/plan.snap.new").exists());
    let out = test(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 passed, 0 failed"));
}

#[test]
fn a_changed_plan_shows_a_diff_and_reject_drops_it() {
    let dir = suite();
    test(dir.path(), &["--update"]);
    let plan = dir.path().join("booking-nl/plan.json");
    let text = std::fs::read_to_string(&plan).unwrap().replace("{{transcript}}", "{{transcirpt}}");
    std::fs::write(&plan, text).unwrap();
    let out = test(dir.path(), &[]);
    let shown = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("+++ new") && shown.contains("+plan.json:") && shown.contains("transcirpt"), "{shown}");
    let out = test(dir.path(), &["--reject"]);
    assert!(stdout(&out).contains("rejected  booking-nl"));
    assert!(!dir.path().join("booking-nl/plan.snap.new").exists());
}

#[test]
fn check_mode_never_touches_the_disk() {
    let dir = suite();
    // a missing snapshot, a changed one and an orphan: each fails, none is written
    let before = disk(dir.path());
    let out = test(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(disk(dir.path()), before);
    test(dir.path(), &["--update"]);
    std::fs::write(dir.path().join("booking-nl/plan.snap"), "stale\n").unwrap();
    let orphan = dir.path().join("retired");
    std::fs::create_dir_all(&orphan).unwrap();
    std::fs::write(orphan.join("plan.snap"), "old\n").unwrap();
    let before = disk(dir.path());
    let out = cli().current_dir(dir.path()).env("CI", "true").arg("test").output().unwrap();
    let shown = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("FAIL  booking-nl")
            && shown.contains("belongs to no case")
            && shown.contains("0 passed, 2 failed"),
        "{shown}"
    );
    assert_eq!(disk(dir.path()), before);
}

#[test]
fn writing_flags_are_refused_in_ci() {
    let dir = suite();
    let out = cli().current_dir(dir.path()).env("CI", "1").args(["test", "--update"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("booking-nl/plan.snap").exists());
}

#[test]
fn pattern_selects_cases_and_formats_render() {
    let dir = suite();
    test(dir.path(), &["--update"]);
    let out = test(dir.path(), &["--format", "json", ".", "booking"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"], serde_json::json!({"passed": 1, "failed": 0}));
    // a pattern that matches nothing tests nothing, and that never passes
    let out = test(dir.path(), &["--format", "junit", ".", "nothing-matches"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no case in . matches \"nothing-matches\""));
}

#[test]
fn the_projects_own_cases_match_their_snapshots() {
    let out = cli().env("CI", "true").args(["test", "fixtures/", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("14 passed, 0 failed"), "{}", stdout(&out));
}

#[test]
fn case_toml_problems_are_reported_all_at_once_with_frames_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c1");
    std::fs::create_dir(&case).unwrap();
    std::fs::copy(crate::root().join("fixtures/plans/support-nl.json"), case.join("plan.json")).unwrap();
    std::fs::write(case.join("case.toml"), "ended-reasn = \"x\"\n[transcript]\nasistant-label = \"AI\"\n").unwrap();
    let out = cli().current_dir(dir.path()).args(["test", ".", "--check"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("unknown key `ended-reasn`") && text.contains("did you mean `ended-reason`?"), "{text}");
    assert!(
        text.contains("unknown key `asistant-label` in [transcript]")
            && text.contains("did you mean `assistant-label`?"),
        "{text}"
    );
    assert!(text.contains("   --> c1/case.toml:3:1") && text.contains("  3 | asistant-label = \"AI\""), "{text}");
}

#[test]
fn a_result_that_breaks_a_definition_beside_the_plan_fails_the_case_with_its_pointer() {
    let name = "vapi-assistant-with-structured-outputs";
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join(name);
    std::fs::create_dir(&case).unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/cases").join(name)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, case.join(path.file_name().unwrap())).unwrap();
    }
    // as committed, the case passes: the report's results fit both outputs' schemas
    let out = test(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Caller Satisfaction (caller-satisfaction.json, beside the assistant) is 1 to 5
    let report = std::fs::read_to_string(case.join("end-of-call-report.json")).unwrap();
    let broken = report.replace(r#""result": 5 }"#, r#""result": 7 }"#);
    assert_ne!(broken, report);
    std::fs::write(case.join("end-of-call-report.json"), broken).unwrap();
    let out = test(dir.path(), &["--check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL  vapi-assistant-with-structured-outputs"), "{text}");
    assert!(text.contains("+end-of-call-report.json: invalid end-of-call-report"), "{text}");
    assert!(
        text.contains(
            "15:92: error[output/schema]: /message/artifact/structuredOutputs/9a4d7e2f-1b6c-4e8a-b3f5-0d2c9e7a1b48/result: \
             7 is greater than the maximum of 5"
        ),
        "{text}"
    );
    // and `expected-exit = 0` fails it even once the new snapshot is taken
    let out = test(dir.path(), &["--update"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn links_between_the_plan_and_the_definitions_beside_it_are_checked_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("support");
    std::fs::create_dir(&case).unwrap();
    let assistant = r#"{ "id": "a1b2c3d4-e5f6-4890-abcd-ef1234567890", "name": "Support",
      "artifactPlan": { "structuredOutputIds": ["550e8400-e29b-41d4-a716-446655440001", "550e8400-e29b-41d4-a716-446655440009"] } }"#;
    std::fs::write(case.join("plan.json"), assistant).unwrap();
    let csat = r#"{ "id": "550e8400-e29b-41d4-a716-446655440001", "name": "CSAT", "type": "ai", "schema": { "type": "integer" } }"#;
    std::fs::write(case.join("csat.json"), csat).unwrap();
    std::fs::write(case.join("transcript.txt"), "AI: Hi.\nUser: Hello.\n").unwrap();
    let out = test(dir.path(), &["--update"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let snapshot = std::fs::read_to_string(case.join("plan.snap")).unwrap();
    assert!(
        snapshot.contains(
            "plan.json:2:89: warning[structured-output/link-mismatch]: no structured output linted here has id \
             \"550e8400-e29b-41d4-a716-446655440009\""
        ),
        "{snapshot}"
    );
    assert!(
        snapshot.contains(
            "the plan links 2 saved structured outputs: \"CSAT\" (csat.json), \
             550e8400-e29b-41d4-a716-446655440009 (not defined beside the plan)"
        ),
        "{snapshot}"
    );
    assert!(snapshot.contains("### csat.json"), "{snapshot}");
    assert!(snapshot.contains("no payloads or outputs in this case"), "{snapshot}");
}

#[test]
fn update_takes_the_snapshot_of_a_case_that_fails_its_expected_exit_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("voicemail");
    std::fs::create_dir(&case).unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/cases/voicemail")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, case.join(path.file_name().unwrap())).unwrap();
    }
    let config = std::fs::read_to_string(case.join("case.toml")).unwrap();
    std::fs::write(case.join("case.toml"), config.replace("expected-exit = 0", "expected-exit = 3")).unwrap();
    std::fs::write(case.join("plan.snap"), "outdated\n").unwrap();
    let out = test(dir.path(), &["--update"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("case.toml expects exit 3, the case produced 0"), "{text}");
    assert!(text.contains("  snapshot written to voicemail/plan.snap\n"), "{text}");
    assert!(!text.contains("--accept") && !case.join("plan.snap.new").exists(), "{text}");
}

#[test]
fn a_case_names_its_platform_in_case_toml() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("hms-call");
    std::fs::create_dir(&case).unwrap();
    let plan = root().join("fixtures/rules/template/unknown-placeholder/fail-ended-reason-on-flireo.json");
    std::fs::copy(plan, case.join("plan.json")).unwrap();
    std::fs::write(case.join("transcript.txt"), "AI: Hello.\nUser: Book me in.\n").unwrap();
    std::fs::write(case.join("case.toml"), "platform = \"hms\"\nexpected-exit = 0\n").unwrap();
    let out = test(dir.path(), &["--update"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let snapshot = std::fs::read_to_string(case.join("plan.snap")).unwrap();
    assert!(!snapshot.contains("unknown-placeholder") && !snapshot.contains("{{ended_reason}}"), "{snapshot}");
    std::fs::write(case.join("case.toml"), "platform = \"hsm\"\n").unwrap();
    let out = test(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("case.toml: unknown platform `hsm`; did you mean `hms`?"), "{}", stdout(&out));
}
