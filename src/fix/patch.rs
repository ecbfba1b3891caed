//! A fix as an RFC 6902 JSON Patch: the operations that take the document's value before the
//! fix to its value after, for tools that edit JSON as data rather than as text.

use serde_json::{Value, json};

use crate::json::child_pointer;

/// The JSON Patch (RFC 6902) taking `old` to `new`: `remove`, `add` and `replace` operations,
/// applied in order. Objects are compared member by member; an array that changed length is
/// replaced whole (indexes shift as a patch applies, so item-wise operations would be fragile
/// for a reader to check).
///
/// ```
/// let old = serde_json::json!({"type": "object", "requird": ["a"]});
/// let new = serde_json::json!({"type": "object", "required": ["a"]});
/// assert_eq!(
///     plankit::fix::patch::json_patch(&old, &new),
///     vec![
///         serde_json::json!({"op": "remove", "path": "/requird"}),
///         serde_json::json!({"op": "add", "path": "/required", "value": ["a"]}),
///     ]
/// );
/// ```
pub fn json_patch(old: &Value, new: &Value) -> Vec<Value> {
    let mut operations = Vec::new();
    diff("", old, new, &mut operations);
    operations
}

/// The JSON Patch equivalent of a resolved fix against `text`, the file it was resolved
/// against; `None` when the text (or the fixed text) is not JSON.
pub fn of_fix(text: &str, fix: &super::Fix) -> Option<Vec<Value>> {
    let before: Value = serde_json::from_str(text).ok()?;
    let after: Value = serde_json::from_str(&super::apply(text, &[fix]).text).ok()?;
    Some(json_patch(&before, &after))
}

fn diff(pointer: &str, old: &Value, new: &Value, out: &mut Vec<Value>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            for key in old.keys().filter(|key| !new.contains_key(*key)) {
                out.push(json!({"op": "remove", "path": child_pointer(pointer, key)}));
            }
            for (key, value) in new {
                let path = child_pointer(pointer, key);
                match old.get(key) {
                    Some(before) => diff(&path, before, value, out),
                    None => out.push(json!({"op": "add", "path": path, "value": value})),
                }
            }
        }
        (Value::Array(old), Value::Array(new)) if old.len() == new.len() => {
            for (i, (before, after)) in old.iter().zip(new).enumerate() {
                diff(&format!("{pointer}/{i}"), before, after, out);
            }
        }
        _ => out.push(json!({"op": "replace", "path": pointer, "value": new})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_changes_become_operations_at_their_pointer() {
        let old = json!({"a": {"b/c": [1, 2]}, "d": [1]});
        let new = json!({"a": {"b/c": [1, 3]}, "d": [1, 2]});
        assert_eq!(
            json_patch(&old, &new),
            vec![
                json!({"op": "replace", "path": "/a/b~1c/1", "value": 3}),
                json!({"op": "replace", "path": "/d", "value": [1, 2]}),
            ]
        );
        assert!(json_patch(&old, &old).is_empty());
    }
}
