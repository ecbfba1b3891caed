//! `plan/unknown-field`

use serde_json::Value;

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Fix, rename_key};
use crate::json::child_pointer;
use crate::plan::ObjectKind;
use crate::plan::keys::{canonical, spelled, style};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::suggest;

declare_rule! {
    /// A plan, sub-plan, message or template holds a field the platform does not know.
    ///
    /// ## What it checks
    /// Each object of the plan is compared with the fields its kind may hold (in camelCase or
    /// snake_case). An unknown field within two edits of a real one is an error with a
    /// did-you-mean; any other unknown field is a warning. plankit's own `x-plankit-ignore` is
    /// allowed on any object.
    ///
    /// ## Why it matters
    /// The platform ignores fields it does not know. `minMessageThreshold` (one letter short)
    /// means the threshold you set is never applied, and nothing tells you.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true, "schema": { "type": "object" } }, "minMessageThreshold": 5 }
    /// ```
    ///
    /// ## How to fix
    /// Use the field's real name (`minMessagesThreshold`), or remove it.
    ///
    /// ## Fix
    /// Where a field is close to what was written, the fix renames the key to it, in the
    /// spelling (camelCase or snake_case) the key was written in. It is **unsafe**: the nearest
    /// field is a guess, and a field the platform ignored starts to take effect. No fix is
    /// offered when the object already has that field.
    pub static RULE = "plan/unknown-field", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for object in &ctx.plan.objects {
        let Some(Value::Object(members)) = ctx.value(&object.pointer) else { continue };
        for key in members.keys() {
            // plankit's own reviewed-exception list, checked by `plan/invalid-ignore`
            if object.kind.field(&canonical(key)).is_some() || key == crate::suppress::IGNORE_KEY {
                continue;
            }
            let known = object.kind.fields().iter().map(|field| field.name);
            let near = suggest(key, known).map(|name| spelled(name, style(key)));
            let message = format!("unknown field `{key}` in the {}", object.kind.describe());
            let pointer = child_pointer(&object.pointer, key);
            let finding = Finding::new(&RULE, pointer.clone(), message).on_key();
            out.push(match near {
                Some(near) => {
                    let fix = rename_key(ctx.file.document, &pointer, &near).map(|edit| {
                        Fix::edits(Applicability::Unsafe, format!("rename `{key}` to `{near}`"), vec![edit])
                    });
                    finding
                        .label("the platform ignores this field")
                        .help(format!("did you mean `{near}`?"))
                        .maybe_fix(fix)
                }
                None => finding
                    .severity(Severity::Warning)
                    .label("the platform ignores this field")
                    .maybe_help(prompt_help(object.kind, key)),
            });
        }
    }
}

/// A prompt written as one field of a sub-plan (`"prompt": "Summarise…"`) is lost: the sub-plans
/// take chat `messages`. Says so, since the platform then runs its default prompt instead.
fn prompt_help(kind: ObjectKind, key: &str) -> Option<String> {
    let sub_plan =
        matches!(kind, ObjectKind::SummaryPlan | ObjectKind::StructuredDataPlan | ObjectKind::SuccessEvaluationPlan);
    let prompt_like = ["prompt", "systemPrompt", "userPrompt", "instructions"].contains(&canonical(key).as_ref());
    (sub_plan && prompt_like && kind.field("messages").is_some()).then(|| {
        "this prompt is never sent: a sub-plan takes `messages`, e.g. `\"messages\": [{\"role\": \"system\", \"content\": …}]`, and without them the platform uses its default prompt".to_owned()
    })
}
