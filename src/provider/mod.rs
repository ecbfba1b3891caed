//! Provider targets: will this schema be accepted, and enforced, by the structured-output mode
//! of the model that runs it?
//!
//! Each provider is a [`Profile`] — a table of facts with the date they were checked and their
//! source — in `profiles/`. Each kind of check is a generic [`CheckKind`] in `checks/` that
//! reads a profile. The concrete rules `provider/<target>/<check>` are the pairs a profile gives
//! a severity; they exist once, are listed by `plankit rules`, and run only for the targets the
//! user chose ([`Target`], `lint --target`). Adding a provider is adding a table.

use std::sync::LazyLock;

use crate::diagnostic::Severity;
use crate::json::Document;
use crate::plan::Plan;
use crate::rules::{Check, FileContext, Finding, Findings, PlanContext, Rule};
use crate::source::Source;

pub mod checks;
pub mod conflict;
pub mod model;
pub mod profile;
pub mod profiles;
pub mod shape;
pub mod transform;

pub use checks::{CHECKS, CheckKind};
pub use profile::Profile;
pub use profiles::PROFILES;

/// A provider target the user chose, such as `openai-strict`.
#[derive(Clone, Copy)]
pub struct Target(&'static Profile);

impl Target {
    /// Every target, in the order they are listed.
    pub fn all() -> impl Iterator<Item = Target> {
        PROFILES.iter().map(|profile| Target(profile))
    }

    /// The target named `name`, or an error carrying the nearest name.
    ///
    /// ```
    /// let target = plankit::provider::Target::from_name("openai-strict").unwrap();
    /// assert_eq!(target.name(), "openai-strict");
    /// let typo = plankit::provider::Target::from_name("open-ai-strict").unwrap_err();
    /// assert_eq!(typo.suggestion, Some("openai-strict"));
    /// ```
    pub fn from_name(name: &str) -> Result<Target, UnknownTarget> {
        Target::all().find(|target| target.name() == name).ok_or_else(|| UnknownTarget {
            name: name.to_owned(),
            suggestion: crate::text::suggest_value(name, Target::all().map(Target::name)),
        })
    }

    /// The name users pass to `--target`.
    pub fn name(self) -> &'static str {
        self.0.target
    }

    /// The facts behind the target.
    pub fn profile(self) -> &'static Profile {
        self.0
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Target {}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Target").field(&self.name()).finish()
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Target {
    type Err = UnknownTarget;

    fn from_str(name: &str) -> Result<Target, UnknownTarget> {
        Target::from_name(name)
    }
}

/// A target name plankit does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown target `{name}`")]
pub struct UnknownTarget {
    /// The name as given.
    pub name: String,
    /// The nearest known name, for a did-you-mean.
    pub suggestion: Option<&'static str>,
}

/// One concrete rule: a check kind applied to one target.
struct Entry {
    profile: &'static Profile,
    check: &'static CheckKind,
    name: String,
    doc: String,
    severity: Severity,
}

/// Every (target, check) pair the profiles give a severity, in listing order.
static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut entries = Vec::new();
    for profile in PROFILES.iter().copied() {
        for check in CHECKS.iter().copied() {
            if let Some(severity) = (check.severity)(profile) {
                entries.push(Entry {
                    profile,
                    check,
                    name: format!("provider/{}/{}", profile.target, check.name),
                    doc: concrete_doc(profile, check, severity),
                    severity,
                });
            }
        }
    }
    entries
});

/// The concrete rules, one per entry, in the same order.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    ENTRIES.iter().map(|entry| Rule::new(&entry.name, entry.severity, &entry.doc, Check::Provider)).collect()
});

/// Every provider rule: `provider/conflict`, then `provider/<target>/<check>` target by target.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    std::iter::once(&conflict::RULE).chain(RULES.iter())
}

/// A check's documentation followed by what the target's profile says.
fn concrete_doc(profile: &'static Profile, check: &CheckKind, severity: Severity) -> String {
    let mut doc = check.doc();
    doc.push_str(&format!("\n\n## Facts for `{}`\n\n", profile.target));
    doc.push_str(&format!("- provider: {}\n- mode: {}\n", profile.provider, profile.mode));
    doc.push_str(&match severity {
        Severity::Error => format!("- severity: error — {} rejects the request\n", profile.target),
        Severity::Warning => {
            format!("- severity: warning — {} accepts it, but the output may break the schema\n", profile.target)
        }
    });
    for fact in (check.facts)(profile) {
        doc.push_str(&format!("- {fact}\n"));
    }
    if !profile.caveats.is_empty() {
        doc.push_str(&format!("- caveats: {}\n", profile.caveats));
    }
    let dated = profile.documented.map(|d| format!(" (the source is dated {d})")).unwrap_or_default();
    doc.push_str(&format!("- checked {} against {}{dated}", profile.checked, profile.source));
    if let Some(family) =
        transform::family(Target(profile)).filter(|f| f.resolves.iter().any(|(c, _)| *c == check.name))
    {
        doc.push_str(&format!(
            "\n\n## Fix\n\n`plankit lint --target {} --fix --unsafe-fixes` rewrites the schema as {} would \
send it (**unsafe**: it changes what validates and what the model reads). One rewrite per schema, offered by \
every finding it resolves; a schema the SDK itself refuses gets none. What the rewrite does:\n\n",
            profile.target, family.name
        ));
        for rule in family.rules {
            doc.push_str(&format!("- {} (`{}`)\n", rule.does, rule.source));
        }
    }
    doc
}

/// Runs the provider rules of the chosen targets over a parsed file.
pub fn check_file(
    source: &Source,
    document: &Document,
    plans: &[Plan],
    settings: &crate::lint::Settings,
) -> Vec<Finding> {
    let mut findings = Findings::default();
    let targets = &settings.targets;
    let file = FileContext { source, document, plans, settings };
    for plan in plans {
        let ctx = PlanContext { file: &file, plan };
        for (part, schema) in plan.schemas() {
            // the targets the user chose, then the one a structured output's own model implies
            let implied = match settings.structured_output_targets {
                model::ModelTargets::Off => None,
                _ => part.kind.structured_output().and_then(model::target_of).filter(|m| !targets.contains(&m.target)),
            };
            let checked: Vec<(Target, Option<&model::ModelTarget>)> =
                targets.iter().map(|t| (*t, None)).chain(implied.as_ref().map(|m| (m.target, Some(m)))).collect();
            if checked.is_empty() {
                continue;
            }
            // providers are checked against the schema as plankit sends it: without its own
            // `x-plankit-*` annotations, which render strips (pointers are unchanged by that)
            let mut sent = schema.clone();
            crate::suppress::strip_plankit_keys(&mut sent.value);
            let mut strict_fixes = StrictFixes::new(document, schema);
            let adapted = settings.structured_output_targets == model::ModelTargets::Adapted;
            // in listing order, target by target, as `plankit rules` lists them
            for (entry, rule) in ENTRIES.iter().zip(RULES.iter()) {
                let Some(&(target, implied)) = checked.iter().find(|(t, _)| t.name() == entry.profile.target) else {
                    continue;
                };
                // Vapi wraps a primitive root as `{"value": …}` before sending it (reference §1.7)
                if implied.is_some() && entry.check.name == "root-object" && model::is_wrapped_by_vapi(&schema.value) {
                    continue;
                }
                let check = checks::SchemaCheck { profile: entry.profile, rule, plan: &ctx, part, schema: &sent };
                let mut found = Findings::default();
                (entry.check.run)(&check, &mut found);
                for finding in found.into_vec() {
                    if implied.is_some() && adapted && resolved_by_sdk(target, entry.check.name, schema, &finding) {
                        continue;
                    }
                    let finding = strict_fixes.attach(target, entry.check.name, finding);
                    findings.push(match implied {
                        Some(implied) => implied_by_model(finding, implied),
                        None => finding,
                    });
                }
            }
            conflict::check(&sent, targets, &mut findings);
        }
    }
    findings.into_vec()
}

/// Whether the strict-mode rewrite of `target`'s SDK resolves `finding`: what plankit assumes
/// Vapi does before it sends a structured output's schema (see [`model`]).
fn resolved_by_sdk(target: Target, check: &str, schema: &crate::plan::Schema, finding: &Finding) -> bool {
    let relative = finding.pointer.strip_prefix(schema.pointer.as_str()).unwrap_or(&finding.pointer);
    transform::family(target).is_some_and(|family| family.resolves(check, relative))
}

/// Says on a finding's help line why a target the user did not name was checked.
fn implied_by_model(mut finding: Finding, implied: &model::ModelTarget) -> Finding {
    let why = format!(
        "checked as `{}` because the structured output runs on {} (`structured-output-targets` in plankit.toml)",
        implied.target, implied.because
    );
    finding.help = Some(match finding.help.take() {
        Some(help) => format!("{help}; {why}"),
        None => why,
    });
    finding
}

/// Puts each target's strict-mode fix (the schema as the target's SDK would send it, see
/// [`transform`]) on every finding of the schema it resolves. The fix is worked out once per
/// schema and target; the findings share it, and the engine applies a fix offered by several
/// findings once (`fix::apply`), so they are all fixed by one rewrite.
struct StrictFixes<'a> {
    document: &'a Document,
    schema: &'a crate::plan::Schema,
    /// Each target's fix for this schema, once worked out (`None`: the SDK refuses it, or
    /// would send it unchanged).
    made: Vec<(&'static str, Option<crate::fix::Fix>)>,
}

impl<'a> StrictFixes<'a> {
    fn new(document: &'a Document, schema: &'a crate::plan::Schema) -> StrictFixes<'a> {
        StrictFixes { document, schema, made: Vec::new() }
    }

    fn attach(&mut self, target: Target, check: &str, finding: Finding) -> Finding {
        let Some(family) = transform::family(target) else { return finding };
        let relative = finding.pointer.strip_prefix(self.schema.pointer.as_str()).unwrap_or(&finding.pointer);
        if !family.resolves(check, relative) {
            return finding;
        }
        let fix = match self.made.iter().find(|(name, _)| *name == target.name()) {
            Some((_, fix)) => fix.clone(),
            None => {
                let fix = self.fix(target, family);
                self.made.push((target.name(), fix.clone()));
                fix
            }
        };
        match fix {
            Some(fix) => finding.fix(fix),
            None => finding,
        }
    }

    /// The unsafe fix rewriting the schema for `target`, when the schema is an object in the
    /// file (not JSON inside a string) and its SDK would send something different.
    fn fix(&self, target: Target, family: &transform::Family) -> Option<crate::fix::Fix> {
        let schema = self.schema;
        if self.document.value().pointer(&schema.pointer) != Some(&schema.value) {
            return None;
        }
        let order =
            |relative: &str| self.document.span(&format!("{}{relative}", schema.pointer)).map(|s| s.start(true));
        let done = transform::transform_in_order(target, &schema.value, Some(&order))?.ok()?;
        if done.schema == schema.value {
            return None;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for step in &done.steps {
            match counts.iter_mut().find(|(id, _)| *id == step.rule.id) {
                Some((_, n)) => *n += 1,
                None => counts.push((step.rule.id, 1)),
            }
        }
        let summary: Vec<String> = counts.iter().map(|(id, n)| format!("{id} ×{n}")).collect();
        Some(crate::fix::Fix::set_value(
            crate::fix::Applicability::Unsafe,
            format!(
                "rewrite the schema for `{}` as {} would send it: {}",
                target.name(),
                family.name,
                summary.join(", ")
            ),
            schema.pointer.clone(),
            done.schema,
        ))
    }
}

/// The README rows for provider rules: `provider/conflict`, and one row per check kind with the
/// targets that have it.
pub fn markdown_rule_rows() -> String {
    let mut rows = format!(
        "| `{}` | {} | {} | {} |\n",
        conflict::RULE.name,
        conflict::RULE.default_severity,
        crate::rules::fix_mark(&conflict::RULE.doc()),
        cell(&conflict::RULE.summary())
    );
    for check in CHECKS.iter().copied() {
        let targets: Vec<(&str, Severity)> = ENTRIES
            .iter()
            .filter(|entry| std::ptr::eq(entry.check, check))
            .map(|entry| (entry.profile.target, entry.severity))
            .collect();
        let severity =
            match (targets.iter().all(|t| t.1 == Severity::Error), targets.iter().all(|t| t.1 == Severity::Warning)) {
                (true, _) => "error",
                (_, true) => "warning",
                _ => "per target",
            };
        // fixable for the targets whose SDK rewrite resolves it, and named so
        let fixable: Vec<&str> = ENTRIES
            .iter()
            .filter(|entry| std::ptr::eq(entry.check, check) && crate::rules::is_fixable(&entry.doc))
            .map(|entry| entry.profile.target)
            .collect();
        let names: Vec<String> = targets
            .iter()
            .map(|t| if fixable.contains(&t.0) { format!("{} 🛠", t.0) } else { t.0.to_owned() })
            .collect();
        let mark = if fixable.is_empty() { crate::rules::fix_mark(&check.doc()) } else { "🛠" };
        rows.push_str(&format!(
            "| `provider/<target>/{}` | {severity} | {mark} | {} Targets: {}. |\n",
            check.name,
            cell(&check.summary()),
            names.join(", ")
        ));
    }
    rows
}

/// The README's table of targets: what each is, what it rejects (errors), what it accepts
/// without enforcing (warnings), and where and when its facts were checked.
pub fn markdown_targets_table() -> String {
    let mut table = String::from(
        "| target | provider and mode | errors (request rejected) | warnings (not enforced) | facts checked |\n|---|---|---|---|---|\n",
    );
    for profile in PROFILES.iter().copied() {
        let checks = |severity: Severity| {
            let names: Vec<String> = ENTRIES
                .iter()
                .filter(|e| e.profile.target == profile.target && e.severity == severity)
                .map(|e| format!("`{}`", e.check.name))
                .collect();
            if names.is_empty() { "—".to_owned() } else { names.join(", ") }
        };
        let source = if profile.source.starts_with("https://") {
            format!("[source]({})", profile.source)
        } else {
            profile.source.to_owned()
        };
        let dated = profile.documented.map(|d| format!(" (source dated {d})")).unwrap_or_default();
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {}, {}{dated} |\n",
            profile.target,
            cell(profile.provider),
            checks(Severity::Error),
            checks(Severity::Warning),
            profile.checked,
            cell(&source)
        ));
    }
    table
}

/// Escapes a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
