//! Command-line arguments and the commands they run. Rendering goes through anstream so
//! `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and pipes are honoured in one place.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use plankit::report::{self, Summary};
use plankit::rules;

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
    /// List every rule with its default severity and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print a rule's full documentation.
    Explain {
        /// The rule's name, e.g. `template/unknown-placeholder`.
        rule: String,
    },
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
        Command::Lint { paths, output, deny, targets } => lint(paths, &output, deny, targets),
        Command::Targets { format } => list_targets(format),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
    }
}

fn lint(paths: Vec<PathBuf>, output: &Output, deny: Option<Deny>, targets: Vec<plankit::provider::Target>) -> Outcome {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
    let inputs = plankit::expand_inputs(&paths);
    let settings = plankit::Settings { targets, ..plankit::Settings::default() };
    let files = plankit::lint_inputs(&inputs, &settings);
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
