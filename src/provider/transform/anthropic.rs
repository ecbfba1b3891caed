//! The Anthropic SDKs' structured-output schema, for `anthropic`.
//!
//! Mirrors anthropic-sdk-typescript `src/lib/transform-json-schema.ts` `_transformJSONSchema`
//! (commit 2a2978fc), and anthropic-sdk-python `src/anthropic/lib/_parse/_transform.py`
//! `transform_schema`, which does the same. Every subschema is rebuilt from a short list:
//!
//! - `$defs` (each made strict; handled before `$ref`, as the python SDK does, so a root
//!   `{"$ref", "$defs"}` keeps its definitions); a `$ref` is kept alone, its siblings dropped;
//! - `anyOf`; `oneOf` becomes `anyOf`; `allOf`; else the `type`;
//! - `description`, `title`, `const`, `enum`;
//! - objects: `properties` (each made strict), `"additionalProperties": false` (whatever it
//!   said before), `required` as written;
//! - strings: `format` when it is one of `date-time, time, date, duration, email, hostname,
//!   uri, ipv4, ipv6, uuid`;
//! - arrays: `items` (made strict), `minItems` when it is 0 or 1.
//!
//! Everything else is appended to the `description` as `{key: JSON}` "so that the model
//! *might* follow them" (the python SDK's comment): `default`, `pattern`, numeric and length
//! bounds, an unsupported `format`, `minItems` above 1. The python SDK writes the values with
//! Python's `str()` (`{default: John}`), the TypeScript SDK with `JSON.stringify`
//! (`{default: "John"}`); plankit writes JSON, as the TypeScript SDK does.
//!
//! Where plankit goes beyond the SDKs: `definitions` is made strict like `$defs` (both SDKs
//! know only `$defs`, and moving `definitions` into the description would leave every `$ref`
//! to it dangling). A subschema with no `type`, union or `enum` is refused, as both SDKs
//! refuse it ("JSON schema must have a type defined if anyOf/oneOf/allOf are not used").

use serde_json::{Map, Value};

use super::{Family, Input, Refused, SdkRule, Steps, Transformed, describe_leftovers};
use crate::json::child_pointer;

const TS: &str = "anthropics/anthropic-sdk-typescript src/lib/transform-json-schema.ts _transformJSONSchema";
const PY: &str = "anthropics/anthropic-sdk-python src/anthropic/lib/_parse/_transform.py transform_schema";

/// The string formats the SDKs keep.
pub const SUPPORTED_STRING_FORMATS: &[&str] =
    &["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"];

/// `"additionalProperties": false` on every object.
pub static ADDITIONAL_PROPERTIES: SdkRule = SdkRule {
    id: "additional-properties-false",
    source: TS,
    does: "every object gets `\"additionalProperties\": false`",
};
/// `oneOf` becomes `anyOf`.
pub static ONE_OF: SdkRule = SdkRule { id: "one-of-to-any-of", source: TS, does: "`oneOf` becomes `anyOf`" };
/// A `$ref` keeps no siblings.
pub static REF_ALONE: SdkRule = SdkRule {
    id: "ref-alone",
    source: PY,
    does: "a `$ref` is kept alone (with `$defs`); its other keywords are dropped",
};
/// Everything else moved into the description.
pub static TO_DESCRIPTION: SdkRule = SdkRule {
    id: "unsupported-to-description",
    source: TS,
    does: "every other keyword (and a `format` or `minItems` the API does not take) is moved into the `description` as `{key: value}`",
};

/// The family.
pub static FAMILY: Family = Family {
    name: "the Anthropic SDKs' schema transform",
    rules: &[&ADDITIONAL_PROPERTIES, &ONE_OF, &REF_ALONE, &TO_DESCRIPTION],
    resolves: &[
        ("additional-properties", &[]),
        ("unsupported-keyword", &[]),
        ("format", &[]),
        ("value-limit", &[]),
        ("pattern-syntax", &[]),
    ],
    walks: &[],
    transform,
};

fn transform(input: &Input<'_>) -> Result<Transformed, Refused> {
    let mut steps = Steps(Vec::new());
    let schema = node(input, input.schema, "", &mut steps)?;
    Ok(Transformed { schema, steps: steps.0 })
}

fn node(input: &Input<'_>, value: &Value, pointer: &str, steps: &mut Steps) -> Result<Value, Refused> {
    let Value::Object(original) = value else { return Ok(value.clone()) };
    let mut schema = original.clone();
    let plankit = super::take_plankit_keys(&mut schema);
    let mut strict = Map::new();

    for defs in ["$defs", "definitions"] {
        if let Some(Value::Object(members)) = schema.remove(defs) {
            let here = child_pointer(pointer, defs);
            let mut out = Map::new();
            for (name, member) in &members {
                out.insert(name.clone(), node(input, member, &child_pointer(&here, name), steps)?);
            }
            strict.insert(defs.to_owned(), Value::Object(out));
        }
    }

    if let Some(reference) = schema.remove("$ref") {
        strict.insert("$ref".to_owned(), reference);
        if !schema.is_empty() {
            steps.push(pointer, &REF_ALONE);
        }
        super::restore(&mut strict, plankit);
        return Ok(Value::Object(strict));
    }

    let ty = schema.remove("type");
    let unions =
        [("anyOf", schema.remove("anyOf")), ("oneOf", schema.remove("oneOf")), ("allOf", schema.remove("allOf"))];
    match unions.iter().find(|(_, v)| matches!(v, Some(Value::Array(_)))) {
        Some((key, Some(Value::Array(variants)))) => {
            let here = child_pointer(pointer, key);
            let mut out = Vec::new();
            for (i, variant) in variants.iter().enumerate() {
                out.push(node(input, variant, &format!("{here}/{i}"), steps)?);
            }
            let key = if *key == "oneOf" {
                steps.push(&here, &ONE_OF);
                "anyOf"
            } else {
                key
            };
            strict.insert(key.to_owned(), Value::Array(out));
            // the SDKs pop all three and keep only the first of anyOf, oneOf, allOf
        }
        _ => match &ty {
            Some(ty) => {
                strict.insert("type".to_owned(), ty.clone());
            }
            None if schema.contains_key("enum") => {}
            None => {
                return Err(Refused {
                    pointer: pointer.to_owned(),
                    reason: "JSON schema must have a type defined if anyOf/oneOf/allOf are not used".to_owned(),
                });
            }
        },
    }

    for key in ["description", "title", "const", "enum"] {
        if let Some(value) = schema.remove(key) {
            strict.insert(key.to_owned(), value);
        }
    }

    match ty.as_ref().and_then(Value::as_str) {
        Some("object") => {
            let here = child_pointer(pointer, "properties");
            let mut properties = Map::new();
            if let Some(Value::Object(members)) = schema.remove("properties") {
                for (name, member) in &members {
                    properties.insert(name.clone(), node(input, member, &child_pointer(&here, name), steps)?);
                }
            }
            strict.insert("properties".to_owned(), Value::Object(properties));
            if schema.remove("additionalProperties") != Some(Value::Bool(false)) {
                steps.push(&child_pointer(pointer, "additionalProperties"), &ADDITIONAL_PROPERTIES);
            }
            strict.insert("additionalProperties".to_owned(), Value::Bool(false));
            if let Some(required) = schema.remove("required") {
                strict.insert("required".to_owned(), required);
            }
        }
        Some("string") => {
            if let Some(format) = schema.remove("format") {
                if format.as_str().is_some_and(|f| SUPPORTED_STRING_FORMATS.contains(&f)) {
                    strict.insert("format".to_owned(), format);
                } else {
                    schema.insert("format".to_owned(), format);
                }
            }
        }
        Some("array") => {
            if let Some(items) = schema.remove("items") {
                match items {
                    Value::Object(_) => {
                        strict
                            .insert("items".to_owned(), node(input, &items, &child_pointer(pointer, "items"), steps)?);
                    }
                    other => {
                        schema.insert("items".to_owned(), other);
                    }
                }
            }
            if let Some(min_items) = schema.remove("minItems") {
                if min_items == 0 || min_items == 1 {
                    strict.insert("minItems".to_owned(), min_items);
                } else {
                    schema.insert("minItems".to_owned(), min_items);
                }
            }
        }
        _ => {}
    }

    for key in schema.keys() {
        steps.push(&child_pointer(pointer, key), &TO_DESCRIPTION);
    }
    describe_leftovers(&mut strict, &schema, pointer, input.order);
    super::restore(&mut strict, plankit);
    Ok(Value::Object(strict))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Target;
    use serde_json::json;

    fn anthropic(schema: Value) -> Transformed {
        let target = Target::from_name("anthropic").unwrap_or_else(|e| panic!("{e}"));
        match super::super::transform(target, &schema) {
            Some(Ok(done)) => done,
            other => panic!("{other:?}"),
        }
    }

    // The cases of anthropic-sdk-python tests/lib/_parse/test_transform.py, with values in
    // JSON as the TypeScript SDK writes them.

    #[test]
    fn sdk_test_ref_schema_with_defs() {
        let schema = json!({"$ref": "#/$defs/Tier", "$defs": {"Tier": {"type": "string", "enum": ["free", "pro", "enterprise"], "title": "Tier"}}});
        assert_eq!(anthropic(schema.clone()).schema, schema);
    }

    #[test]
    fn sdk_test_anyof_schema() {
        let done = anthropic(json!({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}));
        assert_eq!(
            done.schema,
            json!({"anyOf": [{"type": "string"}, {"type": "integer", "description": "{minimum: 1}"}]})
        );
        assert_eq!(done.steps[0].pointer, "/anyOf/1/minimum");
    }

    #[test]
    fn sdk_test_allof() {
        let done = anthropic(json!({"allOf": [
            {"type": "object", "properties": {"name": {"type": "string"}}},
            {"type": "object", "properties": {"age": {"type": "integer", "minimum": 0}}}
        ]}));
        assert_eq!(
            done.schema,
            json!({"allOf": [
                {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": false},
                {"type": "object", "properties": {"age": {"type": "integer", "description": "{minimum: 0}"}}, "additionalProperties": false}
            ]})
        );
    }

    #[test]
    fn sdk_test_object_schema() {
        let done = anthropic(json!({"type": "object", "properties": {
            "name": {"type": "string", "default": "John"}, "age": {"type": "integer", "minimum": 0}
        }, "required": ["name"], "description": "Person object"}));
        assert_eq!(
            done.schema,
            json!({"type": "object", "description": "Person object", "properties": {
                "name": {"type": "string", "description": "{default: \"John\"}"},
                "age": {"type": "integer", "description": "{minimum: 0}"}
            }, "additionalProperties": false, "required": ["name"]})
        );
    }

    #[test]
    fn sdk_test_array_schema() {
        let done = anthropic(
            json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "description": "A list of strings"}),
        );
        assert_eq!(
            done.schema,
            json!({"type": "array", "description": "A list of strings\n\n{minItems: 2}", "items": {"type": "string"}})
        );
        let kept = anthropic(json!({"type": "array", "items": {"type": "string"}, "minItems": 1}));
        assert_eq!(kept.schema["minItems"], json!(1));
    }

    #[test]
    fn sdk_test_string_schema_with_format_and_default() {
        let done = anthropic(
            json!({"type": "string", "format": "email", "default": "user@example.com", "description": "User email"}),
        );
        assert_eq!(
            done.schema,
            json!({"type": "string", "description": "User email\n\n{default: \"user@example.com\"}", "format": "email"})
        );
    }

    #[test]
    fn sdk_test_integer_schema_with_min_max_exclusive_in_the_authors_order() {
        let schema = json!({"type": "integer", "minimum": 1, "maximum": 10, "exclusiveMinimum": 0, "exclusiveMaximum": 20, "description": "A number"});
        let written = ["/minimum", "/maximum", "/exclusiveMinimum", "/exclusiveMaximum"];
        let order = |pointer: &str| written.iter().position(|p| *p == pointer);
        let target = Target::from_name("anthropic").unwrap_or_else(|e| panic!("{e}"));
        let done = super::super::transform_in_order(target, &schema, Some(&order));
        assert_eq!(
            done.and_then(Result::ok).map(|d| d.schema),
            Some(
                json!({"type": "integer", "description": "A number\n\n{minimum: 1, maximum: 10, exclusiveMinimum: 0, exclusiveMaximum: 20}"})
            )
        );
    }

    #[test]
    fn sdk_test_boolean_and_null_and_plain_schemas_are_unchanged() {
        for schema in
            [json!({"type": "boolean", "description": "A flag"}), json!({"type": "null"}), json!({"type": "string"})]
        {
            let done = anthropic(schema.clone());
            assert_eq!(done.schema, schema);
            assert!(done.steps.is_empty());
        }
    }

    #[test]
    fn one_of_becomes_any_of_and_an_unknown_format_and_pattern_move() {
        let done = anthropic(json!({"oneOf": [{"type": "string", "format": "phone", "pattern": "^\\+"}]}));
        assert_eq!(
            done.schema,
            json!({"anyOf": [{"type": "string", "description": "{format: \"phone\", pattern: \"^\\\\+\"}"}]})
        );
    }

    #[test]
    fn a_ref_drops_its_siblings_and_a_schema_without_type_is_refused() {
        let done = anthropic(json!({"$ref": "#/$defs/x", "description": "d"}));
        assert_eq!(done.schema, json!({"$ref": "#/$defs/x"}));
        let target = Target::from_name("anthropic").unwrap_or_else(|e| panic!("{e}"));
        let refused =
            super::super::transform(target, &json!({"type": "object", "properties": {"a": {"description": "x"}}}));
        assert_eq!(refused.and_then(Result::err).map(|r| r.pointer), Some("/properties/a".to_owned()));
    }
}
