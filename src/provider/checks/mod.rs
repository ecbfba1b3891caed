//! The generic provider checks: one file per kind of check, each reading a [`Profile`] and
//! never naming a provider. A check kind becomes a concrete rule `provider/<target>/<check>`
//! for every target whose profile gives it a severity.
//!
//! A check's doc comment is its documentation, as for rules; `plankit explain` adds the
//! target's facts (date, source, the provider's own error text) below it.

use serde_json::{Map, Value};

use crate::diagnostic::Severity;
use crate::json::child_pointer;
use crate::plan::{Part, Schema};
use crate::provider::profile::{Profile, Requirement, Support, fill};
use crate::rules::{Finding, Findings, PlanContext, Rule};
use crate::schema::{Node, walk};

pub mod additional_properties;
pub mod all_required;
pub mod array_items;
pub mod boolean_schema;
pub mod empty_object;
pub mod enum_size;
pub mod enum_value_type;
pub mod format;
pub mod nesting_depth;
pub mod nullable_enum;
pub mod optional_budget;
pub mod pattern_syntax;
pub mod prompt;
pub mod property_count;
pub mod recursion;
pub mod ref_siblings;
pub mod root_object;
pub mod string_budget;
pub mod type_array;
pub mod unenforced_keyword;
pub mod union_budget;
pub mod unsupported_keyword;
pub mod value_limit;

/// Declares a check kind: its doc comment becomes its documentation.
macro_rules! declare_check {
    ($(#[doc = $doc:literal])* $vis:vis static $ident:ident = $name:literal,
        severity: $severity:expr, facts: $facts:expr, run: $run:expr;) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::provider::checks::CheckKind = $crate::provider::checks::CheckKind {
            name: $name,
            raw_doc: concat!($($doc, "\n"),*),
            severity: $severity,
            facts: $facts,
            run: $run,
        };
    };
}
pub(crate) use declare_check;

/// A kind of provider check, run once per target that has it.
pub struct CheckKind {
    /// The last segment of the rule name: `additional-properties`.
    pub name: &'static str,
    raw_doc: &'static str,
    /// The severity of its findings for a target, or `None` when the target has no such rule.
    pub severity: fn(&Profile) -> Option<Severity>,
    /// What the target's profile says on this point, one Markdown line each.
    pub facts: fn(&Profile) -> Vec<String>,
    /// The check itself.
    pub run: fn(&SchemaCheck<'_>, &mut Findings),
}

impl CheckKind {
    /// The documentation, Markdown, with the doc comment's indentation removed.
    pub fn doc(&self) -> String {
        crate::rules::doc_text(self.raw_doc)
    }

    /// The first line of the documentation.
    pub fn summary(&self) -> String {
        crate::rules::summary_of(&self.doc())
    }
}

impl std::fmt::Debug for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckKind").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Every check kind, in the order their rules are listed.
pub static CHECKS: &[&CheckKind] = &[
    &root_object::CHECK,
    &additional_properties::CHECK,
    &all_required::CHECK,
    &nullable_enum::CHECK,
    &unsupported_keyword::CHECK,
    &unenforced_keyword::CHECK,
    &format::CHECK,
    &type_array::CHECK,
    &enum_value_type::CHECK,
    &array_items::CHECK,
    &empty_object::CHECK,
    &boolean_schema::CHECK,
    &ref_siblings::CHECK,
    &recursion::CHECK,
    &value_limit::CHECK,
    &pattern_syntax::CHECK,
    &nesting_depth::CHECK,
    &property_count::CHECK,
    &enum_size::CHECK,
    &string_budget::CHECK,
    &optional_budget::CHECK,
    &union_budget::CHECK,
    &prompt::MENTIONS_JSON,
    &prompt::INCLUDES_SCHEMA,
];

/// One schema of one plan, checked for one target.
pub struct SchemaCheck<'a> {
    /// The target's profile.
    pub profile: &'static Profile,
    /// The concrete rule findings are reported under.
    pub rule: &'static Rule,
    /// The plan and its file.
    pub plan: &'a PlanContext<'a>,
    /// The part of the plan the schema belongs to.
    pub part: &'a Part,
    /// The schema.
    pub schema: &'a Schema,
}

impl SchemaCheck<'_> {
    /// Calls `visit` for the root and every subschema object.
    pub fn walk(&self, visit: &mut dyn FnMut(Node<'_>)) {
        walk(&self.schema.value, &self.schema.pointer, visit);
    }

    /// A finding on the node at `pointer`.
    pub fn finding(&self, pointer: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding::new(self.rule, pointer, message)
    }

    /// OpenAI's way of naming where a subschema sits: `('properties', 'status')`, `()` for the root.
    pub fn context(&self, pointer: &str) -> String {
        let relative = pointer.strip_prefix(self.schema.pointer.as_str()).unwrap_or(pointer);
        let tokens: Vec<String> = relative
            .split('/')
            .skip(1)
            .map(|token| format!("'{}'", token.replace("~1", "/").replace("~0", "~")))
            .collect();
        format!("({})", tokens.join(", "))
    }

    /// "`<target>` rejects the request: "<provider's words>"", or what the target does instead.
    pub fn verdict(&self, support: Support, values: &[(&str, &str)]) -> String {
        let target = self.profile.subject();
        match support {
            Support::Rejected(Some(error)) => format!("{target} rejects the request: \"{}\"", fill(error, values)),
            Support::Rejected(None) => format!("{target} rejects the request (HTTP 400)"),
            Support::Ignored => format!("{target} accepts it but does not enforce it"),
            Support::Undocumented => format!("{target} does not document it: it may be rejected or ignored"),
            Support::Enforced => format!("{target} enforces it"),
        }
    }

    /// The verdict for a requirement that is not met: the provider's words when known.
    pub fn unmet(&self, requirement: Requirement, values: &[(&str, &str)]) -> String {
        match requirement.error() {
            Some(_) => self.verdict(Support::Rejected(requirement.error()), values),
            None => format!("{} requires it", self.profile.subject()),
        }
    }
}

/// The pointer a finding about a subschema underlines: its key in the parent.
pub(crate) fn node_finding(check: &SchemaCheck<'_>, node: &Node<'_>, message: String) -> Finding {
    check.finding(node.pointer, message).on_key()
}

/// The pointer of a keyword of a subschema.
pub(crate) fn keyword_pointer(node: &Node<'_>, keyword: &str) -> String {
    child_pointer(node.pointer, keyword)
}

/// Whether a subschema describes an object: `"type": "object"` (or a type list naming it), or
/// `properties` without a `type`.
pub(crate) fn is_object(schema: &Map<String, Value>) -> bool {
    let types = crate::schema::types(schema);
    types.contains(&"object") || (types.is_empty() && schema.contains_key("properties"))
}

/// Whether a subschema describes an array.
pub(crate) fn is_array(schema: &Map<String, Value>) -> bool {
    crate::schema::types(schema).contains(&"array")
}

/// A fact line about a support value, for `plankit explain`.
pub(crate) fn support_fact(what: &str, support: Support) -> String {
    match support {
        Support::Enforced => format!("{what}: accepted and enforced"),
        Support::Ignored => format!("{what}: accepted but not enforced"),
        Support::Undocumented => format!("{what}: not documented (may be rejected or ignored)"),
        Support::Rejected(Some(error)) => format!("{what}: rejected with HTTP 400: `{error}`"),
        Support::Rejected(None) => format!("{what}: rejected with HTTP 400 (error text not published)"),
    }
}

/// A fact line about a requirement, for `plankit explain`.
pub(crate) fn requirement_fact(what: &str, requirement: Requirement) -> String {
    match requirement {
        Requirement::No => format!("{what}: not required"),
        Requirement::Yes(Some(error)) => format!("{what}: required; otherwise HTTP 400: `{error}`"),
        Requirement::Yes(None) => format!("{what}: required (error text not published)"),
    }
}

/// The error severity when a requirement applies.
pub(crate) fn when_required(requirement: Requirement) -> Option<Severity> {
    requirement.is_required().then_some(Severity::Error)
}

/// The more serious of two optional severities.
pub(crate) fn worst(a: Option<Severity>, b: Option<Severity>) -> Option<Severity> {
    a.max(b)
}

/// A JSON value as written, shortened so messages stay one line.
pub(crate) fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 40 {
        return text;
    }
    let short: String = text.chars().take(39).collect();
    format!("{short}…")
}

/// A fact line about a limit, for `plankit explain`.
pub(crate) fn limit_fact(profile: &Profile, what: &str, limit: Option<crate::provider::profile::Limit>) -> Vec<String> {
    let Some(limit) = limit else { return Vec::new() };
    let dated = profile.documented.map(|d| format!(" (as documented {d})")).unwrap_or_default();
    let error = match limit.error {
        Some(error) => format!("; otherwise HTTP 400: `{error}`"),
        None => "; otherwise HTTP 400 (error text not published)".to_owned(),
    };
    vec![format!("at most {} {what}{dated}{error}", limit.max)]
}

/// "the schema nests 12 levels; azure-openai allows at most 5 (as documented 2025-12-06) and rejects the request".
pub(crate) fn limit_message(
    ctx: &SchemaCheck<'_>,
    subject: &str,
    unit: &str,
    found: usize,
    limit: crate::provider::profile::Limit,
) -> String {
    let profile = ctx.profile;
    let dated = profile.documented.map(|d| format!(" (as documented {d})")).unwrap_or_default();
    let (n, max) = (found.to_string(), limit.max.to_string());
    let verdict = match limit.error {
        Some(error) => format!("it rejects the request: \"{}\"", fill(error, &[("n", &n), ("max", &max)])),
        None => "it rejects the request (HTTP 400)".to_owned(),
    };
    format!("{subject} {found} {unit}; {} allows at most {}{dated}, {verdict}", profile.subject(), limit.max)
}
