//! Command-line arguments and the commands they run. Rendering goes through anstream so
//! `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and pipes are honoured in one place.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use plankit::report::{self, Summary};
use plankit::rules::{self, RULES};

/// Lint, preview and test the call-analysis plans of Flireo and Vapi-compatible voice agents.
#[derive(Debug, Parser)]
#[command(name = "plankit", version, about, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
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
    },
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
        Command::Lint { paths, output, deny } => lint(paths, &output, deny),
        Command::Rules { format } => list_rules(format),
        Command::Validate(args) => validate(args),
        Command::Explain { rule } => explain(&rule),
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

fn lint(paths: Vec<PathBuf>, output: &Output, deny: Option<Deny>) -> Outcome {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
    let inputs = plankit::expand_inputs(&paths);
    let files = plankit::lint_inputs(&inputs, &plankit::Settings::default());
    let text = match output.format {
        Format::Human => report::human::render(&files, true),
        Format::Json => report::json::render(&files),
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

fn list_rules(format: RulesFormat) -> Outcome {
    let text = match format {
        RulesFormat::Human => {
            let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
            RULES
                .iter()
                .map(|r| format!("{:width$}  {:7}  {}\n", r.name, r.default_severity.as_str(), r.summary()))
                .collect()
        }
        RulesFormat::Json => {
            let rows: Vec<_> = RULES
                .iter()
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
            let near = plankit::text::suggest(name, RULES.iter().map(|r| r.name));
            let hint = near.map(|n| format!("\n  help: did you mean `{n}`?")).unwrap_or_default();
            eprintln!("error: unknown rule `{name}`{hint}\n  `plankit rules` lists every rule");
            Outcome::Usage
        }
    }
}

fn print(text: &str, color: Color) {
    let choice = match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    // a closed pipe ends the output early; nothing is lost that the user asked to keep
    let _ = stdout.write_all(text.as_bytes());
}
