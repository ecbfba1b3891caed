//! Placeholder substitution, over the tokens of [`crate::template::scan`] (the same scanner
//! the lint rules use, so what render substitutes and what lint accepts never disagree).
//!
//! Known placeholders are replaced; a placeholder a sub-plan does not fill (`{{schema}}` in a
//! summary, `{{rubric}}` outside success evaluation) renders empty, as on the platform, and
//! `template/placeholder-not-available` says so. Unknown placeholders are left as written.
//! Substituted text is never scanned again: a caller who *says* `{{schema}}` stays literal.

use super::RenderWarning;
use crate::plan::PartKind;
use crate::template::{Token, scan};

/// The values placeholders are replaced with.
pub(super) struct Values<'a> {
    /// `{{transcript}}`: one line per spoken turn.
    pub transcript: &'a str,
    /// `{{schema}}`: the part's schema as JSON, when it has one.
    pub schema: Option<&'a str>,
    /// `{{endedReason}}`.
    pub ended_reason: &'a str,
    /// `{{rubric}}`.
    pub rubric: &'a str,
    /// `{{systemPrompt}}`, when the assistant's prompt is known.
    pub system_prompt: Option<&'a str>,
    /// `{{messages}}`: the assistant's prompt messages as JSON, when known.
    pub model_messages: Option<&'a str>,
}

/// Replaces every known placeholder of `template` for a part of kind `kind`.
pub(super) fn substitute(
    template: &str,
    kind: &PartKind,
    values: &Values<'_>,
    warnings: &mut Vec<RenderWarning>,
) -> String {
    let mut out = String::with_capacity(template.len() + values.transcript.len());
    let mut copied = 0;
    for token in scan(template) {
        let Token::Placeholder { name, range } = token else { continue };
        let Some(value) = value(name, kind, values, warnings) else { continue };
        let written = &template[range.clone()];
        if written.contains('|') {
            warnings.push(RenderWarning::new(format!(
                "`{written}`: plankit substitutes the value but does not apply Liquid filters"
            )));
        }
        out.push_str(&template[copied..range.start]);
        out.push_str(value);
        copied = range.end;
    }
    out.push_str(&template[copied..]);
    out
}

/// The value of a placeholder; `None` leaves it as written.
fn value<'a>(name: &str, kind: &PartKind, values: &Values<'a>, warnings: &mut Vec<RenderWarning>) -> Option<&'a str> {
    match name {
        "transcript" => Some(values.transcript),
        "endedReason" => Some(values.ended_reason),
        "schema" => Some(if kind.has_schema() { values.schema.unwrap_or_default() } else { "" }),
        "rubric" => Some(if *kind == PartKind::SuccessEvaluation { values.rubric } else { "" }),
        "systemPrompt" => Some(values.system_prompt.unwrap_or_else(|| {
            warnings.push(
                RenderWarning::new("`{{systemPrompt}}` renders empty: no assistant system prompt was found").help(
                    "plankit takes it from the plan file's `model.messages` or the transcript's first system message",
                ),
            );
            ""
        })),
        "messages" => Some(values.model_messages.unwrap_or_else(|| {
            warnings.push(
                RenderWarning::new("`{{messages}}` renders empty: the plan file has no assistant `model.messages`")
                    .help("Vapi fills `{{messages}}` with the assistant's `model.messages`"),
            );
            ""
        })),
        _ => None,
    }
}
