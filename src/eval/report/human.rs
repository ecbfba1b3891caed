//! `--format human`: a table per case and per field, each enum field's confusion matrix, the
//! request figures, the gates, and then what went wrong, run by run.

use std::fmt::Write;

use super::{Report, Side, percent};
use crate::eval::score::Output;
use crate::eval::summary::Summary;

/// Renders the report.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let subject = &report.subject;
    let cases = subject.summary.cases.len();
    let _ = writeln!(
        out,
        "plankit eval: {} on {} × {}, model {} ({})",
        subject.plan,
        crate::report::count(cases, "case"),
        crate::report::count(report.runs as usize, "run"),
        report.model,
        report.structured
    );
    out.push('\n');
    cases_table(&mut out, subject.summary);
    out.push('\n');
    fields_table(&mut out, report);
    confusion(&mut out, subject.summary);
    out.push('\n');
    requests(&mut out, subject.summary);
    if let Some(baseline) = &report.baseline {
        let overall = &baseline.summary.overall;
        let _ = writeln!(
            out,
            "baseline {}: {} of {} fields correct ({})",
            baseline.plan,
            overall.correct,
            overall.compared,
            percent(overall.accuracy())
        );
        requests(&mut out, baseline.summary);
    }
    problems(&mut out, subject);
    for gate in report.gates {
        let _ = writeln!(
            out,
            "gate {} ≥ {}: {} {}",
            gate.gate.subject(),
            percent(Some(gate.gate.minimum())),
            percent(gate.actual),
            if gate.passed { "met" } else { "MISSED" }
        );
    }
    let _ = writeln!(
        out,
        "{}: {} of {} fields correct ({})",
        if report.passed() { "ok" } else { "failed" },
        subject.summary.overall.correct,
        subject.summary.overall.compared,
        percent(subject.summary.overall.accuracy())
    );
    out
}

/// Left-aligns the first column and right-aligns the rest.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn cases_table(out: &mut String, summary: &Summary) {
    let mut rows =
        vec![["case", "json", "schema", "correct", "wrong", "missing", "invented"].map(str::to_owned).to_vec()];
    for case in &summary.cases {
        rows.push(vec![
            case.name.clone(),
            format!("{}/{}", case.valid_json, case.runs),
            format!("{}/{}", case.schema_valid, case.runs),
            format!("{}/{}", case.tally.correct, case.tally.compared),
            case.tally.wrong.to_string(),
            case.tally.missing.to_string(),
            case.tally.invented.to_string(),
        ]);
    }
    table(out, &rows);
}

fn fields_table(out: &mut String, report: &Report) {
    let summary = report.subject.summary;
    let baseline = report.baseline.as_ref().map(|b| b.summary);
    let runs = report.runs > 1;
    let mut head = vec!["field", "compared", "correct", "accuracy"];
    if baseline.is_some() {
        head.extend(["baseline", "change"]);
    }
    head.extend(["wrong", "missing", "invented"]);
    if runs {
        head.push("agreement");
    }
    let mut rows = vec![head.into_iter().map(str::to_owned).collect::<Vec<_>>()];
    for field in &summary.fields {
        let accuracy = field.tally.accuracy();
        let mut row = vec![
            field.field.clone(),
            field.tally.compared.to_string(),
            field.tally.correct.to_string(),
            percent(accuracy),
        ];
        if let Some(baseline) = baseline {
            let before = baseline.fields.iter().find(|f| f.field == field.field).and_then(|f| f.tally.accuracy());
            row.push(percent(before));
            row.push(match (accuracy, before) {
                (Some(now), Some(before)) => format!("{:+.1}", (now - before) * 100.0),
                _ => "-".to_owned(),
            });
        }
        row.extend([field.tally.wrong.to_string(), field.tally.missing.to_string(), field.tally.invented.to_string()]);
        if runs {
            row.push(percent(field.agreement));
        }
        rows.push(row);
    }
    let mut total = vec![
        "all fields".to_owned(),
        summary.overall.compared.to_string(),
        summary.overall.correct.to_string(),
        percent(summary.overall.accuracy()),
    ];
    if let Some(baseline) = baseline {
        total.push(percent(baseline.overall.accuracy()));
        total.push(match (summary.overall.accuracy(), baseline.overall.accuracy()) {
            (Some(now), Some(before)) => format!("{:+.1}", (now - before) * 100.0),
            _ => "-".to_owned(),
        });
    }
    total.extend([
        summary.overall.wrong.to_string(),
        summary.overall.missing.to_string(),
        summary.overall.invented.to_string(),
    ]);
    rows.push(total);
    table(out, &rows);
}

fn confusion(out: &mut String, summary: &Summary) {
    for field in &summary.fields {
        let Some(confusion) = &field.confusion else { continue };
        // only the values that occur, so a 40-value enum stays readable
        let used: Vec<&String> =
            confusion.labels.iter().filter(|l| confusion.counts.keys().any(|(e, g)| e == *l || g == *l)).collect();
        let _ = writeln!(out, "\n{} (rows expected, columns produced):", field.field);
        let mut rows =
            vec![std::iter::once(String::new()).chain(used.iter().map(|l| (*l).clone())).collect::<Vec<_>>()];
        for expected in &used {
            let mut row = vec![format!("  {expected}")];
            for got in &used {
                let n = confusion.counts.get(&((*expected).clone(), (*got).clone())).copied().unwrap_or(0);
                row.push(if n == 0 { ".".to_owned() } else { n.to_string() });
            }
            rows.push(row);
        }
        table(out, &rows);
    }
}

fn requests(out: &mut String, summary: &Summary) {
    let mut line = format!(
        "{}: {} JSON, {} schema-valid",
        crate::report::count(summary.requests, "request"),
        summary.valid_json,
        summary.schema_valid
    );
    if summary.replayed > 0 {
        let _ = write!(line, ", {} replayed", summary.replayed);
    }
    let _ = write!(
        line,
        "; latency p50 {} ms, p95 {} ms, max {} ms; tokens {} in, {} out",
        summary.latency.p50, summary.latency.p95, summary.latency.max, summary.prompt_tokens, summary.completion_tokens
    );
    if let Some(cost) = summary.cost {
        let _ = write!(line, "; cost {cost:.4}");
    }
    out.push_str(&line);
    out.push('\n');
}

fn problems(out: &mut String, side: &Side) {
    let mut lines = Vec::new();
    for record in side.records {
        let name = side.summary.cases.get(record.case).map_or("?", |c| c.name.as_str());
        let at = format!("{name} run {}", record.run);
        match &record.scored.output {
            Output::NotJson { excerpt, error } => {
                lines.push(format!("{at}: the output is not JSON ({error}): {}", crate::text::quote(excerpt)));
            }
            Output::Empty(why) => lines.push(format!("{at}: {why}")),
            Output::Json(_) => {}
        }
        if record.scored.finish_reason.as_deref() == Some("length") {
            lines.push(format!("{at}: the output was cut off at the token limit (finish_reason \"length\")"));
        }
        for error in &record.scored.schema_errors {
            lines.push(format!("{at}: schema: {error}"));
        }
        lines.extend(super::wrong_fields(&at, &record.scored));
    }
    if !lines.is_empty() {
        out.push('\n');
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push('\n');
}
