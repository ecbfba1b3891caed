//! `plan/unused-ignore`

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// An `x-plankit-ignore` entry suppresses nothing: the rule it names found nothing there.
    ///
    /// ## What it checks
    /// After linting, every rule named in an `x-plankit-ignore` list suppressed at least one
    /// finding at that node or below it. A rule that did not run (a provider rule without its
    /// `--target`, a pedantic rule not selected, a rule turned off) is not reported: the
    /// exception may still be needed where it runs.
    ///
    /// ## Why it matters
    /// A suppression outlives the problem it was written for: once the schema is fixed it
    /// stays, and silently hides the next finding of that rule at that node. ruff's `RUF100`
    /// does the same for `# noqa`.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "description": "The caller's name", "x-plankit-ignore": ["schema/missing-description"] }
    /// ```
    ///
    /// ## How to fix
    /// Remove the entry (and the key, when the list becomes empty).
    pub static RULE = "plan/unused-ignore", Warning, Check::Input;
}
