//! `plankit eval`: run a plan on real calls with a real model, and score what it extracts.
//!
//! The flow, one module each: [`case`] finds and reads eval cases (a call and its expected
//! analysis); [`request`] renders each case with [`crate::render`] (the code `plankit render`
//! runs) into a Chat Completions request; [`run`] gets the responses from the [`cassette`] or
//! the endpoint ([`client`]); [`score`] judges each output with [`compare`]'s comparators and
//! the plan's [`crate::validate::OutputValidator`]; [`summary`] adds the scores up; [`gate`]
//! decides pass or fail; [`report`] renders human, JSON and JUnit reports.
//!
//! The library never prints: a Rust user can score outputs in their own tests with
//! [`score::score`] and [`summary::summarise`].

pub mod case;
pub mod cassette;
pub mod client;
pub mod compare;
pub mod gate;
pub mod report;
pub mod request;
pub mod run;
pub mod score;
pub mod summary;

use crate::plan::{PartKind, Plan};
use crate::render::{Assistant, RenderOptions, RenderedPart};
use case::LoadedCase;

/// Why a case could not be rendered into a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderProblem {
    /// The plan has no structured-data plan, so there is nothing to score.
    #[error(
        "the plan has no structured-data plan (or structured output with an object schema): eval scores the structured data it extracts"
    )]
    NoStructuredData,
    /// A rendered message would be larger than plankit builds.
    #[error(
        "case `{0}`: a rendered message would be larger than plankit builds (a placeholder repeated over a long transcript)"
    )]
    Oversize(String),
}

/// Whether eval scores a part of this kind and schema: a structured-data plan, or a Vapi
/// structured output whose result is an object (a primitive result has no fields to compare,
/// and Vapi wraps and unwraps it, reference §1.7).
pub fn is_scored(kind: &PartKind, schema: Option<&serde_json::Value>) -> bool {
    match kind {
        PartKind::StructuredData => true,
        PartKind::StructuredOutput(_) => {
            schema.and_then(|schema| schema.get("type")).and_then(serde_json::Value::as_str) == Some("object")
        }
        _ => false,
    }
}

/// Renders the structured-data plan for one case, as `plankit render` would: the case's labels
/// and ended reason, the plan's assistant for `{{systemPrompt}}` and `{{messages}}`, and the
/// platform `plankit.toml` forces (`platform`), if any.
pub fn render_case(
    plan: &Plan,
    assistant: &Assistant,
    case: &LoadedCase,
    platform: Option<crate::template::vocabulary::Dialect>,
) -> Result<RenderedPart, RenderProblem> {
    let options = RenderOptions {
        labels: case.labels.clone(),
        ended_reason: case.case.config.ended_reason.clone(),
        schema_style: crate::render::SchemaStyle::Pretty,
        assistant: assistant.clone(),
        duration_seconds: None,
        platform,
    };
    let part = plan
        .render(&case.transcript, &options)
        .into_iter()
        .find(|part| {
            let schema = part.schema.as_deref().and_then(|text| serde_json::from_str(text).ok());
            is_scored(&part.kind, schema.as_ref())
        })
        .ok_or(RenderProblem::NoStructuredData)?;
    if part.oversize.is_some() {
        return Err(RenderProblem::Oversize(case.case.name.clone()));
    }
    Ok(part)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn structured_data_and_object_structured_outputs_are_scored() {
        let so = |schema: serde_json::Value| {
            let value = json!({"name": "x", "schema": schema});
            let definition = crate::plan::structured_output::StructuredOutput::read(value.as_object().unwrap(), "");
            (PartKind::StructuredOutput(Box::new(definition)), value["schema"].clone())
        };
        let (kind, schema) = so(json!({"type": "object", "properties": {}}));
        assert!(is_scored(&kind, Some(&schema)));
        let (kind, schema) = so(json!({"type": "integer"}));
        assert!(!is_scored(&kind, Some(&schema)));
        assert!(is_scored(&PartKind::StructuredData, None));
        assert!(!is_scored(&PartKind::PostCallAnalysis, Some(&json!({"type": "object"}))));
    }
}
