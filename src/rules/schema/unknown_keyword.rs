//! `schema/unknown-keyword`

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Fix, rename_key};
use crate::json::child_pointer;
use crate::rules::schema::each_subschema;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::{KEYWORDS, is_known_keyword};
use crate::text::suggest;

declare_rule! {
    /// The schema uses a keyword no JSON Schema draft defines, such as `requird`.
    ///
    /// ## What it checks
    /// Every key of every subschema (not property names) is a keyword of some draft, a common
    /// annotation, or an `x-` extension. An unknown key within two edits of a real keyword is an
    /// error with a did-you-mean; any other unknown key is a warning.
    ///
    /// ## Why it matters
    /// Validators ignore unknown keywords by design. `"requird": ["sentiment"]` requires
    /// nothing, and the model may leave the field out of every report.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "sentiment": { "type": "integer" } }, "requird": ["sentiment"] }
    /// ```
    ///
    /// ## How to fix
    /// Spell the keyword correctly. An annotation you meant to keep should be renamed `x-…`.
    ///
    /// ## Fix
    /// Where a keyword is close to what was written, the fix renames the key to it
    /// (`requird` → `required`), leaving its value and place as they are. It is **unsafe**: the
    /// nearest keyword is a guess, and a keyword that was ignored starts to validate. No fix
    /// is offered when the object already has that keyword, and plankit never turns a typo into
    /// an `x-` annotation that would hide it.
    pub static RULE = "schema/unknown-keyword", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_subschema(ctx, &mut |node| {
        for key in node.schema.keys() {
            if is_known_keyword(key) {
                continue;
            }
            let pointer = child_pointer(node.pointer, key);
            let finding = Finding::new(&RULE, pointer.clone(), format!("unknown keyword `{key}`")).on_key();
            out.push(match suggest(key, KEYWORDS.iter().copied()) {
                Some(near) => {
                    let fix = rename_key(ctx.file.document, &pointer, near).map(|edit| {
                        Fix::edits(Applicability::Unsafe, format!("rename `{key}` to `{near}`"), vec![edit])
                    });
                    finding.label("ignored by every validator").help(format!("did you mean `{near}`?")).maybe_fix(fix)
                }
                None => finding
                    .severity(Severity::Warning)
                    .label("ignored by every validator")
                    .help("prefix custom annotations with `x-`"),
            });
        }
    });
}
