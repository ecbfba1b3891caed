//! `schema/invalid`

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::schema::TYPES;
use crate::text::suggest;

declare_rule! {
    /// The schema is not a valid JSON Schema: it fails the meta-schema of its draft.
    ///
    /// ## What it checks
    /// The plan's schema is validated against the meta-schema of the draft its `$schema` names
    /// (drafts 4, 6, 7, 2019-09 and 2020-12; 2020-12 when `$schema` is absent). Every violation
    /// is reported where it occurs, not only the first.
    ///
    /// ## Why it matters
    /// A schema the platform cannot compile either fails the plan update or, in structured-output
    /// mode, fails every analysis request; `analysis` is then missing from every report.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "sentiment": { "type": "strin" } } }
    /// ```
    ///
    /// ## How to fix
    /// Correct the keyword's value as the message says (`"type": "string"`).
    pub static RULE = "schema/invalid", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for (_, schema) in ctx.plan.schemas() {
        // without `$schema`, the draft chosen in plankit.toml (2020-12 when none is)
        let chosen = ctx.file.settings.draft.as_deref().and_then(crate::schema::draft_named);
        let draft = match (chosen, schema.value.get("$schema")) {
            (Some(draft), None) => draft,
            _ => jsonschema::Draft::default().detect(&schema.value),
        };
        if draft == jsonschema::Draft::Draft202012 && surely_valid(&schema.value, 0) {
            continue;
        }
        let meta = match (chosen, schema.value.get("$schema")) {
            (Some(draft), None) => Ok(meta_for(draft)),
            _ => jsonschema::meta::validator_for(&schema.value),
        };
        let meta = match meta {
            Ok(meta) => meta,
            Err(_) => {
                let uri = schema.value.get("$schema").map(ToString::to_string).unwrap_or_default();
                out.push(
                    Finding::new(&RULE, child_pointer(&schema.pointer, "$schema"), format!("unknown `$schema` {uri}"))
                        .help(
                            "plankit knows drafts 4, 6, 7, 2019-09 and 2020-12; custom meta-schemas are never fetched",
                        ),
                );
                continue;
            }
        };
        for error in meta.iter_errors(&schema.value) {
            let at = error.instance_path().as_str();
            let pointer = format!("{}{at}", schema.pointer);
            out.push(
                type_typo(&schema.value, at, &pointer)
                    .unwrap_or_else(|| Finding::new(&RULE, pointer.clone(), lowercase_start(&error.to_string()))),
            );
        }
    }
}

fn meta_for(draft: jsonschema::Draft) -> jsonschema::meta::MetaValidator<'static> {
    match draft {
        jsonschema::Draft::Draft4 => jsonschema::draft4::meta::validator(),
        jsonschema::Draft::Draft6 => jsonschema::draft6::meta::validator(),
        jsonschema::Draft::Draft7 => jsonschema::draft7::meta::validator(),
        jsonschema::Draft::Draft201909 => jsonschema::draft201909::meta::validator(),
        _ => jsonschema::draft202012::meta::validator(),
    }
}

/// The keywords the 2020-12 meta-schema constrains: those of its vocabularies and the legacy
/// ones it keeps (`definitions`, `dependencies`, `$recursiveAnchor`, `$recursiveRef`). The
/// meta-schema says nothing about any other key.
const CONSTRAINED_2020_12: &[&str] = &[
    "$id",
    "$schema",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "prefixItems",
    "items",
    "contains",
    "additionalProperties",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "const",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "definitions",
    "dependencies",
    "$recursiveAnchor",
    "$recursiveRef",
];

/// Deeper subschemas are left to the meta-schema.
const SURE_DEPTH: usize = 64;

/// True when `schema` certainly passes the 2020-12 meta-schema, decided without it: compiling
/// the meta-schema is most of the instructions of a one-plan `plankit lint`. Conservative:
/// `false` means "ask the meta-schema", never "invalid". Only the keywords plans commonly use
/// are understood; any other keyword the meta-schema constrains (`pattern`, `$ref`, `$id`, …)
/// sends the schema to the meta-schema.
fn surely_valid(schema: &Value, depth: usize) -> bool {
    match schema {
        Value::Bool(_) => true,
        Value::Object(keywords) if depth < SURE_DEPTH => {
            keywords.iter().all(|(key, value)| keyword_surely_valid(key, value, depth + 1))
        }
        _ => false,
    }
}

fn keyword_surely_valid(key: &str, value: &Value, depth: usize) -> bool {
    let schema = |value: &Value| surely_valid(value, depth);
    let simple_type = |value: &Value| value.as_str().is_some_and(|name| TYPES.contains(&name));
    match key {
        "type" => match value {
            Value::Array(names) => !names.is_empty() && unique_strings(names) && names.iter().all(simple_type),
            _ => simple_type(value),
        },
        "properties" | "$defs" | "definitions" | "dependentSchemas" => {
            value.as_object().is_some_and(|subschemas| subschemas.values().all(schema))
        }
        "items"
        | "contains"
        | "additionalProperties"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "not"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "contentSchema" => schema(value),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
            value.as_array().is_some_and(|subschemas| !subschemas.is_empty() && subschemas.iter().all(schema))
        }
        "required" => value.as_array().is_some_and(|names| unique_strings(names)),
        "enum" | "examples" => value.is_array(),
        "const" | "default" => true,
        "title" | "description" | "$comment" | "format" | "contentEncoding" | "contentMediaType" => value.is_string(),
        "deprecated" | "readOnly" | "writeOnly" | "uniqueItems" => value.is_boolean(),
        "maxLength" | "minLength" | "maxItems" | "minItems" | "maxContains" | "minContains" | "maxProperties"
        | "minProperties" => value.is_u64(),
        "maximum" | "exclusiveMaximum" | "minimum" | "exclusiveMinimum" => value.is_number(),
        "multipleOf" => value.as_f64().is_some_and(|divisor| divisor > 0.0),
        // every URI naming 2020-12 is an absolute URI, as `format: uri` wants
        "$schema" => {
            value.as_str().is_some_and(|uri| jsonschema::Draft::from_schema_uri(uri) == jsonschema::Draft::Draft202012)
        }
        _ => !CONSTRAINED_2020_12.contains(&key),
    }
}

/// An array of distinct strings (`uniqueItems` over strings).
fn unique_strings(values: &[Value]) -> bool {
    values.iter().enumerate().all(|(at, value)| value.is_string() && !values[..at].contains(value))
}

/// `"type": "strin"` fails an `anyOf` in the meta-schema; say what it is instead.
fn type_typo(root: &Value, at: &str, pointer: &str) -> Option<Finding> {
    if !at.ends_with("/type") && at != "/type" {
        return None;
    }
    let named: Vec<&str> = match root.pointer(at)? {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let wrong = named.into_iter().find(|t| !TYPES.contains(t))?;
    Some(
        Finding::new(&RULE, pointer.to_owned(), format!("\"{wrong}\" is not a JSON Schema type"))
            .label(format!("expected one of {}", TYPES.join(", ")))
            .maybe_help(did_you_mean(type_alias(wrong).or_else(|| suggest(wrong, TYPES.iter().copied())))),
    )
}

/// The JSON Schema type a name from a programming language or another schema dialect means:
/// `int` → `integer`, `bool` → `boolean`, `float` → `number`, `dict` → `object`.
fn type_alias(name: &str) -> Option<&'static str> {
    let alias = match name.to_ascii_lowercase().as_str() {
        "int" | "int32" | "int64" | "long" | "short" | "uint" => "integer",
        "bool" => "boolean",
        "str" | "text" | "char" | "date" | "datetime" | "uuid" => "string",
        "float" | "double" | "decimal" | "float32" | "float64" | "num" | "numeric" => "number",
        "list" | "tuple" | "set" | "vec" => "array",
        "dict" | "map" | "obj" | "record" | "struct" | "hash" => "object",
        "nil" | "none" | "nul" => "null",
        _ => return crate::text::suggest_value(name, TYPES.iter().copied()),
    };
    Some(alias)
}

fn lowercase_start(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::{CONSTRAINED_2020_12, surely_valid};

    fn meta_valid(schema: &Value) -> bool {
        jsonschema::draft202012::meta::validator().is_valid(schema)
    }

    /// The shortcut is only ever right: what it passes, the meta-schema passes.
    fn agrees(schema: &Value) -> bool {
        !surely_valid(schema, 0) || meta_valid(schema)
    }

    #[test]
    fn a_common_plan_schema_needs_no_meta_schema() {
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "sentiment": {"type": "integer", "minimum": 1, "maximum": 10, "description": "1 to 10"},
                "intent": {"type": ["string", "null"], "enum": ["support", "sales", null]},
                "topics": {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 10},
                "nested": {"anyOf": [{"type": "object", "additionalProperties": false}, true]},
            },
            "required": ["sentiment", "intent"],
            "additionalProperties": false,
            "x-plankit-ignore": ["schema/whatever"],
            "nullable": true,
        });
        assert!(surely_valid(&schema, 0));
        assert!(meta_valid(&schema));
    }

    #[test]
    fn what_it_does_not_understand_goes_to_the_meta_schema() {
        for schema in [
            json!({"type": "strin"}),
            json!({"type": []}),
            json!({"type": ["string", "string"]}),
            json!({"required": ["a", "a"]}),
            json!({"required": "a"}),
            json!({"minLength": -1}),
            json!({"minLength": 1.5}),
            json!({"multipleOf": 0}),
            json!({"allOf": []}),
            json!({"properties": {"a": 5}}),
            json!({"items": "string"}),
            json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
            json!({"$schema": 7}),
            json!({"pattern": "("}),
            json!({"$ref": "#/$defs/a"}),
            json!({"$anchor": "1 bad"}),
            json!({"dependentRequired": {"a": ["b"]}}),
            json!("object"),
            json!(5),
        ] {
            assert!(!surely_valid(&schema, 0), "{schema}");
        }
    }

    #[test]
    fn every_constrained_keyword_is_constrained_by_the_meta_schema() {
        // a keyword wrongly listed would only cost speed; one wrongly missing would pass an
        // invalid schema: each of these rejects a value of a type none of them accepts here
        for keyword in CONSTRAINED_2020_12.iter().filter(|k| !matches!(**k, "const" | "default")) {
            let wrong = json!({ *keyword: 12.5 });
            let wrong_object = json!({ *keyword: {"a": 12.5} });
            assert!(!meta_valid(&wrong) || !meta_valid(&wrong_object), "{keyword} is not constrained");
        }
    }

    #[test]
    fn deep_schemas_are_left_to_the_meta_schema() {
        let mut schema = json!({"type": "string"});
        for _ in 0..70 {
            schema = json!({"items": schema});
        }
        assert!(!surely_valid(&schema, 0));
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(json!(null)),
            Just(json!(true)),
            Just(json!(0)),
            Just(json!(3)),
            Just(json!(-2)),
            Just(json!(1.5)),
            Just(json!("string")),
            Just(json!("strin")),
            Just(json!("https://json-schema.org/draft/2020-12/schema")),
            Just(json!([])),
            Just(json!(["a", "a"])),
            Just(json!(["string", "null"])),
            Just(json!({})),
        ]
    }

    fn schema() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            proptest::sample::select(CONSTRAINED_2020_12.to_vec()).prop_map(str::to_owned),
            Just("nullable".to_owned()),
            Just("x-extension".to_owned()),
        ];
        let leaf = proptest::collection::btree_map(key.clone(), value(), 0..4)
            .prop_map(|keywords| Value::Object(keywords.into_iter().collect()));
        leaf.prop_recursive(4, 24, 4, move |inner| {
            prop_oneof![
                proptest::collection::btree_map(key.clone(), inner.clone(), 0..4)
                    .prop_map(|keywords| Value::Object(keywords.into_iter().collect())),
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                (proptest::collection::btree_map("[a-c]", inner, 0..3))
                    .prop_map(|properties| json!({"properties": Value::Object(properties.into_iter().collect())})),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_schemas_it_passes_pass_the_meta_schema(schema in schema()) {
            prop_assert!(agrees(&schema), "passed without the meta-schema, failed it: {}", schema);
        }
    }

    #[test]
    fn every_fixture_schema_it_passes_passes_the_meta_schema() {
        let mut seen = 0;
        let mut passed = 0;
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Some(document) = std::fs::read_to_string(&path)
                    .ok()
                    .filter(|_| path.extension().is_some_and(|e| e == "json"))
                    .and_then(|text| serde_json::from_str::<Value>(&text).ok())
                else {
                    continue;
                };
                for plan in crate::plan::find_plans(&document) {
                    for (_, schema) in plan.schemas() {
                        seen += 1;
                        passed += usize::from(surely_valid(&schema.value, 0));
                        assert!(agrees(&schema.value), "{}: {}", path.display(), schema.value);
                    }
                }
            }
        }
        // the shortcut is taken for most real schemas, or it saves nothing
        assert!(seen > 50 && passed * 2 > seen, "{passed} of {seen} schemas passed without the meta-schema");
    }
}
