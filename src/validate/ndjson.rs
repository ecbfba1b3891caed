//! NDJSON / JSON Lines streams: one document per line, read in blocks and checked in parallel
//! with one shared validator. Memory stays flat however long the stream is and whatever share
//! of it is invalid: each block's reports are handed on (and printed) before the next block is
//! checked, and only counts are kept for the summary.
//!
//! Blocks of about 8 MB are read into one of two reused buffers (the next block while the
//! current one is checked) and cut after their last newline; the partial line is carried into
//! the next block. A line longer than [`MAX_LINE_BYTES`] is an error once it passes the limit,
//! and is skipped without being held. Each block is split into chunks at newlines (small
//! enough that even a short stream keeps every thread busy), numbered by counting newlines
//! (memchr), and the chunks are checked on rayon's threads.
//!
//! A line is first checked on the fast path ([`super::fast`]), which only says "valid"; a line
//! it cannot vouch for takes the span-aware path, which gives every report: serde_json, then
//! the columns of its violations found in the line itself (re-parsing the line with
//! [`crate::json::Document`] only when it has many, or when serde_json refuses it).

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
/// Most bytes checked by one task.
const CHUNK: usize = 1 << 20;
/// Fewest bytes checked by one task (below this, splitting costs more than it gains).
const MIN_CHUNK: usize = 16 << 10;
/// The longest line read: as long as a whole `.json` input may be.
pub const MAX_LINE_BYTES: usize = crate::source::MAX_PLAN_FILE_BYTES as usize;
/// Violations placed by scanning the line; a document with more is re-parsed with spans once.
const SCANNED: usize = 16;

/// What checking a stream counted; its reports went to the caller as they were found.
#[derive(Debug, Default, Clone, Copy)]
pub struct StreamTotals {
    /// Documents (non-blank lines) seen.
    pub documents: usize,
    /// Documents with an error (unparsable lines included, an unreadable stream not).
    pub invalid: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// A line was not JSON or too long, or the stream could not be read to the end.
    pub failed: bool,
}

impl StreamTotals {
    fn count(&mut self, report: &DocumentReport) {
        self.invalid += usize::from(report.is_invalid() && report.kind != Kind::Unreadable);
        self.warnings += report.warnings();
        self.failed |= matches!(report.kind, Kind::Unparsable | Kind::Unreadable);
    }
}

/// Checks every line of `reader`, reported under `name`: each document with something to
/// report goes to `report`, in stream order, as soon as its block is checked.
pub fn check_stream<R: Read + Send>(
    mut reader: R,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
    report: &mut dyn FnMut(DocumentReport),
) -> StreamTotals {
    let mut totals = StreamTotals::default();
    let mut emit = |document: DocumentReport, totals: &mut StreamTotals| {
        totals.count(&document);
        report(document);
    };
    let mut first_line = 1;
    let mut current = Buffer::default();
    let mut spare = Buffer::default();
    let mut state = current.fill(&mut reader);
    loop {
        let done = !matches!(state, Filled::More);
        // at the end the last line needs no newline; a failed read drops its partial line
        let cut = if matches!(state, Filled::End) {
            current.len
        } else {
            memchr::memrchr(b'\n', current.data()).map_or(0, |i| i + 1)
        };
        if cut == 0 && !done {
            if current.len <= MAX_LINE_BYTES {
                // a line longer than a block: keep reading until it ends
                state = current.fill(&mut reader);
                continue;
            }
            // a line past the limit: report it, then drop bytes until it ends
            totals.documents += 1;
            emit(too_long(name, first_line), &mut totals);
            first_line += 1;
            state = current.skip_line(&mut reader);
            continue;
        }
        let (data, tail) = current.data().split_at(cut);
        let (checked, next) = rayon::join(
            || check_block(data, first_line, name, validator, options),
            || (!done).then(|| spare.refill(tail, &mut reader)),
        );
        first_line += memchr::memchr_iter(b'\n', data).count();
        for chunk in checked {
            totals.documents += chunk.documents;
            for document in chunk.reported {
                emit(document, &mut totals);
            }
        }
        match (state, next) {
            (Filled::Failed(error), _) => {
                emit(unreadable(name, first_line, &error), &mut totals);
                return totals;
            }
            (_, Some(next)) => {
                std::mem::swap(&mut current, &mut spare);
                state = next;
            }
            (_, None) => return totals,
        }
    }
}

/// How a fill ended.
enum Filled {
    /// The buffer holds a block; the stream goes on.
    More,
    /// The stream ended.
    End,
    /// Reading failed.
    Failed(std::io::Error),
}

/// A read buffer, reused for every block: its bytes are zeroed once, when it grows, and
/// `len` says how many hold data.
#[derive(Default)]
struct Buffer {
    bytes: Vec<u8>,
    len: usize,
}

impl Buffer {
    fn data(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Starts over with `carried` (the partial line of the previous block), then reads.
    fn refill(&mut self, carried: &[u8], reader: &mut impl Read) -> Filled {
        self.len = 0;
        self.reserve(carried.len());
        self.bytes[..carried.len()].copy_from_slice(carried);
        self.len = carried.len();
        self.fill(reader)
    }

    fn reserve(&mut self, data: usize) {
        let want = data + BLOCK;
        if self.bytes.len() < want {
            self.bytes.resize(want, 0);
        }
    }

    /// Appends up to [`BLOCK`] bytes.
    fn fill(&mut self, reader: &mut impl Read) -> Filled {
        self.reserve(self.len);
        let want = self.len + BLOCK;
        while self.len < want {
            match reader.read(&mut self.bytes[self.len..want]) {
                Ok(0) => return Filled::End,
                Ok(n) => self.len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Filled::Failed(e),
            }
        }
        Filled::More
    }

    /// Drops the line the buffer starts with, reading (and dropping) until its newline; keeps
    /// what follows it.
    fn skip_line(&mut self, reader: &mut impl Read) -> Filled {
        loop {
            if let Some(newline) = memchr::memchr(b'\n', self.data()) {
                self.bytes.copy_within(newline + 1..self.len, 0);
                self.len -= newline + 1;
                return Filled::More;
            }
            self.len = 0;
            match self.fill(reader) {
                Filled::More => {}
                other => {
                    if let Some(newline) = memchr::memchr(b'\n', self.data()) {
                        self.bytes.copy_within(newline + 1..self.len, 0);
                        self.len -= newline + 1;
                    } else {
                        self.len = 0;
                    }
                    return other;
                }
            }
        }
    }
}

struct ChunkResult {
    documents: usize,
    reported: Vec<DocumentReport>,
}

fn check_block(
    bytes: &[u8],
    first_line: usize,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> Vec<ChunkResult> {
    // four chunks a thread, so a short stream is shared out too and a slow chunk evens out
    let size = (bytes.len() / (4 * rayon::current_num_threads().max(1))).clamp(MIN_CHUNK, CHUNK);
    let mut chunks = Vec::new();
    let (mut start, mut line) = (0, first_line);
    while start < bytes.len() {
        let mut end = (start + size).min(bytes.len());
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
    let mut result = ChunkResult { documents: 0, reported: Vec::new() };
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
        if line.len() > MAX_LINE_BYTES {
            result.reported.push(too_long(name, this));
            continue;
        }
        if super::fast::is_valid(line, validator, options) {
            continue;
        }
        if let Some(report) = check_line(line, this, name, validator, options) {
            result.reported.push(report);
        }
    }
    result
}

/// The span-aware path: the report of one line, or `None` when it has nothing to report.
pub(crate) fn check_line(
    line: &[u8],
    number: usize,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
) -> Option<DocumentReport> {
    match serde_json::from_slice::<Value>(line) {
        Ok(document) => {
            let checked = check_document(&document, validator, options);
            (!checked.violations.is_empty()).then(|| locate(line, number, name, checked))
        }
        Err(_) => slow_path(line, number, name, validator, options),
    }
}

/// Places each violation of a failing line (which serde_json parsed) at its column: found by
/// scanning the line for a few, by re-parsing it with spans for many.
fn locate(line: &[u8], number: usize, name: &str, checked: super::Checked) -> DocumentReport {
    let offsets: Option<Vec<usize>> = (checked.violations.len() <= SCANNED)
        .then(|| checked.violations.iter().map(|violation| value_offset(line, &violation.at)).collect())
        .flatten();
    match offsets {
        Some(offsets) => place_all(line, number, name, checked, |index, _| offsets[index]),
        None => locate_with_spans(line, number, name, checked),
    }
}

/// Places each violation by re-parsing the line with [`Document`] (the reference the scan in
/// [`locate`] agrees with).
pub(crate) fn locate_with_spans(line: &[u8], number: usize, name: &str, checked: super::Checked) -> DocumentReport {
    let text = String::from_utf8_lossy(line);
    let document = Document::parse(&text).ok();
    place_all(line, number, name, checked, |_, at| {
        document.as_ref().and_then(|d| d.span(at)).map_or(0, |s| s.value.start)
    })
}

fn place_all(
    line: &[u8],
    number: usize,
    name: &str,
    mut checked: super::Checked,
    offset: impl Fn(usize, &str) -> usize,
) -> DocumentReport {
    let text = String::from_utf8_lossy(line);
    let mut errors: Vec<Located> = std::mem::take(&mut checked.violations)
        .into_iter()
        .enumerate()
        .map(|(index, violation)| {
            let column = crate::source::line_column_in(&text, offset(index, &violation.at)).column;
            place(violation, Some(number), Some(column))
        })
        .collect();
    errors.sort_by_key(|e| e.column);
    DocumentReport::checked(name.to_owned(), Some(number), &checked, errors)
}

/// The byte offset of the value at `pointer` in `text`, a JSON document serde_json accepted;
/// of a key written twice, the last (the one serde_json keeps). `None` when it is not there.
fn value_offset(text: &[u8], pointer: &str) -> Option<usize> {
    let mut at = skip_space(text, 0);
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        match text.get(at)? {
            b'{' => {
                let mut found = None;
                let mut i = skip_space(text, at + 1);
                while text.get(i) == Some(&b'"') {
                    let key_end = skip_string(text, i)?;
                    let key = &text[i + 1..key_end - 1];
                    let value = skip_space(text, skip_space(text, key_end) + 1);
                    let same = if key.contains(&b'\\') {
                        serde_json::from_slice::<String>(&text[i..key_end]).is_ok_and(|key| key == token)
                    } else {
                        key == token.as_bytes()
                    };
                    if same {
                        found = Some(value);
                    }
                    i = skip_space(text, skip_value(text, value)?);
                    if text.get(i) == Some(&b',') {
                        i = skip_space(text, i + 1);
                    }
                }
                at = found?;
            }
            b'[' => {
                // as serde_json reads an index: digits, no sign, no leading zero
                if token.starts_with('+') || (token.starts_with('0') && token.len() > 1) {
                    return None;
                }
                let index: usize = token.parse().ok()?;
                let mut i = skip_space(text, at + 1);
                for _ in 0..index {
                    if matches!(text.get(i), Some(b']') | None) {
                        return None;
                    }
                    i = skip_space(text, skip_value(text, i)?);
                    if text.get(i) != Some(&b',') {
                        return None;
                    }
                    i = skip_space(text, i + 1);
                }
                if matches!(text.get(i), Some(b']') | None) {
                    return None;
                }
                at = i;
            }
            _ => return None,
        }
    }
    Some(at)
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while text.get(at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The offset just past the string starting at `at`.
fn skip_string(text: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', text.get(i..)?)?;
        if text[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

/// The offset just past the value starting at `at`.
fn skip_value(text: &[u8], at: usize) -> Option<usize> {
    match text.get(at)? {
        b'"' => skip_string(text, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match text.get(i)? {
                    b'"' => {
                        i = skip_string(text, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while text.get(i).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                i += 1;
            }
            Some(i)
        }
    }
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
                return (!checked.violations.is_empty()).then(|| locate_with_spans(line, number, name, checked));
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

/// A line longer than [`MAX_LINE_BYTES`]: not read, one error.
fn too_long(name: &str, line: usize) -> DocumentReport {
    let error = Located {
        rule: &read_error::RULE,
        severity: Severity::Error,
        pointer: String::new(),
        schema_pointer: None,
        message: format!("line is longer than {} MB: not read", MAX_LINE_BYTES >> 20),
        help: Some(
            "one document per line; a line over the limit is skipped, the lines after it are checked".to_owned(),
        ),
        line: Some(line),
        column: None,
    };
    DocumentReport::failure(name.to_owned(), Some(line), Kind::Unparsable, error)
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
