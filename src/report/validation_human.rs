//! `plankit validate --format human`: one `error[rule]: message` and `  --> file:line:col` per
//! error (no code frame: an NDJSON line is a kilobyte wide), help lines, then
//! `2 of 48,210 documents invalid`. Colours follow rustc's; anstream strips them when the
//! output is not a terminal or `NO_COLOR` is set.

use crate::validate::{Located, RunSummary, ValidatedInput};

const ERROR: &str = "\x1b[1;91m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;94m";
const RESET: &str = "\x1b[0m";

/// Renders every error of every invalid document, then the summary line.
pub fn render(inputs: &[ValidatedInput], styled: bool) -> String {
    let mut out = String::new();
    for document in inputs.iter().flat_map(|i| &i.invalid) {
        for error in &document.errors {
            render_one(&mut out, &document.file, error, styled);
        }
    }
    out.push_str(&summary_line(&RunSummary::of(inputs)));
    out.push('\n');
    out
}

fn render_one(out: &mut String, file: &str, error: &Located, styled: bool) {
    let paint = |style: &str, text: &str| if styled { format!("{style}{text}{RESET}") } else { text.to_owned() };
    let title = paint(ERROR, &format!("error[{}]", error.rule.name));
    out.push_str(&format!("{title}{}\n", paint(BOLD, &format!(": {}", error.message))));
    let place = match (error.line, error.column) {
        (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file.to_owned(),
    };
    out.push_str(&format!("  {} {place}\n", paint(BLUE, "-->")));
    if let Some(help) = &error.help {
        out.push_str(&format!("  {} {help}\n", paint(BLUE, "= help:")));
    }
}

/// `2 of 48,210 documents invalid`, or `all 3 documents valid`.
pub fn summary_line(summary: &RunSummary) -> String {
    let documents = if summary.documents == 1 { "document" } else { "documents" };
    match (summary.invalid, summary.documents) {
        (0, 1) => "1 document valid".to_owned(),
        (0, n) => format!("all {} {documents} valid", thousands(n)),
        (invalid, n) => format!("{} of {} {documents} invalid", thousands(invalid), thousands(n)),
    }
}

/// `48210` → `48,210`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_like_the_issue() {
        let summary = RunSummary { documents: 48_210, valid: 48_208, invalid: 2 };
        assert_eq!(summary_line(&summary), "2 of 48,210 documents invalid");
        assert_eq!(summary_line(&RunSummary { documents: 3, valid: 3, invalid: 0 }), "all 3 documents valid");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
