//! Output formats for `plankit test`: one file per format over the same case results.

pub mod human;
pub mod json;
pub mod junit;

use serde::Serialize;

use crate::case::{CaseResult, Status};

/// Counts over a test run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TestSummary {
    /// Cases that passed.
    pub passed: usize,
    /// Cases (and orphaned snapshots, in check mode) that failed.
    pub failed: usize,
}

impl TestSummary {
    /// Counts the results of a run.
    pub fn of(results: &[CaseResult]) -> TestSummary {
        let failed = results.iter().filter(|r| r.failed).count();
        let passed = results.iter().filter(|r| !r.failed && r.status != Status::Orphaned).count();
        TestSummary { passed, failed }
    }
}

/// A short name for a result's status, used by every format.
pub fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Changed => "changed",
        Status::New => "new",
        Status::Pending => "pending",
        Status::Orphaned => "orphaned",
        Status::UnexpectedExit { .. } => "unexpected-exit",
        Status::Broken(_) => "broken",
    }
}

/// One line explaining a failure, or `None` for a pass.
pub fn explanation(result: &CaseResult) -> Option<String> {
    let snapshot = crate::source::display_name(&result.snapshot);
    match &result.status {
        Status::Passed => None,
        Status::Changed => Some(format!("snapshot {snapshot} differs from the new result")),
        Status::New => Some(format!("no snapshot yet at {snapshot}")),
        Status::Pending => Some(format!("a pending snapshot awaits review beside {snapshot}")),
        Status::Orphaned => Some(format!("snapshot {snapshot} belongs to no case (no plan file beside it)")),
        Status::UnexpectedExit { expected, actual } => {
            Some(format!("case.toml expects exit {expected}, the case produced {actual}"))
        }
        Status::Broken(message) => Some(message.clone()),
    }
}
