//! The compiled schema reading the fast path's tree itself: [`FastJson`] is a jsonschema
//! representation (its `json::Json` traits) over [`Node`], so a line's analysis is checked
//! where it lies instead of first becoming a `serde_json::Value`. A document that fails is
//! explained on it too, with the errors and messages the schema compiled for `serde_json`
//! gives: where a schema's errors follow the order of an object's members (`propertyNames`,
//! `unevaluatedProperties`, …) its objects' members are put in key order first, as serde_json's
//! maps hold them. A schema whose branches plankit budgets is explained on the `Value`.
//!
//! The representation reads as serde_json's does: numbers keep the three kinds (and are
//! handed over as `serde_json::Number`, so every comparison is jsonschema's own), strings are
//! compared and counted as the same text, and an object's members are its distinct keys.
//! `tests::the_test_suite_reads_the_same_in_both_representations` runs the official
//! JSON-Schema-Test-Suite through both.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node as JsonNode, NodeIdentity, Object};
use serde_json::{Number, Value};

use super::node::Node;

/// The fast path's tree as a jsonschema representation.
pub(crate) struct FastJson;

impl Json for FastJson {
    type Node<'a> = &'a Node<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    // lookups are a short linear scan, as serde_json's ordered maps are
    const KEYS_PER_LOOKUP: usize = 2;
    // a tree parsed from text holds no cycle
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(Self::Node<'_>) -> T) -> T {
        f(&Node::Str(string))
    }
}

impl<'a> JsonNode<'a, FastJson> for &'a Node<'a> {
    type Object = Members<'a>;
    type Array = &'a [Node<'a>];
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match self {
            Node::Object(members) => Some(Members(members)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node<'a>]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self {
            Node::Str(text) => Some(Cow::Borrowed(text)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match **self {
            Node::PosInt(n) => Some(Number::from(n)),
            Node::NegInt(n) => Some(Number::from(n)),
            Node::Float(n) => Number::from_f64(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match **self {
            Node::Bool(value) => Some(value),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    fn json_type(&self) -> JsonType {
        match self {
            Node::Null => JsonType::Null,
            Node::Bool(_) => JsonType::Boolean,
            Node::PosInt(_) | Node::NegInt(_) | Node::Float(_) => JsonType::Number,
            Node::Str(_) => JsonType::String,
            Node::Array(_) => JsonType::Array,
            Node::Object(_) => JsonType::Object,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(super::node::value(self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node<'a>>(*self) as usize))
    }
}

/// An object's members: distinct keys, each with its last value.
#[derive(Clone, Copy)]
pub(crate) struct Members<'a>(&'a [(&'a str, Node<'a>)]);

/// The members as name and value.
pub(crate) type MembersIter<'a> =
    std::iter::Map<std::slice::Iter<'a, (&'a str, Node<'a>)>, fn(&'a (&'a str, Node<'a>)) -> (&'a str, &'a Node<'a>)>;

impl<'a> Object<'a, FastJson> for Members<'a> {
    type Node = &'a Node<'a>;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<&'a Node<'a>> {
        self.0.iter().find(|(name, _)| super::node::same(name, key)).map(|(_, value)| value)
    }

    fn members(&self) -> MembersIter<'a> {
        self.0.iter().map(|(name, value)| (*name, value))
    }
}

impl<'a> Array<'a, FastJson> for &'a [Node<'a>] {
    type Node = &'a Node<'a>;
    type ElementsIter = std::slice::Iter<'a, Node<'a>>;

    fn len(&self) -> usize {
        <[Node<'a>]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node<'a>> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::recognise::Tree;
    use crate::validate::{OutputValidator, SchemaOptions};

    use super::*;

    /// Every schema and instance of the suite's drafts, optional tests included (a schema
    /// plankit refuses, with a remote `$ref` say, aside): the fast tree and serde_json's
    /// `Value` get the same verdict, and a failing instance the same violations.
    #[test]
    fn the_test_suite_reads_the_same_in_both_representations() {
        let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/json-schema-test-suite/tests");
        if !suite.is_dir() {
            eprintln!("SKIPPED: {} is absent", suite.display());
            return;
        }
        let (mut checked, mut itself, mut explained) = (0, 0, 0);
        for (draft, default_draft) in
            [("draft7", jsonschema::Draft::Draft7), ("draft2020-12", jsonschema::Draft::Draft202012)]
        {
            let options = SchemaOptions { default_draft, ..SchemaOptions::default() };
            // the draft's tests and its optional ones (formats, which plankit asserts, among them)
            let mut folders = vec![suite.join(draft)];
            let mut files = Vec::new();
            while let Some(folder) = folders.pop() {
                for path in std::fs::read_dir(folder).into_iter().flatten().flatten().map(|e| e.path()) {
                    if path.is_dir() {
                        folders.push(path);
                    } else if path.extension().is_some_and(|e| e == "json") {
                        files.push(path);
                    }
                }
            }
            files.sort();
            for file in &files {
                let groups: Value =
                    serde_json::from_slice(&std::fs::read(file).unwrap_or_default()).unwrap_or_default();
                for group in groups.as_array().into_iter().flatten() {
                    let Ok(validator) = OutputValidator::new(&group["schema"], &options) else { continue };
                    for test in group["tests"].as_array().into_iter().flatten() {
                        let text = serde_json::to_string(&test["data"]).unwrap_or_default();
                        let arena = super::super::Arena::default();
                        let Ok(node) = super::super::parse::parse(text.as_bytes(), &arena) else { continue };
                        assert_eq!(node.to_serde().as_ref(), &test["data"], "{}", file.display());
                        assert_eq!(
                            validator.node_is_valid(&node),
                            validator.is_valid(&test["data"]),
                            "{}: {} / {}",
                            file.display(),
                            group["description"],
                            test["description"]
                        );
                        if !validator.is_valid(&test["data"]) {
                            // and a failing one the same violations, pointers and messages
                            assert_eq!(
                                format!("{:?}", validator.explain_node(&node, "/at")),
                                format!("{:?}", validator.explain_at(&test["data"], "/at", true)),
                                "{}: {} / {}",
                                file.display(),
                                group["description"],
                                test["description"]
                            );
                            explained += 1;
                        }
                        checked += 1;
                        itself += usize::from(validator.reads_trees_itself());
                    }
                }
            }
        }
        eprintln!(
            "{checked} instances of the test suite read the same in both representations ({itself} on the tree, \
             {explained} failing ones explained the same)"
        );
        assert!(explained > 1000, "only {explained} failing instances explained");
        assert!(checked > 2500, "only {checked} instances checked");
        assert!(itself * 100 > checked * 95, "only {itself} of {checked} instances read on the tree");
    }
}
