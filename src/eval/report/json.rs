//! `--format json`: the versioned contract (README `## eval` documents every member). Version
//! 1; members are only ever added within a version.

use serde_json::{Value, json};

use super::{Report, Side};
use crate::eval::score::Output;
use crate::eval::summary::{Summary, Tally};

/// The contract's version.
pub const VERSION: u32 = 1;

/// Renders the report as one JSON document.
pub fn render(report: &Report) -> String {
    let value = json!({
        "version": VERSION,
        "plan": report.subject.plan,
        "model": report.model,
        "response_format": report.structured,
        "runs": report.runs,
        "passed": report.passed(),
        "summary": summary(report.subject.summary),
        "results": results(&report.subject),
        "gates": report.gates.iter().map(|g| json!({
            "gate": g.gate.subject(),
            "min": g.gate.minimum(),
            "accuracy": g.actual,
            "passed": g.passed,
        })).collect::<Vec<_>>(),
        "baseline": report.baseline.as_ref().map(|b| json!({
            "plan": b.plan,
            "summary": summary(b.summary),
            "results": results(b),
        })),
    });
    // serialising a Value cannot fail
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn tally(t: &Tally) -> Value {
    json!({
        "compared": t.compared,
        "correct": t.correct,
        "wrong": t.wrong,
        "missing": t.missing,
        "invented": t.invented,
        "accuracy": t.accuracy(),
    })
}

fn summary(s: &Summary) -> Value {
    json!({
        "overall": tally(&s.overall),
        "fields": s.fields.iter().map(|f| {
            let mut value = tally(&f.tally);
            value["field"] = json!(f.field);
            value["agreement"] = json!(f.agreement);
            value["confusion"] = f.confusion.as_ref().map_or(Value::Null, |c| json!({
                "labels": c.labels,
                "counts": c.counts.iter().map(|((e, g), n)| json!({"expected": e, "got": g, "count": n})).collect::<Vec<_>>(),
            }));
            value
        }).collect::<Vec<_>>(),
        "cases": s.cases.iter().map(|c| {
            let mut value = tally(&c.tally);
            value["case"] = json!(c.name);
            value["runs"] = json!(c.runs);
            value["valid_json"] = json!(c.valid_json);
            value["schema_valid"] = json!(c.schema_valid);
            value
        }).collect::<Vec<_>>(),
        "requests": {
            "total": s.requests,
            "replayed": s.replayed,
            "valid_json": s.valid_json,
            "schema_valid": s.schema_valid,
            "latency_ms": {"mean": s.latency.mean, "p50": s.latency.p50, "p95": s.latency.p95, "max": s.latency.max},
            "prompt_tokens": s.prompt_tokens,
            "completion_tokens": s.completion_tokens,
            "cost": s.cost,
        },
    })
}

fn results(side: &Side) -> Vec<Value> {
    side.records
        .iter()
        .map(|r| {
            let (output, error) = match &r.scored.output {
                Output::Json(value) => (value.clone(), None),
                Output::NotJson { excerpt, error } => (json!(excerpt), Some(format!("not JSON: {error}"))),
                Output::Empty(why) => (Value::Null, Some(why.clone())),
            };
            json!({
                "case": side.summary.cases.get(r.case).map(|c| c.name.as_str()),
                "run": r.run,
                "valid_json": r.scored.valid_json(),
                "schema_valid": r.scored.schema_valid(),
                "output_error": error,
                "schema_errors": r.scored.schema_errors,
                "output": output,
                "fields": r.scored.fields.iter().map(|f| json!({
                    "field": f.field,
                    "verdict": f.verdict,
                    "expected": f.expected,
                    "got": f.got,
                })).collect::<Vec<_>>(),
                "finish_reason": r.scored.finish_reason,
                "latency_ms": r.latency_ms,
                "replayed": r.replayed,
                "prompt_tokens": r.scored.usage.map(|u| u.prompt),
                "completion_tokens": r.scored.usage.map(|u| u.completion),
            })
        })
        .collect()
}
