//! The fast path's view of a line: [`super::parse`] reads it into a [`Node`], a tree of
//! slices in an arena whose keys and strings borrow from the line where they are written
//! without escapes. Nothing is hashed or sorted and almost nothing is copied; recognition and
//! the payload predicates look members up by a short linear scan ([`Tree`]), and the
//! sub-document the compiled schema checks is read where it lies ([`super::FastJson`]) or
//! turned into the `serde_json::Value` serde_json would have built ([`Tree::to_serde`]).
//!
//! A key written twice keeps its last value, as serde_json keeps it, so a document with
//! repeated keys reads the same on both paths.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::recognise::Tree;

/// A parsed JSON value; numbers keep the three kinds serde_json's parser tells apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    PosInt(u64),
    NegInt(i64),
    Float(f64),
    Str(&'a str),
    Array(&'a [Node<'a>]),
    /// Distinct keys, each with the last value written under it.
    Object(&'a [(&'a str, Node<'a>)]),
}

impl Node<'_> {
    /// Whether it is an array or an object.
    pub(super) fn is_container(&self) -> bool {
        matches!(self, Node::Array(_) | Node::Object(_))
    }
}

/// Whether two keys are the same: told apart by length and first byte before their bytes are
/// compared, since every member lookup and every key read asks this of its neighbours.
#[inline]
pub(super) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

impl super::super::document::Checkable for Node<'_> {
    fn is_valid_for(&self, validator: &super::super::OutputValidator) -> bool {
        validator.node_is_valid(self)
    }

    fn explain(&self, validator: &super::super::OutputValidator, base: &str) -> Vec<super::super::Violation> {
        validator.explain_node(self, base)
    }
}

impl Tree for Node<'_> {
    fn member(&self, key: &str) -> Option<&Self> {
        match self {
            Node::Object(members) => members.iter().find(|(name, _)| same(name, key)).map(|(_, value)| value),
            _ => None,
        }
    }

    fn members(&self) -> impl Iterator<Item = (&str, &Self)> {
        let members: &[_] = match self {
            Node::Object(members) => members,
            _ => &[],
        };
        members.iter().map(|(name, value)| (*name, value))
    }

    fn items(&self) -> Option<&[Self]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Node::Str(text) => Some(text),
            _ => None,
        }
    }

    fn number(&self) -> Option<f64> {
        match *self {
            Node::PosInt(n) => Some(n as f64),
            Node::NegInt(n) => Some(n as f64),
            Node::Float(n) => Some(n),
            _ => None,
        }
    }

    fn is_integer(&self) -> bool {
        matches!(self, Node::PosInt(_) | Node::NegInt(_))
    }

    fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    fn is_boolean(&self) -> bool {
        matches!(self, Node::Bool(_))
    }

    fn to_serde(&self) -> Cow<'_, Value> {
        Cow::Owned(value(self))
    }

    fn member_count(&self) -> usize {
        match self {
            Node::Object(members) => members.len(),
            _ => 0,
        }
    }
}

/// The `serde_json::Value` serde_json's own visitor builds from the same line.
pub(super) fn value(node: &Node<'_>) -> Value {
    match node {
        Node::Null => Value::Null,
        Node::Bool(value) => Value::Bool(*value),
        Node::PosInt(n) => Value::Number(Number::from(*n)),
        Node::NegInt(n) => Value::Number(Number::from(*n)),
        Node::Float(n) => Number::from_f64(*n).map_or(Value::Null, Value::Number),
        Node::Str(text) => Value::String((*text).to_owned()),
        Node::Array(items) => Value::Array(items.iter().map(value).collect()),
        Node::Object(members) => Value::Object(
            members.iter().map(|(name, member)| ((*name).to_owned(), value(member))).collect::<Map<_, _>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::{Arena, parse};
    use super::*;

    #[test]
    fn a_line_reads_as_serde_json_reads_it() {
        let text = r#"{"a": 1, "b": {"x": true, "y": [null, 2.5, -0, 1e2]}, "n": 84.0, "m": -3, "s": "\u00e9", "a": "two",
            "big": 18446744073709551616, "\u0071": {"k": 1, "k": [2]}}"#;
        let arena = Arena::default();
        let node = parse(text.as_bytes(), &arena).unwrap_or(Node::Null);
        let serde: Value = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(node.to_serde().into_owned(), serde);
        assert_eq!(node.member("a").and_then(Tree::text), Some("two"));
        assert_eq!(node.member_count(), serde.member_count());
        let mut keys: Vec<&str> = node.members().map(|(key, _)| key).collect();
        keys.sort_unstable();
        assert_eq!(keys, serde.members().map(|(key, _)| key).collect::<Vec<_>>());
        assert!(!node.member("n").is_some_and(Tree::is_integer));
        assert!(node.member("m").is_some_and(Tree::is_integer));
        assert_eq!(node.at_pointer("/b/y/1").and_then(Tree::number), Some(2.5));
        assert_eq!(node.at_pointer("/q/k/0").and_then(Tree::number), Some(2.0));
    }
}
