//! The Google Gen AI SDK's `responseSchema` conversion, for `gemini`.
//!
//! Mirrors googleapis/python-genai `google/genai/_transformers.py` `process_schema` (with
//! `handle_null_fields`), which `t_schema` runs on every dict given as `response_schema`:
//!
//! - the root's `$defs` are taken out and every `$ref` to `#/$defs/<name>` is replaced by the
//!   definition (`$ref` beside other keywords: the definition's keys are laid over the node;
//!   a `$ref` as a property, item or `anyOf` entry: the definition replaces it);
//! - `"type": "null"` becomes `"nullable": true`; an `anyOf` with a `{"type": "null"}` entry
//!   loses it and gains `"nullable": true`, and when one entry is left, the `anyOf` is
//!   replaced by that entry's keys;
//! - a string `const` becomes a one-value `enum`;
//! - an object with more than one property and no `propertyOrdering` gets one, listing the
//!   properties in the author's order (the SDK writes it as `property_ordering`, which the
//!   request carries as `propertyOrdering`; plankit writes the request's spelling);
//! - snake_case spellings (`any_of`, `additional_properties`, `prefix_items`,
//!   `property_ordering`) get their camelCase names.
//!
//! Refused where the SDK raises: `additionalProperties` other than `false` ("additionalProperties
//! is not supported in the Gemini API."), a `const` that is not a string ("Literal values must
//! be strings."), a `$ref` not into the root's `$defs` (a `KeyError`), a `{"type": "null", …}`
//! entry with other keys inside an `anyOf` (a `ValueError`), and a definition that refers to
//! itself (the SDK recurses without end).
//!
//! What the SDK leaves alone stays for the checks to report: `"additionalProperties": false`,
//! type arrays such as `["string", "null"]`, keywords the `Schema` message does not have.

use serde_json::{Map, Value, json};

use super::{Family, Input, Refused, SdkRule, Steps, Transformed};
use crate::json::child_pointer;

const SDK: &str = "googleapis/python-genai google/genai/_transformers.py process_schema";
const NULLS: &str = "googleapis/python-genai google/genai/_transformers.py handle_null_fields";

/// `$defs` inlined.
pub static INLINE_DEFS: SdkRule = SdkRule {
    id: "inline-defs",
    source: SDK,
    does: "every `$ref` is replaced by its `$defs` entry, and `$defs` removed",
};
/// `null` types become `nullable`.
pub static NULLABLE: SdkRule = SdkRule {
    id: "null-to-nullable",
    source: NULLS,
    does: "`\"type\": \"null\"` and an `anyOf` entry `{\"type\": \"null\"}` become `\"nullable\": true`",
};
/// `const` becomes `enum`.
pub static CONST_TO_ENUM: SdkRule =
    SdkRule { id: "const-to-enum", source: SDK, does: "a string `const` becomes a one-value `enum`" };
/// `propertyOrdering` added.
pub static PROPERTY_ORDERING: SdkRule = SdkRule {
    id: "property-ordering",
    source: SDK,
    does: "an object with several properties gets `propertyOrdering`, in the order they are written",
};
/// snake_case keys renamed.
pub static SPELLING: SdkRule = SdkRule {
    id: "camel-case-keys",
    source: SDK,
    does: "`any_of` and the other snake_case spellings get their camelCase names",
};

/// The family.
pub static FAMILY: Family = Family {
    name: "the Google Gen AI SDK's schema conversion",
    rules: &[&INLINE_DEFS, &NULLABLE, &CONST_TO_ENUM, &PROPERTY_ORDERING, &SPELLING],
    resolves: &[("unsupported-keyword", &["$ref", "$defs", "const", "any_of", "prefix_items", "property_ordering"])],
    walks: &["properties", "items", "anyOf", "prefixItems", "additionalProperties", "$defs"],
    transform,
};

/// How deep definitions may refer to definitions before plankit calls it recursion.
const DEPTH_LIMIT: usize = 64;

struct Process<'a> {
    input: &'a Input<'a>,
    defs: Map<String, Value>,
    steps: Steps,
}

fn transform(input: &Input<'_>) -> Result<Transformed, Refused> {
    let mut process = Process { input, defs: Map::new(), steps: Steps(Vec::new()) };
    let mut schema = input.schema.clone();
    if let Value::Object(root) = &mut schema
        && let Some(Value::Object(defs)) = root.remove("$defs")
    {
        process.steps.push("/$defs", &INLINE_DEFS);
        process.defs = defs;
    }
    process.schema(&mut schema, "", 0)?;
    Ok(Transformed { schema, steps: process.steps.0 })
}

fn refused(pointer: &str, reason: &str) -> Refused {
    Refused { pointer: pointer.to_owned(), reason: reason.to_owned() }
}

impl Process<'_> {
    /// The definition a `$ref` names, as the SDK finds it: the text after the last `defs/`.
    fn definition(&self, reference: &Value, pointer: &str, depth: usize) -> Result<Value, Refused> {
        if depth >= DEPTH_LIMIT {
            return Err(refused(pointer, "the definitions refer to themselves; the SDK recurses without end"));
        }
        let name = reference.as_str().and_then(|r| r.rsplit("defs/").next()).unwrap_or_default();
        self.defs.get(name).cloned().ok_or_else(|| {
            refused(pointer, &format!("`$ref` {reference} does not name an entry of the root's `$defs`"))
        })
    }

    /// `process_schema`'s `_recurse`: a `$ref` is replaced by its definition, then processed.
    fn recurse(&mut self, value: &mut Value, pointer: &str, depth: usize) -> Result<(), Refused> {
        if let Value::Object(map) = value
            && let Some(reference) = map.remove("$ref")
        {
            *value = self.definition(&reference, pointer, depth)?;
            self.steps.push(pointer, &INLINE_DEFS);
            return self.schema(value, pointer, depth + 1);
        }
        self.schema(value, pointer, depth)
    }

    fn schema(&mut self, value: &mut Value, pointer: &str, depth: usize) -> Result<(), Refused> {
        let Value::Object(schema) = value else { return Ok(()) };
        let additional = schema.get("additionalProperties").or_else(|| schema.get("additional_properties"));
        if additional.is_some_and(truthy) {
            return Err(refused(pointer, "additionalProperties is not supported in the Gemini API."));
        }
        for (from, to) in [
            ("additional_properties", "additionalProperties"),
            ("any_of", "anyOf"),
            ("prefix_items", "prefixItems"),
            ("property_ordering", "propertyOrdering"),
        ] {
            if let Some(moved) = schema.remove(from).filter(|v| !v.is_null()) {
                schema.insert(to.to_owned(), moved);
                self.steps.push(&child_pointer(pointer, from), &SPELLING);
            }
        }
        self.null_fields(schema, pointer)?;
        if let Some(reference) = schema.remove("$ref") {
            let Value::Object(definition) = self.definition(&reference, pointer, depth)? else {
                return Err(refused(pointer, "a `$defs` entry is not an object"));
            };
            schema.extend(definition);
            self.steps.push(pointer, &INLINE_DEFS);
            return self.schema(value, pointer, depth + 1);
        }
        if let Some(Value::Array(variants)) = schema.get_mut("anyOf") {
            for (i, variant) in variants.iter_mut().enumerate() {
                self.recurse(variant, &format!("{pointer}/anyOf/{i}"), depth)?;
            }
            return Ok(());
        }
        let ty = schema.get("type").and_then(Value::as_str).map(str::to_uppercase);
        if let Some(constant) = schema.get("const").cloned().filter(|c| !c.is_null()) {
            if ty.as_deref() != Some("STRING") {
                return Err(refused(&child_pointer(pointer, "const"), "Literal values must be strings."));
            }
            schema.remove("const");
            schema.insert("enum".to_owned(), json!([constant]));
            self.steps.push(&child_pointer(pointer, "const"), &CONST_TO_ENUM);
        }
        match ty.as_deref() {
            Some("OBJECT") => {
                let here = child_pointer(pointer, "properties");
                if let Some(Value::Object(properties)) = schema.get_mut("properties") {
                    let names = super::ordered_keys(properties, &here, self.input.order);
                    for name in &names {
                        if let Some(property) = properties.get_mut(name) {
                            self.recurse(property, &child_pointer(&here, name), depth)?;
                        }
                    }
                    if names.len() > 1 && !schema.contains_key("propertyOrdering") {
                        schema.insert("propertyOrdering".to_owned(), json!(names));
                        self.steps.push(&child_pointer(pointer, "propertyOrdering"), &PROPERTY_ORDERING);
                    }
                }
                if let Some(additional @ Value::Object(_)) = schema.get_mut("additionalProperties") {
                    self.recurse(additional, &child_pointer(pointer, "additionalProperties"), depth)?;
                }
            }
            Some("ARRAY") => {
                if let Some(items) = schema.get_mut("items") {
                    self.recurse(items, &child_pointer(pointer, "items"), depth)?;
                }
                if let Some(Value::Array(prefixes)) = schema.get_mut("prefixItems") {
                    for (i, prefix) in prefixes.iter_mut().enumerate() {
                        self.recurse(prefix, &format!("{pointer}/prefixItems/{i}"), depth)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `handle_null_fields`.
    fn null_fields(&mut self, schema: &mut Map<String, Value>, pointer: &str) -> Result<(), Refused> {
        if schema.get("type") == Some(&json!("null")) {
            schema.insert("nullable".to_owned(), Value::Bool(true));
            schema.remove("type");
            self.steps.push(&child_pointer(pointer, "type"), &NULLABLE);
            return Ok(());
        }
        let Some(Value::Array(variants)) = schema.get_mut("anyOf") else { return Ok(()) };
        if !variants.iter().any(|v| v.get("type") == Some(&json!("null"))) {
            return Ok(());
        }
        // the SDK removes the entry that is exactly `{"type": "null"}`, and fails without one
        let Some(at) = variants.iter().position(|v| *v == json!({"type": "null"})) else {
            return Err(refused(&child_pointer(pointer, "anyOf"), "list.remove(x): x not in list"));
        };
        variants.remove(at);
        self.steps.push(&format!("{pointer}/anyOf/{at}"), &NULLABLE);
        let single = (variants.len() == 1).then(|| variants[0].clone());
        schema.insert("nullable".to_owned(), Value::Bool(true));
        if let Some(Value::Object(only)) = single {
            schema.remove("anyOf");
            schema.extend(only);
        }
        Ok(())
    }
}

/// Python truthiness of a JSON value, as the SDK tests `schema.get('additionalProperties')`.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Target;

    fn gemini(schema: Value) -> Result<Transformed, Refused> {
        let target = Target::from_name("gemini").unwrap_or_else(|e| panic!("{e}"));
        super::super::transform(target, &schema).unwrap_or_else(|| panic!("gemini has a transform"))
    }

    fn done(schema: Value) -> Transformed {
        gemini(schema).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The example in `process_schema`'s docstring: `items` naming a definition.
    #[test]
    fn sdk_docstring_defs_are_inlined() {
        let result = done(json!({
            "items": {"$ref": "#/$defs/CountryInfo"}, "title": "Placeholder", "type": "array",
            "$defs": {"CountryInfo": {"properties": {"continent": {"title": "Continent", "type": "string"},
                "gdp": {"title": "Gdp", "type": "integer"}}, "required": ["continent", "gdp"], "title": "CountryInfo", "type": "object"}}
        }));
        assert_eq!(
            result.schema,
            json!({"items": {"properties": {"continent": {"title": "Continent", "type": "string"},
                "gdp": {"title": "Gdp", "type": "integer"}}, "required": ["continent", "gdp"], "title": "CountryInfo", "type": "object",
                "propertyOrdering": ["continent", "gdp"]}, "title": "Placeholder", "type": "array"})
        );
    }

    /// The example in `handle_null_fields`'s docstring.
    #[test]
    fn sdk_docstring_null_fields_become_nullable() {
        let result = done(json!({"type": "object", "properties": {
            "name": {"title": "Name", "type": "string"},
            "total_area_sq_mi": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Total Area Sq Mi"}
        }, "propertyOrdering": ["name", "total_area_sq_mi"]}));
        assert_eq!(
            result.schema["properties"]["total_area_sq_mi"],
            json!({"type": "integer", "nullable": true, "default": null, "title": "Total Area Sq Mi"})
        );
        assert_eq!(result.steps[0].pointer, "/properties/total_area_sq_mi/anyOf/1");
    }

    #[test]
    fn a_string_const_becomes_an_enum_and_other_consts_are_refused() {
        assert_eq!(
            done(json!({"type": "string", "const": "action"})).schema,
            json!({"type": "string", "enum": ["action"]})
        );
        assert_eq!(
            gemini(json!({"type": "integer", "const": 1})).err().map(|e| e.reason),
            Some("Literal values must be strings.".to_owned())
        );
    }

    #[test]
    fn property_ordering_follows_the_authors_order() {
        let schema = json!({"type": "object", "properties": {"zeta": {"type": "string"}, "alpha": {"type": "string"}}});
        let order = |pointer: &str| ["/properties/zeta", "/properties/alpha"].iter().position(|p| *p == pointer);
        let target = Target::from_name("gemini").unwrap_or_else(|e| panic!("{e}"));
        let result = super::super::transform_in_order(target, &schema, Some(&order)).and_then(Result::ok);
        assert_eq!(result.map(|r| r.schema["propertyOrdering"].clone()), Some(json!(["zeta", "alpha"])));
    }

    #[test]
    fn additional_properties_true_is_refused_and_false_is_left_for_the_checks() {
        let refused =
            gemini(json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": true}));
        assert_eq!(
            refused.err().map(|e| e.reason),
            Some("additionalProperties is not supported in the Gemini API.".to_owned())
        );
        let kept =
            done(json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}));
        assert_eq!(kept.schema["additionalProperties"], json!(false));
        assert!(kept.steps.is_empty());
    }

    #[test]
    fn a_self_referring_definition_is_refused() {
        let schema = json!({"$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"});
        assert!(gemini(schema).is_err());
    }
}
