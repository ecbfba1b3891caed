//! The reports of `plankit eval`, one format per file: `human` (tables), `json` (the versioned
//! contract, README `## eval`), `junit` (one test case per case). None of them prints.

pub mod human;
pub mod json;
pub mod junit;

use super::gate::GateResult;
use super::summary::{RunRecord, Summary};

/// One plan's results.
#[derive(Debug, Clone)]
pub struct Side<'a> {
    /// The plan file as the user named it.
    pub plan: &'a str,
    /// Every scored run.
    pub records: &'a [RunRecord],
    /// Their summary.
    pub summary: &'a Summary,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The plan evaluated.
    pub subject: Side<'a>,
    /// The plan it is compared with (`--baseline`).
    pub baseline: Option<Side<'a>>,
    /// The model asked.
    pub model: &'a str,
    /// How structured output was asked for (`json_schema, strict`).
    pub structured: &'a str,
    /// Runs per case.
    pub runs: u32,
    /// The gates and how the run did.
    pub gates: &'a [GateResult],
}

impl Report<'_> {
    /// Whether every gate was met.
    pub fn passed(&self) -> bool {
        self.gates.iter().all(|g| g.passed)
    }
}

/// A ratio as a percentage with one decimal: `93.3%`; `-` when there is none.
pub(crate) fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// One line per field a run did not get right: `{at}: intent wrong: expected "sales", got "support"`.
pub(crate) fn wrong_fields<'a>(
    at: &'a str,
    scored: &'a crate::eval::score::Scored,
) -> impl Iterator<Item = String> + 'a {
    scored.fields.iter().filter(|f| f.verdict != crate::eval::compare::Verdict::Correct).map(move |field| {
        format!(
            "{at}: {} {}: expected {}, got {}",
            field.field,
            field.verdict.name(),
            shown(field.expected.as_ref()),
            shown(field.got.as_ref())
        )
    })
}

/// A JSON value on one line, for "expected X, got Y".
pub(crate) fn shown(value: Option<&serde_json::Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), serde_json::Value::to_string)
}
