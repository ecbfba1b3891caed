//! `plan/invalid-ignore`

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::describe_value;
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule, did_you_mean};
use crate::suppress::IGNORE_KEY;
use crate::text::suggest;

declare_rule! {
    /// An `x-plankit-ignore` list names a rule that does not exist, or is not a list of rule names.
    ///
    /// ## What it checks
    /// Every `x-plankit-ignore` in the file is a list of strings (or one string), and each
    /// string is the name of a plankit rule.
    ///
    /// ## Why it matters
    /// `x-plankit-ignore` records a reviewed exception: the rules it names are suppressed for
    /// that node and everything below it. A misspelled rule name suppresses nothing, and the
    /// exception the reviewer accepted is not the one in the file.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "x-plankit-ignore": ["schema/missing-descripton"],
    ///   "properties": { "notes": { "type": "string" } } }
    /// ```
    ///
    /// ## How to fix
    /// Spell the rule as `plankit rules` lists it, e.g. `"schema/missing-description"`.
    pub static RULE = "plan/invalid-ignore", Error, Check::File(check);
}

fn check(file: &FileContext<'_>, out: &mut Findings) {
    visit(file.document.value(), "", out);
}

fn visit(value: &Value, pointer: &str, out: &mut Findings) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                let child_ptr = child_pointer(pointer, key);
                if key == IGNORE_KEY {
                    check_list(child, &child_ptr, out);
                } else {
                    visit(child, &child_ptr, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                visit(item, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn check_list(value: &Value, pointer: &str, out: &mut Findings) {
    match value {
        Value::String(name) => check_name(name, pointer, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_ptr = format!("{pointer}/{i}");
                match item {
                    Value::String(name) => check_name(name, &item_ptr, out),
                    other => out.push(Finding::new(
                        &RULE,
                        item_ptr,
                        format!("`{IGNORE_KEY}` holds {}, expected a rule name", describe_value(other)),
                    )),
                }
            }
        }
        other => out.push(
            Finding::new(
                &RULE,
                pointer,
                format!("`{IGNORE_KEY}` is {}, expected a list of rule names", describe_value(other)),
            )
            .help("write `[\"schema/missing-description\"]`"),
        ),
    }
}

fn check_name(name: &str, pointer: &str, out: &mut Findings) {
    // provider rules (`provider/openai-strict/all-required`) can be suppressed too
    if crate::rules::find(name).is_some() {
        return;
    }
    let near = suggest(name, crate::rules::all().map(|rule| rule.name));
    out.push(
        Finding::new(&RULE, pointer, format!("`{IGNORE_KEY}` names unknown rule `{name}`"))
            .label("suppresses nothing")
            .maybe_help(did_you_mean(near).or_else(|| Some("`plankit rules` lists every rule".to_owned()))),
    );
}
