//! Eval cases: snapshot case folders (as `plankit test` reads them, [`crate::case`]) that
//! hold a call and the analysis a person expects from it.
//!
//! ```text
//! cases/booking-nl/
//!   transcript.txt|.json   the call, in any form plankit reads (or webhook.json: a whole payload)
//!   expected.json          the expected analysis: the output itself, or an end-of-call-report
//!                          whose analysis a person has checked
//!   case.toml              optional: labels, ended reason, and [eval] comparators and gate
//! ```
//!
//! Without `expected.json`, a transcript that is an end-of-call-report carrying an analysis is
//! its own expectation. `case.toml`'s `[eval]` table:
//!
//! ```toml
//! [eval]
//! expected = "checked-report.json"   # when the expectation is not expected.json
//! min-accuracy = 0.8                 # gate on this case's fields, all runs together
//! [eval.compare]                     # per-field comparators; other fields by schema type
//! sentiment = { tolerance = 1 }
//! intent = { one-of = ["book", "rebook"] }
//! phone = { regex = "^\\+31" }
//! summary = "non-empty"
//! caller_name = "text"
//! topics = "set"
//! refund_amount = "absent"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::compare::Comparator;
use crate::case::CaseConfig;
use crate::recognise::{Recognised, recognise};
use crate::source::Source;
use crate::transcript::{Labels, Transcript};
use crate::validate::payload::Payload;
use crate::validate::{CheckOptions, OutputValidator};

/// The expectation's default file name.
pub const EXPECTED_FILE: &str = "expected.json";
/// Transcript files looked for, in order, when `case.toml` names none.
pub const TRANSCRIPT_FILES: &[&str] = &["transcript.txt", "transcript.json", "webhook.json"];

/// `[eval]` in `case.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EvalConfig {
    /// The expectation's file, when it is not `expected.json`.
    pub expected: Option<String>,
    /// The least accuracy this case's fields may have (all runs together), 0 to 1.
    pub min_accuracy: Option<f64>,
    /// Comparators by field name, as [`Comparator::parse`] reads them.
    #[serde(default)]
    pub compare: BTreeMap<String, toml::Value>,
}

// `CaseConfig` is compared whole in tests; a gate is never NaN (it is refused when read)
impl Eq for EvalConfig {}

/// One eval case, found but not yet read.
#[derive(Debug, Clone)]
pub struct EvalCase {
    /// The folder relative to the cases root, `/`-separated; the root's own name when the
    /// root is the case.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The transcript file, when there is one.
    pub transcript: Option<PathBuf>,
    /// The expectation's file, when there is one.
    pub expected: Option<PathBuf>,
    /// `case.toml`, or the defaults.
    pub config: CaseConfig,
}

/// A case ready to send: the call, the expectation, the comparators.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The case.
    pub case: EvalCase,
    /// The call.
    pub transcript: Transcript,
    /// Speaker labels for `{{transcript}}`.
    pub labels: Labels,
    /// The expected analysis object.
    pub expected: serde_json::Map<String, Value>,
    /// Comparators named in `case.toml`.
    pub comparators: BTreeMap<String, Comparator>,
}

/// Something wrong with a case, placed in its file; shown as `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseProblem {
    /// The file (or folder) concerned.
    pub file: String,
    /// 1-based line and column, when known.
    pub at: Option<(usize, usize)>,
    /// One lowercase line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl std::fmt::Display for CaseProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl CaseProblem {
    fn new(file: impl Into<String>, message: impl Into<String>) -> CaseProblem {
        CaseProblem { file: file.into(), at: None, message: message.into(), help: None }
    }

    fn help(mut self, help: impl Into<String>) -> CaseProblem {
        self.help = Some(help.into());
        self
    }
}

/// Finds every eval case under `root` (the folder itself may be one): each folder holding an
/// expectation or a transcript. Hidden folders, `node_modules` and `target` are skipped, and
/// symlinks are not followed, as everywhere in plankit.
pub fn discover(root: &Path) -> Result<Vec<EvalCase>, CaseProblem> {
    let shown = crate::source::display_name(root);
    if !root.is_dir() {
        return Err(CaseProblem::new(shown, "not a folder of eval cases")
            .help("CASES are folders holding a transcript and expected.json"));
    }
    let mut cases = Vec::new();
    visit(root, root, &mut cases)?;
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    if cases.is_empty() {
        return Err(CaseProblem::new(shown, "holds no eval case")
            .help("an eval case is a folder with a transcript (transcript.txt, transcript.json or webhook.json) and expected.json"));
    }
    Ok(cases)
}

fn visit(root: &Path, dir: &Path, cases: &mut Vec<EvalCase>) -> Result<(), CaseProblem> {
    let shown = crate::source::display_name(dir);
    let read = std::fs::read_dir(dir)
        .map_err(|e| CaseProblem::new(&shown, format!("cannot be read: {}", e.to_string().to_lowercase())))?;
    let mut entries: Vec<_> =
        read.filter_map(Result::ok).filter(|e| !e.file_type().is_ok_and(|t| t.is_symlink())).collect();
    entries.sort_by_key(|e| e.file_name());
    let names: Vec<String> = entries.iter().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let config = if has(crate::case::CONFIG_FILE) {
        let path = dir.join(crate::case::CONFIG_FILE);
        Some(crate::case::read_config(&path).map_err(|error| CaseProblem {
            file: crate::source::display_name(&path),
            at: error.position,
            message: error.message,
            help: None,
        })?)
    } else {
        None
    };
    let named_transcript = config.as_ref().and_then(|c| c.transcript.file.clone());
    let named_expected = config.as_ref().and_then(|c| c.eval.expected.clone());
    let transcript =
        named_transcript.clone().or_else(|| TRANSCRIPT_FILES.iter().find(|n| has(n)).map(|n| (*n).to_owned()));
    let expected = named_expected.clone().or_else(|| has(EXPECTED_FILE).then(|| EXPECTED_FILE.to_owned()));
    if transcript.is_some() || expected.is_some() {
        for file in named_transcript.iter().chain(&named_expected) {
            if !crate::case::stays_inside(dir, file) {
                return Err(CaseProblem::new(
                    crate::source::display_name(&dir.join(crate::case::CONFIG_FILE)),
                    format!("\"{file}\" leads outside the case folder"),
                ));
            }
        }
        let relative = dir.strip_prefix(root).unwrap_or(dir);
        let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let name = if name.is_empty() {
            root.file_name().map_or_else(|| ".".to_owned(), |n| n.to_string_lossy().into_owned())
        } else {
            name
        };
        cases.push(EvalCase {
            name,
            dir: dir.to_path_buf(),
            transcript: transcript.map(|t| dir.join(t)),
            expected: expected.map(|e| dir.join(e)),
            config: config.unwrap_or_default(),
        });
    }
    for entry in entries {
        let name = entry.file_name();
        if !crate::source::is_skipped(&name.to_string_lossy()) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            visit(root, &entry.path(), cases)?;
        }
    }
    Ok(())
}

/// Reads a case: its call, its expectation (checked against the plan's schema: an expectation
/// the plan could never produce is a mistake in the case), and its comparators. Every problem
/// found is returned, each placed in its file.
pub fn load(case: &EvalCase, labels: &Labels, validator: &OutputValidator) -> Result<LoadedCase, Vec<CaseProblem>> {
    let folder = crate::source::display_name(&case.dir);
    let mut problems = Vec::new();
    let labels = Labels {
        assistant: case.config.transcript.assistant_label.clone().unwrap_or_else(|| labels.assistant.clone()),
        user: case.config.transcript.user_label.clone().unwrap_or_else(|| labels.user.clone()),
    };
    let transcript = match &case.transcript {
        None => {
            problems.push(CaseProblem::new(&folder, "the case has no transcript").help(
                "add transcript.txt, transcript.json or webhook.json, or name one in case.toml's [transcript] file",
            ));
            None
        }
        Some(path) => match read_transcript(path, &labels) {
            Ok(pair) => Some(pair),
            Err(problem) => {
                problems.push(problem);
                None
            }
        },
    };
    let expected = match (&case.expected, &transcript) {
        (Some(path), _) => read_expected(path, validator).map_err(|mut p| problems.append(&mut p)).ok(),
        (None, Some((source, _))) => match payload_analysis(source, validator) {
            Some(result) => result.map_err(|mut p| problems.append(&mut p)).ok(),
            None => {
                problems.push(
                    CaseProblem::new(&folder, "the case has no expected analysis")
                        .help("write expected.json: the analysis the plan should extract from this call (or use an end-of-call-report whose analysis a person has checked)"),
                );
                None
            }
        },
        (None, None) => None,
    };
    let mut comparators = BTreeMap::new();
    for (field, spec) in &case.config.eval.compare {
        match Comparator::parse(spec) {
            Ok(comparator) => {
                comparators.insert(field.clone(), comparator);
            }
            Err(message) => problems.push(CaseProblem::new(
                crate::source::display_name(&case.dir.join(crate::case::CONFIG_FILE)),
                format!("[eval.compare] {field}: {message}"),
            )),
        }
    }
    if let Some(gate) = case.config.eval.min_accuracy.filter(|g| !(0.0..=1.0).contains(g)) {
        problems.push(CaseProblem::new(
            crate::source::display_name(&case.dir.join(crate::case::CONFIG_FILE)),
            format!("[eval] min-accuracy {gate} is not between 0 and 1"),
        ));
    }
    match (transcript, expected) {
        (Some((_, transcript)), Some(expected)) if problems.is_empty() => {
            Ok(LoadedCase { case: case.clone(), transcript, labels, expected, comparators })
        }
        _ => Err(problems),
    }
}

fn read_transcript(path: &Path, labels: &Labels) -> Result<(Source, Transcript), CaseProblem> {
    let source = Source::from_transcript_path(path).map_err(|e| {
        let problem = CaseProblem::new(e.name.clone(), e.message.clone());
        match e.help {
            Some(help) => problem.help(help),
            None => problem,
        }
    })?;
    match Transcript::parse_with(&source, labels) {
        Ok(transcript) => Ok((source, transcript)),
        Err(error) => {
            let at = source.line_column(error.range.start);
            Err(CaseProblem {
                file: source.name().to_owned(),
                at: Some((at.line, at.column)),
                message: error.message,
                help: error.help,
            })
        }
    }
}

/// Reads an expectation file: the analysis itself, or a report whose analysis it takes.
fn read_expected(path: &Path, validator: &OutputValidator) -> Result<serde_json::Map<String, Value>, Vec<CaseProblem>> {
    let source = Source::from_path(path).map_err(|e| vec![CaseProblem::new(e.name.clone(), e.message.clone())])?;
    if let Some(result) = payload_analysis(&source, validator) {
        return result;
    }
    let document = crate::json::Document::parse(source.text()).map_err(|e| {
        let at = source.line_column(e.range.start);
        vec![CaseProblem {
            file: source.name().to_owned(),
            at: Some((at.line, at.column)),
            message: format!("not valid JSON: {}", e.message),
            help: None,
        }]
    })?;
    let Value::Object(object) = document.value() else {
        return Err(vec![
            CaseProblem::new(source.name(), "the expected analysis is not a JSON object")
                .help("write the object the plan should extract, e.g. {\"sentiment\": 8}"),
        ]);
    };
    schema_problems(&source, validator)?;
    Ok(object.clone())
}

/// The analysis of an end-of-call-report, when `source` is one: `None` when it is no such
/// report (or carries no analysis).
fn payload_analysis(
    source: &Source,
    validator: &OutputValidator,
) -> Option<Result<serde_json::Map<String, Value>, Vec<CaseProblem>>> {
    let value: Value = serde_json::from_str(source.text()).ok()?;
    let Recognised::Webhook(webhook) = recognise(&value, None) else { return None };
    let payload = Payload::of(webhook, false);
    let (_, analysis) = payload.analysis()?;
    let object = analysis.as_object()?.clone();
    Some(schema_problems(source, validator).map(|()| object))
}

/// The schema's errors in an expectation (`output/*` only: a checked report may lack fields
/// the webhook format wants and still carry a good analysis).
fn schema_problems(source: &Source, validator: &OutputValidator) -> Result<(), Vec<CaseProblem>> {
    let checked = crate::validate::run::validate_source(source, validator, &CheckOptions::default());
    let problems: Vec<CaseProblem> = checked
        .reported
        .iter()
        .flat_map(|report| &report.errors)
        .filter(|e| e.rule.name.starts_with("output/") && e.severity == crate::Severity::Error)
        .map(|e| CaseProblem {
            file: source.name().to_owned(),
            at: e.line.zip(e.column),
            message: format!("the expected analysis does not match the plan's schema: {}", e.message),
            help: Some("fix expected.json, or the plan: the model can never produce this".to_owned()),
        })
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
