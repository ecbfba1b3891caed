//! Running validation over the inputs a user names: `.json` files (one document each),
//! NDJSON / JSON Lines streams (`.ndjson`, `.jsonl`, or any input with `--ndjson`), folders
//! (walked for all three) and `-` for standard input. Every error is placed at its file, line
//! and column. [`validate_inputs_streaming`] hands each report on as soon as it is found and
//! keeps only counts (what `plankit validate` prints from); [`validate_inputs`] collects them.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ndjson::check_stream;
use super::{CheckOptions, Checked, Kind, OutputValidator, Violation, check_document};
use crate::diagnostic::Severity;
use crate::json::Document;
use crate::recognise::DialectChoice;
use crate::rules::Rule;
use crate::rules::input::{parse_error, read_error};
use crate::source::{Input, STDIN_NAME, Source, display_name};

/// Extensions of files read as one document per line.
pub const NDJSON_EXTENSIONS: &[&str] = &["ndjson", "jsonl"];

/// How inputs are read and checked.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Read every input, standard input included, as NDJSON.
    pub ndjson: bool,
    /// Read standard input as NDJSON (it was found to be, see [`stdin_is_ndjson`]).
    pub stdin_ndjson: bool,
    /// How each document is checked.
    pub check: CheckOptions,
}

/// One error placed in its file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The rule broken.
    pub rule: &'static Rule,
    /// Error or warning; only errors make a document invalid.
    pub severity: Severity,
    /// JSON Pointer in the document.
    pub pointer: String,
    /// The schema keyword that failed, for `output/*` rules.
    pub schema_pointer: Option<String>,
    /// One line naming the value and the expectation.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// 1-based line in the file (for NDJSON, the line in the stream).
    pub line: Option<usize>,
    /// 1-based column in characters (for NDJSON, inside the line).
    pub column: Option<usize>,
}

/// A document with something to report: errors, warnings or notes.
#[derive(Debug, Clone)]
pub struct DocumentReport {
    /// The file as the user named it (or `<stdin>`).
    pub file: String,
    /// The line the document starts on (1 for a `.json` file; `None` when unreadable).
    pub line: Option<usize>,
    /// What it was recognised as.
    pub kind: Kind,
    /// The dialect a webhook payload was read in, and the grounds for it: what
    /// [`DocumentReport::dialect_reason`] and [`DocumentReport::note`] put in words (built where a
    /// report is shown, not for every report kept).
    pub dialect: Option<DialectChoice>,
    /// Every error and warning, in document order.
    pub errors: Vec<Located>,
}

impl DocumentReport {
    /// A document that could not be read or parsed, with the one error saying so.
    pub(crate) fn failure(file: String, line: Option<usize>, kind: Kind, error: Located) -> DocumentReport {
        DocumentReport { file, line, kind, dialect: None, errors: vec![error] }
    }

    /// A checked document's report, its violations already placed.
    pub(crate) fn checked(
        file: String,
        line: Option<usize>,
        checked: &Checked,
        errors: Vec<Located>,
    ) -> DocumentReport {
        DocumentReport { file, line, kind: checked.kind, dialect: checked.dialect, errors }
    }

    /// Why the payload was read in its dialect: the evidence, or `forced by --dialect`.
    pub fn dialect_reason(&self) -> Option<String> {
        self.dialect.map(|choice| choice.reason())
    }

    /// What plankit assumed, for the reader (`read as Vapi: …`): said when the evidence for the
    /// dialect was thin or conflicting.
    pub fn note(&self) -> Option<String> {
        self.dialect.and_then(|choice| choice.note())
    }

    /// Whether there is a [`note`](Self::note), asked without building it.
    pub fn has_note(&self) -> bool {
        self.dialect.is_some_and(|choice| choice.is_uncertain())
    }

    /// Whether the document fails: an error-level finding, or it could not be read or parsed.
    pub fn is_invalid(&self) -> bool {
        self.errors.iter().any(|error| error.severity == Severity::Error)
    }

    /// Warning-level findings.
    pub fn warnings(&self) -> usize {
        self.errors.iter().filter(|error| error.severity == Severity::Warning).count()
    }
}

/// One input, validated.
#[derive(Debug, Clone)]
pub struct ValidatedInput {
    /// The name it is reported under.
    pub name: String,
    /// Documents checked.
    pub documents: usize,
    /// The documents with errors, warnings or notes (valid ones among them have
    /// [`DocumentReport::is_invalid`] false); empty when they were streamed.
    pub reported: Vec<DocumentReport>,
    /// The input, or part of it, could not be read or parsed.
    pub failed: bool,
    /// Documents with an error (an unreadable input is not a document).
    pub invalid: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Standard input given without `--ndjson` that was read as NDJSON because it is not one
    /// JSON document but one a line.
    pub read_as_ndjson: bool,
}

impl ValidatedInput {
    /// An input whose reports are all in `reported`.
    fn collected(name: String, documents: usize, reported: Vec<DocumentReport>, failed: bool) -> ValidatedInput {
        let invalid = reported.iter().filter(|d| d.is_invalid() && d.kind != Kind::Unreadable).count();
        let warnings = reported.iter().map(DocumentReport::warnings).sum();
        ValidatedInput { name, documents, reported, failed, invalid, warnings, read_as_ndjson: false }
    }
}

/// The files a folder walk of `validate` picks up.
pub const EXTENSIONS: &[&str] = &["json", "ndjson", "jsonl"];

/// Expands path arguments for validation: folders are walked for `.json`, `.ndjson` and `.jsonl`.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    crate::source::expand_inputs_with(paths, EXTENSIONS)
}

/// Validates every input; `.json` files in parallel, each stream in parallel chunks.
pub fn validate_inputs(inputs: &[Input], validator: &OutputValidator, options: &RunOptions) -> Vec<ValidatedInput> {
    inputs.par_iter().map(|input| collect(input, validator, options)).collect()
}

/// Whole-document inputs checked together before their reports are handed on.
const BATCH: usize = 1024;

/// Validates every input in order, handing each report to `report` as soon as its input (for
/// a stream, its block) is checked: the returned inputs keep only counts, so memory stays flat
/// whatever share of the documents is invalid. Runs of `.json` files are checked in parallel
/// batches, each stream in parallel chunks.
pub fn validate_inputs_streaming(
    inputs: &[Input],
    validator: &OutputValidator,
    options: &RunOptions,
    report: &mut dyn FnMut(DocumentReport),
) -> Vec<ValidatedInput> {
    let mut out = Vec::with_capacity(inputs.len());
    let mut rest = inputs;
    while let Some(first) = rest.first() {
        if is_stream(first, options) {
            out.push(validate_input(first, validator, options, report));
            rest = &rest[1..];
            continue;
        }
        let files = rest.iter().take(BATCH).take_while(|input| !is_stream(input, options)).count();
        let batch: Vec<ValidatedInput> =
            rest[..files].par_iter().map(|input| collect(input, validator, options)).collect();
        for mut input in batch {
            std::mem::take(&mut input.reported).into_iter().for_each(&mut *report);
            out.push(input);
        }
        rest = &rest[files..];
    }
    out
}

fn collect(input: &Input, validator: &OutputValidator, options: &RunOptions) -> ValidatedInput {
    let mut reported = Vec::new();
    let mut input = validate_input(input, validator, options, &mut |document| reported.push(document));
    input.reported.append(&mut reported);
    input
}

fn is_stream(input: &Input, options: &RunOptions) -> bool {
    options.ndjson
        || match input {
            Input::File(path) => is_ndjson(path),
            Input::Stdin => options.stdin_ndjson,
        }
}

/// Whether standard input, given without `--ndjson`, is clearly NDJSON: its first line is a
/// whole JSON object or array and more follows on the next lines, which one JSON document
/// cannot have. Judged from what is already buffered (up to 8 KB), consuming nothing, so the
/// stream is then read in flat memory; a first line longer than that is decided after
/// reading (see [`validate_inputs_streaming`]).
pub fn stdin_is_ndjson() -> bool {
    use std::io::BufRead;
    let mut stdin = std::io::stdin().lock();
    let Ok(buffered) = stdin.fill_buf() else { return false };
    starts_as_ndjson(buffered)
}

/// [`stdin_is_ndjson`] on the first bytes of a stream.
fn starts_as_ndjson(bytes: &[u8]) -> bool {
    let Some(end) = memchr::memchr(b'\n', bytes) else { return false };
    let first = bytes[..end].trim_ascii();
    let whole = first.first().is_some_and(|b| matches!(b, b'{' | b'['))
        && serde_json::from_slice::<serde::de::IgnoredAny>(first).is_ok();
    whole && bytes[end..].iter().any(|b| !b.is_ascii_whitespace())
}

/// One input's counts; a stream's reports go to `report`, a whole document's stay in
/// `reported`.
fn validate_input(
    input: &Input,
    validator: &OutputValidator,
    options: &RunOptions,
    report: &mut dyn FnMut(DocumentReport),
) -> ValidatedInput {
    let streamed = |name: String, totals: super::ndjson::StreamTotals| ValidatedInput {
        name,
        documents: totals.documents,
        reported: Vec::new(),
        failed: totals.failed,
        invalid: totals.invalid,
        warnings: totals.warnings,
        read_as_ndjson: false,
    };
    match (input, is_stream(input, options)) {
        (Input::File(path), true) => match std::fs::File::open(path) {
            Ok(file) if !path.is_dir() => {
                let name = display_name(path);
                let totals = check_stream(file, &name, validator, &options.check, report);
                streamed(name, totals)
            }
            Ok(_) => unreadable(display_name(path), "is a folder, expected a file".to_owned()),
            Err(error) => unreadable(display_name(path), io_message(&error)),
        },
        (Input::Stdin, true) => {
            let totals = check_stream(std::io::stdin(), STDIN_NAME, validator, &options.check, report);
            streamed(STDIN_NAME.to_owned(), totals)
        }
        (Input::File(path), false) => match Source::from_path(path) {
            Ok(source) => validate_source(&source, validator, &options.check),
            Err(error) => unreadable_source(error),
        },
        (Input::Stdin, false) => match Source::from_stdin() {
            // one document a line after all (its first line was too long to tell at once)
            Ok(source) if Document::parse(source.text()).is_err() && looks_like_ndjson(source.text()) => {
                let totals = check_stream(source.text().as_bytes(), STDIN_NAME, validator, &options.check, report);
                ValidatedInput { read_as_ndjson: true, ..streamed(STDIN_NAME.to_owned(), totals) }
            }
            Ok(source) => validate_source(&source, validator, &options.check),
            Err(mut error) => {
                if error.message.contains("too large") {
                    error.help =
                        Some("a stream of documents, one a line, is read in flat memory: pass `--ndjson`".to_owned());
                }
                unreadable_source(error)
            }
        },
    }
}

/// Whether a text that is not one JSON document is several, one per line: its first two
/// non-blank lines each parse alone.
fn looks_like_ndjson(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let parses =
        |line: Option<&str>| line.is_some_and(|line| serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok());
    parses(lines.next()) && parses(lines.next())
}

/// Validates one JSON document held in memory.
pub fn validate_source(source: &Source, validator: &OutputValidator, options: &CheckOptions) -> ValidatedInput {
    let name = source.name().to_owned();
    let document = match Document::parse(source.text()) {
        Ok(document) => document,
        Err(error) => {
            let at = source.line_column(error.range.start);
            let error = Located {
                rule: &parse_error::RULE,
                severity: Severity::Error,
                pointer: String::new(),
                schema_pointer: None,
                message: format!("not valid JSON: {}", error.message),
                help: if looks_like_ndjson(source.text()) {
                    Some("this looks like NDJSON, one document per line: pass `--ndjson`, or name the file `.ndjson` or `.jsonl`"
                        .to_owned())
                } else if error.message.contains("more than one JSON value") {
                    // several documents, but not one a line: NDJSON needs each on its own line
                    Some("an input is one JSON document, or one document a line with `--ndjson` (NDJSON): write each document on one line and pass `--ndjson`".to_owned())
                } else {
                    None
                },
                line: Some(at.line),
                column: Some(at.column),
            };
            let report = DocumentReport::failure(name.clone(), Some(1), Kind::Unparsable, error);
            return ValidatedInput::collected(name, 1, vec![report], true);
        }
    };
    let mut checked = check_document(document.value(), validator, options);
    let mut reported = Vec::new();
    let noted = checked.dialect.is_some_and(|choice| choice.is_uncertain());
    if !checked.violations.is_empty() || noted {
        let mut errors: Vec<Located> = std::mem::take(&mut checked.violations)
            .into_iter()
            .map(|violation| {
                let offset = document.span(&violation.at).map_or(0, |span| span.start(violation.on_key));
                let at = source.line_column(offset);
                place(violation, Some(at.line), Some(at.column))
            })
            .collect();
        errors.sort_by_key(|e| (e.line, e.column));
        reported.push(DocumentReport::checked(name.clone(), Some(1), &checked, errors));
    }
    ValidatedInput::collected(name, 1, reported, false)
}

/// A violation at a line and column.
pub(crate) fn place(violation: Violation, line: Option<usize>, column: Option<usize>) -> Located {
    Located {
        rule: violation.rule,
        severity: violation.severity,
        pointer: violation.pointer,
        schema_pointer: violation.schema_pointer,
        message: violation.message,
        help: violation.help,
        line,
        column,
    }
}

fn is_ndjson(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| NDJSON_EXTENSIONS.contains(&e))
}

fn unreadable(name: String, message: String) -> ValidatedInput {
    let error = Located {
        rule: &read_error::RULE,
        severity: Severity::Error,
        pointer: String::new(),
        schema_pointer: None,
        message,
        help: None,
        line: None,
        column: None,
    };
    let report = DocumentReport::failure(name.clone(), None, Kind::Unreadable, error);
    ValidatedInput::collected(name, 0, vec![report], true)
}

fn unreadable_source(error: crate::source::InputError) -> ValidatedInput {
    let rule = match error.kind {
        crate::source::InputErrorKind::Read => &read_error::RULE,
        crate::source::InputErrorKind::Content => &parse_error::RULE,
    };
    let at = error.offset.zip(error.text.as_deref()).map(|(offset, text)| crate::source::line_column_in(text, offset));
    let located = Located {
        rule,
        severity: Severity::Error,
        pointer: String::new(),
        schema_pointer: None,
        message: error.message,
        help: error.help,
        line: at.map(|a| a.line),
        column: at.map(|a| a.column),
    };
    let kind = if rule.name == read_error::RULE.name { Kind::Unreadable } else { Kind::Unparsable };
    let report = DocumentReport::failure(error.name.clone(), at.map(|_| 1), kind, located);
    ValidatedInput::collected(error.name, 0, vec![report], true)
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot be read: {error}").to_lowercase(),
    }
}

/// Counts over a validation run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RunSummary {
    /// Documents checked (a malformed NDJSON line counts as one).
    pub documents: usize,
    /// Documents without errors.
    pub valid: usize,
    /// Documents with at least one error.
    pub invalid: usize,
    /// Warning-level findings over all documents.
    #[serde(skip_serializing_if = "is_zero")]
    pub warnings: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RunSummary {
    /// Counts the documents of a run.
    pub fn of(inputs: &[ValidatedInput]) -> RunSummary {
        let documents = inputs.iter().map(|i| i.documents).sum();
        let invalid: usize = inputs.iter().map(|i| i.invalid).sum();
        let warnings = inputs.iter().map(|i| i.warnings).sum();
        RunSummary { documents, valid: documents - invalid.min(documents), invalid, warnings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndjson_is_told_from_its_first_line() {
        assert!(starts_as_ndjson(b"{\"a\": 1}\n{\"a\": 2}\n"));
        assert!(starts_as_ndjson(b"[1]\n\n{\"a\": 2"));
        // one document, pretty-printed or alone; a first line not yet whole
        assert!(!starts_as_ndjson(b"{\n  \"a\": 1\n}\n"));
        assert!(!starts_as_ndjson(b"{\"a\": 1}\n  \n"));
        assert!(!starts_as_ndjson(b"{\"a\": 1"));
        assert!(!starts_as_ndjson(b"3\n4\n"));
    }
}
