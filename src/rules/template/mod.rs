//! `template/*`: the prompt messages — placeholders the platform fills, and the ones it
//! does not.

use crate::plan::{Message, Part};
use crate::rules::PlanContext;
use crate::template::{Token, scan};

pub mod missing_schema;
pub mod missing_transcript;
pub mod null_not_allowed;
pub mod placeholder_not_available;
mod prose;
pub mod rubric_scale_mismatch;
pub mod single_brace_placeholder;
pub mod unclosed_placeholder;
pub mod unknown_placeholder;

/// Calls `visit` for every template token of every message of the plan.
pub(crate) fn each_token(ctx: &PlanContext<'_>, visit: &mut dyn FnMut(&Part, &Message, Token<'_>)) {
    for part in &ctx.plan.parts {
        for message in &part.messages {
            let Some(content) = &message.content else { continue };
            for token in scan(content) {
                visit(part, message, token);
            }
        }
    }
}

/// Whether any message of the part has a misspelling of `name` (`{{transcirpt}}` for
/// `transcript`): that mistake is reported once, by `template/unknown-placeholder`, not again
/// as the placeholder missing.
pub(crate) fn part_misspells(part: &Part, name: &str) -> bool {
    part.messages.iter().filter_map(|m| m.content.as_deref()).any(|content| {
        scan(content).iter().any(|token| {
            matches!(token, Token::Placeholder { name: written, .. }
                if !crate::template::is_known_in(&part.kind, written)
                    && crate::template::suggest_in(&part.kind, written) == Some(name))
        })
    })
}

/// Whether any message of the part has a misspelling of one of `names`.
pub(crate) fn part_misspells_any(part: &Part, names: &[&str]) -> bool {
    names.iter().any(|name| part_misspells(part, name))
}

/// Whether any message of the part fills one of `names`.
pub(crate) fn part_uses(part: &Part, names: &[&str]) -> bool {
    part.messages.iter().filter_map(|m| m.content.as_deref()).any(|content| {
        scan(content).iter().any(|token| matches!(token, Token::Placeholder { name, .. } if names.contains(name)))
    })
}
