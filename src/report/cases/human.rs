//! `plankit test` human output: `PASS`/`FAIL` per case, the diff of a changed snapshot
//! (coloured when the terminal supports it), what was written, and `N passed, N failed`.

use std::fmt::Write;

use super::{TestSummary, explanation};
use crate::case::{CaseResult, Status};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Renders the results; ANSI colour is always included and stripped by the caller's stream
/// when colour is off.
pub fn render(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for result in results {
        let tag = match (&result.status, result.failed) {
            (Status::Orphaned, false) => format!("{BOLD}NOTE{RESET}"),
            (_, false) => format!("{GREEN}PASS{RESET}"),
            (_, true) => format!("{RED}FAIL{RESET}"),
        };
        let _ = writeln!(out, "{tag}  {}", result.name);
        // a changed snapshot's diff says why the case differs, except when the snapshot was
        // taken (`--update`) and the case fails on its `expected-exit`
        let taken = result.written.as_ref() == Some(&result.snapshot);
        if let Some(reason) = explanation(result).filter(|_| result.diff.is_none() || taken) {
            for line in reason.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        if let Some(diff) = &result.diff {
            for line in diff.lines() {
                let color = match line.chars().next() {
                    Some('+') => GREEN,
                    Some('-') => RED,
                    Some('@') => CYAN,
                    _ => "",
                };
                let reset = if color.is_empty() { "" } else { RESET };
                let _ = writeln!(out, "  {color}{line}{reset}");
            }
        }
        if let Some(written) = &result.written {
            if result.failed && !taken {
                let _ = writeln!(
                    out,
                    "  new snapshot written to {} — run `plankit test --accept` to take it",
                    crate::source::display_name(written)
                );
            } else {
                let _ = writeln!(out, "  snapshot written to {}", crate::source::display_name(written));
            }
        }
    }
    let summary = TestSummary::of(results);
    let _ = writeln!(out, "{} passed, {} failed", summary.passed, summary.failed);
    out
}
