//! The prompts the platform uses when a sub-plan has no messages: Vapi's published defaults
//! (reference/flireo-formats.md §5.2, literal from the API spec). Flireo publishes none, so
//! these are what plankit shows, with a warning saying so.

use crate::plan::PartKind;

/// `(role, content)` of each default message of a sub-plan.
pub fn messages(kind: &PartKind) -> &'static [(&'static str, &'static str)] {
    const USER: &str =
        "Here is the transcript:\n\n{{transcript}}\n\n. Here is the ended reason of the call:\n\n{{endedReason}}\n\n";
    match kind {
        // Retell publishes no prompt; `render::retell` says what the items ask for instead
        PartKind::PostCallAnalysis => &[],
        PartKind::Summary => &[
            (
                "system",
                "You are an expert note-taker. You will be given a transcript of a call. Summarize the call in 2-3 \
                 sentences. DO NOT return anything except the summary.",
            ),
            ("user", USER),
        ],
        // the spec's text has a literal `\n` before `{{schema}}`, an escaping slip in the docs;
        // a real newline is what the platform sends
        // a structured output's defaults are in `render::structured`
        PartKind::StructuredData | PartKind::StructuredDataMulti(_) | PartKind::StructuredOutput(_) => &[
            (
                "system",
                "You are an expert data extractor. You will be given a transcript of a call. Extract structured data \
                 per the JSON Schema. DO NOT return anything except the structured data.\n\nJson Schema:\n{{schema}}\n\n\
                 Only respond with the JSON.",
            ),
            ("user", USER),
        ],
        PartKind::SuccessEvaluation => &[
            (
                "system",
                "You are an expert call evaluator. You will be given a transcript of a call and the system prompt of \
                 the AI participant. Determine if the call was successful based on the objectives inferred from the \
                 system prompt. DO NOT return anything except the result.\n\nRubric:\n{{rubric}}\n\nOnly respond with \
                 the result.",
            ),
            ("user", "Here is the transcript:\n\n{{transcript}}\n\n"),
            (
                "user",
                "Here was the system prompt of the call:\n\n{{systemPrompt}}\n\n. Here is the ended reason of the \
                 call:\n\n{{endedReason}}\n\n",
            ),
        ],
    }
}
