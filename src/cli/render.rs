//! `plankit render PLAN --transcript FILE`: the exact messages the analysis model receives for
//! one call, and whether the analysis would run. The rendered messages go to standard output;
//! warnings (the plan's `template/*` lint findings, the transcript reader's and the render's
//! own) go to standard error, except with `--format json`, which carries them.

use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use plankit::diagnostic::{Diagnostic, Severity};
use plankit::render::output::{self, Warning};
use plankit::render::{Assistant, RenderOptions, RenderedPart, SchemaStyle};
use plankit::source::{InputError, InputErrorKind};
use plankit::template::vocabulary::Dialect;
use plankit::transcript::{Labels, Transcript};
use plankit::{LintedFile, Plan, Source};

use super::select::NotSelected;
use super::{Color, Deny, Outcome, eprint, print};

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The plan file, in any plan shape; `-` reads standard input.
    plan: PathBuf,
    /// The call: plain text turns (`AI: …` / `User: …`), a JSON array of messages, or a webhook
    /// payload; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    transcript: PathBuf,
    /// Why the call ended, for `{{endedReason}}` [default: the payload's `endedReason`, else
    /// `customer-ended-call`].
    #[arg(long, value_name = "REASON")]
    ended_reason: Option<String>,
    /// How long the call lasted, in seconds: a structured output's `{{duration}}` and its
    /// `minCallDuration` condition [default: unknown, and `minCallDuration` passes, as Vapi's
    /// does for chats].
    #[arg(long, value_name = "SECONDS")]
    duration: Option<f64>,
    /// Judge and fill the placeholders as this platform does, instead of the one the plan's keys
    /// say [default: `platform` in plankit.toml, else recognised]: vapi-analysis-plan,
    /// vapi-structured-output, flireo, hms, retell.
    #[arg(long, value_name = "PLATFORM", value_parser = parse_platform)]
    platform: Option<Dialect>,
    /// Render only this sub-plan [default: every enabled one].
    #[arg(long = "plan", value_enum, value_name = "SUB_PLAN")]
    part: Option<PartChoice>,
    /// Which plan of a file that holds several: a template's `name` or the plan's JSON Pointer.
    #[arg(long, value_name = "NAME|POINTER")]
    select: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Text)]
    format: RenderFormat,
    /// How `{{schema}}` is written.
    #[arg(long, value_enum, default_value_t = SchemaStyleChoice::Pretty)]
    schema_style: SchemaStyleChoice,
    /// The assistant's label in `{{transcript}}` (also read as a speaker label in plain text).
    /// Default: `[transcript] assistant-label` in plankit.toml, else `AI`.
    #[arg(long, value_name = "LABEL")]
    assistant_label: Option<String>,
    /// The caller's label in `{{transcript}}` (also read as a speaker label in plain text).
    /// Default: `[transcript] user-label` in plankit.toml, else `User`.
    #[arg(long, value_name = "LABEL")]
    user_label: Option<String>,
    /// The `model` of the `--format openai` request body.
    #[arg(long, default_value = output::openai::DEFAULT_MODEL)]
    model: String,
    /// With `--format openai`: ask for strict structured outputs (`"strict": true`). The schema is
    /// sent as written either way; strict mode needs `additionalProperties: false` and every
    /// property `required`.
    #[arg(long)]
    strict: bool,
    /// When to use colour on standard error (also honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(super) color: Color,
    /// Make warnings fail the run (exit 1).
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
}

impl RenderArgs {
    /// The plan file, whose nearest `plankit.toml` applies.
    pub(super) fn plan_path(&self) -> &std::path::Path {
        &self.plan
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PartChoice {
    /// `summaryPlan` (or legacy `summaryPrompt`).
    Summary,
    /// `structuredDataPlan`, `structuredDataMultiPlan` entries, or a template.
    StructuredData,
    /// `successEvaluationPlan` (or legacy `successEvaluationPrompt`).
    SuccessEvaluation,
}

impl PartChoice {
    fn name(self) -> &'static str {
        match self {
            PartChoice::Summary => "summary",
            PartChoice::StructuredData => "structured-data",
            PartChoice::SuccessEvaluation => "success-evaluation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RenderFormat {
    /// Each message under a `── role ──` rule, then the verdict.
    Text,
    /// One versioned JSON object per sub-plan, one per line.
    Json,
    /// A Chat Completions request body, ready to POST.
    Openai,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaStyleChoice {
    /// Indented JSON.
    Pretty,
    /// JSON on one line.
    Compact,
}

/// Why a render stopped before printing anything (`eval` loads its plans the same way).
pub(super) struct Stop {
    pub(super) outcome: Outcome,
    /// What to print on standard error (already formatted).
    pub(super) message: String,
}

impl Stop {
    fn usage(message: String) -> Stop {
        Stop { outcome: Outcome::Usage, message }
    }

    fn input(message: String) -> Stop {
        Stop { outcome: Outcome::InputFailure, message }
    }
}

/// Runs `plankit render`.
pub fn run(args: RenderArgs, settings: &plankit::Settings) -> Outcome {
    match render(&args, settings) {
        Ok(outcome) => outcome,
        Err(stop) => {
            eprint(&stop.message, args.color);
            stop.outcome
        }
    }
}

fn render(args: &RenderArgs, settings: &plankit::Settings) -> Result<Outcome, Stop> {
    if is_stdin(&args.plan) && is_stdin(&args.transcript) {
        return Err(Stop::usage(
            "error: PLAN and --transcript cannot both be `-`: standard input can be read once\n".to_owned(),
        ));
    }
    let platform = args.platform.or(settings.for_path(Some(&args.plan)).platform);
    let linted = lint_plan(&args.plan, platform);
    if linted.failed {
        return Err(Stop::input(plankit::report::human::render_diagnostics(
            &linted.diagnostics,
            linted.source.as_ref(),
            true,
        )));
    }
    let plan = select_plan(&linted, args.select.as_deref())?;
    // a flag, else plankit.toml's [transcript], else AI / User
    let defaults = Labels::default();
    let configured = &settings.transcript;
    let labels = Labels {
        assistant: args
            .assistant_label
            .clone()
            .or_else(|| configured.assistant_label.clone())
            .unwrap_or(defaults.assistant),
        user: args.user_label.clone().or_else(|| configured.user_label.clone()).unwrap_or(defaults.user),
    };
    let (transcript_source, transcript) = read_transcript(&args.transcript, &labels)?;
    let root = linted.source.as_ref().and_then(|s| plankit::json::Document::of(s).ok());
    let options = RenderOptions {
        labels,
        ended_reason: args.ended_reason.clone(),
        duration_seconds: args.duration,
        schema_style: match args.schema_style {
            SchemaStyleChoice::Pretty => SchemaStyle::Pretty,
            SchemaStyleChoice::Compact => SchemaStyle::Compact,
        },
        assistant: root
            .zip(linted.source.as_ref())
            .map(|(doc, s)| Assistant::of(&doc, s.text(), plan))
            .unwrap_or_default(),
        platform,
    };
    let parts = choose_parts(plan.render(&transcript, &options), args.part, &linted.name)?;
    if let Some((part, too_big)) = parts.iter().find_map(|part| part.oversize.as_ref().map(|o| (part, o))) {
        let limit = plankit::render::substitute::MAX_RENDERED_BYTES / (1024 * 1024);
        return Err(Stop::input(format!(
            "error: a message of the {} plan would be larger than {limit} MB: `{}` ({} bytes) is used {} times\n  help: plankit refuses to build it; the platform would send something no model accepts\n",
            part.kind.name(),
            too_big.placeholder,
            too_big.value_bytes,
            too_big.uses
        )));
    }
    if args.format == RenderFormat::Openai && parts.len() > 1 {
        let names: Vec<String> = parts.iter().map(output::text::title).collect();
        return Err(Stop::usage(format!(
            "error: --format openai prints one request body, and {} renders {} sub-plans ({})\n  \
             help: pick one with --plan summary|structured-data|success-evaluation\n",
            linted.name,
            parts.len(),
            names.join(", ")
        )));
    }
    let transcript_warnings: Vec<Warning> =
        transcript.warnings.iter().map(|w| Warning::from_transcript(w, &transcript_source)).collect();
    let findings = |part: &RenderedPart| -> Vec<&Diagnostic> {
        linted.diagnostics.iter().filter(|d| d.rule.starts_with("template/") && part.concerns(&d.pointer)).collect()
    };
    let mut warned = false;
    match args.format {
        RenderFormat::Json => {
            let mut out = String::new();
            for part in &parts {
                let mut warnings: Vec<Warning> = findings(part).into_iter().map(Warning::from).collect();
                warnings.extend(transcript_warnings.iter().cloned());
                warnings.extend(part.warnings.iter().map(Warning::from));
                warned |= !warnings.is_empty();
                out.push_str(&output::json::render(part, &warnings));
            }
            print(&out, Color::Never);
        }
        RenderFormat::Text | RenderFormat::Openai => {
            let mut lint_findings: Vec<Diagnostic> = Vec::new();
            let mut others: Vec<Warning> = transcript_warnings;
            for part in &parts {
                lint_findings.extend(
                    findings(part).into_iter().filter(|d| !lint_findings.contains(d)).cloned().collect::<Vec<_>>(),
                );
                for warning in part.warnings.iter().map(Warning::from) {
                    if !others.contains(&warning) {
                        others.push(warning);
                    }
                }
            }
            warned = !lint_findings.is_empty() || !others.is_empty();
            let out = match args.format {
                RenderFormat::Openai => {
                    parts.iter().map(|p| output::openai::render(p, &args.model, args.strict)).collect()
                }
                // the exact text is in `--format json` and `openai`; the preview cannot act on
                // the terminal or the CI log it is shown in
                _ => plankit::text::terminal_safe(&output::text::render(&parts), false).into_owned(),
            };
            print(&out, Color::Never);
            // after the messages, so a long render does not scroll the warnings away
            let mut err = plankit::report::human::render_diagnostics(&lint_findings, linted.source.as_ref(), true);
            err.extend(others.iter().map(output::text::warning));
            eprint(&err, args.color);
        }
    }
    Ok(if warned && args.deny.is_some() { Outcome::Findings } else { Outcome::Clean })
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads and lints the plan file; `template/*` findings are reported as warnings, since a
/// render shows their effect rather than failing on them.
pub(super) fn lint_plan(path: &Path, platform: Option<Dialect>) -> LintedFile {
    let mut settings = plankit::Settings { platform, ..plankit::Settings::default() };
    for rule in plankit::rules::RULES.iter().filter(|rule| rule.name.starts_with("template/")) {
        settings.severities.insert(rule.name.to_owned(), Some(Severity::Warning));
    }
    let input = if is_stdin(path) { plankit::Input::Stdin } else { plankit::Input::File(path.to_path_buf()) };
    plankit::lint_inputs(&[input], &settings).remove(0)
}

/// The one plan to render: the only one, or the one `--select` names.
pub(super) fn select_plan<'a>(linted: &'a LintedFile, select: Option<&str>) -> Result<&'a Plan, Stop> {
    if linted.plans.iter().all(|plan| plan.shape == plankit::plan::Shape::Schema) && !linted.plans.is_empty() {
        return Err(Stop::input(format!(
            "error: {} is a bare JSON Schema, not an analysis plan: there are no prompts to render\n  help: `plankit validate --schema {} FILE…` checks outputs against it\n",
            linted.name, linted.name
        )));
    }
    if linted.plans.is_empty()
        && let Some(document) = linted.source.as_ref().and_then(|s| plankit::json::Document::of(s).ok())
    {
        let gitops = document.is_yaml();
        let ids: Vec<String> = plankit::plan::find_structured::links(document.value())
            .into_iter()
            .flat_map(|link| link.ids.into_iter().map(|(_, id)| id))
            .map(|id| if gitops { plankit::plan::find_structured::gitops_reference(&id).to_owned() } else { id })
            .collect();
        if let Some(first) = ids.first() {
            // in the gitops layout the id is the output's path below `structuredOutputs/`
            let output = if gitops { format!("structuredOutputs/{first}.yml") } else { "OUTPUT.json".to_owned() };
            return Err(Stop::input(format!(
                "error: {} holds no analysis plan: its `artifactPlan.structuredOutputIds` link {} saved Vapi structured output{} ({}), defined in their own files
  help: render one of them: `plankit render {output} --transcript FILE`
",
                linted.name,
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                ids.join(", ")
            )));
        }
    }
    super::select::select_plan(&linted.name, &linted.plans, select).map_err(|not| match not {
        NotSelected::NoPlan(message) => Stop::input(message),
        NotSelected::Ambiguous(message) => Stop::usage(message),
    })
}

/// The parts to print: those `--plan` names, else the enabled ones, else (nothing enabled)
/// all of them, each then saying it is disabled.
fn choose_parts(parts: Vec<RenderedPart>, choice: Option<PartChoice>, file: &str) -> Result<Vec<RenderedPart>, Stop> {
    if parts.is_empty() {
        return Err(Stop::input(format!("error: the plan in {file} has no sub-plan to render\n")));
    }
    let Some(choice) = choice else {
        let any_enabled = parts.iter().any(|part| part.enabled);
        return Ok(parts.into_iter().filter(|part| part.enabled || !any_enabled).collect());
    };
    let available: Vec<&str> = parts.iter().map(|part| part.kind.name()).collect();
    let chosen: Vec<RenderedPart> = parts.iter().filter(|part| part.kind.name() == choice.name()).cloned().collect();
    if chosen.is_empty() {
        let mut available = available;
        available.dedup();
        return Err(Stop::usage(format!(
            "error: the plan in {file} has no {} plan\n  help: it has: {}\n",
            choice.name(),
            available.join(", ")
        )));
    }
    Ok(chosen)
}

/// Reads and parses the transcript; a failure is a code frame at file:line:col.
fn read_transcript(path: &Path, labels: &Labels) -> Result<(Source, Transcript), Stop> {
    let source = if is_stdin(path) { Source::from_stdin() } else { Source::from_transcript_path(path) };
    let source = source.map_err(|error| Stop::input(unreadable(&error)))?;
    match Transcript::parse_with(&source, labels) {
        Ok(transcript) => Ok((source, transcript)),
        Err(error) => {
            let diagnostic = diagnostic(&source, error.message.clone(), error.range.clone(), error.help.clone());
            Err(Stop::input(plankit::report::human::render_diagnostics(&[diagnostic], Some(&source), true)))
        }
    }
}

fn unreadable(error: &InputError) -> String {
    let rule = match error.kind {
        InputErrorKind::Read => &plankit::rules::input::read_error::RULE,
        InputErrorKind::Content => &plankit::rules::input::parse_error::RULE,
    };
    let source = error.text.as_ref().map(|text| Source::new(error.name.clone(), text.clone()));
    let mut diagnostic = match (&source, error.offset) {
        (Some(source), Some(offset)) => diagnostic(source, error.message.clone(), offset..offset, error.help.clone()),
        _ => Diagnostic {
            rule: rule.name,
            severity: Severity::Error,
            message: error.message.clone(),
            file: error.name.clone(),
            pointer: String::new(),
            span: None,
            start: None,
            end: None,
            label: None,
            help: error.help.clone(),
            fix: None,
        },
    };
    diagnostic.rule = rule.name;
    plankit::report::human::render_diagnostics(&[diagnostic], source.as_ref(), true)
}

/// An `input/parse-error` diagnostic at `range` of `source`, at least one character wide.
fn diagnostic(source: &Source, message: String, range: Range<usize>, help: Option<String>) -> Diagnostic {
    let span = plankit::source::visible_span(source.text(), range);
    let (start, end) = (span.start, span.end);
    Diagnostic {
        rule: plankit::rules::input::parse_error::RULE.name,
        severity: Severity::Error,
        message,
        file: source.name().to_owned(),
        pointer: String::new(),
        span: Some(start..end),
        start: Some(source.line_column(start)),
        end: Some(source.line_column(end)),
        label: None,
        help,
        fix: None,
    }
}

/// `--platform NAME`: a placeholder vocabulary by name, with a did-you-mean.
pub(super) fn parse_platform(name: &str) -> Result<Dialect, String> {
    Dialect::from_name(name).ok_or_else(|| {
        let known = Dialect::ALL.map(Dialect::name);
        let hint =
            plankit::text::suggest_value(name, known).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        format!("unknown platform `{name}`{hint} (known: {})", known.join(", "))
    })
}
