//! `plan/members-overrides-typo`

use serde_json::Value;

use crate::fix::{Applicability, Fix, rename_key};
use crate::json::{child_pointer, each_object};
use crate::plan::keys::{KeyStyle, canonical, spelled, style};
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// A Vapi squad writes `memberOverrides`; the field is `membersOverrides`.
    ///
    /// ## What it checks
    /// A squad (an object with a `members` array, or the value of a `squad` field) holds
    /// `memberOverrides` (or `member_overrides`). Vapi's `CreateSquadDTO` names the field
    /// `membersOverrides`; the JSON example on Vapi's squads page spells it without the `s`
    /// (reference vapi-structured-outputs-and-retell.md §2 Q27, §3).
    ///
    /// ## Why it matters
    /// Vapi ignores a field it does not know: the overrides meant for every member — squad-wide
    /// structured outputs, `fullMessageHistoryEnabled`, a compliance plan — never apply, and
    /// the squad runs without them.
    ///
    /// ## Example
    /// ```json
    /// { "members": [ { "assistantId": "a1b2c3d4-e5f6-7890-abcd-ef1234567890" } ],
    ///   "memberOverrides": { "artifactPlan": { "fullMessageHistoryEnabled": true } } }
    /// ```
    ///
    /// ## How to fix
    /// Rename the field to `membersOverrides`.
    ///
    /// ## Fix
    /// The fix renames the key, in the spelling it was written in. It is **unsafe**: overrides
    /// that were ignored start to apply to every member. No fix is offered when the squad
    /// already has `membersOverrides`.
    pub static RULE = "plan/members-overrides-typo", Error, Check::File(check);
}

fn check(ctx: &FileContext<'_>, out: &mut Findings) {
    each_object(ctx.document.value(), "", &mut |object, pointer, key| {
        let squad = object.get("members").is_some_and(Value::is_array) || key.is_some_and(|k| canonical(k) == "squad");
        if !squad {
            return;
        }
        for key in object.keys().filter(|key| canonical(key) == "memberOverrides") {
            let at = child_pointer(pointer, key);
            let right = spelled(
                "membersOverrides",
                if style(key) == KeyStyle::Snake { KeyStyle::Snake } else { KeyStyle::Camel },
            );
            let fix = rename_key(ctx.document, &at, &right)
                .map(|edit| Fix::edits(Applicability::Unsafe, format!("rename `{key}` to `{right}`"), vec![edit]));
            out.push(
                Finding::new(&RULE, at, format!("`{key}` is not a squad field"))
                    .on_key()
                    .label("Vapi ignores it: these overrides apply to no member")
                    .help(format!("did you mean `{right}`?"))
                    .maybe_fix(fix),
            );
        }
    });
}
