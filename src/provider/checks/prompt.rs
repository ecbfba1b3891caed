//! `provider/<target>/prompt-mentions-json` and `provider/<target>/prompt-includes-schema`:
//! for JSON modes that take no schema, the prompt template is the only carrier.

use crate::plan::Part;
use crate::provider::checks::{SchemaCheck, declare_check, requirement_fact, when_required};
use crate::provider::profile::Profile;
use crate::rules::Findings;
use crate::rules::template::part_uses;
use crate::template::Role;

declare_check! {
    /// No message of the plan contains the word "json", which the target's JSON mode requires.
    ///
    /// ## What it checks
    /// For targets whose JSON mode takes no schema (DeepSeek's `json_object`), the system or
    /// user messages — and the schema, when `{{schema}}` puts it there — contain the word
    /// "json" in any case.
    ///
    /// ## Why it matters
    /// DeepSeek's docs require it ("include the word "json" in the system or user prompt"),
    /// and OpenAI-compatible JSON modes reject a request without it. Without it the model may
    /// answer in prose, which DeepSeek replaces with blank content.
    ///
    /// ## Example
    /// ```json
    /// { "role": "system", "content": "Extract the call data as described: {{schema}}" }
    /// ```
    ///
    /// ## How to fix
    /// Say it: "Return only a JSON object matching this schema: {{schema}}".
    pub static MENTIONS_JSON = "prompt-mentions-json",
        severity: |profile: &Profile| when_required(profile.prompt.mentions_json),
        facts: |profile: &Profile| vec![requirement_fact("the word \"json\" in the system or user prompt", profile.prompt.mentions_json)],
        run: mentions_json;
}

declare_check! {
    /// No message contains `{{schema}}`, and the target has no other way to receive the schema.
    ///
    /// ## What it checks
    /// For targets with no schema parameter (DeepSeek's `json_object` mode), a message of the
    /// structured-data plan contains `{{schema}}`. Legacy flat prompts and plans without
    /// messages use the platform's own prompt and are not checked.
    ///
    /// ## Why it matters
    /// Nothing else tells the model which fields to return: the output will match the schema
    /// only by chance, and every analysis breaks the webhook receiver's expectations.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "Analyze this call and answer in JSON.\n\n{{transcript}}" }
    /// ```
    ///
    /// ## How to fix
    /// Add `Schema: {{schema}}` to the system or user message (with an example object if the
    /// schema is large).
    pub static INCLUDES_SCHEMA = "prompt-includes-schema",
        severity: |profile: &Profile| when_required(profile.prompt.includes_schema),
        facts: |profile: &Profile| vec![requirement_fact("the schema in the prompt (`{{schema}}`)", profile.prompt.includes_schema)],
        run: includes_schema;
}

/// Where a finding about the prompt points: the first message's content.
fn first_message(part: &Part) -> Option<String> {
    part.messages.first().map(|m| m.content_pointer.clone())
}

fn mentions_json(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let part = ctx.part;
    let Some(pointer) = first_message(part) else { return };
    let says_json = |text: &str| text.to_ascii_lowercase().contains("json");
    let in_messages = part.messages.iter().filter_map(|m| m.content.as_deref()).any(says_json);
    let in_schema =
        part_uses(part, ctx.plan.vocabulary(), |role| role == Role::Schema) && says_json(&ctx.schema.value.to_string());
    if in_messages || in_schema {
        return;
    }
    let verdict = ctx.unmet(ctx.profile.prompt.mentions_json, &[]);
    out.push(
        ctx.finding(pointer, format!("no message mentions \"json\"; {verdict}"))
            .on_key()
            .help("say it in the system message: \"Return only a JSON object matching this schema: {{schema}}\""),
    );
}

fn includes_schema(ctx: &SchemaCheck<'_>, out: &mut Findings) {
    let part = ctx.part;
    if part.legacy || part_uses(part, ctx.plan.vocabulary(), |role| role == Role::Schema) {
        return;
    }
    let Some(pointer) = first_message(part) else { return };
    out.push(
        ctx.finding(
            pointer,
            format!("no message contains `{{{{schema}}}}`; {} takes no schema parameter, so the model never sees the schema", ctx.profile.subject()),
        )
        .on_key()
        .help("add `Schema: {{schema}}` to the system or user message"),
    );
}
