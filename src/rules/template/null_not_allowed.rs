//! `template/null-not-allowed`

use std::ops::Range;

use serde_json::{Map, Value};

use crate::json::child_pointer;
use crate::plan::Part;
use crate::rules::template::prose::{Word, sentences, words};
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::schema::admits_null;

declare_rule! {
    /// The prompt tells the model to answer `null`, but the schema's required fields cannot be null.
    ///
    /// ## What it checks
    /// For each structured-data part whose schema has `properties` and `required`, the
    /// prompt's sentences that plainly instruct a null answer: "leave it as null", "use null
    /// if …", "set it to null", "null otherwise", "or null if not mentioned". Negated ones
    /// ("never return null") and the quoted string `"null"` are not instructions. When the
    /// sentence names properties, those are compared; otherwise the instruction is taken to
    /// cover every field, and it is reported only when no property admits `null`. A property
    /// admits `null` through its `type` (`["string", "null"]`), `enum`, `anyOf`/`oneOf`, or an
    /// OpenAPI `nullable: true` (which `schema/openapi-nullable` reports on its own). Optional
    /// properties are not reported: the model can leave them out.
    ///
    /// ## Why it matters
    /// The model does what the prompt says and writes `null`; the schema refuses it. With a
    /// provider that enforces the schema the instruction is silently impossible and the model
    /// invents a value instead; otherwise `plankit validate` and your receiver reject the
    /// report. The plan still runs, so this is a warning.
    ///
    /// ## Example
    /// ```json
    /// { "structuredDataPrompt": "Extract the details. If a field was not mentioned, leave it as null.",
    ///   "structuredDataSchema": { "type": "object",
    ///     "properties": { "callerName": { "type": "string" } }, "required": ["callerName"] } }
    /// ```
    ///
    /// ## How to fix
    /// Let the fields be null (`"type": ["string", "null"]`), or tell the model what to write
    /// instead (an empty string, `"unknown"`), or take the fields out of `required`.
    pub static RULE = "template/null-not-allowed", Warning, Check::Plan(check);
}

/// Words that, a few words before `null`, make it something to write: "leave it as null".
const VERBS: &[&str] = &[
    "leave", "keep", "set", "mark", "return", "use", "output", "put", "write", "fill", "give", "enter", "report",
    "respond", "answer", "default", "be", "remain", "stay", "provide", "record", "send",
];
/// Words after `null` that make it a conditional answer: "null if not mentioned".
const CONDITIONS: &[&str] = &["if", "otherwise", "when", "whenever", "where", "unless"];
/// Words that turn an instruction around: "do not leave it as null".
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "don't",
    "dont",
    "no",
    "avoid",
    "non",
    "instead",
    "rather",
    "without",
    "nor",
    "cannot",
    "can't",
    "shouldn't",
    "mustn't",
    "won't",
];

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in ctx.plan.parts.iter().filter(|part| part.kind.has_schema()) {
        let Some(schema) = &part.schema else { continue };
        let Some(root) = schema.value.as_object() else { continue };
        let Some(Value::Object(properties)) = root.get("properties") else { continue };
        let required: Vec<&str> = root.get("required").and_then(Value::as_array).map_or_else(Vec::new, |names| {
            names.iter().filter_map(Value::as_str).filter(|n| properties.contains_key(*n)).collect()
        });
        if required.is_empty() {
            continue;
        }
        if let Some(finding) = first_conflict(ctx, part, &schema.pointer, properties, &required) {
            out.push(finding);
        }
    }
}

/// The finding for the part's first null instruction that the schema cannot honour.
fn first_conflict(
    ctx: &PlanContext<'_>,
    part: &Part,
    schema_pointer: &str,
    properties: &Map<String, Value>,
    required: &[&str],
) -> Option<Finding> {
    let nullable = |name: &str| {
        properties
            .get(name)
            .and_then(Value::as_object)
            .is_none_or(|p| admits_null(p) || p.get("nullable") == Some(&Value::Bool(true)))
    };
    for message in &part.messages {
        let Some(content) = &message.content else { continue };
        for (phrase, sentence) in null_instructions(content) {
            let named: Vec<&str> = properties
                .keys()
                .map(String::as_str)
                .filter(|name| mentions(&content[sentence.clone()], name))
                .collect();
            let refused: Vec<&str> = if named.is_empty() {
                // an instruction for every field: only a schema where no field can be null refuses it
                if properties.keys().any(|name| nullable(name)) {
                    continue;
                }
                required.to_vec()
            } else {
                named.into_iter().filter(|name| required.contains(name) && !nullable(name)).collect()
            };
            if refused.is_empty() {
                continue;
            }
            let required_pointer = child_pointer(schema_pointer, "required");
            let line = ctx
                .file
                .document
                .span(&required_pointer)
                .map(|span| ctx.file.source.line_column(span.value.start).line);
            let at = line.map_or_else(String::new, |line| format!(" (line {line})"));
            return Some(
                Finding::new(
                    &RULE,
                    message.content_pointer.clone(),
                    format!("the prompt asks for null, but {} cannot be null", names(&refused)),
                )
                .in_string(phrase)
                .label("asks for null")
                .help(format!(
                    "`required`{at} lists {} and {}; allow null with a type union such as `\"type\": [\"{}\", \"null\"]`, or tell the model what to write instead",
                    if refused.len() == 1 { "it" } else { "them" },
                    if refused.len() == 1 { "its type has no `null`" } else { "no type among them has `null`" },
                    first_type(properties, refused[0]),
                )),
            );
        }
    }
    None
}

/// The first type a property declares, for the example in the help line.
fn first_type<'a>(properties: &'a Map<String, Value>, name: &str) -> &'a str {
    properties
        .get(name)
        .and_then(Value::as_object)
        .and_then(|p| crate::schema::types(p).first().copied())
        .unwrap_or("string")
}

/// `"a"`, `"a" and "b"`, `"a", "b", "c" and 3 more`.
fn names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| crate::text::quote(n)).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [first @ .., last] if quoted.len() <= 3 => format!("{} and {last}", first.join(", ")),
        _ => format!("{} and {} more", quoted[..3].join(", "), quoted.len() - 3),
    }
}

/// Whether `sentence` names the property as a whole word (any case).
fn mentions(sentence: &str, name: &str) -> bool {
    let lower = sentence.to_lowercase();
    let name = name.to_lowercase();
    lower.match_indices(&name).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + name.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

/// Every plain instruction to answer null: the phrase's bytes and its sentence's bytes.
pub(crate) fn null_instructions(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        let words = words(text, sentence.clone());
        for (i, word) in words.iter().enumerate() {
            if word.text != "null" || word.quoted {
                continue;
            }
            if let Some(start) = instruction_start(&words, i) {
                out.push((start..word.range.end, sentence.clone()));
            } else if let Some(condition) = words.get(i + 1).filter(|next| CONDITIONS.contains(&next.text.as_str()))
                && !negated(&words, i)
            {
                out.push((word.range.start..condition.range.end, sentence.clone()));
            } else if i > 0 && words[i - 1].text == "otherwise" && !negated(&words, i - 1) {
                out.push((words[i - 1].range.start..word.range.end, sentence.clone()));
            }
        }
    }
    out
}

/// The start of "verb … null" when one of the four words before `null` is an instruction verb
/// in the same clause and nothing negates it.
fn instruction_start(words: &[Word], null: usize) -> Option<usize> {
    let first = null.saturating_sub(4);
    for verb in (first..null).rev() {
        // a comma between the verb and `null` means another clause
        if words[verb + 1..=null].iter().any(|w| w.after_comma) {
            return None;
        }
        if VERBS.contains(&words[verb].text.as_str()) {
            let between = &words[verb + 1..null];
            if between.iter().any(|w| NEGATIONS.contains(&w.text.as_str())) || negated(words, verb) {
                return None;
            }
            return Some(words[verb].range.start);
        }
    }
    None
}

/// Whether one of the two words before `at`, in the same clause, is a negation.
fn negated(words: &[Word], at: usize) -> bool {
    let mut index = at;
    for _ in 0..2 {
        if index == 0 || words[index].after_comma {
            return false;
        }
        index -= 1;
        if NEGATIONS.contains(&words[index].text.as_str()) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<&str> {
        null_instructions(text).into_iter().map(|(phrase, _)| &text[phrase]).collect()
    }

    #[test]
    fn plain_null_instructions_are_found() {
        assert_eq!(phrases("If a field was not mentioned or confirmed, leave it as null."), ["leave it as null"]);
        assert_eq!(phrases("If not mentioned, set the value to null"), ["set the value to null"]);
        assert_eq!(phrases("The callback date, or null if the caller gave none."), ["null if"]);
        assert_eq!(phrases("Give the date the caller named, null otherwise."), ["null otherwise"]);
        assert_eq!(phrases("Use the caller's words; otherwise null"), ["otherwise null"]);
        assert_eq!(phrases("Use null when unsure"), ["Use null"]);
    }

    #[test]
    fn negated_quoted_and_descriptive_mentions_are_not_instructions() {
        for text in [
            "Never return null.",
            "Do not leave any field as null.",
            "Fields must not be null.",
            "Write \"null\" when unknown",
            "failure_reason (string|null)",
            "If the value is null, skip the call.",
            "Use an empty string instead of null",
            "non-null values only",
        ] {
            assert_eq!(phrases(text), Vec::<&str>::new(), "{text}");
        }
    }
}
