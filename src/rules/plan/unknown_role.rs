//! `plan/unknown-role`

use crate::fix::{Applicability, Fix};
use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A plan message has a role other than `system`, `user` or `assistant`, or no role.
    ///
    /// ## What it checks
    /// Every message of every sub-plan has a `role` of `system`, `user` or `assistant`: the
    /// roles of the chat request the platform sends to the analysis model.
    ///
    /// ## Why it matters
    /// The model's API rejects the request with an unknown role (`sytem`, or the transcript role
    /// `bot`), so the analysis fails after every call and `analysis` is missing from the report.
    ///
    /// ## Example
    /// ```json
    /// { "role": "sytem", "content": "Extract the data in {{schema}}." }
    /// ```
    ///
    /// ## How to fix
    /// Use `system` for instructions and `user` for the message that carries the transcript.
    ///
    /// ## Fix
    /// Where a role is close to what was written (`sytem` → `system`), the fix replaces it. It
    /// is **unsafe**: the nearest role is a guess, and the role decides how the model weighs the
    /// message. A missing role gets no fix: whether a message instructs or carries the call is
    /// the author's choice.
    pub static RULE = "plan/unknown-role", Error, Check::Plan(check);
}

const ROLES: &[&str] = &["system", "user", "assistant"];

/// A structured output's `model.messages` are OpenAI messages: two roles more (reference
/// vapi-structured-outputs-and-retell.md §1.3).
const STRUCTURED_OUTPUT_ROLES: &[&str] = &["system", "user", "assistant", "function", "tool"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        let roles = if part.kind.structured_output().is_some() { STRUCTURED_OUTPUT_ROLES } else { ROLES };
        for message in &part.messages {
            let has_role_field = ctx.value(&child_pointer(&message.pointer, "role")).is_some();
            match &message.role {
                Some(role) if roles.contains(&role.as_str()) => {}
                Some(role) => {
                    let pointer = child_pointer(&message.pointer, "role");
                    let near = suggest(role, roles.iter().copied());
                    let fix = near.map(|near| {
                        Fix::set_value(
                            Applicability::Unsafe,
                            format!("replace the role {} with {}", quote(role), quote(near)),
                            pointer.clone(),
                            near.into(),
                        )
                    });
                    out.push(
                        Finding::new(&RULE, pointer, format!("{} is not a message role", quote(role)))
                            .label("expected system, user or assistant")
                            .maybe_help(did_you_mean(near))
                            .maybe_fix(fix),
                    );
                }
                // a role that is present but not a string is `plan/wrong-type`
                None if !has_role_field => out.push(
                    Finding::new(&RULE, message.pointer.clone(), "message has no `role`")
                        .help("add `\"role\": \"system\"` or `\"role\": \"user\"`"),
                ),
                None => {}
            }
        }
    }
}
