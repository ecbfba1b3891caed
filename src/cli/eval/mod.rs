//! `plankit eval PLAN CASES…`: renders every case as `plankit render` does, sends it to an
//! OpenAI-compatible Chat Completions endpoint (or replays the cassette), scores what comes
//! back, and reports per field. Exit codes: 0 every gate met, 1 a gate missed, 2 usage, 3 an
//! input (plan, case, cassette) unusable, 4 the report or the cassette not written, 5 the
//! endpoint failed.

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use serde_json::Value;

use plankit::eval::client::{Client, Endpoint};
use plankit::eval::gate::{self, Gate};
use plankit::eval::report::{self, Report, Side};
use plankit::eval::request::Sampling;
use plankit::eval::run::{self, Mode, Request, Stopped};
use plankit::eval::summary::{self, Prices, RunRecord, Summary};
use plankit::provider::Target;

mod load;
mod progress;

use load::{Folder, Subject, api_key, display_case, labels, load_folders, load_subject};
use progress::Progress;

use super::catalog::parse_target;
use super::render::Stop;
use super::{Color, Outcome, eprint, print};

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The plan file, in any plan shape.
    plan: PathBuf,
    /// Folders of eval cases (searched recursively); each case folder holds a transcript and
    /// `expected.json`. The cassette is kept in each folder given, as `plankit.cassette`.
    #[arg(required = true, value_name = "CASES")]
    cases: Vec<PathBuf>,
    /// The OpenAI-compatible API's base URL (requests go to `{URL}/chat/completions`), e.g.
    /// `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`. Not needed with `--replay`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The model to ask.
    #[arg(long, value_name = "NAME")]
    model: String,
    /// The environment variable holding the API key (never pass a key on the command line)
    /// [default: `[eval] api-key-env` in plankit.toml, else OPENAI_API_KEY]. A server on
    /// localhost needs none unless a variable is named.
    #[arg(long, value_name = "VAR")]
    api_key_env: Option<String>,
    /// Runs per case, to measure run-to-run agreement.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    runs: u32,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=512))]
    jobs: u16,
    /// Answer only from the cassette: no network connection is made, and a request without a
    /// recorded response fails the run (exit 3).
    #[arg(long, conflicts_with = "record")]
    replay: bool,
    /// Request every response again and record it over the old one.
    #[arg(long)]
    record: bool,
    /// A gate: `FIELD=RATIO` for one field over all cases, or `RATIO` for all fields together
    /// (0.9 or 90%); repeatable. Missed: exit 1.
    #[arg(long = "min-accuracy", value_name = "[FIELD=]RATIO", value_parser = Gate::parse)]
    gates: Vec<Gate>,
    /// Also score this other version of the plan on the same cases, side by side.
    #[arg(long, value_name = "PLAN")]
    baseline: Option<PathBuf>,
    /// The provider target whose structured-output parameter is sent: `json_schema` (strict
    /// when the schema passes the target's checks) or `json_object` [default: the first target
    /// in plankit.toml, else openai-strict].
    #[arg(long, value_name = "TARGET", value_parser = parse_target)]
    target: Option<Target>,
    /// `temperature` of every request.
    #[arg(long, value_name = "T", default_value_t = 0.0)]
    temperature: f64,
    /// `seed` of every request, for providers that repeat a sampling with it.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// `max_tokens` of every request.
    #[arg(long, value_name = "N")]
    max_tokens: Option<u64>,
    /// Seconds one attempt may take before it is retried.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    timeout: f64,
    /// Retries of a request after a 429, a 5xx, a timeout or a broken connection, with
    /// exponential backoff (or the server's `Retry-After`).
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
    /// Price per million prompt tokens, to report the cost.
    #[arg(long, value_name = "PRICE", requires = "price_output")]
    price_input: Option<f64>,
    /// Price per million completion tokens.
    #[arg(long, value_name = "PRICE", requires = "price_input")]
    price_output: Option<f64>,
    /// Which plan of a file that holds several: a template's `name` or the plan's JSON Pointer.
    #[arg(long, value_name = "NAME|POINTER")]
    select: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    format: EvalFormat,
    /// No progress on standard error.
    #[arg(long, short)]
    quiet: bool,
    /// When to use colour on standard error (also honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(super) color: Color,
}

impl EvalArgs {
    /// The plan file, whose nearest `plankit.toml` applies.
    pub(super) fn plan_path(&self) -> &std::path::Path {
        &self.plan
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalFormat {
    /// Tables per case and per field, confusion matrices, then what went wrong.
    Human,
    /// The versioned JSON report.
    Json,
    /// JUnit XML: one test case per case, failures carrying the wrong fields.
    Junit,
}

/// Runs `plankit eval`.
pub fn run(args: EvalArgs, settings: &plankit::Settings) -> Outcome {
    match eval(&args, settings) {
        Ok(outcome) => outcome,
        Err(stop) => {
            eprint(&stop.message, args.color);
            stop.outcome
        }
    }
}

fn eval(args: &EvalArgs, settings: &plankit::Settings) -> Result<Outcome, Stop> {
    let mode = if args.replay {
        Mode::Replay
    } else if args.record {
        Mode::Record
    } else {
        Mode::Reuse
    };
    let base_url = match (&args.base_url, mode) {
        (Some(url), _) => Some(url.trim().to_owned()),
        (None, Mode::Replay) => None,
        (None, _) => {
            return Err(usage("--base-url is needed to reach the model (or --replay to run from the cassette)"));
        }
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(usage("--timeout must be a number of seconds above 0"));
    }
    let target =
        args.target.or_else(|| settings.targets.first().copied()).or_else(|| Target::from_name("openai-strict").ok());
    let Some(target) = target else { return Err(usage("no provider target is known")) };
    // the key is looked up before anything is read, so a missing one costs nothing
    let api_key = match &base_url {
        Some(url) => {
            let named = args.api_key_env.as_ref().or(settings.eval.api_key_env.as_ref());
            api_key(named.map_or("OPENAI_API_KEY", String::as_str), url, named.is_some())?
        }
        None => None,
    };
    let subject = load_subject(&args.plan, args.select.as_deref(), target)?;
    let baseline =
        args.baseline.as_deref().map(|path| load_subject(path, args.select.as_deref(), target)).transpose()?;
    let labels = labels(settings);
    let platform = settings.for_path(Some(&args.plan)).platform;
    let folders = load_folders(&args.cases, &labels, &subject.validator)?;
    let mut gates = all_gates(args, &folders, &subject.schema)?;
    if let Some(minimum) = settings.eval.min_accuracy {
        gates.insert(0, Gate::Overall(minimum));
    }
    if subject.structured.strict_refused && !args.quiet {
        eprint(
            &format!(
                "note: the schema fails {}'s strict checks (`plankit lint --target {}` lists them): sending \"strict\": false\n",
                target.name(),
                target.name()
            ),
            args.color,
        );
    }
    let sampling = Sampling { temperature: Some(args.temperature), seed: args.seed, max_tokens: args.max_tokens };
    let subjects: Vec<&Subject> = std::iter::once(&subject).chain(baseline.as_ref()).collect();
    // requests[folder][subject] = the requests, case-major then run
    let mut requests: Vec<Vec<Vec<Request>>> = Vec::new();
    for folder in &folders {
        let mut per_subject = Vec::new();
        for subject in &subjects {
            let mut list = Vec::new();
            for case in &folder.cases {
                let part = plankit::eval::render_case(&subject.plan, &subject.assistant, case, platform)
                    .map_err(|problem| input(format!("error: {}: {problem}\n", subject.name)))?;
                if !part.would_run() && !args.quiet {
                    eprint(
                        &format!(
                            "note: {}: {} (sent anyway, to score the plan)\n",
                            case.case.name,
                            part.verdict_line()
                        ),
                        args.color,
                    );
                }
                let body = plankit::eval::request::body(&part, &args.model, subject.structured, &sampling);
                for run in 1..=args.runs {
                    list.push(Request {
                        case: case.case.name.clone(),
                        run,
                        model: args.model.clone(),
                        body: body.clone(),
                    });
                }
            }
            per_subject.push(list);
        }
        requests.push(per_subject);
    }
    let client = base_url.map(|url| {
        Client::new(Endpoint {
            base_url: url,
            api_key,
            timeout: Duration::from_secs_f64(args.timeout),
            retries: args.retries,
            backoff: Duration::from_millis(500),
            connections: usize::from(args.jobs),
        })
    });
    let total: usize = requests.iter().flatten().map(Vec::len).sum();
    let progress = Progress::new(total, args.quiet, args.color);
    let mut fetched = Vec::new();
    let mut stopped = None;
    for (folder, per_subject) in folders.iter().zip(&requests) {
        let mut per_folder = Vec::new();
        for list in per_subject {
            if stopped.is_some() {
                per_folder.push(Vec::new());
                continue;
            }
            let (results, stop) =
                run::fetch_all(list, &folder.cassette, client.as_ref(), mode, usize::from(args.jobs), &|_| {
                    progress.step()
                });
            stopped = stopped.or(stop);
            per_folder.push(results);
        }
        fetched.push(per_folder);
    }
    progress.finish();
    // a cassette is rewritten only when it gained a response (never under --replay)
    let gained = |f: usize| fetched[f].iter().flatten().flatten().any(|r| !r.replayed);
    for (f, folder) in folders.iter().enumerate() {
        if gained(f) {
            let cassette = folder.cassette.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Err(error) = cassette.save(&folder.cassette_path) {
                eprint(&format!("error: {error}\n"), args.color);
                return Ok(Outcome::OutputFailure);
            }
        }
    }
    if let Some(stopped) = stopped {
        return Err(match stopped {
            Stopped::Endpoint(error) => {
                let kept = (0..folders.len()).any(gained);
                let note =
                    if kept { "  note: the responses received before it are kept in the cassette\n" } else { "" };
                Stop { outcome: Outcome::EndpointFailed, message: format!("error: {error}\n{note}") }
            }
            Stopped::NotRecorded { missing, .. } => input(format!(
                "error: {stopped}\n  help: {} without a recorded response; run once without --replay (with the endpoint reachable) to record {}\n",
                count(missing, "request"),
                if missing == 1 { "it" } else { "them" }
            )),
        });
    }
    let names: Vec<String> =
        folders.iter().flat_map(|f| f.cases.iter().map(|c| display_case(&folders, f, c))).collect();
    let prices = args.price_input.zip(args.price_output).map(|(input, output)| Prices { input, output });
    let scored: Vec<(Vec<RunRecord>, Summary)> = subjects
        .iter()
        .enumerate()
        .map(|(s, subject)| {
            let mut records = Vec::new();
            let mut offset = 0;
            for (f, folder) in folders.iter().enumerate() {
                for (request_index, result) in fetched[f][s].iter().enumerate() {
                    let Some(result) = result else { continue };
                    let case_index = request_index / args.runs as usize;
                    let case = &folder.cases[case_index];
                    records.push(RunRecord {
                        case: offset + case_index,
                        run: requests[f][s][request_index].run,
                        scored: plankit::eval::score::score(
                            &result.response,
                            case,
                            &subject.schema,
                            &subject.validator,
                        ),
                        latency_ms: result.latency_ms,
                        replayed: result.replayed,
                    });
                }
                offset += folder.cases.len();
            }
            let enums = plankit::eval::score::enum_fields(&subject.schema);
            let summary = summary::summarise(&names, &records, &enums, prices);
            (records, summary)
        })
        .collect();
    let (records, summary) = &scored[0];
    let results = gate::check(&gates, summary);
    let structured = subject.structured.describe();
    let report = Report {
        subject: Side { plan: &subject.name, records, summary },
        baseline: baseline.as_ref().zip(scored.get(1)).map(|(b, (records, summary))| Side {
            plan: &b.name,
            records,
            summary,
        }),
        model: &args.model,
        structured,
        runs: args.runs,
        gates: &results,
    };
    let text = match args.format {
        EvalFormat::Human => report::human::render(&report),
        EvalFormat::Json => report::json::render(&report),
        EvalFormat::Junit => report::junit::render(&report),
    };
    print(&text, Color::Never);
    Ok(if report.passed() { Outcome::Clean } else { Outcome::Findings })
}

/// `1 request` / `2 requests`.
pub(super) fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

pub(super) fn usage(message: &str) -> Stop {
    Stop { outcome: Outcome::Usage, message: format!("error: {message}\n\nFor more information, try '--help'.\n") }
}

pub(super) fn input(message: String) -> Stop {
    Stop { outcome: Outcome::InputFailure, message }
}

/// The gates of the command line, checked against the fields the cases are scored on, and the
/// gates of each case's `case.toml`.
fn all_gates(args: &EvalArgs, folders: &[Folder], schema: &Value) -> Result<Vec<Gate>, Stop> {
    let mut known: Vec<String> =
        folders.iter().flat_map(|f| &f.cases).flat_map(|case| plankit::eval::score::fields(schema, case)).collect();
    known.sort();
    known.dedup();
    let mut gates = Vec::new();
    for gate in &args.gates {
        if let Gate::Field(field, _) = gate
            && !known.contains(field)
        {
            let message = match plankit::text::suggest(field, known.iter().map(String::as_str)) {
                Some(near) => format!(
                    "--min-accuracy names the field `{field}`, which no case is scored on (did you mean `{near}`?)"
                ),
                None => format!(
                    "--min-accuracy names the field `{field}`, which no case is scored on; the fields are: {}",
                    known.join(", ")
                ),
            };
            return Err(usage(&message));
        }
        gates.push(gate.clone());
    }
    for folder in folders {
        for case in &folder.cases {
            if let Some(minimum) = case.case.config.eval.min_accuracy {
                gates.push(Gate::Case(display_case(folders, folder, case), minimum));
            }
        }
    }
    Ok(gates)
}
