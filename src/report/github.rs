//! `--format github`: GitHub Actions workflow commands, one per finding, which the runner turns
//! into annotations on the pull request's diff:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`.
//!
//! Warnings become `::warning`. Suppressed findings are not annotated (they were reviewed);
//! the summary line at the end counts them. Values are escaped as the runner requires: `%`,
//! `\r` and `\n` everywhere, and also `:` and `,` inside properties.

use std::path::Path;

use super::{Summary, artifact_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;

/// Renders one workflow command per finding, then the lint summary line as plain log text.
pub fn render(files: &[LintedFile], working_dir: &Path) -> String {
    annotations(files, working_dir) + &super::human::summary_line(&Summary::of(files)) + "\n"
}

/// One workflow command per finding, without a summary (each command adds its own).
pub fn annotations(files: &[LintedFile], working_dir: &Path) -> String {
    let mut out = String::new();
    for diagnostic in files.iter().flat_map(|f| &f.diagnostics) {
        out.push_str(&command(diagnostic, working_dir));
        out.push('\n');
    }
    out
}

/// The workflow command for one finding.
pub fn command(diagnostic: &Diagnostic, working_dir: &Path) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    let path = artifact_path(&diagnostic.file, working_dir);
    if let Some(path) = &path {
        properties.push(format!("file={}", escape_property(path)));
        if let (Some(start), Some(end)) = (diagnostic.start, diagnostic.end) {
            properties.push(format!("line={},col={}", start.line, start.column));
            properties.push(format!("endLine={},endColumn={}", end.line, end.column));
        }
    }
    properties.push(format!("title={}", escape_property(diagnostic.rule)));
    let mut message = diagnostic.message.clone();
    if path.is_none() {
        // no file to attach the annotation to: say where it came from in the text
        message = format!("{}: {message}", diagnostic.file);
    }
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{name} {}::{}", properties.join(","), escape_data(&message))
}

/// Escapes a command's message (control characters shown, never sent: see
/// [`crate::text::terminal_safe`]).
pub fn escape_data(text: &str) -> String {
    let escaped = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    crate::text::terminal_safe(&escaped, false).into_owned()
}

/// Escapes a property value, where `:` and `,` would end it.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runner_metacharacters_are_escaped() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
