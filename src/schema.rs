//! JSON Schema structure shared by the `schema/*` rules: which keywords exist, and a walk over
//! every subschema (knowing which keys are keywords and which are property names).

use serde_json::{Map, Value};

use crate::json::child_pointer;

/// Every keyword of drafts 4, 6, 7, 2019-09 and 2020-12, plus the annotations and the
/// OpenAPI/provider extensions structured-output schemas use (`nullable`, `propertyOrdering`).
pub const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "definitions",
    "type",
    "enum",
    "const",
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
    "dependencies",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "contains",
    "unevaluatedItems",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "propertyOrdering",
    "discriminator",
    "example",
];

/// The draft a `draft` setting names (`2020-12`, `2019-09`, `7`, `6`, `4`).
pub fn draft_named(name: &str) -> Option<jsonschema::Draft> {
    match name {
        "2020-12" => Some(jsonschema::Draft::Draft202012),
        "2019-09" => Some(jsonschema::Draft::Draft201909),
        "7" => Some(jsonschema::Draft::Draft7),
        "6" => Some(jsonschema::Draft::Draft6),
        "4" => Some(jsonschema::Draft::Draft4),
        _ => None,
    }
}

/// The JSON types a schema's `type` may name.
pub const TYPES: &[&str] = &["array", "boolean", "integer", "null", "number", "object", "string"];

/// Whether a key is a keyword (or an `x-` extension, which validators ignore by design).
pub fn is_known_keyword(key: &str) -> bool {
    KEYWORDS.contains(&key) || key.starts_with("x-")
}

/// Where a subschema sits relative to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position<'a> {
    /// The schema's root.
    Root,
    /// The value of `properties/<name>`.
    Property(&'a str),
    /// Any other subschema position (`items`, `anyOf/0`, `$defs/x`, …).
    Other,
}

/// One subschema object met during a walk.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    /// The subschema.
    pub schema: &'a Map<String, Value>,
    /// Its JSON Pointer in the file.
    pub pointer: &'a str,
    /// Where it sits.
    pub position: Position<'a>,
}

/// Calls `visit` for the root and every subschema object, depth first, in key order.
pub fn walk<'a>(root: &'a Value, pointer: &str, visit: &mut dyn FnMut(Node<'_>)) {
    walk_node(root, pointer, Position::Root, visit);
}

fn walk_node(value: &Value, pointer: &str, position: Position<'_>, visit: &mut dyn FnMut(Node<'_>)) {
    let Value::Object(schema) = value else { return };
    visit(Node { schema, pointer, position });
    for (key, child) in schema {
        // pointers are built only for keywords that hold subschemas: most keys hold none
        match key.as_str() {
            "properties" => each_member(child, &child_pointer(pointer, key), true, visit),
            "patternProperties" | "$defs" | "definitions" | "dependentSchemas" | "dependencies" => {
                each_member(child, &child_pointer(pointer, key), false, visit)
            }
            "items" | "additionalItems" | "prefixItems" | "allOf" | "anyOf" | "oneOf" => match child {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk_node(item, &format!("{pointer}/{key}/{i}"), Position::Other, visit);
                    }
                }
                _ => walk_node(child, &child_pointer(pointer, key), Position::Other, visit),
            },
            "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema" => walk_node(child, &child_pointer(pointer, key), Position::Other, visit),
            _ => {}
        }
    }
}

fn each_member(value: &Value, pointer: &str, properties: bool, visit: &mut dyn FnMut(Node<'_>)) {
    let Value::Object(members) = value else { return };
    for (name, child) in members {
        if !child.is_object() {
            continue;
        }
        let position = if properties { Position::Property(name) } else { Position::Other };
        walk_node(child, &child_pointer(pointer, name), position, visit);
    }
}

/// The types a schema's `type` names (empty when absent or malformed).
pub fn types(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether `value` is an instance of the named JSON type (`integer` allows `1.0`).
pub fn has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        _ => false,
    }
}

/// Whether JSON Schema lets `null` through this subschema's own `type`, `enum`, `const`,
/// `anyOf` and `oneOf` (OpenAPI's `nullable` is not JSON Schema and counts for nothing). A
/// `$ref`, or anything else it cannot see through, counts as admitting `null`, so callers that
/// warn about a missing `null` stay silent when unsure.
pub fn admits_null(schema: &Map<String, Value>) -> bool {
    if schema.contains_key("type") && !types(schema).contains(&"null") {
        return false;
    }
    if let Some(Value::Array(values)) = schema.get("enum")
        && !values.iter().any(Value::is_null)
    {
        return false;
    }
    if schema.get("const").is_some_and(|value| !value.is_null()) {
        return false;
    }
    ["anyOf", "oneOf"].iter().all(|keyword| match schema.get(*keyword) {
        Some(Value::Array(branches)) => branches.iter().any(|branch| match branch {
            Value::Object(branch) => admits_null(branch),
            Value::Bool(allowed) => *allowed,
            _ => true,
        }),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn null_is_admitted_by_a_type_union_an_enum_or_a_branch_but_not_by_nullable() {
        let admits = |schema: Value| admits_null(schema.as_object().unwrap());
        assert!(admits(json!({"type": ["string", "null"]})));
        assert!(admits(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})));
        assert!(admits(json!({"enum": ["a", null]})));
        assert!(admits(json!({"$ref": "#/$defs/name"})));
        assert!(!admits(json!({"type": "string", "nullable": true})));
        assert!(!admits(json!({"type": ["string", "null"], "enum": ["a", "b"]})));
        assert!(!admits(json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})));
        assert!(!admits(json!({"const": "x"})));
    }

    #[test]
    fn walk_visits_subschemas_but_not_property_names_as_keywords() {
        let schema = json!({"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}},
            "anyOf": [{"required": ["items"]}], "$defs": {"x": {"type": "null"}}});
        let mut seen = Vec::new();
        walk(&schema, "/schema", &mut |node| seen.push(node.pointer.to_owned()));
        assert_eq!(
            seen,
            [
                "/schema",
                "/schema/$defs/x",
                "/schema/anyOf/0",
                "/schema/properties/items",
                "/schema/properties/items/items"
            ]
        );
    }
}
