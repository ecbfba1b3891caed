//! Command-line arguments and the commands they run. Rendering goes through anstream so
//! `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and pipes are honoured in one place.

mod render;

use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use plankit::case::Mode;
use plankit::config::{self, Config};
use plankit::report::{self, Summary};
use plankit::rules;

/// Lint, preview and test the call-analysis plans of Flireo and Vapi-compatible voice agents.
#[derive(Debug, Parser)]
#[command(name = "plankit", version, about, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// The config file to use instead of the nearest `plankit.toml` found by walking up from
    /// the working folder.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint plan files: files, folders (recursively, *.json) or `-` for standard input.
    ///
    /// Exit codes: 0 no errors (warnings allowed), 1 error-level findings (or warnings with
    /// `--deny warnings`), 2 usage error, 3 an input could not be read or parsed.
    Lint {
        /// Files and folders to lint; `-` reads standard input. Default: the current folder.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
        /// Make warnings fail the run too.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<Deny>,
        /// Provider targets to check the schemas against, comma-separated
        /// (`plankit targets` lists them). Default: none.
        #[arg(long = "target", value_name = "TARGET", value_delimiter = ',', value_parser = parse_target)]
        targets: Vec<plankit::provider::Target>,
    },
    /// List the provider targets, what each checks, and when and where its facts were checked.
    Targets {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TargetsFormat::Human)]
        format: TargetsFormat,
    },
    /// Run snapshot cases: each case folder's lint result, rendered prompts and validation
    /// results, compared with its reviewed `plan.snap`.
    ///
    /// A case is a folder holding `plan.json` (any plan shape) and optionally
    /// `transcript.txt|.json`, payloads and analysis outputs (`*.json`), and `case.toml`:
    ///
    ///   ended-reason = "customer-ended-call"   # what {{endedReason}} renders as
    ///   targets = ["openai-strict"]            # provider targets to lint for
    ///   redact = ["/message/customer/number"]  # extra volatile values (ids and timestamps
    ///                                          # are always redacted)
    ///   expected-exit = 0                      # 0: lints clean and every document valid
    ///   plan = "agent.json"                    # when the plan is not plan.json
    ///   [transcript]
    ///   file = "call.txt"
    ///   assistant-label = "AI"
    ///   user-label = "Gebruiker"
    ///
    /// A changed or new snapshot fails the case and is written beside the old one as
    /// `plan.snap.new`; `--accept` promotes pending snapshots, `--reject` deletes them,
    /// `--update` writes directly. With `CI` set or `--check`, nothing is ever written and a
    /// missing, pending or orphaned snapshot fails the run.
    ///
    /// Exit codes: 0 all cases pass, 1 a case failed, 2 usage error, 3 DIR cannot be read.
    Test {
        /// The suite folder, searched recursively for cases. Default: the current folder.
        dir: Option<PathBuf>,
        /// Run only the cases whose name contains this text.
        pattern: Option<String>,
        /// Promote every pending `plan.snap.new` to `plan.snap`.
        #[arg(long, group = "action")]
        accept: bool,
        /// Delete every pending `plan.snap.new`.
        #[arg(long, group = "action")]
        reject: bool,
        /// Write new and changed snapshots in place instead of beside the old ones.
        #[arg(long, group = "action")]
        update: bool,
        /// Never write; fail on missing, pending and orphaned snapshots (implied by `CI`).
        #[arg(long)]
        check: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,
        /// When to use colour (also honours NO_COLOR and CLICOLOR_FORCE).
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Print the exact messages the analysis model receives for one call, and whether
    /// `minMessagesThreshold` would skip the analysis.
    ///
    /// Exit codes: 0 rendered (warnings allowed), 1 warnings with `--deny warnings`, 2 usage
    /// error (several plans without `--select`, a `--plan` the plan lacks, `--format openai`
    /// with several sub-plans), 3 the plan or the transcript could not be read or parsed.
    Render(render::RenderArgs),
    /// List every rule with its default severity and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Validate analysis outputs and webhook payloads against a plan's schema and the webhook format.
    ///
    /// Inputs: `.json` files (one document each), NDJSON / JSON Lines (`.ndjson`, `.jsonl`, or
    /// `--ndjson`: one document per line), folders (walked for all three) and `-` for standard
    /// input. Exit codes: 0 every document valid, 1 any invalid, 2 usage error, 3 an input (or
    /// the plan) could not be read or parsed.
    #[command(
        override_usage = "plankit validate [OPTIONS] PLAN FILE...\n       plankit validate [OPTIONS] --schema SCHEMA FILE..."
    )]
    Validate(ValidateArgs),
    /// Print a rule's full documentation.
    Explain {
        /// The rule's name, e.g. `template/unknown-placeholder`.
        rule: String,
    },
    /// Work with `plankit.toml`.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a shell completion script, e.g. `plankit completions bash > ~/.local/share/bash-completion/completions/plankit`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `plankit man > ~/.local/share/man/man1/plankit.1`.
    Man,
}

#[derive(Debug, Subcommand)]
enum ConfigAction {
    /// Print the JSON Schema of `plankit.toml`, for editors and CI checks of the config.
    Schema,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
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
    /// Treat `format` (date-time, email, uuid, …) as an annotation instead of asserting it.
    #[arg(long)]
    no_formats: bool,
    /// The JSON Schema draft of a schema without `$schema`.
    #[arg(long, value_enum, default_value_t = DraftArg::Draft2020_12)]
    draft: DraftArg,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DraftArg {
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

#[derive(Debug, clap::Args)]
struct Output {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to use colour (also honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Code frames and a summary line.
    Human,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other code-review tools.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test suite per file, one test case per plan.
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TestFormat {
    /// PASS/FAIL per case with diffs, and a summary line.
    Human,
    /// The versioned JSON report.
    Json,
    /// JUnit XML: one testcase per case.
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// An aligned table.
    Human,
    /// A JSON array of `{name, severity, summary}`.
    Json,
    /// The Markdown table used in the README.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TargetsFormat {
    /// One block per target.
    Human,
    /// The Markdown table used in the README.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    /// Warnings fail the run like errors.
    Warnings,
}

/// How a run ended; the one place exit codes are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at error level.
    Clean,
    /// Error-level findings (or warnings under `--deny warnings`).
    Findings,
    /// A usage or configuration error.
    Usage,
    /// An input could not be read or parsed.
    InputFailure,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Usage => 2,
            Outcome::InputFailure => 3,
        }
    }
}

/// Runs the command.
pub fn run(args: Args) -> Outcome {
    match args.command {
        Command::Lint { paths, output, deny, targets } => match settings(args.config.as_deref(), output.color) {
            Ok(mut settings) => {
                // `--target` replaces the config's targets
                if !targets.is_empty() {
                    settings.targets = targets;
                }
                lint(paths, &output, deny, &settings)
            }
            Err(outcome) => outcome,
        },
        Command::Test { dir, pattern, accept, reject, update, check, format, color } => {
            let action = if accept {
                TestAction::Accept
            } else if reject {
                TestAction::Reject
            } else if update {
                TestAction::Run(Mode::Update)
            } else {
                TestAction::Run(Mode::Review)
            };
            test(dir, pattern.as_deref(), action, check || in_ci(), format, color)
        }
        Command::Render(args) => render::run(args),
        Command::Targets { format } => list_targets(format),
        Command::Rules { format } => list_rules(format),
        Command::Validate(args) => validate(args),
        Command::Explain { rule } => explain(&rule),
        Command::Config { action: ConfigAction::Schema } => {
            let schema = config::schema::json_schema();
            print(&(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"), Color::Never);
            Outcome::Clean
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Args::command(), "plankit", &mut script);
            print(&String::from_utf8_lossy(&script), Color::Never);
            Outcome::Clean
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Args::command()).render(&mut page) {
                Ok(()) => {
                    print(&String::from_utf8_lossy(&page), Color::Never);
                    Outcome::Clean
                }
                Err(error) => {
                    eprintln!("error: cannot write the man page: {error}");
                    Outcome::Usage
                }
            }
        }
    }
}

/// The settings of the run: from `--config FILE`, else the nearest `plankit.toml`, else the
/// defaults. A config problem is a usage error (exit 2), reported with its line and column.
fn settings(path: Option<&std::path::Path>, color: Color) -> Result<plankit::Settings, Outcome> {
    let loaded = match path {
        Some(path) => Config::load(path).map(Some),
        None => std::env::current_dir().map_or(Ok(None), |dir| Config::discover(&dir)),
    };
    match loaded {
        Ok(config) => Ok(config.map(|c| c.settings).unwrap_or_default()),
        Err(error) => {
            eprint(&report::human::render_config_error(&error, true), color);
            Err(Outcome::Usage)
        }
    }
}

fn validate(args: ValidateArgs) -> Outcome {
    use plankit::validate::{self, CheckOptions, Draft, RunOptions, SchemaOptions};

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
    let options = SchemaOptions {
        formats: !args.no_formats,
        default_draft: match args.draft {
            DraftArg::Draft4 => Draft::Draft4,
            DraftArg::Draft6 => Draft::Draft6,
            DraftArg::Draft7 => Draft::Draft7,
            DraftArg::Draft2019_09 => Draft::Draft201909,
            DraftArg::Draft2020_12 => Draft::Draft202012,
        },
        origin: (schema_path.0.as_os_str() != "-").then(|| schema_path.0.clone()),
    };
    let validator = match compile(&schema_path.0, schema_path.1, &options) {
        Ok(validator) => validator,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::InputFailure;
        }
    };
    let run = RunOptions {
        ndjson: args.ndjson,
        check: CheckOptions { require_analysis: args.require_analysis, at: args.at },
    };
    let results = validate::validate_inputs(&validate::run::expand(&inputs), &validator, &run);
    let text = match args.output.format {
        Format::Human => report::validation_human::render(&results, true),
        Format::Json => report::validation_json::render(&results),
        Format::Sarif | Format::Github | Format::Junit => {
            let files = report::validation_findings::as_linted(&results);
            let working_dir = std::env::current_dir().unwrap_or_default();
            match args.output.format {
                Format::Sarif => report::sarif::render(&files, &working_dir),
                Format::Github => report::github::render(&files, &working_dir),
                _ => report::junit::render(&files, plankit::Severity::Error),
            }
        }
    };
    print(&text, args.output.color);
    if results.iter().any(|r| r.failed) {
        Outcome::InputFailure
    } else if results.iter().any(|r| !r.invalid.is_empty()) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Reads the plan (or bare schema) and compiles its schema; the error is one line for stderr.
fn compile(
    path: &std::path::Path,
    is_plan: bool,
    options: &plankit::validate::SchemaOptions,
) -> Result<plankit::validate::OutputValidator, String> {
    use plankit::validate::OutputValidator;

    let source = if path.as_os_str() == "-" { plankit::Source::from_stdin() } else { plankit::Source::from_path(path) };
    let source = source.map_err(|e| format!("{}: {}", e.name, e.message))?;
    let document = plankit::json::Document::parse(source.text()).map_err(|e| {
        let at = source.line_column(e.range.start);
        format!("{}:{}:{}: not valid JSON: {}", source.name(), at.line, at.column, e.message)
    })?;
    let plans = plankit::plan::find_plans(document.value());
    if !is_plan && !plans.is_empty() {
        // every plan is also a (meaningless) schema that accepts everything: refuse it
        return Err(format!(
            "{}: this is an analysis plan, not a bare JSON Schema\n  help: pass it without `--schema`: `plankit validate {} FILE…`",
            source.name(),
            source.name()
        ));
    }
    let compiled = if is_plan {
        OutputValidator::for_plans(&plans, options)
    } else {
        OutputValidator::new(document.value(), options)
    };
    compiled.map_err(|e| {
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
}

fn usage(message: &str) -> Outcome {
    eprintln!("error: {message}\n\nFor more information, try '--help'.");
    Outcome::Usage
}

fn lint(paths: Vec<PathBuf>, output: &Output, deny: Option<Deny>, settings: &plankit::Settings) -> Outcome {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
    let inputs = plankit::expand_inputs(&paths);
    let files = plankit::lint_inputs(&inputs, settings);
    let working_dir = std::env::current_dir().unwrap_or_default();
    let fail_at = if deny.is_some() { plankit::Severity::Warning } else { plankit::Severity::Error };
    let text = match output.format {
        Format::Human => report::human::render(&files, true),
        Format::Json => report::json::render(&files),
        Format::Sarif => report::sarif::render(&files, &working_dir),
        Format::Github => report::github::render(&files, &working_dir),
        Format::Junit => report::junit::render(&files, fail_at),
    };
    print(&text, output.color);
    let summary = Summary::of(&files);
    if files.iter().any(|f| f.failed) {
        Outcome::InputFailure
    } else if summary.errors > 0 || (deny.is_some() && summary.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

enum TestAction {
    Run(Mode),
    Accept,
    Reject,
}

/// `CI` set to anything but empty, `0` or `false`, as CI services do.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

fn test(
    dir: Option<PathBuf>,
    pattern: Option<&str>,
    action: TestAction,
    check: bool,
    format: TestFormat,
    color: Color,
) -> Outcome {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let suite = match plankit::case::discover(&dir) {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("error: {}: {}", dir.display(), e.to_string().to_lowercase());
            return Outcome::InputFailure;
        }
    };
    if check && !matches!(action, TestAction::Run(Mode::Review)) {
        eprintln!(
            "error: nothing is written in check mode (`--check` or `CI` set); drop --accept, --reject or --update"
        );
        return Outcome::Usage;
    }
    let mode = match action {
        TestAction::Run(mode) => {
            if check {
                Mode::Check
            } else {
                mode
            }
        }
        TestAction::Accept => return resolve_pending(plankit::case::accept(&suite, pattern), "accepted", color),
        TestAction::Reject => return resolve_pending(plankit::case::reject(&suite, pattern), "rejected", color),
    };
    let results = plankit::case::run_suite(&suite, mode, pattern);
    let text = match format {
        TestFormat::Human => report::cases::human::render(&results),
        TestFormat::Json => report::cases::json::render(&results),
        TestFormat::Junit => report::cases::junit::render(&results),
    };
    print(&text, color);
    if results.iter().any(|r| r.failed) { Outcome::Findings } else { Outcome::Clean }
}

fn resolve_pending(done: std::io::Result<Vec<plankit::case::run::Resolved>>, verb: &str, color: Color) -> Outcome {
    match done {
        Ok(done) => {
            let lines: String = done.iter().map(|r| format!("{verb}  {}\n", r.name)).collect();
            print(&format!("{lines}{} {verb}\n", done.len()), color);
            Outcome::Clean
        }
        Err(e) => {
            eprintln!("error: {}", e.to_string().to_lowercase());
            Outcome::InputFailure
        }
    }
}

fn list_rules(format: RulesFormat) -> Outcome {
    let text = match format {
        RulesFormat::Human => {
            let width = rules::all().map(|r| r.name.len()).max().unwrap_or(0);
            rules::all()
                .map(|r| format!("{:width$}  {:7}  {}\n", r.name, r.default_severity.as_str(), r.summary()))
                .collect()
        }
        RulesFormat::Json => {
            let rows: Vec<_> = rules::all()
                .map(|r| serde_json::json!({"name": r.name, "severity": r.default_severity, "summary": r.summary()}))
                .collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
        }
        RulesFormat::Markdown => rules::markdown_table(),
    };
    print(&text, Color::Never);
    Outcome::Clean
}

fn explain(name: &str) -> Outcome {
    match rules::find(name) {
        Some(rule) => {
            print(&format!("{} ({} by default)\n\n{}\n", rule.name, rule.default_severity, rule.doc()), Color::Never);
            Outcome::Clean
        }
        None => {
            let near = plankit::text::suggest(name, rules::all().map(|r| r.name));
            let hint = near.map(|n| format!("\n  help: did you mean `{n}`?")).unwrap_or_default();
            eprintln!("error: unknown rule `{name}`{hint}\n  `plankit rules` lists every rule");
            Outcome::Usage
        }
    }
}

/// Parses one `--target` value; an unknown name is a usage error with a did-you-mean.
fn parse_target(name: &str) -> Result<plankit::provider::Target, String> {
    plankit::provider::Target::from_name(name).map_err(|error| {
        let known: Vec<&str> = plankit::provider::Target::all().map(|t| t.name()).collect();
        let hint = error.suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        format!("{error}{hint} (known: {})", known.join(", "))
    })
}

fn list_targets(format: TargetsFormat) -> Outcome {
    let text = match format {
        TargetsFormat::Human => plankit::provider::Target::all()
            .map(|target| {
                let profile = target.profile();
                let rules: Vec<String> = rules::all()
                    .filter(|r| r.name.starts_with(&format!("provider/{}/", profile.target)))
                    .map(|r| format!("  {:7}  {}\n", r.default_severity.as_str(), r.name))
                    .collect();
                format!(
                    "{}  {}\n  checked {} against {}\n{}\n",
                    profile.target,
                    profile.provider,
                    profile.checked,
                    profile.source,
                    rules.concat()
                )
            })
            .collect(),
        TargetsFormat::Markdown => plankit::provider::markdown_targets_table(),
    };
    print(&text, Color::Never);
    Outcome::Clean
}

fn choice(color: Color) -> anstream::ColorChoice {
    match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    }
}

fn print(text: &str, color: Color) {
    let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), choice(color));
    // a closed pipe ends the output early; nothing is lost that the user asked to keep
    let _ = stdout.write_all(text.as_bytes());
}

fn eprint(text: &str, color: Color) {
    let mut stderr = anstream::AutoStream::new(std::io::stderr().lock(), choice(color));
    let _ = stderr.write_all(text.as_bytes());
}
