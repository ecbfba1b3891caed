//! Linting: read an input, parse it, find its plans, run every rule, and place each finding in
//! the file (pointer → byte span → line:column). Inputs are linted in parallel; results keep
//! the order the inputs were given in.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::Value;

use crate::config::{PathOverride, TranscriptLabels};
use crate::diagnostic::{Diagnostic, Severity, Suppressed};
use crate::json::{Document, ParseError, RawOffsets};
use crate::plan::{Plan, Shape, find_plans};
use crate::rules::{self, Check, FileContext, Finding, Findings, PlanContext, Rule, Target};
use crate::source::{Input, InputError, InputErrorKind, STDIN_NAME, Source};

/// What the user has changed about the rules (usually read from `plankit.toml`).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Per-rule severity: `Some` to change it, `None` to turn the rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// Per-path severities, applied in order over `severities` (a later match wins).
    pub overrides: Vec<PathOverride>,
    /// Provider targets whose `provider/<target>/*` rules run; none by default.
    pub targets: Vec<crate::provider::Target>,
    /// Whether a structured output's own model adds its provider's target
    /// (`structured-output-targets`; see [`crate::provider::model`]).
    pub structured_output_targets: crate::provider::model::ModelTargets,
    /// The platform whose placeholders a plan is judged by, instead of the one its keys say
    /// (`platform`, `--platform`; see [`crate::template::vocabulary::for_plan`]).
    pub platform: Option<crate::template::vocabulary::Dialect>,
    /// The JSON Schema draft assumed when a schema has no `$schema` (`2020-12`, `7`, …).
    pub draft: Option<String>,
    /// Labels of plain-text transcript lines.
    pub transcript: TranscriptLabels,
    /// `plankit eval`'s project settings (`[eval]`).
    pub eval: crate::config::EvalSettings,
    /// Which rules run: the default set unless `select`, `extend-select` or `ignore` say
    /// otherwise. A rule given a level in `severities` runs unless `ignore` names it.
    pub selection: crate::rules::select::Selection,
    /// How fixes are re-graded or turned off per rule (`extend-safe-fixes`, …).
    pub fixes: crate::fix::FixSettings,
    /// Which files walked folders contribute (`include`, `exclude`).
    pub files: crate::config::files::FileFilter,
}

impl Settings {
    /// The settings for one file: `severities` with every override whose globs match `path`
    /// applied. Borrowed when nothing matches (always, for standard input).
    pub fn for_path(&self, path: Option<&std::path::Path>) -> Cow<'_, Settings> {
        let Some(path) = path else { return Cow::Borrowed(self) };
        let mut matching = self.overrides.iter().filter(|o| o.matches(path)).peekable();
        if matching.peek().is_none() {
            return Cow::Borrowed(self);
        }
        let mut settings = self.clone();
        for path_override in matching {
            settings.severities.extend(path_override.severities.clone());
            settings.platform = path_override.platform.or(settings.platform);
        }
        Cow::Owned(settings)
    }

    /// The severity a finding of `rule` is reported at, or `None` when the rule is off.
    pub fn severity(&self, rule: &Rule, proposed: Severity) -> Option<Severity> {
        if self.selection.ignores(rule) {
            return None;
        }
        match self.severities.get(rule.name) {
            Some(choice) => *choice,
            None => self.selection.runs(rule).then_some(proposed),
        }
    }
}

/// One linted input.
#[derive(Debug, Clone)]
pub struct LintedFile {
    /// The name it is reported under.
    pub name: String,
    /// Its text, when it could be read (lossily decoded when it is not valid UTF-8).
    pub source: Option<Source>,
    /// The plans found in it.
    pub plans: Vec<Plan>,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings suppressed by an `x-plankit-ignore` in the file, kept with the reason.
    pub suppressed: Vec<Suppressed>,
    /// True when the input could not be read or parsed.
    pub failed: bool,
}

/// Lints every input, in parallel, keeping their order; then checks the links between Vapi
/// structured outputs and assistants across the files (`structured-output/link-mismatch`).
pub fn lint_inputs(inputs: &[Input], settings: &Settings) -> Vec<LintedFile> {
    let each: Vec<(Input, &Settings)> = inputs.iter().map(|input| (input.clone(), settings)).collect();
    lint_each(&each)
}

/// Lints every input with its own settings (those of the nearest `plankit.toml`, see
/// [`crate::config::resolve`]), in parallel, keeping their order; then checks the links between
/// Vapi structured outputs and assistants across the files.
pub fn lint_each(inputs: &[(Input, &Settings)]) -> Vec<LintedFile> {
    let mut files = lint_one_by_one(inputs);
    if files.len() > 1 {
        link_across(&mut files, inputs);
    }
    files
}

/// The link mismatches that involve more than one file of the run, added to the file each is in.
fn link_across(files: &mut [LintedFile], inputs: &[(Input, &Settings)]) {
    use crate::plan::find_structured::Resource;
    use crate::rules::structured_output::link_mismatch::{Inventory, mismatches};
    let involved = |file: &LintedFile| {
        file.plans.iter().any(|p| p.shape == crate::plan::Shape::StructuredOutput)
            || file.source.as_ref().and_then(|s| s.path()).and_then(crate::source::gitops_resource).is_some()
            || file
                .source
                .as_ref()
                .is_some_and(|s| s.text().contains("tructuredOutputIds") || s.text().contains("tructured_output_ids"))
    };
    let documents: Vec<Option<Document>> = files
        .iter()
        .map(|file| if involved(file) { file.source.as_ref().and_then(|s| Document::of(s).ok()) } else { None })
        .collect();
    let inventories: Vec<Inventory> = files
        .iter()
        .zip(&documents)
        .map(|(file, document)| {
            let resource = file.source.as_ref().zip(document.as_ref()).and_then(|(s, d)| Resource::of(s, d));
            document.as_ref().map(|d| Inventory::of(d.value(), &file.plans, resource.as_ref())).unwrap_or_default()
        })
        .collect();
    if inventories.iter().filter(|inventory| !inventory.is_empty()).count() < 2 {
        return;
    }
    for (index, finding, across) in mismatches(&inventories) {
        let (Some(document), Some(file)) = (&documents[index], files.get_mut(index)) else { continue };
        let Some(source) = &file.source else { continue };
        if !across {
            continue; // reported by the rule's own check of that file
        }
        let Some((_, settings)) = inputs.get(index) else { continue };
        let settings = settings.for_path(source.path());
        if let Some(diagnostic) = place(finding, source, document, &settings, &mut HashMap::new()) {
            file.diagnostics.push(diagnostic);
        }
    }
    for file in files.iter_mut() {
        file.diagnostics.sort_by(|a, b| {
            (a.span.as_ref().map(|s| s.start), a.rule).cmp(&(b.span.as_ref().map(|s| s.start), b.rule))
        });
    }
}

fn lint_one_by_one(inputs: &[(Input, &Settings)]) -> Vec<LintedFile> {
    map_in_order(inputs, |(input, settings)| {
        let (source, path) = match input {
            Input::File(path) => (Source::from_path(path), Some(path.as_path())),
            Input::Stdin => (Source::from_stdin(), None),
        };
        match source {
            Ok(source) => lint_source(source, settings),
            Err(error) => unreadable(error, &settings.for_path(path)),
        }
    })
}

/// `f` applied to every item, keeping their order: in parallel when there are several, on the
/// calling thread when there is one, so that linting the one file an editor or a pre-commit hook
/// names never starts rayon's thread pool.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < 2 { items.iter().map(f).collect() } else { items.par_iter().map(f).collect() }
}

/// Lints text already in memory.
pub fn lint_source(source: Source, settings: &Settings) -> LintedFile {
    let settings = &*settings.for_path(source.path());
    let document = match Document::of(&source) {
        Ok(document) => document,
        Err(error) => return unparsable(source, &error, settings),
    };
    let mut plans = find_plans(document.value());
    plans.sort_by_key(|plan| document.span(&plan.pointer).map(|span| span.value.start));
    if plans.is_empty() {
        plans.extend(crate::plan::bare_schema(document.value()));
    }
    crate::plan::attach_text(&mut plans, &document, source.text());
    let mut findings = run_rules(&source, &document, &plans, settings);
    findings.extend(crate::provider::check_file(&source, &document, &plans, settings));
    let mut offsets = HashMap::new();
    let mut diagnostics: Vec<Diagnostic> =
        findings.into_iter().filter_map(|finding| place(finding, &source, &document, settings, &mut offsets)).collect();
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.span.as_ref().map(|s| s.start), d.rule);
        key(a).cmp(&key(b))
    });
    diagnostics.dedup();
    let (mut diagnostics, suppressed) = crate::suppress::partition(diagnostics, document.value());
    let ran = |name: &str| rule_ran(name, settings);
    // most files have no suppression at all: no walk for them
    let unused = if source.text().contains(crate::suppress::IGNORE_KEY) {
        crate::suppress::unused_entries(document.value(), &suppressed, &ran)
    } else {
        Vec::new()
    };
    for (pointer, rule) in unused {
        let finding = Finding::new(
            &rules::plan::unused_ignore::RULE,
            pointer,
            format!("`x-plankit-ignore` names `{rule}`, which found nothing to suppress here"),
        )
        .label("suppresses nothing")
        .help("remove the entry: it would hide the next finding of this rule here");
        diagnostics.extend(place(finding, &source, &document, settings, &mut offsets));
    }
    diagnostics
        .sort_by(|a, b| (a.span.as_ref().map(|s| s.start), a.rule).cmp(&(b.span.as_ref().map(|s| s.start), b.rule)));
    LintedFile { name: source.name().to_owned(), source: Some(source), plans, diagnostics, suppressed, failed: false }
}

/// Whether `name` ran in this lint: selected, not off, and for a provider rule, its target on.
fn rule_ran(name: &str, settings: &Settings) -> bool {
    let Some(rule) = rules::find(name) else { return false };
    if settings.severity(rule, rule.default_severity).is_none() {
        return false;
    }
    match name.strip_prefix("provider/").and_then(|rest| rest.split('/').next()) {
        Some(target) => settings.targets.iter().any(|t| t.name() == target),
        None => true,
    }
}

/// Runs every rule over a parsed file.
pub fn run_rules(source: &Source, document: &Document, plans: &[Plan], settings: &Settings) -> Vec<Finding> {
    let file = FileContext { source, document, plans, settings };
    let mut findings = Findings::default();
    for rule in rules::RULES {
        match rule.check {
            Check::File(check) => check(&file, &mut findings),
            Check::Plan(check) => {
                // a Retell agent is items, not an analysis plan: only the `retell/*` rules,
                // written for it, judge it, and they judge nothing else
                let retell_rule = rule.name.starts_with("retell/");
                for plan in plans.iter().filter(|plan| (plan.shape == Shape::RetellAgent) == retell_rule) {
                    check(&PlanContext { file: &file, plan }, &mut findings);
                }
            }
            Check::Input | Check::Provider | Check::Payload(_) | Check::Output => {}
        }
    }
    findings.into_vec()
}

/// Turns a finding into a diagnostic placed in the file; `None` when its rule is off.
/// `offsets` keeps the escape index of every string a finding points inside, built once per
/// string however many findings it has.
fn place(
    finding: Finding,
    source: &Source,
    document: &Document,
    settings: &Settings,
    offsets: &mut HashMap<String, RawOffsets>,
) -> Option<Diagnostic> {
    let severity = settings.severity(finding.rule, finding.severity.unwrap_or(finding.rule.default_severity))?;
    let node = document.span(&finding.pointer);
    let span = match (&finding.target, node) {
        (Target::Bytes(range), _) => Some(range.clone()),
        (Target::Value, Some(node)) => Some(node.value.clone()),
        (Target::Key, Some(node)) => Some(node.key.clone().unwrap_or_else(|| node.value.clone())),
        (Target::InString(range), Some(node)) if document.is_yaml() => {
            // a YAML scalar has quotes, escapes, indentation and folding of its own
            let raw = source.text().get(node.value.clone()).unwrap_or_default();
            let decoded = document.value().pointer(&finding.pointer).and_then(Value::as_str).unwrap_or(raw);
            let start = node.value.start + crate::yaml::raw_offset(raw, decoded, range.start);
            let end = node.value.start + crate::yaml::raw_offset(raw, decoded, range.end);
            Some(start..end.max(start))
        }
        (Target::InString(range), Some(node)) => {
            let index = offsets
                .entry(finding.pointer.clone())
                .or_insert_with(|| RawOffsets::new(&source.text()[node.value.clone()]));
            let start = node.value.start + index.raw(range.start);
            let end = node.value.start + index.raw(range.end);
            Some(start..end.max(start))
        }
        (_, None) => None,
    };
    Some(Diagnostic {
        rule: finding.rule.name,
        severity,
        message: finding.message,
        file: source.name().to_owned(),
        pointer: finding.pointer,
        start: span.as_ref().map(|s| source.line_column(s.start)),
        end: span.as_ref().map(|s| source.line_column(s.end)),
        span,
        label: finding.label,
        help: finding.help,
        // a fix is a JSON edit: YAML text gets none
        fix: finding
            .fix
            .filter(|_| !document.is_yaml())
            .and_then(|fix| settings.fixes.regrade(finding.rule, fix))
            .and_then(|fix| fix.resolve(source.text(), document)),
    })
}

fn unparsable(source: Source, error: &ParseError, settings: &Settings) -> LintedFile {
    let rule = &rules::input::parse_error::RULE;
    let span = crate::source::visible_span(source.text(), error.range.clone());
    let diagnostics = settings
        .severity(rule, rule.default_severity)
        .map(|severity| Diagnostic {
            rule: rule.name,
            severity,
            message: format!("not valid {}: {}", source.syntax().name(), error.message),
            file: source.name().to_owned(),
            pointer: String::new(),
            start: Some(source.line_column(span.start)),
            end: Some(source.line_column(span.end)),
            span: Some(span),
            label: None,
            help: None,
            fix: None,
        })
        .into_iter()
        .collect();
    LintedFile {
        name: source.name().to_owned(),
        source: Some(source),
        plans: Vec::new(),
        diagnostics,
        suppressed: Vec::new(),
        failed: true,
    }
}

/// The lint of an input that could not be read: its read or content error as a finding.
pub(crate) fn unreadable(error: InputError, settings: &Settings) -> LintedFile {
    let rule = match error.kind {
        InputErrorKind::Read => &rules::input::read_error::RULE,
        InputErrorKind::Content => &rules::input::parse_error::RULE,
    };
    let source = error.text.map(|text| Source::new(error.name.clone(), text));
    let span = error
        .offset
        .zip(source.as_ref())
        .map(|(offset, source)| crate::source::visible_span(source.text(), offset..offset));
    let at = |offset: Option<usize>| source.as_ref().zip(offset).map(|(s, o)| s.line_column(o));
    let diagnostics = settings
        .severity(rule, rule.default_severity)
        .map(|severity| Diagnostic {
            rule: rule.name,
            severity,
            message: error.message.clone(),
            file: error.name.clone(),
            pointer: String::new(),
            start: at(span.as_ref().map(|s| s.start)),
            end: at(span.as_ref().map(|s| s.end)),
            span,
            label: None,
            help: error.help.clone(),
            fix: None,
        })
        .into_iter()
        .collect();
    let name = if error.name.is_empty() { STDIN_NAME.to_owned() } else { error.name };
    LintedFile { name, source, plans: Vec::new(), diagnostics, suppressed: Vec::new(), failed: true }
}
