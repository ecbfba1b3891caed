//! `structured-output/invalid-model`

use serde_json::{Map, Value};

use super::{each_output, field};
use crate::diagnostic::Severity;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule, did_you_mean};
use crate::text::{quote, suggest};

declare_rule! {
    /// A structured output's `model` has an unknown provider, no model, or a setting out of Vapi's range.
    ///
    /// ## What it checks
    /// The `model` object (reference vapi-structured-outputs-and-retell.md §1.3, §1.13.3):
    /// `provider` is one of `openai`, `anthropic`, `anthropic-bedrock`, `google`, `custom-llm`;
    /// `model` is a string of at most 100 characters; `custom-llm` has a `url`; `temperature` is
    /// 0 to 2; `maxTokens` 50 to 10000; `thinking.budgetTokens` 1024 to 100000 and below
    /// `maxTokens`; a custom model's `timeoutSeconds` 20 to 600 and `metadataSendMode` one of
    /// `off`, `variable`, `destructured`. A model name missing from the
    /// provider's enum in Vapi's spec (checked for `anthropic` and `google`; OpenAI's list has
    /// region-suffixed names) is a warning, since Vapi adds models often.
    ///
    /// ## Why it matters
    /// Vapi rejects the output (or the assistant holding it) when a field is out of range, and
    /// an unknown provider means the extraction never runs.
    ///
    /// ## Example
    /// ```json
    /// { "model": { "provider": "azure-openai", "model": "gpt-4.1", "temperature": 3 } }
    /// ```
    ///
    /// ## How to fix
    /// Use one of Vapi's providers (Azure is reached through `openai` model names with a
    /// region, `gpt-4.1:westeurope`) and keep the settings in range.
    pub static RULE = "structured-output/invalid-model", Error, Check::Plan(check);
}

const PROVIDERS: &[&str] = &["openai", "anthropic", "anthropic-bedrock", "google", "custom-llm"];

const ANTHROPIC: &[&str] = &[
    "claude-3-opus-20240229",
    "claude-3-sonnet-20240229",
    "claude-3-haiku-20240307",
    "claude-3-5-sonnet-20240620",
    "claude-3-5-sonnet-20241022",
    "claude-3-5-haiku-20241022",
    "claude-3-7-sonnet-20250219",
    "claude-opus-4-20250514",
    "claude-opus-4-5-20251101",
    "claude-opus-4-6",
    "claude-sonnet-4-20250514",
    "claude-sonnet-4-5-20250929",
    "claude-sonnet-4-6",
    "claude-sonnet-5",
    "claude-haiku-4-5-20251001",
];

const GOOGLE: &[&str] = &[
    "gemini-3.5-flash",
    "gemini-3.1-flash-lite",
    "gemini-3-flash-preview",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "gemini-2.5-flash-lite",
    "gemini-2.0-flash-thinking-exp",
    "gemini-2.0-pro-exp-02-05",
    "gemini-2.0-flash",
    "gemini-2.0-flash-lite",
    "gemini-2.0-flash-exp",
    "gemini-2.0-flash-realtime-exp",
    "gemini-1.5-flash",
    "gemini-1.5-flash-002",
    "gemini-1.5-pro",
    "gemini-1.5-pro-002",
    "gemini-1.0-pro",
];

/// Checks a number field against `min..=max`.
fn range(model: &Map<String, Value>, pointer: &str, name: &str, min: f64, max: f64, out: &mut Findings) {
    let Some((key, value)) = crate::plan::keys::get(model, name) else { return };
    let pointer = crate::json::child_pointer(pointer, key);
    match value.as_f64() {
        Some(n) if (min..=max).contains(&n) => {}
        Some(n) => out.push(Finding::new(&RULE, pointer, format!("`{name}` is {n}; Vapi allows {min} to {max}"))),
        None => out.push(Finding::new(
            &RULE,
            pointer,
            format!("`{name}` must be a number, found {}", crate::plan::describe_value(value)),
        )),
    }
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((pointer, value)) = field(&output, "model") else { return };
        let Value::Object(model) = value else {
            out.push(Finding::new(
                &RULE,
                pointer,
                format!("`model` must be an object, found {}", crate::plan::describe_value(value)),
            ));
            return;
        };
        let get = |name: &str| crate::plan::keys::get(model, name);
        let at = |key: &str| crate::json::child_pointer(&pointer, key);
        let provider = match get("provider") {
            None => {
                out.push(
                    Finding::new(&RULE, pointer.clone(), "`model` has no `provider`")
                        .on_key()
                        .help(format!("one of {}", PROVIDERS.join(", "))),
                );
                None
            }
            Some((key, Value::String(provider))) if PROVIDERS.contains(&provider.as_str()) => {
                Some((key, provider.as_str()))
            }
            Some((key, provider)) => {
                let near = provider.as_str().and_then(|p| suggest(p, PROVIDERS.iter().copied()));
                out.push(
                    Finding::new(&RULE, at(key), format!("{} is not a structured-output model provider", provider.as_str().map_or_else(|| provider.to_string(), quote)))
                        .label(format!("expected one of {}", PROVIDERS.join(", ")))
                        .maybe_help(did_you_mean(near).or_else(|| Some("Azure OpenAI is reached through `openai` with a region-suffixed model, e.g. `gpt-4.1:westeurope`".to_owned()))),
                );
                None
            }
        };
        match get("model") {
            None => out.push(Finding::new(&RULE, pointer.clone(), "`model` has no `model` name").on_key()),
            Some((key, Value::String(name))) => {
                if name.chars().count() > 100 {
                    out.push(Finding::new(&RULE, at(key), "`model` is longer than 100 characters"));
                }
                let known = match provider.map(|(_, p)| p) {
                    Some("anthropic") => Some(ANTHROPIC),
                    Some("google") => Some(GOOGLE),
                    _ => None,
                };
                if let Some(known) = known
                    && !known.contains(&name.as_str())
                {
                    out.push(
                        Finding::new(
                            &RULE,
                            at(key),
                            format!("{} is not in Vapi's model list for this provider", quote(name)),
                        )
                        .severity(Severity::Warning)
                        .maybe_help(did_you_mean(suggest(name, known.iter().copied()))),
                    );
                }
            }
            Some((key, other)) => out.push(Finding::new(
                &RULE,
                at(key),
                format!("`model` must be a string, found {}", crate::plan::describe_value(other)),
            )),
        }
        if provider.map(|(_, p)| p) == Some("custom-llm") && get("url").is_none() {
            out.push(
                Finding::new(&RULE, pointer.clone(), "a `custom-llm` model has no `url`")
                    .on_key()
                    .help("add the base URL of the OpenAI-compatible server"),
            );
        }
        range(model, &pointer, "temperature", 0.0, 2.0, out);
        range(model, &pointer, "maxTokens", 50.0, 10000.0, out);
        if provider.map(|(_, p)| p) == Some("custom-llm") {
            range(model, &pointer, "timeoutSeconds", 20.0, 600.0, out);
            metadata_send_mode(model, &pointer, out);
        }
        if let Some((key, messages)) = get("messages") {
            match messages {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let at = format!("{}/{i}", at(key));
                        match item {
                            Value::Object(message) => {
                                if let Some(role) = message.get("role").filter(|r| !r.is_string()) {
                                    out.push(Finding::new(
                                        &RULE,
                                        crate::json::child_pointer(&at, "role"),
                                        format!("`role` must be a string, found {}", crate::plan::describe_value(role)),
                                    ));
                                }
                                if let Some(content) = message.get("content").filter(|c| !c.is_string() && !c.is_null())
                                {
                                    out.push(Finding::new(
                                        &RULE,
                                        crate::json::child_pointer(&at, "content"),
                                        format!(
                                            "`content` must be a string or null, found {}",
                                            crate::plan::describe_value(content)
                                        ),
                                    ));
                                }
                            }
                            other => out.push(Finding::new(
                                &RULE,
                                at,
                                format!(
                                    "each of `messages` must be a `{{role, content}}` object, found {}",
                                    crate::plan::describe_value(other)
                                ),
                            )),
                        }
                    }
                }
                other => out.push(Finding::new(
                    &RULE,
                    at(key),
                    format!("`messages` must be an array, found {}", crate::plan::describe_value(other)),
                )),
            }
        }
        if let Some((key, thinking)) = get("thinking")
            && !thinking.is_object()
        {
            out.push(Finding::new(
                &RULE,
                at(key),
                format!("`thinking` must be an object, found {}", crate::plan::describe_value(thinking)),
            ));
        }
        if let Some((key, Value::Object(thinking))) = get("thinking") {
            let thinking_pointer = at(key);
            range(thinking, &thinking_pointer, "budgetTokens", 1024.0, 100000.0, out);
            let budget = crate::plan::keys::get(thinking, "budgetTokens").and_then(|(_, v)| v.as_f64());
            let max = get("maxTokens").and_then(|(_, v)| v.as_f64());
            if let (Some(budget), Some(max)) = (budget, max)
                && max <= budget
            {
                out.push(
                    Finding::new(
                        &RULE,
                        thinking_pointer,
                        format!("`maxTokens` {max} must be greater than `thinking.budgetTokens` {budget}"),
                    )
                    .on_key(),
                );
            }
        }
    });
}

const SEND_MODES: &[&str] = &["off", "variable", "destructured"];

/// A custom model's `metadataSendMode`: what of the call Vapi sends the server beside the messages.
fn metadata_send_mode(model: &Map<String, Value>, pointer: &str, out: &mut Findings) {
    let Some((key, value)) = crate::plan::keys::get(model, "metadataSendMode") else { return };
    if value.as_str().is_some_and(|mode| SEND_MODES.contains(&mode)) {
        return;
    }
    let shown = value.as_str().map_or_else(|| value.to_string(), quote);
    out.push(
        Finding::new(&RULE, crate::json::child_pointer(pointer, key), format!("{shown} is not a `metadataSendMode`"))
            .label("expected off, variable or destructured")
            .maybe_help(did_you_mean(value.as_str().and_then(|mode| suggest(mode, SEND_MODES.iter().copied())))),
    );
}
