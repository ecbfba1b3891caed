//! `--format junit`: one `<testsuite>` for the plan, one `<testcase>` per case. A case fails
//! when any run's output is not JSON, breaks the schema, or gets a field wrong, missing or
//! invented; the failure lists each, run by run. A missed gate is a failing test case of its own.

use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};

use super::{Report, percent};
use crate::eval::compare::Verdict;
use crate::eval::score::Output;

/// Renders the report.
pub fn render(report: &Report) -> String {
    let mut junit = Junit::new("plankit eval");
    let side = &report.subject;
    let mut suite = TestSuite::new(side.plan);
    for (index, case) in side.summary.cases.iter().enumerate() {
        let mut reasons = Vec::new();
        for record in side.records.iter().filter(|r| r.case == index) {
            let run = format!("run {}", record.run);
            match &record.scored.output {
                Output::NotJson { error, .. } => reasons.push(format!("{run}: the output is not JSON ({error})")),
                Output::Empty(why) => reasons.push(format!("{run}: {why}")),
                Output::Json(_) => {}
            }
            reasons.extend(record.scored.schema_errors.iter().map(|e| format!("{run}: schema: {e}")));
            reasons.extend(super::wrong_fields(&run, &record.scored));
        }
        let status = if reasons.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let wrong: Vec<String> = {
                let mut names: Vec<String> = side
                    .records
                    .iter()
                    .filter(|r| r.case == index)
                    .flat_map(|r| {
                        r.scored.fields.iter().filter(|f| f.verdict != Verdict::Correct).map(|f| f.field.clone())
                    })
                    .collect();
                names.sort();
                names.dedup();
                names
            };
            let message = if wrong.is_empty() {
                reasons[0].clone()
            } else {
                format!(
                    "{} of {} fields correct; not correct: {}",
                    case.tally.correct,
                    case.tally.compared,
                    wrong.join(", ")
                )
            };
            status.set_message(message).set_type("eval");
            status.set_description(reasons.join("\n"));
            status
        };
        let mut test = TestCase::new(case.name.as_str(), status);
        test.set_classname(side.plan);
        suite.add_test_case(test);
    }
    for gate in report.gates {
        let status = if gate.passed {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(format!(
                    "{} is below the gate of {}",
                    percent(gate.actual),
                    percent(Some(gate.gate.minimum()))
                ))
                .set_type("gate");
            status
        };
        let mut test = TestCase::new(format!("gate: {}", gate.gate.subject()), status);
        test.set_classname(side.plan);
        suite.add_test_case(test);
    }
    junit.add_test_suite(suite);
    // quick-junit only fails on a broken writer; a String never is one
    junit.to_string().unwrap_or_default()
}
