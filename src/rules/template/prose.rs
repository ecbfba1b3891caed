//! Reading what a prompt asks the model in plain words: sentences and the words in them, with
//! their byte ranges in the prompt, for the rules that compare an instruction with the schema
//! or the rubric. Deliberately small: the rules match a few fixed phrasings and stay silent on
//! anything else.

use std::ops::Range;

/// One word: letters, digits, `_` and inner apostrophes (`don't`), lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The word, lowercased.
    pub text: String,
    /// Its bytes in the prompt.
    pub range: Range<usize>,
    /// Whether a comma (or another clause mark inside the sentence) comes before it.
    pub after_comma: bool,
    /// Whether it is written in quotes (`"null"`, `'null'`): a string, not the JSON value.
    pub quoted: bool,
}

/// The sentences of a text: ranges split at `.`, `!` or `?` followed by a space or the end, at
/// `;` and at line breaks.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let ends = match b {
            b'.' | b'!' | b'?' => bytes.get(i + 1).is_none_or(|next| next.is_ascii_whitespace()),
            b';' | b'\n' => true,
            _ => false,
        };
        if ends {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The words of `text[range]`, with ranges in `text`.
pub(crate) fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let slice = &text[range.clone()];
    let mut out = Vec::new();
    let mut after_comma = false;
    let mut current: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    for (index, &(at, c)) in chars.iter().enumerate() {
        let inner_apostrophe = (c == '\'' || c == '’')
            && current.is_some()
            && chars.get(index + 1).is_some_and(|&(_, next)| next.is_alphabetic());
        if is_word(c) || inner_apostrophe {
            current.get_or_insert(at);
            continue;
        }
        if let Some(begin) = current.take() {
            out.push(word(text, range.start + begin..range.start + at, after_comma));
            after_comma = false;
        }
        if matches!(c, ',' | ':' | '(' | ')' | '—' | '–') {
            after_comma = true;
        }
    }
    if let Some(begin) = current {
        out.push(word(text, range.start + begin..range.end, after_comma));
    }
    out
}

fn word(text: &str, range: Range<usize>, after_comma: bool) -> Word {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let quoted = matches!((before, after), (Some('"'), Some('"')) | (Some('\''), Some('\'')) | (Some('“'), Some('”')));
    Word { text: text[range.clone()].to_lowercase().replace('’', "'"), range, after_comma, quoted }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_but_not_inside_numbers() {
        let text = "Rate it 1.5 or more. Then stop; done\nnext";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(parts, ["Rate it 1.5 or more", " Then stop", " done", "next"]);
    }

    #[test]
    fn words_know_commas_and_quotes() {
        let text = "If not said, don't write \"null\"";
        let found = words(text, 0..text.len());
        let shown: Vec<(&str, bool, bool)> = found.iter().map(|w| (w.text.as_str(), w.after_comma, w.quoted)).collect();
        assert_eq!(
            shown,
            [
                ("if", false, false),
                ("not", false, false),
                ("said", false, false),
                ("don't", true, false),
                ("write", false, false),
                ("null", false, true)
            ]
        );
    }
}
