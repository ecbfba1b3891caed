//! `template/unclosed-placeholder`

use crate::fix::{Applicability, Edit, Fix};
use crate::rules::template::{each_token, message_edit};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::{Token, Vocabulary};

declare_rule! {
    /// A message opens a placeholder with `{{` and never closes it with `}}`.
    ///
    /// ## What it checks
    /// Every `{{` in a message has a matching `}}` before the next `{{`.
    ///
    /// ## Why it matters
    /// The platform does not substitute a half-written placeholder: the model receives the
    /// literal text `{{transcript` and no transcript, or a template error drops the message.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "Schema: {{schema}\n\nTranscript: {{transcript}}" }
    /// ```
    ///
    /// ## How to fix
    /// Close the placeholder: `{{schema}}`.
    ///
    /// ## Fix
    /// Offered only when the intended close is unambiguous: the `{{` is followed by a
    /// placeholder's exact name. The fix completes the `}}` right after the name. It is
    /// **safe** when the name is followed by a single `}` (`{{transcript}`) or by the end of the
    /// line or message: nothing else could have been meant. When other text follows the name on
    /// the line, it is **unsafe**: that text might have belonged inside the braces.
    pub static RULE = "template/unclosed-placeholder", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_token(ctx, &mut |_, message, token| {
        let Token::Unclosed { range } = token else { return };
        let fix =
            message.content.as_deref().and_then(|content| close(content, range.start, ctx.vocabulary())).and_then(
                |(at, closing, applicability)| {
                    let edit: Edit = message_edit(ctx, message, at..at, closing)?;
                    Some(Fix::edits(applicability, format!("close the placeholder with `{closing}`"), vec![edit]))
                },
            );
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), "placeholder opened with `{{` is never closed")
                .in_string(range.start..range.start + 2)
                .label("no matching `}}`")
                .help("close it with `}}`, e.g. `{{transcript}}`")
                .maybe_fix(fix),
        );
    });
}

/// Where the `{{` opened at `open` should close, what closes it there, and how sure that is;
/// `None` unless an exact placeholder name follows the braces.
fn close(content: &str, open: usize, vocabulary: &Vocabulary) -> Option<(usize, &'static str, Applicability)> {
    let after = content.get(open + 2..)?;
    let body = after.trim_start_matches([' ', '-']);
    let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(body.len());
    if !vocabulary.is_known(&body[..name_len]) {
        return None;
    }
    let at = open + 2 + (after.len() - body.len()) + name_len;
    let rest = &content[at..];
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.starts_with('}') {
        // `{{transcript}`: the second brace goes beside the first
        let brace_at = at + (rest.len() - trimmed.len());
        return Some((brace_at + 1, "}", Applicability::Safe));
    }
    let line_ends = trimmed.is_empty() || trimmed.starts_with(['\n', '\r']);
    Some((at, "}}", if line_ends { Applicability::Safe } else { Applicability::Unsafe }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_close_goes_after_an_exact_name_only() {
        assert_eq!(
            close("a {{transcript} b", 2, &crate::template::vocabulary::VAPI_ANALYSIS_PLAN),
            Some((15, "}", Applicability::Safe))
        );
        assert_eq!(
            close("a {{ transcript", 2, &crate::template::vocabulary::VAPI_ANALYSIS_PLAN),
            Some((15, "}}", Applicability::Safe))
        );
        assert_eq!(
            close("{{transcript and more", 0, &crate::template::vocabulary::VAPI_ANALYSIS_PLAN),
            Some((12, "}}", Applicability::Unsafe))
        );
        assert_eq!(close("{{transcirpt", 0, &crate::template::vocabulary::VAPI_ANALYSIS_PLAN), None);
    }
}
