//! Running cases: compose each case's snapshot text, compare it with the stored one, and,
//! depending on the mode, write the new one beside it, write it in place, or write nothing.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::compose::compose;
use super::{Case, Suite, store};

/// What a run may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Locally: a new or changed snapshot is written as `plan.snap.new` for review.
    Review,
    /// In CI or with `--check`: nothing is written; a missing, pending or orphaned snapshot fails.
    Check,
    /// `--update`: new and changed snapshots are written in place.
    Update,
}

/// How one case (or orphaned snapshot) ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The snapshot matches (and the expected exit, if set, holds).
    Passed,
    /// The snapshot differs from the stored one.
    Changed,
    /// There is no stored snapshot yet.
    New,
    /// A `plan.snap.new` waits for review (check mode only).
    Pending,
    /// A snapshot whose folder is no longer a case (fails in check mode only).
    Orphaned,
    /// The case's outcome is not the `expected-exit` of its `case.toml`.
    UnexpectedExit {
        /// From `case.toml`.
        expected: u8,
        /// What the case produced.
        actual: u8,
    },
    /// The case could not be run: an unusable `case.toml`, an unreadable folder.
    Broken(String),
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's name (or the orphan's path).
    pub name: String,
    /// How it ended.
    pub status: Status,
    /// The stored snapshot's path.
    pub snapshot: PathBuf,
    /// A unified diff from the stored snapshot to the new one, when they differ.
    pub diff: Option<String>,
    /// The file written, if any.
    pub written: Option<PathBuf>,
    /// True when this result fails the run.
    pub failed: bool,
}

/// Runs every case whose name contains `filter`, in parallel, keeping their order; orphaned
/// snapshots are reported after the cases.
pub fn run_suite(suite: &Suite, mode: Mode, filter: Option<&str>) -> Vec<CaseResult> {
    let selected: Vec<&Case> = suite.cases.iter().filter(|c| filter.is_none_or(|f| c.name.contains(f))).collect();
    let mut results: Vec<CaseResult> = selected.par_iter().map(|case| run_case(case, mode)).collect();
    if filter.is_none() {
        results.extend(suite.orphans.iter().map(|path| orphan(path, mode)));
    }
    for (name, why) in &suite.unreadable {
        if filter.is_none_or(|f| name.contains(f)) {
            let result = CaseResult {
                name: name.clone(),
                status: Status::Passed,
                snapshot: PathBuf::from(name).join(super::SNAPSHOT_FILE),
                diff: None,
                written: None,
                failed: false,
            };
            results.push(broken(result, why.clone()));
        }
    }
    results
}

/// Runs one case.
pub fn run_case(case: &Case, mode: Mode) -> CaseResult {
    let snapshot = case.snapshot_path();
    let mut result = CaseResult {
        name: case.name.clone(),
        status: Status::Passed,
        snapshot,
        diff: None,
        written: None,
        failed: false,
    };
    let config = match &case.config {
        Ok(config) => config,
        Err(error) => {
            if let Some(report) = &error.report {
                // every problem, each with its code frame, as plankit.toml's are shown
                return broken(result, report.trim_end().to_owned());
            }
            let at = error.position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
            return broken(
                result,
                format!("{}{at}: {}", crate::source::display_name(&case.dir.join(super::CONFIG_FILE)), error.message),
            );
        }
    };
    let composed = match compose(case, config) {
        Ok(composed) => composed,
        Err(message) => return broken(result, message),
    };
    let stored = match store::read(&result.snapshot) {
        Ok(stored) => stored,
        Err(e) => {
            let message = format!("{}: {e}", result.snapshot.display());
            return broken(result, message);
        }
    };
    let pending = case.pending_path();
    match &stored {
        Some(old) if *old == composed.text => {
            if mode == Mode::Check && pending.exists() {
                result.status = Status::Pending;
            } else if mode != Mode::Check {
                // a pending snapshot that now matches the stored one is stale
                let _ = store::remove(&pending);
            }
        }
        Some(old) => {
            result.status = Status::Changed;
            result.diff = Some(diff(old, &composed.text, &result.snapshot));
        }
        None => result.status = Status::New,
    }
    if matches!(result.status, Status::Changed | Status::New) {
        let target = match mode {
            Mode::Check => None,
            Mode::Review => Some(pending),
            Mode::Update => Some(result.snapshot.clone()),
        };
        if let Some(target) = target {
            store::remove_stale_temporaries(&case.dir);
            if let Err(e) = store::write_atomically(&target, &composed.text) {
                return broken(result, format!("{}: {e}", target.display()));
            }
            if mode == Mode::Update {
                let _ = store::remove(&case.pending_path());
                result.status = Status::Passed;
            }
            result.written = Some(target);
        }
    }
    if let Some(expected) = config.expected_exit.filter(|e| result.status == Status::Passed && *e != composed.exit) {
        result.status = Status::UnexpectedExit { expected, actual: composed.exit };
    }
    result.failed = result.status != Status::Passed;
    result
}

fn orphan(path: &Path, mode: Mode) -> CaseResult {
    CaseResult {
        name: path.display().to_string(),
        status: Status::Orphaned,
        snapshot: path.to_path_buf(),
        diff: None,
        written: None,
        failed: mode == Mode::Check,
    }
}

fn broken(mut result: CaseResult, message: String) -> CaseResult {
    result.status = Status::Broken(message);
    result.failed = true;
    result
}

fn diff(old: &str, new: &str, snapshot: &Path) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&crate::source::display_name(snapshot), "new")
        .to_string()
}

/// What `--accept` or `--reject` did to one pending snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The case.
    pub name: String,
    /// The pending file that was promoted or deleted.
    pub pending: PathBuf,
}

/// Promotes every pending snapshot of the selected cases (`--accept`), atomically.
pub fn accept(suite: &Suite, filter: Option<&str>) -> std::io::Result<Vec<Resolved>> {
    resolve(suite, filter, |case| std::fs::rename(case.pending_path(), case.snapshot_path()))
}

/// Deletes every pending snapshot of the selected cases (`--reject`).
pub fn reject(suite: &Suite, filter: Option<&str>) -> std::io::Result<Vec<Resolved>> {
    resolve(suite, filter, |case| store::remove(&case.pending_path()).map(drop))
}

fn resolve(
    suite: &Suite,
    filter: Option<&str>,
    act: impl Fn(&Case) -> std::io::Result<()>,
) -> std::io::Result<Vec<Resolved>> {
    let mut done = Vec::new();
    for case in suite.cases.iter().filter(|c| filter.is_none_or(|f| c.name.contains(f))) {
        if case.pending_path().exists() {
            act(case)?;
            done.push(Resolved { name: case.name.clone(), pending: case.pending_path() });
        }
    }
    Ok(done)
}
