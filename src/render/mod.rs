//! Rendering a plan for one call: the exact chat messages each sub-plan sends the analysis
//! model, how many messages count towards `minMessagesThreshold`, and whether the analysis
//! would run at all.
//!
//! Choices where the platforms publish nothing (README `## render` repeats them for users):
//! - `{{transcript}}` is one line per *spoken* turn, `AI: …` / `User: …` (labels configurable);
//!   system and tool messages are left out, and a turn's line breaks become spaces.
//! - `minMessagesThreshold` counts the spoken turns (user + assistant); a call with fewer is
//!   skipped. Without a threshold the analysis runs.
//! - A sub-plan runs unless `enabled: false` (legacy flat fields: unless its prompt is `""`).
//! - A sub-plan without messages gets Vapi's default prompt; a legacy flat prompt is sent as the
//!   system message with the transcript as the user message.
//! - `{{endedReason}}` is the option, else the transcript payload's, else
//!   [`ended_reason::DEFAULT`]; an unknown one is a warning.
//!
//! ```
//! use plankit::render::RenderOptions;
//! use plankit::transcript::Transcript;
//! let plan = r#"{"structuredDataPlan": {"enabled": true, "schema": {"type": "object"},
//!   "messages": [{"role": "user", "content": "{{ schema }}\n{{transcript}}\n{{endedReason}}"}]},
//!   "minMessagesThreshold": 3}"#;
//! let plan = &plankit::plan::find_plans(&serde_json::from_str(plan)?)[0];
//! let call = Transcript::parse(&plankit::Source::new("call.txt", "AI: Hallo!\nGebruiker: Hoi."))?;
//! let parts = plan.render(&call, &RenderOptions::default());
//! assert_eq!(parts[0].messages[0].content, "{\n  \"type\": \"object\"\n}\nAI: Hallo!\nUser: Hoi.\ncustomer-ended-call");
//! assert!(!parts[0].would_run());
//! assert_eq!(parts[0].verdict_line(), "analysis would be skipped: 2 messages < minMessagesThreshold 3");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod assistant;
mod defaults;
pub mod ended_reason;
pub mod output;
mod retell;
mod structured;
pub mod substitute;

pub use assistant::Assistant;

use crate::json::{Layout, reformat_without};
use crate::plan::{Part, PartKind, Plan};
use crate::transcript::{Labels, Transcript};
use substitute::{Values, substitute};

/// How `{{schema}}` is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SchemaStyle {
    /// Indented JSON, two spaces.
    #[default]
    Pretty,
    /// JSON on one line.
    Compact,
}

/// What a render needs besides the plan and the call.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The speaker labels `{{transcript}}` is written with.
    pub labels: Labels,
    /// The ended reason, overriding the transcript payload's.
    pub ended_reason: Option<String>,
    /// How `{{schema}}` is written.
    pub schema_style: SchemaStyle,
    /// The plan's assistant, for `{{systemPrompt}}` and `{{messages}}`.
    pub assistant: Assistant,
    /// How long the call lasted, in seconds, for a structured output's `{{duration}}` and its
    /// `minCallDuration` condition.
    pub duration_seconds: Option<f64>,
    /// The platform whose placeholders are filled, instead of the one the plan's keys say
    /// (`platform`, `--platform`).
    pub platform: Option<crate::template::vocabulary::Dialect>,
}

/// One chat message as the model receives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RenderedMessage {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// The content with every known placeholder substituted.
    pub content: String,
}

/// Something the user should know about a render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderWarning {
    /// One lowercase line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl RenderWarning {
    fn new(message: impl Into<String>) -> RenderWarning {
        RenderWarning { message: message.into(), help: None }
    }

    fn help(mut self, help: impl Into<String>) -> RenderWarning {
        self.help = Some(help.into());
        self
    }
}

/// Whether the platform would run a sub-plan's analysis for this call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It runs.
    Runs,
    /// Skipped: fewer spoken messages than `minMessagesThreshold`.
    BelowThreshold,
    /// Skipped: the sub-plan is disabled.
    Disabled,
    /// Skipped: a structured output's `conditions` are not met.
    ConditionUnmet,
}

/// One sub-plan rendered for one call.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedPart {
    /// What the sub-plan produces.
    pub kind: PartKind,
    /// JSON Pointer of the sub-plan in the plan file (of the prompt field, for legacy flat fields).
    pub pointer: String,
    /// Whether the sub-plan is enabled (see the module docs for the defaults).
    pub enabled: bool,
    /// The messages the model receives, in order.
    pub messages: Vec<RenderedMessage>,
    /// The schema the output must match, when the sub-plan has one: compact JSON text with
    /// the keys in the order the author wrote them.
    pub schema: Option<String>,
    /// Messages that count towards the threshold: the spoken turns.
    pub message_count: usize,
    /// `minMessagesThreshold`, when the plan sets a usable one.
    pub threshold: Option<u64>,
    /// The value `{{endedReason}}` rendered as.
    pub ended_reason: String,
    /// What the user should know, in order, without repeats.
    pub warnings: Vec<RenderWarning>,
    /// Set when a message would have grown past [`substitute::MAX_RENDERED_BYTES`]: that
    /// message is left out of `messages`, and the render is not what the platform would send.
    pub oversize: Option<substitute::Oversize>,
    /// For a structured output: `Some(None)` when its `conditions` let it run, `Some(Some(why))`
    /// naming the first unmet condition; `None` for the other parts.
    pub unmet_condition: Option<Option<String>>,
    /// Plan pointers this part was rendered from, for matching lint findings to it.
    sources: Vec<String>,
    /// Every pointer under this one belongs to the part (not for legacy flat fields, whose
    /// part is the whole plan object).
    subtree: Option<String>,
}

impl RenderedPart {
    /// The verdict for this call.
    pub fn verdict(&self) -> Verdict {
        if !self.enabled {
            Verdict::Disabled
        } else if matches!(self.unmet_condition, Some(Some(_))) {
            Verdict::ConditionUnmet
        } else if self.threshold.is_some_and(|threshold| (self.message_count as u64) < threshold) {
            Verdict::BelowThreshold
        } else {
            Verdict::Runs
        }
    }

    /// Whether the analysis would run.
    pub fn would_run(&self) -> bool {
        self.verdict() == Verdict::Runs
    }

    /// The verdict and its reason in one line:
    /// `analysis would run: 6 messages ≥ minMessagesThreshold 5`.
    pub fn verdict_line(&self) -> String {
        let count = crate::report::count(self.message_count, "message");
        match &self.unmet_condition {
            Some(Some(why)) => return format!("structured output would be skipped: {why}"),
            Some(None) => return format!("structured output would run: {count}, every condition met"),
            None => {}
        }
        if self.kind == PartKind::PostCallAnalysis {
            // Retell has no `minMessagesThreshold` (nor any gate an agent sets)
            return format!("post-call analysis would run: {count} (Retell sets no message threshold)");
        }
        match (self.verdict(), self.threshold) {
            (Verdict::Disabled, _) => format!("analysis would be skipped: the {} plan is disabled", self.kind.name()),
            (Verdict::BelowThreshold | Verdict::ConditionUnmet, Some(threshold)) => {
                format!("analysis would be skipped: {count} < minMessagesThreshold {threshold}")
            }
            (_, Some(threshold)) => format!("analysis would run: {count} ≥ minMessagesThreshold {threshold}"),
            (_, None) => format!("analysis would run: {count}, no minMessagesThreshold set"),
        }
    }

    /// Whether a finding at `pointer` (in the plan file) concerns this part.
    pub fn concerns(&self, pointer: &str) -> bool {
        self.sources.iter().any(|source| source == pointer)
            || self.subtree.as_deref().is_some_and(|root| {
                pointer.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
    }
}

impl Plan {
    /// Renders every sub-plan of this plan for one call, enabled or not, in file order.
    pub fn render(&self, transcript: &Transcript, options: &RenderOptions) -> Vec<RenderedPart> {
        let written = !self.parts.is_empty();
        let mut parts: Vec<RenderedPart> =
            self.effective_parts().iter().map(|part| render_part(self, part, transcript, options)).collect();
        if !written {
            for part in &mut parts {
                part.warnings.insert(
                    0,
                    RenderWarning::new(format!(
                        "the plan defines no sub-plan: Vapi runs its default {} plan",
                        part.kind.name()
                    ))
                    .help("write `summaryPlan`, `structuredDataPlan` or `successEvaluationPlan` to choose what runs"),
                );
            }
        }
        parts
    }
}

/// `{{transcript}}`: one `Label: text` line per spoken turn, line breaks inside a turn
/// turned into spaces.
pub fn transcript_text(transcript: &Transcript, labels: &Labels) -> String {
    let lines: Vec<String> = transcript
        .spoken()
        .map(|turn| {
            let label = match turn.speaker {
                crate::transcript::Speaker::User => &labels.user,
                _ => &labels.assistant,
            };
            let text: Vec<&str> = turn.text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
            format!("{label}: {}", text.join(" "))
        })
        .collect();
    lines.join("\n")
}

/// The schema as JSON text, keys in the author's order when the plan was read from a file.
/// plankit's own `x-plankit-*` annotations are left out: a provider never sees them.
fn schema_json(schema: &crate::plan::Schema, layout: Layout) -> String {
    let annotated = crate::suppress::plankit_key_nodes(&schema.value);
    let drop = |object: &str, key: &str| crate::suppress::is_plankit_key(key) && annotated.iter().any(|n| n == object);
    schema.text.as_deref().and_then(|text| reformat_without(text, layout, &drop)).unwrap_or_else(|| {
        let mut value = schema.value.clone();
        crate::suppress::strip_plankit_keys(&mut value);
        // serialising a parsed JSON value cannot fail
        match layout {
            Layout::Pretty => serde_json::to_string_pretty(&value).unwrap_or_default(),
            Layout::Compact => serde_json::to_string(&value).unwrap_or_default(),
        }
    })
}

fn render_part(plan: &Plan, part: &Part, transcript: &Transcript, options: &RenderOptions) -> RenderedPart {
    if let Some(definition) = part.kind.structured_output() {
        return structured::render(plan, part, definition, transcript, options);
    }
    let mut warnings = Vec::new();
    let ended_reason = ended_reason(transcript, options, &mut warnings);
    let threshold = threshold(plan, &mut warnings);
    let enabled = enabled(plan, part, &mut warnings);
    let layout = match options.schema_style {
        SchemaStyle::Pretty => Layout::Pretty,
        SchemaStyle::Compact => Layout::Compact,
    };
    let schema_text = part.schema.as_ref().map(|schema| schema_json(schema, layout));
    let transcript_text = transcript_text(transcript, &options.labels);
    let values = Values {
        transcript: &transcript_text,
        schema: schema_text.as_deref(),
        ended_reason: &ended_reason,
        rubric: part.rubric.as_deref().unwrap_or("PassFail"),
        system_prompt: options.assistant.system_prompt.as_deref().or_else(|| transcript.system_prompt()),
        model_messages: options.assistant.model_messages.as_deref(),
    };
    let retell = part.kind == PartKind::PostCallAnalysis;
    let templates = if retell { Vec::new() } else { templates(part, &mut warnings) };
    let vocabulary = crate::template::vocabulary::for_plan(plan, options.platform);
    let mut oversize = None;
    let mut messages = if retell { retell::messages(part, &transcript_text, &mut warnings) } else { Vec::new() };
    for (role, content) in templates {
        match substitute(&content, vocabulary, &part.kind, &values, &mut warnings) {
            Ok(content) => messages.push(RenderedMessage { role, content }),
            // the message is left out; `oversize` says why, and the CLI refuses the render
            Err(too_big) => oversize = oversize.or(Some(too_big)),
        }
    }
    let message_count = transcript.spoken_count();
    if threshold.is_none() && message_count < 2 && enabled && !retell {
        warnings.push(
            RenderWarning::new("the plan sets no minMessagesThreshold: Vapi's default of 2 would skip this call")
                .help("set `minMessagesThreshold` to say how short a call may be and still be analysed"),
        );
    }
    let sources = part_sources(part);
    let unique = unique_warnings(warnings);
    RenderedPart {
        kind: part.kind.clone(),
        pointer: pointer(part),
        enabled,
        messages,
        schema: part.schema.as_ref().map(|schema| schema_json(schema, Layout::Compact)),
        message_count,
        threshold,
        ended_reason,
        warnings: unique,
        oversize,
        unmet_condition: None,
        sources,
        subtree: (!part.legacy).then(|| part.pointer.clone()),
    }
}

/// Where the part is written: its sub-plan object, or for legacy flat fields (which share the
/// plan object) the prompt field, else the schema field.
fn pointer(part: &Part) -> String {
    let field = part.messages.first().map(|m| &m.pointer).or(part.schema.as_ref().map(|s| &s.pointer));
    match field {
        Some(field) if part.legacy => field.clone(),
        _ => part.pointer.clone(),
    }
}

/// The `(role, template)` pairs a part sends: its messages, or the platform's defaults.
fn templates(part: &Part, warnings: &mut Vec<RenderWarning>) -> Vec<(String, String)> {
    let written: Vec<(String, String)> = part
        .messages
        .iter()
        .filter_map(|message| {
            let pair = message.role.clone().zip(message.content.clone());
            if pair.is_none() {
                warnings.push(RenderWarning::new(format!(
                    "the message at {} is left out: it needs a string `role` and `content`",
                    message.pointer
                )));
            }
            pair
        })
        .collect();
    if part.legacy && !written.is_empty() {
        // the flat prompt is the system message; the platform sends the call as the user message
        return written.into_iter().chain([("user".to_owned(), "{{transcript}}".to_owned())]).collect();
    }
    if written.is_empty() {
        warnings.push(
            RenderWarning::new(format!(
                "the {} plan has no messages: showing Vapi's default prompt (Flireo publishes none)",
                part.kind.name()
            ))
            .help("write the plan's `messages` to control exactly what the model reads"),
        );
        return defaults::messages(&part.kind)
            .iter()
            .map(|(role, text)| ((*role).to_owned(), (*text).to_owned()))
            .collect();
    }
    written
}

fn ended_reason(transcript: &Transcript, options: &RenderOptions, warnings: &mut Vec<RenderWarning>) -> String {
    let reason = options
        .ended_reason
        .clone()
        .or_else(|| transcript.ended_reason.clone())
        .unwrap_or_else(|| ended_reason::DEFAULT.to_owned());
    if !ended_reason::is_known(&reason) {
        let warning = RenderWarning::new(format!(
            "unknown ended reason {}: not one of Vapi's ended reasons or Flireo's call statuses",
            crate::text::quote(&reason)
        ));
        warnings.push(match ended_reason::suggest(&reason) {
            Some(near) => warning.help(format!("did you mean `{near}`?")),
            None => warning.help("it is rendered as given; common ones are `customer-ended-call`, `assistant-ended-call`, `voicemail`, `silence-timed-out`"),
        });
    }
    reason
}

/// `minMessagesThreshold` as a count: a whole number ≥ 0 (`5` or `5.0`).
fn threshold(plan: &Plan, warnings: &mut Vec<RenderWarning>) -> Option<u64> {
    let (_, value) = plan.threshold.as_ref()?;
    let whole = value.as_u64().or_else(|| {
        value.as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= u32::MAX as f64).map(|n| n as u64)
    });
    if whole.is_none() {
        warnings.push(
            RenderWarning::new(format!("minMessagesThreshold {value} is not a whole number ≥ 0; rendered as if unset"))
                .help("`plankit lint` reports it as `plan/invalid-threshold` or `plan/wrong-type`"),
        );
    }
    whole
}

/// Whether a part runs: `enabled` as written (for a legacy flat part: unless its prompt is `""`);
/// otherwise yes, with a warning where Vapi's default differs.
fn enabled(plan: &Plan, part: &Part, warnings: &mut Vec<RenderWarning>) -> bool {
    if let Some(enabled) = part.enabled {
        return enabled;
    }
    if part.legacy {
        return true;
    }
    if part.kind.has_schema() && plan.shape != crate::plan::Shape::Template {
        warnings.push(
            RenderWarning::new(
                "the structured data plan does not say `enabled`: plankit renders it, but Vapi's default is `false`",
            )
            .help("write `\"enabled\": true` so the plan runs on every platform (`plankit lint` reports it as `plan/disabled-by-default`)"),
        );
    }
    true
}

/// The pointers a rendered part comes from: its messages, their contents and its schema.
fn part_sources(part: &crate::plan::Part) -> Vec<String> {
    let mut sources: Vec<String> =
        part.messages.iter().flat_map(|m| [m.pointer.clone(), m.content_pointer.clone()]).collect();
    sources.extend(part.schema.as_ref().map(|schema| schema.pointer.clone()));
    sources
}

/// The warnings in order, each said once.
fn unique_warnings(warnings: Vec<RenderWarning>) -> Vec<RenderWarning> {
    let mut unique = Vec::new();
    for warning in warnings {
        if !unique.contains(&warning) {
            unique.push(warning);
        }
    }
    unique
}
