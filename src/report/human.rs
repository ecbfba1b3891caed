//! The default format: rustc-style code frames (annotate-snippets) with a summary line.

use std::collections::{HashMap, HashSet};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Summary, count};
use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;
use crate::source::{LineColumn, Source};

/// Code frames shown for one warning rule in one file before the rest are summarised.
const FRAMES_PER_RULE: usize = 3;

/// Renders every diagnostic with a code frame, then the summary line. `styled` adds ANSI colour.
///
/// Like rustc, the first warning of each rule says once how to silence it. A warning rule that
/// fires more than [`FRAMES_PER_RULE`] + 2 times in one file shows its first frames and one
/// line for the rest (every finding is still in `--format json`, SARIF and the count).
pub fn render(files: &[LintedFile], styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut noted = HashSet::new();
    let mut out = String::new();
    for file in files {
        let mut shown: HashMap<&str, usize> = HashMap::new();
        let mut total: HashMap<&str, usize> = HashMap::new();
        for diagnostic in file.diagnostics.iter().filter(|d| d.severity == Severity::Warning) {
            *total.entry(diagnostic.rule).or_default() += 1;
        }
        for diagnostic in &file.diagnostics {
            let summarised = diagnostic.severity == Severity::Warning
                && total.get(diagnostic.rule).is_some_and(|&n| n > FRAMES_PER_RULE + 2);
            let seen = shown.entry(diagnostic.rule).or_default();
            *seen += 1;
            if summarised && *seen > FRAMES_PER_RULE {
                if *seen == FRAMES_PER_RULE + 1 {
                    out.push_str(&more_like_this(&renderer, diagnostic, &file.diagnostics));
                }
                continue;
            }
            let note = (diagnostic.severity == Severity::Warning && noted.insert(diagnostic.rule))
                .then(|| silence_note(diagnostic.rule));
            let long = if file.diagnostics.len() > CROWDED { LONG_EXCERPT } else { usize::MAX };
            out.push_str(&render_with_note(&renderer, diagnostic, file.source.as_ref(), note.as_deref(), long));
            out.push_str("\n\n");
        }
    }
    let summary = Summary::of(files);
    out.push_str(&styled_summary(&summary_line(&summary), &summary, styled));
    out.push('\n');
    out
}

/// The summary line coloured as cargo colours its last line: red when there are errors,
/// yellow for warnings alone, green when clean.
fn styled_summary(line: &str, summary: &Summary, styled: bool) -> String {
    if !styled {
        return line.to_owned();
    }
    let colour = match (summary.errors, summary.warnings) {
        (0, 0) => "32",
        (0, _) => "33",
        _ => "31",
    };
    format!("\u{1b}[1;{colour}m{line}\u{1b}[0m")
}

/// `line 4`, `lines 4–9, 12`: sorted line numbers with runs joined.
fn line_ranges(lines: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &line in lines {
        match runs.last_mut() {
            Some((_, end)) if line <= *end + 1 => *end = (*end).max(line),
            _ => runs.push((line, line)),
        }
    }
    let word = if runs.len() == 1 && runs[0].0 == runs[0].1 { "line" } else { "lines" };
    let runs: Vec<String> =
        runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    format!("{word} {}", runs.join(", "))
}

/// How to turn a warning rule off, said once per run.
fn silence_note(rule: &str) -> String {
    if crate::rules::find(rule).is_some_and(|r| r.set == crate::rules::RuleSet::Pedantic) {
        return format!("`{rule}` is pedantic and runs because it was selected; silence it with `--ignore {rule}`");
    }
    format!(
        "`{rule}` is on by default; silence it with `--ignore {rule}`, or `\"{rule}\" = \"off\"` under `[rules]` in plankit.toml"
    )
}

/// One line standing for the findings of a rule past the first frames: how many, and where.
fn more_like_this(renderer: &Renderer, first_hidden: &Diagnostic, all: &[Diagnostic]) -> String {
    let rest: Vec<&Diagnostic> = all.iter().filter(|d| d.rule == first_hidden.rule).skip(FRAMES_PER_RULE).collect();
    let lines: Vec<usize> = rest.iter().filter_map(|d| d.start.map(|at| at.line)).collect();
    let at = if lines.is_empty() { String::new() } else { format!(" ({})", line_ranges(&lines)) };
    let message = format!("{} more like this in {}{at}", rest.len(), first_hidden.file);
    let group = Level::WARNING
        .primary_title(message.as_str())
        .id(first_hidden.rule)
        .element(Level::NOTE.message("`--format json` lists every finding"));
    let mut out = renderer.render(&[group]);
    out.push_str("\n\n");
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
    render_with_note(renderer, diagnostic, source, None, usize::MAX)
}

fn render_with_note(
    renderer: &Renderer,
    diagnostic: &Diagnostic,
    source: Option<&Source>,
    note: Option<&str>,
    long_excerpt: usize,
) -> String {
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
            let mut annotation = AnnotationKind::Primary.span(local.clone());
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            if excerpt.len() <= long_excerpt {
                title.element(
                    Snippet::source(excerpt)
                        .line_start(first_line)
                        .path(diagnostic.file.as_str())
                        .annotation(annotation),
                )
            } else {
                // a long line among many findings (a prompt of thousands of placeholders) is
                // not framed (see LONG_EXCERPT); the position is given outright, with a window
                // of the text around the span
                let (window, _) = window(excerpt, local);
                let at = diagnostic.start.unwrap_or(LineColumn { line: first_line, column: 1 });
                let origin = Origin::path(diagnostic.file.as_str()).line(at.line).char_column(at.column);
                let label = diagnostic.label.as_deref().map(|label| format!(": {label}")).unwrap_or_default();
                let near = format!(
                    "line {} is {} characters long; near the finding{label}: `{}`",
                    at.line,
                    excerpt.chars().count(),
                    window.replace(['\t', '\r'], " ")
                );
                title.element(origin).element(Level::NOTE.message(near))
            }
        }
        _ => title.element(Origin::path(diagnostic.file.as_str())),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let fix_line = diagnostic.fix.as_ref().map(fix_line);
    if let Some(fix_line) = &fix_line {
        group = group.element(Level::HELP.message(fix_line.as_str()));
    }
    if let Some(note) = note {
        group = group.element(Level::NOTE.message(note));
    }
    renderer.render(&[group])
}

/// The line offering a finding's fix, saying which flag applies it.
fn fix_line(fix: &crate::fix::Fix) -> String {
    use crate::fix::Applicability;
    match fix.applicability {
        Applicability::Safe => format!("safe fix (`--fix`): {}", fix.description),
        Applicability::Unsafe => format!("unsafe fix (`--fix --unsafe-fixes`): {}", fix.description),
        Applicability::DisplayOnly => format!("suggested fix, never applied: {}", fix.description),
    }
}

/// In a file with more than [`CROWDED`] findings, an excerpt longer than this is not framed
/// but shown as a window around the span: framing a long line once per finding made the
/// output quadratic (10,000 typos on one 150 KB line took half a minute).
const LONG_EXCERPT: usize = 2_000;

/// Findings in one file past which long lines are windowed.
const CROWDED: usize = 100;

/// Characters kept on each side of a span when a line is cut.
const WINDOW_CONTEXT: usize = 80;

/// A window of `excerpt` around `span` (also cut when the span itself is long), on character
/// boundaries, and the span relative to it.
fn window(excerpt: &str, span: std::ops::Range<usize>) -> (&str, std::ops::Range<usize>) {
    let span = span.start.min(excerpt.len())..span.end.min(excerpt.len());
    let floor = |mut at: usize| {
        at = at.min(excerpt.len());
        while !excerpt.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let end_of_span = floor(span.end.min(span.start + WINDOW_CONTEXT * 4));
    let start = floor(span.start.saturating_sub(WINDOW_CONTEXT));
    let end = floor(end_of_span + WINDOW_CONTEXT);
    let local = span.start.saturating_sub(start)..end_of_span.max(span.start).saturating_sub(start);
    (&excerpt[start..end], local)
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
            fix: None,
        };
        out.push_str(&render_one(&renderer, &diagnostic, source.as_ref()));
        out.push_str("\n\n");
    }
    let problems = count(error.problems.len(), "problem");
    out.push_str(&format!("{problems} in {}; nothing was checked\n", error.file));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_runs_are_joined() {
        assert_eq!(line_ranges(&[7]), "line 7");
        assert_eq!(line_ranges(&[4, 5, 6, 9, 12, 13]), "lines 4–6, 9, 12–13");
        assert_eq!(line_ranges(&[4, 4, 4]), "line 4");
    }
}
