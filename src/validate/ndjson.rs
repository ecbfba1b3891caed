//! NDJSON / JSON Lines streams: one document per line, read in blocks and checked in parallel
//! with one shared validator. Memory stays flat however long the stream is and whatever share
//! of it is invalid: each block's reports are handed on (and printed) before the next block is
//! checked, and only counts are kept for the summary.
//!
//! Blocks of about 8 MB are read into one of two reused buffers (the next block while the
//! current one's last round is checked) and checked in rounds of at most [`ROUND_LINES`]
//! lines, whose reports are handed on before the next round; the partial line at a block's
//! end is carried into the next block. A line longer than [`MAX_LINE_BYTES`] is an error once it passes the limit,
//! and is skipped without being held. Each block is split into chunks at newlines (small
//! enough that even a short stream keeps every thread busy), numbered by counting newlines
//! (memchr), and the chunks are checked on rayon's threads.
//!
//! A line is first checked on the fast path ([`super::fast`]), which says "valid", or gives
//! the violations of a document only the schema fails; a line it cannot vouch for takes the
//! span-aware path: serde_json, then every check. Either way the columns of the violations are
//! found in the line itself (re-parsing the line with [`crate::json::Document`] only when it
//! has many, or when serde_json refuses it).

use std::io::Read;

use rayon::prelude::*;
use serde_json::Value;

use super::document::Verdict;
use super::fast::Node;
use super::run::{DocumentReport, Located, place};
use super::{CheckOptions, Kind, OutputValidator, check_document};
use crate::diagnostic::Severity;
use crate::json::{Document, pointer_index, unescape_pointer_token};
use crate::rules::input::{parse_error, read_error};

/// Bytes read at a time.
const BLOCK: usize = 8 << 20;
/// Most bytes checked by one task.
const CHUNK: usize = 256 << 10;
/// Fewest bytes checked by one task (below this, splitting costs more than it gains).
const MIN_CHUNK: usize = 16 << 10;
/// The longest line read: as long as a whole `.json` input may be.
pub const MAX_LINE_BYTES: usize = crate::source::MAX_PLAN_FILE_BYTES as usize;
/// Lines checked in one round, before their reports are handed on.
const ROUND_LINES: usize = 8192;
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
/// report goes to `report`, in stream order, as soon as its round is checked.
pub fn check_stream<R: Read + Send>(
    mut reader: R,
    name: &str,
    validator: &OutputValidator,
    options: &CheckOptions,
    report: &mut dyn FnMut(DocumentReport),
) -> StreamTotals {
    let mut totals = StreamTotals::default();
    // the reports of the round checked last, handed on while the next round is checked
    let mut pending: Vec<ChunkResult> = Vec::new();
    let mut emit = |chunks: &mut Vec<ChunkResult>, totals: &mut StreamTotals| {
        for chunk in chunks.drain(..) {
            totals.documents += chunk.documents;
            for document in chunk.reported {
                totals.count(&document);
                report(document);
            }
        }
    };
    let mut first_line = 1;
    let mut current = Buffer::default();
    let mut spare = Buffer::default();
    // the newlines of a round, found once: they cut the round, its chunks and its lines
    let mut newlines = Vec::with_capacity(ROUND_LINES);
    let mut state = current.top_up(&mut reader);
    loop {
        let reading = matches!(state, Filled::More);
        let data = current.data();
        // a round is at most ROUND_LINES lines: what it reports is all that is held at once
        newlines.clear();
        newlines.extend(memchr::memchr_iter(b'\n', data).take(ROUND_LINES));
        let (cut, last) = match newlines.last() {
            Some(&newline) if newlines.len() == ROUND_LINES => (newline + 1, false),
            // at the end the last line needs no newline; a failed read drops its partial line
            _ if matches!(state, Filled::End) => (data.len(), true),
            last => (last.map_or(0, |newline| newline + 1), true),
        };
        if cut == 0 {
            if !reading {
                if let Filled::Failed(error) = state {
                    pending.push(ChunkResult { documents: 0, reported: vec![unreadable(name, first_line, &error)] });
                }
                emit(&mut pending, &mut totals);
                return totals;
            }
            current.compact();
            if current.len <= MAX_LINE_BYTES {
                // a line longer than a block: keep reading until it ends
                state = current.grow(&mut reader);
            } else {
                // a line past the limit: report it (after the round before), then drop bytes
                // until it ends
                pending.push(ChunkResult { documents: 1, reported: vec![too_long(name, first_line)] });
                first_line += 1;
                state = current.skip_line(&mut reader);
            }
            continue;
        }
        let (round, tail) = data.split_at(cut);
        let lines = Lines::new(round, &newlines, first_line);
        // three things at once: this round is checked on rayon's threads, the round before is
        // reported on this one, and the next block is read after the last round of this one
        let mut checked = Vec::new();
        let mut next = None;
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| checked = check_block(&lines, name, validator, options));
            if last && reading {
                scope.spawn(|_| next = Some(spare.carry(tail, &mut reader)));
            }
            emit(&mut pending, &mut totals);
        });
        pending = checked;
        first_line += newlines.len();
        match next {
            Some(next) => {
                std::mem::swap(&mut current, &mut spare);
                state = next;
            }
            None => current.start += cut,
        }
    }
}

/// How a read ended.
enum Filled {
    /// The buffer holds what was asked for; the stream goes on.
    More,
    /// The stream ended.
    End,
    /// Reading failed.
    Failed(std::io::Error),
}

/// A read buffer, reused for every block: its bytes are zeroed once, when it grows, and
/// `start..len` holds the data not yet checked.
#[derive(Default)]
struct Buffer {
    bytes: Vec<u8>,
    start: usize,
    len: usize,
}

impl Buffer {
    fn data(&self) -> &[u8] {
        &self.bytes[self.start..self.len]
    }

    /// Moves the data to the front.
    fn compact(&mut self) {
        self.bytes.copy_within(self.start..self.len, 0);
        self.len -= self.start;
        self.start = 0;
    }

    /// Starts over with `carried` (the partial line of the previous block), then reads.
    fn carry(&mut self, carried: &[u8], reader: &mut impl Read) -> Filled {
        if self.bytes.len() < carried.len() {
            self.bytes.resize(carried.len(), 0);
        }
        self.bytes[..carried.len()].copy_from_slice(carried);
        (self.start, self.len) = (0, carried.len());
        self.top_up(reader)
    }

    /// Reads until the buffer holds a block.
    fn top_up(&mut self, reader: &mut impl Read) -> Filled {
        self.read_to(BLOCK.max(self.len), reader)
    }

    /// Reads one more block.
    fn grow(&mut self, reader: &mut impl Read) -> Filled {
        self.read_to(self.len + BLOCK, reader)
    }

    fn read_to(&mut self, want: usize, reader: &mut impl Read) -> Filled {
        if self.bytes.len() < want {
            self.bytes.resize(want, 0);
        }
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

    /// Drops the line the buffer starts with (which has no newline yet), reading and dropping
    /// until it ends; keeps what follows it.
    fn skip_line(&mut self, reader: &mut impl Read) -> Filled {
        loop {
            (self.start, self.len) = (0, 0);
            let state = self.grow(reader);
            if let Some(newline) = memchr::memchr(b'\n', self.data()) {
                self.start = newline + 1;
                return state;
            }
            if !matches!(state, Filled::More) {
                self.len = 0;
                return state;
            }
        }
    }
}

struct ChunkResult {
    documents: usize,
    reported: Vec<DocumentReport>,
}

/// Lines of a round, or of a chunk of it: `bytes[start..end]`, cut at `newlines` (offsets in
/// `bytes`, found once per round); the last line may end at `end` without one. `first` is the
/// number of the first line.
#[derive(Clone, Copy)]
struct Lines<'a> {
    bytes: &'a [u8],
    newlines: &'a [usize],
    start: usize,
    end: usize,
    first: usize,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8], newlines: &'a [usize], first: usize) -> Lines<'a> {
        Lines { bytes, newlines, start: 0, end: bytes.len(), first }
    }

    /// The first `count` newline-ended lines, and the rest.
    fn split(self, count: usize) -> (Lines<'a>, Lines<'a>) {
        let (head, rest) = self.newlines.split_at(count);
        let cut = head.last().map_or(self.start, |newline| newline + 1);
        (
            Lines { newlines: head, end: cut, ..self },
            Lines { newlines: rest, start: cut, first: self.first + count, ..self },
        )
    }

    /// Each line with its number, without its newline.
    fn each(self) -> impl Iterator<Item = (usize, &'a [u8])> {
        let after = self.newlines.last().map_or(self.start, |newline| newline + 1);
        let ends = self.newlines.iter().copied().chain((after < self.end).then_some(self.end));
        let mut start = self.start;
        (self.first..).zip(ends.map(move |end| {
            let line = &self.bytes[start..end];
            start = end + 1;
            line
        }))
    }
}

fn check_block(lines: &Lines<'_>, name: &str, validator: &OutputValidator, options: &CheckOptions) -> Vec<ChunkResult> {
    // many chunks a thread, so a short stream is shared out too and a slow chunk evens out
    let size = ((lines.end - lines.start) / (16 * rayon::current_num_threads().max(1))).clamp(MIN_CHUNK, CHUNK);
    let mut chunks = Vec::new();
    let mut rest = *lines;
    while rest.start < rest.end {
        // up to the first newline at or past `size` bytes in
        let count = rest.newlines.partition_point(|&newline| newline < rest.start + size) + 1;
        if count >= rest.newlines.len() {
            chunks.push(rest);
            break;
        }
        let (chunk, after) = rest.split(count);
        chunks.push(chunk);
        rest = after;
    }
    chunks.into_par_iter().map(|chunk| check_chunk(chunk, name, validator, options)).collect()
}

fn check_chunk(lines: Lines<'_>, name: &str, validator: &OutputValidator, options: &CheckOptions) -> ChunkResult {
    let mut result = ChunkResult { documents: 0, reported: Vec::new() };
    let mut arena = super::fast::Arena::default();
    for (this, mut line) in lines.each() {
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
        arena.reset();
        // a line that is not UTF-8 is the span-aware path's to report
        let verdict =
            std::str::from_utf8(line).map(|text| (text, super::fast::verdict(text, &arena, validator, options)));
        let report = match verdict {
            Ok((_, (Verdict::Clean, _))) => None,
            Ok((text, (Verdict::Checked(checked), tree))) => {
                let at = Placing { tree: tree.as_ref(), distinct: arena.keys_are_distinct() };
                reported(text, this, name, checked, at)
            }
            Ok((_, (Verdict::Unknown, _))) | Err(_) => check_line(line, this, name, validator, options),
        };
        result.reported.extend(report);
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
        // what serde_json parsed is UTF-8
        Ok(document) => {
            let checked = check_document(&document, validator, options);
            reported(&String::from_utf8_lossy(line), number, name, checked, Placing { tree: None, distinct: false })
        }
        Err(_) => slow_path(line, number, name, validator, options),
    }
}

/// What is known of a parsed line that helps place its violations.
#[derive(Clone, Copy)]
struct Placing<'t, 'a> {
    /// The fast path's tree of the line, whose borrowed keys and strings say where they are.
    tree: Option<&'t Node<'a>>,
    /// No object of the line is known to write a key twice.
    distinct: bool,
}

/// The report of a line serde_json (or the fast path) parsed, or `None` when nothing is wrong.
fn reported(
    line: &str,
    number: usize,
    name: &str,
    checked: super::Checked,
    at: Placing<'_, '_>,
) -> Option<DocumentReport> {
    (!checked.violations.is_empty()).then(|| locate(line, number, name, checked, at))
}

/// Places each violation of a failing line (which serde_json parsed) at its column: read off
/// the fast path's tree where it can tell, found by scanning the line for a few (up to the
/// first member of a name when keys are distinct), by re-parsing it with spans for many.
fn locate(line: &str, number: usize, name: &str, checked: super::Checked, at: Placing<'_, '_>) -> DocumentReport {
    let offsets: Option<Vec<usize>> = (checked.violations.len() <= SCANNED)
        .then(|| {
            checked
                .violations
                .iter()
                .map(|violation| match at.tree {
                    Some(tree) => tree_offset(line.as_bytes(), tree, &violation.at, violation.on_key, at.distinct),
                    None => node_offset(line.as_bytes(), &violation.at, violation.on_key, at.distinct),
                })
                .collect()
        })
        .flatten();
    match offsets {
        Some(offsets) => place_all(line, number, name, checked, |index, _| offsets[index]),
        None => locate_with_spans(line, number, name, checked),
    }
}

/// Places each violation by re-parsing the line with [`Document`] (the reference the scan in
/// [`locate`] agrees with).
pub(crate) fn locate_with_spans(line: &str, number: usize, name: &str, checked: super::Checked) -> DocumentReport {
    let document = Document::parse(line).ok();
    place_all(line, number, name, checked, |_, violation| {
        document.as_ref().and_then(|d| d.span(&violation.at)).map_or(0, |s| s.start(violation.on_key))
    })
}

fn place_all(
    line: &str,
    number: usize,
    name: &str,
    mut checked: super::Checked,
    offset: impl Fn(usize, &super::Violation) -> usize,
) -> DocumentReport {
    let mut errors: Vec<Located> = std::mem::take(&mut checked.violations)
        .into_iter()
        .enumerate()
        .map(|(index, violation)| {
            // a line holds no newline
            let column = crate::source::column_in_line(line, offset(index, &violation));
            place(violation, Some(number), Some(column))
        })
        .collect();
    errors.sort_by_key(|e| e.column);
    DocumentReport::checked(name.to_owned(), Some(number), &checked, errors)
}

/// [`node_offset`], read off `tree`, the fast path's tree of `text`: a key or string written
/// without escapes borrows from the line, so where it is in the line is known without a scan.
/// Past the last thing it can place (an escaped key, an item that is not such a string) the
/// line is scanned from there.
fn tree_offset(text: &[u8], tree: &Node<'_>, pointer: &str, at_key: bool, distinct: bool) -> Option<usize> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut node = tree;
    // how many tokens lead to the deepest value placed, and where it starts
    let mut placed = (0, skip_space(text, 0));
    for (n, token) in tokens.iter().enumerate() {
        let token = unescape_pointer_token(token);
        match node {
            Node::Object(members) => {
                let (key, value) = members.iter().find(|(key, _)| *key == token)?;
                if let Some(key_at) = borrowed_at(text, key) {
                    if at_key && n + 1 == tokens.len() {
                        // the key's opening quote
                        return Some(key_at - 1);
                    }
                    let colon = skip_space(text, key_at + key.len() + 1);
                    placed = (n + 1, skip_space(text, colon + 1));
                }
                node = value;
            }
            Node::Array(items) => {
                node = items.get(pointer_index(&token)?)?;
                if let Node::Str(string) = node
                    && let Some(string_at) = borrowed_at(text, string)
                {
                    placed = (n + 1, string_at - 1);
                }
            }
            _ => return None,
        }
    }
    let (count, at) = placed;
    if count == tokens.len() { Some(at) } else { scan_to(text, at, &tokens[count..], at_key, distinct) }
}

/// Where `part`, a key or string of the fast path's tree, starts in `text` when it borrows from
/// it (one unescaped into the arena does not).
fn borrowed_at(text: &[u8], part: &str) -> Option<usize> {
    let start = part.as_ptr().addr().checked_sub(text.as_ptr().addr())?;
    // a borrowed key or string sits between its quotes
    (start >= 1 && start + part.len() < text.len()).then_some(start)
}

/// The byte offset of the value at `pointer` in `text`, a JSON document serde_json accepted;
/// of a key written twice, the last (the one serde_json keeps). `None` when it is not there.
/// With `at_key`, the offset of the member's key (its opening quote) instead. With `distinct`
/// (no object of `text` writes a key twice) the scan of an object stops at the member found.
fn node_offset(text: &[u8], pointer: &str, at_key: bool, distinct: bool) -> Option<usize> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    scan_to(text, skip_space(text, 0), &tokens, at_key, distinct)
}

/// [`node_offset`] of the value at `at` in `text`, and `tokens` from there.
fn scan_to(text: &[u8], mut at: usize, tokens: &[&str], at_key: bool, distinct: bool) -> Option<usize> {
    for (n, token) in tokens.iter().enumerate() {
        let last = n + 1 == tokens.len();
        let token = unescape_pointer_token(token);
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
                        found = Some(if at_key && last { i } else { value });
                        if distinct {
                            break;
                        }
                    }
                    i = skip_space(text, skip_value(text, value)?);
                    if text.get(i) == Some(&b',') {
                        i = skip_space(text, i + 1);
                    }
                }
                at = found?;
            }
            b'[' => {
                let index = pointer_index(&token)?;
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
                return (!checked.violations.is_empty()).then(|| locate_with_spans(text, number, name, checked));
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

#[cfg(test)]
mod tests {
    //! The fast path and the scan that places columns against the reference: serde_json, then
    //! every violation placed by re-parsing the line with spans (what every report was before).

    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::*;
    use crate::report::{validation_human, validation_json};
    use crate::validate::SchemaOptions;

    /// The report the span-aware path alone gives, rendered in the human and JSON formats.
    fn reference(line: &[u8], validator: &OutputValidator, options: &CheckOptions) -> String {
        let report = match serde_json::from_slice::<Value>(line) {
            Ok(document) => {
                let checked = check_document(&document, validator, options);
                (!checked.violations.is_empty())
                    .then(|| locate_with_spans(&String::from_utf8_lossy(line), 7, "s.ndjson", checked))
            }
            Err(_) => slow_path(line, 7, "s.ndjson", validator, options),
        };
        rendered(report)
    }

    /// The report as a stream gives it: fast path, then the span-aware path with scanned columns.
    fn streamed(line: &[u8], validator: &OutputValidator, options: &CheckOptions) -> String {
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', line).collect();
        let mut result = check_chunk(Lines::new(line, &newlines, 7), "s.ndjson", validator, options);
        assert_eq!(result.documents, 1);
        assert!(result.reported.len() <= 1);
        rendered(result.reported.pop())
    }

    fn rendered(report: Option<DocumentReport>) -> String {
        let Some(report) = report else { return "valid".to_owned() };
        let mut human = String::new();
        validation_human::render_document(&mut human, &report, false, &mut validation_human::Notes::default());
        human + &validation_json::Stream::default().document(&report)
    }

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    }

    fn plan_validator(plan: &Path) -> OutputValidator {
        let plan: Value = serde_json::from_slice(&std::fs::read(plan).unwrap_or_default()).unwrap_or_default();
        OutputValidator::for_plans(&crate::plan::find_plans(&plan), &SchemaOptions::default())
            .or_else(|_| OutputValidator::new(&serde_json::json!({}), &SchemaOptions::default()))
            .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn every_fixture_payload_reports_the_same_on_both_paths() {
        // payloads of every platform and dialect, Retell's, and the reports of the test cases
        // (structured outputs among them), each against its own plan
        let mut folders = vec![
            root().join("payloads"),
            root().join("rules/payload"),
            root().join("rules/output"),
            root().join("validate/retell"),
            root().join("cases"),
        ];
        let mut checked = 0;
        while let Some(folder) = folders.pop() {
            let against =
                ["validated-against.json", "plan.json"].iter().map(|name| folder.join(name)).find(|p| p.exists());
            let against = match against {
                Some(against) => against,
                None if folder.ends_with("retell") => root().join("validate/retell-agent.json"),
                None => root().join("validate/support-plan.json"),
            };
            let validator = plan_validator(&against);
            let mut files: Vec<PathBuf> =
                std::fs::read_dir(&folder).into_iter().flatten().flatten().map(|e| e.path()).collect();
            files.sort();
            for path in files {
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if !name.ends_with(".json") || ["validated-against.json", "options.json", "plan.json"].contains(&name) {
                    continue;
                }
                // a JSON string never holds a raw newline: the document on one line, key order,
                // repeated keys and all
                let line = std::fs::read(&path).unwrap_or_default();
                let line: Vec<u8> = line.iter().map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b }).collect();
                let at = std::fs::read(folder.join("options.json"))
                    .ok()
                    .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
                    .and_then(|options| options["at"].as_str().map(str::to_owned));
                let dialects = [None, Some(crate::recognise::Dialect::Vapi), Some(crate::recognise::Dialect::Snake)];
                let readings = dialects.map(|dialect| (dialect, false)).into_iter().chain([(None, true)]);
                for (require_analysis, (dialect, retell)) in
                    [false, true].into_iter().flat_map(|r| readings.clone().map(move |d| (r, d)))
                {
                    let options = CheckOptions { require_analysis, at: at.clone(), dialect, retell };
                    let expected = reference(&line, &validator, &options);
                    assert_eq!(streamed(&line, &validator, &options), expected, "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 360, "only {checked} fixtures checked");
    }

    const SCHEMA: &str = r#"{"type": "object", "additionalProperties": false,
        "required": ["sentiment", "intent", "resolved"],
        "properties": {"sentiment": {"type": "integer", "minimum": 1, "maximum": 10},
            "intent": {"type": "string", "enum": ["support", "sales", "complaint", "other"]},
            "resolved": {"type": "boolean"}, "topics": {"type": "array", "items": {"type": "string", "maxLength": 8}},
            "when": {"type": "string", "format": "date-time"}}}"#;

    /// Any JSON value, from a small set of shapes, as text.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            (-20i64..20).prop_map(|n| n.to_string()),
            (-5.0f64..15.0).prop_map(|n| format!("{n:.2}")),
            "[a-zé~/\"\\\\ ]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
            Just("[1, \"x\"]".to_owned()),
            Just("{}".to_owned()),
        ]
    }

    /// An analysis output near the schema: valid, one field off, or anything.
    fn analysis() -> impl Strategy<Value = String> {
        let field = |name: &'static str, good: Vec<&'static str>| {
            (prop::sample::select(good).prop_map(str::to_owned), value(), 0..10u8).prop_map(move |(good, any, pick)| {
                match pick {
                    0 => String::new(),
                    1 => format!("\"{name}\": {any}, "),
                    _ => format!("\"{name}\": {good}, "),
                }
            })
        };
        (
            field("sentiment", vec!["1", "7", "10", "11", "0"]),
            field("intent", vec!["\"support\"", "\"sales\"", "\"Sales\"", "\"refund\""]),
            field("resolved", vec!["true", "false"]),
            field("topics", vec!["[]", "[\"a\", \"b\"]", "[\"a very long topic\", 3]"]),
            field("when", vec!["\"2025-12-13T12:05:30Z\"", "\"yesterday\""]),
            field("extra\u{e9}~1key", vec!["1"]),
            any::<bool>(),
        )
            .prop_map(|(a, b, c, d, e, f, spaced)| {
                let body = format!("{a}{b}{c}{d}{e}{f}");
                let body = body.trim_end_matches([',', ' ']);
                if spaced { format!("{{ {body} }}") } else { format!("{{{}}}", body.replace(", ", ",")) }
            })
    }

    /// A field's value: one of `good` mostly, else any value, or missing.
    fn pick(good: Vec<&'static str>) -> impl Strategy<Value = Option<String>> {
        (prop::sample::select(good).prop_map(str::to_owned), value(), 0..8u8).prop_map(|(good, any, pick)| match pick {
            0 => None,
            1 => Some(any),
            _ => Some(good),
        })
    }

    /// An end-of-call-report (Flireo, HMS or Vapi, with or without its envelope), status
    /// update or tool call, each field right, wrong, missing or repeated.
    fn report() -> impl Strategy<Value = String> {
        (
            pick(vec!["\"end-of-call-report\"", "\"status-update\"", "\"tool-calls\"", "\"hang\""]),
            pick(vec!["\"2025-12-13T12:05:30.000Z\"", "\"2025-12-13 12:05\"", "1765627530"]),
            pick(vec!["{\"id\": \"5c4d\", \"status\": \"ended\"}", "{\"id\": 3}", "{}"]),
            pick(vec!["84", "-1", "\"84\""]),
            pick(vec!["\"Booked.\"", "\"Gebeld \u{fc}ber \u{1f600}\""]),
            pick(vec!["\"customer-ended-call\"", "\"hangup\"", "\"assistant-said-goodbye\""]),
            (analysis(), 0..6u8),
            (0..6u8, 0..3u8, 0..4u8),
            (pick(vec![
                "{\"structuredOutputs\": {\"5c4d\": {\"name\": \"CSAT\", \"result\": 7}}}",
                "{\"structuredOutputs\": {\"5c4d\": {\"name\": \"CSAT\", \"result\": null}}}",
                "{\"structuredOutputs\": {\"5c4d\": 3}, \"skippedStructuredOutputs\": {}}",
                "{\"skippedStructuredOutputs\": {\"9f\": {\"name\": \"Outcome\", \"unmetCondition\": {\"type\": \"minMessages\", \"count\": 6}}}}",
                "{\"skippedStructuredOutputs\": {\"9f\": {\"unmetCondition\": {\"type\": \"minTurns\"}}}}",
                "{\"messages\": [{\"role\": \"bot\", \"message\": \"Hi\"}], \"structuredOutputs\": []}",
            ]), value()),
        )
            .prop_map(
                |(
                    kind,
                    timestamp,
                    call,
                    duration,
                    summary,
                    ended,
                    (analysis, shape),
                    (envelope, repeat, snake),
                    (artifact, other),
                )| {
                    let mut fields = Vec::new();
                    let mut add = |key: &str, value: Option<String>| {
                        if let Some(value) = value {
                            fields.push(format!("\"{key}\": {value}"));
                        }
                    };
                    let snake = snake == 0;
                    add("type", kind);
                    add("timestamp", timestamp);
                    add("call", call);
                    add(if snake { "duration_seconds" } else { "durationSeconds" }, duration);
                    add("summary", summary);
                    add("endedReason", ended);
                    match shape {
                        0 => {}
                        1 => add("analysis", Some(format!("{{\"structuredData\": {analysis}}}"))),
                        2 => add("analysis", Some("[]".to_owned())),
                        _ => add("analysis", Some(analysis)),
                    }
                    add("artifact", artifact);
                    // a key written twice: the same again, or another value (the last one counts)
                    if repeat > 0 && !fields.is_empty() {
                        let again = if repeat == 1 {
                            fields[0].clone()
                        } else {
                            format!("{}: {other}", fields[0].split(':').next().unwrap_or_default())
                        };
                        fields.push(again);
                    }
                    let body = format!("{{{}}}", fields.join(", "));
                    match envelope {
                        0 => body,
                        1 => format!("{{\"message\": {body}}}"),
                        2 => format!("{{\"message\": {body}"),
                        _ => format!("{{\"message\":{body} }}"),
                    }
                },
            )
    }

    /// A Retell webhook: the event under its key, the call under its, the built-in analysis
    /// fields and `custom_analysis_data`, each right, wrong or missing.
    fn retell() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["event", "event", "event_type"]),
            pick(vec!["\"call_analyzed\"", "\"call_ended\"", "\"call_analysed\""]),
            prop::sample::select(vec!["call", "call", "chat", "data"]),
            pick(vec!["\"New patient booked\""]),
            pick(vec!["\"Positive\"", "\"Unknown\"", "\"happy\""]),
            pick(vec!["true", "false"]),
            (analysis(), 0..5u8),
        )
            .prop_map(|(event_key, event, call_key, summary, sentiment, successful, (data, shape))| {
                let mut analysis = Vec::new();
                for (key, value) in
                    [("call_summary", summary), ("user_sentiment", sentiment), ("call_successful", successful)]
                {
                    if let Some(value) = value {
                        analysis.push(format!("\"{key}\": {value}"));
                    }
                }
                match shape {
                    0 => {}
                    1 => analysis.push("\"custom_analysis_data\": null".to_owned()),
                    _ => analysis.push(format!("\"custom_analysis_data\": {data}")),
                }
                let analysis_key = if call_key == "chat" { "chat_analysis" } else { "call_analysis" };
                let call = if shape == 4 {
                    "{\"call_id\": \"Kq4s\"}".to_owned()
                } else {
                    format!("{{\"call_id\": \"Kq4s\", \"{analysis_key}\": {{{}}}}}", analysis.join(", "))
                };
                match event {
                    Some(event) => format!("{{\"{event_key}\": {event}, \"{call_key}\": {call}}}"),
                    None => format!("{{\"{call_key}\": {call}, \"event_type\": 5}}"),
                }
            })
    }

    /// Compiled once: the proptests check hundreds of documents against it.
    static VALIDATOR: std::sync::LazyLock<OutputValidator> = std::sync::LazyLock::new(|| {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap_or_default();
        OutputValidator::new(&schema, &SchemaOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    });

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn random_reports_read_the_same_on_both_paths(line in report(), require_analysis: bool) {
            let validator = &*VALIDATOR;
            let options = CheckOptions { require_analysis, ..CheckOptions::default() };
            prop_assert_eq!(streamed(line.as_bytes(), validator, &options), reference(line.as_bytes(), validator, &options));
        }

        #[test]
        fn random_reports_read_the_same_in_a_forced_dialect(line in report(), dialect in 0..3usize) {
            let validator = &*VALIDATOR;
            let options = CheckOptions { dialect: Some(crate::recognise::Dialect::ALL[dialect]), ..CheckOptions::default() };
            prop_assert_eq!(streamed(line.as_bytes(), validator, &options), reference(line.as_bytes(), validator, &options));
        }

        #[test]
        fn random_retell_webhooks_read_the_same_on_both_paths(line in retell()) {
            let validator = &*VALIDATOR;
            let options = CheckOptions::default();
            prop_assert_eq!(streamed(line.as_bytes(), validator, &options), reference(line.as_bytes(), validator, &options));
        }

        #[test]
        fn random_analysis_outputs_read_the_same_on_both_paths(line in analysis()) {
            let validator = &*VALIDATOR;
            let options = CheckOptions::default();
            prop_assert_eq!(streamed(line.as_bytes(), validator, &options), reference(line.as_bytes(), validator, &options));
        }
    }

    /// An analysis output whose members come in any order, most of them wrong, nested objects
    /// and arrays of objects among them, with members out of order inside too.
    fn shuffled_output() -> impl Strategy<Value = String> {
        let members = vec![
            r#""sentiment": 11"#,
            r#""zeta": 1"#,
            r#""intent": "refund""#,
            r#""alpha": true"#,
            r#""topics": ["a", 3, {"y": 1, "b": 2}]"#,
            r#""contact": {"name": 5, "emial": "x", "age": "old", "zip": 1}"#,
            r#""resolved": "yes""#,
            r#""items": [{"task": 1, "assigned_to": "nobody"}, {"b": 1, "a": 2}, {}]"#,
            r#""zz": 2"#,
            r#""beta": null"#,
        ];
        (Just(members).prop_shuffle(), 0..1024u32).prop_map(|(members, kept)| {
            let kept: Vec<&str> =
                members.iter().enumerate().filter(|(n, _)| kept & (1 << n) != 0).map(|(_, m)| *m).collect();
            format!("{{{}}}", kept.join(", "))
        })
    }

    /// Keywords whose errors lie at members, at the object or in its value: none follows the
    /// order of the members.
    const ORDER_FREE_SCHEMA: &str = r#"{"type": "object", "additionalProperties": false, "minProperties": 3,
        "required": ["sentiment", "intent", "summary", "contact"],
        "patternProperties": {"^z": {"type": "string"}},
        "properties": {
            "sentiment": {"type": "integer", "maximum": 10}, "intent": {"enum": ["support", "sales"]},
            "alpha": {"not": {"const": true}}, "beta": {"type": "string"}, "resolved": {"type": "boolean"},
            "topics": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]}},
            "contact": {"type": "object", "additionalProperties": false, "required": ["email", "name"],
                "properties": {"email": {"type": "string"}, "name": {"type": "string"}, "age": {"type": "integer"}}},
            "items": {"type": "array", "items": {"type": "object", "required": ["task", "assigned_to"],
                "additionalProperties": {"type": "integer"},
                "properties": {"task": {"type": "string"}, "assigned_to": {"enum": ["agent", "customer"]}}}}}}"#;

    /// The same with the keywords whose errors do follow it.
    const ORDER_BOUND_SCHEMA: &str = r#"{"type": "object", "unevaluatedProperties": false,
        "propertyNames": {"maxLength": 5}, "dependentRequired": {"alpha": ["summary", "beta"]},
        "properties": {"sentiment": {"type": "integer", "maximum": 10}, "intent": {"enum": ["support", "sales"]},
            "contact": {"type": "object", "propertyNames": {"pattern": "^[a-z]{3,4}$"}, "unevaluatedProperties": false,
                "properties": {"name": {"type": "string"}}},
            "items": {"type": "array", "items": {"dependentRequired": {"task": ["due"]}, "unevaluatedProperties": false}}}}"#;

    static ORDER_VALIDATORS: std::sync::LazyLock<[OutputValidator; 2]> = std::sync::LazyLock::new(|| {
        [ORDER_FREE_SCHEMA, ORDER_BOUND_SCHEMA].map(|schema| {
            let schema: Value = serde_json::from_str(schema).unwrap_or_else(|e| panic!("{e}"));
            OutputValidator::new(&schema, &SchemaOptions::default()).unwrap_or_else(|e| panic!("{e}"))
        })
    });

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// A schema whose errors do not follow member order explains the tree as read; one
        /// whose errors do explains it in key order: both report what serde_json's `Value` gives.
        #[test]
        fn members_in_any_order_read_the_same_on_both_paths(line in shuffled_output()) {
            for validator in &*ORDER_VALIDATORS {
                let options = CheckOptions::default();
                prop_assert_eq!(streamed(line.as_bytes(), validator, &options), reference(line.as_bytes(), validator, &options));
            }
        }
    }

    #[test]
    fn only_keywords_that_follow_member_order_put_a_tree_in_key_order() {
        let [free, bound] = &*ORDER_VALIDATORS;
        assert!(!free.reads_member_order() && bound.reads_member_order());
    }

    #[test]
    fn the_dialect_reason_does_not_depend_on_key_order() {
        // `endedReason` comes first in the line, `analysis` first in sorted order
        let validator = &*VALIDATOR;
        let line = br#"{"message": {"type": "end-of-call-report", "endedReason": "hangup", "call": {"id": "c"},
            "analysis": {"structuredData": {"sentiment": 11, "intent": "support", "resolved": true}}}}"#;
        let line: Vec<u8> = line.iter().map(|&b| if b == b'\n' { b' ' } else { b }).collect();
        let report = streamed(&line, validator, &CheckOptions::default());
        assert!(report.contains(r#""dialect_reason": "`analysis.structuredData`""#), "{report}");
        assert_eq!(report, reference(&line, validator, &CheckOptions::default()));
    }

    #[test]
    fn blank_lines_crlf_and_an_unterminated_last_line_keep_their_numbers() {
        let schema = serde_json::json!({"properties": {"a": {"const": 1}}});
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let text = "{\"a\":1}\r\n\n   \r\n{\"a\":2}\r\n{bad\n{\"a\":1}\n{\"a\":3}";
        let mut reported = Vec::new();
        let totals = check_stream(text.as_bytes(), "s.ndjson", &validator, &CheckOptions::default(), &mut |document| {
            reported.push((document.line, document.kind, document.errors[0].column))
        });
        assert_eq!(
            reported,
            [
                (Some(4), Kind::AnalysisOutput, Some(6)),
                (Some(5), Kind::Unparsable, Some(2)),
                (Some(7), Kind::AnalysisOutput, Some(6))
            ]
        );
        assert_eq!((totals.documents, totals.invalid, totals.failed), (5, 3, true));
    }

    #[test]
    fn the_scan_finds_what_the_span_parser_finds() {
        let line = br#"{"a": {"b~c/d": [1, {"x": "\u00e9\"]"}, 3]}, "a" : {"b~c/d": [9, {"x": 2}]}, "\u0071": 4}"#;
        let text = std::str::from_utf8(line).unwrap_or_default();
        let document = Document::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
        for pointer in ["", "/a", "/a/b~0c~1d", "/a/b~0c~1d/1", "/a/b~0c~1d/1/x", "/q"] {
            let span = document.span(pointer).map(|s| s.value.start);
            assert_eq!(node_offset(line, pointer, false, false), span, "{pointer}");
        }
        assert_eq!(node_offset(line, "/a/b~0c~1d/2", false, false), None);
        assert_eq!(node_offset(br#"{"a": {"bb": 1}}"#, "/a/bb", true, false), Some(7));
        assert_eq!(node_offset(line, "/a/b~0c~1d/01", false, false), None);
        assert_eq!(node_offset(line, "/nope", false, false), None);
        // a line that writes each key once is scanned to the member found, and reads the same
        let line = br#"{"a": {"b~c/d": [1, {"x": "\u00e9\"]"}, 3], "y": 2}, "\u0071": {"k": [4]}, "z": 5}"#;
        let text = std::str::from_utf8(line).unwrap_or_default();
        let document = Document::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
        for pointer in ["", "/a", "/a/y", "/a/b~0c~1d/1/x", "/q/k/0", "/z", "/nope", "/a/b~0c~1d/3"] {
            let span = document.span(pointer).map(|s| s.value.start);
            assert_eq!(node_offset(line, pointer, false, true), span, "{pointer}");
            let key = document.span(pointer).map(|s| s.start(true));
            assert_eq!(node_offset(line, pointer, true, true), key, "{pointer}");
            assert_eq!(node_offset(line, pointer, true, false), key, "{pointer}");
        }
    }

    /// Every pointer into `value`, and some that lead nowhere.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    pointers(member, crate::json::child_pointer(&at, key), out);
                }
                out.push(format!("{at}/absent"));
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    pointers(item, format!("{at}/{index}"), out);
                }
                out.push(format!("{at}/{}", items.len()));
                out.push(format!("{at}/01"));
            }
            _ => out.push(format!("{at}/0")),
        }
        out.push(at);
    }

    #[test]
    fn the_tree_places_what_the_span_parser_places() {
        for line in [
            r#"{"a": {"b~c/d": [1, {"x": "\u00e9\"]"}, 3], "y": 2}, "\u0071": {"k": [4, "s", "\n", {"m": "n"}]}, "z": 5}"#,
            r#" { "a" : [ "x" , [ "y" , { "k\"" : "v" } ] , { } ] , "e" : "" , "" : { "" : [ "" ] } } "#,
            r#"{"message":{"analysis":{"topics":["a","b\u0000c"],"items":[{"task":"t","to":"x"}]}}}"#,
            r#"["a", {"b": ["c", "d\t"]}, 2]"#,
        ] {
            let document = Document::parse(line).unwrap_or_else(|e| panic!("{}", e.message));
            let arena = super::super::fast::Arena::default();
            let (_, tree) = super::super::fast::verdict(line, &arena, &VALIDATOR, &CheckOptions::default());
            let tree = tree.unwrap_or_else(|| panic!("refused {line}"));
            let mut all = Vec::new();
            pointers(document.value(), String::new(), &mut all);
            for pointer in &all {
                for at_key in [false, true] {
                    let span = document.span(pointer).map(|s| s.start(at_key));
                    let text = line.as_bytes();
                    assert_eq!(tree_offset(text, &tree, pointer, at_key, true), span, "{line}: {pointer} {at_key}");
                    assert_eq!(node_offset(text, pointer, at_key, true), span, "{line}: {pointer} {at_key}");
                }
            }
        }
    }
}
