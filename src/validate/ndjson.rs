//! NDJSON / JSON Lines streams: one document per line, read in blocks and checked in parallel
//! with one shared validator, so memory stays flat however long the stream is.
//!
//! Blocks of about 8 MB are read (the next one while the current one is checked) and cut
//! after their last newline; the partial line is carried into the next block. Each block is
//! split into ~1 MB chunks at newlines, numbered by counting newlines (memchr), and the chunks
//! are checked on rayon's threads. A line is parsed with serde_json on the fast path; only a
//! line that fails is parsed again with [`crate::json::Document`] to place each error at its
//! column. Only invalid documents are kept.

use std::io::Read;

use rayon::prelude::*;
use serde_json::Value;

use super::run::{DocumentReport, Located, place};
use super::{CheckOptions, Kind, OutputValidator, check_document};
use crate::diagnostic::Severity;
use crate::json::Document;
use crate::rules::input::{parse_error, read_error};

/// Bytes read at a time.
const BLOCK: usize = 8 << 20;
/// Bytes checked by one task.
const CHUNK: usize = 1 << 20;

/// What checking a stream found.
#[derive(Debug, Default)]
pub struct StreamResult {
    /// Documents (non-blank lines) seen.
    pub documents: usize,
    /// The documents with errors or warnings, in stream order.
    pub reported: Vec<DocumentReport>,
    /// A line was not JSON, or the stream could not be read to the end.
    pub failed: bool,
}

/// Checks every line of `reader`, reported under `name`.
pub fn check_stream<R: Read + Send>(
    mut reader: R,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> StreamResult {
    let mut result = StreamResult::default();
    let mut first_line = 1;
    let mut block = Block::default();
    block.fill(&mut reader, Vec::new());
    loop {
        let cut = if block.eof { block.bytes.len() } else { memchr::memrchr(b'\n', &block.bytes).map_or(0, |i| i + 1) };
        if cut == 0 && !block.eof && block.error.is_none() {
            // one line longer than a block: keep reading until it ends
            let bytes = std::mem::take(&mut block.bytes);
            block.fill(&mut reader, bytes);
            continue;
        }
        let tail = block.bytes.split_off(cut);
        let done = block.eof || block.error.is_some();
        let mut next = Block::default();
        let (checked, ()) = rayon::join(
            || check_block(&block.bytes, first_line, name, validator, options),
            || {
                if !done {
                    next.fill(&mut reader, tail);
                }
            },
        );
        first_line += memchr::memchr_iter(b'\n', &block.bytes).count();
        for chunk in checked {
            result.documents += chunk.documents;
            result.failed |= chunk.failed;
            result.reported.extend(chunk.reported);
        }
        if let Some(error) = block.error.take() {
            result.failed = true;
            result.reported.push(unreadable(name, first_line, &error));
        }
        if done {
            return result;
        }
        block = next;
    }
}

#[derive(Default)]
struct Block {
    bytes: Vec<u8>,
    eof: bool,
    error: Option<std::io::Error>,
}

impl Block {
    /// Appends up to [`BLOCK`] bytes to `carried`.
    fn fill(&mut self, reader: &mut impl Read, carried: Vec<u8>) {
        let mut bytes = carried;
        let want = bytes.len() + BLOCK;
        bytes.reserve(BLOCK);
        while bytes.len() < want {
            let start = bytes.len();
            bytes.resize(want, 0);
            match reader.read(&mut bytes[start..]) {
                Ok(0) => {
                    bytes.truncate(start);
                    self.eof = true;
                    break;
                }
                Ok(n) => bytes.truncate(start + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => bytes.truncate(start),
                Err(e) => {
                    bytes.truncate(start);
                    self.error = Some(e);
                    break;
                }
            }
        }
        self.bytes = bytes;
    }
}

struct ChunkResult {
    documents: usize,
    reported: Vec<DocumentReport>,
    failed: bool,
}

fn check_block(
    bytes: &[u8],
    first_line: usize,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> Vec<ChunkResult> {
    let mut chunks = Vec::new();
    let (mut start, mut line) = (0, first_line);
    while start < bytes.len() {
        let mut end = (start + CHUNK).min(bytes.len());
        if end < bytes.len() {
            end = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
        }
        chunks.push((line, &bytes[start..end]));
        line += memchr::memchr_iter(b'\n', &bytes[start..end]).count();
        start = end;
    }
    chunks.into_par_iter().map(|(line, chunk)| check_chunk(chunk, line, name, validator, options)).collect()
}

fn check_chunk(
    bytes: &[u8],
    first_line: usize,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> ChunkResult {
    let mut result = ChunkResult { documents: 0, reported: Vec::new(), failed: false };
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain((bytes.last() != Some(&b'\n')).then_some(bytes.len()));
    for (this, end) in (first_line..).zip(ends) {
        let mut line = &bytes[start..end];
        start = end + 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        result.documents += 1;
        match serde_json::from_slice::<Value>(line) {
            Ok(document) => {
                let checked = check_document(&document, validator, options);
                if !checked.violations.is_empty() {
                    result.reported.push(locate(line, this, name, checked));
                }
            }
            Err(_) => {
                if let Some(report) = slow_path(line, this, name, validator, options) {
                    result.failed |= report.kind == Kind::Unparsable;
                    result.reported.push(report);
                }
            }
        }
    }
    result
}

/// Places each violation of a failing line at its column, re-parsing the line with spans.
fn locate(line: &[u8], number: usize, name: &str, checked: super::Checked) -> DocumentReport {
    let text = String::from_utf8_lossy(line);
    let document = Document::parse(&text).ok();
    let mut checked = checked;
    let mut errors: Vec<Located> = std::mem::take(&mut checked.violations)
        .into_iter()
        .map(|violation| {
            let offset = document.as_ref().and_then(|d| d.span(&violation.at)).map_or(0, |s| s.value.start);
            let column = crate::source::line_column_in(&text, offset).column;
            place(violation, Some(number), Some(column))
        })
        .collect();
    errors.sort_by_key(|e| e.column);
    DocumentReport::checked(name.to_owned(), Some(number), &checked, errors)
}

/// A line serde_json refused: invalid UTF-8, a syntax error, or nesting deeper than serde_json
/// goes (which [`Document`] still parses, up to its own limit).
fn slow_path(
    line: &[u8],
    number: usize,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> Option<DocumentReport> {
    let (message, column) = match std::str::from_utf8(line) {
        Err(error) => {
            let valid = String::from_utf8_lossy(&line[..error.valid_up_to()]).chars().count();
            (
                format!("invalid UTF-8: byte 0x{:02X} cannot start or continue a character", line[error.valid_up_to()]),
                valid + 1,
            )
        }
        Ok(text) => match Document::parse(text) {
            Ok(document) => {
                let checked = check_document(document.value(), validator, options);
                return (!checked.violations.is_empty()).then(|| locate(line, number, name, checked));
            }
            Err(error) => (
                format!("not valid JSON: {}", error.message),
                crate::source::line_column_in(text, error.range.start).column,
            ),
        },
    };
    let error = Located {
        rule: &parse_error::RULE,
        severity: Severity::Error,
        pointer: String::new(),
        schema_pointer: None,
        message,
        help: None,
        line: Some(number),
        column: Some(column),
    };
    Some(DocumentReport::failure(name.to_owned(), Some(number), Kind::Unparsable, error))
}

fn unreadable(name: &str, line: usize, error: &std::io::Error) -> DocumentReport {
    let error = Located {
        rule: &read_error::RULE,
        severity: Severity::Error,
        pointer: String::new(),
        schema_pointer: None,
        message: format!("reading stopped: {error}").to_lowercase(),
        help: None,
        line: Some(line),
        column: None,
    };
    DocumentReport::failure(name.to_owned(), Some(line), Kind::Unreadable, error)
}
