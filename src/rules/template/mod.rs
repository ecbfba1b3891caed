//! `template/*`: the prompt messages — placeholders the platform fills, and the ones it
//! does not.

use crate::plan::{Message, Part};
use crate::rules::PlanContext;
use crate::template::{Role, Token, Vocabulary, scan};

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

/// Whether any message of the part has a misspelling of a placeholder that plays `role` on
/// the plan's platform (`{{transcirpt}}` for `{{transcript}}`): that mistake is reported once,
/// by `template/unknown-placeholder`, not again as the placeholder missing.
pub(crate) fn part_misspells(part: &Part, vocabulary: &Vocabulary, role: Role) -> bool {
    part.messages.iter().filter_map(|m| m.content.as_deref()).any(|content| {
        scan(content).iter().any(|token| {
            matches!(token, Token::Placeholder { name: written, .. }
                if !vocabulary.is_known(written)
                    && vocabulary.suggest(written).and_then(|near| vocabulary.role(near)) == Some(role))
        })
    })
}

/// Whether any message of the part fills a placeholder whose role on the plan's platform
/// passes `wanted`.
pub(crate) fn part_uses(part: &Part, vocabulary: &Vocabulary, wanted: impl Fn(Role) -> bool) -> bool {
    part.messages.iter().filter_map(|m| m.content.as_deref()).any(|content| {
        scan(content)
            .iter()
            .any(|token| matches!(token, Token::Placeholder { name, .. } if vocabulary.role(name).is_some_and(&wanted)))
    })
}
