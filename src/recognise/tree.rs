//! Read-only access to a parsed JSON document, whichever parser built it: recognition, dialect
//! voting and the payload rules' predicates are written once against [`Tree`] and run on
//! serde_json's `Value` (the span-aware path, which writes every report) and on the NDJSON
//! fast path's tree (its own parser reads a line into a tree that borrows from it).
//!
//! An implementation reads a document as serde_json does: an object's member is the **last**
//! one written under its key, and an object's members are its distinct keys (the fast path's
//! tree keeps only the last of a repeated key). Nothing may depend on the order members come
//! in: serde_json's are sorted, the fast tree's are in document order.

use std::borrow::Cow;

use serde_json::Value;

/// A JSON value, as recognition and the payload predicates read it.
pub trait Tree: Sized {
    /// The member `key` of an object (the last one written); `None` for a non-object.
    fn member(&self, key: &str) -> Option<&Self>;
    /// An object's distinct keys with their (last) values; nothing for a non-object.
    fn members(&self) -> impl Iterator<Item = (&str, &Self)>;
    /// An array's items; `None` for a non-array.
    fn items(&self) -> Option<&[Self]>;
    /// A string's text.
    fn text(&self) -> Option<&str>;
    /// A number as `f64`.
    fn number(&self) -> Option<f64>;
    /// Whether it is a number written as an integer (`84`, not `84.0`).
    fn is_integer(&self) -> bool;
    /// Whether it is an object.
    fn is_object(&self) -> bool;
    /// Whether it is `null`.
    fn is_null(&self) -> bool;
    /// Whether it is `true` or `false`.
    fn is_boolean(&self) -> bool;
    /// The value as serde_json's `Value`, what the compiled schema and the condition parser
    /// read: borrowed when it already is one.
    fn to_serde(&self) -> Cow<'_, Value>;

    /// Whether it is an array.
    fn is_array(&self) -> bool {
        self.items().is_some()
    }
    /// Whether it is a string.
    fn is_string(&self) -> bool {
        self.text().is_some()
    }
    /// Whether it is a number.
    fn is_number(&self) -> bool {
        self.number().is_some()
    }
    /// Whether an object has a member `key`.
    fn has(&self, key: &str) -> bool {
        self.member(key).is_some()
    }
    /// How many distinct keys an object has.
    fn member_count(&self) -> usize {
        self.members().count()
    }
    /// The value at a JSON Pointer, read as `serde_json::Value::pointer` reads it.
    fn at_pointer(&self, pointer: &str) -> Option<&Self> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(self, |node, token| {
            let token = crate::json::unescape_pointer_token(token);
            match node.items() {
                Some(items) => items.get(crate::json::pointer_index(&token)?),
                None => node.member(&token),
            }
        })
    }
}

impl Tree for Value {
    fn member(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    fn members(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.as_object().into_iter().flatten().map(|(key, value)| (key.as_str(), value))
    }

    fn items(&self) -> Option<&[Value]> {
        self.as_array().map(Vec::as_slice)
    }

    fn text(&self) -> Option<&str> {
        self.as_str()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_integer(&self) -> bool {
        self.is_i64() || self.is_u64()
    }

    fn is_object(&self) -> bool {
        Value::is_object(self)
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }

    fn is_boolean(&self) -> bool {
        Value::is_boolean(self)
    }

    fn to_serde(&self) -> Cow<'_, Value> {
        Cow::Borrowed(self)
    }

    fn member_count(&self) -> usize {
        self.as_object().map_or(0, serde_json::Map::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_serde_json_reads_them() {
        let document: Value =
            serde_json::from_str(r#"{"a": [1, {"b/c": 2, "~": 3}], "": 4, "0": 5}"#).unwrap_or_default();
        for pointer in ["", "/a", "/a/0", "/a/1/b~1c", "/a/1/~0", "/", "/0", "/a/01", "/a/+1", "/a/2", "x", "/a/1/z"] {
            assert_eq!(document.at_pointer(pointer), document.pointer(pointer), "{pointer}");
        }
    }
}
