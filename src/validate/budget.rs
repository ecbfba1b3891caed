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
//! A `patternProperties` of more than [`PATTERN_PROPERTIES_LIMIT`] patterns is refused too: every
//! property name of the document is matched against each, a product of the two sizes.
//!
//! A schema past a limit is refused with the limit and the pointer where it is passed.
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

/// The most patterns one `patternProperties` may hold: each property name of the document is
/// matched against every one, so 256 keep a 100,000-key document near 2.5e7 matches.
pub const PATTERN_PROPERTIES_LIMIT: usize = 256;

/// Refuses a schema that nests deeper than [`DEPTH_LIMIT`] or expands past
/// [`EXPANSION_LIMIT`]. Otherwise, the pointer of the first subschema where recursion
/// branches (see [`Measure::branching_recursion`]), if any: validating such a schema is
/// linear (jsonschema memoises it), explaining every error of a deep document is not.
pub(crate) fn check(root: &Value) -> Result<Option<Branching>, SchemaError> {
    let mut graph = Measure { root, nodes: Vec::new(), index: HashMap::new() };
    if graph.node(root, String::new()).is_none() {
        return Ok(None);
    }
    graph.nodes[0].state = State::Open;
    graph.expand(0)?;
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
                    graph.expand(child)?;
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
    Ok(graph.branching_recursion())
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
    /// The document step of each applied child.
    steps: Vec<Step>,
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
            steps: Vec::new(),
            state: State::New,
            size: 0,
            depth: 0,
        });
        self.index.insert(address, node);
        Some(node)
    }

    /// Finds the children of a node when it is first entered: its subschemas, in the
    /// positions [`crate::schema::walk`] knows, and the target of its local `$ref`.
    fn expand(&mut self, node: usize) -> Result<(), SchemaError> {
        let Some(schema) = self.nodes[node].schema else { return Ok(()) };
        let pointer = self.nodes[node].pointer.clone();
        let mut found: Vec<(String, &'a Value, Step)> = Vec::new();
        let mut definitions: Vec<(String, &'a Value)> = Vec::new();
        if let Some(target) = local_ref(schema)
            && let Some(value) = resolve(self.root, target)
        {
            found.push((target.trim_start_matches('#').to_owned(), value, Step::InPlace));
        }
        for (key, child) in schema {
            let at = child_pointer(&pointer, key);
            let members = || child.as_object().into_iter().flatten();
            let items = |step: Step| match child {
                Value::Array(items) => {
                    items.iter().enumerate().map(|(i, item)| (format!("{at}/{i}"), item, step.clone())).collect()
                }
                _ => vec![(at.clone(), child, step)],
            };
            match key.as_str() {
                "$defs" | "definitions" => {
                    definitions.extend(members().map(|(name, member)| (child_pointer(&at, name), member)));
                }
                "properties" => found.extend(
                    members().map(|(name, member)| (child_pointer(&at, name), member, Step::Into(name.clone()))),
                ),
                "patternProperties" if members().count() > PATTERN_PROPERTIES_LIMIT => {
                    return Err(SchemaError::Invalid {
                        message: format!(
                            "`patternProperties` has {} patterns, more than {PATTERN_PROPERTIES_LIMIT} (plankit's limit: every property name of a document is matched against each)",
                            members().count()
                        ),
                        pointer: at,
                    });
                }
                "patternProperties" => found.extend(
                    members().map(|(name, member)| (child_pointer(&at, name), member, Step::Into(ANY.to_owned()))),
                ),
                "dependentSchemas" | "dependencies" => {
                    found.extend(members().map(|(name, member)| (child_pointer(&at, name), member, Step::InPlace)));
                }
                "items" | "additionalItems" | "prefixItems" | "contains" | "unevaluatedItems" => {
                    found.extend(items(Step::Into(ITEM.to_owned())));
                }
                "allOf" | "anyOf" | "oneOf" => found.extend(items(Step::InPlace)),
                "additionalProperties" | "unevaluatedProperties" | "propertyNames" => {
                    found.push((at, child, Step::Into(ANY.to_owned())));
                }
                "not" | "if" | "then" | "else" | "contentSchema" => found.push((at, child, Step::InPlace)),
                _ => {}
            }
        }
        let mut children = Vec::new();
        let mut steps = Vec::new();
        for (at, value, step) in found {
            if let Some(child) = self.node(value, at) {
                children.push(child);
                steps.push(step);
            }
        }
        let applied = children.len();
        children.extend(definitions.into_iter().filter_map(|(at, value)| self.node(value, at)));
        let expanded = &mut self.nodes[node];
        (expanded.children, expanded.steps, expanded.applied) = (children, steps, applied);
        Ok(())
    }

    /// The first subschema where recursion branches: two of the ways validation goes on from
    /// it (its `anyOf` branches, its `allOf` members, its own properties) lead back to it
    /// through the same step into the document, so each level of a matching document doubles
    /// the paths. Which document steps lead back is gathered per node, a few at most
    /// ([`STEPS_KEPT`], past which any step is assumed), over a bounded number of passes.
    fn branching_recursion(&self) -> Option<Branching> {
        let applied = |node: usize, nth: usize| {
            let node = &self.nodes[node];
            node.children[..node.applied].get(nth).copied()
        };
        let component = crate::provider::shape::components(self.nodes.len(), applied);
        let mut size = vec![0usize; self.nodes.len()];
        for &c in &component {
            size[c] += 1;
        }
        let recursive = |node: usize| {
            size[component[node]] > 1 || self.nodes[node].children[..self.nodes[node].applied].contains(&node)
        };
        let inside = |node: usize, child: usize| component[node] == component[child];
        // the document steps by which each recursive node leads back into its component
        let mut back: Vec<Vec<String>> = vec![Vec::new(); self.nodes.len()];
        for (node, found) in self.nodes.iter().enumerate() {
            if recursive(node) {
                for (&child, step) in found.children.iter().zip(&found.steps) {
                    if let Step::Into(label) = step
                        && inside(node, child)
                    {
                        add(&mut back[node], label);
                    }
                }
            }
        }
        for _ in 0..PASSES {
            let mut changed = false;
            for (node, found) in self.nodes.iter().enumerate() {
                if !recursive(node) {
                    continue;
                }
                for (&child, step) in found.children.iter().zip(&found.steps) {
                    if *step == Step::InPlace && inside(node, child) && child != node {
                        for label in back[child].clone() {
                            changed |= add(&mut back[node], &label);
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut branching: Option<(String, usize)> = None;
        for (node, found) in self.nodes.iter().enumerate() {
            if !recursive(node) {
                continue;
            }
            // the node's own steps are one way on, each in-place child inside another
            let mut ways: Vec<Vec<String>> = vec![Vec::new()];
            for (&child, step) in found.children.iter().zip(&found.steps) {
                match step {
                    Step::Into(label) if inside(node, child) => {
                        add(&mut ways[0], label);
                    }
                    Step::InPlace if inside(node, child) && child != node => ways.push(back[child].clone()),
                    _ => {}
                }
            }
            let branches =
                ways.iter().enumerate().any(|(i, one)| ways[i + 1..].iter().any(|other| overlap(one, other)));
            if branches {
                let (_, fan) = branching.get_or_insert_with(|| (found.pointer.clone(), 1));
                *fan = fan.saturating_mul(ways.iter().filter(|way| !way.is_empty()).count());
            }
        }
        branching.map(|(pointer, fan)| Branching { pointer, fan })
    }
}

/// Where a schema's recursion branches, and by how much per level of the document at most
/// (the product of the ways on at every subschema where it branches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Branching {
    /// The first subschema where it branches.
    pub pointer: String,
    /// The paths per document level, at most.
    pub fan: usize,
}

impl Branching {
    /// How deep a document may be for its errors to be explained in at most
    /// [`EXPLAINED_PATHS`] steps: `fan^depth <= EXPLAINED_PATHS`.
    pub fn explained_depth(&self) -> usize {
        let per_level = (self.fan.max(2) as f64).log2();
        (EXPLAINED_PATHS.log2() / per_level).floor() as usize
    }
}

/// How many paths through a branching recursion the error report may follow: 2^16.
const EXPLAINED_PATHS: f64 = 65_536.0;

/// A step into the document from one subschema to another, or none (`anyOf`, `$ref`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    InPlace,
    /// Into a property (by name), any property ([`ANY`]), or an item ([`ITEM`]).
    Into(String),
}

const ANY: &str = "*";
const ITEM: &str = "[]";
/// How many document steps are told apart per node; past this, any step is assumed.
const STEPS_KEPT: usize = 32;
/// Passes over the schema to gather steps; nesting of in-place keywords deeper than this
/// inside one recursive group is rare and only makes the answer less precise.
const PASSES: usize = 16;

/// Adds a step to a set, true when it was new. Past [`STEPS_KEPT`] names, the names give way
/// to any property.
fn add(set: &mut Vec<String>, label: &str) -> bool {
    if set.iter().any(|known| known == label || (known == ANY && label != ITEM)) {
        return false;
    }
    if label == ANY || (label != ITEM && set.len() >= STEPS_KEPT) {
        set.retain(|known| known == ITEM);
        set.push(ANY.to_owned());
    } else {
        set.push(label.to_owned());
    }
    true
}

/// Whether one document step can be taken by both sets: the same name, or any property and a
/// name.
fn overlap(a: &[String], b: &[String]) -> bool {
    let property = |label: &String| label != ITEM;
    a.iter().any(|x| b.iter().any(|y| x == y || (x == ANY && property(y)) || (y == ANY && property(x))))
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
        assert_eq!(check(&definitions(10, "anyOf", 2)), Ok(None));
        assert!(check(&definitions(12, "allOf", 8)).is_err());
    }

    #[test]
    fn a_long_ref_chain_is_refused_and_a_short_one_is_not() {
        // each level is two steps: the definition, then its `allOf` member with the `$ref`
        assert_eq!(check(&definitions(450, "allOf", 1)), Ok(None));
        let refused = check(&definitions(5_000, "allOf", 1));
        assert!(
            matches!(refused, Err(SchemaError::Invalid { ref message, .. }) if message.contains("more than 1000 deep"))
        );
    }

    #[test]
    fn recursion_and_a_large_flat_schema_are_not_amplification() {
        let tree = json!({"$defs": {"node": {"type": "object", "properties": {
            "left": {"$ref": "#/$defs/node"}, "right": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"});
        assert_eq!(check(&tree), Ok(None));
        assert_eq!(check(&json!({"$ref": "#"})), Ok(None));
        let flat: Vec<Value> = (0..200_000).map(|i| json!({"const": i})).collect();
        assert_eq!(check(&json!({"anyOf": flat})), Ok(None));
        // any JSON value: the recursive branches step into arrays and objects, never both
        let value = json!({"$defs": {"v": {"anyOf": [{"type": "string"},
            {"type": "array", "items": {"$ref": "#/$defs/v"}},
            {"type": "object", "additionalProperties": {"$ref": "#/$defs/v"}}]}}, "$ref": "#/$defs/v"});
        assert_eq!(check(&value), Ok(None));
    }

    #[test]
    fn recursion_whose_branches_step_into_the_same_property_is_found() {
        let branch = json!({"type": "object", "properties": {"a": {"$ref": "#"}}, "required": ["a"]});
        let twice = json!({"anyOf": [branch, branch]});
        assert_eq!(check(&twice), Ok(Some(Branching { pointer: String::new(), fan: 2 })));
        assert_eq!(Branching { pointer: String::new(), fan: 2 }.explained_depth(), 16);
        assert_eq!(Branching { pointer: String::new(), fan: 16 }.explained_depth(), 4);
        // through a definition and `allOf`, or a property beside an in-place branch
        let through = json!({"$defs": {"n": {"allOf": [{"$ref": "#/$defs/m"}, {"$ref": "#/$defs/m"}]},
            "m": {"properties": {"next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"});
        assert_eq!(check(&through).map(|b| b.map(|b| b.pointer)), Ok(Some("/$defs/n".to_owned())));
        let beside = json!({"properties": {"a": {"$ref": "#"}}, "allOf": [{"properties": {"a": {"$ref": "#"}}}]});
        assert!(matches!(check(&beside), Ok(Some(_))));
    }

    #[test]
    fn thousands_of_pattern_properties_are_refused() {
        let patterns: Map<String, Value> = (0..300).map(|i| (format!("^k{i}$"), json!({}))).collect();
        let refused = check(&json!({"properties": {"x": {"patternProperties": patterns}}}));
        assert!(
            matches!(refused, Err(SchemaError::Invalid { ref message, ref pointer })
                if pointer == "/properties/x/patternProperties" && message.contains("300 patterns, more than 256")),
            "{refused:?}"
        );
    }
}
