//! Summaries over every scored run: per field (accuracy, the wrong / missing / invented split,
//! an enum confusion matrix, run-to-run agreement), per case, and per request (latency, tokens,
//! cost where prices are given). Reports render these; nothing here prints.

use std::collections::BTreeMap;

use serde_json::Value;

use super::compare::{Verdict, same};
use super::score::Scored;

/// One scored run of one case.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// Index of the case in the list the run was given.
    pub case: usize,
    /// Run number, from 1.
    pub run: u32,
    /// The score.
    pub scored: Scored,
    /// Milliseconds the request took (as recorded, for a replayed one).
    pub latency_ms: u64,
    /// Whether the response came from the cassette.
    pub replayed: bool,
}

/// Prices per million tokens, in the user's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prices {
    /// Per million prompt tokens.
    pub input: f64,
    /// Per million completion tokens.
    pub output: f64,
}

/// Counts of verdicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Fields judged.
    pub compared: usize,
    /// Correct.
    pub correct: usize,
    /// Wrong.
    pub wrong: usize,
    /// Missing.
    pub missing: usize,
    /// Invented.
    pub invented: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict) {
        self.compared += 1;
        match verdict {
            Verdict::Correct => self.correct += 1,
            Verdict::Wrong => self.wrong += 1,
            Verdict::Missing => self.missing += 1,
            Verdict::Invented => self.invented += 1,
        }
    }

    /// Correct / compared, 0 to 1; `None` when nothing was compared.
    pub fn accuracy(&self) -> Option<f64> {
        (self.compared > 0).then(|| self.correct as f64 / self.compared as f64)
    }
}

/// One field over every case and run.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSummary {
    /// The field.
    pub field: String,
    /// Its verdicts.
    pub tally: Tally,
    /// Of the cases where any run gave a value, the share where every run gave the same one;
    /// `None` with a single run.
    pub agreement: Option<f64>,
    /// For enum fields: how often each expected value (rows) came back as each value (columns).
    pub confusion: Option<Confusion>,
}

/// An enum field's confusion matrix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Confusion {
    /// Row and column labels: the enum's values, then `(none)` and any value outside the enum.
    pub labels: Vec<String>,
    /// Counts by (expected label, produced label).
    pub counts: BTreeMap<(String, String), usize>,
}

/// One case over its runs.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    /// The case's name.
    pub name: String,
    /// Runs scored.
    pub runs: usize,
    /// Runs whose output was JSON.
    pub valid_json: usize,
    /// Runs whose output satisfied the schema.
    pub schema_valid: usize,
    /// Its verdicts.
    pub tally: Tally,
}

/// Latency over the requests, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Latency {
    /// Mean.
    pub mean: u64,
    /// Median.
    pub p50: u64,
    /// 95th percentile.
    pub p95: u64,
    /// Slowest.
    pub max: u64,
}

/// Everything a report shows about one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Per case, in case order.
    pub cases: Vec<CaseSummary>,
    /// Per field, in name order.
    pub fields: Vec<FieldSummary>,
    /// All fields of all cases together.
    pub overall: Tally,
    /// Requests scored.
    pub requests: usize,
    /// Requests answered from the cassette.
    pub replayed: usize,
    /// Outputs that were JSON.
    pub valid_json: usize,
    /// Outputs that satisfied the schema.
    pub schema_valid: usize,
    /// Latency of the requests.
    pub latency: Latency,
    /// Prompt tokens, all requests.
    pub prompt_tokens: u64,
    /// Completion tokens, all requests.
    pub completion_tokens: u64,
    /// Cost, when prices were given.
    pub cost: Option<f64>,
}

/// The label of a value in a confusion matrix.
fn label(value: Option<&Value>) -> String {
    match value {
        None => "(none)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Summarises the records of one plan. `names` are the cases in order; `enums` the enum
/// fields of the schema with their values.
pub fn summarise(
    names: &[String],
    records: &[RunRecord],
    enums: &BTreeMap<String, Vec<Value>>,
    prices: Option<Prices>,
) -> Summary {
    let mut cases: Vec<CaseSummary> = names
        .iter()
        .map(|name| CaseSummary {
            name: name.clone(),
            runs: 0,
            valid_json: 0,
            schema_valid: 0,
            tally: Tally::default(),
        })
        .collect();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut confusions: BTreeMap<String, Confusion> = BTreeMap::new();
    let mut overall = Tally::default();
    for record in records {
        let Some(case) = cases.get_mut(record.case) else { continue };
        case.runs += 1;
        case.valid_json += usize::from(record.scored.valid_json());
        case.schema_valid += usize::from(record.scored.schema_valid());
        for field in &record.scored.fields {
            case.tally.add(field.verdict);
            overall.add(field.verdict);
            tallies.entry(field.field.clone()).or_default().add(field.verdict);
            if let Some(values) = enums.get(&field.field) {
                let confusion = confusions.entry(field.field.clone()).or_insert_with(|| Confusion {
                    labels: values.iter().map(|v| label(Some(v))).collect(),
                    counts: BTreeMap::new(),
                });
                let key = (label(field.expected.as_ref()), label(field.got.as_ref()));
                for name in [&key.0, &key.1] {
                    if !confusion.labels.contains(name) {
                        confusion.labels.push(name.clone());
                    }
                }
                *confusion.counts.entry(key).or_default() += 1;
            }
        }
    }
    let max_run = records.iter().map(|r| r.run).max().unwrap_or(0);
    let fields = tallies
        .into_iter()
        .map(|(field, tally)| FieldSummary {
            agreement: (max_run > 1).then(|| agreement(records, &field)).flatten(),
            confusion: confusions.remove(&field),
            field,
            tally,
        })
        .collect();
    let mut latencies: Vec<u64> = records.iter().map(|r| r.latency_ms).collect();
    latencies.sort_unstable();
    let percentile = |p: f64| -> u64 {
        if latencies.is_empty() {
            return 0;
        }
        let rank = ((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len());
        latencies[rank - 1]
    };
    let latency = Latency {
        mean: if latencies.is_empty() { 0 } else { latencies.iter().sum::<u64>() / latencies.len() as u64 },
        p50: percentile(0.5),
        p95: percentile(0.95),
        max: latencies.last().copied().unwrap_or(0),
    };
    let prompt_tokens = records.iter().filter_map(|r| r.scored.usage).map(|u| u.prompt).sum();
    let completion_tokens = records.iter().filter_map(|r| r.scored.usage).map(|u| u.completion).sum();
    Summary {
        cases,
        fields,
        overall,
        requests: records.len(),
        replayed: records.iter().filter(|r| r.replayed).count(),
        valid_json: records.iter().filter(|r| r.scored.valid_json()).count(),
        schema_valid: records.iter().filter(|r| r.scored.schema_valid()).count(),
        latency,
        prompt_tokens,
        completion_tokens,
        cost: prices.map(|p| (prompt_tokens as f64 * p.input + completion_tokens as f64 * p.output) / 1_000_000.0),
    }
}

/// Of the cases where some run gave `field` a value, the share where all runs gave the same.
fn agreement(records: &[RunRecord], field: &str) -> Option<f64> {
    let mut by_case: BTreeMap<usize, Vec<Option<&Value>>> = BTreeMap::new();
    for record in records {
        by_case.entry(record.case).or_default().push(record.scored.value_of(field));
    }
    let judged: Vec<bool> = by_case
        .values()
        .filter(|values| values.len() > 1 && values.iter().any(Option::is_some))
        .map(|values| {
            values.windows(2).all(|pair| match (pair[0], pair[1]) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            })
        })
        .collect();
    (!judged.is_empty()).then(|| judged.iter().filter(|agreed| **agreed).count() as f64 / judged.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::score::{FieldScore, Output};
    use serde_json::json;

    fn record(case: usize, run: u32, intent: &str, expected: &str) -> RunRecord {
        RunRecord {
            case,
            run,
            latency_ms: 100 * u64::from(run),
            replayed: false,
            scored: Scored {
                output: Output::Json(json!({ "intent": intent })),
                schema_errors: Vec::new(),
                fields: vec![FieldScore {
                    field: "intent".into(),
                    verdict: if intent == expected { Verdict::Correct } else { Verdict::Wrong },
                    expected: Some(json!(expected)),
                    got: Some(json!(intent)),
                }],
                usage: None,
                finish_reason: None,
            },
        }
    }

    #[test]
    fn accuracy_confusion_and_agreement_add_up() {
        let records = [
            record(0, 1, "book", "book"),
            record(0, 2, "cancel", "book"),
            record(1, 1, "cancel", "cancel"),
            record(1, 2, "cancel", "cancel"),
        ];
        let enums = BTreeMap::from([("intent".to_owned(), vec![json!("book"), json!("cancel")])]);
        let summary = summarise(&["a".into(), "b".into()], &records, &enums, None);
        let intent = &summary.fields[0];
        assert_eq!(intent.tally, Tally { compared: 4, correct: 3, wrong: 1, missing: 0, invented: 0 });
        assert_eq!(intent.tally.accuracy(), Some(0.75));
        assert_eq!(intent.agreement, Some(0.5));
        let confusion = intent.confusion.as_ref().unwrap();
        assert_eq!(confusion.counts[&("book".to_owned(), "cancel".to_owned())], 1);
        assert_eq!(confusion.counts[&("cancel".to_owned(), "cancel".to_owned())], 2);
        assert_eq!(summary.latency.p50, 100);
        assert_eq!(summary.latency.max, 200);
    }
}
