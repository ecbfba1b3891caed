use super::*;
use serde_json::json;

fn sampler(schema: Value) -> Sampler {
    match Sampler::new(&schema, &SchemaOptions::default()) {
        Ok(sampler) => sampler,
        Err(error) => panic!("{error}"),
    }
}

fn samples(schema: Value, count: u64) -> Vec<Value> {
    let sampler = sampler(schema);
    (0..count).map(|i| sampler.sample(42, i).unwrap_or_else(|e| panic!("{e}"))).collect()
}

#[test]
fn keywords_are_honoured() {
    let schema = json!({
        "type": "object",
        "required": ["intent", "score", "tags", "when", "code", "contact", "price"],
        "additionalProperties": false,
        "$defs": {"contact": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}}},
        "properties": {
            "intent": {"enum": ["support", "sales", "complaint"]},
            "score": {"type": "integer", "minimum": 3, "exclusiveMaximum": 6},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 4}, "minItems": 2, "maxItems": 3, "uniqueItems": true},
            "when": {"type": "string", "format": "date-time"},
            "code": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]{4}$"},
            "contact": {"$ref": "#/$defs/contact"},
            "price": {"type": "number", "multipleOf": 0.5, "minimum": 1, "maximum": 3},
            "nothing": {"type": ["string", "null"], "minLength": 12}
        }
    });
    let values = samples(schema, 30);
    assert!(values.iter().any(|v| v.get("nothing").is_some()), "optional properties sometimes appear");
    assert!(values.iter().any(|v| v.get("nothing").is_none()), "and sometimes not");
    let intents: std::collections::BTreeSet<_> = values.iter().map(|v| v["intent"].to_string()).collect();
    assert!(intents.len() > 1, "samples vary: {intents:?}");
}

#[test]
fn samples_are_deterministic_for_a_seed() {
    let schema = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "number"}}});
    let sampler = sampler(schema);
    assert_eq!(sampler.sample(1, 5).ok(), sampler.sample(1, 5).ok());
    assert_ne!(sampler.sample(1, 5).ok(), sampler.sample(2, 5).ok());
}

#[test]
fn contradictions_are_named() {
    let cases = [
        (
            json!({"type": "integer", "minimum": 10, "maximum": 1}),
            "no number lies between the minimum 10 and the maximum 1 (at /)",
        ),
        (
            json!({"properties": {"a": {"type": "string", "minLength": 5, "maxLength": 2}}, "required": ["a"]}),
            "`minLength` 5 is greater than `maxLength` 2 (at /properties/a/minLength)",
        ),
        (
            json!({"properties": {"a": {"enum": []}}, "required": ["a"]}),
            "`enum` is empty: no value satisfies it (at /properties/a/enum)",
        ),
        (
            json!({"type": "object", "additionalProperties": false, "required": ["x"]}),
            "\"x\" is required, but `additionalProperties` is false and it is not a declared property (at /required)",
        ),
    ];
    for (schema, expected) in cases {
        let Err(error) = Sampler::new(&schema, &SchemaOptions::default()).and_then(|s| s.sample(0, 0)) else {
            panic!("{schema} was satisfied");
        };
        assert_eq!(error.to_string(), format!("the schema cannot be satisfied: {expected}"));
    }
}

#[test]
fn what_the_generator_cannot_see_is_caught_by_the_validation() {
    let schema = json!({"type": "string", "not": {"type": "string"}});
    let error = sampler(schema).sample(0, 0).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.starts_with("no generated value satisfied the schema in 64 draws"), "{error}");
}

#[test]
fn recursive_schemas_end() {
    let schema = json!({"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}});
    assert_eq!(samples(schema, 20).len(), 20);
}

#[test]
fn huge_bounds_are_refused_not_built() {
    for (schema, keyword) in [
        (json!({"type": "array", "minItems": 1_000_000_000u64}), "minItems"),
        (json!({"type": "string", "minLength": 1_000_000_000_000u64}), "minLength"),
        (json!({"type": "object", "minProperties": 99_999_999u64}), "minProperties"),
    ] {
        let error = sampler(schema).sample(0, 0).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.starts_with(&format!("the schema cannot be sampled: `{keyword}`")), "{error}");
    }
}

#[test]
fn all_of_intersects_enums_and_knows_a_false_part() {
    let both = json!({"allOf": [{"enum": ["a", "b", "c"]}, {"enum": ["c", "b"]}, {"enum": ["b", "z"]}]});
    assert_eq!(samples(both, 5), vec![json!("b"); 5]);
    let none = json!({"allOf": [{"enum": ["a"]}, {"enum": ["b"]}]});
    let error = sampler(none).sample(0, 0).err().map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some("the schema cannot be satisfied: `enum` is empty: no value satisfies it (at /enum)")
    );
    let error = sampler(json!({"allOf": [true, false]})).sample(0, 0).err().map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some("the schema cannot be satisfied: an `allOf` part is `false`: no value satisfies it (at /allOf/1)")
    );
}
