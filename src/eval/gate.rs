//! Gates: the accuracy a run must reach. `--min-accuracy FIELD=RATIO` gates one field over all
//! cases and runs, `--min-accuracy RATIO` every field together, and `case.toml`'s
//! `[eval] min-accuracy` one case. A missed gate fails the run (exit 1).

use super::summary::Summary;

/// One gate.
#[derive(Debug, Clone, PartialEq)]
pub enum Gate {
    /// Every field of every case together.
    Overall(f64),
    /// One field over every case.
    Field(String, f64),
    /// One case's fields.
    Case(String, f64),
}

impl Gate {
    /// Reads `FIELD=RATIO` or `RATIO` (a fraction 0–1, or a percentage `90%`).
    ///
    /// ```
    /// use plankit::eval::gate::Gate;
    /// assert_eq!(Gate::parse("sentiment=0.9"), Ok(Gate::Field("sentiment".into(), 0.9)));
    /// assert_eq!(Gate::parse("85%"), Ok(Gate::Overall(0.85)));
    /// assert!(Gate::parse("sentiment=1.5").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Gate, String> {
        let (field, ratio) = match text.rsplit_once('=') {
            Some((field, ratio)) if !field.trim().is_empty() => (Some(field.trim()), ratio),
            Some(_) => return Err(format!("`{text}`: expected FIELD=RATIO, e.g. sentiment=0.9")),
            None => (None, text),
        };
        let ratio = ratio.trim();
        let value = match ratio.strip_suffix('%') {
            Some(percent) => percent.trim().parse::<f64>().map(|p| p / 100.0),
            None => ratio.parse::<f64>(),
        }
        .ok()
        .filter(|r| (0.0..=1.0).contains(r))
        .ok_or_else(|| format!("`{ratio}` is not an accuracy between 0 and 1 (or 0% and 100%)"))?;
        Ok(match field {
            Some(field) => Gate::Field(field.to_owned(), value),
            None => Gate::Overall(value),
        })
    }

    /// The gate's minimum.
    pub fn minimum(&self) -> f64 {
        match self {
            Gate::Overall(m) | Gate::Field(_, m) | Gate::Case(_, m) => *m,
        }
    }

    /// What it gates, in words: `overall`, `field sentiment`, `case booking-nl`.
    pub fn subject(&self) -> String {
        match self {
            Gate::Overall(_) => "overall".to_owned(),
            Gate::Field(field, _) => format!("field {field}"),
            Gate::Case(case, _) => format!("case {case}"),
        }
    }
}

/// A gate and how the run did.
#[derive(Debug, Clone, PartialEq)]
pub struct GateResult {
    /// The gate.
    pub gate: Gate,
    /// The accuracy reached; `None` when nothing was compared.
    pub actual: Option<f64>,
    /// Whether it was reached (nothing compared is a miss: the gate cannot be shown met).
    pub passed: bool,
}

/// Checks every gate against a summary.
pub fn check(gates: &[Gate], summary: &Summary) -> Vec<GateResult> {
    gates
        .iter()
        .map(|gate| {
            let actual = match gate {
                Gate::Overall(_) => summary.overall.accuracy(),
                Gate::Field(field, _) => {
                    summary.fields.iter().find(|f| &f.field == field).and_then(|f| f.tally.accuracy())
                }
                Gate::Case(case, _) => summary.cases.iter().find(|c| &c.name == case).and_then(|c| c.tally.accuracy()),
            };
            // a float sum of the same counts is not worth failing a 0.9 gate at 0.8999999
            let passed = actual.is_some_and(|a| a + 1e-12 >= gate.minimum());
            GateResult { gate: gate.clone(), actual, passed }
        })
        .collect()
}
