//! `output/pattern-aborted`

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// Checking a string against a schema `pattern` was stopped because it backtracked too much, so the string could not be validated.
    ///
    /// ## What it checks
    /// Patterns with lookaround or backreferences run on a backtracking engine; plankit stops
    /// one match after 100,000 backtracking steps, and matches such a pattern only against
    /// strings of at most 1,000 characters (tried at every position, it would scan the rest
    /// of a longer string each time), instead of letting a pathological pattern hang the run.
    /// Patterns without those features run on a linear-time engine and never stop early.
    ///
    /// ## Why it matters
    /// A pattern that takes exponential time on some inputs (`^(\w+\s?)*(?!x)$`) is a denial of
    /// service waiting to happen in every consumer that validates with it. The string was not
    /// shown to be valid or invalid.
    ///
    /// ## Example
    /// With `"code": {"type": "string", "pattern": "^(\\w+\\s?)*(?!x)$"}`:
    /// ```json
    /// { "code": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" }
    /// ```
    ///
    /// ## How to fix
    /// Rewrite the pattern without nested quantifiers over the same characters, and without
    /// lookaround where a plain character class does the job.
    pub static RULE = "output/pattern-aborted", Error, Check::Output;
}
