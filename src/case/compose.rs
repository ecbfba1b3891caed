//! A case's snapshot text: plain, reviewable sections — the lint result, each rendered
//! prompt with the analysis-would-run verdict, and the validation result of every payload and
//! output — with volatile values (ids, timestamps, pointers listed in `case.toml`) redacted.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use serde_json::Value;

use super::{Case, CaseConfig};
use crate::diagnostic::Diagnostic;
use crate::json::Document;
use crate::lint::{LintedFile, Settings, lint_inputs};
use crate::provider::Target;
use crate::render::{Assistant, RenderOptions};
use crate::source::Input;
use crate::source::Source;
use crate::template::vocabulary::Dialect;
use crate::transcript::{Labels, Transcript};
use crate::validate::{CheckOptions, OutputValidator, RunOptions, SchemaOptions, check_document, validate_inputs};

/// Keys whose values change from call to call and are redacted wherever they occur.
const VOLATILE_KEYS: &[&str] = &[
    "id",
    "callId",
    "call_id",
    "toolCallId",
    "tool_call_id",
    "orgId",
    "org_id",
    "timestamp",
    "eventTimestamp",
    "eventTime",
    "createdAt",
    "created_at",
    "updatedAt",
    "updated_at",
    "startedAt",
    "started_at",
    "endedAt",
    "ended_at",
    "time",
    "endTime",
];

/// A case's snapshot and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The snapshot text.
    pub text: String,
    /// 0 when the plan lints without errors and every document is valid, else 1.
    pub exit: u8,
}

/// Composes the snapshot of one case; an unknown provider target in `case.toml` is an error.
pub fn compose(case: &Case, config: &CaseConfig) -> Result<Composed, String> {
    // the folder's own name, so the snapshot is the same whichever folder the suite is run from
    let folder = case.dir.file_name().map_or_else(|| case.name.clone(), |n| n.to_string_lossy().into_owned());
    let mut text = format!("# plankit snapshot of case `{folder}`\n");
    let mut exit = 0;
    let mut settings = Settings::default();
    for name in &config.targets {
        let target = Target::from_name(name).map_err(|e| match e.suggestion {
            Some(near) => format!("case.toml: unknown target `{name}`; did you mean `{near}`?"),
            None => format!("case.toml: unknown target `{name}`"),
        })?;
        settings.targets.push(target);
    }
    if let Some(name) = &config.platform {
        settings.platform = Some(Dialect::from_name(name).ok_or_else(|| {
            let hint = crate::text::suggest_value(name, Dialect::ALL.map(Dialect::name))
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            format!("case.toml: unknown platform `{name}`{hint}")
        })?);
    }
    // the plan and its structured-output definitions in one run, so links are checked across them
    let inputs: Vec<Input> = std::iter::once(&case.plan).chain(&case.definitions).cloned().map(Input::File).collect();
    let linted = lint_inputs(&inputs, &settings);
    if linted.iter().any(|file| file.diagnostics.iter().any(Diagnostic::is_error) || file.failed) {
        exit = 1;
    }
    lint_section(&mut text, &linted, &case.dir);
    render_section(&mut text, case, config, &linted);
    if !validate_section(&mut text, case, &linted) {
        exit = 1;
    }
    let mut volatile = BTreeSet::new();
    // the definitions' ids are not redacted: they are configuration, the same on every call,
    // and the key a reviewer looks a result up by in a report's `artifact.structuredOutputs`
    for path in case.documents.iter().chain([&case.plan]).chain(&case.transcript) {
        let parsed = std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok());
        if let Some(value) = parsed {
            collect_volatile(&value, &config.redact, "", &mut volatile);
        }
    }
    Ok(Composed { text: redact(text, &volatile), exit })
}

fn lint_section(text: &mut String, linted: &[LintedFile], dir: &Path) {
    let _ = writeln!(text, "\n## lint\n");
    if linted.iter().all(|file| file.diagnostics.is_empty()) {
        let _ = writeln!(text, "no problems");
    }
    for d in linted.iter().flat_map(|file| &file.diagnostics) {
        // paths inside a case are shown relative to it, so the snapshot moves with the folder
        let dir = crate::source::display_name(dir);
        let file = Path::new(&d.file).strip_prefix(&dir).map_or(d.file.clone(), |p| p.display().to_string());
        let at = d.start.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default();
        let _ = writeln!(text, "{file}{at}: {}[{}]: {}", d.severity, d.rule, d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(text, "  help: {help}");
        }
    }
}

/// Each plan rendered for the case's transcript: the messages and the would-run verdict; then
/// those of each structured-output definition file, under the file's name.
fn render_section(text: &mut String, case: &Case, config: &CaseConfig, linted: &[LintedFile]) {
    let _ = writeln!(text, "\n## render\n");
    let Some(path) = &case.transcript else {
        let _ = writeln!(text, "no transcript in this case");
        return;
    };
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let defaults = Labels::default();
    let labels = Labels {
        assistant: config.transcript.assistant_label.clone().unwrap_or(defaults.assistant),
        user: config.transcript.user_label.clone().unwrap_or(defaults.user),
    };
    let transcript = match Source::from_transcript_path(path) {
        Ok(source) => Transcript::parse_with(&source, &labels).map_err(|e| {
            let at = source.line_column(e.range.start);
            format!("{name}:{}:{}: {}", at.line, at.column, e.message)
        }),
        Err(e) => Err(format!("{name}: {}", e.message)),
    };
    let transcript = match transcript {
        Ok(transcript) => transcript,
        Err(message) => {
            let _ = writeln!(text, "the transcript cannot be read: {message}");
            return;
        }
    };
    for warning in &transcript.warnings {
        let _ = writeln!(text, "warning: {}", warning.message);
    }
    let file_name = |path: &Path| path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    for (index, file) in linted.iter().enumerate() {
        if index == 1 {
            links_note(text, linted, &case.definitions);
        }
        if let Some(path) = index.checked_sub(1).and_then(|i| case.definitions.get(i)) {
            if !text.ends_with("\n\n") {
                text.push('\n');
            }
            let _ = writeln!(text, "### {}\n", file_name(path));
        }
        render_file(text, file, &transcript, config, &labels);
    }
}

/// Which of the plan's `artifactPlan.structuredOutputIds` the definition files beside it define,
/// by name and file, so a reviewer sees what Vapi would run for the assistant.
fn links_note(text: &mut String, linted: &[LintedFile], definitions: &[std::path::PathBuf]) {
    let Some(root) = linted.first().and_then(|f| f.source.as_ref()).and_then(|s| Document::of(s).ok()) else {
        return;
    };
    let ids: Vec<String> = crate::plan::find_structured::links(root.value())
        .into_iter()
        .flat_map(|link| link.ids.into_iter().map(|(_, id)| id))
        .collect();
    if ids.is_empty() {
        return;
    }
    let defined = |id: &str| {
        linted.iter().skip(1).zip(definitions).find_map(|(file, path)| {
            let definition = file
                .plans
                .iter()
                .flat_map(|plan| &plan.parts)
                .filter_map(|part| part.kind.structured_output())
                .find(|definition| definition.id.as_deref() == Some(id))?;
            let file = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            Some(match &definition.name {
                Some(name) => format!("\"{name}\" ({file})"),
                None => file,
            })
        })
    };
    let listed: Vec<String> =
        ids.iter().map(|id| defined(id).unwrap_or_else(|| format!("{id} (not defined beside the plan)"))).collect();
    let outputs = if ids.len() == 1 { "output" } else { "outputs" };
    let _ = writeln!(text, "the plan links {} saved structured {outputs}: {}", ids.len(), listed.join(", "));
}

/// One linted file's plans rendered for the transcript.
fn render_file(text: &mut String, linted: &LintedFile, transcript: &Transcript, config: &CaseConfig, labels: &Labels) {
    let root = linted.source.as_ref().and_then(|s| Document::of(s).ok());
    // a bare JSON Schema has no prompts to render
    for plan in linted.plans.iter().filter(|plan| plan.shape != crate::plan::Shape::Schema) {
        let options = RenderOptions {
            labels: labels.clone(),
            ended_reason: config.ended_reason.clone(),
            assistant: root
                .as_ref()
                .zip(linted.source.as_ref())
                .map(|(doc, s)| Assistant::of(doc, s.text(), plan))
                .unwrap_or_default(),
            // checked by `compose` before anything renders
            platform: config.platform.as_deref().and_then(Dialect::from_name),
            ..RenderOptions::default()
        };
        let parts = plan.render(transcript, &options);
        text.push_str(&crate::render::output::text::render(&parts));
        for warning in parts.iter().flat_map(|p| &p.warnings) {
            let _ = writeln!(text, "warning: {}", warning.message);
        }
        for (part, too_big) in parts.iter().filter_map(|p| p.oversize.as_ref().map(|o| (p, o))) {
            let _ = writeln!(
                text,
                "error: a message of the {} plan is left out: `{}` ({} bytes, used {} times) would make it larger than {} MB",
                part.kind.name(),
                too_big.placeholder,
                too_big.value_bytes,
                too_big.uses,
                crate::render::substitute::MAX_RENDERED_BYTES / (1024 * 1024)
            );
        }
    }
}

/// Every payload and output of the case validated against the plan and the structured-output
/// definitions beside it (a report's results by output id); false when one is invalid.
fn validate_section(text: &mut String, case: &Case, linted: &[LintedFile]) -> bool {
    let _ = writeln!(text, "\n## validate\n");
    if case.documents.is_empty() {
        let _ = writeln!(text, "no payloads or outputs in this case");
        return true;
    }
    let plans: Vec<crate::plan::Plan> = linted.iter().flat_map(|file| file.plans.iter().cloned()).collect();
    let validator = match OutputValidator::for_plans(&plans, &SchemaOptions::default()) {
        Ok(validator) => validator,
        // as `plankit validate` does: a summary-only plan still has its payloads' format checked
        Err(crate::validate::SchemaError::NoSchema) if !plans.is_empty() => {
            let _ = writeln!(text, "note: the plan has no structured-data schema: analyses are not checked");
            match OutputValidator::new(&serde_json::json!({}), &SchemaOptions::default()) {
                Ok(validator) => validator,
                Err(error) => {
                    let _ = writeln!(text, "the plan's schema cannot be used: {error}");
                    return false;
                }
            }
        }
        Err(error) => {
            let _ = writeln!(text, "the plan's schema cannot be used: {error}");
            return false;
        }
    };
    let options = RunOptions { ndjson: false, stdin_ndjson: false, check: CheckOptions::default() };
    let mut all_valid = true;
    for path in &case.documents {
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let validated = validate_inputs(&[Input::File(path.clone())], &validator, &options).remove(0);
        if !validated.reported.iter().any(|d| d.is_invalid()) && !validated.failed {
            let kind = std::fs::read_to_string(path)
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .map(|value| check_document(&value, &validator, &options.check).kind.name());
            let _ = writeln!(text, "{name}: valid {}", kind.unwrap_or("document"));
            for document in &validated.reported {
                write_findings(text, document);
            }
            continue;
        }
        all_valid = false;
        for document in &validated.reported {
            let _ = writeln!(text, "{name}: invalid {}", document.kind.name());
            write_findings(text, document);
        }
        if validated.reported.is_empty() {
            let _ = writeln!(text, "{name}: cannot be read");
        }
    }
    all_valid
}

/// A document's errors and warnings, one `line:col: level[rule]: message` line each.
fn write_findings(text: &mut String, document: &crate::validate::DocumentReport) {
    for error in &document.errors {
        let at = error.line.zip(error.column).map(|(l, c)| format!("{l}:{c}: ")).unwrap_or_default();
        let _ = writeln!(text, "  {at}{}[{}]: {}", error.severity, error.rule.name, error.message);
    }
}

/// Gathers the string and number values at volatile keys and at the configured pointers.
fn collect_volatile(value: &Value, pointers: &[String], pointer: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                let child_pointer = crate::json::child_pointer(pointer, key);
                let volatile = VOLATILE_KEYS.contains(&key.as_str()) || pointers.contains(&child_pointer);
                match child {
                    Value::String(s) if volatile && !s.is_empty() => {
                        out.insert(s.clone());
                    }
                    Value::Number(n) if volatile => {
                        out.insert(n.to_string());
                    }
                    _ => collect_volatile(child, pointers, &child_pointer, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_volatile(item, pointers, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Replaces every volatile value in the text, longest first so one never eats part of another.
fn redact(mut text: String, volatile: &BTreeSet<String>) -> String {
    let mut values: Vec<&String> = volatile.iter().filter(|v| v.len() >= 3).collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in values {
        text = text.replace(value.as_str(), "[redacted]");
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn ids_timestamps_and_listed_pointers_are_redacted() {
        let payload = json!({"message": {"timestamp": "2025-12-13T12:05:30.000Z", "call": {"id": "5c4d030f-43e3"},
            "customer": {"number": "+31612345678"}, "summary": "kept"}});
        let mut volatile = BTreeSet::new();
        collect_volatile(&payload, &["/message/customer/number".to_owned()], "", &mut volatile);
        let text = "at 2025-12-13T12:05:30.000Z call 5c4d030f-43e3 from +31612345678: kept".to_owned();
        assert_eq!(redact(text, &volatile), "at [redacted] call [redacted] from [redacted]: kept");
    }
}
