//! Reviewed exceptions written inside a plan: `"x-plankit-ignore": ["rule/name", …]` on any
//! object — a schema node, a plan object, the file's root — suppresses those rules for
//! findings at that node or below it.
//!
//! A suppressed finding is kept, not dropped: it moves to [`LintedFile::suppressed`] with the
//! reason, `--format json` and SARIF report it as suppressed, and summaries count it. The
//! `x-` prefix keeps the key legal JSON Schema (validators ignore `x-` extensions), and
//! [`strip_plankit_keys`] removes it before a schema is shown to a model provider.
//!
//! [`LintedFile::suppressed`]: crate::lint::LintedFile::suppressed

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Suppressed};
use crate::json::child_pointer;

/// The key that lists the rules suppressed at a node.
pub const IGNORE_KEY: &str = "x-plankit-ignore";

/// The prefix of every key plankit reads from a plan for itself.
pub const PLANKIT_KEY_PREFIX: &str = "x-plankit-";

/// The rules an `x-plankit-ignore` value names: a list of strings (a lone string is accepted
/// too). Entries that are not strings are skipped; `plan/invalid-ignore` reports them.
pub fn ignored_rules(value: &Value) -> Vec<&str> {
    match value {
        Value::String(rule) => vec![rule.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The pointer of the nearest node at or above `pointer` whose `x-plankit-ignore` names
/// `rule`, or `None` when the finding is not suppressed.
pub fn suppressed_at(root: &Value, pointer: &str, rule: &str) -> Option<String> {
    let names = |node: &Value| node.get(IGNORE_KEY).is_some_and(|ignore| ignored_rules(ignore).contains(&rule));
    let mut node = root;
    let mut at = String::new();
    let mut found = names(node).then(String::new);
    for token in pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")) {
        let child = match node {
            Value::Object(members) => members.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        // a finding about something missing is still covered by the nodes above it
        let Some(child) = child else { break };
        node = child;
        at = child_pointer(&at, &token);
        if names(node) {
            found = Some(at.clone());
        }
    }
    found
}

/// Splits a file's findings into those reported and those a reviewer suppressed.
pub fn partition(diagnostics: Vec<Diagnostic>, root: &Value) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let mut reported = Vec::new();
    let mut suppressed = Vec::new();
    for diagnostic in diagnostics {
        match suppressed_at(root, &diagnostic.pointer, diagnostic.rule) {
            Some(at) => {
                let place = if at.is_empty() { "the file's root".to_owned() } else { at };
                suppressed.push(Suppressed { diagnostic, reason: format!("{IGNORE_KEY} at {place}") });
            }
            None => reported.push(diagnostic),
        }
    }
    (reported, suppressed)
}

/// Every rule an `x-plankit-ignore` names that suppressed nothing, as `(pointer of the entry
/// in its list, rule)`, among the rules `ran` says ran in this lint.
pub fn unused_entries(root: &Value, suppressed: &[Suppressed], ran: &dyn Fn(&str) -> bool) -> Vec<(String, String)> {
    let used: std::collections::HashSet<(&str, &str)> = suppressed
        .iter()
        .filter_map(|s| {
            let at = s.reason.strip_prefix(IGNORE_KEY)?.strip_prefix(" at ")?;
            Some((if at == "the file's root" { "" } else { at }, s.diagnostic.rule))
        })
        .collect();
    let mut unused = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), root)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(members) => {
                if let Some(ignore) = members.get(IGNORE_KEY) {
                    let entries: Vec<(String, &str)> = match ignore {
                        Value::String(rule) => vec![(child_pointer(&pointer, IGNORE_KEY), rule.as_str())],
                        Value::Array(items) => items
                            .iter()
                            .enumerate()
                            .filter_map(|(i, item)| {
                                Some((format!("{}/{i}", child_pointer(&pointer, IGNORE_KEY)), item.as_str()?))
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    for (at, rule) in entries {
                        if crate::rules::find(rule).is_some() && ran(rule) && !used.contains(&(pointer.as_str(), rule))
                        {
                            unused.push((at, rule.to_owned()));
                        }
                    }
                }
                for (key, child) in members {
                    if key != IGNORE_KEY {
                        stack.push((child_pointer(&pointer, key), child));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), item));
                }
            }
            _ => {}
        }
    }
    unused.sort();
    unused
}

/// Removes every `x-plankit-*` key from a schema's nodes (the root and every subschema, not
/// property names or `enum`/`const` data), so a model provider never sees plankit's own
/// annotations. Call it before rendering or sending a schema.
///
/// ```
/// let mut schema = serde_json::json!({
///     "type": "object",
///     "properties": { "x-plankit-ignore": { "type": "string", "x-plankit-ignore": ["schema/missing-description"] } }
/// });
/// plankit::suppress::strip_plankit_keys(&mut schema);
/// // the property *named* `x-plankit-ignore` stays; the annotation on it is gone
/// assert_eq!(schema, serde_json::json!({ "type": "object", "properties": { "x-plankit-ignore": { "type": "string" } } }));
/// ```
pub fn strip_plankit_keys(schema: &mut Value) {
    for pointer in plankit_key_nodes(schema) {
        if let Some(Value::Object(members)) = schema.pointer_mut(&pointer) {
            members.retain(|key, _| !key.starts_with(PLANKIT_KEY_PREFIX));
        }
    }
}

/// The schema nodes (JSON Pointers from the schema's root) that carry `x-plankit-*` keys.
pub fn plankit_key_nodes(schema: &Value) -> Vec<String> {
    let mut nodes = Vec::new();
    crate::schema::walk(schema, "", &mut |node| {
        if node.schema.keys().any(|key| key.starts_with(PLANKIT_KEY_PREFIX)) {
            nodes.push(node.pointer.to_owned());
        }
    });
    nodes
}

/// Whether a key is one of plankit's own annotations.
pub fn is_plankit_key(key: &str) -> bool {
    key.starts_with(PLANKIT_KEY_PREFIX)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_ignore_covers_its_node_and_everything_below() {
        let root = json!({"schema": {"x-plankit-ignore": ["schema/missing-description"],
            "properties": {"a/b": {"type": "string"}}}});
        assert_eq!(
            suppressed_at(&root, "/schema/properties/a~1b", "schema/missing-description").as_deref(),
            Some("/schema")
        );
        assert_eq!(suppressed_at(&root, "/schema/properties/a~1b", "schema/untyped-property"), None);
        assert_eq!(suppressed_at(&root, "", "schema/missing-description"), None);
    }

    #[test]
    fn a_pointer_to_a_missing_node_is_covered_by_its_ancestors() {
        let root = json!({"x-plankit-ignore": "plan/unknown-field"});
        assert_eq!(suppressed_at(&root, "", "plan/unknown-field").as_deref(), Some(""));
        assert_eq!(suppressed_at(&root, "/missing/deeper", "plan/unknown-field").as_deref(), Some(""));
    }
}
