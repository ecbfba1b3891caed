//! `schema/*`: the JSON Schema the model fills — validity, keywords, bounds, enums, references,
//! and what the model needs to fill it well.

use crate::rules::PlanContext;
use crate::schema::{Node, walk};

pub mod array_without_items;
pub mod contradictory_bounds;
pub mod duplicate_enum_value;
pub mod empty_enum;
pub mod enum_type_mismatch;
pub mod invalid;
pub mod invalid_pattern;
pub mod missing_description;
pub mod openapi_nullable;
pub mod remote_ref;
pub mod required_undeclared;
pub mod root_not_object;
pub mod unknown_keyword;
pub mod unresolved_ref;
pub mod untyped_property;

/// Calls `visit` for every subschema of every schema in the plan.
pub(crate) fn each_subschema(ctx: &PlanContext<'_>, visit: &mut dyn FnMut(Node<'_>)) {
    for (_, schema) in ctx.plan.schemas() {
        walk(&schema.value, &schema.pointer, visit);
    }
}
