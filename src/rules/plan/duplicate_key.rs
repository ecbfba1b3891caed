//! `plan/duplicate-key`

use crate::fix::{Applicability, Edit, Fix};
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};

declare_rule! {
    /// The same key appears twice in one JSON object; every JSON parser silently keeps only one.
    ///
    /// ## What it checks
    /// Every object in the file, inside the plan or not, is checked for keys that occur more
    /// than once.
    ///
    /// ## Why it matters
    /// JSON parsers (the platform's included) keep the last value and drop the first without a
    /// word. After a merge or a copy-paste the plan that runs is not the one the reviewer read.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true, "enabled": false } }
    /// ```
    ///
    /// ## How to fix
    /// Keep one of the two members; decide which value was meant.
    ///
    /// ## Fix
    /// The fix shown deletes the repeated member, keeping the first. It is **display-only**,
    /// never applied: parsers keep the last value, so deleting either member changes what some
    /// reader of the file sees, and which value was meant is the author's call.
    pub static RULE = "plan/duplicate-key", Error, Check::File(check);
}

fn check(file: &FileContext<'_>, out: &mut Findings) {
    for duplicate in file.document.duplicates() {
        let first = file.source.line_column(duplicate.first.start);
        out.push(
            Finding::new(
                &RULE,
                duplicate.pointer.clone(),
                format!("key `{}` appears twice in one object", duplicate.key),
            )
            .bytes(duplicate.repeated.clone())
            .label("repeated here; this value wins")
            .help(format!("the value at line {} is silently dropped; keep one of the two", first.line))
            .maybe_fix(keep_first(file, duplicate, first.line)),
        );
    }
}
/// The display-only fix: the repeated member deleted with the comma before it. `None` for a
/// key written three times or more but for its last repeat (only the last one's value has a
/// span to delete).
fn keep_first(file: &FileContext<'_>, duplicate: &crate::json::DuplicateKey, line: usize) -> Option<Fix> {
    let node = file.document.span(&duplicate.pointer)?;
    if node.key.as_ref() != Some(&duplicate.repeated) {
        return None;
    }
    let before = file.source.text().get(..duplicate.repeated.start)?.trim_end();
    // a repeat always has a member before it, so a comma
    let comma = before.strip_suffix(',').map(str::len)?;
    let edit = Edit::delete(comma..node.value.end);
    Some(Fix::edits(Applicability::DisplayOnly, format!("keep the value at line {line}, delete this one"), vec![edit]))
}
