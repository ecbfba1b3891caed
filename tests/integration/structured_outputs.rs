//! Vapi structured outputs as a user meets them: a folder of output files beside an assistant
//! file, linted in one run; an assistant that only links saved outputs; a render's conditions
//! verdict; a report validated against the outputs' schemas.

use crate::cli;

const ASSISTANT: &str = r#"{ "id": "a1b2c3d4-e5f6-4890-abcd-ef1234567890", "name": "Support", "model": { "provider": "openai", "model": "gpt-4.1" },
  "artifactPlan": { "structuredOutputIds": ["550e8400-e29b-41d4-a716-446655440001"] } }"#;

const CSAT: &str = r#"{ "id": "550e8400-e29b-41d4-a716-446655440001", "name": "CSAT", "type": "ai",
  "schema": { "type": "integer", "description": "CSAT 1-10" },
  "assistantIds": ["0f9e8d7c-6b5a-4c3d-8e1f-0a9b8c7d6e5f"],
  "conditions": [ { "type": "minMessages", "count": 6 } ] }"#;

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("structuredOutputs")).unwrap();
    std::fs::write(dir.path().join("assistant.json"), ASSISTANT).unwrap();
    std::fs::write(dir.path().join("structuredOutputs/csat.json"), CSAT).unwrap();
    std::fs::write(dir.path().join("call.txt"), "AI: Hi.\nUser: Hello.\nAI: Bye.\nUser: Bye.\n").unwrap();
    dir
}

#[test]
fn links_are_checked_across_the_files_of_one_run() {
    let dir = folder();
    let out = cli().current_dir(dir.path()).args(["lint", "--format", "json", "."]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // the assistant links CSAT, but CSAT lists another assistant: a warning, in the assistant file
    assert!(text.contains("structured-output/link-mismatch"), "{text}");
    assert!(text.contains("does not list this assistant"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
    // alone, the assistant file is a known shape: no `plan/no-plan-found`, nothing to mismatch
    let alone = cli().current_dir(dir.path()).args(["lint", "assistant.json"]).output().unwrap();
    let said = String::from_utf8_lossy(&alone.stdout);
    assert!(!said.contains("no-plan-found") && !said.contains("link-mismatch"), "{said}");
}

#[test]
fn render_gives_the_conditions_verdict_and_names_the_links() {
    let dir = folder();
    let out = cli()
        .current_dir(dir.path())
        .args(["render", "structuredOutputs/csat.json", "--transcript", "call.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("structured output would be skipped: conditions/0 (minMessages 6) is unmet: 4 messages"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
    let links =
        cli().current_dir(dir.path()).args(["render", "assistant.json", "--transcript", "call.txt"]).output().unwrap();
    assert_eq!(links.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&links.stderr)
            .contains("link 1 saved Vapi structured output (550e8400-e29b-41d4-a716-446655440001)")
    );
}

#[test]
fn results_are_validated_against_the_output_with_their_id() {
    let dir = folder();
    let report = r#"{"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call", "analysis": {},
      "artifact": {"structuredOutputs": {"550e8400-e29b-41d4-a716-446655440001": {"name": "CSAT", "result": "eight"}}}}}"#;
    std::fs::write(dir.path().join("report.json"), report).unwrap();
    let out = cli()
        .current_dir(dir.path())
        .args(["validate", "structuredOutputs/csat.json", "report.json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("/message/artifact/structuredOutputs/550e8400-e29b-41d4-a716-446655440001/result"), "{text}");
    assert!(text.contains("report.json:2:"), "{text}");
}
