//! The default format: rustc-style code frames (annotate-snippets) with a summary line.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Summary, count};
use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;
use crate::source::Source;

/// Renders every diagnostic with a code frame, then the summary line. `styled` adds ANSI colour.
pub fn render(files: &[LintedFile], styled: bool) -> String {
    let mut out: String =
        files.iter().map(|file| render_diagnostics(&file.diagnostics, file.source.as_ref(), styled)).collect();
    out.push_str(&summary_line(&Summary::of(files)));
    out.push('\n');
    out
}

/// Renders diagnostics of one file with their code frames, each followed by a blank line,
/// without a summary line (for commands whose findings accompany other output).
pub fn render_diagnostics(diagnostics: &[Diagnostic], source: Option<&Source>, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(&renderer, diagnostic, source));
        out.push_str("\n\n");
    }
    out
}

/// `2 errors, 3 warnings in 4 plans (5 files)` or `no problems in 4 plans (5 files)`, with
/// `; 1 suppressed` when findings were suppressed.
pub fn summary_line(summary: &Summary) -> String {
    let found = match (summary.errors, summary.warnings) {
        (0, 0) => "no problems".to_owned(),
        (errors, 0) => count(errors, "error"),
        (0, warnings) => count(warnings, "warning"),
        (errors, warnings) => format!("{}, {}", count(errors, "error"), count(warnings, "warning")),
    };
    let line = format!("{found} in {} ({})", count(summary.plans, "plan"), count(summary.files, "file"));
    match summary.suppressed {
        0 => line,
        n => format!("{line}; {n} suppressed"),
    }
}

fn render_one(renderer: &Renderer, diagnostic: &Diagnostic, source: Option<&Source>) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(diagnostic.message.as_str());
    // config problems have no rule to name
    let title = if diagnostic.rule.is_empty() { title } else { title.id(diagnostic.rule) };
    let mut group: Group<'_> = match (source, &diagnostic.span) {
        (Some(source), Some(span)) => {
            let (excerpt, first_line, local) = excerpt(source, span.clone());
            let mut annotation = AnnotationKind::Primary.span(local);
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            title.element(
                Snippet::source(excerpt).line_start(first_line).path(diagnostic.file.as_str()).annotation(annotation),
            )
        }
        _ => title.element(Origin::path(diagnostic.file.as_str())),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The lines a span covers (so the renderer never walks a whole large file), the number of
/// the first one, and the span relative to the excerpt.
fn excerpt(source: &Source, span: std::ops::Range<usize>) -> (&str, usize, std::ops::Range<usize>) {
    let text = source.text();
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let first_line = source.line_column(line_start).line;
    (&text[line_start..line_end], first_line, start - line_start..end - line_start)
}

/// Renders every problem of a refused config file with a code frame, like a finding.
pub fn render_config_error(error: &ConfigError, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let source = error.text.as_ref().map(|text| Source::new(error.file.clone(), text.clone()));
    let mut out = String::new();
    for problem in &error.problems {
        let diagnostic = Diagnostic {
            rule: "",
            severity: Severity::Error,
            message: problem.message.clone(),
            file: error.file.clone(),
            pointer: String::new(),
            span: problem.span.clone(),
            start: problem.start,
            end: problem.end,
            label: None,
            help: problem.help.clone(),
        };
        out.push_str(&render_one(&renderer, &diagnostic, source.as_ref()));
        out.push_str("\n\n");
    }
    let problems = count(error.problems.len(), "problem");
    out.push_str(&format!("{problems} in {}; nothing was checked\n", error.file));
    out
}
