//! Rendering a Vapi structured output for one call (reference:
//! vapi-structured-outputs-and-retell.md §1.2, §1.4, §1.5): what its extraction model receives,
//! and whether its `conditions` would skip it.
//!
//! Choices where Vapi publishes nothing (README "Vapi Structured Outputs" repeats them):
//! - Messages are LiquidJS templates: a variable Vapi does not fill renders as an empty string,
//!   and plankit says so for each one.
//! - `{{transcript}}` is the same `AI: …` / `User: …` text as for an `analysisPlan`;
//!   `{{messages}}` is the spoken turns as Vapi's `artifact.messages` JSON (`{role, message}`,
//!   roles `bot`/`user`), pretty-printed (§2 Q6).
//! - `{{structuredOutput.schema}}` is the schema as written; `{{structuredOutput}}` is
//!   `{name, description, schema}` as JSON (§2 Q6).
//! - `{{callEndedReason}}` (the API spec's name) and `{{endedReason}}` (the docs') both render
//!   the ended reason (§2 Q1).
//! - `{{duration}}` is `--duration` in seconds; `{{startedAt}}`/`{{endedAt}}` are not known
//!   from a transcript and render empty, with a warning.
//! - Without custom messages, Vapi's default prompts run; their wording is not published, only
//!   what they show the model (`{{messages}}`, `{{callEndedReason}}`,
//!   `{{structuredOutput.schema}}`, G-so), so plankit shows that, marked as a reconstruction.
//! - `minMessages` counts the spoken turns, as `minMessagesThreshold` does (§2 Q13); a
//!   `minCallDuration` without a known duration passes, as Vapi's does for chats.

use super::substitute::Oversize;
use super::{RenderOptions, RenderWarning, RenderedMessage};
use crate::plan::structured_output::{Call, StructuredOutput};
use crate::plan::{Part, Plan};
use crate::transcript::{Speaker, Transcript};

/// Vapi's default prompts for a structured output, as far as they are known (module docs).
const DEFAULT_MESSAGES: &[(&str, &str)] = &[
    (
        "system",
        "[Vapi's default structured-output prompt: its wording is not published. It gives the model the \
         output's JSON Schema:]\n{{structuredOutput.schema}}",
    ),
    ("user", "[and the conversation as message JSON, with the ended reason:]\n{{messages}}\n\n{{callEndedReason}}"),
];

/// The values a structured output's variables render as.
struct Values {
    transcript: String,
    messages: String,
    ended_reason: String,
    duration: Option<String>,
    system_prompt: Option<String>,
    schema: String,
}

/// The `(role, template)` pairs the output sends: its `model.messages`, or Vapi's defaults.
fn templates(part: &Part, warnings: &mut Vec<RenderWarning>) -> Vec<(String, String)> {
    let written: Vec<(String, String)> =
        part.messages.iter().filter_map(|message| message.role.clone().zip(message.content.clone())).collect();
    if !written.is_empty() {
        return written;
    }
    warnings.push(
        RenderWarning::new(
            "the structured output has no `model.messages`: Vapi runs its default prompts (GPT-4.1), whose wording it does not publish; plankit shows what they contain",
        )
        .help("write `model.messages` to control exactly what the extraction model reads"),
    );
    DEFAULT_MESSAGES.iter().map(|(role, text)| ((*role).to_owned(), (*text).to_owned())).collect()
}

/// One entry of `{{messages}}`, its fields in the order Vapi's `artifact.messages` writes them
/// (a `serde_json::Value` would sort them, putting `message` first).
#[derive(serde::Serialize)]
struct SpokenMessage<'a> {
    role: &'static str,
    message: &'a str,
}

/// `{{messages}}`: the spoken turns as Vapi's `artifact.messages`.
fn messages_json(transcript: &Transcript) -> String {
    let items: Vec<SpokenMessage<'_>> = transcript
        .spoken()
        .map(|turn| SpokenMessage {
            role: if turn.speaker == Speaker::User { "user" } else { "bot" },
            message: &turn.text,
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

/// Substitutes LiquidJS-style: every `{{ }}` is replaced, an unknown variable by `""`.
fn substitute(
    template: &str,
    definition: &StructuredOutput,
    values: &Values,
    warnings: &mut Vec<RenderWarning>,
) -> Result<String, Oversize> {
    super::substitute::replace_placeholders(template, |name, written| {
        let value = match name {
            "transcript" => Some(values.transcript.clone()),
            "messages" => Some(values.messages.clone()),
            "callEndedReason" | "endedReason" => Some(values.ended_reason.clone()),
            "systemPrompt" => Some(values.system_prompt.clone().unwrap_or_else(|| {
                warnings.push(RenderWarning::new(
                "`{{systemPrompt}}` renders empty: the assistant's system prompt is not in this file or the transcript",
            ));
                String::new()
            })),
            "duration" => Some(values.duration.clone().unwrap_or_else(|| {
                warnings.push(
                    RenderWarning::new("`{{duration}}` renders empty: the call's duration is not known")
                        .help("pass `--duration SECONDS`"),
                );
                String::new()
            })),
            "startedAt" | "endedAt" => {
                warnings.push(RenderWarning::new(format!(
                    "`{{{{{name}}}}}` renders empty here: a transcript does not say when the call started or ended"
                )));
                Some(String::new())
            }
            other => definition.variable(other, &values.schema),
        };
        let value = value.unwrap_or_else(|| {
            let near = crate::template::vocabulary::VAPI_STRUCTURED_OUTPUT.suggest(name);
            let warning = RenderWarning::new(format!(
                "`{}` renders as an empty string: LiquidJS leaves a variable Vapi does not fill empty",
                written
            ));
            warnings.push(match near {
                Some(near) => warning.help(format!("did you mean `{{{{{near}}}}}`?")),
                None => warning,
            });
            String::new()
        });
        Some(std::borrow::Cow::Owned(value))
    })
}

/// Renders one structured-output part: its messages and the `conditions` verdict.
pub(super) fn render(
    plan: &Plan,
    part: &Part,
    definition: &StructuredOutput,
    transcript: &Transcript,
    options: &RenderOptions,
) -> super::RenderedPart {
    let mut warnings = Vec::new();
    let ended_reason = super::ended_reason(transcript, options, &mut warnings);
    let schema = part.schema.as_ref().map(|schema| super::schema_json(schema, crate::json::Layout::Pretty));
    if definition.is_regex() {
        warnings.push(RenderWarning::new(
            "a `type: \"regex\"` output runs its pattern on the transcript; no model receives these messages",
        ));
    }
    let values = Values {
        transcript: super::transcript_text(transcript, &options.labels),
        messages: messages_json(transcript),
        ended_reason: ended_reason.clone(),
        duration: options.duration_seconds.map(|seconds| seconds.to_string()),
        system_prompt: options
            .assistant
            .system_prompt
            .clone()
            .or_else(|| transcript.system_prompt().map(str::to_owned)),
        schema: schema.clone().unwrap_or_default(),
    };
    let mut oversize = None;
    let mut messages = Vec::new();
    for (role, content) in templates(part, &mut warnings) {
        match substitute(&content, definition, &values, &mut warnings) {
            Ok(content) => messages.push(RenderedMessage { role, content }),
            Err(too_big) => oversize = oversize.or(Some(too_big)),
        }
    }
    let message_count = transcript.spoken_count();
    let call =
        Call { messages: message_count, duration_seconds: options.duration_seconds, ended_reason: &ended_reason };
    let unmet = definition.unmet(&call).map(|(i, condition)| {
        let pointer = definition.conditions.as_ref().map(|(p, _)| format!("{p}/{i}")).unwrap_or_default();
        let seen = match condition {
            crate::plan::structured_output::Condition::MinMessages(_) => crate::report::count(message_count, "message"),
            crate::plan::structured_output::Condition::MinCallDuration(_) => {
                format!("{}s", options.duration_seconds.unwrap_or_default())
            }
            crate::plan::structured_output::Condition::EndedReason { .. } => format!("ended reason {ended_reason}"),
        };
        format!("conditions/{i} ({}) is unmet: {seen} (at {pointer})", condition.describe())
    });
    let gates_duration =
        definition.gates().iter().any(|c| matches!(c, crate::plan::structured_output::Condition::MinCallDuration(_)));
    if gates_duration && options.duration_seconds.is_none() {
        warnings.push(
            RenderWarning::new("the call's duration is not known: `minCallDuration` passes, as Vapi's does for a chat")
                .help("pass `--duration SECONDS` to judge it"),
        );
    }
    let sources = super::part_sources(part);
    let unique = super::unique_warnings(warnings);
    super::RenderedPart {
        kind: part.kind.clone(),
        pointer: plan.pointer.clone(),
        enabled: true,
        messages,
        schema: part.schema.as_ref().map(|schema| super::schema_json(schema, crate::json::Layout::Compact)),
        message_count,
        threshold: None,
        ended_reason,
        warnings: unique,
        oversize,
        unmet_condition: Some(unmet),
        sources,
        subtree: Some(part.pointer.clone()),
    }
}
