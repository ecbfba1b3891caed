//! `plankit validate`: its arguments, compiling the plan's schema once, and rendering the
//! results in the chosen format.

use std::path::PathBuf;

use clap::ValueEnum;
use plankit::report;

use super::select::{NotSelected, select_plan};
use super::{Deny, Format, Outcome, Output, print, usage};

#[derive(Debug, clap::Args)]
pub(super) struct ValidateArgs {
    /// The plan (any plan shape) whose structured-data schema outputs must satisfy, then the
    /// files, folders or `-` to validate. With `--schema`, only the inputs.
    #[arg(value_name = "PLAN] [FILE")]
    paths: Vec<PathBuf>,
    /// Validate against a bare JSON Schema file instead of a plan.
    #[arg(long, value_name = "SCHEMA")]
    schema: Option<PathBuf>,
    /// Read every input, standard input included, as NDJSON: one document per line.
    #[arg(long)]
    ndjson: bool,
    /// Validate the sub-document at this JSON Pointer (e.g. `/message/analysis/structuredData`)
    /// instead of recognising outputs and payloads.
    #[arg(long, value_name = "POINTER")]
    at: Option<String>,
    /// An end-of-call-report without analysis is an error.
    #[arg(long)]
    require_analysis: bool,
    /// Read every webhook payload in this dialect instead of recognising it from its fields
    /// (`retell`: every document is a Retell webhook, `{"event": …, "call": {…}}`).
    #[arg(long, value_enum, value_name = "DIALECT")]
    dialect: Option<ReadAs>,
    /// Which plan of a file that holds several: a template's `name` or the plan's JSON Pointer.
    #[arg(long, value_name = "NAME|POINTER")]
    select: Option<String>,
    /// Make warnings fail the run (exit 1).
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
    /// Treat `format` (date-time, email, uuid, …) as an annotation instead of asserting it.
    #[arg(long)]
    no_formats: bool,
    /// The JSON Schema draft of a schema without `$schema`.
    /// Default: `draft` in plankit.toml, else 2020-12.
    #[arg(long, value_enum)]
    draft: Option<DraftArg>,
    /// Show at most N errors of each document, and N in all; the rest are counted, not shown
    /// (human, concise and github output).
    #[arg(long, value_name = "N")]
    max_errors: Option<usize>,
    /// Print the findings only: no summary line, no table of the most frequent problems.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    pub(super) output: Output,
    #[command(flatten)]
    walk: super::WalkArgs,
}

impl ValidateArgs {
    /// The plan (or `--schema` file), whose nearest `plankit.toml` applies.
    pub(super) fn plan_path(&self) -> Option<&std::path::Path> {
        self.schema.as_deref().or(self.paths.first().map(PathBuf::as_path))
    }
}

/// The payload dialects `--dialect` can force.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum DialectArg {
    /// Vapi: `endedReason`, `artifact`, `analysis.structuredData`.
    Vapi,
    /// Flireo camelCase: `phoneNumber`, `durationSeconds`, `analysis` is the structured data.
    Flireo,
    /// HMS Sovereign snake_case: `phone_number`, `duration_seconds`.
    Hms,
    /// Legacy flat Flireo: `eventType`, `callId`, `transcriptText`, no envelope.
    Legacy,
}

impl DialectArg {
    pub(super) fn dialect(self) -> plankit::recognise::Dialect {
        use plankit::recognise::Dialect;
        match self {
            DialectArg::Vapi => Dialect::Vapi,
            DialectArg::Flireo => Dialect::Camel,
            DialectArg::Hms => Dialect::Snake,
            DialectArg::Legacy => Dialect::Flat,
        }
    }
}

/// What validate's `--dialect` can force: one of the payload dialects `sample` and `send`
/// write too, or Retell's webhook, which plankit reads but does not generate.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ReadAs {
    /// Vapi: `endedReason`, `artifact`, `analysis.structuredData`.
    Vapi,
    /// Flireo camelCase: `phoneNumber`, `durationSeconds`, `analysis` is the structured data.
    Flireo,
    /// HMS Sovereign snake_case: `phone_number`, `duration_seconds`.
    Hms,
    /// Legacy flat Flireo: `eventType`, `callId`, `transcriptText`, no envelope.
    Legacy,
    /// Retell: `{"event": "call_analyzed", "call": {"call_analysis": …}}`.
    Retell,
}

impl ReadAs {
    /// The payload dialect forced, or `None` for Retell.
    fn payload_dialect(self) -> Option<plankit::recognise::Dialect> {
        match self {
            ReadAs::Vapi => Some(DialectArg::Vapi.dialect()),
            ReadAs::Flireo => Some(DialectArg::Flireo.dialect()),
            ReadAs::Hms => Some(DialectArg::Hms.dialect()),
            ReadAs::Legacy => Some(DialectArg::Legacy.dialect()),
            ReadAs::Retell => None,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum DraftArg {
    #[value(name = "4")]
    Draft4,
    #[value(name = "6")]
    Draft6,
    #[value(name = "7")]
    Draft7,
    #[value(name = "2019-09")]
    Draft2019_09,
    #[value(name = "2020-12")]
    Draft2020_12,
}

pub(super) fn validate(args: ValidateArgs, settings: &plankit::Settings) -> Outcome {
    use plankit::validate::{self, CheckOptions, Draft, OutputValidator, RunOptions, SchemaOptions};

    let mut paths = args.paths.into_iter();
    let schema_path = match args.schema {
        Some(schema) => (schema, false),
        None => match paths.next() {
            Some(plan) => (plan, true),
            None => return usage("give a plan and the files to validate: `plankit validate PLAN FILE…`"),
        },
    };
    let inputs: Vec<PathBuf> = paths.collect();
    if inputs.is_empty() {
        return usage("no files to validate: name files, folders, or `-` for standard input");
    }
    if let Some(at) = &args.at
        && !(at.is_empty() || at.starts_with('/'))
    {
        return usage(&format!("`--at {at}` is not a JSON Pointer: it must start with `/`"));
    }
    if let Some(at) = &args.at
        && at.match_indices('~').any(|(i, _)| !matches!(at.as_bytes().get(i + 1), Some(b'0' | b'1')))
    {
        return usage(&format!(
            "`--at {at}` is not a JSON Pointer: `~` must be written `~0`, and `/` inside a key `~1`"
        ));
    }
    let options = SchemaOptions {
        formats: !args.no_formats,
        default_draft: match args.draft {
            Some(DraftArg::Draft4) => Draft::Draft4,
            Some(DraftArg::Draft6) => Draft::Draft6,
            Some(DraftArg::Draft7) => Draft::Draft7,
            Some(DraftArg::Draft2019_09) => Draft::Draft201909,
            Some(DraftArg::Draft2020_12) => Draft::Draft202012,
            None => settings.draft.as_deref().and_then(plankit::schema::draft_named).unwrap_or(Draft::Draft202012),
        },
        origin: (schema_path.0.as_os_str() != "-").then(|| schema_path.0.clone()),
    };
    if args.select.is_some() && !schema_path.1 {
        return usage("`--select` picks a plan of a plan file; it does not apply to `--schema`");
    }
    let validator = match compile(&schema_path.0, schema_path.1, args.select.as_deref(), &options) {
        Ok(Compiled::Schema(validator)) => validator,
        Ok(Compiled::NoSchema { plan }) => {
            super::error_line!(
                "note: {plan} has no structured-data schema: analyses are not checked, only the payload format"
            );
            match OutputValidator::new(&serde_json::json!({}), &options) {
                Ok(validator) => validator,
                Err(error) => {
                    super::error_line!("error: {error}");
                    return Outcome::InputFailure;
                }
            }
        }
        Err(Failure::Usage(message)) => {
            super::eprint(&message, super::Color::Auto);
            return Outcome::Usage;
        }
        Err(Failure::Input(message)) => {
            super::error_line!("error: {message}");
            return Outcome::InputFailure;
        }
    };
    let inputs = plankit::source::expand_inputs_walking(&inputs, validate::run::EXTENSIONS, args.walk.walk());
    // standard input that is clearly one document a line is read as such, and said once
    let stdin_ndjson =
        !args.ndjson && inputs.contains(&plankit::source::Input::Stdin) && validate::run::stdin_is_ndjson();
    if stdin_ndjson {
        super::error_line!("{STDIN_AS_NDJSON}");
    }
    let run = RunOptions {
        ndjson: args.ndjson,
        stdin_ndjson,
        check: CheckOptions {
            require_analysis: args.require_analysis,
            at: args.at,
            dialect: args.dialect.and_then(ReadAs::payload_dialect),
            retell: matches!(args.dialect, Some(ReadAs::Retell)),
        },
    };
    let results = match args.output.format {
        // one document of their output needs the totals of all: collected, then rendered
        Format::Sarif | Format::Junit | Format::Gitlab => {
            let results = validate::validate_inputs(&inputs, &validator, &run);
            let files = report::validation_findings::as_linted(&results);
            let working_dir = std::env::current_dir().unwrap_or_default();
            let text = match args.output.format {
                Format::Sarif => report::sarif::render(&files, &working_dir),
                Format::Gitlab => report::gitlab::render(&files, &working_dir),
                _ => report::junit::render(&files, plankit::Severity::Error),
            };
            print(&text, args.output.color);
            results
        }
        // printed as each document is checked: memory stays flat however many are invalid
        format => {
            let shown = Shown { max_errors: args.max_errors, quiet: args.quiet };
            stream(&inputs, &validator, &run, format, args.output.color, shown)
        }
    };
    if results.iter().any(|r| r.read_as_ndjson) {
        super::error_line!("{STDIN_AS_NDJSON}");
    }
    let summary = validate::RunSummary::of(&results);
    if results.is_empty() {
        super::error_line!("warning: no JSON, NDJSON or JSON Lines file found: nothing was validated");
        return Outcome::Usage;
    }
    if results.iter().any(|r| r.failed) {
        Outcome::InputFailure
    } else if summary.invalid > 0 || (args.deny.is_some() && summary.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The note for standard input read as NDJSON without `--ndjson`.
const STDIN_AS_NDJSON: &str =
    "note: standard input holds one JSON document a line: read as NDJSON (`--ndjson` says so and skips the check)";

/// Validates `inputs`, writing each report to standard output as soon as it is found.
fn stream(
    inputs: &[plankit::Input],
    validator: &plankit::validate::OutputValidator,
    run: &plankit::validate::RunOptions,
    format: Format,
    color: super::Color,
    shown: Shown,
) -> Vec<plankit::validate::ValidatedInput> {
    use plankit::validate::RunSummary;

    let mut out = Streamed::new(color);
    let mut tally = Tally::default();
    let limit = shown.max_errors.unwrap_or(usize::MAX);
    let mut json = report::validation_json::Stream::default();
    // one buffer for every document's human report
    let mut text = String::new();
    let mut notes = report::validation_human::Notes::default();
    let working_dir = std::env::current_dir().unwrap_or_default();
    if matches!(format, Format::Json) {
        out.push(&json.start());
    }
    let results =
        plankit::validate::validate_inputs_streaming(inputs, validator, run, &mut |mut document| match format {
            Format::Json => out.push(&json.document(&document)),
            _ if !tally.admit(&mut document, limit) => {}
            Format::Github => {
                for diagnostic in report::validation_findings::diagnostics(&document) {
                    out.push(&report::github::command(&diagnostic, &working_dir));
                    out.push("\n");
                }
            }
            Format::Concise => {
                for diagnostic in report::validation_findings::diagnostics(&document) {
                    out.push(&plankit::text::terminal_safe(&report::concise::line(&diagnostic), false));
                    out.push("\n");
                }
            }
            _ => {
                // text from the payloads: shown, never able to act on the terminal or the CI log
                text.clear();
                report::validation_human::render_document(&mut text, &document, out.styled, &mut notes);
                out.push(&plankit::text::terminal_safe(&text, true));
            }
        });
    let summary = RunSummary::of(&results);
    match format {
        Format::Json => out.push(&json.end(&summary)),
        _ if shown.quiet => {}
        _ => {
            out.push(&tally.footer(shown.max_errors));
            out.push(&report::validation_human::summary_line(&summary));
            out.push("\n");
        }
    }
    out.flush();
    results
}

/// What the streamed human, concise and github output leaves out.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// `--max-errors`: errors shown per document and in all.
    max_errors: Option<usize>,
    /// `--quiet`: no summary.
    quiet: bool,
}

/// Counts over the reports streamed: what `--max-errors` held back, and how often each rule
/// fails at each field (array indices folded to `*`), for the table at the end. At most
/// [`Tally::FIELDS`] distinct fields are counted, so what is kept stays bounded however many
/// different fields a stream gets wrong; the table then says so.
#[derive(Debug, Default)]
struct Tally {
    shown: usize,
    hidden: usize,
    documents: usize,
    by_field: std::collections::HashMap<&'static str, std::collections::HashMap<String, usize>>,
    fields: usize,
    /// A field was seen after [`Tally::FIELDS`] were counted.
    full: bool,
    /// The field being counted, reused.
    field: String,
    /// The rule and field counted last, and how many times in a row since they were added to
    /// `by_field`: a stream's failures come in runs of one problem, counted without a lookup.
    run: Option<(&'static str, String, usize)>,
}

impl Tally {
    /// The most distinct fields counted.
    const FIELDS: usize = 10_000;

    /// Counts a document's errors and trims them to what may still be shown; false when
    /// nothing of it is left to print.
    fn admit(&mut self, document: &mut plankit::validate::DocumentReport, limit: usize) -> bool {
        if !document.errors.is_empty() {
            self.documents += 1;
        }
        for error in &document.errors {
            self.field.clear();
            for (n, token) in error.pointer.split('/').enumerate() {
                if n > 0 {
                    self.field.push('/');
                }
                let index = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
                self.field.push_str(if index { "*" } else { token });
            }
            match &mut self.run {
                Some((rule, field, n)) if *rule == error.rule.name && *field == self.field => *n += 1,
                _ => {
                    self.end_run();
                    let field = std::mem::take(&mut self.field);
                    self.run = Some((error.rule.name, field, 1));
                }
            }
        }
        let room = limit.saturating_sub(self.shown).min(limit);
        if document.errors.len() > room {
            self.hidden += document.errors.len() - room;
            document.errors.truncate(room);
        }
        self.shown += document.errors.len();
        !document.errors.is_empty() || document.has_note()
    }

    /// Adds the run of one problem counted last to `by_field`.
    fn end_run(&mut self) {
        let Some((rule, field, n)) = self.run.take() else { return };
        let fields = self.by_field.entry(rule).or_default();
        match fields.get_mut(field.as_str()) {
            Some(count) => *count += n,
            None if self.fields < Self::FIELDS => {
                fields.insert(field, n);
                self.fields += 1;
            }
            None => self.full = true,
        }
    }

    /// The lines before the summary: what was held back, and when problems recur across
    /// documents, the most frequent ones.
    fn footer(&mut self, max_errors: Option<usize>) -> String {
        self.end_run();
        let mut out = String::new();
        if self.hidden > 0 {
            let n = max_errors.unwrap_or(0);
            out.push_str(&format!("… {} more not shown (`--max-errors {n}`)\n", self.hidden));
        }
        // only what recurs: a problem seen once is already on screen above
        let mut rows: Vec<_> = self
            .by_field
            .iter()
            .flat_map(|(rule, fields)| fields.iter().map(move |(field, n)| ((rule, field), n)))
            .filter(|(_, n)| **n > 1)
            .collect();
        if self.documents > 1 && !rows.is_empty() {
            rows.sort_by(|((ra, fa), a), ((rb, fb), b)| b.cmp(a).then(ra.cmp(rb)).then(fa.cmp(fb)));
            let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
            let rule_width = rows.iter().take(10).map(|((rule, _), _)| rule.len()).max().unwrap_or(0);
            out.push_str("most frequent problems:\n");
            for ((rule, field), n) in rows.iter().take(10) {
                let field = if field.is_empty() { "(the document)" } else { field.as_str() };
                out.push_str(&format!("  {n:>width$}  {rule:rule_width$}  {field}\n"));
            }
            if rows.len() > 10 {
                out.push_str(&format!("  … and {} more that recur\n", rows.len() - 10));
            }
            if self.full {
                out.push_str(&format!(
                    "  (counted at the first {} fields found wrong)\n",
                    report::validation_human::thousands(Self::FIELDS)
                ));
            }
        }
        out
    }
}

/// Standard output, written in blocks as reports come; after a failed write nothing more is
/// written (the failure is said once, and the run fails).
struct Streamed {
    stream: anstream::AutoStream<std::io::StdoutLock<'static>>,
    /// Whether the output shows colours; without them reports are rendered plain, and any
    /// escape sequence left (from a payload's text) is stripped here, as anstream strips.
    styled: bool,
    buffer: String,
    failed: bool,
}

impl Streamed {
    /// Bytes gathered before a write.
    const BLOCK: usize = 64 << 10;

    fn new(color: super::Color) -> Streamed {
        let stream = anstream::AutoStream::new(std::io::stdout().lock(), super::choice(color));
        let styled = stream.current_choice() != anstream::ColorChoice::Never;
        // plain output is stripped in `push`, only where there is something to strip
        let stream = if styled { stream } else { anstream::AutoStream::always_ansi(stream.into_inner()) };
        Streamed { stream, styled, buffer: String::new(), failed: false }
    }

    fn push(&mut self, text: &str) {
        if !self.styled && memchr::memchr(0x1b, text.as_bytes()).is_some() {
            use std::fmt::Write;
            let _ = write!(self.buffer, "{}", anstream::adapter::strip_str(text));
        } else {
            self.buffer.push_str(text);
        }
        if self.buffer.len() >= Self::BLOCK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        use std::io::Write;
        if !self.failed
            && let Err(error) = self.stream.write_all(self.buffer.as_bytes()).and_then(|()| self.stream.flush())
        {
            self.failed = true;
            super::output_error(&error);
        }
        self.buffer.clear();
    }
}

/// What a plan (or schema) file gave to validate against.
pub(super) enum Compiled {
    /// The compiled schema.
    Schema(plankit::validate::OutputValidator),
    /// A plan without a structured-data schema (summary only): payload formats are still checked.
    NoSchema {
        /// The plan file, as named.
        plan: String,
    },
}

/// Why there is nothing to validate against; the message is for standard error.
pub(super) enum Failure {
    /// A bad `--select` (exit 2); the message is complete, `error:` and newline included.
    Usage(String),
    /// The file cannot be read, parsed or compiled (exit 3); one line without `error:`.
    Input(String),
}

/// Reads the plan (or bare schema), picks the `--select`ed plan, and compiles its schema.
pub(super) fn compile(
    path: &std::path::Path,
    is_plan: bool,
    select: Option<&str>,
    options: &plankit::validate::SchemaOptions,
) -> Result<Compiled, Failure> {
    use plankit::validate::{OutputValidator, SchemaError};

    let source = if path.as_os_str() == "-" { plankit::Source::from_stdin() } else { plankit::Source::from_path(path) };
    let source = source.map_err(|e| Failure::Input(format!("{}: {}", e.name, e.message)))?;
    let document = plankit::json::Document::of(&source).map_err(|e| {
        let at = source.line_column(e.range.start);
        let syntax = source.syntax().name();
        Failure::Input(format!("{}:{}:{}: not valid {syntax}: {}", source.name(), at.line, at.column, e.message))
    })?;
    let mut plans = plankit::plan::find_plans(document.value());
    if !is_plan && !plans.is_empty() {
        // every plan is also a (meaningless) schema that accepts everything: refuse it
        return Err(Failure::Input(format!(
            "{}: this is an analysis plan, not a bare JSON Schema\n  help: pass it without `--schema`: `plankit validate {} FILE…`",
            source.name(),
            source.name()
        )));
    }
    if select.is_some() {
        let chosen = select_plan(source.name(), &plans, select).map_err(|not| match not {
            NotSelected::NoPlan(message) | NotSelected::Ambiguous(message) => Failure::Usage(message),
        })?;
        plans = vec![chosen.clone()];
    }
    let compiled = if is_plan {
        OutputValidator::for_plans(&plans, options)
    } else {
        OutputValidator::new(document.value(), options)
    };
    if is_plan && !plans.is_empty() && matches!(compiled, Err(SchemaError::NoSchema)) {
        return Ok(Compiled::NoSchema { plan: source.name().to_owned() });
    }
    if let Err(SchemaError::SeveralSchemas(_)) = compiled
        && let Err(NotSelected::Ambiguous(message)) = select_plan(source.name(), &plans, None)
    {
        // as `render` does: name the plans and let the user pick one
        return Err(Failure::Usage(message));
    }
    compiled
        .map(Compiled::Schema)
        .map_err(|e| {
            let what = if is_plan { "the plan's schema" } else { "the schema" };
            let hint = if is_plan {
                format!("\n  help: `plankit lint {}` shows what is wrong with it", source.name())
            } else {
                String::new()
            };
            match e {
                plankit::validate::SchemaError::Invalid { message, pointer } if !pointer.is_empty() => {
                    format!("{}: {what} cannot be used: {message} (at {pointer}){hint}", source.name())
                }
                plankit::validate::SchemaError::NoSchema if plans.is_empty() => format!(
                    "{}: no analysis plan found\n  help: to validate against a bare JSON Schema, use `--schema {}`",
                    source.name(),
                    source.name()
                ),
                other => format!("{}: {what} cannot be used: {other}{hint}", source.name()),
            }
        })
        .map_err(Failure::Input)
}
