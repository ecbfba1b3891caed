//! `schema/invalid-pattern`

use serde_json::Value;

use crate::json::child_pointer;
use crate::pattern::{Syntax, read};
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A `pattern` (or `patternProperties` key) is not a valid ECMA-262 regular expression.
    ///
    /// ## What it checks
    /// Every `pattern` and every key of `patternProperties` is read as ECMA-262 (JavaScript)
    /// reads it, the dialect JSON Schema specifies: first with the `u` flag the specification
    /// asks for, then without it. A pattern neither reading accepts is an error. A pattern
    /// valid only without the `u` flag (an identity escape such as `\-` outside a class, a
    /// lone `{`) is a warning: JavaScript's `new RegExp` accepts it, Ajv and other validators
    /// that follow the specification reject it. Lookahead, lookbehind, named groups,
    /// backreferences and `\p{…}` are all ECMA-262 and fine.
    ///
    /// ## Why it matters
    /// The model provider, the platform and your webhook receiver read the pattern as
    /// ECMA-262. A broken one makes the provider refuse the schema or the receiver throw on
    /// every report, and a permissive engine may quietly give it another meaning:
    /// `^+31[0-9]{9}$` is "nothing to repeat" in JavaScript and Python. `plankit validate`
    /// refuses such a schema rather than guess.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "pattern": "^+31[0-9]{9}$" }
    /// ```
    ///
    /// ## How to fix
    /// Escape the character you meant literally (`^\\+31[0-9]{9}$`: JSON needs `\\` for the
    /// regex `\`), close every group and class, and escape `-` only inside `[…]`.
    pub static RULE = "schema/invalid-pattern", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        if let Some(Value::String(pattern)) = node.schema.get("pattern")
            && let Some(finding) = judge(pattern, child_pointer(node.pointer, "pattern"))
        {
            out.push(finding);
        }
        if let Some(Value::Object(patterns)) = node.schema.get("patternProperties") {
            for pattern in patterns.keys() {
                let pointer = child_pointer(&child_pointer(node.pointer, "patternProperties"), pattern);
                if let Some(finding) = judge(pattern, pointer) {
                    out.push(finding.on_key());
                }
            }
        }
    });
}

/// The finding for a pattern ECMA-262 does not fully accept.
fn judge(pattern: &str, pointer: String) -> Option<Finding> {
    match read(pattern) {
        Syntax::Valid => None,
        Syntax::Invalid { error } => {
            let help = if error.contains("quantifier") || error.contains("atom") {
                r"a quantifier (`*`, `+`, `?`, `{n}`) must follow a character, class or group, not an anchor or nothing; for the character itself write `\\+` (JSON for the regex `\+`)"
            } else {
                "patterns are ECMA-262 (JavaScript) regular expressions"
            };
            Some(
                Finding::new(&RULE, pointer, format!("{} is not a valid ECMA-262 regular expression", quote(pattern)))
                    .label(error)
                    .help(help),
            )
        }
        Syntax::WithoutUnicodeFlag { error } => Some(
            Finding::new(
                &RULE,
                pointer,
                format!("{} is valid only without the `u` flag JSON Schema reads patterns with", quote(pattern)),
            )
            .severity(crate::diagnostic::Severity::Warning)
            .label(error)
            .help("Ajv and other validators that follow the specification reject it; escape only syntax characters, and `-` only inside `[…]`"),
        ),
    }
}
