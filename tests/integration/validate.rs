//! `plankit validate` as users run it: reports on real payload fixtures and NDJSON streams
//! (snapshots), the exit-code contract, stdin, `--at`, `--require-analysis`, formats, local
//! and remote `$ref`s, line numbers across the stream reader's block boundaries, and flat memory on long or invalid
//! streams.

use std::io::Write;
use std::process::Stdio;

use insta_cmd::assert_cmd_snapshot;

use crate::cli;

const PLAN: &str = "fixtures/validate/support-plan.json";

fn code(args: &[&str]) -> Option<i32> {
    cli().arg("validate").args(args).output().unwrap().status.code()
}

#[test]
fn payload_fixtures_human() {
    assert_cmd_snapshot!(cli().args(["validate", PLAN, "fixtures/payloads/"]));
}

#[test]
fn payload_fixtures_json() {
    assert_cmd_snapshot!(cli().args(["validate", "--format", "json", PLAN, "fixtures/payloads/"]));
}

#[test]
fn ndjson_stream_human() {
    assert_cmd_snapshot!(cli().args(["validate", PLAN, "fixtures/validate/reports.ndjson"]));
}

#[test]
fn ndjson_stream_json() {
    assert_cmd_snapshot!(cli().args(["validate", "--format", "json", PLAN, "fixtures/validate/reports.ndjson"]));
}

#[test]
fn malformed_ndjson_line_is_reported_and_the_rest_still_checked() {
    assert_cmd_snapshot!(cli().args(["validate", PLAN, "fixtures/validate/malformed.ndjson"]));
}

#[test]
fn exit_codes() {
    assert_eq!(code(&[PLAN, "fixtures/payloads/flireo-camel-end-of-call-report.json"]), Some(0));
    assert_eq!(code(&[PLAN, "fixtures/payloads/broken-camel-end-of-call-report.json"]), Some(1));
    assert_eq!(code(&[PLAN, "fixtures/payloads/no-such-report.json"]), Some(3));
    assert_eq!(code(&[PLAN, "fixtures/validate/malformed.ndjson"]), Some(3));
    assert_eq!(code(&[PLAN]), Some(2), "no inputs is a usage error");
    assert_eq!(code(&[]), Some(2));
    assert_eq!(code(&["--at", "message", PLAN, "fixtures/payloads/analysis-output.json"]), Some(2));
    assert_eq!(
        code(&["fixtures/rules/output/schema/pass-valid-output.json", "fixtures/payloads/"]),
        Some(3),
        "no schema in plan"
    );
}

#[test]
fn a_plan_and_a_bare_schema_are_not_confused() {
    let out = cli().args(["validate", "--schema", PLAN, "fixtures/payloads/analysis-output.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("this is an analysis plan, not a bare JSON Schema"));
    let schema = "fixtures/validate/refs/schema.json";
    let out = cli().args(["validate", schema, "fixtures/payloads/analysis-output.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use `--schema fixtures/validate/refs/schema.json`"));
}

#[test]
fn ndjson_from_stdin() {
    let mut child = cli()
        .args(["validate", "--ndjson", "--format", "json", PLAN, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"{\"sentiment\": 3}\n\n{\"sentiment\": 30}\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["summary"], serde_json::json!({"documents": 2, "valid": 1, "invalid": 1}));
    let document = &report["documents"][0];
    assert_eq!((document["file"].as_str(), document["line"].as_u64()), (Some("<stdin>"), Some(3)));
    assert_eq!(document["errors"][0]["column"], 15);
}

#[test]
fn at_pointer_validates_a_chosen_sub_document() {
    let args = ["--at", "/message/analysis", PLAN, "fixtures/payloads/broken-camel-end-of-call-report.json"];
    let out = cli().arg("validate").args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    // only the schema is checked: the payload's own `"durationSeconds": "84"` is not reported
    assert!(text.contains("/message/analysis/sentiment: 11 is greater than the maximum of 10"), "{text}");
    assert!(!text.contains("payload/"), "{text}");
}

#[test]
fn require_analysis_makes_a_report_without_analysis_invalid() {
    let report = "fixtures/rules/payload/missing-analysis/fail-no-analysis.json";
    assert_eq!(code(&[PLAN, report]), Some(0));
    assert_eq!(code(&["--require-analysis", PLAN, report]), Some(1));
}

#[test]
fn formats_are_asserted_unless_turned_off() {
    let schema = "fixtures/validate/refs/schema.json";
    let bad = "fixtures/validate/outputs/callback-bad-date.json";
    assert_eq!(code(&["--schema", schema, "fixtures/validate/outputs/callback-ok.json"]), Some(0));
    assert_eq!(code(&["--schema", schema, bad]), Some(1));
    assert_eq!(code(&["--no-formats", "--schema", schema, bad]), Some(0));
}

#[test]
fn refs_resolve_beside_the_schema_and_nowhere_else() {
    // `schema.json` refers to `common.json` in its own folder: that works (the bound is checked)
    let out = cli()
        .args([
            "validate",
            "--schema",
            "fixtures/validate/refs/schema.json",
            "fixtures/payloads/broken-analysis-output.json",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("/sentiment: 0 is less than the minimum of 1"));
    for (schema, expected) in [
        ("fixtures/validate/refs/escaping-schema.json", "outside the schema's folder"),
        ("fixtures/validate/refs/remote-schema.json", "never fetched"),
    ] {
        let out =
            cli().args(["validate", "--schema", schema, "fixtures/payloads/analysis-output.json"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn stream_line_numbers_hold_across_block_and_chunk_boundaries() {
    use plankit::validate::{CheckOptions, OutputValidator, SchemaOptions, ndjson};

    let schema = serde_json::json!({"type": "object", "properties": {"n": {"type": "integer", "maximum": 1000000}}});
    let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap();
    // ~20 MB: several 8 MB blocks and many 1 MB chunks; padding keeps lines ~300 bytes
    let padding = "x".repeat(280);
    let bad = [1, 40_000, 40_001, 69_999];
    let mut text = String::new();
    for line in 1..=70_000 {
        match line {
            55_555 => text.push_str("{\"n\": 1,\n"),
            n if bad.contains(&n) => text.push_str(&format!("{{\"n\": 2000000, \"pad\": \"{padding}\"}}\n")),
            n => text.push_str(&format!("{{\"n\": {n}, \"pad\": \"{padding}\"}}\n")),
        }
    }
    let mut reported = Vec::new();
    let result =
        ndjson::check_stream(text.as_bytes(), "big.ndjson", &validator, &CheckOptions::default(), &mut |document| {
            reported.push(document)
        });
    let lines: Vec<usize> = reported.iter().filter_map(|d| d.line).collect();
    assert_eq!(lines, [1, 40_000, 40_001, 55_555, 69_999]);
    assert_eq!(result.documents, 70_000);
    assert_eq!(result.invalid, 5);
    assert!(result.failed, "a malformed line makes the stream fail");
    assert_eq!(reported[1].errors[0].column, Some(7));
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli().arg("validate").args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dialect_is_reported_and_can_be_forced() {
    let report = "fixtures/payloads/vapi-end-of-call-report.json";
    assert_eq!(code(&[PLAN, report]), Some(0));
    // read as Flireo camelCase, a Vapi report lacks Flireo's fields
    let (status, stdout, _) = run(&["--dialect", "flireo", PLAN, report]);
    assert_eq!(status, Some(1));
    assert!(stdout.contains("/message/durationSeconds is required"), "{stdout}");
    let (_, json, _) = run(&["--format", "json", "--dialect", "flireo", PLAN, report]);
    assert!(
        json.contains(r#""dialect": "flireo""#) && json.contains(r#""dialect_reason": "forced by --dialect""#),
        "{json}"
    );
}

#[test]
fn a_report_without_its_envelope_is_a_webhook_for_validate_and_render() {
    let report = "fixtures/payloads/broken-vapi-report-without-envelope.json";
    let (status, json, _) = run(&["--format", "json", PLAN, report]);
    assert_eq!(status, Some(1));
    assert!(json.contains(r#""kind": "end-of-call-report""#) && json.contains(r#""dialect": "vapi""#), "{json}");
    assert!(json.contains("payload/missing-envelope"), "{json}");
    assert!(json.contains(r#""pointer": "/analysis/structuredData/sentiment""#), "{json}");
    // render reads the same body, and finds it carries no transcript
    let out = cli().args(["render", "fixtures/validate/support-plan.json", "--transcript", report]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("this `end-of-call-report` payload carries no transcript"));
}

#[test]
fn warnings_pass_unless_denied() {
    let report = "fixtures/rules/payload/unknown-value/fail-vapi-ended-reason-camel.json";
    let (status, stdout, _) = run(&[PLAN, report]);
    assert_eq!(status, Some(0));
    assert!(stdout.contains("warning[payload/unknown-value]") && stdout.ends_with("1 document valid, 1 warning\n"));
    assert_eq!(code(&["--deny", "warnings", PLAN, report]), Some(1));
    let (_, json, _) = run(&["--format", "json", PLAN, report]);
    assert!(json.contains(r#""valid": true"#) && json.contains(r#""severity": "warning""#), "{json}");
}

#[test]
fn a_plan_without_a_schema_still_checks_the_payload_format() {
    let plan = "fixtures/validate/summary-only-plan.json";
    let (status, _, stderr) = run(&[plan, "fixtures/payloads/vapi-end-of-call-report.json"]);
    assert_eq!(status, Some(0));
    assert!(stderr.contains("has no structured-data schema: analyses are not checked"), "{stderr}");
    assert_eq!(code(&[plan, "fixtures/payloads/broken-camel-end-of-call-report.json"]), Some(1));
}

#[test]
fn select_picks_one_plan_of_several() {
    let plans = "fixtures/validate/two-templates.json";
    let report = "fixtures/payloads/flireo-camel-end-of-call-report.json";
    let (status, _, stderr) = run(&[plans, report]);
    assert_eq!(status, Some(2));
    assert!(stderr.contains("pick one with --select NAME|POINTER") && stderr.contains("\"Callback\""), "{stderr}");
    assert_eq!(code(&["--select", "Sentiment", plans, report]), Some(0));
    assert_eq!(code(&["--select", "/analysisTemplates/1", plans, report]), Some(1));
    assert_eq!(code(&["--select", "nothing", plans, report]), Some(2));
}

#[test]
fn the_readme_shows_what_validate_prints_for_a_report_without_envelope() {
    let readme = std::fs::read_to_string(crate::root().join("README.md")).unwrap();
    let command = "$ plankit validate fixtures/validate/support-plan.json fixtures/payloads/broken-vapi-report-without-envelope.json fixtures/rules/payload/unknown-value/fail-vapi-ended-reason-camel.json\n";
    let start = readme.find(command).expect("README lacks the validate example") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let args: Vec<&str> = command.trim_end().split(' ').skip(2).collect();
    let out = cli().args(&args).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), shown);
}

#[test]
fn a_pattern_that_is_not_ecma_262_is_refused_not_read_another_way() {
    let plan = "fixtures/rules/schema/invalid-pattern/fail-repeated-anchor.json";
    let out = cli().args(["validate", plan, "fixtures/payloads/analysis-output.json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(r#"pattern "^+31[0-9]{9}$" is not a valid ECMA-262 regular expression"#), "{stderr}");
    assert!(stderr.contains("/properties/phone/pattern"), "{stderr}");
}

/// Runs `validate` with `input` on standard input, polling its peak resident memory (VmHWM)
/// until it exits; returns the exit code, standard output and the peak in MB.
fn run_measured(args: &[&str], input: Vec<u8>) -> (Option<i32>, String, u64) {
    let mut child = cli()
        .arg("validate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let peak_of = || {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_of());
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    writer.join().unwrap();
    (status.code(), reader.join().unwrap(), peak / 1024)
}

#[test]
fn memory_stays_flat_however_many_documents_are_invalid() {
    if !std::path::Path::new("/proc/self/status").exists() {
        return;
    }
    // 150,000 invalid outputs: kept until the end, their reports alone took ~100 MB
    let input = "{\"sentiment\": 30}\n".repeat(150_000).into_bytes();
    for format in ["human", "json"] {
        let (code, out, peak) = run_measured(&["--ndjson", "--format", format, PLAN, "-"], input.clone());
        assert_eq!(code, Some(1), "{format}");
        assert!(
            out.contains("150,000 of 150,000 documents invalid") || out.contains("\"invalid\": 150000"),
            "{format}"
        );
        assert!(peak < 80, "--format {format} peaked at {peak} MB");
    }
}

#[test]
fn an_ndjson_line_past_10_mb_is_refused_and_the_next_lines_checked() {
    // no newline for 11 MB: refused once past the limit, without holding the line
    let mut input = b"{\"sentiment\": 3}\n{\"summary\": \"".to_vec();
    input.extend(std::iter::repeat_n(b'x', 11 << 20));
    input.extend(b"\"}\n{\"sentiment\": 30}\n");
    let (code, out, peak) = run_measured(&["--ndjson", PLAN, "-"], input);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("error[input/read-error]: line is longer than 10 MB: not read\n  --> <stdin>:2\n"), "{out}");
    assert!(out.contains("<stdin>:3:"), "the line after the long one is still checked: {out}");
    assert!(out.ends_with("2 of 3 documents invalid\n"), "{out}");
    assert!(peak < 100, "peaked at {peak} MB");

    // an endless line (here 64 MB of it, then the end of the stream) keeps memory flat too
    let (code, out, peak) = run_measured(&["--ndjson", PLAN, "-"], vec![b' '; 64 << 20]);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("<stdin>:1\n"), "{out}");
    assert!(peak < 100, "peaked at {peak} MB");
}

#[test]
fn a_property_not_allowed_is_placed_at_its_key_with_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type": "object", "properties": {"email": {"type": "string"}, "name": {"type": "string"}}, "additionalProperties": false}"#;
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    std::fs::write(dir.path().join("doc.json"), "{\n  \"name\": \"Ann\",\n  \"emial\": \"a@b.nl\"\n}\n").unwrap();
    std::fs::write(dir.path().join("docs.ndjson"), "{\"name\": \"Ann\", \"emial\": \"a@b.nl\"}\n").unwrap();
    for (file, place) in [("doc.json", "doc.json:3:3"), ("docs.ndjson", "docs.ndjson:1:17")] {
        let out =
            crate::cli().current_dir(dir.path()).args(["validate", "--schema", "schema.json", file]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains("property \"emial\" is not allowed") && text.contains(place), "{file}: {text}");
        assert!(text.contains("did you mean \"email\"?"), "{file}: {text}");
    }
}

#[test]
fn big_streams_cap_what_is_shown_and_say_which_fields_fail_most() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..6).map(|i| format!("{{\"sentiment\": {}}}\n", 30 + i)).collect();
    std::fs::write(dir.path().join("many.ndjson"), &lines).unwrap();
    std::fs::write(dir.path().join("many.json"), &lines).unwrap();
    let plan = crate::root().join("fixtures/validate/support-plan.json");
    let run = |args: &[&str]| {
        let out = crate::cli().current_dir(dir.path()).arg("validate").arg(&plan).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, text) = run(&["many.ndjson", "--max-errors", "4"]);
    assert_eq!(code, Some(1));
    assert_eq!(text.matches("error[output/schema]").count(), 4, "{text}");
    assert!(text.contains("… 2 more not shown (`--max-errors 4`)"), "{text}");
    assert!(text.contains("most frequent problems:\n  6  output/schema  /sentiment\n"), "{text}");
    assert!(text.ends_with("6 of 6 documents invalid\n"), "{text}");
    let (_, text) = run(&["many.ndjson", "-q"]);
    assert_eq!(text.matches("error[output/schema]").count(), 6, "{text}");
    assert!(!text.contains("documents invalid") && !text.contains("most frequent"), "{text}");
    // NDJSON in a .json file: the error says what it is
    let (code, text) = run(&["many.json"]);
    assert_eq!(code, Some(3));
    assert!(text.contains("this looks like NDJSON, one document per line: pass `--ndjson`"), "{text}");
}

#[test]
fn retell_webhooks_are_checked_against_the_agents_items() {
    const AGENT: &str = "fixtures/validate/retell-agent.json";
    assert_eq!(code(&[AGENT, "fixtures/validate/retell/call-analyzed.json"]), Some(0));
    assert_eq!(code(&[AGENT, "fixtures/validate/retell/call-ended-without-analysis.json"]), Some(0));
    let out = cli().args(["validate", AGENT, "fixtures/validate/retell/broken-call-analyzed.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    for expected in [
        "warning[payload/missing-envelope]: /event_type: Retell names the event in `event`",
        "error[payload/unknown-event]: /event_type: \"call_analysed\" is not a Retell webhook event",
        "did you mean `call_analyzed`?",
        "error[payload/unknown-value]: /call/call_analysis/user_sentiment: \"positive\"",
        "error[payload/wrong-type]: /call/call_analysis/call_successful",
        "/call/call_analysis/custom_analysis_data/call_reason: \"refund\" is not one of \"booking\"",
        "broken-call-analyzed.json:11:24",
        "/call/call_analysis/custom_analysis_data/pain_level: \"6\" is not of type \"number\"",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    // a bare `custom_analysis_data` object is an analysis output, checked the same way
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("custom.json");
    std::fs::write(&output, r#"{"call_reason": "booking", "is_new_patient": "no"}"#).unwrap();
    assert_eq!(code(&[AGENT, output.to_str().unwrap()]), Some(1));
}

#[test]
fn dialect_retell_reads_every_document_as_a_retell_webhook() {
    const AGENT: &str = "fixtures/validate/retell-agent.json";
    assert_eq!(code(&["--dialect", "retell", AGENT, "fixtures/validate/retell/call-analyzed.json"]), Some(0));
    // a document without Retell's envelope is a broken Retell webhook, not an analysis output
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("custom.json");
    std::fs::write(&output, r#"{"call_reason": "booking"}"#).unwrap();
    assert_eq!(code(&[AGENT, output.to_str().unwrap()]), Some(0));
    let out = cli().args(["validate", "--dialect", "retell", AGENT, output.to_str().unwrap()]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[payload/missing-field]: /event: a Retell webhook names its event in `event`"),
        "{text}"
    );
    assert!(
        text.contains("error[payload/missing-field]: /call: a Retell webhook carries the call in `call`"),
        "{text}"
    );
    assert!(text.contains("custom.json:1:1"), "{text}");
}

#[test]
fn a_call_analyzed_webhook_without_its_analysis_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let payload = dir.path().join("analyzed.json");
    std::fs::write(&payload, r#"{"event": "call_analyzed", "call": {"call_id": "c1"}}"#).unwrap();
    let out =
        cli().args(["validate", "fixtures/validate/retell-agent.json", payload.to_str().unwrap()]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("payload/missing-analysis"), "{text}");
    assert!(text.contains("/call/call_analysis: a call_analyzed event carries no `call_analysis`"), "{text}");
}

/// `plankit validate PLAN -` fed `input`: exit code, standard output, standard error.
fn validate_stdin(input: &[u8]) -> (Option<i32>, String, String) {
    let mut child = cli()
        .args(["validate", PLAN, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // written from another thread: a long input would fill the pipe before plankit reads it
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const READ_AS_NDJSON: &str = "note: standard input holds one JSON document a line: read as NDJSON";

#[test]
fn stdin_that_is_clearly_ndjson_is_read_as_ndjson_and_said_once() {
    let (code, stdout, stderr) = validate_stdin(b"{\"sentiment\": 3}\n{\"sentiment\": 30}\n{\"sentiment\": 4}\n");
    assert_eq!(code, Some(1));
    assert!(stdout.contains("--> <stdin>:2:15") && stdout.ends_with("1 of 3 documents invalid\n"), "{stdout}");
    assert_eq!(stderr.matches(READ_AS_NDJSON).count(), 1, "{stderr}");
}

#[test]
fn ndjson_whose_first_line_is_long_is_recognised_too() {
    // a first line longer than what is buffered at once: decided after reading it all
    let long = format!("{{\"sentiment\": 3, \"note\": \"{}\"}}\n{{\"sentiment\": 30}}\n", "x".repeat(20_000));
    let (code, stdout, stderr) = validate_stdin(long.as_bytes());
    assert_eq!(code, Some(1));
    assert!(stdout.contains("--> <stdin>:2:15") && stdout.ends_with("1 of 2 documents invalid\n"), "{stdout}");
    assert_eq!(stderr.matches(READ_AS_NDJSON).count(), 1, "{stderr}");
}

#[test]
fn one_document_on_stdin_is_one_document() {
    let (code, stdout, stderr) = validate_stdin(b"{\n  \"sentiment\": 30\n}\n");
    assert_eq!(code, Some(1));
    assert!(stdout.ends_with("1 of 1 document invalid\n"), "{stdout}");
    assert!(!stderr.contains("NDJSON"), "{stderr}");
}

#[test]
fn several_documents_not_one_a_line_are_told_to_pass_ndjson() {
    let (code, stdout, _) = validate_stdin(b"{\n  \"sentiment\": 3\n}\n{\n  \"sentiment\": 4\n}\n");
    assert_eq!(code, Some(3));
    assert!(stdout.contains("--> <stdin>:4:1"), "{stdout}");
    assert!(stdout.contains("write each document on one line and pass `--ndjson`"), "{stdout}");
}

#[test]
fn the_table_of_frequent_problems_counts_problems_that_come_and_go() {
    // two fields wrong in turn, in runs, and together; array indices fold to `*`
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, r#"{"properties": {"a": {"type": "integer"}, "b": {"items": {"type": "string"}}}}"#)
        .unwrap();
    let stream = dir.path().join("s.ndjson");
    let lines = ["{\"a\": \"x\"}", "{\"b\": [1]}", "{\"a\": \"x\"}", "{\"a\": \"x\"}", "{\"b\": [\"s\", 2]}"];
    let lines = lines.join("\n") + "\n{\"a\": 1.5, \"b\": [3]}\n{\"a\": 1}\n";
    std::fs::write(&stream, lines).unwrap();
    let out = cli().args(["validate", "--schema"]).arg(&schema).arg(&stream).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("most frequent problems:\n  4  output/schema  /a\n  3  output/schema  /b/*\n"), "{stdout}");
    assert!(stdout.ends_with("6 of 7 documents invalid\n"), "{stdout}");
}

#[test]
fn the_table_of_frequent_problems_counts_a_bounded_number_of_fields() {
    // 10,001 different fields, each wrong twice: the table counts the first 10,000 and says so
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, r#"{"additionalProperties": {"type": "integer"}}"#).unwrap();
    let stream = dir.path().join("s.ndjson");
    let lines: String = (0..10_001).map(|n| format!("{{\"k{n}\": \"x\"}}\n{{\"k{n}\": \"y\"}}\n")).collect();
    std::fs::write(&stream, lines).unwrap();
    let out = cli().args(["validate", "--schema"]).arg(&schema).arg(&stream).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("most frequent problems:\n  2  output/schema  /k0\n"), "{}", &stdout[stdout.len() - 600..]);
    assert!(
        stdout.contains("  … and 9990 more that recur\n  (counted at the first 10,000 fields found wrong)\n"),
        "{}",
        &stdout[stdout.len() - 600..]
    );
    assert!(stdout.ends_with("20,002 of 20,002 documents invalid\n"), "{}", &stdout[stdout.len() - 300..]);
}
