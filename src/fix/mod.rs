//! Fixes: what a finding proposes to change in the file, how sure plankit is that the change
//! keeps the author's meaning, and the engine that applies it without touching anything else.
//!
//! The model is ruff's. A [`Fix`] is a set of text edits (byte range → replacement) with an
//! [`Applicability`]: `safe` fixes keep the meaning and `plankit lint --fix` applies them;
//! `unsafe` fixes are probably right but change what the model sees or what validates, and need
//! `--unsafe-fixes`; `display-only` fixes are suggestions, never applied.
//!
//! A rule states a fix one of two ways: as explicit [`Edit`]s ([`Fix::edits`]), or as "the
//! value at this pointer becomes this" ([`Fix::set_value`]), which the engine turns into the
//! smallest text edits that get there (see [`set_value`]), so indentation, key order, line
//! endings and every other byte of the file stay as the author wrote them. [`Fix::resolve`]
//! turns either form into plain edits against one text; [`apply`] applies a set of resolved
//! fixes, skipping any whose edits collide with a fix already taken.

use std::ops::Range;

use serde::Serialize;
use serde_json::Value;

use crate::json::Document;

pub mod apply;
pub mod patch;
pub mod run;
pub mod set_value;
pub mod write;

pub use apply::{Applied, apply};
pub use run::{FixMode, FixedFile, fix_input, fix_source};

use crate::rules::Rule;
use crate::rules::select::Selector;

/// How sure plankit is that applying a fix keeps what the author meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the meaning: the platform renders and validates exactly what the author meant.
    /// Applied by `--fix`.
    Safe,
    /// Probably right, but changes what the model sees or what validates. Applied only with
    /// `--unsafe-fixes`.
    Unsafe,
    /// A suggestion shown to the user, never applied (which choice is right is the author's
    /// call).
    DisplayOnly,
}

impl Applicability {
    /// The name used in every output format and in plankit.toml: `safe`, `unsafe`,
    /// `display-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

impl std::fmt::Display for Applicability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One text edit: the bytes `range` of the source become `replacement`. An empty range
/// inserts; an empty replacement deletes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// Byte range of the source text.
    pub range: Range<usize>,
    /// What goes in its place.
    pub replacement: String,
}

impl Edit {
    /// Replaces `range` with `replacement`.
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit { range, replacement: replacement.into() }
    }

    /// Inserts `text` at byte `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { range: at..at, replacement: text.into() }
    }

    /// Deletes `range`.
    pub fn delete(range: Range<usize>) -> Edit {
        Edit { range, replacement: String::new() }
    }

    /// True when the two edits cannot both be applied: their ranges overlap, one inserts
    /// strictly inside the other's range, or both insert at the same byte (the order would be
    /// a guess). Edits that only touch (one ends where the other starts) are compatible.
    pub fn conflicts_with(&self, other: &Edit) -> bool {
        let (a, b) = (&self.range, &other.range);
        if a.is_empty() && b.is_empty() {
            return a.start == b.start;
        }
        a.start < b.end && b.start < a.end
    }
}

/// What a fix changes, as a rule stated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Explicit text edits against the file the finding was made in.
    Edits(Vec<Edit>),
    /// The value at `pointer` becomes `value` (added when the pointer does not exist yet and
    /// its parent does). Turned into minimal edits by [`Fix::resolve`].
    SetValue {
        /// JSON Pointer (RFC 6901) of the value.
        pointer: String,
        /// The new value.
        value: Value,
    },
}

/// A remedy for a finding: what it does, how safe it is, and the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// One lowercase line saying what applying it does, e.g. ``replace `{{transcirpt}}` with
    /// `{{transcript}}` ``.
    pub description: String,
    /// Whether `--fix` applies it, only `--unsafe-fixes`, or neither.
    pub applicability: Applicability,
    /// The change.
    pub changes: Change,
}

impl Fix {
    /// A fix made of explicit text edits (byte ranges of the file the finding is in).
    ///
    /// ```
    /// use plankit::fix::{Applicability, Edit, Fix};
    /// let text = r#"{"a": "{transcript}"}"#;
    /// let fix = Fix::edits(Applicability::Safe, "double the braces", vec![Edit::insert(7, "{"), Edit::insert(19, "}")]);
    /// let document = plankit::json::Document::parse(text).unwrap();
    /// let resolved = fix.resolve(text, &document).unwrap();
    /// assert_eq!(plankit::fix::apply(text, &[&resolved]).text, r#"{"a": "{{transcript}}"}"#);
    /// ```
    pub fn edits(applicability: Applicability, description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { description: description.into(), applicability, changes: Change::Edits(edits) }
    }

    /// A fix that makes the value at `pointer` become `new_value`. The engine works out the
    /// minimal text edits (a structural diff of old and new): changed scalars are replaced in
    /// place, added keys are inserted with the surrounding indentation and the file's line
    /// endings, removed keys and array items are deleted with their comma. Everything else
    /// stays byte-identical.
    ///
    /// ```
    /// use plankit::fix::{Applicability, Fix};
    /// let text = "{\n  \"type\": \"object\",\n  \"properties\": {}\n}\n";
    /// let fix = Fix::set_value(
    ///     Applicability::Unsafe,
    ///     "forbid properties not listed",
    ///     "/additionalProperties".to_owned(),
    ///     serde_json::json!(false),
    /// );
    /// let document = plankit::json::Document::parse(text).unwrap();
    /// let resolved = fix.resolve(text, &document).unwrap();
    /// assert_eq!(
    ///     plankit::fix::apply(text, &[&resolved]).text,
    ///     "{\n  \"type\": \"object\",\n  \"properties\": {},\n  \"additionalProperties\": false\n}\n"
    /// );
    /// ```
    pub fn set_value(
        applicability: Applicability,
        description: impl Into<String>,
        pointer: String,
        new_value: Value,
    ) -> Fix {
        Fix { description: description.into(), applicability, changes: Change::SetValue { pointer, value: new_value } }
    }

    /// The same fix as plain edits against `text` (whose parse is `document`), sorted by
    /// position. `None` when the fix cannot be placed: a pointer that leads nowhere, an edit
    /// outside the text or off a character boundary, edits of one fix that collide, or an
    /// object with a duplicated key on the way (which member to change would be a guess).
    pub fn resolve(&self, text: &str, document: &Document) -> Option<Fix> {
        let mut edits = match &self.changes {
            Change::Edits(edits) => edits.clone(),
            Change::SetValue { pointer, value } => set_value::edits(text, document, pointer, value)?,
        };
        // stable: edits a rule gave at one point keep their order
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        let in_bounds = |edit: &Edit| {
            edit.range.start <= edit.range.end
                && edit.range.end <= text.len()
                && text.is_char_boundary(edit.range.start)
                && text.is_char_boundary(edit.range.end)
        };
        if !edits.iter().all(in_bounds) || edits.windows(2).any(|w| w[0].conflicts_with(&w[1])) {
            return None;
        }
        Some(Fix {
            description: self.description.clone(),
            applicability: self.applicability,
            changes: Change::Edits(edits),
        })
    }

    /// The text edits of a resolved fix (none for an unresolved [`Change::SetValue`]).
    pub fn text_edits(&self) -> &[Edit] {
        match &self.changes {
            Change::Edits(edits) => edits,
            Change::SetValue { .. } => &[],
        }
    }
}

/// How plankit.toml re-grades fixes, in ruff's manner: `extend-safe-fixes` makes a rule's
/// unsafe fixes safe, `extend-unsafe-fixes` makes its safe fixes unsafe (and wins when both
/// name a rule: the cautious choice), `unfixable` turns its fixes off. A display-only fix stays
/// display-only: its rule says no choice is right without the author.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixSettings {
    /// `extend-safe-fixes`.
    pub extend_safe: Vec<Selector>,
    /// `extend-unsafe-fixes`.
    pub extend_unsafe: Vec<Selector>,
    /// `unfixable`.
    pub unfixable: Vec<Selector>,
}

impl FixSettings {
    /// `fix` as this configuration grades it for a finding of `rule`; `None` when the rule is
    /// unfixable.
    pub fn regrade(&self, rule: &Rule, mut fix: Fix) -> Option<Fix> {
        let covers = |selectors: &[Selector]| selectors.iter().any(|s| s.covers(rule));
        if covers(&self.unfixable) {
            return None;
        }
        if fix.applicability != Applicability::DisplayOnly {
            if covers(&self.extend_unsafe) {
                fix.applicability = Applicability::Unsafe;
            } else if covers(&self.extend_safe) {
                fix.applicability = Applicability::Safe;
            }
        }
        Some(fix)
    }
}

/// An edit replacing the decoded bytes `decoded` of the string value at `pointer` with
/// `replacement` (escaped for JSON here). Offsets in a message's decoded text are not offsets
/// in the file once an escape such as `\n` precedes them; this maps them back.
pub fn string_edit(
    text: &str,
    document: &Document,
    pointer: &str,
    decoded: Range<usize>,
    replacement: &str,
) -> Option<Edit> {
    let literal = document.span(pointer)?.value.clone();
    if !text.get(literal.clone())?.starts_with('"') {
        return None;
    }
    let index = crate::json::RawOffsets::new(&text[literal.clone()]);
    let start = literal.start + index.raw(decoded.start);
    let end = literal.start + index.raw(decoded.end);
    let escaped = Value::String(replacement.to_owned()).to_string();
    let escaped = escaped.get(1..escaped.len() - 1)?.to_owned();
    Some(Edit::replace(start..end.max(start), escaped))
}

/// An edit renaming the object member at `pointer` to `new_key`: its key's bytes replaced, its
/// value and place untouched. `None` when the object already has a member `new_key` (the
/// rename would make a duplicate key) or the member does not exist.
pub fn rename_key(document: &Document, pointer: &str, new_key: &str) -> Option<Edit> {
    let (parent, _) = pointer.rsplit_once('/')?;
    if document.value().pointer(parent)?.as_object()?.contains_key(new_key) {
        return None;
    }
    let key = document.span(pointer)?.key.clone()?;
    Some(Edit::replace(key, Value::String(new_key.to_owned()).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_edits_map_decoded_offsets_through_escapes() {
        let text = r#"{"m": "a\n{{transcirpt}}"}"#;
        let document = Document::parse(text).unwrap_or_else(|e| panic!("{e}"));
        // decoded: `a`, newline, then `{{` at byte 2
        let edit = string_edit(text, &document, "/m", 4..14, "transcript\"");
        let fix = edit.map(|edit| Fix::edits(Applicability::Unsafe, "x", vec![edit]));
        let fixed = fix.and_then(|f| f.resolve(text, &document)).map(|f| apply(text, &[&f]).text);
        assert_eq!(fixed.as_deref(), Some(r#"{"m": "a\n{{transcript\"}}"}"#));
    }

    #[test]
    fn a_rename_onto_an_existing_key_is_not_offered() {
        let document = Document::parse(r#"{"requird": [], "required": []}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rename_key(&document, "/requird", "required"), None);
        let document = Document::parse(r#"{"requird": []}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rename_key(&document, "/requird", "required"), Some(Edit::replace(1..10, "\"required\"")));
    }

    #[test]
    fn touching_edits_are_compatible_and_overlapping_ones_are_not() {
        let a = Edit::replace(2..5, "x");
        assert!(!a.conflicts_with(&Edit::replace(5..7, "y")));
        assert!(!a.conflicts_with(&Edit::insert(5, "y")));
        assert!(!a.conflicts_with(&Edit::insert(2, "y")));
        assert!(a.conflicts_with(&Edit::replace(4..6, "y")));
        assert!(a.conflicts_with(&Edit::insert(3, "y")));
        assert!(Edit::insert(3, "a").conflicts_with(&Edit::insert(3, "b")));
    }

    #[test]
    fn a_fix_whose_own_edits_collide_or_leave_the_text_is_not_offered() {
        let text = r#"{"é": 1}"#;
        let document = Document::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let colliding = Fix::edits(Applicability::Safe, "x", vec![Edit::replace(1..4, "a"), Edit::replace(3..5, "b")]);
        assert_eq!(colliding.resolve(text, &document), None);
        let outside = Fix::edits(Applicability::Safe, "x", vec![Edit::insert(99, "a")]);
        assert_eq!(outside.resolve(text, &document), None);
        // inside the two bytes of `é`
        let split = Fix::edits(Applicability::Safe, "x", vec![Edit::insert(3, "a")]);
        assert_eq!(split.resolve(text, &document), None);
    }
}
