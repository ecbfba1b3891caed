//! The work a schema may ask of the validator, measured before it is compiled.
//!
//! jsonschema compiles and validates by recursion, following every `$ref` where it stands: a
//! chain of thousands of definitions, each a `$ref` to the next, runs it off the end of the
//! stack (a crash, not an error), and a few dozen definitions that each refer to the next one
//! twice (`{"anyOf": [{"$ref": "#/$defs/d1"}, {"$ref": "#/$defs/d1"}]}`, 1.7 KB) make it try
//! 2^24 branches and collect an error for every one of them, gigabytes. Both are measured
//! here, over the graph of subschemas and local references, in time linear in the schema
//! (each subschema is visited once, its results memoised, with an explicit stack):
//!
//! - **depth**: the longest path of subschema steps and `$ref`s from the root, at most
//!   [`DEPTH_LIMIT`];
//! - **expansion**: how many subschemas validation would visit with every `$ref` written out,
//!   beyond the schema's own, at most [`EXPANSION_LIMIT`]. A definition used in many places
//!   counts each time; a recursive reference (a cycle) counts once, since recursion is
//!   bounded by the document, not the schema.
//!
//! A schema past either limit is refused with the limit and the pointer where it is passed.
//! References to other files are not followed here (each file is measured on its own).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::SchemaError;
use crate::json::child_pointer;
use crate::provider::shape::{local_ref, resolve};

/// The most subschema steps and `$ref`s from the root to any subschema. jsonschema needs a
/// few kilobytes of stack per step; a 2 MB worker thread holds about 2,000 in a debug build
/// and more in a release one, so 1,000 keeps a margin. Real schemas nest a few dozen.
pub const DEPTH_LIMIT: usize = 1_000;

/// How many more subschemas than the schema holds validation may visit once its `$ref`s are
/// written out. A definition of 30 subschemas used 300 times adds 9,000; 100,000 errors cost
/// about 100 MB and a second to collect.
pub const EXPANSION_LIMIT: u64 = 100_000;

/// Refuses a schema that nests deeper than [`DEPTH_LIMIT`] or expands past
/// [`EXPANSION_LIMIT`].
pub(crate) fn check(root: &Value) -> Result<(), SchemaError> {
    let mut graph = Measure { root, nodes: Vec::new(), index: HashMap::new() };
    if graph.node(root, String::new()).is_none() {
        return Ok(());
    }
    graph.nodes[0].state = State::Open;
    graph.expand(0);
    // post-order over the graph: (node, children left to visit)
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if let Some(&child) = graph.nodes[node].children.get(*next) {
            *next += 1;
            match graph.nodes[child].state {
                State::New => {
                    if stack.len() >= DEPTH_LIMIT {
                        return Err(too_deep(&graph.nodes[child].pointer));
                    }
                    graph.nodes[child].state = State::Open;
                    graph.expand(child);
                    stack.push((child, 0));
                }
                // a cycle: recursion the document bounds, counted once
                State::Open | State::Done => {}
            }
            continue;
        }
        stack.pop();
        let (mut size, mut depth) = (1u64, 1usize);
        let applied = &graph.nodes[node].children[..graph.nodes[node].applied];
        for &child in applied {
            let found = &graph.nodes[child];
            if found.state == State::Done {
                size = size.saturating_add(found.size);
                depth = depth.max(found.depth + 1);
            }
        }
        if depth > DEPTH_LIMIT {
            return Err(too_deep(&graph.nodes[node].pointer));
        }
        let own = graph.nodes.len() as u64;
        if size > own.saturating_add(EXPANSION_LIMIT) {
            return Err(too_wide(&graph.nodes[node].pointer, size));
        }
        let done = &mut graph.nodes[node];
        (done.size, done.depth, done.state) = (size, depth, State::Done);
    }
    Ok(())
}

fn too_deep(pointer: &str) -> SchemaError {
    SchemaError::Invalid {
        message: format!(
            "subschemas and `$ref`s nest more than {DEPTH_LIMIT} deep here (plankit's limit, which keeps validation from exhausting the stack)"
        ),
        pointer: pointer.to_owned(),
    }
}

fn too_wide(pointer: &str, size: u64) -> SchemaError {
    let size = if size == u64::MAX { "more than 18 quintillion".to_owned() } else { size.to_string() };
    SchemaError::Invalid {
        message: format!(
            "with its `$ref`s written out this subschema expands to {size} subschemas, more than {EXPANSION_LIMIT} beyond the schema's own (plankit's limit, which keeps validation linear in the schema); refer to each definition from fewer places"
        ),
        pointer: pointer.to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    New,
    Open,
    Done,
}

struct Node<'a> {
    schema: Option<&'a Map<String, Value>>,
    pointer: String,
    /// Subschemas validation applies (the first [`Node::applied`]), then definitions, which
    /// it reaches only through a `$ref` and which are measured on their own.
    children: Vec<usize>,
    applied: usize,
    state: State,
    size: u64,
    depth: usize,
}

struct Measure<'a> {
    root: &'a Value,
    nodes: Vec<Node<'a>>,
    /// The node of each subschema object, by its address: a `$ref`'s target is found again.
    index: HashMap<*const Map<String, Value>, usize>,
}

impl<'a> Measure<'a> {
    /// The node of a subschema (added when new). Booleans and other values are leaves that
    /// cost nothing, so they share no node.
    fn node(&mut self, value: &'a Value, pointer: String) -> Option<usize> {
        let Value::Object(schema) = value else { return None };
        let address = std::ptr::from_ref(schema);
        if let Some(&known) = self.index.get(&address) {
            return Some(known);
        }
        let node = self.nodes.len();
        self.nodes.push(Node {
            schema: Some(schema),
            pointer,
            children: Vec::new(),
            applied: 0,
            state: State::New,
            size: 0,
            depth: 0,
        });
        self.index.insert(address, node);
        Some(node)
    }

    /// Finds the children of a node when it is first entered: its subschemas, in the
    /// positions [`crate::schema::walk`] knows, and the target of its local `$ref`.
    fn expand(&mut self, node: usize) {
        let Some(schema) = self.nodes[node].schema else { return };
        let pointer = self.nodes[node].pointer.clone();
        let mut found: Vec<(String, &'a Value)> = Vec::new();
        let mut definitions: Vec<(String, &'a Value)> = Vec::new();
        if let Some(target) = local_ref(schema)
            && let Some(value) = resolve(self.root, target)
        {
            found.push((target.trim_start_matches('#').to_owned(), value));
        }
        for (key, child) in schema {
            let at = child_pointer(&pointer, key);
            match key.as_str() {
                "$defs" | "definitions" => {
                    if let Value::Object(members) = child {
                        definitions.extend(members.iter().map(|(name, member)| (child_pointer(&at, name), member)));
                    }
                }
                "properties" | "patternProperties" | "dependentSchemas" | "dependencies" => {
                    if let Value::Object(members) = child {
                        found.extend(members.iter().map(|(name, member)| (child_pointer(&at, name), member)));
                    }
                }
                "items" | "additionalItems" | "prefixItems" | "allOf" | "anyOf" | "oneOf" => match child {
                    Value::Array(items) => {
                        found.extend(items.iter().enumerate().map(|(i, item)| (format!("{at}/{i}"), item)));
                    }
                    _ => found.push((at, child)),
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
                | "contentSchema" => found.push((at, child)),
                _ => {}
            }
        }
        let mut children: Vec<usize> = found.into_iter().filter_map(|(at, value)| self.node(value, at)).collect();
        let applied = children.len();
        children.extend(definitions.into_iter().filter_map(|(at, value)| self.node(value, at)));
        self.nodes[node].children = children;
        self.nodes[node].applied = applied;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// `d0 … dn`, each referring to the next `fan` times through `keyword`.
    fn definitions(n: usize, keyword: &str, fan: usize) -> Value {
        let mut defs = Map::new();
        for i in 0..n {
            let next = json!({"$ref": format!("#/$defs/d{}", i + 1)});
            defs.insert(format!("d{i}"), json!({keyword: vec![next; fan]}));
        }
        defs.insert(format!("d{n}"), json!({"type": "string"}));
        json!({"$ref": "#/$defs/d0", "$defs": defs})
    }

    #[test]
    fn a_ref_diamond_that_doubles_each_level_is_refused_where_it_passes_the_limit() {
        let refused = check(&definitions(24, "anyOf", 2));
        let Err(SchemaError::Invalid { message, pointer }) = refused else { panic!("{refused:?}") };
        assert_eq!(pointer, "/$defs/d9");
        assert!(message.contains("more than 100000 beyond the schema's own"), "{message}");
        // the same shape a few levels deep is ordinary reuse
        assert_eq!(check(&definitions(10, "anyOf", 2)), Ok(()));
        assert!(check(&definitions(12, "allOf", 8)).is_err());
    }

    #[test]
    fn a_long_ref_chain_is_refused_and_a_short_one_is_not() {
        // each level is two steps: the definition, then its `allOf` member with the `$ref`
        assert_eq!(check(&definitions(450, "allOf", 1)), Ok(()));
        let refused = check(&definitions(5_000, "allOf", 1));
        assert!(
            matches!(refused, Err(SchemaError::Invalid { ref message, .. }) if message.contains("more than 1000 deep"))
        );
    }

    #[test]
    fn recursion_and_a_large_flat_schema_are_not_amplification() {
        let tree = json!({"$defs": {"node": {"type": "object", "properties": {
            "left": {"$ref": "#/$defs/node"}, "right": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"});
        assert_eq!(check(&tree), Ok(()));
        assert_eq!(check(&json!({"$ref": "#"})), Ok(()));
        let flat: Vec<Value> = (0..200_000).map(|i| json!({"const": i})).collect();
        assert_eq!(check(&json!({"anyOf": flat})), Ok(()));
    }
}
