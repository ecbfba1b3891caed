//! `plankit sample PLAN`: analysis outputs (or complete webhooks carrying them) that satisfy
//! the plan's schema, one JSON document a line, each checked before it is printed.

use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::Value;

use plankit::recognise::Dialect;
use plankit::sample::payload::{Call, wrap};
use plankit::sample::{Rng, SampleError, Sampler};
use plankit::validate::payload::Event;
use plankit::validate::{CheckOptions, SchemaOptions, check_document};

use super::select::select_plan;
use super::validate::DialectArg;
use super::{Outcome, error_line, print, usage};

#[derive(Debug, clap::Args)]
pub(super) struct SampleArgs {
    /// The plan (any plan shape) whose structured-data schema the samples satisfy.
    plan: PathBuf,
    /// How many samples to print, one JSON document a line (NDJSON).
    #[arg(long, value_name = "N", default_value_t = 1)]
    count: u64,
    /// The seed: the same seed, plan and flags print the same samples.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Wrap each sample in a complete webhook of this kind (only an end-of-call-report
    /// carries the analysis).
    #[arg(long, value_enum, value_name = "KIND")]
    payload: Option<PayloadArg>,
    /// The webhook's dialect (with `--payload`). Default: flireo.
    #[arg(long, value_enum, value_name = "DIALECT", requires = "payload")]
    dialect: Option<DialectArg>,
    /// Set the value at a JSON Pointer of each printed document, e.g.
    /// `--set /message/analysis/sentiment=3` or `--set '/message/customer/number="+31612345678"'`.
    /// Missing objects on the way are created; the result is validated again.
    #[arg(long = "set", value_name = "POINTER=JSON")]
    sets: Vec<String>,
    /// Use this call's transcript (text, JSON messages or a webhook) in the webhooks.
    #[arg(long, value_name = "FILE", requires = "payload")]
    transcript: Option<PathBuf>,
    /// Which plan of a file that holds several: a template's `name` or the plan's JSON Pointer.
    #[arg(long, value_name = "NAME|POINTER")]
    select: Option<String>,
    /// Print documents that a `--set` made invalid (to test how a receiver rejects them);
    /// what is wrong still goes to standard error.
    #[arg(long)]
    allow_invalid: bool,
}

impl SampleArgs {
    /// The plan file, whose nearest `plankit.toml` applies.
    pub(super) fn plan_path(&self) -> &std::path::Path {
        &self.plan
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PayloadArg {
    EndOfCallReport,
    StatusUpdate,
    ToolCalls,
    AssistantRequest,
}

impl PayloadArg {
    fn event(self) -> Event {
        match self {
            PayloadArg::EndOfCallReport => Event::EndOfCallReport,
            PayloadArg::StatusUpdate => Event::StatusUpdate,
            PayloadArg::ToolCalls => Event::ToolCalls,
            PayloadArg::AssistantRequest => Event::AssistantRequest,
        }
    }
}

/// One `--set`: where, and the value.
pub(super) struct Override {
    pointer: String,
    value: Value,
}

/// Reads `POINTER=JSON`; the message says what is wrong with it.
pub(super) fn parse_override(text: &str) -> Result<Override, String> {
    let Some((pointer, json)) = text.split_once('=') else {
        return Err(format!("`--set {text}` is not POINTER=JSON, e.g. `--set /analysis/sentiment=3`"));
    };
    if !pointer.starts_with('/') {
        return Err(format!(
            "`--set {text}`: {} is not a JSON Pointer: it must start with `/`",
            plankit::text::quote(pointer)
        ));
    }
    let value = serde_json::from_str(json).map_err(|error| {
        format!(
            "`--set {text}`: {} is not JSON ({error}); quote a string: '{pointer}=\"{json}\"'",
            plankit::text::quote(json)
        )
    })?;
    Ok(Override { pointer: pointer.to_owned(), value })
}

/// Sets the value at the pointer, creating missing objects; `Err` names where it cannot go.
pub(super) fn apply(document: &mut Value, set: &Override) -> Result<(), String> {
    let tokens: Vec<String> = set.pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, parents)) = tokens.split_last() else { return Ok(()) };
    let mut node = document;
    for (depth, token) in parents.iter().enumerate() {
        let at = || format!("/{}", tokens[..=depth].join("/"));
        node = match node {
            Value::Object(map) => map.entry(token.clone()).or_insert_with(|| Value::Object(Default::default())),
            Value::Array(items) => {
                let index: usize = token
                    .parse()
                    .map_err(|_| format!("--set {}: {} is an array; {token:?} is not an index", set.pointer, at()))?;
                let length = items.len();
                items.get_mut(index).ok_or_else(|| format!("--set {}: {} has {length} items", set.pointer, at()))?
            }
            _ => return Err(format!("--set {}: {} is not an object or array", set.pointer, at())),
        };
    }
    match node {
        Value::Object(map) => {
            map.insert(last.clone(), set.value.clone());
        }
        Value::Array(items) if last == "-" => items.push(set.value.clone()),
        Value::Array(items) => {
            let length = items.len();
            let slot = last.parse::<usize>().ok().and_then(|i| items.get_mut(i));
            *slot.ok_or_else(|| format!("--set {}: the array has {length} items", set.pointer))? = set.value.clone();
        }
        _ => return Err(format!("--set {}: its parent is not an object or array", set.pointer)),
    }
    Ok(())
}

pub(super) fn sample(args: SampleArgs, settings: &plankit::Settings) -> Outcome {
    let mut overrides = Vec::new();
    for text in &args.sets {
        match parse_override(text) {
            Ok(set) => overrides.push(set),
            Err(message) => return usage(&message),
        }
    }
    let dialect = args.dialect.map_or(Dialect::Camel, DialectArg::dialect);
    let event = args.payload.map(PayloadArg::event);
    let turns = match &args.transcript {
        Some(path) => match read_turns(path) {
            Ok(turns) => Some(turns),
            Err(message) => {
                error_line!("error: {message}");
                return Outcome::InputFailure;
            }
        },
        None => None,
    };
    let job = Job {
        plan: &args.plan,
        count: args.count,
        seed: args.seed,
        select: args.select.as_deref(),
        event,
        dialect,
        turns,
        overrides: &overrides,
        allow_invalid: args.allow_invalid,
    };
    // each line is printed as soon as it is made: memory stays flat for any --count
    let mut emit = |document: Value| {
        print(&(serde_json::to_string(&document).unwrap_or_default() + "\n"), super::Color::Never);
    };
    match documents(&job, settings, &mut emit) {
        Ok(()) => Outcome::Clean,
        Err(outcome) => outcome,
    }
}

/// What to sample.
struct Job<'a> {
    plan: &'a std::path::Path,
    count: u64,
    seed: u64,
    select: Option<&'a str>,
    event: Option<Event>,
    dialect: Dialect,
    turns: Option<Vec<(plankit::transcript::Speaker, String)>>,
    overrides: &'a [Override],
    allow_invalid: bool,
}

/// End-of-call-reports carrying samples of `plan`, for `plankit send --sample`.
pub(super) fn documents_for(
    plan: &std::path::Path,
    count: u64,
    seed: u64,
    dialect: Option<Dialect>,
    settings: &plankit::Settings,
) -> Result<Vec<Value>, Outcome> {
    let job = Job {
        plan,
        count,
        seed,
        select: None,
        event: Some(Event::EndOfCallReport),
        dialect: dialect.unwrap_or(Dialect::Camel),
        turns: None,
        overrides: &[],
        allow_invalid: false,
    };
    let mut out = Vec::new();
    documents(&job, settings, &mut |document| out.push(document))?;
    Ok(out)
}

/// Builds, overrides and checks every document, handing each to `emit`; stops at the first
/// that cannot be made.
fn documents(args: &Job<'_>, settings: &plankit::Settings, emit: &mut dyn FnMut(Value)) -> Result<(), Outcome> {
    let (event, dialect, turns, overrides) = (args.event, args.dialect, &args.turns, args.overrides);
    let source = plankit::Source::from_path(args.plan).map_err(|e| {
        error_line!("error: {}: {}", e.name, e.message);
        Outcome::InputFailure
    })?;
    let parsed = plankit::json::Document::of(&source).map_err(|e| {
        let at = source.line_column(e.range.start);
        let syntax = source.syntax().name();
        error_line!("error: {}:{}:{}: not valid {syntax}: {}", source.name(), at.line, at.column, e.message);
        Outcome::InputFailure
    })?;
    let plans = plankit::plan::find_plans(parsed.value());
    let plan = select_plan(source.name(), &plans, args.select).map_err(|not| match not {
        super::select::NotSelected::NoPlan(message) => {
            super::eprint(&message, super::Color::Auto);
            Outcome::InputFailure
        }
        super::select::NotSelected::Ambiguous(message) => {
            super::eprint(&message, super::Color::Auto);
            Outcome::Usage
        }
    })?;
    let schema = plan
        .schemas()
        .find(|(part, _)| part.kind == plankit::plan::PartKind::StructuredData)
        .map(|(_, schema)| schema.value.clone());
    if schema.is_none() && event.is_none() {
        error_line!(
            "error: {}: the plan has no structured-data schema to sample\n  help: `--payload KIND` still prints webhooks, without an analysis",
            source.name()
        );
        return Err(Outcome::InputFailure);
    }
    let options = SchemaOptions { origin: Some(args.plan.to_path_buf()), ..SchemaOptions::default() };
    let sampler = match schema.as_ref().map(|schema| Sampler::new(schema, &options)).transpose() {
        Ok(sampler) => sampler,
        Err(error) => {
            error_line!(
                "error: {}: the plan's schema cannot be used: {error}\n  help: `plankit lint {}` shows what is wrong with it",
                source.name(),
                source.name()
            );
            return Err(Outcome::InputFailure);
        }
    };
    for index in 0..args.count {
        let analysis = match &sampler {
            Some(sampler) => match sampler.sample(args.seed, index) {
                Ok(value) => Some(value),
                Err(error) => {
                    unsatisfiable(&source, &error, settings);
                    return Err(Outcome::Findings);
                }
            },
            None => None,
        };
        let mut document = match event {
            Some(event) => {
                let mut rng = Rng::new(args.seed.wrapping_add(index).wrapping_mul(0x2545_F491_4F6C_DD1D));
                let call = Call::scripted(&mut rng, turns.clone());
                wrap(event, dialect, &call, analysis.as_ref())
            }
            None => analysis.unwrap_or(Value::Null),
        };
        for set in overrides {
            if let Err(message) = apply(&mut document, set) {
                return Err(usage(&message));
            }
        }
        if !overrides.is_empty() {
            let broken = broken(&document, event.map(|_| dialect), sampler.as_ref());
            if !broken.is_empty() {
                for message in &broken {
                    error_line!(
                        "{}: sample {}: --set broke it: {message}",
                        if args.allow_invalid { "warning" } else { "error" },
                        index + 1
                    );
                }
                if !args.allow_invalid {
                    return Err(Outcome::Findings);
                }
            }
        }
        emit(document);
    }
    Ok(())
}

/// What is wrong with a document after the overrides: the same checks `validate` runs.
fn broken(document: &Value, dialect: Option<Dialect>, sampler: Option<&Sampler>) -> Vec<String> {
    let accept_all = plankit::validate::OutputValidator::new(&serde_json::json!({}), &SchemaOptions::default());
    let validator = match (sampler, &accept_all) {
        (Some(sampler), _) => sampler.validator(),
        (None, Ok(validator)) => validator,
        (None, Err(_)) => return Vec::new(),
    };
    let violations = match dialect {
        Some(dialect) => {
            check_document(document, validator, &CheckOptions { dialect: Some(dialect), ..CheckOptions::default() })
                .violations
        }
        None => validator.validate(document),
    };
    violations
        .into_iter()
        .filter(|v| v.severity == plankit::Severity::Error)
        .map(|v| format!("{} [{}]", v.message, v.rule.name))
        .collect()
}

/// Says why no sample exists, with what `lint` already knows about the schema.
fn unsatisfiable(source: &plankit::Source, error: &SampleError, settings: &plankit::Settings) {
    error_line!("error: {}: {error}", source.name());
    let linted = plankit::lint_source(source.clone(), settings);
    for finding in linted.diagnostics.iter().filter(|d| d.is_error() && d.rule.starts_with("schema/")) {
        let at = finding.start.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default();
        error_line!("  note: {}{at}: {} [{}]", source.name(), finding.message, finding.rule);
    }
}

/// The turns of a real call's transcript.
fn read_turns(path: &std::path::Path) -> Result<Vec<(plankit::transcript::Speaker, String)>, String> {
    let source = plankit::Source::from_transcript_path(path).map_err(|e| format!("{}: {}", e.name, e.message))?;
    let transcript = plankit::Transcript::parse(&source).map_err(|e| {
        let at = source.line_column(e.range.start);
        format!("{}:{}:{}: {}", source.name(), at.line, at.column, e.message)
    })?;
    if transcript.turns.is_empty() {
        return Err(format!("{}: the transcript has no turns", source.name()));
    }
    Ok(transcript.turns.into_iter().map(|turn| (turn.speaker, turn.text)).collect())
}
