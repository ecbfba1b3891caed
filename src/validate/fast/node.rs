//! The fast path's view of a line: sonic-rs parses it (SIMD) through serde into a [`Node`],
//! a tree of vectors whose keys and strings borrow from the line where they are written
//! without escapes. Nothing is hashed or sorted and almost nothing is copied; recognition and
//! the payload predicates look members up by a short linear scan ([`Tree`]), and the
//! sub-document the compiled schema reads is turned into the `serde_json::Value` serde_json
//! would have built ([`Tree::to_serde`]).
//!
//! A key written twice keeps its last value, as serde_json keeps it, so a document with
//! repeated keys reads the same on both paths.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::recognise::Tree;

/// A parsed JSON value; numbers keep the three kinds serde_json's parser tells apart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    PosInt(u64),
    NegInt(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Distinct keys, each with the last value written under it.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

/// How deep a line the fast path reads. The tree is built recursively, and webhooks and
/// analysis outputs nest a few levels: a deeper line (up to [`crate::json::MAX_NESTING`],
/// which the span-aware path reads, and past it, which it reports) is refused here and left to
/// the span-aware path, so no stack (a rayon thread's is 2 MB, and a debug build's frames are
/// large) can run out.
pub(crate) const FAST_NESTING: usize = 32;

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(NodeVisitor(0))
    }
}

/// A value inside this many objects and arrays.
struct Depth(usize);

impl<'de> DeserializeSeed<'de> for Depth {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(NodeVisitor(self.0))
    }
}

/// Builds a node inside this many objects and arrays.
struct NodeVisitor(usize);

impl NodeVisitor {
    /// The depth of the container being opened, or an error past [`FAST_NESTING`].
    fn open<E: Error>(&self) -> Result<Depth, E> {
        if self.0 >= FAST_NESTING {
            return Err(E::custom("nested deeper than the fast path reads"));
        }
        Ok(Depth(self.0 + 1))
    }
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node<'de>, E> {
        // as serde_json's `Number::from(i64)`: a non-negative one is a positive integer
        Ok(u64::try_from(value).map_or(Node::NegInt(value), Node::PosInt))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node<'de>, E> {
        Ok(Node::PosInt(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node<'de>, E> {
        Ok(Node::Float(value))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(value)))
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let inner = self.open()?.0;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Depth(inner))? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let inner = self.open()?.0;
        // most objects of a webhook have a handful of members: one allocation for them
        let mut members: Vec<(Cow<'de, str>, Node<'de>)> = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let value = map.next_value_seed(Depth(inner))?;
            // the last one written counts, as in serde_json
            if let Some(earlier) = members.iter().position(|(name, _)| same(name, &key)) {
                members.remove(earlier);
            }
            members.push((key, value));
        }
        Ok(Node::Object(members))
    }
}

/// Whether two keys are the same: told apart by length and first byte before their bytes are
/// compared, since every member lookup and every key read asks this of its neighbours.
#[inline]
pub(super) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// An object key, borrowed from the line when it has no escapes (serde's `Cow<str>` always
/// copies).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object key")
            }

            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl super::super::document::Checkable for Node<'_> {
    fn is_valid_for(&self, validator: &super::super::OutputValidator) -> bool {
        validator.node_is_valid(self)
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
        let members = match self {
            Node::Object(members) => members.as_slice(),
            _ => &[],
        };
        members.iter().map(|(name, value)| (name.as_ref(), value))
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
        Node::Str(text) => Value::String(text.clone().into_owned()),
        Node::Array(items) => Value::Array(items.iter().map(value).collect()),
        Node::Object(members) => Value::Object(
            members.iter().map(|(name, member)| (name.clone().into_owned(), value(member))).collect::<Map<_, _>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node<'_> {
        sonic_rs::from_str(text).unwrap_or(Node::Null)
    }

    #[test]
    fn a_line_reads_as_serde_json_reads_it() {
        let text = r#"{"a": 1, "b": {"x": true, "y": [null, 2.5, -0, 1e2]}, "n": 84.0, "m": -3, "s": "\u00e9", "a": "two",
            "big": 18446744073709551616, "\u0071": {"k": 1, "k": [2]}}"#;
        let node = parse(text);
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

    #[test]
    fn keys_and_strings_without_escapes_are_borrowed() {
        let node = parse(r#"{"plain": "text", "esc\u0061ped": "a\nb"}"#);
        let Node::Object(members) = &node else { panic!("not an object") };
        assert!(matches!(&members[0], (Cow::Borrowed("plain"), Node::Str(Cow::Borrowed("text")))));
        assert!(matches!(&members[1], (Cow::Owned(_), Node::Str(Cow::Owned(_)))));
    }
}
