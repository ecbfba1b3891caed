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
