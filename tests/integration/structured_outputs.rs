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

/// A saved output with an object schema written as Vapi's docs write them: optional
/// properties, no `additionalProperties`, and a keyword OpenAI strict mode does not enforce.
const TICKET: &str = r#"{ "name": "Ticket", "type": "ai",
  "schema": { "type": "object", "properties": {
    "issue": { "type": "string", "minLength": 3 },
    "email": { "type": "string", "format": "email" } }, "required": ["issue"] },
  "model": { "provider": "openai", "model": "gpt-4.1" } }"#;

fn lint_ticket(ticket: &str, config: Option<&str>) -> (Option<i32>, String) {
    lint_ticket_as(ticket, config, "concise")
}

fn lint_ticket_as(ticket: &str, config: Option<&str>, format: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ticket.json"), ticket).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("plankit.toml"), config).unwrap();
    }
    let out = cli().current_dir(dir.path()).args(["lint", "--format", format, "ticket.json"]).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_structured_output_is_checked_against_its_models_provider_as_vapi_adapts_the_schema() {
    // by default only what OpenAI's strict-mode rewrite would not fix: an array without `items`
    let (code, text) = lint_ticket(TICKET, None);
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("additional-properties") && !text.contains("all-required"), "{text}");
    let (code, text) = lint_ticket(&with_untyped_array(TICKET), None);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("error[provider/openai-strict/array-items]"), "{text}");
    // another provider, another target; a custom model has none
    let anthropic = TICKET.replace(
        r#""provider": "openai", "model": "gpt-4.1""#,
        r#""provider": "anthropic", "model": "claude-sonnet-4-6""#,
    );
    let as_written = Some("structured-output-targets = \"as-written\"\n");
    let (_, text) = lint_ticket(&anthropic, as_written);
    assert!(text.contains("provider/anthropic/additional-properties") && !text.contains("openai-strict"), "{text}");
    let custom =
        TICKET.replace(r#""provider": "openai""#, r#""provider": "custom-llm", "url": "https://llm.example.com""#);
    let (code, text) = lint_ticket(&with_untyped_array(&custom), None);
    assert_eq!((code, text.contains("provider/")), (Some(0), false), "{text}");
}

/// The output with a `tags` array that does not say what it holds.
fn with_untyped_array(output: &str) -> String {
    output.replace(r#""properties": {"#, r#""properties": { "tags": { "type": "array" },"#)
}

#[test]
fn structured_output_targets_says_whether_the_schema_goes_as_written() {
    let (code, text) = lint_ticket(TICKET, Some("structured-output-targets = \"as-written\"\n"));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("error[provider/openai-strict/additional-properties]"), "{text}");
    assert!(text.contains("error[provider/openai-strict/all-required]"), "{text}");
    let (code, text) = lint_ticket(&with_untyped_array(TICKET), Some("structured-output-targets = \"off\"\n"));
    assert_eq!((code, text.contains("provider/")), (Some(0), false), "{text}");
    // the help says why a target nobody named was checked
    let (_, text) = lint_ticket_as(TICKET, Some("structured-output-targets = \"as-written\"\n"), "human");
    assert!(
        text.contains("checked as `openai-strict` because the structured output runs on model `openai` `gpt-4.1`"),
        "{text}"
    );
}

#[test]
fn an_output_without_a_model_runs_on_vapis_default_and_a_primitive_root_is_wrapped() {
    // no `model`: Vapi's default GPT-4.1; a primitive root is Vapi's to wrap, not a finding
    let csat = r#"{ "name": "CSAT", "type": "ai", "schema": { "type": "integer", "minimum": 1, "maximum": 10 } }"#;
    let (code, text) = lint_ticket(csat, None);
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("root-object"), "{text}");
    let list = r#"{ "name": "Tags", "type": "ai", "schema": { "type": "array" } }"#;
    let (code, text) = lint_ticket(list, None);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("provider/openai-strict/array-items") && !text.contains("root-object"), "{text}");
    // a bad value is an error at its place, with a did-you-mean
    let (code, text) = lint_ticket(TICKET, Some("structured-output-targets = \"as-writen\"\n"));
    assert_eq!(code, Some(2), "{text}");
}
