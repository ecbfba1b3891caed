//! The OpenAI SDKs' strict schema, for `openai-strict` and the targets built on OpenAI's rules
//! (`azure-openai`, `groq`).
//!
//! Two SDK functions, applied together at every subschema:
//!
//! - openai-python `src/openai/lib/_pydantic.py` `_ensure_strict_json_schema` (called by
//!   `to_strict_json_schema`): `"additionalProperties": false` on every `type: object` that
//!   does not set it; `required` listing every key of `properties`; a single-entry `allOf`
//!   merged into its parent; a `"default": null` removed; a `$ref` with sibling keywords
//!   replaced by its target with the siblings on top (they win), then made strict again;
//!   `$defs` and `definitions` made strict too.
//! - openai-node `src/lib/transform-json-schema.ts` `_transformJSONSchema` (commit 3de111bf):
//!   every object gets `"additionalProperties": false` (whatever it said before), `oneOf`
//!   becomes `anyOf`, a `format` outside the supported list and every keyword the API does not
//!   enforce are moved into the `description` as `{key: JSON}`, after a blank line.
//!
//! Which keywords are kept is the target's own table (`provider/profiles/`): for
//! `openai-strict` it is the guide's "Supported properties" list, for `azure-openai` the
//! narrower list Azure documents. openai-node's table differs from the guide in three places
//! plankit does not copy, because the API enforces what it drops: it moves `enum`, `const` and
//! `pattern` into the description, and keeps numeric bounds only on `type: number` (not
//! `integer`).
//!
//! A property that was not in `required` becomes nullable when it is added (the guide: "emulate
//! an optional parameter by using a union type with `null`"; openai-node's zod helper
//! `_vendor/zod-to-json-schema/parsers/object.ts` `parseObjectDef` lists every property as
//! required in strict mode and accepts an optional one only when it is also `.nullable()`):
//! `"type": "T"` becomes `["T", "null"]` (and `null` joins an `enum`), anything else becomes
//! `anyOf: [it, {"type": "null"}]`.

use serde_json::{Map, Value, json};

use super::{Family, Input, Refused, SdkRule, Steps, Transformed, describe_leftovers, resolve_ref};
use crate::json::child_pointer;
use crate::provider::checks::is_object;
use crate::provider::profile::{Profile, Support};

const PY: &str = "openai/openai-python src/openai/lib/_pydantic.py _ensure_strict_json_schema";
const NODE: &str = "openai/openai-node src/lib/transform-json-schema.ts _transformJSONSchema";
const ZOD: &str = "openai/openai-node src/_vendor/zod-to-json-schema/parsers/object.ts parseObjectDef";

/// `"additionalProperties": false` on every object.
pub static ADDITIONAL_PROPERTIES: SdkRule = SdkRule {
    id: "additional-properties-false",
    source: NODE,
    does: "every object gets `\"additionalProperties\": false`",
};
/// Every property listed in `required`.
pub static REQUIRED: SdkRule =
    SdkRule { id: "required-every-property", source: PY, does: "`required` lists every key of `properties`" };
/// A property added to `required` becomes nullable.
pub static NULLABLE: SdkRule = SdkRule {
    id: "optional-becomes-nullable",
    source: ZOD,
    does: "a property that was optional is made nullable (`[\"T\", \"null\"]` or `anyOf` with `null`)",
};
/// A single `allOf` merged into its parent.
pub static ALL_OF: SdkRule =
    SdkRule { id: "unwrap-single-all-of", source: PY, does: "a one-entry `allOf` is merged into its parent" };
/// `"default": null` removed.
pub static DEFAULT_NULL: SdkRule =
    SdkRule { id: "drop-null-default", source: PY, does: "`\"default\": null` is removed" };
/// A `$ref` with siblings inlined.
pub static INLINE_REF: SdkRule = SdkRule {
    id: "inline-ref-with-siblings",
    source: PY,
    does: "a `$ref` with other keywords is replaced by its target, the other keywords winning",
};
/// `oneOf` becomes `anyOf`.
pub static ONE_OF: SdkRule = SdkRule { id: "one-of-to-any-of", source: NODE, does: "`oneOf` becomes `anyOf`" };
/// Keywords the API does not enforce moved into the description.
pub static TO_DESCRIPTION: SdkRule = SdkRule {
    id: "unsupported-to-description",
    source: NODE,
    does: "a keyword or `format` the API does not enforce is moved into the `description` as `{key: value}`",
};

/// The family.
pub static FAMILY: Family = Family {
    name: "the OpenAI SDKs' strict schema",
    rules: &[
        &ADDITIONAL_PROPERTIES,
        &REQUIRED,
        &NULLABLE,
        &ALL_OF,
        &DEFAULT_NULL,
        &INLINE_REF,
        &ONE_OF,
        &TO_DESCRIPTION,
    ],
    resolves: &[
        ("additional-properties", &[]),
        ("all-required", &[]),
        ("unsupported-keyword", &[]),
        ("format", &[]),
        ("ref-siblings", &[]),
    ],
    walks: &[],
    transform,
};

/// How many `$ref`s one subschema may inline in a chain before plankit stops (a `$ref` whose
/// target is itself a `$ref` with siblings, round a cycle, would otherwise never end; the
/// python SDK recurses until Python's own limit).
const INLINE_LIMIT: usize = 32;

struct Strict<'a> {
    root: &'a Value,
    profile: &'static Profile,
    input: &'a Input<'a>,
    steps: Steps,
}

fn transform(input: &Input<'_>) -> Result<Transformed, Refused> {
    let mut strict = Strict { root: input.schema, profile: input.target.profile(), input, steps: Steps(Vec::new()) };
    let schema = strict.node(input.schema, "", 0)?;
    Ok(Transformed { schema, steps: strict.steps.0 })
}

impl Strict<'_> {
    fn keeps(&self, keyword: &str) -> bool {
        self.profile.keywords.support(keyword) == Support::Enforced
    }

    fn keeps_format(&self, format: &Value) -> bool {
        match (&self.profile.formats, format.as_str()) {
            (Some(formats), Some(format)) => formats.enforced.contains(&format),
            (None, _) => true,
            (Some(_), None) => false,
        }
    }

    fn node(&mut self, value: &Value, pointer: &str, inlined: usize) -> Result<Value, Refused> {
        let Value::Object(input) = value else { return Ok(value.clone()) };
        let mut schema = input.clone();
        let plankit = super::take_plankit_keys(&mut schema);

        // python: `$ref` with siblings → its target, the siblings on top, made strict again
        if let Some(Value::String(reference)) = schema.get("$ref")
            && schema.len() > 1
        {
            let reference = reference.clone();
            let Some(Value::Object(target)) = resolve_ref(self.root, &reference) else {
                return Err(refused(pointer, format!("Expected `$ref: {reference}` to resolve to a dictionary")));
            };
            if inlined >= INLINE_LIMIT {
                return Err(refused(pointer, format!("`$ref: {reference}` inlines itself without end")));
            }
            let mut merged = target.clone();
            schema.remove("$ref");
            merged.extend(schema);
            super::restore(&mut merged, plankit);
            self.steps.push(pointer, &INLINE_REF);
            return self.node(&Value::Object(merged), pointer, inlined + 1);
        }

        // python: a one-entry `allOf` is merged into its parent (the entry's keys win)
        if let Some(Value::Array(entries)) = schema.get("allOf")
            && let [Value::Object(entry)] = entries.as_slice()
        {
            let entry = entry.clone();
            schema.remove("allOf");
            schema.extend(entry);
            self.steps.push(&child_pointer(pointer, "allOf"), &ALL_OF);
        }

        // python: `"default": null` says nothing a nullable schema does not
        if schema.get("default") == Some(&Value::Null) {
            schema.remove("default");
            self.steps.push(&child_pointer(pointer, "default"), &DEFAULT_NULL);
        }

        let object = is_object(&schema);
        let mut strict = Map::new();
        let mut leftovers = Map::new();
        let was_required: Vec<String> = match schema.get("required") {
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        for (key, value) in std::mem::take(&mut schema) {
            let here = child_pointer(pointer, &key);
            match key.as_str() {
                "properties" | "$defs" | "definitions" if value.is_object() => {
                    let mut members = Map::new();
                    for (name, member) in value.as_object().into_iter().flatten() {
                        members.insert(name.clone(), self.node(member, &child_pointer(&here, name), 0)?);
                    }
                    strict.insert(key, Value::Object(members));
                }
                "items" if value.is_object() => {
                    strict.insert(key, self.node(&value, &here, 0)?);
                }
                "anyOf" | "allOf" | "oneOf" if value.is_array() => {
                    let mut variants = Vec::new();
                    for (i, variant) in value.as_array().into_iter().flatten().enumerate() {
                        variants.push(self.node(variant, &format!("{here}/{i}"), 0)?);
                    }
                    let key = if key == "oneOf" && !strict.contains_key("anyOf") {
                        self.steps.push(&here, &ONE_OF);
                        "anyOf".to_owned()
                    } else {
                        key
                    };
                    if !self.keeps(&key) {
                        leftovers.insert(key, Value::Array(variants));
                        self.steps.push(&here, &TO_DESCRIPTION);
                    } else {
                        strict.insert(key, Value::Array(variants));
                    }
                }
                "additionalProperties" if object => {}
                "format" if !self.keeps_format(&value) => {
                    self.steps.push(&here, &TO_DESCRIPTION);
                    leftovers.insert(key, value);
                }
                _ if self.keeps(&key) => {
                    strict.insert(key, value);
                }
                _ => {
                    self.steps.push(&here, &TO_DESCRIPTION);
                    leftovers.insert(key, value);
                }
            }
        }
        describe_leftovers(&mut strict, &leftovers, pointer, self.input.order);

        if object {
            if input.get("additionalProperties") != Some(&Value::Bool(false)) {
                self.steps.push(&child_pointer(pointer, "additionalProperties"), &ADDITIONAL_PROPERTIES);
            }
            strict.insert("additionalProperties".to_owned(), Value::Bool(false));
        }
        if let Some(Value::Object(properties)) = strict.get_mut("properties") {
            let names = super::ordered_keys(properties, &child_pointer(pointer, "properties"), self.input.order);
            let properties_pointer = child_pointer(pointer, "properties");
            for name in names.iter().filter(|name| !was_required.contains(name)) {
                if let Some(property) = properties.get_mut(name) {
                    *property = nullable(std::mem::take(property));
                    self.steps.push(&child_pointer(&properties_pointer, name), &NULLABLE);
                }
            }
            let required: Vec<Value> = names.into_iter().map(Value::String).collect();
            if strict.get("required") != Some(&Value::Array(required.clone())) {
                self.steps.push(&child_pointer(pointer, "required"), &REQUIRED);
            }
            strict.insert("required".to_owned(), Value::Array(required));
        }
        super::restore(&mut strict, plankit);
        Ok(Value::Object(strict))
    }
}

/// `schema`, also allowing `null`.
fn nullable(schema: Value) -> Value {
    let Value::Object(mut map) = schema else { return json!({"anyOf": [schema, {"type": "null"}]}) };
    let allows_null_enum = |map: &mut Map<String, Value>| {
        if let Some(Value::Array(values)) = map.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    };
    match map.get_mut("type") {
        Some(Value::String(ty)) if ty == "null" => {}
        Some(Value::String(ty)) => {
            let ty = std::mem::take(ty);
            map.insert("type".to_owned(), json!([ty, "null"]));
            allows_null_enum(&mut map);
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            allows_null_enum(&mut map);
        }
        _ => match map.get_mut("anyOf") {
            Some(Value::Array(variants)) => {
                if !variants.iter().any(|v| v.get("type") == Some(&json!("null"))) {
                    variants.push(json!({"type": "null"}));
                }
            }
            _ => return json!({"anyOf": [Value::Object(map), {"type": "null"}]}),
        },
    }
    Value::Object(map)
}

fn refused(pointer: &str, reason: String) -> Refused {
    Refused { pointer: pointer.to_owned(), reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Target;
    use serde_json::json;

    fn strict(target: &str, schema: Value) -> Transformed {
        let target = Target::from_name(target).unwrap_or_else(|e| panic!("{e}"));
        match super::super::transform(target, &schema) {
            Some(Ok(done)) => done,
            other => panic!("{other:?}"),
        }
    }

    fn ids(done: &Transformed) -> Vec<(&str, &str)> {
        done.steps.iter().map(|s| (s.pointer.as_str(), s.rule.id)).collect()
    }

    /// openai-python tests/lib/test_pydantic.py: a model with a nested model and an optional
    /// field; the SDK adds `additionalProperties`, lists every property, and the optional
    /// (already `anyOf` with null in pydantic's output) stays as it is.
    #[test]
    fn objects_are_closed_and_every_property_required() {
        let done = strict(
            "openai-strict",
            json!({"type": "object", "properties": {
                "name": {"type": "string"},
                "nick": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null},
                "address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
            }, "required": ["name", "address"]}),
        );
        assert_eq!(
            done.schema,
            json!({"type": "object", "additionalProperties": false, "required": ["address", "name", "nick"],
            "properties": {
                "name": {"type": "string"},
                "nick": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "address": {"type": "object", "additionalProperties": false, "required": ["city"],
                    "properties": {"city": {"type": "string"}}}
            }})
        );
        assert!(ids(&done).contains(&("/properties/nick/default", "drop-null-default")));
        assert!(ids(&done).contains(&("/properties/address/additionalProperties", "additional-properties-false")));
        assert!(ids(&done).contains(&("/required", "required-every-property")));
        // `nick` was optional and already allowed null: nothing more to add
        assert_eq!(done.schema["properties"]["nick"]["anyOf"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn an_optional_property_becomes_nullable_and_its_enum_allows_null() {
        let done = strict(
            "openai-strict",
            json!({"type": "object", "properties": {
                "status": {"type": "string", "enum": ["open", "closed"]},
                "ref": {"$ref": "#/$defs/r"}
            }, "$defs": {"r": {"type": "integer"}}}),
        );
        assert_eq!(
            done.schema["properties"]["status"],
            json!({"type": ["string", "null"], "enum": ["open", "closed", null]})
        );
        assert_eq!(done.schema["properties"]["ref"], json!({"anyOf": [{"$ref": "#/$defs/r"}, {"type": "null"}]}));
    }

    /// openai-python `_ensure_strict_json_schema`: "we can't use `$ref`s if there are also
    /// other properties defined … so we unravel the ref".
    #[test]
    fn a_ref_with_siblings_is_inlined_with_the_siblings_winning() {
        let done = strict(
            "openai-strict",
            json!({"type": "object", "required": ["star"], "properties": {
                "star": {"$ref": "#/$defs/Star", "description": "the planet's star"}
            }, "$defs": {"Star": {"type": "object", "description": "a star", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}),
        );
        assert_eq!(
            done.schema["properties"]["star"],
            json!({"type": "object", "description": "the planet's star", "additionalProperties": false,
                "properties": {"name": {"type": "string"}}, "required": ["name"]})
        );
        assert!(ids(&done).contains(&("/properties/star", "inline-ref-with-siblings")));
    }

    #[test]
    fn a_single_all_of_is_merged_and_one_of_becomes_any_of() {
        let done = strict("openai-strict", json!({"allOf": [{"type": "string"}], "description": "x"}));
        assert_eq!(done.schema, json!({"type": "string", "description": "x"}));
        let done = strict("openai-strict", json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}));
        assert_eq!(done.schema, json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
    }

    /// openai-node `_transformJSONSchema`: what the API cannot enforce is kept in words.
    #[test]
    fn unsupported_keywords_and_formats_move_into_the_description() {
        let done = strict(
            "openai-strict",
            json!({"type": "string", "description": "Website", "format": "uri", "minLength": 3, "pattern": "^h"}),
        );
        assert_eq!(
            done.schema,
            json!({"type": "string", "description": "Website\n\n{format: \"uri\", minLength: 3}", "pattern": "^h"})
        );
        // Azure documents `pattern` as unsupported: its table moves it too
        let done = strict("azure-openai", json!({"type": "string", "pattern": "^h", "format": "email"}));
        assert_eq!(done.schema, json!({"type": "string", "description": "{format: \"email\", pattern: \"^h\"}"}));
    }

    #[test]
    fn additional_properties_of_any_kind_become_false_and_plankit_keys_stay() {
        let done = strict(
            "openai-strict",
            json!({"type": "object", "properties": {}, "additionalProperties": {"type": "string"}, "x-plankit-ignore": ["a"]}),
        );
        assert_eq!(
            done.schema,
            json!({"type": "object", "properties": {}, "required": [], "additionalProperties": false, "x-plankit-ignore": ["a"]})
        );
    }

    #[test]
    fn a_ref_that_leads_nowhere_is_refused_as_the_sdk_refuses_it() {
        let target = Target::from_name("openai-strict").unwrap_or_else(|e| panic!("{e}"));
        let schema = json!({"properties": {"a": {"$ref": "#/$defs/missing", "description": "x"}}});
        let refused = super::super::transform(target, &schema).and_then(Result::err);
        assert_eq!(refused.map(|r| r.pointer), Some("/properties/a".to_owned()));
    }

    #[test]
    fn a_strict_schema_is_left_as_it_is() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false});
        let done = strict("openai-strict", schema.clone());
        assert_eq!(done.schema, schema);
        assert!(done.steps.is_empty(), "{:?}", done.steps);
    }
}
