//! `plan/squad-partial-history`

use serde_json::{Map, Value};

use crate::json::{child_pointer, each_object};
use crate::plan::keys::get;
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// A Vapi squad extracts structured outputs on some members only, and the outputs see only the last member's part of the call.
    ///
    /// ## What it checks
    /// A squad (an object with a `members` array) where one member's `assistant` or
    /// `assistantOverrides` links structured outputs (`artifactPlan.structuredOutputIds` or
    /// `structuredOutputs`), another member is an inline `assistant` that links none, and
    /// `membersOverrides.artifactPlan.fullMessageHistoryEnabled` is not `true`. A member named
    /// only by `assistantId` is not judged: its outputs are in another file.
    ///
    /// ## Why it matters
    /// By default only the context of the member that ends the call feeds the artifact and the
    /// outputs (`fullMessageHistoryEnabled` defaults to false; reference
    /// vapi-structured-outputs-and-retell.md §1.13.16, §3). A call that ends on a member without
    /// outputs extracts nothing, and one that ends on a member with them sees only its slice.
    /// Pedantic (opt-in): which member's outputs run on a squad call is not published (§2 Q25),
    /// and a squad may mean to extract on one member only.
    ///
    /// ## Example
    /// ```json
    /// { "members": [ { "assistant": { "name": "Triage" } },
    ///                { "assistant": { "name": "Booking", "artifactPlan": { "structuredOutputIds": ["550e8400-e29b-41d4-a716-446655440001"] } } } ] }
    /// ```
    ///
    /// ## How to fix
    /// Link squad-wide outputs in `membersOverrides.artifactPlan.structuredOutputIds` and set
    /// `membersOverrides.artifactPlan.fullMessageHistoryEnabled: true`.
    pub static RULE = "plan/squad-partial-history", Warning, pedantic, Check::File(check);
}

/// Whether an object's `artifactPlan` links or defines structured outputs.
fn links_outputs(holder: Option<&Value>) -> bool {
    let Some(Value::Object(holder)) = holder else { return false };
    let Some((_, Value::Object(artifact))) = get(holder, "artifactPlan") else { return false };
    ["structuredOutputIds", "structuredOutputs"]
        .iter()
        .any(|name| matches!(get(artifact, name), Some((_, Value::Array(items))) if !items.is_empty()))
}

/// What is known of a member's outputs: `Some(true)` links some, `Some(false)` is an inline
/// assistant that links none, `None` is not known here.
fn member_outputs(member: &Map<String, Value>) -> Option<bool> {
    let assistant = get(member, "assistant").map(|(_, v)| v);
    if links_outputs(assistant) || links_outputs(get(member, "assistantOverrides").map(|(_, v)| v)) {
        return Some(true);
    }
    assistant.is_some_and(Value::is_object).then_some(false)
}

fn check(ctx: &FileContext<'_>, out: &mut Findings) {
    each_object(ctx.document.value(), "", &mut |squad, pointer, _| {
        let Some(Value::Array(members)) = squad.get("members") else { return };
        let overrides = get(squad, "membersOverrides").map(|(_, v)| v);
        if links_outputs(overrides) {
            return;
        }
        let full_history = overrides
            .and_then(Value::as_object)
            .and_then(|o| get(o, "artifactPlan"))
            .and_then(|(_, a)| a.as_object())
            .and_then(|a| get(a, "fullMessageHistoryEnabled"))
            .is_some_and(|(_, v)| v == &Value::Bool(true));
        if full_history {
            return;
        }
        let known: Vec<(usize, bool)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.as_object().and_then(member_outputs).map(|has| (i, has)))
            .collect();
        let with: Vec<usize> = known.iter().filter(|(_, has)| *has).map(|(i, _)| *i).collect();
        let without: Vec<String> = known.iter().filter(|(_, has)| !has).map(|(i, _)| i.to_string()).collect();
        if with.is_empty() || without.is_empty() {
            return;
        }
        out.push(
            Finding::new(
                &RULE,
                child_pointer(pointer, "members"),
                format!("structured outputs run on member {} of this squad, not on member {}", with.iter().map(usize::to_string).collect::<Vec<_>>().join(", "), without.join(", ")),
            )
            .on_key()
            .label("the outputs see only the last member's part of the call")
            .help("link squad-wide outputs in `membersOverrides.artifactPlan` and set `fullMessageHistoryEnabled: true` there"),
        );
    });
}
