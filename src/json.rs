//! Span-aware JSON: strict parsing into a `serde_json::Value` together with the byte span of
//! every node (by JSON Pointer) and every duplicated key, which serde_json would silently drop.
//!
//! jsonc-parser does the parsing (strict options: plain RFC 8259 JSON) and bounds the nesting
//! depth, so deeply nested input is a parse error rather than a stack overflow.

use std::collections::HashMap;
use std::ops::Range;

use jsonc_parser::ast;
use serde_json::{Map, Number, Value};

/// A parsed JSON text: its value, where each node sits, and the keys that occur twice.
#[derive(Debug, Clone)]
pub struct Document {
    value: Value,
    spans: HashMap<String, NodeSpan>,
    duplicates: Vec<DuplicateKey>,
    /// Parsed from YAML ([`crate::yaml`]): spans point into YAML text, which is not JSON.
    yaml: bool,
}

/// Where a node sits in the text: the value's bytes and, for an object member, its key's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpan {
    /// The key's span, quotes included, when the node is an object member.
    pub key: Option<Range<usize>>,
    /// The value's span.
    pub value: Range<usize>,
}

impl NodeSpan {
    /// Where the node starts: its key's opening quote with `key` (and when it has one),
    /// else its value.
    pub fn start(&self, key: bool) -> usize {
        match (&self.key, key) {
            (Some(range), true) => range.start,
            _ => self.value.start,
        }
    }
}

/// A key that appears more than once in one object; the last occurrence wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key as written (decoded).
    pub key: String,
    /// The pointer of the member (object pointer + key).
    pub pointer: String,
    /// The span of the first occurrence's key.
    pub first: Range<usize>,
    /// The span of the repeated key.
    pub repeated: Range<usize>,
}

/// Why a text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// One lowercase line.
    pub message: String,
    /// Where the parser stopped.
    pub range: Range<usize>,
}

impl Document {
    /// Parses strict JSON (no comments, trailing commas or other JSON5 extensions).
    pub fn parse(text: &str) -> Result<Document, ParseError> {
        if text.trim().is_empty() {
            return Err(ParseError { message: "empty input: expected a JSON value".to_owned(), range: 0..0 });
        }
        let collect = jsonc_parser::CollectOptions::default();
        let parsed = jsonc_parser::parse_to_ast(text, &collect, &strict()).map_err(|e| match e.kind() {
            // jsonc-parser counts an object level twice and lets arrays go to 513: plankit's own
            // scan places the one documented limit
            jsonc_parser::errors::ParseErrorKind::NestingDepthExceeded => {
                too_deep(text).unwrap_or_else(|| parse_error(text, &e))
            }
            _ => parse_error(text, &e),
        })?;
        if let Some(error) = too_deep(text) {
            return Err(error);
        }
        if let Some(at) = raw_control_character(text) {
            let code = text.as_bytes()[at];
            return Err(ParseError {
                message: format!(
                    "raw control character U+{code:04X} inside a string: JSON requires it escaped (`\\u{code:04x}`{})",
                    match code {
                        b'\n' => ", or `\\n`",
                        b'\t' => ", or `\\t`",
                        b'\r' => ", or `\\r`",
                        _ => "",
                    }
                ),
                range: at..at + 1,
            });
        }
        let Some(root) = parsed.value else {
            return Err(ParseError { message: "expected a JSON value".to_owned(), range: 0..0 });
        };
        let mut builder = Builder { spans: HashMap::new(), duplicates: Vec::new() };
        let mut pointer = String::new();
        let value = builder.convert(&root, &mut pointer, None)?;
        Ok(Document { value, spans: builder.spans, duplicates: builder.duplicates, yaml: false })
    }

    /// Parses a source in the syntax its file name gives: JSON (strict), or YAML for
    /// `.yml`/`.yaml` and the frontmatter of a `.md` (Vapi's gitops resources).
    pub fn of(source: &crate::source::Source) -> Result<Document, ParseError> {
        match source.syntax() {
            crate::source::Syntax::Json => Document::parse(source.text()),
            crate::source::Syntax::Yaml => crate::yaml::parse(source.text()),
            crate::source::Syntax::Frontmatter => crate::yaml::parse_frontmatter(source.text()),
        }
    }

    /// A document read from YAML (it has no duplicate keys: YAML's are parse errors).
    pub(crate) fn from_yaml(value: Value, spans: HashMap<String, NodeSpan>) -> Document {
        Document { value, spans, duplicates: Vec::new(), yaml: true }
    }

    /// Whether the document was read from YAML: its spans point into text that is not JSON,
    /// so no JSON edit (a fix) applies to it.
    pub fn is_yaml(&self) -> bool {
        self.yaml
    }

    /// The JSON text of the node at `pointer` as written in `text`: the bytes themselves for
    /// JSON, compact JSON in the order the YAML writes the keys for YAML (a schema is shown to
    /// the model the way its author wrote it).
    pub fn written(&self, pointer: &str, text: &str) -> Option<String> {
        if !self.yaml {
            return self.span(pointer).and_then(|span| text.get(span.value.clone())).map(str::to_owned);
        }
        let mut out = String::new();
        self.write_ordered(self.value.pointer(pointer)?, &mut pointer.to_owned(), &mut out);
        Some(out)
    }

    fn write_ordered(&self, value: &Value, pointer: &mut String, out: &mut String) {
        match value {
            Value::Object(object) => {
                let mut keys: Vec<&String> = object.keys().collect();
                keys.sort_by_key(|key| self.span(&child_pointer(pointer, key)).map(|s| s.start(true)));
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(key));
                    self.write_ordered(&object[key.as_str()], pointer, out);
                    pointer.truncate(len);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    self.write_ordered(item, pointer, out);
                    pointer.truncate(len);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }

    /// The parsed value (the last of any duplicated keys kept, as serde_json does).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The span of the node at `pointer`, if it exists.
    pub fn span(&self, pointer: &str) -> Option<&NodeSpan> {
        self.spans.get(pointer)
    }

    /// Every key that occurs more than once within one object, in text order.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.duplicates
    }
}

/// How deep objects and arrays may nest in any input plankit parses (plans, payloads, outputs,
/// configuration written as JSON): deeper is a parse error, never a stack overflow.
pub const MAX_NESTING: usize = 256;

/// The error for the first object or array opened deeper than [`MAX_NESTING`], if any.
fn too_deep(text: &str) -> Option<ParseError> {
    let at = nests_deeper(text.as_bytes(), MAX_NESTING)?;
    Some(ParseError {
        message: format!("nesting deeper than {MAX_NESTING} levels (plankit's limit for any input)"),
        range: at..at + 1,
    })
}

/// The offset of the first object or array opened deeper than `limit` in JSON text.
pub(crate) fn nests_deeper(text: &[u8], limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    first_byte(text, |byte, in_string| {
        if !in_string {
            match byte {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        depth > limit
    })
}

/// The offset of the first U+0000–U+001F written raw inside a string, which RFC 8259 forbids
/// (the parser underneath lets it through). Only called on text that parsed, so quotes pair up.
fn raw_control_character(text: &str) -> Option<usize> {
    first_byte(text.as_bytes(), |byte, in_string| in_string && byte < 0x20)
}

/// The offset of the first byte `hit` says yes to, told whether the byte sits inside a string
/// (the quotes themselves and escaped characters are not shown to it).
fn first_byte(text: &[u8], mut hit: impl FnMut(u8, bool) -> bool) -> Option<usize> {
    let (mut in_string, mut escaped) = (false, false);
    for (at, &byte) in text.iter().enumerate() {
        match (in_string, byte) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (_, b'"') => in_string = !in_string,
            _ if hit(byte, in_string) => return Some(at),
            _ => {}
        }
    }
    None
}

struct Builder {
    spans: HashMap<String, NodeSpan>,
    duplicates: Vec<DuplicateKey>,
}

impl Builder {
    fn convert(
        &mut self,
        node: &ast::Value<'_>,
        pointer: &mut String,
        key: Option<Range<usize>>,
    ) -> Result<Value, ParseError> {
        let (value, range) = match node {
            ast::Value::NullKeyword(n) => (Value::Null, n.range),
            ast::Value::BooleanLit(b) => (Value::Bool(b.value), b.range),
            ast::Value::StringLit(s) => (Value::String(s.value.to_string()), s.range),
            ast::Value::NumberLit(n) => (Value::Number(number(n)?), n.range),
            ast::Value::Array(a) => {
                let mut items = Vec::with_capacity(a.elements.len());
                for (i, element) in a.elements.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    items.push(self.convert(element, pointer, None)?);
                    pointer.truncate(len);
                }
                (Value::Array(items), a.range)
            }
            ast::Value::Object(o) => {
                let mut map = Map::new();
                let mut first_seen: HashMap<&str, Range<usize>> = HashMap::new();
                for prop in &o.properties {
                    let name = prop.name.as_str();
                    let key_range = name_range(&prop.name);
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(name));
                    if let Some(first) = first_seen.get(name) {
                        self.duplicates.push(DuplicateKey {
                            key: name.to_owned(),
                            pointer: pointer.clone(),
                            first: first.clone(),
                            repeated: key_range.clone(),
                        });
                    } else {
                        first_seen.insert(name, key_range.clone());
                    }
                    let value = self.convert(&prop.value, pointer, Some(key_range))?;
                    pointer.truncate(len);
                    map.insert(name.to_owned(), value);
                }
                (Value::Object(map), o.range)
            }
        };
        self.spans.insert(pointer.clone(), NodeSpan { key, value: range.start..range.end });
        Ok(value)
    }
}

/// An unterminated object, array or string is reported where the input ends, naming where it
/// was opened; anything else where the parser stopped.
fn parse_error(text: &str, error: &jsonc_parser::errors::ParseError) -> ParseError {
    use jsonc_parser::errors::ParseErrorKind as Kind;
    let range = error.range();
    let what = match error.kind() {
        Kind::UnterminatedObject => Some("object"),
        Kind::UnterminatedArray => Some("array"),
        Kind::String(jsonc_parser::ParseStringErrorKind::UnterminatedStringLiteral) => Some("string"),
        _ => None,
    };
    match what {
        Some(what) => {
            let opened = crate::source::line_column_in(text, range.start);
            let end = text.trim_end().len();
            ParseError {
                message: format!(
                    "unexpected end of input: the {what} opened at line {}, column {} is never closed",
                    opened.line, opened.column
                ),
                range: end..end,
            }
        }
        None => ParseError { message: lowercase_first(&error.kind().to_string()), range: range.start..range.end },
    }
}

fn number(n: &ast::NumberLit<'_>) -> Result<Number, ParseError> {
    n.value.parse::<Number>().map_err(|_| ParseError {
        message: format!("number `{}` is out of range", shorten(n.value)),
        range: n.range.start..n.range.end,
    })
}

/// A number as written, cut to 24 characters so a message stays one line.
fn shorten(number: &str) -> String {
    match number.char_indices().nth(24) {
        Some((cut, _)) => format!("{}… ({} digits)", &number[..cut], number.len()),
        None => number.to_owned(),
    }
}

fn name_range(name: &ast::ObjectPropName<'_>) -> Range<usize> {
    match name {
        ast::ObjectPropName::String(s) => s.range.start..s.range.end,
        ast::ObjectPropName::Word(w) => w.range.start..w.range.end,
    }
}

fn strict() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// `text` with its first character lowercased (parser messages start in capitals).
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How [`reformat`] lays JSON out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Two-space indentation, one member per line (as `serde_json::to_string_pretty`).
    Pretty,
    /// One line, no spaces.
    Compact,
}

/// Lays out JSON text again, keeping object keys in the order they are written: a schema is
/// shown to the model (and sent to a provider) the way its author wrote it. `serde_json::Value`
/// sorts keys, and its `preserve_order` feature would slow every parse in the program, so the
/// order comes from the text. `None` when the text is not JSON.
pub fn reformat(text: &str, layout: Layout) -> Option<String> {
    reformat_without(text, layout, &|_, _| false)
}

/// [`reformat`], leaving out the object members for which `drop(object_pointer, key)` is true
/// (plankit's own `x-plankit-*` annotations, before a schema is shown to a model).
pub fn reformat_without(text: &str, layout: Layout, drop: &dyn Fn(&str, &str) -> bool) -> Option<String> {
    let parsed = jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &strict()).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut writer = Writer { layout, drop, pointer: String::new(), out: &mut out };
    writer.node(&parsed.value?, 0);
    Some(out)
}

struct Writer<'a> {
    layout: Layout,
    drop: &'a dyn Fn(&str, &str) -> bool,
    pointer: String,
    out: &'a mut String,
}

impl Writer<'_> {
    fn newline(&mut self, depth: usize) {
        if self.layout == Layout::Pretty {
            self.out.push('\n');
            self.out.push_str(&"  ".repeat(depth));
        }
    }

    fn node(&mut self, node: &ast::Value<'_>, depth: usize) {
        match node {
            ast::Value::Array(a) if !a.elements.is_empty() => {
                self.out.push('[');
                for (i, element) in a.elements.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    let len = self.pointer.len();
                    self.pointer.push_str(&format!("/{i}"));
                    self.node(element, depth + 1);
                    self.pointer.truncate(len);
                }
                self.newline(depth);
                self.out.push(']');
            }
            ast::Value::Object(o) => {
                let kept: Vec<_> =
                    o.properties.iter().filter(|p| !(self.drop)(&self.pointer, p.name.as_str())).collect();
                if kept.is_empty() {
                    self.out.push_str("{}");
                    return;
                }
                self.out.push('{');
                for (i, prop) in kept.into_iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.out.push_str(&Value::String(prop.name.as_str().to_owned()).to_string());
                    self.out.push_str(if self.layout == Layout::Pretty { ": " } else { ":" });
                    let len = self.pointer.len();
                    self.pointer.push('/');
                    self.pointer.push_str(&escape_pointer_token(prop.name.as_str()));
                    self.node(&prop.value, depth + 1);
                    self.pointer.truncate(len);
                }
                self.newline(depth);
                self.out.push('}');
            }
            ast::Value::Array(_) => self.out.push_str("[]"),
            ast::Value::NullKeyword(_) => self.out.push_str("null"),
            ast::Value::BooleanLit(b) => self.out.push_str(if b.value { "true" } else { "false" }),
            ast::Value::NumberLit(n) => self.out.push_str(n.value),
            ast::Value::StringLit(s) => self.out.push_str(&Value::String(s.value.to_string()).to_string()),
        }
    }
}

/// Escapes one reference token for a JSON Pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// The key or index one JSON Pointer reference token names: `~1` → `/`, `~0` → `~`.
pub fn unescape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// The array index a reference token names, as serde_json reads one: digits, no sign, no
/// leading zero.
pub fn pointer_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() > 1) {
        return None;
    }
    token.parse().ok()
}

/// Appends an object key or array index to a pointer.
pub fn child_pointer(pointer: &str, token: &str) -> String {
    let token = escape_pointer_token(token);
    let mut child = String::with_capacity(pointer.len() + 1 + token.len());
    child.push_str(pointer);
    child.push('/');
    child.push_str(&token);
    child
}

/// What [`each_object`] calls: an object, its pointer, and the key it sits under.
pub type ObjectVisitor<'v, 'a> = dyn FnMut(&'a Map<String, Value>, &str, Option<&str>) + 'v;

/// Calls `visit` with every object in `value`, depth first, with its pointer and the key it
/// sits under (an array item: the array's key; `None` at the root).
pub fn each_object<'a>(value: &'a Value, pointer: &str, visit: &mut ObjectVisitor<'_, 'a>) {
    fn walk<'a>(value: &'a Value, pointer: &str, key: Option<&str>, visit: &mut ObjectVisitor<'_, 'a>) {
        match value {
            Value::Object(object) => {
                visit(object, pointer, key);
                for (key, child) in object {
                    if child.is_object() || child.is_array() {
                        walk(child, &child_pointer(pointer, key), Some(key), visit);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), key, visit);
                }
            }
            _ => {}
        }
    }
    walk(value, pointer, None, visit);
}

/// Maps many decoded offsets of one string literal back to the source, each in O(log n): the
/// escapes are indexed once. For a message with thousands of findings, where
/// [`raw_string_offset`] per finding would rescan the literal each time.
#[derive(Debug, Clone)]
pub struct RawOffsets {
    /// Each escape: where its decoded text starts and how long it is, where it starts in the
    /// literal and how long it is there.
    escapes: Vec<(usize, usize, usize, usize)>,
    literal_len: usize,
}

impl RawOffsets {
    /// Indexes the escapes of `literal` (quotes included).
    pub fn new(literal: &str) -> RawOffsets {
        let bytes = literal.as_bytes();
        let mut escapes = Vec::new();
        let (mut raw, mut decoded) = (1, 0);
        while raw < bytes.len().saturating_sub(1) {
            if bytes[raw] == b'\\' {
                let (raw_len, decoded_len) = escape_lengths(&bytes[raw..]);
                escapes.push((decoded, decoded_len, raw, raw_len));
                raw += raw_len;
                decoded += decoded_len;
            } else {
                raw += 1;
                decoded += 1;
            }
        }
        RawOffsets { escapes, literal_len: literal.len() }
    }

    /// The source offset of `decoded_offset`, as [`raw_string_offset`] computes it.
    pub fn raw(&self, decoded_offset: usize) -> usize {
        let before = self.escapes.partition_point(|&(start, ..)| start < decoded_offset);
        let raw = match before.checked_sub(1).map(|i| self.escapes[i]) {
            None => 1 + decoded_offset,
            Some((start, decoded_len, raw_start, raw_len)) => {
                let after = start + decoded_len;
                raw_start + raw_len + decoded_offset.saturating_sub(after)
            }
        };
        // past the end: the closing quote, as the scan stops there
        raw.min(self.literal_len.saturating_sub(1).max(1)).min(self.literal_len)
    }
}

/// Maps a byte offset inside a decoded string value back to the source: `literal` is the raw
/// string literal (quotes included) and `decoded_offset` an offset into its decoded text.
/// Escapes such as `\n` or `\u00e9` take more source bytes than they decode to.
pub fn raw_string_offset(literal: &str, decoded_offset: usize) -> usize {
    let bytes = literal.as_bytes();
    let mut raw = 1; // skip the opening quote
    let mut decoded = 0;
    while decoded < decoded_offset && raw < bytes.len().saturating_sub(1) {
        if bytes[raw] == b'\\' {
            let (raw_len, decoded_len) = escape_lengths(&bytes[raw..]);
            raw += raw_len;
            decoded += decoded_len;
        } else {
            let ch_len = literal[raw..].chars().next().map_or(1, char::len_utf8);
            raw += ch_len;
            decoded += ch_len;
        }
    }
    raw.min(literal.len())
}

/// Source and decoded byte lengths of the escape sequence at the start of `bytes`.
fn escape_lengths(bytes: &[u8]) -> (usize, usize) {
    if bytes.get(1) != Some(&b'u') {
        return (2.min(bytes.len()), 1);
    }
    let unit = |at: usize| {
        bytes.get(at..at + 4).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match unit(2) {
        // a surrogate pair: two escapes, one four-byte character
        Some(0xD800..=0xDBFF) if bytes.get(6..8) == Some(b"\\u") => (12, 4),
        Some(code) => (6, char::from_u32(code).map_or(3, char::len_utf8)),
        None => (2, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_object_is_visited_with_its_pointer_and_key() {
        let value: Value = serde_json::from_str(r#"{"members": [{"a/b": {}}], "x": 1}"#).unwrap();
        let mut seen = Vec::new();
        each_object(&value, "", &mut |_, pointer, key| seen.push((pointer.to_owned(), key.map(str::to_owned))));
        assert_eq!(
            seen,
            [
                (String::new(), None),
                ("/members/0".to_owned(), Some("members".to_owned())),
                ("/members/0/a~1b".to_owned(), Some("a/b".to_owned())),
            ]
        );
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = r#"{"a": {"b/c": [1, true]}}"#;
        let doc = Document::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let span = doc.span("/a/b~1c/1").cloned();
        assert_eq!(span.map(|s| &text[s.value]), Some("true"));
        let key = doc.span("/a/b~1c").and_then(|s| s.key.clone());
        assert_eq!(key.map(|k| &text[k]), Some("\"b/c\""));
    }

    #[test]
    fn duplicate_keys_are_found_and_the_last_wins() {
        let doc = Document::parse(r#"{"a": 1, "a": 2}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.duplicates().len(), 1);
        assert_eq!(doc.value()["a"], 2);
    }

    #[test]
    fn deep_nesting_is_a_parse_error() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = Document::parse(&text).err();
        assert!(err.is_some_and(|e| e.message.contains("nesting")));
        // one limit for objects and arrays alike, placed at the first bracket past it
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let nested = |n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
            assert!(Document::parse(&nested(MAX_NESTING)).is_ok(), "{open} at the limit");
            let error = Document::parse(&nested(MAX_NESTING + 1)).err();
            assert_eq!(error.map(|e| e.range.start), Some(MAX_NESTING * open.len()), "{open} past the limit");
        }
    }

    #[test]
    fn an_out_of_range_number_is_named_briefly() {
        let err = Document::parse(&format!("[1{}]", "0".repeat(400))).err().map(|e| e.message);
        assert_eq!(err.as_deref(), Some("number `100000000000000000000000… (401 digits)` is out of range"));
    }

    #[test]
    fn raw_control_characters_in_strings_are_refused_where_they_are() {
        let error = Document::parse("{\"a\": \"x\u{1}y\"}").err().map(|e| e.range);
        assert_eq!(error, Some(8..9));
        let error = Document::parse("{\"k\u{a}ey\": 1}").err().map(|e| e.message);
        assert!(error.is_some_and(|m| m.contains("U+000A") && m.contains("`\\n`")));
        // whitespace between tokens, and escapes, are fine
        assert!(Document::parse("{\n\t\"a\": \"tab\\there \\\"quoted\\\"\"\r\n}").is_ok());
    }

    #[test]
    fn indexed_offsets_agree_with_the_scan() {
        let literal = r#""a\nb\u00e9c\ud83d\ude00d é \"e""#;
        let index = RawOffsets::new(literal);
        let text: String = serde_json::from_str(literal).unwrap_or_default();
        // offsets into decoded text fall on its character boundaries
        for decoded in (0..=text.len() + 2).filter(|&at| at > text.len() || text.is_char_boundary(at)) {
            assert_eq!(index.raw(decoded), raw_string_offset(literal, decoded), "at {decoded}");
        }
    }

    #[test]
    fn json5_extensions_are_refused() {
        for text in [r#"{"a": 1,}"#, "{'a': 1}", "{a: 1}", r#"{"a": 0x1}"#, "// c\n{}", "[NaN]"] {
            assert!(Document::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn reformat_keeps_key_order_and_matches_serde_layout() {
        let text = r#"{"z": [1, {"b": "\u00e9", "a": null}], "y": {}, "x": []}"#;
        assert_eq!(reformat(text, Layout::Compact).as_deref(), Some(r#"{"z":[1,{"b":"é","a":null}],"y":{},"x":[]}"#));
        let value: Value = serde_json::from_str(r#"{"a": [1, {"b": true}], "c": {}}"#).unwrap_or_default();
        let pretty = reformat(r#"{"a": [1, {"b": true}], "c": {}}"#, Layout::Pretty);
        assert_eq!(pretty, serde_json::to_string_pretty(&value).ok());
    }

    #[test]
    fn decoded_offsets_map_back_through_escapes() {
        let literal = r#""a\n\u00e9{{x}}""#;
        // decoded: "a\né{{x}}" — `{{` starts at decoded byte 4 (a=1, \n=1, é=2)
        let raw = raw_string_offset(literal, 4);
        assert_eq!(&literal[raw..raw + 2], "{{");
    }
}
