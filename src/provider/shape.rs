//! Measurements of a whole schema that provider limits are stated in: nesting depth (following
//! local `$ref`s), `$ref` cycles, and counts of properties, enum values, optional and
//! union-typed fields. Pure functions over a `serde_json::Value`; no provider knowledge.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::json::child_pointer;
use crate::schema::walk;

/// How deep a `$ref` chain is followed before giving up; bounds the stack on hostile input.
const MAX_LEVELS: usize = 1000;

/// The deepest point of a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Depth {
    /// Property and item steps from the root to the deepest subschema.
    pub levels: usize,
    /// JSON Pointer (in the file) of the deepest subschema.
    pub deepest: String,
}

/// The nesting depth: the most property, `items`, `prefixItems` and `additionalProperties`
/// steps from the root to any subschema, following local `$ref`s (each cycle once).
/// `anyOf`/`allOf`/`oneOf` and `$ref` add no level.
pub fn depth(root: &Value, pointer: &str) -> Depth {
    let mut measure = Measure { root, base: pointer, stack: Vec::new(), memo: HashMap::new() };
    measure.depth(root, pointer, 0)
}

struct Measure<'a> {
    root: &'a Value,
    base: &'a str,
    stack: Vec<String>,
    memo: HashMap<String, Depth>,
}

impl Measure<'_> {
    fn depth(&mut self, value: &Value, pointer: &str, level: usize) -> Depth {
        let mut best = Depth { levels: 0, deepest: pointer.to_owned() };
        let Value::Object(schema) = value else { return best };
        if level > MAX_LEVELS {
            return best;
        }
        let mut consider = |found: Depth, step: usize| {
            if found.levels + step > best.levels {
                best = Depth { levels: found.levels + step, deepest: found.deepest };
            }
        };
        if let Some(target) = local_ref(schema)
            && !self.stack.iter().any(|t| t == target)
        {
            let found = match self.memo.get(target) {
                Some(found) => found.clone(),
                None => {
                    let resolved = resolve(self.root, target);
                    let at = format!("{}{}", self.base, target.trim_start_matches('#'));
                    self.stack.push(target.to_owned());
                    let found =
                        resolved.map(|v| self.depth(v, &at, level + 1)).unwrap_or(Depth { levels: 0, deepest: at });
                    self.stack.pop();
                    self.memo.insert(target.to_owned(), found.clone());
                    found
                }
            };
            consider(found, 0);
        }
        for (key, child) in schema {
            let child_ptr = child_pointer(pointer, key);
            let step = match key.as_str() {
                "properties" => {
                    if let Value::Object(members) = child {
                        for (name, member) in members {
                            let found = self.depth(member, &child_pointer(&child_ptr, name), level + 1);
                            consider(found, 1);
                        }
                    }
                    continue;
                }
                "items" | "prefixItems" | "additionalProperties" => 1,
                "anyOf" | "allOf" | "oneOf" | "not" | "if" | "then" | "else" => 0,
                _ => continue,
            };
            match child {
                Value::Array(members) => {
                    for (i, member) in members.iter().enumerate() {
                        let found = self.depth(member, &format!("{child_ptr}/{i}"), level + 1);
                        consider(found, step);
                    }
                }
                _ => {
                    let found = self.depth(child, &child_ptr, level + 1);
                    consider(found, step);
                }
            }
        }
        best
    }
}

/// A `$ref` inside the schema (`#` or `#/…`), when the subschema has one.
pub fn local_ref(schema: &Map<String, Value>) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str).filter(|r| *r == "#" || r.starts_with("#/"))
}

/// The subschema a local `$ref` points at.
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

/// The pointers (in the file) of every `$ref` that closes a cycle: following references from
/// its target leads back to where it stands.
pub fn recursive_refs(root: &Value, pointer: &str) -> Vec<String> {
    // every local reference: where it stands (relative to the root) and what it points at
    let mut refs: Vec<(String, String)> = Vec::new();
    walk(root, "", &mut |node| {
        if let Some(target) = local_ref(node.schema) {
            refs.push((node.pointer.to_owned(), target.trim_start_matches('#').to_owned()));
        }
    });
    let inside = |location: &str, target: &str| {
        target.is_empty() || location == target || location.starts_with(&format!("{target}/"))
    };
    let mut cycles = Vec::new();
    for (location, target) in &refs {
        // the targets reachable from this one, through the references inside each
        let mut reached: HashSet<&str> = HashSet::from([target.as_str()]);
        let mut queue = vec![target.as_str()];
        while let Some(current) = queue.pop() {
            for (other, next) in &refs {
                if inside(other, current) && reached.insert(next.as_str()) {
                    queue.push(next.as_str());
                }
            }
        }
        if reached.iter().any(|t| inside(location, t)) {
            cycles.push(format!("{pointer}{location}"));
        }
    }
    cycles
}

/// Counts over a whole schema (every subschema, definitions included, each once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Object properties.
    pub properties: usize,
    /// Enum values.
    pub enum_values: usize,
    /// Characters of property names, definition names, and string enum and const values.
    pub string_chars: usize,
    /// Pointers of properties not listed in their object's `required`.
    pub optional: Vec<String>,
    /// Pointers of properties whose schema is a union (`anyOf` or a list of types).
    pub unions: Vec<String>,
    /// The largest string enum: its pointer, value count and total characters.
    pub largest_string_enum: Option<(String, usize, usize)>,
}

/// Counts properties, enum values, characters, optional and union-typed fields.
pub fn counts(root: &Value, pointer: &str) -> Counts {
    let mut counts = Counts::default();
    walk(root, pointer, &mut |node| {
        let schema = node.schema;
        if let Some(Value::Object(properties)) = schema.get("properties") {
            counts.properties += properties.len();
            let required: Vec<&str> = match schema.get("required") {
                Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let base = child_pointer(node.pointer, "properties");
            for (name, property) in properties {
                counts.string_chars += name.chars().count();
                let at = child_pointer(&base, name);
                if !required.contains(&name.as_str()) {
                    counts.optional.push(at.clone());
                }
                if property.as_object().is_some_and(is_union) {
                    counts.unions.push(at);
                }
            }
        }
        for defs in ["$defs", "definitions"] {
            if let Some(Value::Object(members)) = schema.get(defs) {
                counts.string_chars += members.keys().map(|k| k.chars().count()).sum::<usize>();
            }
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            counts.enum_values += values.len();
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            let chars: usize = strings.iter().map(|s| s.chars().count()).sum();
            counts.string_chars += chars;
            if strings.len() == values.len()
                && counts.largest_string_enum.as_ref().is_none_or(|(_, n, _)| values.len() > *n)
            {
                counts.largest_string_enum = Some((child_pointer(node.pointer, "enum"), values.len(), chars));
            }
        }
        if let Some(Value::String(value)) = schema.get("const") {
            counts.string_chars += value.chars().count();
        }
    });
    counts
}

/// Whether a schema is a union: `anyOf` (or `oneOf`), or a `type` list of more than one type.
pub fn is_union(schema: &Map<String, Value>) -> bool {
    schema.contains_key("anyOf")
        || schema.contains_key("oneOf")
        || matches!(schema.get("type"), Some(Value::Array(types)) if types.len() > 1)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn depth_counts_property_and_item_steps_and_follows_refs() {
        let schema = json!({"type": "object", "properties": {
            "a": {"type": "array", "items": {"$ref": "#/$defs/x"}}},
            "$defs": {"x": {"type": "object", "properties": {"b": {"type": "string"}}}}});
        let found = depth(&schema, "/schema");
        assert_eq!(found.levels, 3);
        assert_eq!(found.deepest, "/schema/$defs/x/properties/b");
    }

    #[test]
    fn cycles_are_found_once_per_closing_ref() {
        let schema = json!({"type": "object", "properties": {
            "tree": {"$ref": "#/$defs/node"}, "flat": {"$ref": "#/$defs/leaf"}},
            "$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}},
                      "leaf": {"type": "string"}}});
        assert_eq!(recursive_refs(&schema, ""), ["/$defs/node/properties/children/items"]);
        assert_eq!(depth(&schema, "").levels, 3);
        let root = json!({"type": "object", "properties": {"next": {"$ref": "#"}}});
        assert_eq!(recursive_refs(&root, "/s"), ["/s/properties/next"]);
    }

    #[test]
    fn counts_optional_and_union_fields() {
        let schema = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": ["string", "null"]}, "b": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "c": {"enum": ["x", "yy"]}}});
        let found = counts(&schema, "");
        assert_eq!(found.properties, 3);
        assert_eq!(found.optional, ["/properties/b", "/properties/c"]);
        assert_eq!(found.unions, ["/properties/a", "/properties/b"]);
        assert_eq!(found.enum_values, 2);
        assert_eq!(found.string_chars, 3 + 3);
    }
}
