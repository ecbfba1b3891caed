//! `plankit validate --format human`: one `error[rule]: message` (or `warning[rule]`) and
//! `  --> file:line:col` per finding (no code frame: an NDJSON line is a kilobyte wide), help
//! lines, a `note:` where plankit had to assume a payload's dialect, then
//! `2 of 48,210 documents invalid`. Colours follow rustc's; anstream strips them when the
//! output is not a terminal or `NO_COLOR` is set.

use crate::diagnostic::Severity;
use crate::recognise::DialectChoice;
use crate::validate::{DocumentReport, Located, RunSummary, ValidatedInput};

const ERROR: &str = "\x1b[1;91m";
const WARNING: &str = "\x1b[1;93m";
const NOTE: &str = "\x1b[1;92m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;94m";
const RESET: &str = "\x1b[0m";

/// Renders every finding and note of every reported document, then the summary line.
pub fn render(inputs: &[ValidatedInput], styled: bool) -> String {
    let mut out = String::new();
    let mut notes = Notes::default();
    for document in inputs.iter().flat_map(|i| &i.reported) {
        render_document(&mut out, document, styled, &mut notes);
    }
    out.push_str(&summary_line(&RunSummary::of(inputs)));
    out.push('\n');
    out
}

/// The text of the dialect note last rendered, with the choice it puts in words: a stream's
/// documents are mostly read in one dialect on the same evidence, and the sentence is then
/// built once for all of them.
#[derive(Debug, Default)]
pub struct Notes {
    last: Option<(DialectChoice, Option<String>)>,
}

impl Notes {
    fn of(&mut self, choice: DialectChoice) -> Option<&str> {
        match &mut self.last {
            Some((last, _)) if *last == choice => {}
            last => *last = Some((choice, choice.note())),
        }
        self.last.as_ref().and_then(|(_, note)| note.as_deref())
    }
}

/// Appends one document's findings and note, as [`render`] lists them (for streaming, with
/// the same `notes` for every document).
pub fn render_document(out: &mut String, document: &DocumentReport, styled: bool, notes: &mut Notes) {
    for error in &document.errors {
        render_one(out, &document.file, error, styled);
    }
    if let Some(note) = document.dialect.and_then(|choice| notes.of(choice)) {
        render_note(out, document, note, styled);
    }
}

fn render_one(out: &mut String, file: &str, error: &Located, styled: bool) {
    let (style, level) = match error.severity {
        Severity::Error => (ERROR, "error"),
        Severity::Warning => (WARNING, "warning"),
    };
    let (style, bold, blue, reset) = if styled { (style, BOLD, BLUE, RESET) } else { ("", "", "", "") };
    // pieces pushed straight into `out`, numbers written by itoa: a stream's every invalid
    // document comes through here
    let head = [style, level, "[", error.rule.name, "]", reset, bold, ": ", &error.message, reset];
    for piece in head.into_iter().chain(["\n  ", blue, "-->", reset, " ", file]) {
        out.push_str(piece);
    }
    let mut number = itoa::Buffer::new();
    for n in [error.line, error.line.and(error.column)].into_iter().flatten() {
        out.push(':');
        out.push_str(number.format(n));
    }
    out.push('\n');
    if let Some(help) = &error.help {
        for piece in ["  ", blue, "= help:", reset, " ", help, "\n"] {
            out.push_str(piece);
        }
    }
}

fn render_note(out: &mut String, document: &DocumentReport, note: &str, styled: bool) {
    let (note_style, bold, blue, reset) = if styled { (NOTE, BOLD, BLUE, RESET) } else { ("", "", "", "") };
    let pieces = [note_style, "note", reset, bold, ": ", note, reset, "\n  ", blue, "-->", reset, " ", &document.file];
    for piece in pieces {
        out.push_str(piece);
    }
    if let Some(line) = document.line {
        out.push(':');
        out.push_str(itoa::Buffer::new().format(line));
    }
    out.push('\n');
}

/// `2 of 48,210 documents invalid`, `all 3 documents valid` or `no documents checked`, with
/// `, 1 warning` when any.
pub fn summary_line(summary: &RunSummary) -> String {
    let documents = if summary.documents == 1 { "document" } else { "documents" };
    let line = match (summary.invalid, summary.documents) {
        // every input failed before a document could be read: nothing was checked
        (0, 0) => "no documents checked".to_owned(),
        (0, 1) => "1 document valid".to_owned(),
        (0, n) => format!("all {} {documents} valid", thousands(n)),
        (invalid, n) => format!("{} of {} {documents} invalid", thousands(invalid), thousands(n)),
    };
    match summary.warnings {
        0 => line,
        1 => format!("{line}, 1 warning"),
        n => format!("{line}, {} warnings", thousands(n)),
    }
}

/// `48210` → `48,210`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_like_the_issue() {
        let summary = RunSummary { documents: 48_210, valid: 48_208, invalid: 2, warnings: 0 };
        assert_eq!(summary_line(&summary), "2 of 48,210 documents invalid");
        assert_eq!(
            summary_line(&RunSummary { documents: 3, valid: 3, invalid: 0, warnings: 0 }),
            "all 3 documents valid"
        );
        let warned = RunSummary { documents: 1, valid: 1, invalid: 0, warnings: 1 };
        assert_eq!(summary_line(&warned), "1 document valid, 1 warning");
        let none = RunSummary { documents: 0, valid: 0, invalid: 0, warnings: 0 };
        assert_eq!(summary_line(&none), "no documents checked");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn each_document_gets_the_note_of_its_own_dialect_choice() {
        use crate::validate::Kind;
        let weighed = |body: serde_json::Value| DialectChoice::weigh(&body);
        let conflicting =
            weighed(serde_json::json!({"timestamp": "2025-01-01T00:00:00Z", "analysis": {"summary": "s"}}));
        let thin = weighed(serde_json::json!({"call": {"id": "x"}}));
        let clear = weighed(serde_json::json!({"endedReason": "customer-ended-call", "artifact": {}}));
        let report = |line, choice| DocumentReport {
            file: "s.ndjson".to_owned(),
            line: Some(line),
            kind: Kind::EndOfCallReport,
            dialect: Some(choice),
            errors: Vec::new(),
        };
        let reports =
            [report(1, conflicting), report(2, conflicting), report(3, thin), report(4, clear), report(5, conflicting)];
        let mut notes = Notes::default();
        let mut streamed = String::new();
        let mut expected = String::new();
        for document in &reports {
            render_document(&mut streamed, document, false, &mut notes);
            if let Some(note) = document.note() {
                expected.push_str(&format!("note: {note}\n  --> s.ndjson:{}\n", document.line.unwrap_or(0)));
            }
        }
        assert_eq!(streamed, expected);
        assert_eq!(streamed.matches("note: ").count(), 4, "{streamed}");
        assert_ne!(conflicting.note(), thin.note());
    }
}
