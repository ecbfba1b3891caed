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
pub mod invalid_id;
pub mod invalid_model;
pub mod invalid_name;
pub mod invalid_regex;
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
