//! The rule catalogue. A rule is a file named after the problem it finds; its doc comment is
//! its documentation (printed by `plankit explain`, tabled in the README, carried by SARIF);
//! [`RULES`] lists every rule once, in the order `plankit rules` prints them.

use std::ops::Range;

use crate::diagnostic::Severity;
use crate::json::Document;
use crate::plan::Plan;
use crate::source::Source;

pub mod input;
pub mod plan;
pub mod retell;
pub mod schema;
pub mod select;
pub mod structured_output;
pub mod template;

/// Declares a rule: its doc comment becomes its documentation. `Warning, pedantic, …` puts
/// the rule in the opt-in set.
macro_rules! declare_rule {
    (@ $set:ident $(#[doc = $doc:literal])* $vis:vis static $ident:ident = $name:literal, $severity:ident, $check:expr;) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::rules::Rule = $crate::rules::Rule {
            name: $name,
            default_severity: $crate::diagnostic::Severity::$severity,
            set: $crate::rules::RuleSet::$set,
            raw_doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
    ($(#[doc = $doc:literal])* $vis:vis static $ident:ident = $name:literal, $severity:ident, pedantic, $check:expr;) => {
        $crate::rules::declare_rule! { @ Pedantic $(#[doc = $doc])* $vis static $ident = $name, $severity, $check; }
    };
    ($(#[doc = $doc:literal])* $vis:vis static $ident:ident = $name:literal, $severity:ident, $check:expr;) => {
        $crate::rules::declare_rule! { @ Default $(#[doc = $doc])* $vis static $ident = $name, $severity, $check; }
    };
}
pub(crate) use declare_rule;

/// A check, and what it looks at.
#[derive(Clone, Copy)]
pub enum Check {
    /// Looks at a parsed file as a whole.
    File(fn(&FileContext<'_>, &mut Findings)),
    /// Looks at one plan of a file.
    Plan(fn(&PlanContext<'_>, &mut Findings)),
    /// Reported while reading and parsing, before any check runs.
    Input,
    /// Runs only for the provider targets the user chose; see [`crate::provider`].
    Provider,
    /// Checks a webhook payload during `plankit validate`.
    Payload(fn(&crate::validate::payload::Payload<'_>, &mut Vec<crate::validate::Violation>)),
    /// Reported by the compiled schema during `plankit validate`.
    Output,
}

/// Whether a rule runs unless the user says otherwise.
///
/// The default set holds the rules that are right about a production plan nearly every time;
/// the pedantic set holds style advice that careful teams disagree on (clippy's `pedantic`,
/// ruff's rules outside the default selection). `--extend-select pedantic` or
/// `extend-select = ["pedantic"]` in plankit.toml turns them on, as does naming one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSet {
    /// Runs by default.
    Default,
    /// Runs only when selected.
    Pedantic,
}

impl RuleSet {
    /// The name used on the command line and in plankit.toml.
    pub fn name(self) -> &'static str {
        match self {
            RuleSet::Default => "default",
            RuleSet::Pedantic => "pedantic",
        }
    }
}

/// A rule: stable name, default severity, rule set, documentation and check.
pub struct Rule {
    /// Stable, unique name: `group/kebab-case`.
    pub name: &'static str,
    /// Severity unless the user overrides it.
    pub default_severity: Severity,
    /// Whether it runs by default or only when selected.
    pub set: RuleSet,
    pub(crate) raw_doc: &'static str,
    /// What the rule looks at.
    pub check: Check,
}

impl Rule {
    /// A rule whose name and documentation are built at run time (the provider rules, one per
    /// target and check).
    pub(crate) fn new(name: &'static str, default_severity: Severity, raw_doc: &'static str, check: Check) -> Rule {
        Rule { name, default_severity, set: RuleSet::Default, raw_doc, check }
    }

    /// The full documentation, Markdown: a summary line, then *What it checks*, *Why it
    /// matters*, *Example* and *How to fix*.
    pub fn doc(&self) -> String {
        doc_text(self.raw_doc)
    }

    /// Whether findings of this rule can carry a fix (its documentation has a `## Fix`
    /// section saying what the fix does and why it has its applicability).
    pub fn fixable(&self) -> bool {
        is_fixable(&self.doc())
    }

    /// The first line of the documentation.
    pub fn summary(&self) -> String {
        summary_of(&self.doc())
    }

    /// The default severity as listings show it: `warning`, or `warning (pedantic)` for a rule
    /// that runs only when selected.
    pub fn default_level(&self) -> String {
        match self.set {
            RuleSet::Default => self.default_severity.to_string(),
            RuleSet::Pedantic => format!("{} (pedantic)", self.default_severity),
        }
    }
}

/// A doc comment as Markdown: `/// text` arrives as ` text`, so one leading space goes.
pub(crate) fn doc_text(raw: &str) -> String {
    raw.lines().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// The first line of a documentation text.
pub(crate) fn summary_of(doc: &str) -> String {
    doc.lines().next().unwrap_or_default().trim().to_owned()
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Every rule, grouped, in the order they are listed.
pub static RULES: &[&Rule] = &[
    &input::read_error::RULE,
    &input::parse_error::RULE,
    &plan::no_plan_found::RULE,
    &plan::duplicate_key::RULE,
    &plan::unknown_field::RULE,
    &plan::wrong_type::RULE,
    &plan::mixed_key_style::RULE,
    &plan::invalid_threshold::RULE,
    &plan::invalid_timeout::RULE,
    &plan::unknown_rubric::RULE,
    &plan::unknown_role::RULE,
    &plan::empty_message::RULE,
    &plan::enabled_without_schema::RULE,
    &plan::disabled_by_default::RULE,
    &plan::schema_without_messages::RULE,
    &plan::invalid_ignore::RULE,
    &plan::unused_ignore::RULE,
    &plan::analysis_plan_deprecated::RULE,
    &plan::workflow_retired::RULE,
    &plan::members_overrides_typo::RULE,
    &plan::squad_partial_history::RULE,
    &schema::invalid::RULE,
    &schema::unknown_keyword::RULE,
    &schema::root_not_object::RULE,
    &schema::contradictory_bounds::RULE,
    &schema::empty_enum::RULE,
    &schema::duplicate_enum_value::RULE,
    &schema::enum_type_mismatch::RULE,
    &schema::required_undeclared::RULE,
    &schema::untyped_property::RULE,
    &schema::array_without_items::RULE,
    &schema::invalid_pattern::RULE,
    &schema::openapi_nullable::RULE,
    &schema::remote_ref::RULE,
    &schema::unresolved_ref::RULE,
    &schema::missing_description::RULE,
    &structured_output::invalid_name::RULE,
    &structured_output::missing_schema::RULE,
    &structured_output::unknown_field::RULE,
    &structured_output::unknown_type::RULE,
    &structured_output::invalid_regex::RULE,
    &structured_output::regex_mismatch::RULE,
    &structured_output::invalid_model::RULE,
    &structured_output::invalid_condition::RULE,
    &structured_output::contradictory_conditions::RULE,
    &structured_output::redundant_condition::RULE,
    &structured_output::invalid_compliance_plan::RULE,
    &structured_output::phi_force_stored::RULE,
    &structured_output::invalid_target::RULE,
    &structured_output::target_not_in_spec::RULE,
    &structured_output::type_array::RULE,
    &structured_output::outside_schema_subset::RULE,
    &structured_output::invalid_id::RULE,
    &structured_output::link_mismatch::RULE,
    &structured_output::invalid_scorecard::RULE,
    &structured_output::invalid_evaluation::RULE,
    &structured_output::invalid_run::RULE,
    &template::unknown_placeholder::RULE,
    &template::unclosed_placeholder::RULE,
    &template::single_brace_placeholder::RULE,
    &template::placeholder_not_available::RULE,
    &template::missing_transcript::RULE,
    &template::missing_schema::RULE,
    &template::null_not_allowed::RULE,
    &template::rubric_scale_mismatch::RULE,
    &retell::invalid_item_type::RULE,
    &retell::missing_item_field::RULE,
    &retell::unknown_item_field::RULE,
    &retell::invalid_choices::RULE,
    &retell::duplicate_choice::RULE,
    &retell::examples_not_allowed::RULE,
    &retell::unknown_preset::RULE,
    &retell::preset_name_collision::RULE,
    &retell::duplicate_item_name::RULE,
    &retell::conditional_prompt_ignored::RULE,
    &retell::unknown_model::RULE,
    &retell::removed_prompt_field::RULE,
    &crate::validate::output::schema::RULE,
    &crate::validate::output::pattern_aborted::RULE,
    &crate::validate::output::not_found::RULE,
    &crate::validate::structured::EXTRACTION_FAILED,
    &crate::validate::structured::INVALID_SKIP,
    &crate::validate::payload::unknown_event::RULE,
    &crate::validate::payload::missing_envelope::RULE,
    &crate::validate::payload::missing_field::RULE,
    &crate::validate::payload::wrong_type::RULE,
    &crate::validate::payload::invalid_timestamp::RULE,
    &crate::validate::payload::unknown_value::RULE,
    &crate::validate::payload::missing_analysis::RULE,
];

/// Every rule: [`RULES`], then the provider rules generated from the provider profiles.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    // the provider rules (their documentation is built at run time) only when reached: finding
    // a rule of the table above must not build every target's
    RULES.iter().copied().chain(std::iter::once_with(crate::provider::rules).flatten())
}

/// The rule with this name.
pub fn find(name: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.name == name)
}

/// A parsed file, as the rules see it.
pub struct FileContext<'a> {
    /// The text.
    pub source: &'a Source,
    /// The parsed JSON with spans.
    pub document: &'a Document,
    /// The plans found in it.
    pub plans: &'a [Plan],
    /// What the user chose (the schema draft assumed without `$schema`, …).
    pub settings: &'a crate::lint::Settings,
}

/// One plan of a parsed file, as a plan rule sees it.
pub struct PlanContext<'a> {
    /// The file.
    pub file: &'a FileContext<'a>,
    /// The plan.
    pub plan: &'a Plan,
}

impl PlanContext<'_> {
    /// The placeholders the platform that renders this plan fills.
    pub fn vocabulary(&self) -> &'static crate::template::Vocabulary {
        crate::template::vocabulary::for_plan(self.plan, self.file.settings.platform)
    }

    /// The value at a pointer in the file.
    pub fn value(&self, pointer: &str) -> Option<&serde_json::Value> {
        self.file.document.value().pointer(pointer)
    }
}

/// Where in the file a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The node's value.
    Value,
    /// The node's key (falls back to the value when the node has no key).
    Key,
    /// A byte range inside the node's decoded string value (a placeholder in a message).
    InString(Range<usize>),
    /// An explicit byte range in the file.
    Bytes(Range<usize>),
}

/// A finding before it is placed in the file.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// The severity, when the rule sets one other than its default.
    pub severity: Option<Severity>,
    /// One lowercase line.
    pub message: String,
    /// JSON Pointer of the node.
    pub pointer: String,
    /// Which part of the node to underline.
    pub target: Target,
    /// Label under the caret.
    pub label: Option<String>,
    /// Help line.
    pub help: Option<String>,
    /// The remedy, when the finding has a mechanical one.
    pub fix: Option<crate::fix::Fix>,
}

impl Finding {
    /// A finding on the value at `pointer`.
    pub fn new(rule: &'static Rule, pointer: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: None,
            message: message.into(),
            pointer: pointer.into(),
            target: Target::Value,
            label: None,
            help: None,
            fix: None,
        }
    }

    /// Underline the key instead of the value.
    pub fn on_key(mut self) -> Finding {
        self.target = Target::Key;
        self
    }

    /// Underline a range of the decoded string value.
    pub fn in_string(mut self, range: Range<usize>) -> Finding {
        self.target = Target::InString(range);
        self
    }

    /// Underline explicit bytes of the file.
    pub fn bytes(mut self, range: Range<usize>) -> Finding {
        self.target = Target::Bytes(range);
        self
    }

    /// Adds a label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Finding {
        self.help = help;
        self
    }

    /// Attaches a fix (see [`crate::fix`]): `plankit lint --fix` applies it when its
    /// applicability allows, every format reports it.
    pub fn fix(mut self, fix: crate::fix::Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    /// Attaches a fix when there is one.
    pub fn maybe_fix(mut self, fix: Option<crate::fix::Fix>) -> Finding {
        self.fix = fix;
        self
    }

    /// Reports at a severity other than the rule's default.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = Some(severity);
        self
    }
}

/// Where checks put what they find.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    /// Records a finding.
    pub fn push(&mut self, finding: Finding) {
        self.items.push(finding);
    }

    /// Everything recorded, in order.
    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}

/// `did you mean `x`?` for a help line.
pub(crate) fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

/// The mark of a fixable rule in listings (ruff's 🛠): a rule is fixable when its
/// documentation has a `## Fix` section, which says what the fix does and how safe it is.
pub fn fix_mark(doc: &str) -> &'static str {
    if is_fixable(doc) { "🛠" } else { "" }
}

/// Whether a rule documentation describes a fix (a `## Fix` section).
pub(crate) fn is_fixable(doc: &str) -> bool {
    doc.lines().any(|line| line.trim_end() == "## Fix")
}

/// The Markdown table of every rule (name, default severity, summary), as in the README; the
/// provider rules appear once per check kind, as `provider/<target>/<check>`.
pub fn markdown_table() -> String {
    let mut table = String::from("| rule | default | fix | what it finds |\n|---|---|---|---|\n");
    for rule in RULES {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.name,
            rule.default_level(),
            fix_mark(&rule.doc()),
            rule.summary().replace('|', "\\|")
        ));
    }
    table.push_str(&crate::provider::markdown_rule_rows());
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_grouped() {
        let mut names: Vec<_> = all().map(|r| r.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate rule names");
        for name in names {
            let (group, rest) = name.split_once('/').unwrap_or_default();
            assert!(
                ["input", "plan", "schema", "structured-output", "template", "retell", "provider", "output", "payload"]
                    .contains(&group),
                "{name}"
            );
            // provider rules are `provider/<target>/<check>` (and `provider/conflict`)
            let segments = if group == "provider" { 1..=2 } else { 1..=1 };
            assert!(segments.contains(&rest.split('/').count()), "{name}");
            assert!(
                rest.split('/').all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '-')),
                "{name}"
            );
        }
    }

    #[test]
    fn every_rule_documents_what_why_example_and_fix() {
        for rule in all() {
            let doc = rule.doc();
            for section in ["## What it checks", "## Why it matters", "## Example", "## How to fix"] {
                assert!(doc.contains(section), "{} lacks `{section}`", rule.name);
            }
            assert!(!rule.summary().is_empty(), "{} lacks a summary line", rule.name);
        }
    }
}
