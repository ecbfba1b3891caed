//! `structured-output/unknown-field`

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Fix, rename_key};
use crate::json::child_pointer;
use crate::plan::keys::{canonical, spelled, style};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::suggest;

declare_rule! {
    /// A structured output holds a top-level field that Vapi's API does not have.
    ///
    /// ## What it checks
    /// The fields of a structured output are `name`, `schema`, `description`, `type`, `regex`,
    /// `model`, `compliancePlan`, `conditions`, `assistantIds` and `workflowIds`, plus the
    /// read-only `id`, `orgId`, `createdAt` and `updatedAt` of a saved one (reference
    /// vapi-structured-outputs-and-retell.md §1.1), in camelCase or the snake_case Vapi's gitops
    /// files use. `target`, which only Vapi's gitops tooling documents, is checked by
    /// `structured-output/invalid-target`. An unknown field within two edits of a real one is an
    /// error with a did-you-mean; any other is a warning.
    ///
    /// ## Why it matters
    /// A field the API does not know does nothing: `condition` (one letter short) leaves the
    /// output ungated, `enabled: false` does not turn it off, and nothing says so.
    ///
    /// ## Example
    /// ```json
    /// { "name": "CSAT", "schema": { "type": "integer" }, "condition": [ { "type": "minMessages", "count": 4 } ], "enabled": false }
    /// ```
    ///
    /// ## How to fix
    /// Use the field's real name (`conditions`), or remove it; to stop an output, unlink it
    /// from the assistant's `artifactPlan.structuredOutputIds`.
    ///
    /// ## Fix
    /// Where a field is close to a real one, the fix renames the key to it, in the spelling it
    /// was written in. It is **unsafe**: the nearest field is a guess, and a field Vapi ignored
    /// starts to take effect. No fix is offered when the output already has that field.
    pub static RULE = "structured-output/unknown-field", Error, Check::Plan(check);
}

/// Every field of `CreateStructuredOutputDTO` and the read-only ones of `StructuredOutput`, and
/// gitops' `target`.
const FIELDS: &[&str] = &[
    "name",
    "schema",
    "description",
    "type",
    "regex",
    "model",
    "compliancePlan",
    "conditions",
    "assistantIds",
    "workflowIds",
    "id",
    "orgId",
    "createdAt",
    "updatedAt",
    "target",
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    super::each_output(ctx, &mut |output| {
        for key in output.object.keys() {
            if FIELDS.contains(&canonical(key).as_ref()) || key == crate::suppress::IGNORE_KEY {
                continue;
            }
            let pointer = child_pointer(&output.part.pointer, key);
            let near = suggest(key, FIELDS.iter().copied()).map(|name| spelled(name, style(key)));
            let finding =
                Finding::new(&RULE, pointer.clone(), format!("unknown field `{key}` in the structured output"))
                    .on_key()
                    .label("Vapi ignores this field");
            out.push(match near {
                Some(near) => {
                    let fix = rename_key(ctx.file.document, &pointer, &near).map(|edit| {
                        Fix::edits(Applicability::Unsafe, format!("rename `{key}` to `{near}`"), vec![edit])
                    });
                    finding.help(format!("did you mean `{near}`?")).maybe_fix(fix)
                }
                None => finding.severity(Severity::Warning).maybe_help((canonical(key) == "enabled").then(|| {
                    "to stop an output, unlink it from the assistant's `artifactPlan.structuredOutputIds`".to_owned()
                })),
            });
        }
    });
}
