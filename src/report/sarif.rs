//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning (and most code-review tools)
//! read. Hand-written serde structs rather than a SARIF crate: the subset plankit writes is
//! small, and the generated crates add a build script and a code generator to every build.
//!
//! One run; `tool.driver.rules` lists every rule (so code scanning can tell "ran and found
//! nothing" from "unknown rule" and close fixed alerts), with its full documentation as help.
//! Results carry the rule, level, message (plus help), and a region in Unicode code points —
//! the same columns every other format reports. Suppressed findings are kept as results with
//! an `inSource` suppression, as SARIF intends, so nothing is silently dropped. A finding with
//! a fix carries it as SARIF `fixes` (`artifactChanges` / `replacements`, regions in the same
//! columns, plus byte offsets), which review tools show as a suggested change; its
//! applicability (`safe`, `unsafe`, `display-only`) is in the fix's `properties`.

use std::path::Path;

use serde::Serialize;

use super::artifact_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::LintedFile;
use crate::rules::Rule;

/// Where the rules are documented: each rule's `helpUri`. The README's rule table is generated
/// from the same docs that `help` carries in full.
pub const RULES_URI: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/README.md#rules");

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: &'static str,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: InsertedContent<'a>,
}

#[derive(Serialize)]
struct InsertedContent<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: crate::fix::Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    // byte offsets are known for lint findings, not for validation errors in a stream
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    /// The JSON Pointer of the node, for tools that want more than a region.
    pointer: &'a str,
}

/// Renders a run as a SARIF 2.1.0 log. Paths are made relative to `working_dir` (the checkout
/// root in CI), as code scanning expects.
pub fn render(files: &[LintedFile], working_dir: &Path) -> String {
    let mut results = Vec::new();
    for file in files {
        for diagnostic in &file.diagnostics {
            results.extend(result(diagnostic, None, working_dir).map(|mut result| {
                result.fixes = fixes(diagnostic, file.source.as_ref(), working_dir);
                result
            }));
        }
        for suppressed in &file.suppressed {
            results.extend(result(&suppressed.diagnostic, Some(&suppressed.reason), working_dir));
        }
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "plankit",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: crate::rules::all().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // plain structs of strings and numbers always serialise
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn descriptor(rule: &'static Rule) -> ReportingDescriptor {
    let doc = rule.doc();
    ReportingDescriptor {
        id: rule.name,
        short_description: Text { text: rule.summary() },
        full_description: Text { text: rule.summary() },
        help: Help { text: doc.clone(), markdown: doc },
        help_uri: RULES_URI,
        default_configuration: Configuration { level: level(rule.default_severity) },
        properties: RuleProperties { tags: [rule.name.split('/').next().unwrap_or_default()] },
    }
}

fn result<'a>(diagnostic: &'a Diagnostic, suppressed: Option<&'a str>, working_dir: &Path) -> Option<SarifResult<'a>> {
    let rule_index = crate::rules::all().position(|rule| rule.name == diagnostic.rule)?;
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let region = match (diagnostic.start, diagnostic.end) {
        (Some(start), Some(end)) => Some(Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_offset: diagnostic.span.as_ref().map(|span| span.start),
            byte_length: diagnostic.span.as_ref().map(|span| span.len()),
        }),
        _ => None,
    };
    let locations = artifact_path(&diagnostic.file, working_dir)
        .map(|path| Location {
            physical_location: PhysicalLocation { artifact_location: ArtifactLocation { uri: uri(&path) }, region },
        })
        .into_iter()
        .collect();
    Some(SarifResult {
        rule_id: diagnostic.rule,
        rule_index,
        level: level(diagnostic.severity),
        message: Text { text },
        locations,
        suppressions: suppressed
            .map(|justification| Suppression { kind: "inSource", status: "accepted", justification })
            .into_iter()
            .collect(),
        fixes: Vec::new(),
        properties: ResultProperties { pointer: &diagnostic.pointer },
    })
}

/// The finding's fix as SARIF: one artifact change of the finding's file. None for standard
/// input, which has no artifact to change.
fn fixes<'a>(
    diagnostic: &'a Diagnostic,
    source: Option<&crate::source::Source>,
    working_dir: &Path,
) -> Vec<SarifFix<'a>> {
    let (Some(fix), Some(source), Some(path)) = (&diagnostic.fix, source, artifact_path(&diagnostic.file, working_dir))
    else {
        return Vec::new();
    };
    let replacements = fix
        .text_edits()
        .iter()
        .map(|edit| {
            let (start, end) = (source.line_column(edit.range.start), source.line_column(edit.range.end));
            Replacement {
                deleted_region: Region {
                    start_line: start.line,
                    start_column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    byte_offset: Some(edit.range.start),
                    byte_length: Some(edit.range.len()),
                },
                inserted_content: InsertedContent { text: &edit.replacement },
            }
        })
        .collect();
    vec![SarifFix {
        description: Text { text: format!("{} ({})", fix.description, fix.applicability) },
        artifact_changes: [ArtifactChange { artifact_location: ArtifactLocation { uri: uri(&path) }, replacements }],
        properties: FixProperties { applicability: fix.applicability },
    }]
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and `/`
/// percent-encoded (a space in a folder name must not end the URI). Absolute paths become
/// `file://` URIs.
fn uri(path: &str) -> String {
    let scheme = if path.starts_with('/') { "file://" } else { "" };
    format!("{scheme}{}", crate::uri::encode_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("plans/a b/ü.json"), "plans/a%20b/%C3%BC.json");
        assert_eq!(uri("/abs/x.json"), "file:///abs/x.json");
    }
}
