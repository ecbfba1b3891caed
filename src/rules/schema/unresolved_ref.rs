//! `schema/unresolved-ref`

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::schema::walk;
use crate::text::{quote, suggest};

declare_rule! {
    /// A local `$ref` (`#/$defs/…` or `#anchor`) points at nothing in the schema.
    ///
    /// ## What it checks
    /// Every fragment `$ref` resolves inside the schema it belongs to: a JSON Pointer fragment
    /// to an existing node, or a plain-name fragment to an `$anchor` (or draft-7 `$id: "#name"`).
    ///
    /// ## Why it matters
    /// An unresolvable reference makes the schema fail to compile: the platform or the provider
    /// rejects it, and no analysis is produced.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "owner": { "$ref": "#/$defs/person" } }, "$defs": { "persno": { "type": "string" } } }
    /// ```
    ///
    /// ## How to fix
    /// Correct the reference, or add the missing definition.
    pub static RULE = "schema/unresolved-ref", Error, Check::Plan(check);
}

/// How many definitions may be compared with unresolved references, per schema, in the search
/// for a did-you-mean; once spent, only a definition of the same name in the other folder
/// (`$defs` for `definitions`) is offered, so ten thousand broken references among ten
/// thousand definitions stay linear.
const SEARCH_BUDGET: usize = 100_000;

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for (_, schema) in ctx.plan.schemas() {
        let root = &schema.value;
        let mut anchors = HashSet::new();
        walk(root, "", &mut |node| {
            if let Some(Value::String(anchor)) = node.schema.get("$anchor") {
                anchors.insert(anchor.clone());
            }
            if let Some(Value::String(id)) = node.schema.get("$id").or_else(|| node.schema.get("id"))
                && let Some(anchor) = id.strip_prefix('#')
            {
                anchors.insert(anchor.to_owned());
            }
        });
        let defs = definitions(root);
        // compare the definition names, so `#/definitions/x` finds `#/$defs/x` too
        let last = |r: &str| r.rsplit('/').next().unwrap_or(r).to_owned();
        let mut by_name: HashMap<String, &str> = HashMap::new();
        for def in &defs {
            by_name.entry(last(def)).or_insert(def.as_str());
        }
        let mut budget = SEARCH_BUDGET;
        let mut visit = |node: crate::schema::Node<'_>| {
            let Some(Value::String(reference)) = node.schema.get("$ref") else { return };
            let Some(fragment) = reference.strip_prefix('#') else { return };
            let resolved = if fragment.is_empty() {
                true
            } else if fragment.starts_with('/') {
                root.pointer(&crate::uri::decode(fragment)).is_some()
            } else {
                anchors.contains(fragment)
            };
            if !resolved {
                let near = by_name.get(&last(reference)).copied().or_else(|| {
                    budget = budget.checked_sub(defs.len())?;
                    suggest(reference, defs.iter().map(String::as_str))
                });
                out.push(
                    Finding::new(
                        &RULE,
                        child_pointer(node.pointer, "$ref"),
                        format!("`$ref` {} points at nothing in this schema", quote(reference)),
                    )
                    .label("no such definition")
                    .maybe_help(did_you_mean(near)),
                );
            }
        };
        walk(root, &schema.pointer, &mut visit);
    }
}

/// Every `#/$defs/x` and `#/definitions/x` the schema offers, for suggestions.
fn definitions(root: &Value) -> Vec<String> {
    ["$defs", "definitions"]
        .iter()
        .filter_map(|key| root.get(key).and_then(Value::as_object).map(|defs| (key, defs)))
        .flat_map(|(key, defs)| defs.keys().map(move |name| format!("#/{key}/{name}")))
        .collect()
}
