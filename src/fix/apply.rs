//! Applying resolved fixes to one text: fixes are taken in the order of their first edit, and a
//! fix any of whose edits collides with an edit already taken is skipped whole (a later pass,
//! run on the fixed text, can still apply it if the finding remains). A fix identical to one
//! already taken is the same remedy offered by another finding: it counts as applied.

use super::{Edit, Fix};

/// The result of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The text with the applied fixes.
    pub text: String,
    /// Indexes (into the slice given to [`apply`]) of the fixes applied.
    pub applied: Vec<usize>,
    /// Indexes of the fixes skipped because they collide with one applied.
    pub skipped: Vec<usize>,
}

/// Applies every fix it can to `text`. The fixes must be resolved against this text
/// ([`Fix::resolve`]); bytes outside the applied edits are copied unchanged.
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| fixes[i].text_edits().first().map(|e| (e.range.start, e.range.end)));
    let mut taken: Vec<&Edit> = Vec::new();
    let (mut applied, mut skipped) = (Vec::new(), Vec::new());
    let mut taken_fixes: Vec<&[Edit]> = Vec::new();
    for i in order {
        let edits = fixes[i].text_edits();
        // one remedy offered by several findings (a provider's schema rewrite resolves them
        // all): applied once, and every finding offering it is fixed
        if !edits.is_empty() && taken_fixes.contains(&edits) {
            applied.push(i);
            continue;
        }
        let fits = edits.iter().all(|edit| edit.range.end <= text.len() && text.is_char_boundary(edit.range.start));
        if edits.is_empty() || !fits || edits.iter().any(|edit| taken.iter().any(|t| t.conflicts_with(edit))) {
            skipped.push(i);
            continue;
        }
        taken.extend(edits);
        taken_fixes.push(edits);
        applied.push(i);
    }
    applied.sort_unstable();
    skipped.sort_unstable();
    Applied { text: splice(text, &mut taken), applied, skipped }
}

/// `text` with non-conflicting `edits` applied.
fn splice(text: &str, edits: &mut [&Edit]) -> String {
    // stable: an insertion and a replacement starting at one byte keep the order they came in
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.replacement.len()).sum::<usize>());
    let mut at = 0;
    for edit in edits.iter() {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::edits(Applicability::Safe, "test", edits)
    }

    #[test]
    fn colliding_fixes_are_skipped_whole_and_the_rest_applied() {
        let text = "abcdefgh";
        let first = fix(vec![Edit::replace(1..3, "X"), Edit::insert(7, "!")]);
        let second = fix(vec![Edit::replace(2..4, "Y")]);
        let third = fix(vec![Edit::delete(5..6)]);
        let result = apply(text, &[&first, &second, &third]);
        assert_eq!(result.text, "aXdeg!h");
        assert_eq!(result.applied, vec![0, 2]);
        assert_eq!(result.skipped, vec![1]);
    }

    #[test]
    fn the_same_fix_offered_twice_is_applied_once_and_counts_for_both() {
        let text = "abc";
        let once = fix(vec![Edit::insert(1, "X")]);
        let again = fix(vec![Edit::insert(1, "X")]);
        let result = apply(text, &[&once, &again]);
        assert_eq!(result.text, "aXbc");
        assert_eq!(result.applied, vec![0, 1]);
        assert!(result.skipped.is_empty());
    }

    #[test]
    fn no_fixes_leave_the_text_as_it_is() {
        assert_eq!(apply("{\r\n}", &[]).text, "{\r\n}");
    }
}
