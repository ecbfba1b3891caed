//! Snapshot cases for `plankit test`. A case is a folder holding a plan file and, optionally,
//! a transcript, webhook payloads and analysis outputs, and a `case.toml`:
//!
//! ```text
//! fixtures/cases/booking-nl/
//!   plan.json              the plan, any shape (or the file `case.toml` names with `plan`)
//!   transcript.txt|.json   optional: rendered into {{transcript}}
//!   *.json                 optional: payloads and outputs to validate against the plan
//!   *.json                 optional: Vapi structured-output definitions (see below)
//!   case.toml              optional: ended reason, labels, targets, redactions, expected exit
//!   plan.snap              the reviewed snapshot
//! ```
//!
//! A `*.json` beside the plan whose root is a Vapi structured-output definition — the API
//! object (`POST /structured-output` body or `GET` response), its list wrapper
//! (`{"results": […]}`) or an array of them, as [`crate::plan::find_structured::top_level`]
//! reads them — is a definition, not a document: it is linted with the plan (so an assistant's
//! `artifactPlan.structuredOutputIds` is checked against it), rendered after the plan, and
//! the case's end-of-call reports are validated against its schemas by id. Every other
//! `*.json` is a payload or output to validate. A plan that is itself a file of structured
//! outputs needs no definitions beside it.

mod compose;
pub mod config;
pub mod run;
pub mod store;

use std::path::{Path, PathBuf};

pub use compose::{Composed, compose};
pub use config::{CaseConfig, ConfigError};
pub use run::{CaseResult, Mode, Status, accept, reject, run_case, run_suite};

/// The file names a case folder gives meaning to.
pub const PLAN_FILE: &str = "plan.json";
/// The case's settings.
pub const CONFIG_FILE: &str = "case.toml";
/// The stored snapshot.
pub const SNAPSHOT_FILE: &str = "plan.snap";
/// A snapshot waiting to be accepted or rejected.
pub const PENDING_FILE: &str = "plan.snap.new";

/// One snapshot case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder relative to the suite root, `/`-separated (`booking-nl`).
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The plan file.
    pub plan: PathBuf,
    /// The transcript file, when there is one.
    pub transcript: Option<PathBuf>,
    /// Payloads and outputs to validate, in name order.
    pub documents: Vec<PathBuf>,
    /// Vapi structured-output definition files beside the plan, in name order.
    pub definitions: Vec<PathBuf>,
    /// `case.toml`, or the defaults; an unusable `case.toml` is kept as its error.
    pub config: Result<CaseConfig, ConfigError>,
}

impl Case {
    /// Where the stored snapshot lives.
    pub fn snapshot_path(&self) -> PathBuf {
        self.dir.join(SNAPSHOT_FILE)
    }

    /// Where a pending snapshot is written.
    pub fn pending_path(&self) -> PathBuf {
        self.dir.join(PENDING_FILE)
    }
}

/// What a suite folder holds.
#[derive(Debug, Clone, Default)]
pub struct Suite {
    /// The cases, in name order.
    pub cases: Vec<Case>,
    /// Snapshot files in folders that are no longer cases.
    pub orphans: Vec<PathBuf>,
    /// Sub-folders that could not be read, by name relative to the suite (as cases are
    /// named), each with why: reported as broken cases while the rest of the suite still runs.
    pub unreadable: Vec<(String, String)>,
}

/// Finds every case under `root` (the folder itself may be a case). Hidden folders,
/// `node_modules` and `target` are skipped.
pub fn discover(root: &Path) -> std::io::Result<Suite> {
    let mut suite = Suite::default();
    visit(root, root, &mut suite)?;
    suite.cases.sort_by(|a, b| a.name.cmp(&b.name));
    suite.orphans.sort();
    Ok(suite)
}

fn visit(root: &Path, dir: &Path, suite: &mut Suite) -> std::io::Result<()> {
    // symlinks are not followed, as in lint's walk: one may lead out of the case folder
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_ok_and(|t| t.is_symlink()))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let names: Vec<String> = entries.iter().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    let config = names.iter().any(|n| n == CONFIG_FILE).then(|| read_config(&dir.join(CONFIG_FILE)));
    let plan_name = config
        .as_ref()
        .and_then(|c| c.as_ref().ok())
        .and_then(|c| c.plan.clone())
        .unwrap_or_else(|| PLAN_FILE.to_owned());
    if names.contains(&plan_name) {
        suite.cases.push(case(root, dir, &names, plan_name, config));
    } else {
        for name in [SNAPSHOT_FILE, PENDING_FILE] {
            if names.iter().any(|n| n == name) {
                suite.orphans.push(dir.join(name));
            }
        }
    }
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if crate::source::is_skipped(&name) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir())
            && let Err(error) = visit(root, &entry.path(), suite)
        {
            let path = entry.path();
            let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            suite.unreadable.push((name, format!("the folder cannot be read: {}", crate::source::io_message(&error))));
        }
    }
    Ok(())
}

fn case(
    root: &Path,
    dir: &Path,
    names: &[String],
    plan: String,
    config: Option<Result<CaseConfig, ConfigError>>,
) -> Case {
    let mut config = config.unwrap_or_else(|| Ok(CaseConfig::default()));
    let named_transcript = config.as_ref().ok().and_then(|c| c.transcript.file.clone());
    if let Some(file) = named_transcript.as_ref().filter(|file| !stays_inside(dir, file)) {
        // a case names only its own files: `../../secret` would be read and printed
        config = Err(ConfigError {
            message: format!("[transcript] file \"{file}\" leads outside the case folder"),
            position: None,
            report: None,
        });
    }
    let named_transcript = named_transcript.filter(|_| config.is_ok());
    let transcript = named_transcript.or_else(|| {
        ["transcript.txt", "transcript.json"].iter().find(|n| names.iter().any(|m| m == *n)).map(|n| (*n).to_owned())
    });
    let (definitions, documents) = names
        .iter()
        .filter(|n| n.ends_with(".json") && **n != plan && Some(*n) != transcript.as_ref())
        .map(|n| dir.join(n))
        .partition(|path| is_definition(path));
    let relative = dir.strip_prefix(root).unwrap_or(dir);
    let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    Case {
        name: if name.is_empty() {
            root.file_name().map_or(".".into(), |n| n.to_string_lossy().into_owned())
        } else {
            name
        },
        dir: dir.to_path_buf(),
        plan: dir.join(plan),
        transcript: transcript.map(|t| dir.join(t)),
        documents,
        definitions,
        config,
    }
}

/// Whether the file at `path` is a Vapi structured-output definition file (module docs). A file
/// that cannot be read or parsed is not: it stays a document, reported when it is validated.
fn is_definition(path: &Path) -> bool {
    let Ok(bytes) = crate::source::read_bounded(path, crate::source::MAX_PLAN_FILE_BYTES) else { return false };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .is_some_and(|root| crate::plan::find_structured::top_level(&root).is_some())
}

/// Whether `file`, named relative to the case folder `dir`, stays inside it: as written, and
/// (when it exists) once symlinks are resolved.
pub(crate) fn stays_inside(dir: &Path, file: &str) -> bool {
    let joined = dir.join(file);
    if Path::new(file).is_absolute()
        || !crate::source::normalize_path(&joined).starts_with(crate::source::normalize_path(dir))
    {
        return false;
    }
    match (joined.canonicalize(), dir.canonicalize()) {
        (Ok(real), Ok(folder)) => real.starts_with(folder),
        // a missing file is reported when it is read
        _ => true,
    }
}

pub(crate) fn read_config(path: &Path) -> Result<CaseConfig, ConfigError> {
    let refuse = |message: String| ConfigError { message, position: None, report: None };
    let bytes = crate::source::read_bounded(path, 1024 * 1024).map_err(|refused| match refused {
        crate::source::Refused::TooLarge(_) => refuse("is larger than 1 MB".to_owned()),
        crate::source::Refused::Other(why) => refuse(format!("cannot be read: {why}")),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| refuse("is not UTF-8 text".to_owned()))?;
    CaseConfig::parse_named(&text, &crate::source::display_name(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_found_with_their_files_and_orphans_are_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let case_dir = dir.path().join("booking");
        std::fs::create_dir_all(&case_dir).unwrap();
        for file in ["plan.json", "transcript.txt", "webhook.json", "output.json"] {
            std::fs::write(case_dir.join(file), "{}").unwrap();
        }
        let stale = dir.path().join("gone");
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::write(stale.join("plan.snap"), "").unwrap();
        let suite = discover(dir.path()).unwrap();
        assert_eq!(suite.cases.len(), 1);
        let case = &suite.cases[0];
        assert_eq!(case.name, "booking");
        assert_eq!(case.transcript.as_deref(), Some(case_dir.join("transcript.txt").as_path()));
        let docs: Vec<_> =
            case.documents.iter().map(|d| d.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(docs, ["output.json", "webhook.json"]);
        assert_eq!(suite.orphans, [stale.join("plan.snap")]);
        assert!(case.definitions.is_empty());
    }

    #[test]
    fn structured_output_files_beside_the_plan_are_definitions_not_documents() {
        let dir = tempfile::tempdir().unwrap();
        let so = r#"{"name": "CSAT", "type": "ai", "schema": {"type": "integer"}}"#;
        std::fs::write(dir.path().join("plan.json"), r#"{"artifactPlan": {"structuredOutputIds": ["x"]}}"#).unwrap();
        std::fs::write(dir.path().join("csat.json"), so).unwrap();
        std::fs::write(dir.path().join("outputs.json"), format!(r#"{{"results": [{so}]}}"#)).unwrap();
        // a report carries results and an inline assistant, but is not a definition file
        let report = format!(
            r#"{{"message": {{"type": "end-of-call-report", "assistant": {{"artifactPlan": {{"structuredOutputs": [{so}]}}}}}}}}"#
        );
        std::fs::write(dir.path().join("report.json"), report).unwrap();
        std::fs::write(dir.path().join("broken.json"), "{").unwrap();
        let suite = discover(dir.path()).unwrap();
        let case = &suite.cases[0];
        let names = |paths: &[PathBuf]| -> Vec<String> {
            paths.iter().map(|d| d.file_name().unwrap().to_string_lossy().into_owned()).collect()
        };
        assert_eq!(names(&case.definitions), ["csat.json", "outputs.json"]);
        assert_eq!(names(&case.documents), ["broken.json", "report.json"]);
    }
}
