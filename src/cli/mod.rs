//! Command-line arguments and the commands they run. Rendering goes through anstream so
//! `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and pipes are honoured in one place.

mod catalog;
mod config_show;
mod eval;
mod fix;
mod render;
mod sample;
mod select;
mod send;
mod test;
mod validate;
mod webhook;

use catalog::{RulesFormat, TargetsFormat, explain, list_rules, list_targets, parse_target};
use test::{TestAction, TestFormat, in_ci, test};
use validate::{ValidateArgs, validate};

use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use plankit::case::Mode;
use plankit::config;
use plankit::report::{self, Summary};
use plankit::rules::select::Selector;

/// Lint, preview and test the call-analysis plans of Flireo and Vapi-compatible voice agents.
#[derive(Debug, Parser)]
#[command(name = "plankit", version, about, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// The config file to use for every file, instead of the nearest `plankit.toml` above each
    /// one (the working folder's for standard input and for files with none above them).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint plan files: files, folders (recursively, *.json, and Vapi gitops YAML) or `-` for standard input.
    ///
    /// Exit codes: 0 no errors (warnings allowed; any findings with `--exit-zero`), 1
    /// error-level findings (or warnings with `--deny warnings`), 2 usage error, or nothing to
    /// lint (no plan file found, or no plan in the folders walked), 3 an input could not be
    /// read or parsed, 4 the report could not be written.
    ///
    /// With `--fix`, the fixes are applied first and the exit code says what remains; a fixed
    /// file that cannot be written (read-only, full disk, changed on disk meanwhile) is exit 4,
    /// its original intact. With `--diff`: 0 nothing to fix, 1 a diff was printed, 3 an input
    /// could not be read or parsed. With `--fix-only`: 0 unless an input fails (3) or a file
    /// cannot be written (4).
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
        /// Judge placeholders as this platform does, instead of the one each plan's keys say
        /// (`platform` in plankit.toml): vapi-analysis-plan, vapi-structured-output, flireo,
        /// hms, retell. Structured outputs and Retell agents keep their own.
        #[arg(long, value_name = "PLATFORM", value_parser = render::parse_platform)]
        platform: Option<plankit::template::vocabulary::Dialect>,
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        walk: WalkArgs,
        #[command(flatten)]
        files: FileArgs,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        fixing: fix::FixArgs,
    },
    /// Print the exact messages the analysis model receives for one call, and whether
    /// `minMessagesThreshold` would skip the analysis.
    ///
    /// Exit codes: 0 rendered (warnings allowed), 1 warnings with `--deny warnings`, 2 usage
    /// error (several plans without `--select`, a `--plan` the plan lacks, `--format openai`
    /// with several sub-plans), 3 the plan or the transcript could not be read or parsed.
    Render(render::RenderArgs),
    /// Validate analysis outputs and webhook payloads against a plan's schema and the webhook format.
    ///
    /// Inputs: `.json` files (one document each), NDJSON / JSON Lines (`.ndjson`, `.jsonl`, or
    /// `--ndjson`: one document per line), folders (walked for all three) and `-` for standard
    /// input (read as NDJSON when it clearly is, with a note). Webhook payloads are recognised with or without their `message` envelope and read
    /// in their dialect (Vapi, Flireo camelCase, HMS snake_case, legacy flat; `--dialect` forces
    /// one). Exit codes: 0 every document valid (warnings allowed), 1 any invalid (or warnings
    /// with `--deny warnings`), 2 usage error (several plans without `--select`), or no file
    /// found to validate, 3 an input (or the plan) could not be read or parsed.
    #[command(
        override_usage = "plankit validate [OPTIONS] PLAN FILE...\n       plankit validate [OPTIONS] --schema SCHEMA FILE..."
    )]
    Validate(ValidateArgs),
    /// Run the plan on eval cases with a real model and score what it extracts, per field.
    ///
    /// Each case is rendered as `plankit render` renders it and sent to an OpenAI-compatible
    /// Chat Completions endpoint; the output is checked against the plan's schema and compared
    /// field by field with the case's `expected.json` (comparators in `case.toml`'s
    /// `[eval.compare]`). Every response is kept in `plankit.cassette` in each CASES folder;
    /// `--replay` runs from it alone, offline.
    ///
    /// Exit codes: 0 every gate met, 1 a gate missed (`--min-accuracy`, `[eval] min-accuracy`),
    /// 2 usage error (a missing key variable, an unknown gate field), 3 an input could not be
    /// used (the plan, a case without an expected analysis, an expectation the schema rejects, a
    /// request missing from the cassette with `--replay`), 4 the report or the cassette could not
    /// be written, 5 a network endpoint failed (refused, timeout, TLS, non-2xx after retries).
    #[command(
        override_usage = "plankit eval PLAN CASES... --base-url URL --model NAME [--api-key-env VAR] [--runs N] [--jobs N] [--replay | --record] [--min-accuracy FIELD=RATIO]... [--format human|json|junit]"
    )]
    Eval(eval::EvalArgs),
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
    /// Exit codes: 0 all cases pass, 1 a case failed, 2 usage error, a `case.toml` plankit
    /// cannot use, or no case found (or none matches PATTERN), 3 DIR cannot be read.
    #[command(verbatim_doc_comment)]
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
    /// Print analysis outputs that satisfy a plan's schema, or complete webhooks carrying them:
    /// one JSON document a line.
    ///
    /// Every value is checked with the validator `plankit validate` uses before it is
    /// printed; `--payload KIND --dialect D` wraps it in a webhook `validate` accepts, and
    /// `--set POINTER=JSON` overrides a field, after which the document is checked again.
    /// Exit codes: 0 printed, 1 the schema cannot be satisfied or a `--set` broke a document,
    /// 2 usage error (a malformed `--set`, several plans without `--select`), 3 the plan or
    /// transcript could not be read.
    Sample(sample::SampleArgs),
    /// Print the headers that sign a webhook body: one `Name: value` a line.
    ///
    /// The secret comes from `--secret-env VAR` or `--secret-file FILE`, never the command
    /// line, and is never printed (for `vapi-secret`, whose header is the secret, the line
    /// says where it comes from). Exit codes: 0 signed, 2 usage error (unknown scheme,
    /// missing secret), 3 the body could not be read.
    Sign(webhook::SignArgs),
    /// Check a webhook body's signature against its request headers, and say why it fails.
    ///
    /// A failure names its cause: a missing header (with the headers the scheme uses), a
    /// malformed one, a timestamp outside `--tolerance` (with the skew), or a signature that
    /// does not match: a re-serialised body (verify the raw bytes), a trailing newline,
    /// whitespace around the secret, or, with `--sent`, a wrong secret vs. a changed body.
    /// Exit codes: 0 the signature holds, 1 it does not, 2 usage error, 3 an input could not
    /// be read.
    Verify(webhook::VerifyArgs),
    /// POST webhook fixtures (files, NDJSON lines, or `--sample PLAN`) to a receiver, each
    /// with the platform's headers and a fresh signature.
    ///
    /// Prints status, latency and the (truncated) response of every request, then a summary
    /// (count, failures, p50/p95 latency). Any 2xx acknowledges; redirects are not followed.
    /// Exit codes: 0 every request acknowledged, 1 a receiver answered non-2xx (or
    /// redirected), 2 usage error (bad URL, unknown scheme, missing secret), 3 an input could
    /// not be read, 5 a network endpoint failed (refused, timeout, TLS).
    Send(send::SendArgs),
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
    /// List the provider targets, what each checks, and when and where its facts were checked.
    Targets {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TargetsFormat::Human)]
        format: TargetsFormat,
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
    /// Print a man page (roff): plankit's, e.g. `plankit man > ~/.local/share/man/man1/plankit.1`,
    /// or one subcommand's with its options, exit codes and examples, e.g. `plankit man lint >
    /// ~/.local/share/man/man1/plankit-lint.1` (then `man plankit-lint`).
    Man {
        /// The subcommand whose page to print (`lint`, `validate`, …). Default: plankit's own.
        command: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigAction {
    /// Print the JSON Schema of `plankit.toml`, for editors and CI checks of the config.
    Schema,
    /// Print which `plankit.toml` applies to PATH and the settings it gives there.
    ///
    /// The nearest `plankit.toml` above a file applies to it (`--config FILE` wins over every
    /// one); for a file, the `[[overrides]]` that match it are applied to `[rules]`. Exit
    /// codes: 0 printed, 2 the config that applies has a problem (reported with its line).
    Show {
        /// A file, or a folder (the files directly in it). Default: the current folder.
        path: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = config_show::ShowFormat::Human)]
        format: config_show::ShowFormat,
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

/// What `lint` prints, where, and how it exits.
#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// Exit 0 even when findings would fail the run (an input that cannot be read is still
    /// exit 3).
    #[arg(long)]
    exit_zero: bool,
    /// Print the findings only, without the summary line (human and concise formats).
    #[arg(long, short)]
    quiet: bool,
    /// Print how many findings each rule has, most first, instead of the findings.
    #[arg(long, conflicts_with = "quiet")]
    statistics: bool,
    /// Write the report to FILE instead of standard output (atomically: a temporary file
    /// beside it, renamed over it).
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
}

/// How folders named on the command line are walked.
#[derive(Debug, clap::Args, Default)]
struct WalkArgs {
    /// Follow symlinks found in folders, as long as they stay inside the folder (a symlink
    /// is skipped by default, as ripgrep does).
    #[arg(long)]
    follow: bool,
    /// Also walk files `.gitignore` (in a git repository), `.ignore` and git's excludes leave
    /// out. Hidden entries, `node_modules` and `target` are skipped either way.
    #[arg(long)]
    no_ignore: bool,
}

impl WalkArgs {
    fn walk(&self) -> plankit::source::Walk {
        plankit::source::Walk { follow: self.follow, no_ignore: self.no_ignore }
    }
}

/// Which files `lint` takes, and listing them.
#[derive(Debug, clap::Args, Default)]
struct FileArgs {
    /// Print the files that would be linted, each with the config that applies to it, and
    /// lint nothing.
    #[arg(long)]
    show_files: bool,
    /// Leave out files named on the command line that `exclude` in plankit.toml lists, too
    /// (for pre-commit and editors, which name every file); exit 0 when that leaves none.
    /// Without it a named file is always linted.
    #[arg(long)]
    force_exclude: bool,
}

/// Which rules run, over what plankit.toml says.
#[derive(Debug, clap::Args)]
struct Selection {
    /// Run only these rules, comma-separated: rule names, groups (`schema/`,
    /// `provider/openai-strict/`), `pedantic`, `default` or `all`. Replaces the default set.
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_selector)]
    select: Option<Vec<Selector>>,
    /// Add these rules to the default set (or to `--select`), e.g. `--extend-select pedantic`.
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_selector)]
    extend_select: Vec<Selector>,
    /// Never run these rules.
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_selector)]
    ignore: Vec<Selector>,
}

impl Selection {
    fn into_selection(self) -> plankit::rules::select::Selection {
        plankit::rules::select::Selection { select: self.select, extend: self.extend_select, ignore: self.ignore }
    }
}

fn parse_selector(text: &str) -> Result<Selector, String> {
    Selector::parse(text).map_err(|error| match error.suggestion {
        Some(near) => format!("unknown rule or group `{}` (did you mean `{near}`?)", error.written),
        None => format!(
            "unknown rule or group `{}`: expected a rule (`plankit rules`), a group such as `schema/`, `pedantic` or `all`",
            error.written
        ),
    })
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Each finding with its file:line:col and help, then a summary line (`lint` adds a code
    /// frame to each).
    Human,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other code-review tools.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test suite per file, one test case per plan.
    Junit,
    /// One line per finding: `file:line:col: error[rule] message`, for editors and grep.
    Concise,
    /// GitLab Code Quality JSON, shown in merge requests.
    Gitlab,
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
    /// The report (or another file the user asked for, such as eval's cassette) could not be
    /// written.
    OutputFailure,
    /// A network endpoint failed: refused, timed out, TLS, non-2xx after retries.
    EndpointFailed,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Usage => 2,
            Outcome::InputFailure => 3,
            Outcome::OutputFailure => 4,
            Outcome::EndpointFailed => 5,
        }
    }
}

/// Runs the command.
pub fn run(args: Args) -> Outcome {
    let config_path = args.config.as_deref();
    match args.command {
        Command::Lint { paths, output, deny, targets, platform, selection, walk, files, report, fixing } => {
            let selection = selection.into_selection();
            // `--target` replaces each config's targets; `--select` each config's selection;
            // `--platform` each config's platform, its overrides' too
            let adjust: plankit::config::resolve::Adjust = Box::new(move |settings| {
                if !targets.is_empty() {
                    settings.targets.clone_from(&targets);
                }
                if platform.is_some() {
                    settings.platform = platform;
                    settings.overrides.iter_mut().for_each(|o| o.platform = None);
                }
                settings.selection = settings.selection.overlaid(&selection);
            });
            match config_show::resolver(config_path, adjust, output.color) {
                Ok(resolver) => lint(paths, &output, deny, &resolver, (walk.walk(), &files), &report, &fixing),
                Err(outcome) => outcome,
            }
        }
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
        Command::Render(args) => match settings(config_path, Some(args.plan_path()), args.color) {
            Ok(settings) => render::run(args, &settings),
            Err(outcome) => outcome,
        },
        Command::Targets { format } => list_targets(format),
        Command::Rules { format } => list_rules(format),
        Command::Validate(args) => match settings(config_path, args.plan_path(), args.output.color) {
            Ok(settings) => validate(args, &settings),
            Err(outcome) => outcome,
        },
        Command::Eval(args) => match settings(config_path, Some(args.plan_path()), args.color) {
            Ok(settings) => eval::run(args, &settings),
            Err(outcome) => outcome,
        },
        Command::Explain { rule } => explain(&rule),
        Command::Sample(args) => match settings(config_path, Some(args.plan_path()), Color::Auto) {
            Ok(settings) => sample::sample(args, &settings),
            Err(outcome) => outcome,
        },
        Command::Send(args) => match settings(config_path, None, Color::Auto) {
            Ok(settings) => send::send(args, &settings),
            Err(outcome) => outcome,
        },
        Command::Sign(args) => webhook::sign(args),
        Command::Verify(args) => webhook::verify(args),
        Command::Config { action: ConfigAction::Show { path, format } } => config_show::show(config_path, path, format),
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
        Command::Man { command } => {
            let mut page = Vec::new();
            let root = Args::command();
            let man = match command.as_deref() {
                None => clap_mangen::Man::new(root),
                Some(name) => match root.find_subcommand(name) {
                    Some(sub) => {
                        let title = format!("plankit-{}", sub.get_name());
                        let sub = sub.clone().bin_name(format!("plankit {}", sub.get_name()));
                        clap_mangen::Man::new(sub).title(title)
                    }
                    None => {
                        let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                        let near = plankit::text::suggest(name, names.iter().copied());
                        let hint = near.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                        return usage(&format!("no subcommand `{name}`{hint} (known: {})", names.join(", ")));
                    }
                },
            };
            match man.render(&mut page) {
                Ok(()) => {
                    print(&String::from_utf8_lossy(&page), Color::Never);
                    Outcome::Clean
                }
                Err(error) => {
                    error_line!("error: cannot write the man page: {error}");
                    Outcome::Usage
                }
            }
        }
    }
}

/// The settings of the run: from `--config FILE`, else the nearest `plankit.toml` above
/// `anchor` (the plan file; the working folder's when there is none, or it is `-`), else the
/// defaults. A config problem is a usage error (exit 2), reported with its line and column.
fn settings(
    path: Option<&std::path::Path>,
    anchor: Option<&std::path::Path>,
    color: Color,
) -> Result<plankit::Settings, Outcome> {
    let resolver = config_show::resolver(path, Box::new(|_| {}), color)?;
    let resolved = match anchor {
        Some(anchor) if anchor.as_os_str() != "-" => resolver.for_file(anchor),
        _ => resolver.working(),
    };
    config_show::settled(&resolver, color)?;
    Ok(resolved.settings.clone())
}

/// A human report without its final summary line (`--quiet`).
fn without_summary(text: String) -> String {
    let trimmed = text.trim_end_matches('\n');
    match trimmed.rfind('\n') {
        Some(at) => trimmed[..=at].to_owned(),
        None => String::new(),
    }
}

/// The paths as the user wrote them: `plans`, `a.json and b.json`.
fn shown_paths(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    names.join(", ")
}

fn usage(message: &str) -> Outcome {
    error_line!("error: {message}\n\nFor more information, try '--help'.");
    Outcome::Usage
}

fn lint(
    paths: Vec<PathBuf>,
    output: &Output,
    deny: Option<Deny>,
    resolver: &std::sync::Arc<plankit::config::resolve::Resolver>,
    (walk, file_args): (plankit::source::Walk, &FileArgs),
    flags: &ReportArgs,
    fixing: &fix::FixArgs,
) -> Outcome {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
    // `--target openai-strict gemini`: the second target was read as a path
    if let Some(name) = paths
        .iter()
        .filter_map(|p| p.to_str())
        .find(|p| !std::path::Path::new(p).exists() && plankit::provider::Target::from_name(p).is_ok())
    {
        return usage(&format!(
            "`{name}` is a provider target, not a file: targets are comma-separated, `--target a,{name}`"
        ));
    }
    let named: Vec<PathBuf> = if file_args.force_exclude {
        // `--force-exclude`: a named file that `exclude` lists is left out like a walked one
        paths.iter().filter(|p| p.is_dir() || !resolver.for_file(p).settings.files.excludes(p)).cloned().collect()
    } else {
        paths.clone()
    };
    if named.is_empty() && !paths.is_empty() {
        // every file named was excluded on purpose: a pre-commit run that touched only those
        error_line!("note: every file named is excluded by plankit.toml (`--force-exclude`): nothing to lint");
        return Outcome::Clean;
    }
    let keep_resolver = std::sync::Arc::clone(resolver);
    let keep: plankit::source::Keep = std::sync::Arc::new(move |path, is_dir| keep_resolver.keeps(path, is_dir));
    let inputs = plankit::source::expand_inputs_keeping(&named, plankit::source::PLAN_EXTENSIONS, walk, Some(keep));
    let each: Vec<_> = inputs.iter().map(|input| (input.clone(), resolver.for_input(input))).collect();
    if let Err(outcome) = config_show::settled(resolver, output.color) {
        return outcome;
    }
    if file_args.show_files {
        return show_files(&each, &paths, output);
    }
    let each_settings: Vec<_> = each.iter().map(|(input, resolved)| (input.clone(), &resolved.settings)).collect();
    if let Some(mode) = fixing.mode() {
        let human = matches!(output.format, Format::Human | Format::Concise) && flags.output_file.is_none();
        return fix::run(&each_settings, mode, fixing, human, |files, to_stderr| {
            report_lint(&paths, files, output, deny, flags, fixing, to_stderr)
        });
    }
    let files = plankit::lint::lint_each(&each_settings);
    report_lint(&paths, &files, output, deny, flags, fixing, false)
}

/// A file named on the command line that plankit recognises as something other than a plan (a
/// webhook payload, a transcript) was given to the wrong command: its `plan/no-plan-found` is an
/// error, whose help names the right one. A file found by walking a folder keeps the warning, since
/// payload fixtures beside plans are common. `None` when nothing changes.
fn named_non_plans(paths: &[PathBuf], files: &[plankit::LintedFile]) -> Option<Vec<plankit::LintedFile>> {
    use plankit::recognise::{Recognised, recognise};
    let named = |file: &plankit::LintedFile| match file.source.as_ref().and_then(|s| s.path()) {
        Some(path) => paths.iter().any(|p| p == path && !p.is_dir()),
        None => paths.iter().any(|p| p.as_os_str() == "-"),
    };
    let misnamed = |file: &plankit::LintedFile| {
        named(file)
            && file.plans.is_empty()
            && file.diagnostics.iter().any(|d| d.rule == "plan/no-plan-found")
            && file.source.as_ref().and_then(|s| serde_json::from_str::<serde_json::Value>(s.text()).ok()).is_some_and(
                |document| matches!(recognise(&document, None), Recognised::Webhook(_) | Recognised::Messages(_)),
            )
    };
    if !files.iter().any(misnamed) {
        return None;
    }
    let mut files = files.to_vec();
    for file in files.iter_mut().filter(|file| misnamed(file)) {
        for diagnostic in file.diagnostics.iter_mut().filter(|d| d.rule == "plan/no-plan-found") {
            diagnostic.severity = plankit::Severity::Error;
        }
    }
    Some(files)
}

/// Prints the report of a lint (to standard error with `to_stderr`, when standard output
/// carries fixed text) and decides its exit code.
fn report_lint(
    paths: &[PathBuf],
    files: &[plankit::LintedFile],
    output: &Output,
    deny: Option<Deny>,
    flags: &ReportArgs,
    fixing: &fix::FixArgs,
    to_stderr: bool,
) -> Outcome {
    let named_errors = named_non_plans(paths, files);
    let files: &[plankit::LintedFile] = named_errors.as_deref().unwrap_or(files);
    let working_dir = std::env::current_dir().unwrap_or_default();
    let fail_at = if deny.is_some() { plankit::Severity::Warning } else { plankit::Severity::Error };
    let human = |text: String| if flags.quiet { without_summary(text) } else { text };
    let text = match output.format {
        _ if flags.statistics => report::statistics::render(files),
        Format::Human => human(report::human::render(files, flags.output_file.is_none())),
        Format::Concise => report::concise::render(files, flags.quiet),
        Format::Json => report::json::render(files),
        Format::Sarif => report::sarif::render(files, &working_dir),
        Format::Github => report::github::render(files, &working_dir),
        Format::Gitlab => report::gitlab::render(files, &working_dir),
        Format::Junit => report::junit::render(files, fail_at),
    };
    let human_text = matches!(output.format, Format::Human | Format::Concise) || flags.statistics;
    let denied = Summary::of(files).warnings;
    let text = if human_text && deny.is_some() && denied > 0 && !flags.quiet {
        let plural = if denied == 1 { "warning fails" } else { "warnings fail" };
        format!("{text}warnings are denied (`--deny warnings`): the {denied} {plural} the run\n")
    } else {
        text
    };
    // after a plain lint, as ruff does: what `--fix` would fix (`--fix` reports its own line)
    let hint = (human_text && !flags.quiet && fixing.mode().is_none())
        .then(|| report::fixes::hint(files, fixing.unsafe_fixes))
        .flatten();
    let text = match hint {
        Some(hint) => format!("{text}{hint}\n"),
        None => text,
    };
    if let Some(path) = &flags.output_file {
        let text = if human_text { plankit::text::terminal_safe(&text, false).into_owned() } else { text };
        if let Err(error) = plankit::case::store::write_atomically(path, &text) {
            // exit 4, as for a standard output that cannot be written; the old file is intact
            OUTPUT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
            error_line!("error: cannot write {}: {}", path.display(), plankit::source::io_message(&error));
            return Outcome::Clean;
        }
    } else if to_stderr {
        eprint(&text, output.color);
    } else if human_text {
        print_human(&text, output.color);
    } else {
        print(&text, output.color);
    }
    let summary = Summary::of(files);
    let walked = paths.iter().any(|p| p.is_dir());
    if files.is_empty() {
        error_line!("warning: no JSON file found in {}: nothing was linted", shown_paths(paths));
        return Outcome::Usage;
    }
    if walked && summary.plans == 0 && !files.iter().any(|f| f.failed) {
        error_line!(
            "warning: no plan found in the {} linted: nothing was checked",
            if files.len() == 1 { "1 file".to_owned() } else { format!("{} files", files.len()) }
        );
        return Outcome::Usage;
    }
    if files.iter().any(|f| f.failed) {
        Outcome::InputFailure
    } else if flags.exit_zero {
        Outcome::Clean
    } else if summary.errors > 0 || (deny.is_some() && summary.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// `lint --show-files`: each input with the config that applies to it, linting nothing.
fn show_files(
    each: &[(plankit::source::Input, std::sync::Arc<plankit::config::resolve::Resolved>)],
    paths: &[PathBuf],
    output: &Output,
) -> Outcome {
    let name = |input: &plankit::source::Input| match input {
        plankit::source::Input::File(path) => plankit::source::display_name(path),
        plankit::source::Input::Stdin => plankit::source::STDIN_NAME.to_owned(),
    };
    let text = match output.format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = each
                .iter()
                .map(|(input, resolved)| serde_json::json!({ "file": name(input), "config": resolved.file }))
                .collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
        }
        _ => each
            .iter()
            .map(|(input, resolved)| match &resolved.file {
                Some(config) => format!("{}  (config: {config})\n", name(input)),
                None => format!("{}  (no config: defaults)\n", name(input)),
            })
            .collect(),
    };
    print_human(&text, output.color);
    if each.is_empty() {
        error_line!("warning: no JSON file found in {}: nothing would be linted", shown_paths(paths));
        return Outcome::Usage;
    }
    Outcome::Clean
}

fn choice(color: Color) -> anstream::ColorChoice {
    match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    }
}

/// Set when the report could not be written to standard output (a full disk, `/dev/full`):
/// the run then fails with exit 4, whatever it found. A closed pipe (`plankit lint | head`)
/// is not a failure: the reader asked for no more.
static OUTPUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether writing the report failed for a reason other than a closed pipe.
pub fn output_failed() -> bool {
    OUTPUT_FAILED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Records a failed write to standard output, saying so on standard error.
pub fn output_error(error: &std::io::Error) {
    if error.kind() != std::io::ErrorKind::BrokenPipe {
        OUTPUT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
        eprint(&format!("error: cannot write the output: {}\n", error.to_string().to_lowercase()), Color::Auto);
    }
}

/// Prints a human report: text from plans and payloads in it is made terminal-safe first
/// ([`plankit::text::terminal_safe`]).
fn print_human(text: &str, color: Color) {
    print(&plankit::text::terminal_safe(text, true), color);
}

fn print(text: &str, color: Color) {
    let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), choice(color));
    if let Err(error) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        output_error(&error);
    }
}

/// Writes to standard error; a closed or full standard error is ignored, never a panic
/// (`eprintln!` panics there).
fn eprint(text: &str, color: Color) {
    let mut stderr = anstream::AutoStream::new(std::io::stderr().lock(), choice(color));
    let _ = stderr.write_all(plankit::text::terminal_safe(text, true).as_bytes());
}

/// `eprintln!` that never panics.
macro_rules! error_line {
    ($($arg:tt)*) => {
        $crate::cli::eprint(&format!("{}\n", format_args!($($arg)*)), $crate::cli::Color::Auto)
    };
}
pub(crate) use error_line;
