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
///
/// The schema is read as a graph whose nodes are its JSON values, with an edge from each value
/// to its members and from each `$ref` to its target: a reference closes a cycle exactly when
/// it and its target sit in one strongly connected component. Tarjan's algorithm, iterative,
/// finds the components in one pass, so the time is linear in the schema whatever its `$ref`s
/// do (a chain of ten thousand definitions, or every one pointing at `#`).
pub fn recursive_refs(root: &Value, pointer: &str) -> Vec<String> {
    // the subschemas with a local reference, in walk order: their object's address and pointer
    let mut refs: Vec<(*const Map<String, Value>, String)> = Vec::new();
    walk(root, "", &mut |node| {
        if local_ref(node.schema).is_some() {
            refs.push((std::ptr::from_ref(node.schema), node.pointer.to_owned()));
        }
    });
    if refs.is_empty() {
        return Vec::new();
    }
    let graph = Graph::of(root, &refs.iter().map(|(schema, _)| *schema).collect());
    let component = graph.components();
    let mut cycles = Vec::new();
    for (schema, location) in &refs {
        let Some(&at) = graph.index.get(schema) else { continue };
        let closes = graph.reference[at].is_some_and(|target| component[target] == component[at]);
        if closes {
            cycles.push(format!("{pointer}{location}"));
        }
    }
    cycles
}

/// Every value of a schema document as a node: its members, and for a subschema with a local
/// `$ref`, the reference's target.
struct Graph {
    members: Vec<Vec<usize>>,
    reference: Vec<Option<usize>>,
    /// The node of each object, by the object's address.
    index: HashMap<*const Map<String, Value>, usize>,
}

impl Graph {
    fn of(root: &Value, with_refs: &HashSet<*const Map<String, Value>>) -> Graph {
        let mut graph = Graph { members: Vec::new(), reference: Vec::new(), index: HashMap::new() };
        let mut by_value: HashMap<*const Value, usize> = HashMap::new();
        let mut pending: Vec<(&Value, Option<usize>)> = vec![(root, None)];
        let mut targets: Vec<(usize, &str)> = Vec::new();
        while let Some((value, parent)) = pending.pop() {
            let node = graph.members.len();
            graph.members.push(Vec::new());
            graph.reference.push(None);
            by_value.insert(std::ptr::from_ref(value), node);
            if let Some(parent) = parent {
                graph.members[parent].push(node);
            }
            match value {
                Value::Object(members) => {
                    let address = std::ptr::from_ref(members);
                    graph.index.insert(address, node);
                    if with_refs.contains(&address)
                        && let Some(target) = local_ref(members)
                    {
                        targets.push((node, target));
                    }
                    pending.extend(members.values().map(|member| (member, Some(node))));
                }
                Value::Array(items) => pending.extend(items.iter().map(|item| (item, Some(node)))),
                _ => {}
            }
        }
        for (node, target) in targets {
            graph.reference[node] =
                resolve(root, target).and_then(|value| by_value.get(&std::ptr::from_ref(value)).copied());
        }
        graph
    }

    /// The `nth` edge out of `node`: its members, then its reference.
    fn edge(&self, node: usize, nth: usize) -> Option<usize> {
        let members = &self.members[node];
        members.get(nth).copied().or_else(|| if nth == members.len() { self.reference[node] } else { None })
    }

    fn components(&self) -> Vec<usize> {
        components(self.members.len(), |node, nth| self.edge(node, nth))
    }
}

/// The strongly connected component of each of `n` nodes, whose `nth` edge out of a node is
/// `edge(node, nth)` (`None` past the last): Tarjan's algorithm, with an explicit stack
/// instead of recursion, in time linear in nodes and edges.
pub(crate) fn components(n: usize, edge: impl Fn(usize, usize) -> Option<usize>) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next, mut found) = (0, 0);
    for start in 0..n {
        if order[start] != UNSEEN {
            continue;
        }
        // (node, how many of its edges have been followed)
        let mut calls = vec![(start, 0)];
        order[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut followed)) = calls.last_mut() {
            if let Some(edge) = edge(node, *followed) {
                *followed += 1;
                if order[edge] == UNSEEN {
                    order[edge] = next;
                    low[edge] = next;
                    next += 1;
                    stack.push(edge);
                    on_stack[edge] = true;
                    calls.push((edge, 0));
                } else if on_stack[edge] {
                    low[node] = low[node].min(order[edge]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = found;
                    if member == node {
                        break;
                    }
                }
                found += 1;
            }
        }
    }
    component
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
