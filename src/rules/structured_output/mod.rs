//! `structured-output/*`: Vapi structured outputs (reference:
//! vapi-structured-outputs-and-retell.md §1 and the checks of §5.1) — the definition's fields,
//! its regex, model and conditions, the JSON Schema subset Vapi documents, ids, and the links
//! between outputs and assistants. Their messages are checked by the `template/*` rules with
//! the structured-output variables.

use serde_json::{Map, Value};

use crate::plan::Part;
use crate::plan::structured_output::StructuredOutput;
use crate::rules::PlanContext;

pub mod contradictory_conditions;
pub mod invalid_compliance_plan;
pub mod invalid_condition;
pub mod invalid_evaluation;
pub mod invalid_id;
pub mod invalid_model;
pub mod invalid_name;
pub mod invalid_regex;
pub mod invalid_run;
pub mod invalid_scorecard;
pub mod invalid_target;
pub mod link_mismatch;
pub mod missing_schema;
pub mod outside_schema_subset;
pub mod phi_force_stored;
pub mod redundant_condition;
pub mod regex_mismatch;
pub mod target_not_in_spec;
pub mod type_array;
pub mod unknown_field;
pub mod unknown_type;

/// One structured output of a plan: its part, its definition and its object in the file.
pub(crate) struct Output<'a> {
    pub part: &'a Part,
    pub definition: &'a StructuredOutput,
    pub object: &'a Map<String, Value>,
}

/// Calls `visit` for the structured output of the plan, when it is one.
pub(crate) fn each_output(ctx: &PlanContext<'_>, visit: &mut dyn FnMut(Output<'_>)) {
    for part in &ctx.plan.parts {
        let Some(definition) = part.kind.structured_output() else { continue };
        let Some(Value::Object(object)) = ctx.value(&part.pointer) else { continue };
        visit(Output { part, definition, object });
    }
}

/// The field `name` of an output object (either spelling), with its pointer.
pub(crate) fn field<'a>(output: &Output<'a>, name: &str) -> Option<(String, &'a Value)> {
    crate::plan::keys::get(output.object, name)
        .map(|(key, value)| (crate::json::child_pointer(&output.part.pointer, key), value))
}

/// The comparators of scorecard conditions and simulation evaluations (reference §1.12).
pub(crate) const COMPARATORS: &[&str] = &["=", "!=", ">", "<", ">=", "<="];

/// The root `type` of the schema of the structured output with `id` defined in this file.
pub(crate) fn root_type_of<'a>(ctx: &'a crate::rules::FileContext<'_>, id: &str) -> Option<&'a str> {
    ctx.plans
        .iter()
        .flat_map(|plan| &plan.parts)
        .filter(|part| part.kind.structured_output().is_some_and(|so| so.id.as_deref() == Some(id)))
        .find_map(|part| part.schema.as_ref()?.value.get("type")?.as_str())
}

/// Reports `comparator` when it is not one of [`COMPARATORS`], or not one that `allowed` takes.
pub(crate) fn check_comparator(
    rule: &'static crate::rules::Rule,
    item: &Map<String, Value>,
    pointer: &str,
    allowed: &[&str],
    what: &str,
    out: &mut crate::rules::Findings,
) {
    let at = crate::json::child_pointer(pointer, "comparator");
    match item.get("comparator") {
        None => out.push(
            crate::rules::Finding::new(rule, pointer.to_owned(), "no `comparator`")
                .help(format!("one of {}", allowed.join(" "))),
        ),
        Some(Value::String(c)) if allowed.contains(&c.as_str()) => {}
        Some(Value::String(c)) if COMPARATORS.contains(&c.as_str()) => out.push(
            crate::rules::Finding::new(rule, at, format!("{} does not apply to {what}", crate::text::quote(c)))
                .label(format!("{what} takes {}", allowed.join(" "))),
        ),
        Some(other) => out.push(
            crate::rules::Finding::new(
                rule,
                at,
                format!("{} is not a comparator", other.as_str().map_or_else(|| other.to_string(), crate::text::quote)),
            )
            .label(format!("expected one of {}", COMPARATORS.join(" "))),
        ),
    }
}
