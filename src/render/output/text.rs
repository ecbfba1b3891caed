//! `--format text`: each message under a `── role ──` rule, exactly as the model receives it,
//! then the verdict. When several sub-plans are rendered, each starts with a `══ name ══` rule.
//!
//! ```text
//! ── system ──
//! Analyze the call transcript according to the provided schema.
//! ── user ──
//! Transcript: AI: Goedemiddag, …
//! ── analysis would run: 6 messages ≥ minMessagesThreshold 5 ──
//! ```

use super::Warning;
use crate::plan::PartKind;
use crate::render::RenderedPart;

/// The rendered parts, for standard output.
pub fn render(parts: &[RenderedPart]) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if parts.len() > 1 {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("══ {} ({}) ══\n", title(part), part.pointer));
        }
        for message in &part.messages {
            out.push_str(&format!("── {} ──\n", message.role));
            out.push_str(&message.content);
            if !message.content.ends_with('\n') {
                out.push('\n');
            }
        }
        out.push_str(&format!("── {} ──\n", part.verdict_line()));
    }
    out
}

/// `summary`, `structured-data`, `structured-data "key"`.
pub fn title(part: &RenderedPart) -> String {
    match &part.kind {
        PartKind::StructuredDataMulti(key) => format!("structured-data {}", crate::text::quote(key)),
        kind => kind.name().to_owned(),
    }
}

/// A warning that has no code frame, for standard error:
/// `warning: …`, then `  --> file:line:col` and `  = help: …` when it has them.
pub fn warning(warning: &Warning) -> String {
    let mut out = format!("warning: {}\n", warning.message);
    if let (Some(file), Some(line), Some(column)) = (&warning.file, warning.line, warning.column) {
        out.push_str(&format!("  --> {file}:{line}:{column}\n"));
    }
    if let Some(help) = &warning.help {
        out.push_str(&format!("  = help: {help}\n"));
    }
    out
}
