//! What a Retell agent's post-call analysis asks its model for. Retell does not publish the
//! prompt it builds from `post_call_analysis_data`, so plankit does not pretend to show it:
//! the rendered system message lists the fields the items define (name, type, choices,
//! whether required, and the item's `description`, which is the model's instruction), and
//! the user message is the call, as any analysis model must see it. Both are plankit's
//! reading, and `render` says so in a warning.

use serde_json::Value;

use super::{RenderWarning, RenderedMessage};
use crate::json::{Document, child_pointer};
use crate::plan::Part;

/// The messages shown for a Retell part, built from the schema its items imply.
pub(super) fn messages(part: &Part, transcript: &str, warnings: &mut Vec<RenderWarning>) -> Vec<RenderedMessage> {
    warnings.push(
        RenderWarning::new(
            "Retell does not publish its post-call analysis prompt: plankit shows the fields the items ask for, and the call (inferred)",
        )
        .help("the items' `description` is the only instruction Retell documents for each field"),
    );
    let schema = part.schema.as_ref().map(|schema| &schema.value);
    let required: Vec<&str> = schema
        .and_then(|s| s.get("required"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut lines = vec![
        "[plankit: inferred from post_call_analysis_data; Retell's own wording is not published]".to_owned(),
        "Extract these fields from the call into `custom_analysis_data`:".to_owned(),
    ];
    let properties = schema.and_then(|s| s.get("properties")).and_then(Value::as_object);
    let mut fields: Vec<(&String, &Value)> = properties.into_iter().flatten().collect();
    // in the items' order, which the schema's text keeps (the value's map sorts the names)
    let written = part.schema.as_ref().and_then(|s| s.text.as_deref()).and_then(|t| Document::parse(t).ok());
    if let Some(written) = &written {
        let at = |name: &str| written.span(&child_pointer("/properties", name)).map(|span| span.start(true));
        fields.sort_by_key(|(name, _)| at(name));
    }
    for (name, property) in fields {
        let kind = match property.get("enum").and_then(Value::as_array) {
            Some(choices) => {
                let shown: Vec<&str> = choices.iter().filter_map(Value::as_str).collect();
                format!("one of: {}", shown.join(", "))
            }
            None => property.get("type").and_then(Value::as_str).unwrap_or("string").to_owned(),
        };
        let flag = if required.contains(&name.as_str()) { ", required" } else { "" };
        let description = property.get("description").and_then(Value::as_str).unwrap_or_default();
        lines.push(format!("- {name} ({kind}{flag}): {description}"));
    }
    lines.push(
        "Retell also fills call_summary, call_successful and user_sentiment (with its built-in prompts, or a system-presets item's description)."
            .to_owned(),
    );
    vec![
        RenderedMessage { role: "system".to_owned(), content: lines.join("\n") },
        RenderedMessage { role: "user".to_owned(), content: transcript.to_owned() },
    ]
}
