//! `provider/<target>/unenforced-keyword`

use crate::diagnostic::Severity;
use crate::provider::checks::unsupported_keyword::{facts, has, keyword_findings};
use crate::provider::checks::{SchemaCheck, declare_check};
use crate::provider::profile::Profile;
use crate::rules::Findings;

declare_check! {
    /// The schema uses a keyword the target accepts but does not enforce (or does not document).
    ///
    /// ## What it checks
    /// Every constraint keyword of every subschema against the target's list of keywords it
    /// accepts without enforcing: Gemini `responseJsonSchema` ignores everything outside its
    /// subset, xAI treats `not` and `if`/`then`/`else` as best effort, Groq documents only a
    /// small subset. Annotations (`title`, `description`) are never reported.
    ///
    /// ## Why it matters
    /// The request succeeds, so nothing fails loudly — but the model may return a value that
    /// breaks the constraint, and the webhook receiver gets data the schema promised it would not.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "pattern": "^\\+[1-9][0-9]{7,14}$", "description": "Callback number, E.164" }
    /// ```
    ///
    /// ## How to fix
    /// Validate the output against the schema on receipt (`plankit validate`), and state the
    /// constraint in the `description` so the model knows about it.
    pub static CHECK = "unenforced-keyword",
        severity: |profile: &Profile| has(profile, false).then_some(Severity::Warning),
        facts: |profile: &Profile| facts(profile, false),
        run: |ctx: &SchemaCheck<'_>, out: &mut Findings| keyword_findings(ctx, out, false);
}
