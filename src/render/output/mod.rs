//! The output formats of `plankit render`, one file each: `text` (the messages between
//! `── role ──` rules, for people), `json` (the versioned contract, for programs) and
//! `openai` (a Chat Completions request body to POST as is). None of them prints.

pub mod json;
pub mod openai;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::source::Source;
use crate::transcript::TranscriptWarning;

use super::RenderWarning;

/// A warning from any stage (a lint rule on the plan, the transcript reader, the render
/// itself), in the one shape every format prints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The lint rule, for findings of one.
    pub rule: Option<&'static str>,
    /// One lowercase line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The file it is about, when it has a place.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
}

impl From<&Diagnostic> for Warning {
    fn from(d: &Diagnostic) -> Warning {
        Warning {
            rule: Some(d.rule),
            message: d.message.clone(),
            help: d.help.clone(),
            file: Some(d.file.clone()),
            line: d.start.map(|p| p.line),
            column: d.start.map(|p| p.column),
        }
    }
}

impl From<&RenderWarning> for Warning {
    fn from(w: &RenderWarning) -> Warning {
        Warning { rule: None, message: w.message.clone(), help: w.help.clone(), file: None, line: None, column: None }
    }
}

impl Warning {
    /// A transcript reader's warning, placed in the transcript file.
    pub fn from_transcript(warning: &TranscriptWarning, source: &Source) -> Warning {
        let at = source.line_column(warning.offset);
        Warning {
            rule: None,
            message: warning.message.clone(),
            help: warning.help.clone(),
            file: Some(source.name().to_owned()),
            line: Some(at.line),
            column: Some(at.column),
        }
    }
}
