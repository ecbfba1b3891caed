//! `structured-output/invalid-name`

use serde_json::Value;

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A structured output has no `name`, or one that is empty or longer than 40 characters.
    ///
    /// ## What it checks
    /// Every structured output (the API object and each inline `artifactPlan.structuredOutputs`
    /// entry) has a `name` that is a string of 1 to 40 characters, as Vapi's API spec requires
    /// (`CreateStructuredOutputDTO.name`, `minLength 1`, `maxLength 40`; reference
    /// vapi-structured-outputs-and-retell.md §1.1, §1.13.1). Characters are Unicode scalar values.
    ///
    /// ## Why it matters
    /// Vapi rejects the create request (`Name must be between 1 and 40 characters`); an inline
    /// output with a bad name makes the whole assistant update fail.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Customer support ticket details extracted from the call", "schema": { "type": "object" }, "type": "ai" }
    /// ```
    ///
    /// ## How to fix
    /// Give the output a short name; put the longer explanation in `description`.
    pub static RULE = "structured-output/invalid-name", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| match field(&output, "name") {
        None => out.push(
            Finding::new(&RULE, output.part.pointer.clone(), "structured output has no `name`")
                .help("add a `name` of 1 to 40 characters; Vapi requires it"),
        ),
        Some((pointer, Value::String(name))) => {
            let length = name.chars().count();
            if length == 0 || length > 40 {
                out.push(
                    Finding::new(&RULE, pointer, format!("`name` is {length} characters long; Vapi allows 1 to 40"))
                        .label("Vapi rejects this output")
                        .help("shorten the name and move the detail into `description`"),
                );
            }
        }
        Some((pointer, value)) => out.push(Finding::new(
            &RULE,
            pointer,
            format!("`name` must be a string, found {}", crate::plan::describe_value(value)),
        )),
    });
}
