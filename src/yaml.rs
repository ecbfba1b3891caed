//! Span-aware YAML: the files of Vapi's gitops layout (`resources/structuredOutputs/*.yml`,
//! `resources/assistants/*.yml` or `*.md` with YAML frontmatter, `resources/squads/*.yml`)
//! parsed into the same [`Document`] a JSON file gives: a `serde_json::Value` and the byte span
//! of every node by JSON Pointer, so every rule, and every diagnostic's file:line:col, works
//! unchanged.
//!
//! serde-saphyr does the parsing (YAML 1.2, panic-free), with the options a linter needs:
//! - YAML 1.2 booleans only (`strict_booleans`): `country: no` stays the string `"no"`, as
//!   Vapi's gitops tooling (the `yaml` npm package, YAML 1.2) reads it;
//! - a duplicate key is a parse error, never a silently dropped value;
//! - a budget on nodes, aliases and depth, so an alias bomb (`&a [*b, *b, …]`) is refused
//!   instead of expanded into gigabytes;
//! - `.inf` and `.nan` are refused (JSON has no such numbers); unknown tags (`!custom`) are
//!   refused; one document per file.
//!
//! A mapping key must be a scalar: a number or boolean key (`200: …`) becomes its text as
//! written, as a JavaScript object key does; a null or collection key is an error. Timestamps
//! stay strings (YAML 1.2's core schema has none). An alias's value is placed where its
//! anchor defines it.

use std::collections::HashMap;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;

use crate::json::{Document, MAX_NESTING, NodeSpan, ParseError, escape_pointer_token, lowercase_first};

/// Parses a YAML file: one document, which becomes the JSON value it spells.
pub fn parse(text: &str) -> Result<Document, ParseError> {
    parse_at(text, 0..text.len())
}

/// Parses a gitops assistant written as Markdown: the YAML frontmatter between the leading
/// `---` lines is the assistant (the body below is its system prompt, which gitops sends as
/// the first `model.messages` entry and which no analysis rule reads). Spans are offsets in
/// the whole file.
pub fn parse_frontmatter(text: &str) -> Result<Document, ParseError> {
    let Some(yaml) = frontmatter(text) else {
        return Err(ParseError {
            message: "expected YAML frontmatter between `---` lines at the top of this Markdown file".to_owned(),
            range: 0..0,
        });
    };
    parse_at(text, yaml)
}

/// The byte range of the YAML between a Markdown file's opening `---` line and the next `---`
/// line (the form gitops reads), `None` when the file does not open with one.
fn frontmatter(text: &str) -> Option<Range<usize>> {
    let start = ["---\n", "---\r\n"].iter().find(|open| text.starts_with(**open))?.len();
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "---" {
            return Some(start..at);
        }
        at += line.len();
    }
    None
}

/// Parses `text[range]` as one YAML document, spans counted in `text`.
fn parse_at(text: &str, range: Range<usize>) -> Result<Document, ParseError> {
    let yaml = &text[range.clone()];
    if yaml.trim().is_empty() {
        return Err(ParseError {
            message: "empty input: expected a YAML mapping".to_owned(),
            range: range.start..range.start,
        });
    }
    // serde's recursive descent spends far more stack per level than the JSON parser: on a
    // thread of its own, sized for MAX_NESTING levels whatever thread (a rayon worker's 2 MB)
    // asked; the stack is reserved, not committed, so an ordinary file costs a spawn
    let parse = || {
        let root: Spanned<Node> =
            serde_saphyr::from_str_with_options(yaml, options()).map_err(|e| parse_error(yaml, range.start, &e))?;
        let mut builder = Builder { text, base: range.start, spans: HashMap::new() };
        let mut pointer = String::new();
        let (value, _) = builder.convert(root, &mut pointer, None)?;
        Ok(Document::from_yaml(value, builder.spans))
    };
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("plankit-yaml".to_owned())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, parse)
            .map_err(|e| ParseError { message: format!("cannot start the YAML parser: {e}"), range: 0..0 })?
            .join()
            .unwrap_or_else(|_| Err(ParseError { message: "the YAML parser failed".to_owned(), range: 0..0 }))
    })
}

/// The YAML parser's stack: enough for [`MAX_NESTING`] levels in a debug build, with margin.
const PARSER_STACK_BYTES: usize = 64 * 1024 * 1024;

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.reject_unsupported_tags = true;
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::Reject;
    options.with_snippet = false;
    options.crop_radius = 0;
    let mut budget = serde_saphyr::Budget::default();
    // the JSON limit, for YAML too; far more nodes than a 10 MB plan file holds written out,
    // far fewer than an alias bomb expands to
    budget.max_depth = MAX_NESTING;
    budget.max_nodes = 1_000_000;
    budget.max_aliases = 10_000;
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 1_000_000;
    options
}

/// One YAML node before it becomes JSON: children keep their spans.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Integer(Number),
    Float(f64),
    String(String),
    Sequence(Vec<Spanned<Node>>),
    Mapping(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Integer(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Integer(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        String::from_utf8(v.to_vec())
            .map(Node::String)
            .map_err(|_| E::custom("`!!binary` data that is not UTF-8 text has no JSON value"))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Node::Mapping(entries))
    }
}

struct Builder<'a> {
    /// The whole file (a Markdown file's frontmatter is a slice of it).
    text: &'a str,
    /// Where the YAML starts in `text`.
    base: usize,
    spans: HashMap<String, NodeSpan>,
}

impl Builder<'_> {
    /// Where a node sits in the file: its token (a scalar's text, quotes included; a flow
    /// collection's bracket; a block collection's first key or item, empty).
    fn token(&self, node: &Spanned<Node>) -> Range<usize> {
        // an alias's value is placed at its anchor's definition, where its children are
        let span = node.defined.span();
        let start = span.byte_offset().map_or(0, |at| self.base + at as usize).min(self.text.len());
        let len = span.byte_len().unwrap_or(0) as usize;
        start..(start + len).min(self.text.len())
    }

    /// The JSON value of a node, recording its span (and its descendants') under `pointer`;
    /// also returns where the node ends, which for a collection is where its last child ends.
    fn convert(
        &mut self,
        node: Spanned<Node>,
        pointer: &mut String,
        key: Option<Range<usize>>,
    ) -> Result<(Value, usize), ParseError> {
        let token = self.token(&node);
        let mut end = token.end;
        let value = match node.value {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Integer(n) => Value::Number(n),
            Node::Float(f) => Value::Number(Number::from_f64(f).ok_or_else(|| ParseError {
                message: format!("`{}` is not a JSON number", self.text.get(token.clone()).unwrap_or_default()),
                range: token.clone(),
            })?),
            Node::String(s) => Value::String(s),
            Node::Sequence(items) => {
                let flow = self.text.get(token.clone()) == Some("[");
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    let (value, item_end) = self.convert(item, pointer, None)?;
                    pointer.truncate(len);
                    end = end.max(item_end);
                    out.push(value);
                }
                if flow {
                    end = self.closing(end, ']');
                }
                Value::Array(out)
            }
            Node::Mapping(entries) => {
                let flow = self.text.get(token.clone()) == Some("{");
                let mut map = Map::new();
                for (key_node, value_node) in entries {
                    let key_range = self.token(&key_node);
                    let name = self.key_text(key_node.value, &key_range)?;
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&name));
                    let (value, value_end) = self.convert(value_node, pointer, Some(key_range))?;
                    pointer.truncate(len);
                    end = end.max(value_end);
                    map.insert(name, value);
                }
                if flow {
                    end = self.closing(end, '}');
                }
                Value::Object(map)
            }
        };
        self.spans.insert(pointer.clone(), NodeSpan { key, value: token.start..end.max(token.start) });
        Ok((value, end))
    }

    /// Where a flow collection whose last child ends at `end` closes (after its `]` or `}`).
    fn closing(&self, end: usize, bracket: char) -> usize {
        self.text.get(end..).and_then(|rest| rest.find(bracket)).map_or(end, |at| end + at + 1)
    }

    /// A mapping key as a JSON object key: a string, or a number or boolean as written.
    fn key_text(&self, key: Node, range: &Range<usize>) -> Result<String, ParseError> {
        match key {
            Node::String(s) => Ok(s),
            Node::Bool(_) | Node::Integer(_) | Node::Float(_) => {
                Ok(self.text.get(range.clone()).unwrap_or_default().to_owned())
            }
            Node::Null => Err(ParseError {
                message: "a mapping key is null: JSON object keys are strings (quote it)".to_owned(),
                range: range.clone(),
            }),
            Node::Sequence(_) | Node::Mapping(_) => Err(ParseError {
                message: "a mapping key is a collection: JSON object keys are strings".to_owned(),
                range: range.clone(),
            }),
        }
    }
}

/// serde-saphyr's error as plankit's: one lowercase line without the position (the
/// diagnostic shows it), and a byte range in the file.
fn parse_error(yaml: &str, base: usize, error: &serde_saphyr::Error) -> ParseError {
    let error = error.without_snippet();
    let at = error.location().map_or(0, |location| {
        location.span().byte_offset().map_or_else(
            || offset_of(yaml, location.line() as usize, location.column() as usize),
            |offset| offset as usize,
        )
    });
    let at = (base + at).min(base + yaml.len());
    let full = error.to_string();
    // the position is shown by the diagnostic, and alias notes name lines plankit shows anyway
    let message = full.split(" at line ").next().unwrap_or(&full).trim();
    let message = if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set DuplicateKeyPolicy").next().unwrap_or(rest);
        format!("duplicate key `{key}`: a YAML mapping's keys must be unique")
    } else if message.starts_with("budget breached: Depth") {
        format!("nesting deeper than {MAX_NESTING} levels (plankit's limit for any input)")
    } else if message.starts_with("budget breached") {
        format!("{message}: the document expands past plankit's limits (aliases repeated this much are an alias bomb)")
    } else if message.starts_with("multiple YAML documents") {
        "more than one YAML document (`---`) in this file: a gitops resource is one document".to_owned()
    } else {
        message.to_owned()
    };
    ParseError { message: lowercase_first(&message), range: at..at }
}

/// The byte offset of a 1-based line and character column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize =
        text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>().min(text.len());
    let rest = &text[line_start..];
    line_start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(at, _)| at)
}

/// Where the `decoded` offset `at` of a YAML string scalar sits in its `raw` text (quotes,
/// escapes, block indentation and folding included), found by walking the two side by side:
/// a decoded character is matched to the next raw character equal to it, a raw escape or a
/// line break with its indentation standing for one decoded character. Exact for plain,
/// single- and double-quoted and literal block scalars; close for folded ones.
pub fn raw_offset(raw: &str, decoded: &str, at: usize) -> usize {
    let mut raw_chars = raw.char_indices().peekable();
    let mut matched_end = 0;
    for (offset, wanted) in decoded.char_indices() {
        let start = loop {
            let Some((start, got)) = raw_chars.next() else { return raw.len() };
            if got == wanted {
                break start;
            }
            if got == '\\' && raw_chars.peek().is_some_and(|&(_, next)| next != wanted) {
                // an escape (`\n`, `\"`, `\u00e9`): its letters stand for `wanted`
                skip_escape(&mut raw_chars);
                break start;
            }
            if got == '\n' && wanted == ' ' {
                // a folded line break (`>` or a multi-line plain scalar) reads as a space
                while raw_chars.next_if(|&(_, c)| c == ' ').is_some() {}
                break start;
            }
        };
        if offset >= at {
            return start;
        }
        matched_end = raw_chars.peek().map_or(raw.len(), |&(next, _)| next);
    }
    matched_end
}

fn skip_escape(raw: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    let digits = match raw.next() {
        Some((_, 'x')) => 2,
        Some((_, 'u')) => 4,
        Some((_, 'U')) => 8,
        _ => 0,
    };
    for _ in 0..digits {
        raw.next_if(|&(_, c)| c.is_ascii_hexdigit());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(document: &Document, text: &str, pointer: &str) -> String {
        let span = document.span(pointer).unwrap_or_else(|| panic!("no span for {pointer}"));
        text[span.value.clone()].to_owned()
    }

    #[test]
    fn every_node_has_its_span_and_keys_theirs() {
        let text = "name: call-summary # the id is the file name\ntype: ai\nschema:\n  type: object\n  properties: {booked: {type: boolean}}\nassistant_ids:\n  - receptionist\n  - \"front desk\"\n";
        let document = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(at(&document, text, "/name"), "call-summary");
        assert_eq!(at(&document, text, "/schema/properties/booked/type"), "boolean");
        assert_eq!(at(&document, text, "/assistant_ids/1"), "\"front desk\"");
        let key = document.span("/type").and_then(|s| s.key.clone()).unwrap_or_default();
        assert_eq!(&text[key], "type");
        // a block collection runs from its first key to the end of its last value
        assert_eq!(at(&document, text, "/schema"), "type: object\n  properties: {booked: {type: boolean}}");
        assert_eq!(document.value()["schema"]["properties"]["booked"]["type"], "boolean");
    }

    #[test]
    fn yaml_1_1_booleans_timestamps_and_number_keys_stay_json() {
        let text = "country: no\nwhen: 2026-01-01\n200: ok\non: true\n";
        let document = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let value = document.value();
        assert_eq!(value["country"], "no");
        assert_eq!(value["when"], "2026-01-01");
        assert_eq!(value["200"], "ok");
        assert_eq!(value["on"], true);
    }

    #[test]
    fn what_json_cannot_hold_is_an_error_at_its_place() {
        let cases = [
            ("a: 1\nb: 2\na: 3\n", "duplicate key `a`", 10),
            ("a: .inf\n", "`.inf`", 3),
            ("? [1]\n: x\n", "collection", 2),
            ("a: !custom 3\n", "", 0),
            ("a: 1\n---\nb: 2\n", "more than one YAML document", 0),
            ("", "empty input", 0),
        ];
        for (text, message, offset) in cases {
            let error = parse(text).err().unwrap_or_else(|| panic!("{text:?} parsed"));
            assert!(error.message.contains(message), "{text:?}: {}", error.message);
            if offset > 0 {
                assert_eq!(error.range.start, offset, "{text:?}: {}", error.message);
            }
            assert!(!error.message.contains(" at line "), "{}", error.message);
        }
    }

    #[test]
    fn aliases_and_merge_keys_are_their_values_placed_at_the_anchor() {
        let text = "base: &text {type: string}\nname: &n Visit\nx:\n  <<: *text\n  description: d\ntitle: *n\n";
        let document = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(document.value()["x"], serde_json::json!({"type": "string", "description": "d"}));
        assert_eq!(document.value()["title"], "Visit");
        assert_eq!(at(&document, text, "/x/type"), "string");
        assert_eq!(at(&document, text, "/title"), "Visit");
        // written back as JSON in the order the YAML reads (the merged key first: it is earlier)
        assert_eq!(document.written("/x", text).as_deref(), Some(r#"{"type":"string","description":"d"}"#));
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text =
            String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for level in b'b'..=b'i' {
            let previous = char::from(level - 1);
            let list = vec![format!("*{previous}"); 9].join(", ");
            text.push_str(&format!("{}: &{} [{list}]\n", char::from(level), char::from(level)));
        }
        let error = parse(&text).err().unwrap_or_else(|| panic!("the bomb parsed"));
        assert!(error.message.contains("alias bomb"), "{}", error.message);
    }

    #[test]
    fn a_syntax_error_has_its_line_and_column() {
        let text = "a: [1, 2\nb: 3\n";
        let error = parse(text).err().unwrap_or_else(|| panic!("parsed"));
        let place = crate::source::line_column_in(text, error.range.start);
        assert_eq!((place.line, place.column), (2, 2), "{}", error.message);
    }

    #[test]
    fn markdown_frontmatter_is_the_assistant() {
        let text =
            "---\nname: Receptionist\nartifactPlan:\n  structuredOutputIds:\n    - call-summary\n---\n\n# Identity\n";
        let document = parse_frontmatter(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(at(&document, text, "/artifactPlan/structuredOutputIds/0"), "call-summary");
        assert!(parse_frontmatter("# no frontmatter\n").is_err());
    }

    #[test]
    fn decoded_offsets_map_back_to_the_raw_scalar() {
        let place = |raw: &str, decoded: &str, needle: &str| {
            let at = decoded.find(needle).unwrap_or_default();
            raw_offset(raw, decoded, at)
        };
        let raw = "line one\n    {{transcirpt}} here\n  ";
        assert_eq!(&raw[place(raw, "line one\n{{transcirpt}} here\n", "{{")..][..5], "{{tra");
        let raw = "\"say \\\"hi\\\"\\n{{schema}}\"";
        assert_eq!(&raw[place(raw, "say \"hi\"\n{{schema}}", "{{")..][..4], "{{sc");
        let raw = "folded\n  text {{x}}\n";
        assert_eq!(&raw[place(raw, "folded text {{x}}\n", "{{")..][..3], "{{x");
    }
}
