//! `template/rubric-scale-mismatch`

use std::ops::Range;

use serde_json::Value;

use crate::json::child_pointer;
use crate::plan::keys::get;
use crate::rules::template::prose::sentences;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// The success-evaluation prompt asks for a score on one scale while the rubric sets another.
    ///
    /// ## What it checks
    /// A success-evaluation prompt that asks for a numeric score ("on a scale of 1-5", "rate
    /// it from 1 to 5", "a score out of 5") beside a rubric with a fixed scale of its own:
    /// `NumericScale` (1 to 10), `PercentageScale` (0 to 100%) or `PassFail` (true or false).
    /// A range counts only in a sentence that speaks of a score, scale, rating or grade, and
    /// not when it counts sentences, minutes or people. Rubrics without a numeric scale
    /// (`DescriptiveScale`, `Checklist`, `Matrix`, `LikertScale`, `AutomaticRubric`) are not
    /// compared, and a prompt that also names the rubric's own range is not reported.
    ///
    /// ## Why it matters
    /// The rubric decides what `{{rubric}}` tells the model and what `successEvaluation`
    /// holds. Told "1 to 5" by the prompt and "1 to 10" by the rubric, the model picks one:
    /// a 5 may mean "fully satisfied" or "average", and dashboards and alerts built on the
    /// score read it wrong. The plan still runs, so this is a warning.
    ///
    /// ## Example
    /// ```json
    /// { "successEvaluationPrompt": "Rate how well the caller was helped on a scale of 1-5.",
    ///   "successEvaluationRubric": "NumericScale" }
    /// ```
    ///
    /// ## How to fix
    /// Ask for the rubric's scale in the prompt, or choose the rubric whose scale you mean.
    pub static RULE = "template/rubric-scale-mismatch", Warning, Check::Plan(check);
}

/// What a rubric lets the model answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// A whole number from `.0` to `.1`.
    Numbers(u32, u32),
    /// `true` or `false`.
    PassFail,
}

impl Scale {
    fn of(rubric: &str) -> Option<Scale> {
        match rubric {
            "NumericScale" => Some(Scale::Numbers(1, 10)),
            "PercentageScale" => Some(Scale::Numbers(0, 100)),
            "PassFail" => Some(Scale::PassFail),
            _ => None,
        }
    }

    fn describe(self) -> String {
        match self {
            Scale::Numbers(0, 100) => "scores 0–100%".to_owned(),
            Scale::Numbers(low, high) => format!("scores {low}–{high}"),
            Scale::PassFail => "answers true or false".to_owned(),
        }
    }

    fn fix(self) -> String {
        match self {
            Scale::Numbers(0, 100) => "ask for a percentage, or choose the rubric you mean".to_owned(),
            Scale::Numbers(low, high) => format!("ask for {low}–{high}, or choose the rubric you mean"),
            Scale::PassFail => {
                "ask for pass or fail, or choose a rubric with a scale (`NumericScale` is 1–10)".to_owned()
            }
        }
    }

    /// Whether a score asked for up to `high` fits this scale.
    fn fits(self, high: u32) -> bool {
        matches!(self, Scale::Numbers(_, top) if top == high)
    }
}

/// A score range the prompt asks for: its bytes and its bounds (`low` is `None` for "out of 5").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    range: Range<usize>,
    low: Option<u32>,
    high: u32,
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        let Some(scale) = part.rubric.as_deref().and_then(Scale::of) else { continue };
        let asked: Vec<(&crate::plan::Message, Asked)> = part
            .messages
            .iter()
            .filter_map(|m| m.content.as_deref().map(|c| (m, c)))
            .flat_map(|(message, content)| scores_asked(content).into_iter().map(move |a| (message, a)))
            .collect();
        if asked.iter().any(|(_, a)| scale.fits(a.high)) {
            continue;
        }
        let Some((message, first)) = asked.first() else { continue };
        let rubric = part.rubric.as_deref().unwrap_or_default();
        let key = match ctx.value(&part.pointer) {
            Some(Value::Object(object)) => {
                get(object, "rubric").or_else(|| get(object, "successEvaluationRubric")).map_or("rubric", |(k, _)| k)
            }
            _ => "rubric",
        };
        let rubric_pointer = child_pointer(&part.pointer, key);
        let line =
            ctx.file.document.span(&rubric_pointer).map(|span| ctx.file.source.line_column(span.value.start).line);
        let at = line.map_or_else(String::new, |line| format!(" (line {line})"));
        let shown = match first.low {
            Some(low) => format!("a {low}–{} score", first.high),
            None => format!("a score out of {}", first.high),
        };
        out.push(
            Finding::new(
                &RULE,
                message.content_pointer.clone(),
                format!("the prompt asks for {shown}, but rubric {} {}", quote(rubric), scale.describe()),
            )
            .in_string(first.range.clone())
            .label("scale asked for here")
            .help(format!(
                "`{key}`{at} sets what the model is told and what `successEvaluation` holds; {}",
                scale.fix()
            )),
        );
    }
}

/// Words that make a range in the same sentence a score: "on a scale of 1-5", "rate it 1 to 5".
const SCORE_WORDS: &[&str] = &["scale", "score", "rate", "rating", "grade"];
/// Words after a range that say it counts something else: "in 2-3 sentences".
const COUNTED: &[&str] = &[
    "sentence",
    "word",
    "minute",
    "second",
    "hour",
    "day",
    "week",
    "month",
    "people",
    "person",
    "guest",
    "attempt",
    "time",
    "call",
    "line",
    "paragraph",
    "bullet",
];

/// Every score range asked for in `text`, in order.
fn scores_asked(text: &str) -> Vec<Asked> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        let lower = text[sentence.clone()].to_lowercase();
        if lower.len() != sentence.len() || !SCORE_WORDS.iter().any(|w| has_word_starting(&lower, w)) {
            continue;
        }
        out.extend(ranges(&lower).into_iter().map(|mut asked| {
            asked.range = sentence.start + asked.range.start..sentence.start + asked.range.end;
            asked
        }));
    }
    out
}

/// Whether a word of `text` starts with `stem` ("rated", "scores").
fn has_word_starting(text: &str, stem: &str) -> bool {
    text.match_indices(stem).any(|(at, _)| text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

/// `1-5`, `1 – 5`, `1 to 5`, `1 through 5`, `between 1 and 5`, `out of 5` in a lowercase sentence.
fn ranges(text: &str) -> Vec<Asked> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some((low, after_low)) = number(text, at, true) else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let rest = &text[after_low..];
        let trimmed = rest.trim_start();
        let between = text[..at].trim_end().ends_with("between");
        let separator = ["-", "–", "—", "to ", "through "]
            .iter()
            .chain(between.then_some(&"and "))
            .find(|s| trimmed.starts_with(**s));
        if let Some(separator) = separator {
            let high_at = after_low + (rest.len() - trimmed.len()) + separator.len();
            let high_at = high_at + (text[high_at..].len() - text[high_at..].trim_start().len());
            if let Some((high, end)) = number(text, high_at, false)
                && low <= 1
                && high > low
                && high <= 100
                && !counts_something(&text[end..])
            {
                out.push(Asked { range: at..end, low: Some(low), high });
                at = end;
                continue;
            }
        }
        if let Some(stripped) = text[..at].strip_suffix("out of ")
            && stripped.chars().next_back().is_none_or(|c| !c.is_alphanumeric())
            && (2..=100).contains(&low)
            && !counts_something(rest)
        {
            out.push(Asked { range: at - "out of ".len()..after_low, low: None, high: low });
        }
        at = after_low;
    }
    out
}

/// A whole number starting at `at` that is not part of a decimal, a time, a date or a word;
/// `first` for the first number of a range, which must not follow a dash either.
fn number(text: &str, at: usize, first: bool) -> Option<(u32, usize)> {
    let before = text[..at].chars().next_back();
    if first
        && before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | '/' | '$' | '€' | '£' | '-' | '+'))
    {
        return None;
    }
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let end = at + digits;
    let after = text[end..].chars().next();
    let next = text[end..].chars().nth(1);
    if after.is_some_and(char::is_alphabetic)
        || (matches!(after, Some('.' | ':' | '/' | ',')) && next.is_some_and(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Some((text[at..end].parse().ok()?, end))
}

/// Whether the words after a range say what it counts ("2-3 sentences").
fn counts_something(after: &str) -> bool {
    let next: String = after.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
    !next.is_empty() && COUNTED.iter().any(|w| next.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(text: &str) -> Vec<(Option<u32>, u32, &str)> {
        scores_asked(text).into_iter().map(|a| (a.low, a.high, &text[a.range])).collect()
    }

    #[test]
    fn score_ranges_are_read_in_their_usual_phrasings() {
        assert_eq!(asked("Evaluate the call on a scale of 1-5:\n5 = great"), [(Some(1), 5, "1-5")]);
        assert_eq!(asked("Rate the agent from 1 to 5."), [(Some(1), 5, "1 to 5")]);
        assert_eq!(asked("Give a score between 0 and 100"), [(Some(0), 100, "0 and 100")]);
        assert_eq!(asked("Give it a score out of 5."), [(None, 5, "out of 5")]);
        assert_eq!(asked("Rate the call 1–10"), [(Some(1), 10, "1–10")]);
    }

    #[test]
    fn ranges_that_are_not_scores_are_left_alone() {
        for text in [
            "Summarise in 2-3 sentences and rate the tone.",
            "Evaluate whether 1) the caller was greeted 2) the booking was made.",
            "The caller asked for 1-5 options.",
            "Rate the call; the office is open 9-17",
            "Score it for the 1-2 minutes of hold time",
            "Rate 1.5-2 hours of work",
        ] {
            assert_eq!(asked(text), [], "{text}");
        }
    }
}
