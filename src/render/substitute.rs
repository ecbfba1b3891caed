//! Placeholder substitution, over the tokens of [`crate::template::scan`] (the same scanner
//! the lint rules use, so what render substitutes and what lint accepts never disagree).
//!
//! Known placeholders are replaced; a placeholder a sub-plan does not fill (`{{schema}}` in a
//! summary, `{{rubric}}` outside success evaluation) renders empty, as on the platform, and
//! `template/placeholder-not-available` says so. Unknown placeholders are left as written.
//! Substituted text is never scanned again: a caller who *says* `{{schema}}` stays literal.

use std::borrow::Cow;

use super::RenderWarning;
use crate::plan::PartKind;
use crate::template::{Role, Token, Vocabulary, scan};

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

/// The most one rendered message may hold. A real analysis prompt is a transcript and a
/// schema, well under a megabyte; a template that repeats `{{transcript}}` thousands of times
/// would otherwise build gigabytes.
pub const MAX_RENDERED_BYTES: usize = 16 * 1024 * 1024;

/// A message that would grow past [`MAX_RENDERED_BYTES`]: the placeholder being filled when
/// it did, how often the message uses it, and how large its value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversize {
    /// The placeholder, as written.
    pub placeholder: String,
    /// How many times the message uses it.
    pub uses: usize,
    /// The size of its value in bytes.
    pub value_bytes: usize,
}

/// Replaces every placeholder of `template` that `vocabulary`'s platform fills, for a part of
/// kind `kind`.
pub(super) fn substitute(
    template: &str,
    vocabulary: &Vocabulary,
    kind: &PartKind,
    values: &Values<'_>,
    warnings: &mut Vec<RenderWarning>,
) -> Result<String, Oversize> {
    replace_placeholders(template, |name, written| {
        let value = value(vocabulary.role(name)?, kind, values, warnings)?;
        if written.contains('|') {
            warnings.push(RenderWarning::new(format!(
                "`{written}`: plankit substitutes the value but does not apply Liquid filters"
            )));
        }
        Some(Cow::Borrowed(value))
    })
}

/// Replaces every `{{ }}` of `template` for which `lookup` (given the name and the placeholder
/// as written) has a value, leaving the others as written; refuses a result over
/// [`MAX_RENDERED_BYTES`], naming the placeholder that made it so.
pub(super) fn replace_placeholders<'v>(
    template: &str,
    mut lookup: impl FnMut(&str, &str) -> Option<Cow<'v, str>>,
) -> Result<String, Oversize> {
    let tokens = scan(template);
    let mut out = String::with_capacity(template.len().min(MAX_RENDERED_BYTES));
    let mut copied = 0;
    for token in &tokens {
        let Token::Placeholder { name, range } = token else { continue };
        let Some(value) = lookup(name, &template[range.clone()]) else { continue };
        if out.len() + (range.start - copied) + value.len() > MAX_RENDERED_BYTES {
            let uses = tokens.iter().filter(|t| matches!(t, Token::Placeholder { name: n, .. } if n == name)).count();
            return Err(Oversize { placeholder: template[range.clone()].to_owned(), uses, value_bytes: value.len() });
        }
        out.push_str(&template[copied..range.start]);
        out.push_str(&value);
        copied = range.end;
    }
    out.push_str(&template[copied..]);
    Ok(out)
}

/// The value of a placeholder that plays `role`; `None` leaves it as written.
fn value<'a>(role: Role, kind: &PartKind, values: &Values<'a>, warnings: &mut Vec<RenderWarning>) -> Option<&'a str> {
    match role {
        Role::Conversation => Some(values.transcript),
        Role::EndedReason => Some(values.ended_reason),
        Role::Schema => Some(if kind.has_schema() { values.schema.unwrap_or_default() } else { "" }),
        Role::Rubric => Some(if *kind == PartKind::SuccessEvaluation { values.rubric } else { "" }),
        Role::SystemPrompt => Some(values.system_prompt.unwrap_or_else(|| {
            warnings.push(
                RenderWarning::new("`{{systemPrompt}}` renders empty: no assistant system prompt was found").help(
                    "plankit takes it from the plan file's `model.messages` or the transcript's first system message",
                ),
            );
            ""
        })),
        Role::AssistantMessages => Some(values.model_messages.unwrap_or_else(|| {
            warnings.push(
                RenderWarning::new("`{{messages}}` renders empty: the plan file has no assistant `model.messages`")
                    .help("Vapi fills `{{messages}}` with the assistant's `model.messages`"),
            );
            ""
        })),
        // roles no analysis-plan vocabulary has yet (structured outputs' definition, the
        // message array, call timing): left as written until a vocabulary fills them
        Role::ConversationMessages | Role::Definition | Role::CallTiming => None,
    }
}
