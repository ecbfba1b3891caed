//! Checking a document as [`crate::recognise`] recognises it: a webhook payload (with or
//! without its envelope, in its dialect) is checked by every `payload/*` rule in
//! [`crate::rules::RULES`], then its analysis (if any) against the schema; anything else is an
//! analysis output, checked against the schema directly.

use serde::Serialize;
use serde_json::Value;

use super::payload::{Event, Payload};
use super::{CheckOptions, OutputValidator, Violation};
use crate::json::child_pointer;
use crate::recognise::{DialectChoice, Recognised, Shape, Tree, recognise, shape};
use crate::rules::{Check, RULES};

/// What a document was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An analysis output, validated against the schema.
    AnalysisOutput,
    /// An `end-of-call-report` webhook.
    EndOfCallReport,
    /// A `status-update` webhook.
    StatusUpdate,
    /// A `tool-calls` webhook.
    ToolCalls,
    /// An `assistant-request` webhook.
    AssistantRequest,
    /// Shaped like a webhook, but naming no known event.
    Webhook,
    /// A Retell webhook: `{"event": …, "call": {…}}`.
    RetellWebhook,
    /// Not JSON (a malformed NDJSON line, a broken file).
    Unparsable,
    /// Could not be read at all.
    Unreadable,
}

impl Kind {
    /// The name used in the JSON report: `end-of-call-report`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::AnalysisOutput => "analysis-output",
            Kind::EndOfCallReport => "end-of-call-report",
            Kind::StatusUpdate => "status-update",
            Kind::ToolCalls => "tool-calls",
            Kind::AssistantRequest => "assistant-request",
            Kind::Webhook => "webhook",
            Kind::RetellWebhook => "retell-webhook",
            Kind::Unparsable => "unparsable",
            Kind::Unreadable => "unreadable",
        }
    }

    fn of(event: Option<Event>) -> Kind {
        match event {
            Some(Event::EndOfCallReport) => Kind::EndOfCallReport,
            Some(Event::StatusUpdate) => Kind::StatusUpdate,
            Some(Event::ToolCalls) => Kind::ToolCalls,
            Some(Event::AssistantRequest) => Kind::AssistantRequest,
            None => Kind::Webhook,
        }
    }
}

/// A checked document: what it is and everything wrong with it (empty when valid).
#[derive(Debug, Clone)]
pub struct Checked {
    /// What it was recognised as.
    pub kind: Kind,
    /// Every violation, in the order found.
    pub violations: Vec<Violation>,
    /// The dialect a webhook payload was read in, and why; `None` for an analysis output.
    pub dialect: Option<DialectChoice>,
}

/// Recognises and checks one document.
pub fn check_document(document: &Value, validator: &OutputValidator, options: &CheckOptions) -> Checked {
    if let Some(at) = &options.at {
        let violations = match document.pointer(at) {
            Some(output) => validator.validate_at(output, at),
            None => vec![
                Violation::new(
                    &super::output::not_found::RULE,
                    at.clone(),
                    format!("{at} does not exist in this document"),
                )
                .at(deepest_existing(document, at))
                .help("`--at` names the sub-document to validate"),
            ],
        };
        return Checked { kind: Kind::AnalysisOutput, violations, dialect: None };
    }
    if options.retell || super::retell::is_retell_webhook(document) {
        return Checked {
            kind: Kind::RetellWebhook,
            violations: super::retell::check(document, validator),
            dialect: None,
        };
    }
    let Recognised::Webhook(webhook) = recognise(document, options.dialect) else {
        return Checked { kind: Kind::AnalysisOutput, violations: validator.validate(document), dialect: None };
    };
    let payload = Payload::of(webhook, options.require_analysis);
    let mut violations = Vec::new();
    if !payload.is_clean() {
        for rule in RULES {
            if let Check::Payload(check) = rule.check {
                check(&payload, &mut violations);
            }
        }
    }
    if let Some((pointer, analysis)) = payload.analysis() {
        violations.extend(validator.validate_at(analysis, &pointer));
    }
    if payload.event == Some(Event::EndOfCallReport)
        && let Some(artifact) = payload.body.get("artifact")
    {
        violations.extend(validator.check_structured_outputs(artifact, &child_pointer(webhook.base(), "artifact")));
    }
    Checked { kind: Kind::of(payload.event), violations, dialect: Some(payload.dialect_choice) }
}

/// A [`Tree`] the compiled schema can be asked about: by default as the `Value` it becomes.
pub(crate) trait Checkable: Tree {
    /// Whether it satisfies the schema.
    fn is_valid_for(&self, validator: &OutputValidator) -> bool {
        validator.is_valid(&self.to_serde())
    }

    /// The violations of a sub-document at `base` that does not satisfy the schema.
    fn explain(&self, validator: &OutputValidator, base: &str) -> Vec<Violation> {
        validator.explain_at(&self.to_serde(), base, true)
    }
}

impl Checkable for Value {}

/// What [`check_document`] says of a document, as far as a read-only tree tells it cheaply.
pub(crate) enum Verdict {
    /// Nothing to report.
    Clean,
    /// Only the schema fails (the payload and its structured outputs are clean): what
    /// [`check_document`] gives, built from the sub-document alone.
    Checked(Checked),
    /// Look closer: [`check_document`] says what, if anything, is wrong.
    Unknown,
}

/// [`check_document`]'s verdict, asked of any [`Tree`] (the NDJSON fast path's question): the
/// same recognition ([`crate::recognise::shape`]), the payload rules' own predicates
/// ([`super::payload::is_clean`]) and the compiled schema, asked of the analysis (or result)
/// through [`Checkable`]. When the schema is all that fails, its violations are built here,
/// the ones [`check_document`] would give; anything else wrong is [`Verdict::Unknown`], for
/// [`check_document`] to tell.
pub(crate) fn verdict<T: Checkable>(document: &T, validator: &OutputValidator, options: &CheckOptions) -> Verdict {
    if let Some(at) = &options.at {
        return match document.at_pointer(at) {
            Some(output) => schema_verdict(output, at, Kind::AnalysisOutput, None, validator),
            None => Verdict::Unknown,
        };
    }
    if options.retell || super::retell::is_retell_webhook(document) {
        return if super::retell::is_clean(document, validator) { Verdict::Clean } else { Verdict::Unknown };
    }
    let Shape::Webhook(found) = shape(document, options.dialect) else {
        return schema_verdict(document, "", Kind::AnalysisOutput, None, validator);
    };
    let event = found.event_name.and_then(Event::from_name);
    let payload_clean = super::payload::is_clean(&found, options.require_analysis)
        && (event != Some(Event::EndOfCallReport)
            || found.body.member("artifact").is_none_or(|artifact| validator.structured_outputs_are_clean(artifact)));
    if !payload_clean {
        return Verdict::Unknown;
    }
    let dialect = found.dialect.dialect;
    match super::payload::analysis(found.body, event, dialect) {
        Some(analysis) => {
            let pointer = super::payload::analysis_pointer(found.envelope.base(), dialect);
            schema_verdict(analysis, &pointer, Kind::of(event), Some(found.dialect), validator)
        }
        None => Verdict::Clean,
    }
}

/// The verdict on a sub-document at `at` that only the schema checks: asked of the tree, and
/// explained only when it fails.
fn schema_verdict<T: Checkable>(
    output: &T,
    at: &str,
    kind: Kind,
    dialect: Option<DialectChoice>,
    validator: &OutputValidator,
) -> Verdict {
    if output.is_valid_for(validator) {
        return Verdict::Clean;
    }
    Verdict::Checked(Checked { kind, violations: output.explain(validator, at), dialect })
}

/// The longest prefix of `pointer` that exists in `document`, to show where the path breaks off.
fn deepest_existing(document: &Value, pointer: &str) -> String {
    let mut existing = String::new();
    for token in pointer.split('/').skip(1) {
        let next = format!("{existing}/{token}");
        if document.pointer(&next).is_none() {
            break;
        }
        existing = next;
    }
    existing
}
