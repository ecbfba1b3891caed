//! `plankit test --format json`:
//! `{"version":1,"cases":[{"name","status","failed","message","diff","written"}],"summary":{"passed","failed"}}`.

use serde::Serialize;

use super::{TestSummary, explanation, status_name};
use crate::case::CaseResult;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    cases: Vec<Entry<'a>>,
    summary: TestSummary,
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    status: &'static str,
    failed: bool,
    message: Option<String>,
    diff: Option<&'a str>,
    written: Option<String>,
}

/// Renders the results as pretty-printed JSON.
pub fn render(results: &[CaseResult]) -> String {
    let cases = results
        .iter()
        .map(|r| Entry {
            name: &r.name,
            status: status_name(&r.status),
            failed: r.failed,
            message: explanation(r),
            diff: r.diff.as_deref(),
            written: r.written.as_ref().map(|p| p.display().to_string()),
        })
        .collect();
    let report = Report { version: 1, cases, summary: TestSummary::of(results) };
    // plain structs of strings and numbers always serialise
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
