//! `plan/duplicate-key`

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
            .help(format!("the value at line {} is silently dropped; keep one of the two", first.line)),
        );
    }
}
