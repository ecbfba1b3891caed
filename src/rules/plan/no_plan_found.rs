//! `plan/no-plan-found`

use serde_json::Value;

use crate::plan::plan_keys_near;
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// A file holds no analysis plan in any shape plankit reads.
    ///
    /// ## What it checks
    /// plankit looks for a plan as a bare plan (`structuredDataPlan`, `summaryPlan`, …), in an
    /// agent config (`analysisPlan` / `analysis_plan`), in an assistant-request response
    /// (`{"assistant": {"analysisPlan": …}}`), as an analysis template (`schema` with `name`,
    /// `system_prompt`, `user_prompt` or `messages`) or a list of templates. A file with none of
    /// these is reported, with a did-you-mean when a key is a near miss, and a specific help when
    /// the config sits under a key the platform does not read (`analysis` for `analysisPlan`)
    /// or is a Retell `post_call_analysis_data` that is not an array of items. Vapi structured
    /// outputs count as plans (the API object, its list, inline `artifactPlan.structuredOutputs`),
    /// and so does an assistant or squad that links saved ones with
    /// `artifactPlan.structuredOutputIds`. A squad file of Vapi's gitops layout
    /// (`squads/*.yml`) is not reported: its members are assistant files of their own. A gitops
    /// assistant file is reported only for a misplaced or misspelled plan key: one without
    /// analysis is common there, and a structured output may link it from its own file
    /// (`assistant_ids`).
    ///
    /// ## Why it matters
    /// A misspelled `analysisPlna` is silently ignored by the platform: the agent runs with no
    /// analysis and no error anywhere. A warning (not an error) because a folder of plans often
    /// holds other JSON too, such as webhook fixtures.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Support agent", "analysisPlna": { "structuredDataPlan": { "enabled": true } } }
    /// ```
    ///
    /// ## How to fix
    /// Correct the key, or leave the file out of the paths given to `plankit lint`.
    pub static RULE = "plan/no-plan-found", Warning, Check::File(check);
}

/// An assistant or agent config (a model, a voice, a first message), not a webhook payload or
/// a report (as the shared recogniser decides), whose `analysis` holds results rather than a
/// misplaced plan.
fn is_agent_config(root: &Value, object: &serde_json::Map<String, Value>) -> bool {
    let agent =
        ["model", "voice", "transcriber", "firstMessage", "first_message", "voice_id", "agent_name", "llm_config"]
            .iter()
            .any(|key| object.contains_key(*key));
    agent && !matches!(crate::recognise::recognise(root, None), crate::recognise::Recognised::Webhook(_))
}

/// Keys seen in real configs where the analysis config sits under a name the platform does not
/// read, or belongs to a platform plankit does not read yet: the message and the help.
fn misplaced(key: &str, value: &Value) -> Option<(String, String)> {
    let canonical = crate::plan::keys::canonical(key);
    match canonical.as_ref() {
        "analysis" | "callAnalysis" | "analysisConfig" if value.is_object() => Some((
            format!("no analysis plan found; `{key}` is not where a plan goes"),
            format!(
                "did you mean `analysisPlan`? Vapi reads the plan from `analysisPlan`; `{key}` is where an end-of-call-report carries the results, so this config runs no analysis"
            ),
        )),
        "postCallAnalysisData" => Some((
            format!("no analysis plan found; `{key}` is Retell's post-call analysis"),
            "Retell reads `post_call_analysis_data` as an array of items (`{\"type\", \"name\", \"description\"}`); plankit reads a Retell agent only when it is one".to_owned(),
        )),
        _ => None,
    }
}

fn check(file: &FileContext<'_>, out: &mut Findings) {
    if !file.plans.is_empty() {
        return;
    }
    let root = file.document.value();
    // an assistant or squad whose analysis is saved Vapi structured outputs, linked by id
    if !crate::plan::find_structured::links(root).is_empty() {
        return;
    }
    // a gitops squad names its members' assistant files, where their analysis is
    let gitops = crate::plan::find_structured::Resource::of(file.source, file.document);
    if gitops.as_ref().is_some_and(|r| r.folder == "squads") {
        return;
    }
    let start = file.document.span("").map_or(0, |s| s.value.start);
    let mut finding = Finding::new(&RULE, "", "no analysis plan found in this file").bytes(start..start + 1);
    if let Value::Object(object) = root {
        if let Some((key, (message, help))) = object
            .iter()
            .filter(|_| is_agent_config(root, object))
            .find_map(|(key, value)| misplaced(key, value).map(|said| (key, said)))
        {
            finding = Finding::new(&RULE, crate::json::child_pointer("", key), message).on_key().help(help);
        } else if let Some((key, _)) =
            object.iter().find(|(key, value)| crate::plan::keys::canonical(key) == "analysisPlan" && value.is_null())
        {
            finding =
                Finding::new(&RULE, format!("/{key}"), format!("`{key}` is null: this config has no analysis plan"))
                    .on_key();
        } else if let Some((key, near)) =
            object.keys().find_map(|key| plan_keys_near(key).filter(|near| near != key).map(|near| (key, near)))
        {
            finding = Finding::new(
                &RULE,
                crate::json::child_pointer("", key),
                format!("no analysis plan found; `{key}` is not a plan field"),
            )
            .on_key()
            .help(format!("did you mean `{near}`?"));
        }
    }
    if finding.help.is_none()
        && let crate::recognise::Recognised::Webhook(webhook) = crate::recognise::recognise(root, None)
    {
        let event = webhook.event_name.unwrap_or("webhook");
        finding = finding.help(format!(
            "this is a {} `{event}` payload, not a plan: check it with `plankit validate PLAN {}`",
            webhook.dialect.dialect.title(),
            file.source.name()
        ));
    }
    if finding.help.is_none()
        && let crate::recognise::Recognised::Messages(_) = crate::recognise::recognise(root, None)
    {
        finding = finding.help(format!(
            "this is a transcript (chat messages), not a plan: pass it to `plankit render PLAN --transcript {}`",
            file.source.name()
        ));
    }
    if finding.help.is_none() && gitops.is_some() {
        // a gitops assistant without analysis is common, and an output may link it from its
        // own file (`assistant_ids`): only a misplaced or misspelled plan key is worth a word
        return;
    }
    if finding.help.is_none() {
        finding = finding.help("a plan file holds a plan (`structuredDataPlan`, …), an agent config with `analysisPlan`, or an analysis template");
    }
    out.push(finding);
}
