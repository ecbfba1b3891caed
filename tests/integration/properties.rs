//! Properties over open-ended input: no text, byte string or plan-shaped value makes loading
//! or linting panic, and every finding points inside the file.

use proptest::prelude::*;
use serde_json::{Value, json};

/// Lints with every provider target on, so the provider checks see the same hostile input.
fn lint_text(text: &str) -> plankit::LintedFile {
    let settings = plankit::Settings { targets: plankit::provider::Target::all().collect(), ..Default::default() };
    plankit::lint_source(plankit::Source::new("prop.json", text), &settings)
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("{{transcript}}"),
            Just("{{ schema }}"),
            Just("{transcript}"),
            Just("{{endedReason"),
            Just("{{x|y}}"),
            Just("{%a%}")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    let keys = prop_oneof![
        "[a-z_]{1,8}",
        Just("type".to_owned()),
        Just("properties".to_owned()),
        Just("items".to_owned()),
        Just("$ref".to_owned()),
        Just("#".to_owned()),
        Just("anyOf".to_owned()),
        Just("$defs".to_owned()),
        Just("additionalProperties".to_owned()),
        Just("enum".to_owned()),
        Just("required".to_owned()),
        Just("minimum".to_owned()),
        Just("maximum".to_owned()),
        Just("pattern".to_owned()),
        Just("messages".to_owned()),
        Just("role".to_owned()),
        Just("content".to_owned()),
        Just("$schema".to_owned()),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_lints_without_panicking(text in "\\PC{0,200}") {
        let linted = lint_text(&text);
        for d in &linted.diagnostics {
            if let Some(span) = &d.span { prop_assert!(span.end <= text.len()); }
        }
    }

    /// The same for YAML (Vapi's gitops resources): random text, and YAML-ish text built from
    /// the characters YAML gives meaning to, lints without a panic, every span inside the text.
    #[test]
    fn any_yaml_lints_without_panicking(
        text in "\\PC{0,120}",
        yamlish in "([a-z]{1,3}|[-:?&*!|>'\"\\[\\]{},#%@` ]|\n {0,4}|\\{\\{[a-z]{0,3}\\}\\}){0,60}",
    ) {
        let settings = plankit::Settings { targets: plankit::provider::Target::all().collect(), ..Default::default() };
        for (name, text) in [("prop.yml", &text), ("prop.yaml", &yamlish), ("prop.md", &format!("---\n{yamlish}\n---\n"))] {
            let linted = plankit::lint_source(plankit::Source::new(name, text.as_str()), &settings);
            for d in &linted.diagnostics {
                if let Some(span) = &d.span { prop_assert!(span.end <= text.len() + 8, "{name}: {d:?}"); }
            }
        }
    }

    #[test]
    fn any_bytes_load_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        match plankit::Source::from_bytes("prop.json".into(), bytes) {
            Ok(source) => { lint_text(source.text()); }
            Err(error) => {
                prop_assert!(!error.message.is_empty());
                // the place of the problem is a character boundary of the text shown for it
                if let (Some(offset), Some(text)) = (error.offset, &error.text) {
                    prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
                }
            }
        }
    }

    #[test]
    fn plan_shaped_values_lint_without_panicking(schema in arb_json(), messages in arb_json(), threshold in arb_json()) {
        let plan = json!({"analysis_plan": {"structuredDataPlan": {"enabled": true, "schema": schema, "messages": messages},
            "minMessagesThreshold": threshold, "summaryPlan": {"messages": [{"role": "system", "content": "{{schema}} {{rubric}}"}]}}});
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let linted = lint_text(&text);
        for d in &linted.diagnostics {
            if let Some(span) = &d.span { prop_assert!(span.end <= text.len() && span.start <= span.end); }
        }
    }
}

/// Values shaped like webhook payloads: an envelope with a type, an analysis, a transcript.
fn arb_payload() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        Just("end-of-call-report"),
        Just("status-update"),
        Just("tool-calls"),
        Just("assistant-request"),
        Just("x")
    ];
    (kind, arb_json(), arb_json(), any::<bool>(), any::<bool>()).prop_map(|(kind, analysis, artifact, wrap, snake)| {
        let analysis_key = if snake { "analysis_result" } else { "analysis" };
        let body = json!({"type": kind, "endedReason": "customer-ended-call", analysis_key: {"structuredData": analysis},
            "artifact": artifact, "call": {"id": "c"}});
        if wrap { json!({ "message": body }) } else { body }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random schemas either compile or are refused with a message; a compiled one judges
    /// random documents without panicking, and its fast yes/no agrees with the full report.
    #[test]
    fn random_schemas_validate_random_documents_consistently(schema in arb_json(), document in arb_json()) {
        let options = plankit::validate::SchemaOptions::default();
        match plankit::validate::OutputValidator::new(&schema, &options) {
            Ok(validator) => {
                let violations = validator.validate(&document);
                prop_assert_eq!(validator.is_valid(&document), violations.is_empty(), "{:?}", violations);
                for v in &violations { prop_assert!(!v.message.is_empty()); }
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    /// Random payloads are recognised and checked without panicking, whatever their shape.
    #[test]
    fn random_payloads_are_checked_without_panicking(payload in arb_payload(), schema in arb_json()) {
        let options = plankit::validate::SchemaOptions::default();
        let validator = plankit::validate::OutputValidator::new(&schema, &options)
            .or_else(|_| plankit::validate::OutputValidator::new(&json!({}), &options));
        prop_assert!(validator.is_ok());
        if let Ok(validator) = validator {
            let checked = plankit::validate::check_document(&payload, &validator, &Default::default());
            for v in &checked.violations { prop_assert!(!v.message.is_empty()); }
        }
    }

    /// Random plans render against a real transcript, and a random transcript value, without
    /// panicking; every part has at least a verdict.
    #[test]
    fn random_plans_render_without_panicking(schema in arb_json(), messages in arb_json(), transcript in arb_json()) {
        let plan = json!({"analysisPlan": {"structuredDataPlan": {"enabled": true, "schema": schema, "messages": messages},
            "summaryPlan": {"messages": messages}, "minMessagesThreshold": 1}});
        let calls = [
            plankit::Source::new("call.txt", "AI: Goedemiddag.\nUser: Ik wil een afspraak maken.\n"),
            plankit::Source::new("call.json", transcript.to_string()),
        ];
        for call in calls {
            let Ok(call) = plankit::Transcript::parse(&call) else { continue };
            for found in plankit::plan::find_plans(&plan) {
                for part in found.render(&call, &plankit::RenderOptions::default()) {
                    prop_assert!(!part.verdict_line().is_empty());
                }
            }
        }
    }
}

proptest! {
    // each case starts the binary three times: fewer cases, the same reach
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The binary never panics (exit 101) or dies on a signal, whatever the bytes of the
    /// file it is given, in any command.
    #[test]
    fn no_command_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300), json in arb_json()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("random.json"), &bytes).unwrap();
        std::fs::write(dir.path().join("value.json"), json.to_string()).unwrap();
        std::fs::write(dir.path().join("lines.ndjson"), [&bytes[..], b"\n", json.to_string().as_bytes()].concat()).unwrap();
        let plan = crate::root().join("fixtures/plans/support-nl.json");
        let plan = plan.to_str().unwrap();
        for args in [
            vec!["lint", "random.json", "value.json"],
            vec!["validate", "--schema", "value.json", "random.json", "lines.ndjson"],
            vec!["validate", plan, "random.json", "value.json"],
            vec!["render", plan, "--transcript", "random.json"],
            vec!["render", "value.json", "--transcript", "value.json"],
        ] {
            let out = crate::cli().current_dir(dir.path()).args(&args).output().unwrap();
            let code = out.status.code();
            prop_assert!(matches!(code, Some(0..=4)), "{:?} exited {:?}: {}", args, code, String::from_utf8_lossy(&out.stderr));
        }
    }
}
