//! `plankit test --format junit`: one testsuite, one testcase per case, the diff or the
//! reason in the failure body.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{explanation, status_name};
use crate::case::CaseResult;

/// Renders the results as JUnit XML.
pub fn render(results: &[CaseResult]) -> String {
    let mut suite = TestSuite::new("plankit test");
    for result in results {
        let status = if result.failed {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_type(status_name(&result.status));
            if let Some(message) = explanation(result) {
                status.set_message(crate::report::junit::attribute(&message));
            }
            if let Some(body) = result.diff.clone().or_else(|| explanation(result)) {
                status.set_description(body);
            }
            status
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(crate::report::junit::attribute(&result.name), status);
        case.set_classname("plankit.snapshot");
        suite.add_test_case(case);
    }
    let mut report = Report::new("plankit");
    report.add_test_suite(suite);
    // quick-junit only fails on a broken writer; a String never is
    report.to_string().unwrap_or_default()
}
