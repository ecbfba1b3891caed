//! A call transcript, read from any of the forms users have at hand: plain text turns
//! (`AI: …` / `User: …`), a JSON array of chat messages (Flireo `{role, content}`, Vapi
//! `{role, message}`), or a whole webhook payload that carries one. The form is detected from
//! the content, never from the file name.
//!
//! A [`Transcript`] is a list of [`Turn`]s, each with a [`Speaker`]. Only user and assistant
//! turns are *spoken*: they are what `{{transcript}}` shows and what `minMessagesThreshold`
//! counts. System and tool messages are kept (a Vapi artifact's first system message is the
//! assistant's system prompt) but are not part of the conversation.
//!
//! Errors carry a byte range into the input, so the command line can say file:line:col.

mod messages;
mod payload;
mod text;

use std::ops::Range;

use crate::json::Document;
use crate::source::Source;

/// Who said a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Speaker {
    /// The voice agent (`AI`, `assistant`, Vapi's `bot`).
    Assistant,
    /// The caller (`User`, `Customer`, `Gebruiker`).
    User,
    /// A system message: instructions, not spoken.
    System,
    /// A tool call or tool result, not spoken.
    Tool,
}

impl Speaker {
    /// Whether the turn was said aloud in the call: user and assistant turns.
    pub fn is_spoken(self) -> bool {
        matches!(self, Speaker::Assistant | Speaker::User)
    }
}

/// One message of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// Who said it.
    pub speaker: Speaker,
    /// What was said; continuation lines of a plain text turn are joined with `\n`.
    pub text: String,
    /// Byte offset in the input where the turn starts.
    pub offset: usize,
}

/// The form a transcript was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// Plain text, one `Label: text` turn per line.
    Text,
    /// A JSON array of `{role, content}` or `{role, message}` objects.
    Messages,
    /// A webhook payload; `field` is the JSON Pointer the transcript was taken from.
    Payload {
        /// Where in the payload the transcript was found, e.g. `/message/artifact/messages`.
        field: String,
    },
}

/// The speaker labels of plain text transcripts, and the labels `{{transcript}}` is
/// rendered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The assistant's label; `AI` by default, as Vapi's and Flireo's transcripts write it.
    pub assistant: String,
    /// The caller's label; `User` by default.
    pub user: String,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels { assistant: "AI".to_owned(), user: "User".to_owned() }
    }
}

/// Something worth telling the user about a transcript that was still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptWarning {
    /// One lowercase line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Byte offset in the input.
    pub offset: usize,
}

/// Why a transcript could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TranscriptError {
    /// One lowercase line naming the culprit and the expectation.
    pub message: String,
    /// Where in the input.
    pub range: Range<usize>,
    /// What to do about it.
    pub help: Option<String>,
}

impl TranscriptError {
    fn new(message: impl Into<String>, range: Range<usize>) -> TranscriptError {
        TranscriptError { message: message.into(), range, help: None }
    }

    fn help(mut self, help: impl Into<String>) -> TranscriptError {
        self.help = Some(help.into());
        self
    }
}

/// A call transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// Every message, in call order.
    pub turns: Vec<Turn>,
    /// The form it was read from.
    pub format: Format,
    /// The payload's `endedReason` / `ended_reason` (or `call.endedReason`), when it has one.
    pub ended_reason: Option<String>,
    /// Things that were read, but maybe not as the user meant.
    pub warnings: Vec<TranscriptWarning>,
}

impl Transcript {
    /// Reads a transcript in any form, with the default speaker labels.
    ///
    /// ```
    /// use plankit::transcript::{Speaker, Transcript};
    /// let source = plankit::Source::new("call.txt", "AI: Goedemiddag!\nGebruiker: Hallo,\nik bel over mijn afspraak.");
    /// let transcript = Transcript::parse(&source)?;
    /// assert_eq!(transcript.turns[1].speaker, Speaker::User);
    /// assert_eq!(transcript.turns[1].text, "Hallo,\nik bel over mijn afspraak.");
    /// assert_eq!(transcript.spoken_count(), 2);
    /// # Ok::<(), plankit::transcript::TranscriptError>(())
    /// ```
    pub fn parse(source: &Source) -> Result<Transcript, TranscriptError> {
        Transcript::parse_with(source, &Labels::default())
    }

    /// Reads a transcript; `labels` are recognised as speaker labels in plain text besides the
    /// usual ones (`AI`, `Assistant`, `Bot`, `Agent`, `User`, `Customer`, `Caller`, `Gebruiker`, …).
    pub fn parse_with(source: &Source, labels: &Labels) -> Result<Transcript, TranscriptError> {
        let text = source.text();
        if looks_like_json(text) {
            let document = Document::parse(text).map_err(|e| {
                TranscriptError::new(format!("not valid JSON: {}", e.message), e.range)
                    .help("a transcript that starts with `{` or `[` is read as JSON")
            })?;
            payload::read(text, &document, labels)
        } else {
            let mut warnings = Vec::new();
            let turns = text::parse(text, &|offset| offset, labels, &mut warnings)?;
            Ok(Transcript { turns, format: Format::Text, ended_reason: None, warnings })
        }
    }

    /// The turns said aloud: user and assistant messages.
    pub fn spoken(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|turn| turn.speaker.is_spoken())
    }

    /// How many messages count towards `minMessagesThreshold`: the spoken turns.
    pub fn spoken_count(&self) -> usize {
        self.spoken().count()
    }

    /// The first system message, which in a Vapi artifact is the assistant's system prompt.
    pub fn system_prompt(&self) -> Option<&str> {
        self.turns.iter().find(|turn| turn.speaker == Speaker::System).map(|turn| turn.text.as_str())
    }
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}
