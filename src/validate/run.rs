//! Running validation over the inputs a user names: `.json` files (one document each),
//! NDJSON / JSON Lines streams (`.ndjson`, `.jsonl`, or any input with `--ndjson`), folders
//! (walked for all three) and `-` for standard input. Every error is placed at its file, line
//! and column; only invalid documents are kept, valid ones are counted.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ndjson::check_stream;
use super::{CheckOptions, Kind, OutputValidator, Violation, check_document};
use crate::json::Document;
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
    /// How each document is checked.
    pub check: CheckOptions,
}

/// One error placed in its file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The rule broken.
    pub rule: &'static Rule,
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

/// An invalid document and its errors.
#[derive(Debug, Clone)]
pub struct DocumentReport {
    /// The file as the user named it (or `<stdin>`).
    pub file: String,
    /// The line the document starts on (1 for a `.json` file; `None` when unreadable).
    pub line: Option<usize>,
    /// What it was recognised as.
    pub kind: Kind,
    /// Every error, in document order.
    pub errors: Vec<Located>,
}

/// One input, validated.
#[derive(Debug, Clone)]
pub struct ValidatedInput {
    /// The name it is reported under.
    pub name: String,
    /// Documents checked.
    pub documents: usize,
    /// The invalid ones.
    pub invalid: Vec<DocumentReport>,
    /// The input, or part of it, could not be read or parsed.
    pub failed: bool,
}

/// Expands path arguments for validation: folders are walked for `.json`, `.ndjson` and `.jsonl`.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    crate::source::expand_inputs_with(paths, &["json", "ndjson", "jsonl"])
}

/// Validates every input; `.json` files in parallel, each stream in parallel chunks.
pub fn validate_inputs(inputs: &[Input], validator: &OutputValidator, options: &RunOptions) -> Vec<ValidatedInput> {
    inputs.par_iter().map(|input| validate_input(input, validator, options)).collect()
}

fn validate_input(input: &Input, validator: &OutputValidator, options: &RunOptions) -> ValidatedInput {
    let stream = options.ndjson || matches!(input, Input::File(path) if is_ndjson(path));
    match (input, stream) {
        (Input::File(path), true) => match std::fs::File::open(path) {
            Ok(file) if !path.is_dir() => {
                let name = display_name(path);
                let result = check_stream(file, &name, validator, &options.check);
                ValidatedInput { name, documents: result.documents, invalid: result.invalid, failed: result.failed }
            }
            Ok(_) => unreadable(display_name(path), "is a folder, expected a file".to_owned()),
            Err(error) => unreadable(display_name(path), io_message(&error)),
        },
        (Input::Stdin, true) => {
            let result = check_stream(std::io::stdin(), STDIN_NAME, validator, &options.check);
            ValidatedInput {
                name: STDIN_NAME.to_owned(),
                documents: result.documents,
                invalid: result.invalid,
                failed: result.failed,
            }
        }
        (Input::File(path), false) => match Source::from_path(path) {
            Ok(source) => validate_source(&source, validator, &options.check),
            Err(error) => unreadable_source(error),
        },
        (Input::Stdin, false) => match Source::from_stdin() {
            Ok(source) => validate_source(&source, validator, &options.check),
            Err(error) => unreadable_source(error),
        },
    }
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
                pointer: String::new(),
                schema_pointer: None,
                message: format!("not valid JSON: {}", error.message),
                help: None,
                line: Some(at.line),
                column: Some(at.column),
            };
            let report =
                DocumentReport { file: name.clone(), line: Some(1), kind: Kind::Unparsable, errors: vec![error] };
            return ValidatedInput { name, documents: 1, invalid: vec![report], failed: true };
        }
    };
    let checked = check_document(document.value(), validator, options);
    let mut invalid = Vec::new();
    if !checked.violations.is_empty() {
        let mut errors: Vec<Located> = checked
            .violations
            .into_iter()
            .map(|violation| {
                let offset = document.span(&violation.at).map_or(0, |span| span.value.start);
                let at = source.line_column(offset);
                place(violation, Some(at.line), Some(at.column))
            })
            .collect();
        errors.sort_by_key(|e| (e.line, e.column));
        invalid.push(DocumentReport { file: name.clone(), line: Some(1), kind: checked.kind, errors });
    }
    ValidatedInput { name, documents: 1, invalid, failed: false }
}

/// A violation at a line and column.
pub(crate) fn place(violation: Violation, line: Option<usize>, column: Option<usize>) -> Located {
    Located {
        rule: violation.rule,
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
        pointer: String::new(),
        schema_pointer: None,
        message,
        help: None,
        line: None,
        column: None,
    };
    let report = DocumentReport { file: name.clone(), line: None, kind: Kind::Unreadable, errors: vec![error] };
    ValidatedInput { name, documents: 0, invalid: vec![report], failed: true }
}

fn unreadable_source(error: crate::source::InputError) -> ValidatedInput {
    let rule = match error.kind {
        crate::source::InputErrorKind::Read => &read_error::RULE,
        crate::source::InputErrorKind::Content => &parse_error::RULE,
    };
    let at = error.offset.zip(error.text.as_deref()).map(|(offset, text)| crate::source::line_column_in(text, offset));
    let located = Located {
        rule,
        pointer: String::new(),
        schema_pointer: None,
        message: error.message,
        help: error.help,
        line: at.map(|a| a.line),
        column: at.map(|a| a.column),
    };
    let kind = if rule.name == read_error::RULE.name { Kind::Unreadable } else { Kind::Unparsable };
    let report = DocumentReport { file: error.name.clone(), line: at.map(|_| 1), kind, errors: vec![located] };
    ValidatedInput { name: error.name, documents: 0, invalid: vec![report], failed: true }
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
}

impl RunSummary {
    /// Counts the documents of a run.
    pub fn of(inputs: &[ValidatedInput]) -> RunSummary {
        let documents = inputs.iter().map(|i| i.documents).sum();
        let invalid = inputs.iter().flat_map(|i| &i.invalid).filter(|d| d.kind != Kind::Unreadable).count();
        RunSummary { documents, valid: documents - invalid.min(documents), invalid }
    }
}
