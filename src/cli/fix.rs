//! `plankit lint --fix`, `--unsafe-fixes`, `--diff` and `--fix-only`: fix every input
//! ([`plankit::fix`]), write the fixed files (or print the diff, or the fixed standard input),
//! then report what remains through the ordinary lint report.

use plankit::fix::{FixMode, FixedFile, fix_input};
use plankit::report;
use plankit::source::Input;

use super::{Color, Outcome, eprint, error_line, print};

/// The fixing flags of `plankit lint`.
#[derive(Debug, clap::Args)]
pub(super) struct FixArgs {
    /// Apply the safe fixes, then report what remains. Files are rewritten atomically, keeping
    /// their permissions; fixed standard input is printed to standard output (the report then
    /// goes to standard error).
    #[arg(long)]
    pub fix: bool,
    /// Apply the unsafe fixes too (with `--fix`, `--diff` or `--fix-only`); without them,
    /// findings with an unsafe fix are counted as fixable in the report's hint.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the unified diff `--fix` would make and write nothing; exit 1 when there is a diff
    /// (for CI).
    #[arg(long, conflicts_with_all = ["fix", "fix_only"])]
    pub diff: bool,
    /// Apply the fixes as `--fix` does, without reporting (or failing on) the findings that
    /// remain.
    #[arg(long)]
    pub fix_only: bool,
}

impl FixArgs {
    /// The fixes to apply, when the run fixes at all.
    pub(super) fn mode(&self) -> Option<FixMode> {
        (self.fix || self.fix_only || self.diff).then_some(if self.unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        })
    }
}

/// Fixes `inputs`, then writes, prints the diff, or hands the remaining findings to `report`
/// (told whether standard output carries fixed text, so the report must go to standard error).
/// `human` says whether the report is for people, which puts the fix summary on standard
/// output beside it; machine formats get it on standard error.
pub(super) fn run(
    inputs: &[(Input, &plankit::Settings)],
    mode: FixMode,
    args: &FixArgs,
    human: bool,
    report_remaining: impl Fn(&[plankit::LintedFile], bool) -> Outcome,
) -> Outcome {
    if inputs.is_empty() {
        // the ordinary report says there was nothing to lint (exit 2), whatever the flags
        return report_remaining(&[], false);
    }
    let mut fixed: Vec<FixedFile> =
        plankit::lint::map_in_order(inputs, |(input, settings)| fix_input(input, settings, mode));
    let failed = fixed.iter().any(|f| f.linted.failed);
    if args.diff {
        let diffs: String = fixed.iter().map(report::fixes::diff).collect();
        print(&diffs, Color::Never);
        eprint(&format!("{}\n", report::fixes::summary_line(&fixed, mode, "Would fix")), Color::Auto);
        return if failed {
            Outcome::InputFailure
        } else if fixed.iter().any(FixedFile::changed) {
            Outcome::Findings
        } else {
            Outcome::Clean
        };
    }
    let mut unwritten = false;
    let mut stdin = false;
    for ((input, settings), file) in inputs.iter().zip(fixed.iter_mut()) {
        match input {
            Input::File(path) if file.changed() => {
                if let Err(error) = plankit::fix::write::write_fixed(path, &file.original, &file.fixed) {
                    error_line!("error: {error}");
                    unwritten = true;
                    // the report and the summary speak of the file as it still is
                    *file = unfixed(file, settings);
                }
            }
            Input::File(_) => {}
            Input::Stdin => {
                stdin = true;
                // unread standard input has no text to give back
                if file.linted.source.is_some() {
                    print(&file.fixed, Color::Never);
                }
            }
        }
    }
    let linted: Vec<plankit::LintedFile> = fixed.iter().map(|f| f.linted.clone()).collect();
    let outcome = if args.fix_only {
        if failed { Outcome::InputFailure } else { Outcome::Clean }
    } else {
        report_remaining(&linted, stdin)
    };
    let summary = format!("{}\n", report::fixes::summary_line(&fixed, mode, "Fixed"));
    if human && !stdin {
        print(&summary, Color::Auto);
    } else {
        eprint(&summary, Color::Auto);
    }
    if unwritten {
        super::OUTPUT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
        return Outcome::OutputFailure;
    }
    outcome
}

/// A file whose fixes could not be written, as it still is on disk: its original text linted.
fn unfixed(file: &FixedFile, settings: &plankit::Settings) -> FixedFile {
    let linted = match &file.linted.source {
        Some(source) => plankit::lint_source(source.with_text(file.original.clone()), settings),
        None => file.linted.clone(),
    };
    FixedFile { original: file.original.clone(), fixed: file.original.clone(), applied: 0, linted }
}
