//! `plankit test`: the action chosen (run, accept, reject), check mode, and the report.

use std::path::PathBuf;

use clap::ValueEnum;
use plankit::case::Mode;
use plankit::report;

use super::{Color, Outcome, print};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum TestFormat {
    /// PASS/FAIL per case with diffs, and a summary line.
    Human,
    /// The versioned JSON report.
    Json,
    /// JUnit XML: one testcase per case.
    Junit,
}

pub(super) enum TestAction {
    Run(Mode),
    Accept,
    Reject,
}

/// `CI` set to anything (even empty) but `0` or `false`, as insta reads it.
pub(super) fn in_ci() -> bool {
    // as insta does: any `CI` that is set counts, even empty, except an explicit no
    std::env::var_os("CI").is_some_and(|v| !matches!(v.to_string_lossy().trim(), "0" | "false"))
}

pub(super) fn test(
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
            super::error_line!("error: {}: {}", dir.display(), e.to_string().to_lowercase());
            return Outcome::InputFailure;
        }
    };
    if check && !matches!(action, TestAction::Run(Mode::Review)) {
        super::error_line!(
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
    if results.is_empty() {
        // a run that checked nothing must not pass: a moved folder or a typo in PATTERN
        match pattern {
            Some(pattern) => super::error_line!(
                "warning: no case in {} matches \"{pattern}\" ({} cases in all): nothing was tested",
                dir.display(),
                suite.cases.len()
            ),
            None => super::error_line!(
                "warning: no case found in {}: a case is a folder with a plan.json (see `plankit test --help`)",
                dir.display()
            ),
        }
        return Outcome::Usage;
    }
    let text = match format {
        TestFormat::Human => report::cases::human::render(&results),
        TestFormat::Json => report::cases::json::render(&results),
        TestFormat::Junit => report::cases::junit::render(&results),
    };
    match format {
        TestFormat::Human => super::print_human(&text, color),
        _ => print(&text, color),
    }
    // a case.toml plankit cannot read is a configuration error, as plankit.toml's is
    let misconfigured = suite
        .cases
        .iter()
        .any(|case| case.config.is_err() && pattern.is_none_or(|pattern| case.name.contains(pattern)));
    if misconfigured {
        Outcome::Usage
    } else if results.iter().any(|r| r.failed) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

pub(super) fn resolve_pending(
    done: std::io::Result<Vec<plankit::case::run::Resolved>>,
    verb: &str,
    color: Color,
) -> Outcome {
    match done {
        Ok(done) => {
            let lines: String = done.iter().map(|r| format!("{verb}  {}\n", r.name)).collect();
            super::print_human(&format!("{lines}{} {verb}\n", done.len()), color);
            Outcome::Clean
        }
        Err(e) => {
            super::error_line!("error: {}", e.to_string().to_lowercase());
            Outcome::InputFailure
        }
    }
}
