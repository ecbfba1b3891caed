//! `plankit sample` as users run it: what it prints is accepted by `plankit validate`, for every
//! webhook kind in every dialect, and bad input gets the documented exit codes.

use std::path::{Path, PathBuf};

use crate::{cli, root};

/// A plan whose schema uses most of what `sample` covers.
const PLAN: &str = r##"{"structuredDataPlan": {"enabled": true,
  "messages": [{"role": "user", "content": "Schema: {{schema}}\nTranscript: {{transcript}}"}],
  "schema": {"type": "object", "additionalProperties": false,
    "required": ["sentiment", "intent", "caller", "follow_up_date", "order_code", "topics", "contact"],
    "$defs": {"contact": {"type": "object", "required": ["phone", "email"], "properties": {
      "phone": {"type": "string", "pattern": "^\\+[1-9][0-9]{7,14}$", "description": "E.164"},
      "email": {"type": "string", "format": "email", "description": "address"}}}},
    "properties": {
      "sentiment": {"type": "integer", "minimum": 1, "maximum": 10, "description": "1-10"},
      "intent": {"type": "string", "enum": ["support", "sales", "complaint", "other"], "description": "why"},
      "caller": {"type": "string", "minLength": 2, "maxLength": 40, "description": "name"},
      "follow_up_date": {"type": "string", "format": "date", "description": "when"},
      "order_code": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]{5}$", "description": "order"},
      "topics": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": true,
        "items": {"type": "string", "enum": ["billing", "delivery", "opening-hours", "booking"]}, "description": "topics"},
      "contact": {"$ref": "#/$defs/contact", "description": "how to reach them"},
      "resolved": {"type": "boolean", "description": "resolved"},
      "amount": {"type": ["number", "null"], "minimum": 0, "multipleOf": 0.01, "description": "EUR"}}}}}"##;

fn plan_dir(plan: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, plan).unwrap();
    (dir, path)
}

/// `plankit sample ARGS…`: exit code, stdout, stderr.
fn sample(plan: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli().arg("sample").arg(plan).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `plankit validate PLAN` on NDJSON text: exit code and stdout.
fn validate(plan: &Path, ndjson: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("samples.ndjson");
    std::fs::write(&file, ndjson).unwrap();
    let out = cli().arg("validate").arg(plan).arg(&file).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn every_kind_in_every_dialect_is_accepted_by_validate() {
    let (_dir, plan) = plan_dir(PLAN);
    for kind in ["end-of-call-report", "status-update", "tool-calls", "assistant-request"] {
        for dialect in ["flireo", "hms", "legacy", "vapi"] {
            let (code, stdout, stderr) =
                sample(&plan, &["--payload", kind, "--dialect", dialect, "--count", "5", "--seed", "11"]);
            assert_eq!(code, Some(0), "{kind} {dialect}: {stderr}");
            assert_eq!(stdout.lines().count(), 5);
            let (code, report) = validate(&plan, &stdout);
            assert_eq!(code, Some(0), "{kind} {dialect}:\n{report}\n{stdout}");
            assert!(report.contains("all 5 documents valid"), "{kind} {dialect}: {report}");
            assert!(!report.contains("assumed") && !report.contains("read as"), "dialect was unclear: {report}");
        }
    }
}

#[test]
fn analysis_outputs_satisfy_the_schema_vary_and_repeat_for_a_seed() {
    let (_dir, plan) = plan_dir(PLAN);
    let (code, first, _) = sample(&plan, &["--count", "20", "--seed", "5"]);
    assert_eq!(code, Some(0));
    assert_eq!(validate(&plan, &first).0, Some(0));
    let (_, again, _) = sample(&plan, &["--count", "20", "--seed", "5"]);
    assert_eq!(first, again, "the same seed prints the same samples");
    let distinct: std::collections::BTreeSet<&str> = first.lines().collect();
    assert_eq!(distinct.len(), 20, "samples vary across --count");
    let value: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert!(value["contact"]["phone"].as_str().unwrap().starts_with('+'));
    assert!(value["contact"]["email"].as_str().unwrap().contains('@'));
}

#[test]
fn the_real_plans_sample_valid_reports() {
    for name in ["support-nl.json", "vapi-analysis-plan.json", "hms-agent-snake.json", "flireo-eocr-guide-camel.json"] {
        let plan = root().join("fixtures/plans").join(name);
        let (code, stdout, stderr) = sample(&plan, &["--payload", "end-of-call-report", "--count", "3"]);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        let (code, report) = validate(&plan, &stdout);
        assert_eq!(code, Some(0), "{name}: {report}");
    }
}

#[test]
fn a_real_transcript_is_carried_into_the_report() {
    let (_dir, plan) = plan_dir(PLAN);
    let transcript = root().join("fixtures/transcripts/booking.txt");
    let args = ["--payload", "end-of-call-report", "--dialect", "vapi", "--transcript", transcript.to_str().unwrap()];
    let (code, stdout, stderr) = sample(&plan, &args);
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&transcript).unwrap();
    let first_turn = text.lines().find(|l| !l.trim().is_empty()).unwrap();
    let spoken = first_turn.split_once(": ").map_or(first_turn, |(_, said)| said).trim();
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let messages = report.pointer("/message/artifact/messages").unwrap().as_array().unwrap();
    assert_eq!(messages[0]["message"].as_str().map(str::trim), Some(spoken));
}

#[test]
fn set_overrides_a_field_and_reports_what_it_broke() {
    let (_dir, plan) = plan_dir(PLAN);
    let (code, stdout, _) =
        sample(&plan, &["--payload", "end-of-call-report", "--set", "/message/customer/number=\"+31201234567\""]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("\"number\":\"+31201234567\""), "{stdout}");
    let (code, stdout, stderr) =
        sample(&plan, &["--payload", "end-of-call-report", "--set", "/message/analysis/sentiment=11"]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("--set broke it: /message/analysis/sentiment: 11 is greater than the maximum of 10"),
        "{stderr}"
    );
    let (code, stdout, _) = sample(
        &plan,
        &["--payload", "end-of-call-report", "--set", "/message/durationSeconds=\"long\"", "--allow-invalid"],
    );
    assert_eq!(code, Some(0));
    assert!(stdout.contains("\"durationSeconds\":\"long\""));
}

#[test]
fn bad_input_gets_the_documented_exit_codes() {
    let (_dir, plan) = plan_dir(PLAN);
    let (code, _, stderr) = sample(&plan, &["--set", "/message/analysis/sentiment"]);
    assert_eq!((code, stderr.contains("is not POINTER=JSON")), (Some(2), true), "{stderr}");
    let (code, _, stderr) = sample(&plan, &["--set", "/intent=support"]);
    assert_eq!((code, stderr.contains("\"support\" is not JSON")), (Some(2), true), "{stderr}");
    let (code, _, _) = sample(&plan, &["--dialect", "vapi"]);
    assert_eq!(code, Some(2), "--dialect needs --payload");
    let (code, _, stderr) = sample(Path::new("no/such/plan.json"), &[]);
    assert_eq!(code, Some(3), "{stderr}");

    let contradiction = r#"{"structuredDataPlan": {"enabled": true, "schema": {"type": "object", "required": ["score"],
        "properties": {"score": {"type": "integer", "minimum": 10, "maximum": 1, "description": "d"}}},
        "messages": [{"role": "user", "content": "{{schema}} {{transcript}}"}]}}"#;
    let (_dir, plan) = plan_dir(contradiction);
    let (code, stdout, stderr) = sample(&plan, &[]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("the schema cannot be satisfied: no number lies between the minimum 10 and the maximum 1 (at /properties/score)"),
        "{stderr}"
    );
    assert!(stderr.contains("note: ") && stderr.contains("plan.json:2:"), "lint's finding is shown: {stderr}");
}

mod properties {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    fn leaf() -> impl Strategy<Value = Value> {
        let formats = prop_oneof![
            Just("date-time"),
            Just("date"),
            Just("email"),
            Just("uuid"),
            Just("ipv4"),
            Just("uri"),
            Just("nonsense")
        ];
        let patterns = prop_oneof![
            Just("^[a-z]{2,4}$"),
            Just("^\\+31[0-9]{9}$"),
            Just("(yes|no)"),
            Just("^(?=x)x$"),
            Just("a*b+")
        ];
        prop_oneof![
            (0u64..8, 0u64..8).prop_map(|(a, b)| json!({"type": "string", "minLength": a, "maxLength": b})),
            (-50i64..50, -50i64..50, 1u64..7)
                .prop_map(|(a, b, m)| json!({"type": "integer", "minimum": a, "maximum": b, "multipleOf": m})),
            (-5.0f64..5.0, -5.0f64..5.0)
                .prop_map(|(a, b)| json!({"type": "number", "exclusiveMinimum": a, "maximum": b})),
            prop::collection::vec("[a-z]{0,4}", 0..4).prop_map(|v| json!({"enum": v})),
            formats.prop_map(|f| json!({"type": "string", "format": f})),
            patterns.prop_map(|p| json!({"type": "string", "pattern": p})),
            Just(json!({"type": ["boolean", "null"]})),
            Just(json!({"const": {"fixed": [1, 2]}})),
            any::<bool>().prop_map(Value::Bool),
        ]
    }

    fn schema() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                (prop::collection::btree_map("[a-z]{1,6}", inner.clone(), 0..4), any::<bool>(), any::<bool>()).prop_map(
                    |(properties, require_all, closed)| {
                        let required: Vec<&String> = if require_all { properties.keys().collect() } else { Vec::new() };
                        json!({"type": "object", "properties": properties, "required": required, "additionalProperties": !closed})
                    }
                ),
                (inner.clone(), 0u64..4, 0u64..5, any::<bool>()).prop_map(|(items, min, max, unique)| {
                    json!({"type": "array", "items": items, "minItems": min, "maxItems": max, "uniqueItems": unique})
                }),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"anyOf": v})),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"oneOf": v})),
                prop::collection::vec(inner, 1..3).prop_map(|v| json!({"allOf": v})),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Whatever the schema, sampling never panics, and a sample it returns is valid.
        #[test]
        fn a_sample_is_valid_or_an_error(schema in schema(), seed in any::<u64>()) {
            let Ok(sampler) = plankit::sample::Sampler::new(&schema, &Default::default()) else { return Ok(()) };
            if let Ok(value) = sampler.sample(seed, 0) {
                prop_assert!(sampler.validator().is_valid(&value), "{schema} gave {value}");
            }
        }
    }
}
