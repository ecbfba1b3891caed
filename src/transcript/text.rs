//! Plain text transcripts: one turn per line, `Label: text`, as Vapi's `artifact.transcript`
//! and Flireo's legacy `transcriptText` write them. A line without a known label continues
//! the turn above it; blank lines are dropped.
//!
//! Which labels start a turn is a fixed list (English and Dutch, the labels seen in the wild)
//! plus the two the user names. A line that *looks* labelled (`Buyer: …`) but is not known
//! still continues the turn above, with a warning, so a `Note: …` inside a turn is kept whole
//! and a custom speaker name is never silently merged into someone else's turn.

use super::{Labels, Speaker, TranscriptError, TranscriptWarning, Turn};

/// Labels of the assistant, lowercase.
const ASSISTANT: &[&str] = &["ai", "assistant", "assistent", "bot", "agent"];
/// Labels of the caller, lowercase.
const USER: &[&str] = &["user", "customer", "caller", "human", "gebruiker", "klant", "beller"];
/// Labels of system lines, lowercase.
const SYSTEM: &[&str] = &["system", "systeem"];

/// A label is short: a name, a role, at most three words.
const MAX_LABEL_LEN: usize = 32;

/// Splits `text` into turns. `at` maps an offset in `text` to an offset in the input (they
/// differ when the text is a decoded JSON string inside a payload).
pub(super) fn parse(
    text: &str,
    at: &dyn Fn(usize) -> usize,
    labels: &Labels,
    warnings: &mut Vec<TranscriptWarning>,
) -> Result<Vec<Turn>, TranscriptError> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut start = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = start;
        start += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start().len();
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let offset = line_start + indent;
        match split_label(line) {
            Some((label, rest)) => match speaker(label, labels) {
                Some(speaker) => turns.push(Turn { speaker, text: rest.to_owned(), offset: at(offset) }),
                None if turns.is_empty() => {
                    return Err(TranscriptError::new(
                        format!("unknown speaker label `{label}`"),
                        at(offset)..at(offset + label.len()),
                    )
                    .help(format!(
                        "known labels are AI, Assistant, Bot, Agent, User, Customer, Caller, Gebruiker, Klant; \
                         name this speaker with `--assistant-label {label}` or `--user-label {label}`"
                    )));
                }
                None => {
                    warnings.push(TranscriptWarning {
                        message: format!("`{label}:` is not a known speaker label; the line is kept in the turn above"),
                        help: Some(format!(
                            "if `{label}` is a speaker, name it with `--assistant-label {label}` or `--user-label {label}`"
                        )),
                        offset: at(offset),
                    });
                    continue_turn(&mut turns, line);
                }
            },
            None if turns.is_empty() => {
                let end = offset + line.chars().next().map_or(0, char::len_utf8);
                return Err(TranscriptError::new(
                    "the transcript does not start with a speaker label such as `AI:` or `User:`",
                    at(offset)..at(end),
                )
                .help(
                    "write one turn per line, `AI: …` / `User: …`, or pass a JSON message array or webhook payload",
                ));
            }
            None => continue_turn(&mut turns, line),
        }
    }
    Ok(turns)
}

fn continue_turn(turns: &mut [Turn], line: &str) {
    if let Some(turn) = turns.last_mut() {
        if !turn.text.is_empty() {
            turn.text.push('\n');
        }
        turn.text.push_str(line);
    }
}

/// `Label: text` → (`Label`, `text`), when the line starts with something shaped like a label:
/// a letter, then at most [`MAX_LABEL_LEN`] letters, digits, spaces, `.`, `-`, `_` or `'` in at
/// most three words, then a colon followed by a space or the end of the line. `10:30` and
/// `https://…` are not labels.
fn split_label(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (label, after) = (&line[..colon], &line[colon + 1..]);
    let shaped = label.len() <= MAX_LABEL_LEN
        && label.starts_with(char::is_alphabetic)
        && !label.ends_with(' ')
        && label.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '\''))
        && label.split(' ').count() <= 3;
    let separated = after.is_empty() || after.starts_with(char::is_whitespace);
    (shaped && separated).then(|| (label, after.trim()))
}

fn speaker(label: &str, labels: &Labels) -> Option<Speaker> {
    let folded = label.to_lowercase();
    if folded == labels.assistant.to_lowercase() {
        Some(Speaker::Assistant)
    } else if folded == labels.user.to_lowercase() {
        Some(Speaker::User)
    } else if ASSISTANT.contains(&folded.as_str()) {
        Some(Speaker::Assistant)
    } else if USER.contains(&folded.as_str()) {
        Some(Speaker::User)
    } else if SYSTEM.contains(&folded.as_str()) {
        Some(Speaker::System)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str) -> Result<Vec<(Speaker, String)>, TranscriptError> {
        let mut warnings = Vec::new();
        let turns = parse(text, &|o| o, &Labels::default(), &mut warnings)?;
        Ok(turns.into_iter().map(|t| (t.speaker, t.text)).collect())
    }

    #[test]
    fn labels_start_turns_and_other_lines_continue_them() {
        let parsed = turns("AI: Goedemiddag.\r\n\r\nGebruiker: Ik wil\n  een afspraak maken.\nAI: Prima, om 10:30?\n");
        assert_eq!(
            parsed.ok(),
            Some(vec![
                (Speaker::Assistant, "Goedemiddag.".to_owned()),
                (Speaker::User, "Ik wil\neen afspraak maken.".to_owned()),
                (Speaker::Assistant, "Prima, om 10:30?".to_owned()),
            ])
        );
    }

    #[test]
    fn unknown_first_label_is_an_error_at_the_label() {
        let error = turns("\n  Buyer: I'm fine.").err();
        assert_eq!(error.map(|e| (e.message, e.range)), Some(("unknown speaker label `Buyer`".to_owned(), 3..8)));
    }

    #[test]
    fn unknown_label_later_is_kept_with_a_warning() {
        let mut warnings = Vec::new();
        let parsed = parse("User: Hi.\nNote: the line dropped.", &|o| o, &Labels::default(), &mut warnings);
        assert_eq!(parsed.map(|t| t.len()).ok(), Some(1));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn configured_labels_are_recognised() {
        let labels = Labels { assistant: "Sophie".to_owned(), user: "Beller".to_owned() };
        let parsed = parse("Sophie: Hallo!\nbeller: Hoi.", &|o| o, &labels, &mut Vec::new());
        let speakers: Vec<_> = parsed.unwrap_or_default().into_iter().map(|t| t.speaker).collect();
        assert_eq!(speakers, [Speaker::Assistant, Speaker::User]);
    }

    #[test]
    fn times_and_urls_are_not_labels() {
        assert_eq!(split_label("10:30 works"), None);
        assert_eq!(split_label("https://example.com"), None);
        assert_eq!(split_label("Customer Service Agent: hi"), Some(("Customer Service Agent", "hi")));
    }
}
