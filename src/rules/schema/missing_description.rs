//! `schema/missing-description`

use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::Position;

declare_rule! {
    /// A property has no `description`, so the model must guess what it means.
    ///
    /// ## What it checks
    /// Every schema under `properties` (at any depth) has a `description`, unless it is a bare
    /// `$ref` whose target carries one.
    ///
    /// ## Why it matters
    /// The model reads the schema as instructions. `"sentiment": {"type": "integer"}` does not
    /// say whether 1 is good or bad; a description ("1 = very negative, 10 = very positive")
    /// makes answers consistent across calls. Pedantic (runs only when selected, e.g.
    /// `--extend-select pedantic`): describing the fields in the prompt instead, or relying on
    /// names that say it all, is a legitimate way to write a plan.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "follow_up_needed": { "type": "boolean" } } }
    /// ```
    ///
    /// ## How to fix
    /// Add a one-line `description` saying what the field means and how to fill it.
    pub static RULE = "schema/missing-description", Warning, pedantic, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        let Position::Property(name) = node.position else { return };
        if node.schema.contains_key("description") || node.schema.contains_key("$ref") {
            return;
        }
        out.push(
            Finding::new(&RULE, node.pointer, format!("property `{name}` has no `description`"))
                .on_key()
                .label("the model must guess what this field means"),
        );
    });
}
