//! `--format json`: one object per rendered sub-plan, one per line (JSON Lines), so a plan
//! with one sub-plan prints exactly one object. The shape is a contract:
//!
//! ```text
//! {"version":1,"plan":"structured-data","key":null,"pointer":"/structuredDataPlan",
//!  "messages":[{"role","content"}],"message_count":6,"threshold":5,
//!  "analysis_would_run":true,"reason":"analysis would run: 6 messages ≥ minMessagesThreshold 5",
//!  "ended_reason":"customer-ended-call",
//!  "warnings":[{"rule","message","help","file","line","column"}]}
//! ```
//! `threshold` is `null` when the plan sets none; `key` is the `structuredDataMultiPlan` key.

use serde::Serialize;

use super::Warning;
use crate::plan::PartKind;
use crate::render::{RenderedMessage, RenderedPart};

/// The version of the JSON shape; bumped only on a breaking change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Line<'a> {
    version: u32,
    plan: &'static str,
    key: Option<&'a str>,
    pointer: &'a str,
    messages: &'a [RenderedMessage],
    message_count: usize,
    threshold: Option<u64>,
    analysis_would_run: bool,
    reason: String,
    ended_reason: &'a str,
    warnings: &'a [Warning],
}

/// One line: the part and every warning about it.
pub fn render(part: &RenderedPart, warnings: &[Warning]) -> String {
    let line = Line {
        version: VERSION,
        plan: part.kind.name(),
        key: match &part.kind {
            PartKind::StructuredDataMulti(key) => Some(key),
            _ => None,
        },
        pointer: &part.pointer,
        messages: &part.messages,
        message_count: part.message_count,
        threshold: part.threshold,
        analysis_would_run: part.would_run(),
        reason: part.verdict_line(),
        ended_reason: &part.ended_reason,
        warnings,
    };
    // serialising plain structs of strings and numbers cannot fail
    serde_json::to_string(&line).unwrap_or_default() + "\n"
}
