//! [`Fix::set_value`](super::Fix::set_value) as text: a structural diff of the old value and
//! the new one, turned into the smallest edits that get from one to the other.
//!
//! - a scalar that changed (or a value whose type changed) is replaced where it stands;
//! - object members are matched by key: a kept member is diffed recursively, a removed one is
//!   deleted together with its comma, an added one is appended after the last member with the
//!   separator, indentation and line ending the object already uses;
//! - array items are matched by a longest common subsequence (common prefix and suffix for
//!   very long arrays), the gaps paired up by position and diffed, the rest deleted or
//!   inserted the same way.
//!
//! New text is laid out the way the file is: its indentation unit (spaces or a tab), its line
//! endings, one member per line where the surrounding container is written that way and on one
//! line where it is. Every byte not inside an edit stays as it was.

use std::ops::Range;

use serde_json::{Map, Value};

use super::Edit;
use crate::json::{Document, NodeSpan, child_pointer};

/// Arrays whose old × new length is larger than this are aligned by common prefix and suffix
/// instead of a longest common subsequence (whose table would be this large).
const LCS_CELLS: usize = 250_000;

/// An array of scalars whose one-line form is at most this long is written on one line even
/// inside a multi-line container (`["string", "null"]`, a short `enum` or `required`).
const SHORT_ARRAY: usize = 60;

/// The edits that make the value at `pointer` become `new`; `None` when the pointer (or, for a
/// value being added, its parent) does not exist, or a duplicated key makes the target
/// ambiguous.
pub(crate) fn edits(text: &str, document: &Document, pointer: &str, new: &Value) -> Option<Vec<Edit>> {
    let mut differ = Differ { text, document, style: Style::of(text), edits: Vec::new() };
    let root_multiline = text.contains('\n');
    match document.value().pointer(pointer) {
        Some(old) => differ.diff(pointer, old, new, root_multiline)?,
        None => {
            let (parent, token) = pointer.rsplit_once('/')?;
            let token = token.replace("~1", "/").replace("~0", "~");
            let old_parent = document.value().pointer(parent)?;
            let new_parent = match old_parent {
                Value::Object(map) => {
                    let mut map = map.clone();
                    map.insert(token, new.clone());
                    Value::Object(map)
                }
                Value::Array(items) if token == "-" || token.parse::<usize>().ok() == Some(items.len()) => {
                    let mut items = items.clone();
                    items.push(new.clone());
                    Value::Array(items)
                }
                _ => return None,
            };
            differ.diff(parent, old_parent, &new_parent, root_multiline)?;
        }
    }
    Some(differ.edits)
}

/// How the file lays JSON out.
struct Style {
    /// One level of indentation.
    unit: String,
    /// `\r\n` when the file uses it, else `\n`.
    eol: &'static str,
}

impl Style {
    fn of(text: &str) -> Style {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        // the first indented line is one level deep in any file laid out by a formatter
        let unit = text
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .map(|line| &line[..line.len() - line.trim_start_matches([' ', '\t']).len()])
            .find(|indent| !indent.is_empty())
            .map_or_else(
                || "  ".to_owned(),
                |indent| if indent.starts_with('\t') { "\t".to_owned() } else { indent.to_owned() },
            );
        Style { unit, eol }
    }
}

struct Differ<'a> {
    text: &'a str,
    document: &'a Document,
    style: Style,
    edits: Vec<Edit>,
}

impl Differ<'_> {
    /// Diffs the value at `pointer`; `in_multiline` says whether its container is written one
    /// member per line.
    fn diff(&mut self, pointer: &str, old: &Value, new: &Value, in_multiline: bool) -> Option<()> {
        if old == new {
            return Some(());
        }
        match (old, new) {
            (Value::Object(old), Value::Object(new)) if !old.is_empty() => self.object(pointer, old, new, in_multiline),
            (Value::Array(old), Value::Array(new)) if !old.is_empty() => self.array(pointer, old, new, in_multiline),
            _ => self.replace(pointer, new, in_multiline),
        }
    }

    /// Replaces the whole value at `pointer` with `new`.
    fn replace(&mut self, pointer: &str, new: &Value, in_multiline: bool) -> Option<()> {
        let span = self.document.span(pointer)?.value.clone();
        let multiline = in_multiline || self.text[span.clone()].contains('\n');
        let indent = self.indent_at(span.start);
        let replacement = self.render(new, &indent, multiline);
        self.edits.push(Edit::replace(span, replacement));
        Some(())
    }

    fn object(
        &mut self,
        pointer: &str,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        in_multiline: bool,
    ) -> Option<()> {
        let ambiguous =
            self.document.duplicates().iter().any(|d| d.pointer.rsplit_once('/').map(|(p, _)| p) == Some(pointer));
        if ambiguous {
            return None;
        }
        let span = self.document.span(pointer)?.value.clone();
        let multiline = self.text[span].contains('\n');
        let mut members: Vec<(&String, NodeSpan)> = old
            .keys()
            .map(|key| Some((key, self.document.span(&child_pointer(pointer, key))?.clone())))
            .collect::<Option<_>>()?;
        members.sort_by_key(|(_, span)| span.start(true));
        let kept: Vec<bool> = members.iter().map(|(key, _)| new.contains_key(*key)).collect();
        if !kept.contains(&true) {
            return self.replace(pointer, &Value::Object(new.clone()), in_multiline);
        }
        for ((key, _), _) in members.iter().zip(&kept).filter(|(_, kept)| **kept) {
            self.diff(&child_pointer(pointer, key), &old[*key], &new[*key], multiline)?;
        }
        let ranges: Vec<Range<usize>> = members.iter().map(|(_, span)| span.start(true)..span.value.end).collect();
        self.delete_runs(&ranges, &kept);
        let added: Vec<(&String, &Value)> = new.iter().filter(|(key, _)| !old.contains_key(*key)).collect();
        let (_, last) = members.last()?;
        if added.is_empty() {
            return Some(());
        }
        let separator = self.separator(&ranges, multiline);
        let indent = self.indent_at(last.start(true));
        let colon = last
            .key
            .as_ref()
            .map(|key| &self.text[key.end..last.value.start])
            .filter(|between| between.trim() == ":")
            .unwrap_or(": ")
            .to_owned();
        let mut insertion = String::new();
        for (key, value) in added {
            insertion.push_str(&separator);
            insertion.push_str(&Value::String(key.clone()).to_string());
            insertion.push_str(&colon);
            insertion.push_str(&self.render(value, &indent, multiline));
        }
        self.edits.push(Edit::insert(last.value.end, insertion));
        Some(())
    }

    fn array(&mut self, pointer: &str, old: &[Value], new: &[Value], in_multiline: bool) -> Option<()> {
        let span = self.document.span(pointer)?.value.clone();
        let multiline = self.text[span].contains('\n');
        let ranges: Vec<Range<usize>> = (0..old.len())
            .map(|i| Some(self.document.span(&format!("{pointer}/{i}"))?.value.clone()))
            .collect::<Option<_>>()?;
        let pairs = align(old, new);
        if pairs.is_empty() {
            return self.replace(pointer, &Value::Array(new.to_vec()), in_multiline);
        }
        for &(i, j) in &pairs {
            self.diff(&format!("{pointer}/{i}"), &old[i], &new[j], multiline)?;
        }
        let mut kept = vec![false; old.len()];
        for &(i, _) in &pairs {
            kept[i] = true;
        }
        self.delete_runs(&ranges, &kept);
        let separator = self.separator(&ranges, multiline);
        let indent = self.indent_at(ranges[pairs[0].0].start);
        // new items go after the kept item before them, or before the first kept item
        let mut before_first = String::new();
        let mut after: Vec<(usize, String)> = Vec::new();
        let mut next_pair = 0;
        for (j, item) in new.iter().enumerate() {
            if pairs.get(next_pair).is_some_and(|&(_, pj)| pj == j) {
                next_pair += 1;
                continue;
            }
            let rendered = self.render(item, &indent, multiline);
            match next_pair.checked_sub(1).map(|p| pairs[p].0) {
                None => {
                    before_first.push_str(&rendered);
                    before_first.push_str(&separator);
                }
                Some(anchor) => match after.last_mut() {
                    Some((at, text)) if *at == anchor => {
                        text.push_str(&separator);
                        text.push_str(&rendered);
                    }
                    _ => after.push((anchor, format!("{separator}{rendered}"))),
                },
            }
        }
        if !before_first.is_empty() {
            self.edits.push(Edit::insert(ranges[pairs[0].0].start, before_first));
        }
        for (anchor, text) in after {
            self.edits.push(Edit::insert(ranges[anchor].end, text));
        }
        Some(())
    }

    /// Deletes every maximal run of items not kept, with the comma that joins it to its
    /// neighbours: from the end of the kept item before the run to the end of the run's last
    /// item, or, for a run at the start, from its first item to the next kept item. At least
    /// one item is kept.
    fn delete_runs(&mut self, items: &[Range<usize>], kept: &[bool]) {
        let mut i = 0;
        while i < items.len() {
            if kept[i] {
                i += 1;
                continue;
            }
            let first = i;
            while i < items.len() && !kept[i] {
                i += 1;
            }
            let range = match first.checked_sub(1) {
                Some(before) => items[before].end..items[i - 1].end,
                None => match items.get(i) {
                    Some(next) => items[0].start..next.start,
                    None => continue,
                },
            };
            self.edits.push(Edit::delete(range));
        }
    }

    /// What goes between two items of a container: the container's own separator when it has
    /// two items (a comma and its whitespace), else a comma and a new line at the first item's
    /// indentation (one per line) or a comma and a space (on one line).
    fn separator(&self, items: &[Range<usize>], multiline: bool) -> String {
        if let [first, second, ..] = items {
            let between = &self.text[first.end..second.start];
            if between.trim() == "," && between.trim_start().starts_with(',') {
                return between.to_owned();
            }
        }
        match items.first() {
            Some(first) if multiline => format!(",{}{}", self.style.eol, self.indent_at(first.start)),
            _ => ", ".to_owned(),
        }
    }

    /// The indentation of the line `at` is on.
    fn indent_at(&self, at: usize) -> String {
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &self.text[line_start..];
        line[..line.len() - line.trim_start_matches([' ', '\t']).len()].to_owned()
    }

    /// `value` as JSON text placed at indentation `indent`: one member per line when
    /// `multiline` (short arrays of scalars excepted), else on one line.
    fn render(&self, value: &Value, indent: &str, multiline: bool) -> String {
        let (open, close, items): (char, char, Vec<(Option<&String>, &Value)>) = match value {
            Value::Object(map) if multiline && !map.is_empty() => {
                ('{', '}', map.iter().map(|(k, v)| (Some(k), v)).collect())
            }
            Value::Array(items) if multiline && !short_scalar_array(items) => {
                ('[', ']', items.iter().map(|v| (None, v)).collect())
            }
            _ => return inline(value),
        };
        let inner = format!("{indent}{}", self.style.unit);
        let mut out = String::from(open);
        for (i, (key, item)) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(self.style.eol);
            out.push_str(&inner);
            if let Some(key) = key {
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(": ");
            }
            out.push_str(&self.render(item, &inner, true));
        }
        out.push_str(self.style.eol);
        out.push_str(indent);
        out.push(close);
        out
    }
}

fn short_scalar_array(items: &[Value]) -> bool {
    items.iter().all(|item| !item.is_object() && !item.is_array())
        && inline(&Value::Array(items.to_vec())).len() <= SHORT_ARRAY
}

/// One-line JSON with a space after each comma and colon, as people write it by hand.
fn inline(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let members: Vec<String> =
                map.iter().map(|(k, v)| format!("{}: {}", Value::String(k.clone()), inline(v))).collect();
            format!("{{{}}}", members.join(", "))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(inline).collect::<Vec<_>>().join(", ")),
        scalar => scalar.to_string(),
    }
}

/// Pairs of (old index, new index) kept from old to new, increasing in both: equal items
/// matched by a longest common subsequence, then the items left between two matches paired by
/// position (so a changed object is diffed rather than deleted and inserted again).
fn align(old: &[Value], new: &[Value]) -> Vec<(usize, usize)> {
    if old.len() == new.len() {
        return (0..old.len()).map(|i| (i, i)).collect();
    }
    let matches =
        if old.len().saturating_mul(new.len()) <= LCS_CELLS { lcs(old, new) } else { prefix_suffix(old, new) };
    let mut pairs = Vec::with_capacity(old.len().min(new.len()));
    let (mut i, mut j) = (0, 0);
    for &(mi, mj) in matches.iter().chain(std::iter::once(&(old.len(), new.len()))) {
        while i < mi && j < mj {
            pairs.push((i, j));
            i += 1;
            j += 1;
        }
        if mi < old.len() {
            pairs.push((mi, mj));
        }
        (i, j) = (mi + 1, mj + 1);
    }
    pairs
}

fn lcs(old: &[Value], new: &[Value]) -> Vec<(usize, usize)> {
    let width = new.len() + 1;
    // lengths[i * width + j]: the LCS length of old[i..] and new[j..]
    let mut lengths = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lengths[i * width + j] = if old[i] == new[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j, mut matches) = (0, 0, Vec::new());
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            matches.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    matches
}

fn prefix_suffix(old: &[Value], new: &[Value]) -> Vec<(usize, usize)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let mut matches: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    matches.extend((0..suffix).rev().map(|k| (old.len() - 1 - k, new.len() - 1 - k)));
    matches
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::fix::{Applicability, Fix, apply};

    fn set(text: &str, pointer: &str, value: Value) -> String {
        let document = Document::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let fix = Fix::set_value(Applicability::Safe, "test", pointer.to_owned(), value.clone());
        let resolved = fix.resolve(text, &document).unwrap_or_else(|| panic!("not resolved: {pointer}"));
        let fixed = apply(text, &[&resolved]).text;
        let parsed: Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{e}: {fixed}"));
        assert_eq!(parsed.pointer(pointer), Some(&value), "{fixed}");
        fixed
    }

    #[test]
    fn a_changed_scalar_is_replaced_in_place() {
        let text = "{\n    \"type\":   \"string\" ,\n    \"x\": 1\n}";
        assert_eq!(set(text, "/type", json!("integer")), "{\n    \"type\":   \"integer\" ,\n    \"x\": 1\n}");
    }

    #[test]
    fn an_added_key_follows_the_indentation_and_line_endings() {
        let text = "{\r\n\t\"a\": {\r\n\t\t\"b\": 1\r\n\t}\r\n}\r\n";
        assert_eq!(
            set(text, "/a/c", json!({"d": [1, 2]})),
            "{\r\n\t\"a\": {\r\n\t\t\"b\": 1,\r\n\t\t\"c\": {\r\n\t\t\t\"d\": [1, 2]\r\n\t\t}\r\n\t}\r\n}\r\n"
        );
        assert_eq!(set(r#"{"a": {"b": 1}}"#, "/a/c", json!({"d": true})), r#"{"a": {"b": 1, "c": {"d": true}}}"#);
    }

    #[test]
    fn removed_keys_go_with_their_comma() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}";
        let without = |keys: &[&str]| {
            let mut value: Value = serde_json::from_str(text).unwrap_or_default();
            for key in keys {
                value.as_object_mut().map(|o| o.remove(*key));
            }
            set(text, "", value)
        };
        assert_eq!(without(&["a"]), "{\n  \"b\": 2,\n  \"c\": 3\n}");
        assert_eq!(without(&["b"]), "{\n  \"a\": 1,\n  \"c\": 3\n}");
        assert_eq!(without(&["c"]), "{\n  \"a\": 1,\n  \"b\": 2\n}");
        assert_eq!(without(&["a", "b"]), "{\n  \"c\": 3\n}");
        assert_eq!(without(&["a", "c"]), "{\n  \"b\": 2\n}");
        assert_eq!(without(&["a", "b", "c"]), "{}");
    }

    #[test]
    fn array_items_are_matched_so_only_the_difference_changes() {
        let text = r#"{"enum": ["a", "b", "a", "c"]}"#;
        assert_eq!(set(text, "/enum", json!(["a", "b", "c"])), r#"{"enum": ["a", "b", "c"]}"#);
        assert_eq!(
            set(text, "/enum", json!(["z", "a", "b", "a", "c", "d"])),
            r#"{"enum": ["z", "a", "b", "a", "c", "d"]}"#
        );
        let nested = "[\n  {\"type\": \"string\"},\n  {\"type\": \"null\"}\n]";
        assert_eq!(
            set(nested, "", json!([{"type": "string", "maxLength": 3}])),
            "[\n  {\"type\": \"string\", \"maxLength\": 3}\n]"
        );
        assert_eq!(set("[1]", "/1", json!(2)), "[1, 2]");
    }

    #[test]
    fn a_duplicated_key_or_a_missing_parent_is_not_resolved() {
        let fix = |text: &str, pointer: &str| {
            let document = Document::parse(text).unwrap_or_else(|e| panic!("{e}"));
            Fix::set_value(Applicability::Safe, "t", pointer.to_owned(), json!(1)).resolve(text, &document)
        };
        assert_eq!(fix(r#"{"a": 1, "a": 2, "b": 3}"#, "/c"), None);
        assert_eq!(fix(r#"{"a": 1}"#, "/x/y"), None);
        assert_eq!(fix(r#"{"a": [1]}"#, "/a/5"), None);
    }
}
