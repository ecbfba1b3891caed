//! `--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, CircleCI).
//! One `<testsuite>` per file, one `<testcase>` per plan (findings outside every plan — a
//! parse error, a file without plans — go to a test case named after the file). A test case
//! fails when it holds a finding at the failing level, and the failure body gives every
//! reason with its place, not just "failed". Written with quick-junit, which escapes XML and
//! drops characters XML cannot hold.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;
use crate::plan::Plan;

/// Renders the report. Findings at `fail_at` or above fail their test case (`Warning` under
/// `--deny warnings`); lower ones are listed in the test case's output.
pub fn render(files: &[LintedFile], fail_at: Severity) -> String {
    let mut report = Report::new("plankit");
    for file in files {
        report.add_test_suite(suite(file, fail_at));
    }
    // quick-junit only fails on a broken writer; a String never is one
    report.to_string().unwrap_or_default()
}

fn suite(file: &LintedFile, fail_at: Severity) -> TestSuite {
    let mut suite = TestSuite::new(attribute(&file.name));
    let mut groups: Vec<(String, Vec<&Diagnostic>)> =
        file.plans.iter().map(|plan| (case_name(plan), Vec::new())).collect();
    let mut outside = Vec::new();
    for diagnostic in &file.diagnostics {
        match owner(&file.plans, &diagnostic.pointer) {
            Some(index) => groups[index].1.push(diagnostic),
            None => outside.push(diagnostic),
        }
    }
    if file.plans.is_empty() || !outside.is_empty() {
        groups.insert(0, (file.name.clone(), outside));
    }
    for (name, diagnostics) in groups {
        suite.add_test_case(case(&file.name, name, &diagnostics, fail_at));
    }
    suite
}

/// The plan a pointer lies in: the one with the longest pointer that is a prefix of it.
fn owner(plans: &[Plan], pointer: &str) -> Option<usize> {
    plans
        .iter()
        .enumerate()
        .filter(|(_, plan)| {
            pointer == plan.pointer
                || (pointer.starts_with(plan.pointer.as_str()) && pointer[plan.pointer.len()..].starts_with('/'))
        })
        .max_by_key(|(_, plan)| plan.pointer.len())
        .map(|(index, _)| index)
}

fn case_name(plan: &Plan) -> String {
    let at = if plan.pointer.is_empty() { "plan".to_owned() } else { format!("plan at {}", plan.pointer) };
    match &plan.name {
        Some(name) => format!("{name} ({at})"),
        None => at,
    }
}

fn case(file: &str, name: String, diagnostics: &[&Diagnostic], fail_at: Severity) -> TestCase {
    let failing: Vec<_> = diagnostics.iter().filter(|d| d.severity >= fail_at).collect();
    let status = match failing.first() {
        None => TestCaseStatus::success(),
        Some(first) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let message = match failing.len() {
                1 => first.message.clone(),
                n => format!("{} (and {} more)", first.message, n - 1),
            };
            status.set_message(attribute(&message)).set_type(first.rule);
            status.set_description(diagnostics.iter().map(|d| reason(d)).collect::<Vec<_>>().join("\n"));
            status
        }
    };
    let mut case = TestCase::new(attribute(&name), status);
    case.set_classname(attribute(file));
    let below: Vec<_> = diagnostics.iter().filter(|d| d.severity < fail_at).map(|d| reason(d)).collect();
    if failing.is_empty() && !below.is_empty() {
        case.set_system_out(below.join("\n"));
    }
    case
}

/// A name or message for an XML attribute, with every control character written out (`\t`,
/// `\r`, `\u{1b}`): quick-junit drops them (and XML would fold a raw tab into a space), so
/// `a<TAB>b.json` and `ab.json` would otherwise become the same suite.
pub(crate) fn attribute(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\t' => "\\t".to_owned(),
            '\r' => "\\r".to_owned(),
            '\n' => "\\n".to_owned(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// `file:line:col: error[rule]: message` and its help, as in a compiler's short output.
fn reason(diagnostic: &Diagnostic) -> String {
    let place = match diagnostic.start {
        Some(start) => format!("{}:{}:{}", diagnostic.file, start.line, start.column),
        None => diagnostic.file.clone(),
    };
    let mut text = format!("{place}: {}[{}]: {}", diagnostic.severity, diagnostic.rule, diagnostic.message);
    if !diagnostic.pointer.is_empty() {
        text.push_str(&format!(" (at {})", diagnostic.pointer));
    }
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\n  help: {help}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_names_are_written_out_not_dropped() {
        assert_eq!(attribute("a\tb\rc.json"), "a\\tb\\rc.json");
        assert_eq!(attribute("x\u{1b}[2J"), "x\\u{1b}[2J");
        assert_eq!(attribute("plain name"), "plain name");
    }
}
