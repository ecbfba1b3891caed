//! `plankit render` as users run it: every transcript form and every plan shape in
//! `fixtures/` rendered and snapshotted (stdout, stderr and exit code), the output formats,
//! the exit-code contract, and properties over any transcript text.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use insta_cmd::assert_cmd_snapshot;
use proptest::prelude::*;

use plankit::render::{RenderOptions, transcript_text};
use plankit::transcript::{Format, Labels, Speaker, Transcript, Turn};

use crate::{cli, root};

/// A fixture path as a user would type it, relative to the project root.
fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().into_owned()
}

fn render(args: &[&str]) -> (i32, String, String) {
    let out = cli().arg("render").args(args).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn every_transcript_form_renders() {
    insta::glob!("../../fixtures/transcripts", "*.{txt,json}", |path| {
        let transcript = relative(path);
        assert_cmd_snapshot!(cli().args([
            "render",
            "fixtures/plans/flireo-call-analysis-guide.json",
            "--transcript",
            &transcript,
            "--schema-style",
            "compact"
        ]));
    });
}

#[test]
fn every_plan_shape_renders() {
    insta::glob!("../../fixtures/plans", "*.json", |path| {
        let plan = relative(path);
        assert_cmd_snapshot!(cli().args(["render", &plan, "--transcript", "fixtures/transcripts/booking.txt"]));
    });
}

#[test]
fn the_readme_example_renders() {
    assert_cmd_snapshot!(cli().args([
        "render",
        "fixtures/plans/support-nl.json",
        "--transcript",
        "fixtures/transcripts/booking.txt",
        "--ended-reason",
        "customer-ended-call"
    ]));
}

#[test]
fn json_format_is_one_versioned_object_per_sub_plan() {
    let (code, stdout, stderr) = render(&[
        "fixtures/plans/vapi-analysis-plan.json",
        "--transcript",
        "fixtures/transcripts/vapi-end-of-call-report.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "json output carries its warnings: {stderr}");
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let plans: Vec<&str> = lines.iter().map(|l| l["plan"].as_str().unwrap()).collect();
    assert_eq!(plans, ["summary", "structured-data", "success-evaluation"]);
    for line in &lines {
        assert_eq!(line["version"], 1);
        assert_eq!((line["message_count"].as_u64(), line["threshold"].as_u64()), (Some(5), Some(2)));
        assert_eq!(line["analysis_would_run"], true);
        assert!(line["messages"].as_array().unwrap().iter().all(|m| m["role"].is_string() && m["content"].is_string()));
    }
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_format_reports_skips_and_warnings() {
    let (code, stdout, _) = render(&[
        "fixtures/plans/hms-template-guide.json",
        "--transcript",
        "fixtures/transcripts/short-call.txt",
        "--ended-reason",
        "hangup",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["analysis_would_run"], false);
    assert_eq!(line["reason"], "analysis would be skipped: 2 messages < minMessagesThreshold 5");
    let rules: Vec<&serde_json::Value> = line["warnings"].as_array().unwrap().iter().map(|w| &w["rule"]).collect();
    // HMS's `{{ended_reason}}` is a placeholder on an HMS template: filled, not reported
    assert!(!rules.contains(&&serde_json::json!("template/unknown-placeholder")), "{line}");
    assert!(line["messages"].to_string().contains("Call ended because: hangup"), "{line}");
    assert!(line["warnings"].to_string().contains("unknown ended reason \\\"hangup\\\""), "{line}");
}

#[test]
fn openai_format_is_a_request_body() {
    assert_cmd_snapshot!(cli().args([
        "render",
        "fixtures/plans/support-nl.json",
        "--transcript",
        "fixtures/transcripts/flireo-end-of-call-report.json",
        "--format",
        "openai",
        "--schema-style",
        "compact",
        "--model",
        "gpt-4.1-mini"
    ]));
}

#[test]
fn openai_format_is_strict_only_when_asked() {
    let args =
        ["fixtures/plans/support-nl.json", "--transcript", "fixtures/transcripts/booking.txt", "--format", "openai"];
    let body = |extra: &[&str]| -> serde_json::Value {
        let (code, stdout, stderr) = render(&[&args[..], extra].concat());
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str(&stdout).unwrap()
    };
    let loose = body(&[]);
    assert_eq!(loose["model"], "gpt-4.1");
    assert_eq!(loose["response_format"]["json_schema"]["strict"], false);
    let strict = body(&["--strict"]);
    assert_eq!(strict["response_format"]["json_schema"]["strict"], true);
    // the schema goes out exactly as written: never rewritten for strict mode
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(args[0])).unwrap()).unwrap();
    assert_eq!(strict["response_format"]["json_schema"]["schema"], plan["structuredDataPlan"]["schema"]);
}

#[test]
fn openai_format_needs_one_sub_plan() {
    assert_cmd_snapshot!(cli().args([
        "render",
        "fixtures/plans/vapi-legacy-flat.json",
        "--transcript",
        "fixtures/transcripts/vapi-messages.json",
        "--format",
        "openai"
    ]));
}

#[test]
fn plan_picks_one_sub_plan() {
    let (code, stdout, _) = render(&[
        "fixtures/plans/flireo-legacy-assistant-request.json",
        "--transcript",
        "fixtures/transcripts/legacy-gebruiker.txt",
        "--plan",
        "success-evaluation",
    ]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("══"), "one sub-plan has no title rule: {stdout}");
    assert!(stdout.contains("Rubric:\nPassFail\n"), "{stdout}");
    // {{systemPrompt}} comes from the assistant config around the plan
    assert!(
        stdout.contains("Systeemprompt van het gesprek:\n\nJe bent de vriendelijke telefonische assistent"),
        "{stdout}"
    );
    assert!(stdout.ends_with("── analysis would be skipped: 7 messages < minMessagesThreshold 10 ──\n"), "{stdout}");
}

#[test]
fn a_sub_plan_the_plan_lacks_is_a_usage_error() {
    assert_cmd_snapshot!(cli().args([
        "render",
        "fixtures/plans/support-nl.json",
        "--transcript",
        "fixtures/transcripts/booking.txt",
        "--plan",
        "summary"
    ]));
}

#[test]
fn several_plans_need_select() {
    assert_cmd_snapshot!(cli().args([
        "render",
        "fixtures/render/two-templates.json",
        "--transcript",
        "fixtures/transcripts/booking.txt"
    ]));
}

#[test]
fn select_by_name_or_pointer() {
    let base = ["fixtures/render/two-templates.json", "--transcript", "fixtures/transcripts/booking.txt"];
    let (code, by_name, _) = render(&[&base[..], &["--select", "Afspraak"]].concat());
    assert_eq!(code, 0);
    let (code, by_pointer, _) = render(&[&base[..], &["--select", "/data/0"]].concat());
    assert_eq!(code, 0);
    assert_eq!(by_name, by_pointer);
    // whitespace inside the braces renders the same
    assert!(by_name.contains("Einde gesprek: customer-ended-call") && !by_name.contains("{{"), "{by_name}");
    let (code, _, stderr) = render(&[&base[..], &["--select", "Afspraken"]].concat());
    assert_eq!(code, 2);
    assert!(stderr.contains("\"Afspraak\"  (/data/0)"), "{stderr}");
}

#[test]
fn unknown_placeholders_are_kept_and_reported_on_stderr() {
    let args = [
        "fixtures/render/two-templates.json",
        "--transcript",
        "fixtures/transcripts/booking.txt",
        "--select",
        "Klanttevredenheid",
    ];
    let (code, stdout, stderr) = render(&args);
    assert_eq!(code, 0, "a warning does not fail a render");
    assert!(stdout.contains("Beoordeel de tevredenheid van {{customerName}} volgens"), "{stdout}");
    assert!(
        stderr.contains("warning[template/unknown-placeholder]: unknown placeholder `{{customerName}}`")
            && stderr.contains("fixtures/render/two-templates.json:48:53"),
        "{stderr}"
    );
    let (code, _, _) = render(&[&args[..], &["--deny", "warnings"]].concat());
    assert_eq!(code, 1);
}

#[test]
fn ended_reason_comes_from_the_flag_then_the_payload_then_the_default() {
    let reason = |transcript: &str, extra: &[&str]| {
        let (_, stdout, _) =
            render(&[&["fixtures/plans/support-nl.json", "--transcript", transcript][..], extra].concat());
        stdout.lines().find_map(|l| l.strip_prefix("Het gesprek eindigde omdat: ")).unwrap().to_owned()
    };
    let payload = "fixtures/transcripts/vapi-end-of-call-report.json";
    assert_eq!(reason(payload, &["--ended-reason", "voicemail"]), "voicemail");
    assert_eq!(reason(payload, &[]), "assistant-said-end-call-phrase");
    assert_eq!(reason("fixtures/transcripts/voicemail.json", &[]), "customer-ended-call");
    let (code, _, stderr) =
        render(&["fixtures/plans/support-nl.json", "--transcript", payload, "--ended-reason", "customer-ended-cal"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("unknown ended reason \"customer-ended-cal\"") && stderr.contains("customer-ended-call"));
}

#[test]
fn labels_are_configurable() {
    let (code, stdout, stderr) = render(&[
        "fixtures/plans/support-nl.json",
        "--transcript",
        "fixtures/transcripts/legacy-gebruiker.txt",
        "--assistant-label",
        "Assistent",
        "--user-label",
        "Gebruiker",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("\nAssistent: Goedemiddag")
            && stdout.contains("\nGebruiker: Een slagroomtaart voor twaalf personen, met")
    );
}

#[test]
fn transcript_from_stdin() {
    let mut child = cli()
        .args(["render", "fixtures/plans/support-nl.json", "--transcript", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"AI: Hallo.\nUser: Hoi.\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((line["message_count"].as_u64(), line["analysis_would_run"].as_bool()), (Some(2), Some(false)));
}

#[test]
fn unparsable_transcripts_exit_3_at_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "truncated.json",
            "[\n  {\"role\": \"user\", \"content\": \"Hoi\"},\n  {\"role\": \"bot\" \"message\": \"Hallo\"}\n]\n",
        ),
        ("no-labels.txt", "Goedemiddag, u spreekt met Zonnehof.\nAI: Waarmee kan ik u helpen?\n"),
        ("unknown-role.json", "[{\"role\": \"agnet\", \"message\": \"Hallo\"}]"),
        ("status-update.json", "{\"message\": {\"type\": \"status-update\", \"call\": {\"status\": \"in-progress\"}}}"),
        ("flat-unknown-label.json", "{\"transcriptText\": \"Receptie: Goedemiddag!\\nGebruiker: Hoi\"}"),
    ];
    let mut report = String::new();
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (code, stdout, stderr) =
            render(&["fixtures/plans/support-nl.json", "--transcript", path.to_str().unwrap()]);
        assert_eq!(code, 3, "{name}: {stderr}");
        assert!(stdout.is_empty(), "{name}: nothing is rendered from a bad transcript");
        report.push_str(&stderr.replace(&dir.path().display().to_string(), "<tmp>"));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn unreadable_plans_exit_3() {
    for plan in ["fixtures/plans", "no/such/plan.json", "fixtures/rules/input/parse-error/fail-truncated.json"] {
        let (code, stdout, stderr) = render(&[plan, "--transcript", "fixtures/transcripts/booking.txt"]);
        assert_eq!(code, 3, "{plan}: {stderr}");
        assert!(stdout.is_empty() && stderr.contains("error[input/"), "{plan}: {stderr}");
    }
    let (code, _, stderr) = render(&[
        "fixtures/rules/plan/no-plan-found/fail-package-json.json",
        "--transcript",
        "fixtures/transcripts/booking.txt",
    ]);
    assert_eq!(code, 3);
    assert!(stderr.contains("no analysis plan found"), "{stderr}");
}

#[test]
fn both_inputs_on_stdin_is_a_usage_error() {
    let (code, _, stderr) = render(&["-", "--transcript", "-"]);
    assert_eq!(code, 2, "{stderr}");
}

/// A plan read from text, as from a file: its schema keeps the key order written here.
fn plan(content: &str) -> plankit::Plan {
    let text = format!(
        r#"{{"structuredDataPlan": {{"enabled": true,
        "schema": {{"type": "object", "properties": {{"b": {{"type": "string"}}, "a": {{"type": "integer"}}}}}},
        "messages": [{{"role": "user", "content": {}}}]}}, "minMessagesThreshold": 2}}"#,
        serde_json::Value::String(content.to_owned())
    );
    let linted = plankit::lint_source(plankit::Source::new("plan.json", text), &plankit::Settings::default());
    linted.plans.into_iter().next().unwrap()
}

fn arb_turns() -> impl Strategy<Value = Vec<Turn>> {
    let speaker =
        prop_oneof![Just(Speaker::Assistant), Just(Speaker::User), Just(Speaker::System), Just(Speaker::Tool)];
    let text = prop_oneof![
        "\\PC{0,40}",
        Just("{{schema}} {{ transcript }} {{endedReason}}".to_owned()),
        Just("{{transcirpt".to_owned()),
        Just("regel een\n\n  regel twee\r\n".to_owned()),
    ];
    prop::collection::vec((speaker, text).prop_map(|(speaker, text)| Turn { speaker, text, offset: 0 }), 0..8)
}

/// Message arrays and payloads as they come, with missing, misspelled and mistyped fields.
fn arb_json_transcript() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let role = prop_oneof![
        Just(json!("user")),
        Just(json!("bot")),
        Just(json!("assistant")),
        Just(json!("system")),
        Just(json!("tool_call_result")),
        Just(json!("agnet")),
        Just(json!(7)),
        Just(Value::Null),
    ];
    let text = prop_oneof![
        "\\PC{0,30}".prop_map(Value::String),
        Just(Value::Null),
        Just(json!(3)),
        Just(json!([{"type": "text", "text": "{{schema}}"}])),
    ];
    let message =
        (role, text.clone(), any::<bool>(), any::<bool>()).prop_map(|(role, text, use_content, calls_tools)| {
            let mut object = serde_json::Map::new();
            if !role.is_null() {
                object.insert("role".to_owned(), role);
            }
            object.insert(if use_content { "content" } else { "message" }.to_owned(), text);
            if calls_tools {
                object.insert("toolCalls".to_owned(), json!([]));
            }
            Value::Object(object)
        });
    let messages = prop::collection::vec(message, 0..6).prop_map(Value::Array);
    prop_oneof![
        messages.clone(),
        messages.clone().prop_map(|m| json!({"message": {"type": "end-of-call-report", "messages": m}})),
        messages.prop_map(|m| json!({"message": {"endedReason": "voicemail", "artifact": {"messages": m}}})),
        "\\PC{0,60}".prop_map(|t| json!({"transcriptText": t})),
        text.prop_map(|t| json!({"message": {"artifact": {"transcript": t}}})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_json_transcript_parses_or_fails_inside_the_file(value in arb_json_transcript(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        match Transcript::parse(&plankit::Source::new("call.json", text.clone())) {
            Ok(transcript) => {
                let parts = plan("{{transcript}}").render(&transcript, &RenderOptions::default());
                prop_assert_eq!(parts[0].message_count, transcript.spoken_count());
                for warning in &transcript.warnings {
                    prop_assert!(warning.offset <= text.len());
                }
            }
            Err(error) => prop_assert!(error.range.start <= error.range.end && error.range.end <= text.len()),
        }
    }

    #[test]
    fn any_transcript_text_parses_or_fails_cleanly_and_renders(text in "\\PC{0,300}") {
        let source = plankit::Source::new("call.txt", text.clone());
        match Transcript::parse(&source) {
            Ok(transcript) => {
                for part in plan("{{transcript}} {{schema}}").render(&transcript, &RenderOptions::default()) {
                    prop_assert!(part.message_count <= transcript.turns.len());
                }
            }
            Err(error) => {
                prop_assert!(error.range.start <= error.range.end && error.range.end <= text.len());
                prop_assert!(!error.message.is_empty());
            }
        }
    }

    #[test]
    fn every_known_placeholder_is_substituted_for_any_transcript(turns in arb_turns(), reason in "[a-z.-]{0,30}") {
        let transcript = Transcript { turns, format: Format::Text, ended_reason: None, warnings: Vec::new() };
        let options = RenderOptions { ended_reason: Some(reason.clone()), ..RenderOptions::default() };
        let template = "A {{transcript}} B {{ schema }} C {{endedReason}} D {{-systemPrompt-}} E {{rubric}} F";
        let parts = plan(template).render(&transcript, &options);
        let schema = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"b\": {\n      \"type\": \"string\"\n    },\n    \"a\": {\n      \"type\": \"integer\"\n    }\n  }\n}";
        let system_prompt = transcript.system_prompt().unwrap_or_default();
        let expected = format!(
            "A {} B {schema} C {reason} D {system_prompt} E  F",
            transcript_text(&transcript, &Labels::default())
        );
        prop_assert_eq!(&parts[0].messages[0].content, &expected);
        let spoken = transcript.turns.iter().filter(|t| t.speaker.is_spoken()).count();
        prop_assert_eq!(parts[0].message_count, spoken);
        prop_assert_eq!(parts[0].would_run(), spoken >= 2);
        // one line per spoken turn, whatever the turn's text holds
        let text = transcript_text(&transcript, &Labels::default());
        prop_assert_eq!(if spoken == 0 { 0 } else { text.split('\n').count() }, spoken);
    }
}

#[test]
fn plankit_annotations_never_reach_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let plan = r#"{"structuredDataPlan": {"enabled": true,
      "schema": {"type": "object", "x-plankit-ignore": ["schema/missing-description"],
        "properties": {"x-plankit-ignore": {"type": "string"}, "notes": {"type": "string", "x-plankit-ignore": ["schema/untyped-property"]}}},
      "messages": [{"role": "user", "content": "Schema: {{schema}}\nTranscript: {{transcript}}"}]}, "minMessagesThreshold": 1}"#;
    std::fs::write(dir.path().join("plan.json"), plan).unwrap();
    std::fs::write(dir.path().join("call.txt"), "AI: Hello.\nUser: Hi.\n").unwrap();
    for format in ["text", "openai"] {
        let out = cli()
            .current_dir(dir.path())
            .args(["render", "plan.json", "--transcript", "call.txt", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // the property *named* x-plankit-ignore stays; the annotations (and their rule lists) go
        assert!(text.contains("x-plankit-ignore"), "{format}: {text}");
        assert!(
            !text.contains("schema/missing-description") && !text.contains("schema/untyped-property"),
            "{format}: {text}"
        );
    }
}

#[test]
fn messages_keep_the_key_order_of_the_file_and_of_vapis_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let assistant = r#"{"model": {"provider": "openai", "model": "gpt-4.1",
      "messages": [{"role": "system", "content": "You book tables."}]},
      "analysisPlan": {"summaryPlan": {"messages": [{"role": "user", "content": "{{messages}}\n{{transcript}}"}]}}}"#;
    std::fs::write(dir.path().join("assistant.json"), assistant).unwrap();
    let output = r#"{"name": "Booked", "type": "ai", "schema": {"type": "boolean"}, "model": {"provider": "openai",
      "model": "gpt-4.1", "messages": [{"role": "user", "content": "{{structuredOutput.schema}} {{messages}}"}]}}"#;
    std::fs::write(dir.path().join("output.json"), output).unwrap();
    std::fs::write(dir.path().join("call.txt"), "AI: Hello.\nUser: A table for two.\n").unwrap();
    let run = |plan: &str| {
        let out = cli().current_dir(dir.path()).args(["render", plan, "--transcript", "call.txt"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // the assistant's model.messages as written (`role` first), not sorted (`content` first)
    let text = run("assistant.json");
    assert!(text.contains(r#"[{"role":"system","content":"You book tables."}]"#), "{text}");
    // a structured output's conversation as Vapi's artifact.messages writes it
    let text = run("output.json");
    assert!(text.contains("\"role\": \"bot\",\n    \"message\": \"Hello.\""), "{text}");
}
