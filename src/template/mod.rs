//! The prompt template language: `{{placeholder}}` tokens (whitespace and Liquid-style
//! `{{- x -}}` trimming allowed, filters after `|` passed through), `{% tag %}` blocks passed
//! through, and the mistakes seen in the wild: an unclosed `{{`, and single-brace `{transcript}`.
//!
//! Spans are byte ranges into the decoded message text; `json::raw_string_offset` maps them
//! back into the file. Which names a platform fills is [`vocabulary`]'s business.

pub mod vocabulary;

use std::ops::Range;

pub use vocabulary::{Role, Vocabulary};

/// One template construct found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `{{ name }}` or `{{ name | filter }}`.
    Placeholder {
        /// The variable path, trimmed (`transcript`, `customer.number`).
        name: &'a str,
        /// The whole `{{ … }}`.
        range: Range<usize>,
    },
    /// `{{` with no `}}` before the next `{{` or the end of the text.
    Unclosed {
        /// The `{{` and what follows it on the line.
        range: Range<usize>,
    },
    /// `{name}`: one brace each side, which the platform does not substitute.
    SingleBrace {
        /// The word between the braces.
        name: &'a str,
        /// The whole `{…}`.
        range: Range<usize>,
    },
}

/// Scans a message for template tokens, in text order.
pub fn scan(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'{') {
            i = double_brace(text, i, &mut tokens);
        } else if bytes.get(i + 1) == Some(&b'%') {
            // a Liquid tag: passed through unchecked
            i = text[i..].find("%}").map_or(bytes.len(), |end| i + end + 2);
        } else {
            i = single_brace(text, i, &mut tokens);
        }
    }
    tokens
}

/// Handles `{{` at `start`; returns where scanning resumes.
fn double_brace<'a>(text: &'a str, start: usize, tokens: &mut Vec<Token<'a>>) -> usize {
    let body_start = start + 2;
    // every search stops where the next `{{` opens, so a text of many unclosed `{{` is
    // scanned in linear time (a `}}` before the next `{{` cannot reach past it)
    let reopen = text[body_start..].find("{{").map(|at| body_start + at);
    let limit = reopen.unwrap_or(text.len());
    let close = text[body_start..limit].find("}}").map(|at| body_start + at);
    match close {
        Some(close) => {
            let body = &text[body_start..close];
            let body = body.strip_prefix('-').unwrap_or(body);
            let body = body.strip_suffix('-').unwrap_or(body);
            let name = body.split('|').next().unwrap_or_default().trim();
            tokens.push(Token::Placeholder { name, range: start..close + 2 });
            close + 2
        }
        _ => {
            let end = text[start..limit].find('\n').map_or(limit, |at| start + at);
            tokens.push(Token::Unclosed { range: start..end.max(start + 2) });
            start + 2
        }
    }
}

/// Handles a lone `{` at `start`: a `{word}` whose word is a placeholder name or close to one.
fn single_brace<'a>(text: &'a str, start: usize, tokens: &mut Vec<Token<'a>>) -> usize {
    let rest = &text[start + 1..];
    let word_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len());
    let word = &rest[..word_len];
    let after = start + 1 + word_len;
    let closes = text.as_bytes().get(after) == Some(&b'}') && text.as_bytes().get(after + 1) != Some(&b'}');
    let starts_like_a_name = word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if closes && starts_like_a_name && is_placeholder_like(word) {
        tokens.push(Token::SingleBrace { name: word, range: start..after + 1 });
        return after + 1;
    }
    start + 1
}

/// Whether a word is a placeholder some platform fills, in any spelling, or a near miss of
/// one. The scanner does not know which platform renders the text; the rules judge the token
/// by the plan's [`Vocabulary`].
fn is_placeholder_like(word: &str) -> bool {
    crate::text::suggest(word, vocabulary::all_names()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .map(|t| match t {
                Token::Placeholder { name, .. } => format!("{{{{{name}}}}}"),
                Token::Unclosed { range } => format!("unclosed@{}", range.start),
                Token::SingleBrace { name, .. } => format!("{{{name}}}"),
            })
            .collect()
    }

    #[test]
    fn placeholders_with_whitespace_trimming_and_filters() {
        assert_eq!(
            names("A {{ transcript }} B {{-schema-}} {{ endedReason | upcase }}"),
            ["{{transcript}}", "{{schema}}", "{{endedReason}}"]
        );
    }

    #[test]
    fn unclosed_braces_do_not_swallow_the_next_placeholder() {
        assert_eq!(names("{{transcript\n{{schema}}"), ["unclosed@0", "{{schema}}"]);
    }

    #[test]
    fn single_braces_only_for_placeholder_names() {
        assert_eq!(names("Transcript: {transcript}"), ["{transcript}"]);
        assert!(names(r#"Return {"sentiment": 5} and {name}"#).is_empty());
        assert!(names("{% if x %}{{schema}}{% endif %}").contains(&"{{schema}}".to_owned()));
    }
}
