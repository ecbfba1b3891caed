//! `input/parse-error`

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// An input is not valid JSON (or YAML, for a gitops `.yml`/`.yaml`/`.md` file): a syntax error, empty or binary content, invalid UTF-8, a byte order mark on JSON, or nesting deeper than 256 levels.
    ///
    /// ## What it checks
    /// Plan files are parsed as strict JSON (RFC 8259): no comments, trailing commas, single
    /// quotes or other JSON5 extensions. The file must be UTF-8 without a byte order mark and
    /// must not contain NUL bytes. Nesting (objects and arrays alike) is limited to 256 levels.
    /// `.yml` and `.yaml` files, and the frontmatter of `.md` files (Vapi's gitops resources),
    /// are parsed as one YAML 1.2 document that must spell JSON: a duplicate key, `.inf` or
    /// `.nan`, an unknown tag, a null or collection key, or aliases expanding past plankit's
    /// budget (an alias bomb) are errors too.
    ///
    /// `plankit render` reports a transcript it cannot read under this rule too: invalid JSON,
    /// a message without a role, a payload without a transcript, or plain text that does not
    /// start with a speaker label.
    ///
    /// ## Why it matters
    /// The platform's API rejects a plan it cannot parse, and an editor that silently accepts
    /// JSON5 hides the problem until deploy. The run exits with code 3; other inputs are still
    /// linted and reported.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPlan": { "enabled": true, } }
    /// ```
    /// `error[input/parse-error]: not valid JSON: trailing commas are not allowed` at 1:42.
    ///
    /// ## How to fix
    /// Fix the syntax at the reported line and column; save the file as UTF-8 without a BOM.
    pub static RULE = "input/parse-error", Error, Check::Input;
}
