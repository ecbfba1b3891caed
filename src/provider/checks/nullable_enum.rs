//! `provider/<target>/nullable-enum`

use serde_json::Value;

use crate::provider::checks::{SchemaCheck, declare_check, keyword_pointer};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// A nullable field (`"type": ["string", "null"]`) has an `enum` without `null`, so it can never be null.
    ///
    /// ## What it checks
    /// Where every property must be required, an optional field is written as a nullable
    /// union. When such a field also has an `enum`, the enum lists `null` too.
    ///
    /// ## Why it matters
    /// `enum` restricts the value on its own: `"type": ["string", "null"]` with
    /// `"enum": ["sales", "support"]` accepts no `null`. A constrained decoder then makes the
    /// model invent one of the values when the call gave none — the field looks filled but is wrong.
    ///
    /// ## Example
    /// ```json
    /// { "type": ["string", "null"], "enum": ["sales", "support"] }
    /// ```
    ///
    /// ## How to fix
    /// Add `null` to the enum: `"enum": ["sales", "support", null]`.
    pub static CHECK = "nullable-enum",
        severity: |profile: &Profile| profile.all_required.is_required().then_some(crate::diagnostic::Severity::Warning),
        facts: |_: &Profile| vec!["optional fields are written as required nullable unions, so their `enum` must list `null`".to_owned()],
        run: check;
}

fn check(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    ctx.walk(&mut |node| {
        let Some(Value::Array(values)) = node.schema.get("enum") else { return };
        if crate::schema::types(node.schema).contains(&"null") && !values.iter().any(Value::is_null) {
            out.push(
                ctx.finding(
                    keyword_pointer(&node, "enum"),
                    "the field is nullable but its `enum` does not list `null`",
                )
                .on_key()
                .label("`null` can never be returned")
                .help("add `null` to the enum values"),
            );
        }
    });
}
