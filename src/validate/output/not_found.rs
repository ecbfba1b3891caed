//! `output/not-found`

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// The sub-document named with `--at POINTER` does not exist in a document, so there is nothing to validate.
    ///
    /// ## What it checks
    /// With `plankit validate --at /message/analysis/structuredData`, every document must hold
    /// a value at that JSON Pointer; that value is validated against the schema instead of the
    /// whole document.
    ///
    /// ## Why it matters
    /// A document without the sub-document is not "valid": it carries no analysis at all, or
    /// it has a different shape than the one the pointer was written for.
    ///
    /// ## Example
    /// `plankit validate plan.json --at /result report.json` with:
    /// ```json
    /// { "outcome": { "sentiment": 7 } }
    /// ```
    /// `error[output/not-found]: /result does not exist in this document`.
    ///
    /// ## How to fix
    /// Correct the pointer (`/outcome`), or find out why the document lacks the value.
    pub static RULE = "output/not-found", Error, Check::Output;
}
