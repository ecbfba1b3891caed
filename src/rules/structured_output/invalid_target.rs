//! `structured-output/invalid-target`

use serde_json::Value;

use super::{each_output, field};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A structured output's `target` is not `messages` or `messages-with-audio`, or reads the recording of an assistant that records nothing.
    ///
    /// ## What it checks
    /// `target` (documented by Vapi's gitops tooling, not by the API spec; reference
    /// vapi-structured-outputs-and-retell.md §1.5) is `messages` (the default: the model reads
    /// the message history) or `messages-with-audio` (it reads the call recording too). An
    /// inline output with `messages-with-audio` in an `artifactPlan` that sets
    /// `recordingEnabled: false` is an error.
    ///
    /// ## Why it matters
    /// Audio extraction needs a recording: without one, Vapi's gitops notes say, the
    /// extraction fails with an error after every call. A misspelt `target` is not the audio
    /// mode it was meant to be.
    ///
    /// ## Example
    /// ```json
    /// { "artifactPlan": { "recordingEnabled": false, "structuredOutputs": [
    ///   { "name": "Tone", "schema": { "type": "string" }, "target": "messages-with-audio" } ] } }
    /// ```
    ///
    /// ## How to fix
    /// Turn recording on (`artifactPlan.recordingEnabled: true`) or use `target: messages`.
    pub static RULE = "structured-output/invalid-target", Error, Check::Plan(check);
}

const TARGETS: &[&str] = &["messages", "messages-with-audio"];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, value)) = field(&output, "target") else { return };
        match value.as_str() {
            Some("messages") => {}
            Some("messages-with-audio") => {
                if let Some(recording) = recording_disabled(ctx, &output.part.pointer) {
                    out.push(
                        Finding::new(
                            &RULE,
                            pointer,
                            "`messages-with-audio` reads the call recording, and this assistant records nothing",
                        )
                        .label(format!("`{recording}` is false"))
                        .help("set `recordingEnabled: true` in the `artifactPlan`, or use `target: messages`"),
                    );
                }
            }
            Some(other) => out.push(
                Finding::new(&RULE, pointer, format!("{} is not a structured-output target", quote(other)))
                    .label("expected messages or messages-with-audio")
                    .maybe_help(did_you_mean(suggest(other, TARGETS.iter().copied()))),
            ),
            None => out.push(Finding::new(
                &RULE,
                pointer,
                format!("`target` must be a string, found {}", crate::plan::describe_value(value)),
            )),
        }
    });
}

/// For an output inline in `…/artifactPlan/structuredOutputs/<i>`, the key of that
/// `artifactPlan`'s `recordingEnabled` (as spelt) when it is `false`.
fn recording_disabled(ctx: &PlanContext<'_>, output: &str) -> Option<String> {
    let (list, _) = output.rsplit_once('/')?;
    let (artifact, _) = list.rsplit_once('/')?;
    let Some(Value::Object(plan)) = ctx.value(artifact) else { return None };
    match crate::plan::keys::get(plan, "recordingEnabled") {
        Some((key, Value::Bool(false))) => Some(key.to_owned()),
        _ => None,
    }
}
