//! From jsonschema's errors to plankit's [`Violation`]s: one lowercase line that names the value
//! and the expectation, prefixed with the JSON Pointer of the value.
//!
//! A failed `anyOf` / `oneOf` is not reported as "not valid under any of the schemas": the
//! branch that came closest is picked (the one whose errors sit deepest in the document and are
//! not a plain type mismatch, then the one with the fewest errors) and its leaf errors are
//! reported instead, with a help line naming the branch.

use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
use jsonschema::{ErrorIterator, ValidationError};
use serde_json::Value;

use super::Violation;
use super::output::{pattern_aborted, schema};

/// Values longer than this (as compact JSON) are shortened in messages.
const SHOWN: usize = 60;
/// Enum values listed in full before the rest are counted.
const ENUM_SHOWN: usize = 8;

/// Converts every error, prefixing instance pointers with `base`; `schema` is the schema the
/// errors come from.
pub(crate) fn violations(errors: ErrorIterator<'_>, base: &str, schema: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    for error in errors {
        push(&error, base, None, schema, &mut out);
    }
    out
}

fn push(error: &ValidationError<'_>, base: &str, branch: Option<&str>, schema: &Value, out: &mut Vec<Violation>) {
    let context = match error.kind() {
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } if !context.is_empty() => Some(context),
        _ => None,
    };
    if let Some(context) = context {
        let keyword = error.kind().keyword();
        let depth = depth(error.instance_path().as_str());
        let best = best_branch(context, depth);
        let help = format!("closest of the {} `{keyword}` branches: #{} of {}", context.len(), best + 1, context.len());
        for inner in &context[best] {
            push(inner, base, Some(branch.unwrap_or(&help)), schema, out);
        }
        return;
    }
    if let Kind::AdditionalProperties { unexpected } = error.kind() {
        extra_properties(error, unexpected, base, branch, schema, out);
        return;
    }
    // joined, not formatted: every failing document of a stream comes through here
    let pointer = [base, error.instance_path().as_str()].concat();
    let (rule, text) = describe(error);
    let message = if pointer.is_empty() { text } else { [pointer.as_str(), ": ", &text].concat() };
    let at = pointer.clone();
    out.push(Violation {
        rule,
        severity: rule.default_severity,
        pointer,
        at,
        on_key: false,
        schema_pointer: Some(error.schema_path().as_str().to_owned()),
        message,
        help: branch.map(str::to_owned).or_else(|| enum_suggestion(error)).or_else(|| time_meaning(error)),
    });
}

/// `format: "time"` has two meanings (reference vapi-structured-outputs-and-retell.md §2 Q5):
/// Vapi's structured-output docs say `HH:MM:SS` (`14:30:00`, no offset); JSON Schema says RFC
/// 3339 `full-time`, which needs an offset (`14:30:00Z`). The validator asserts the second; the
/// help says which meaning a failing value meets, rather than choosing silently.
fn time_meaning(error: &ValidationError<'_>) -> Option<String> {
    let Kind::Format { format } = error.kind() else { return None };
    let value = error.instance().as_str()?;
    if format != "time" {
        return None;
    }
    Some(if is_docs_time(value) {
        "valid as Vapi's docs define `time` (HH:MM:SS), invalid as JSON Schema's (RFC 3339 full-time needs an offset, `14:30:00Z`)".to_owned()
    } else {
        "invalid under both meanings of `time`: Vapi's docs (HH:MM:SS) and JSON Schema's (RFC 3339 full-time, `14:30:00Z`)".to_owned()
    })
}

/// Whether `text` is `HH:MM:SS`, optionally with a fraction, and no offset.
fn is_docs_time(text: &str) -> bool {
    let (clock, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    let in_range = |part: &str, max: u32| part.len() == 2 && part.parse::<u32>().is_ok_and(|n| n <= max);
    parts.len() == 3
        && in_range(parts[0], 23)
        && in_range(parts[1], 59)
        && in_range(parts[2], 60)
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// One violation per property `additionalProperties` refuses, placed at that property (not at
/// the object), with a did-you-mean when it is a near miss of a declared property the object
/// lacks (`emial` for `email`).
fn extra_properties(
    error: &ValidationError<'_>,
    unexpected: &[String],
    base: &str,
    branch: Option<&str>,
    schema: &Value,
    out: &mut Vec<Violation>,
) {
    let object = [base, error.instance_path().as_str()].concat();
    let keyword = error.schema_path().as_str();
    let declared: Vec<&str> = keyword
        .strip_suffix("/additionalProperties")
        .and_then(|parent| resolve(schema, parent))
        .and_then(|node| node.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| {
            properties.keys().filter(|name| error.instance().get(name.as_str()).is_none()).map(String::as_str).collect()
        })
        .unwrap_or_default();
    for name in unexpected {
        let pointer = crate::json::child_pointer(&object, name);
        let text = format!("property {} is not allowed", crate::text::quote(name));
        let message = if object.is_empty() { text } else { [object.as_str(), ": ", &text].concat() };
        let near = (declared.len() <= SUGGESTED_ENUM)
            .then(|| crate::text::suggest(name, declared.iter().copied()))
            .flatten()
            .map(|near| format!("did you mean {}?", crate::text::quote(near)));
        out.push(Violation {
            rule: &schema::RULE,
            severity: schema::RULE.default_severity,
            pointer: pointer.clone(),
            at: pointer,
            on_key: true,
            schema_pointer: Some(keyword.to_owned()),
            message,
            help: near.or_else(|| branch.map(str::to_owned)),
        });
    }
}

/// The schema node a keyword location leads to, following local `$ref`s on the way.
fn resolve<'a>(root: &'a Value, location: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in location.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token == "$ref" {
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            let target = percent_encoding::percent_decode_str(target).decode_utf8().ok()?;
            node = root.pointer(&target)?;
            continue;
        }
        node = match node {
            Value::Object(members) => members.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Enums with more values than this get no did-you-mean: the search compares the string with
/// every value, for every document that fails, which a hostile enum would make quadratic.
const SUGGESTED_ENUM: usize = 1_000;

/// `did you mean "sales"?` for a string that is one typo (or one capital) away from an enum value.
fn enum_suggestion(error: &ValidationError<'_>) -> Option<String> {
    let Kind::Enum { options } = error.kind() else { return None };
    let value = error.instance().as_str()?;
    let options = options.as_array().filter(|options| options.len() <= SUGGESTED_ENUM)?;
    let near = crate::text::suggest(value, options.iter().filter_map(Value::as_str))?;
    Some(format!("did you mean {}?", crate::text::quote(near)))
}

/// The index of the branch whose failure looks most like "the user meant this one".
fn best_branch(context: &[Vec<ValidationError<'static>>], depth_of_wrapper: usize) -> usize {
    let score = |errors: &Vec<ValidationError<'static>>| {
        // a branch that fails on the wrapper's own type is a different kind of value entirely
        let wrong_kind = errors
            .iter()
            .any(|e| matches!(e.kind(), Kind::Type { .. }) && depth(e.instance_path().as_str()) == depth_of_wrapper);
        let deepest = errors.iter().map(|e| depth(e.instance_path().as_str())).max().unwrap_or(0);
        (!wrong_kind, deepest, std::cmp::Reverse(errors.len()))
    };
    let mut best = 0;
    for (index, errors) in context.iter().enumerate().skip(1) {
        if score(errors) > score(&context[best]) {
            best = index;
        }
    }
    best
}

fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// The rule and the message (without the pointer prefix) for one leaf error.
fn describe(error: &ValidationError<'_>) -> (&'static crate::rules::Rule, String) {
    let value = show(error.instance());
    let text = match error.kind() {
        Kind::Required { property } => format!("missing required property {}", show(property)),
        Kind::AdditionalProperties { unexpected } => not_allowed(unexpected, ""),
        Kind::UnevaluatedProperties { unexpected } => not_allowed(unexpected, " (unevaluatedProperties)"),
        Kind::Enum { options } => format!("{value} is not one of {}", list(options)),
        Kind::Constant { expected_value } => format!("{value} is not {}", show(expected_value)),
        Kind::Type { kind } => format!("{value} is not of type {}", types(kind)),
        Kind::Minimum { limit } => format!("{value} is less than the minimum of {limit}"),
        Kind::Maximum { limit } => format!("{value} is greater than the maximum of {limit}"),
        Kind::ExclusiveMinimum { limit } => format!("{value} is not greater than the exclusive minimum of {limit}"),
        Kind::ExclusiveMaximum { limit } => format!("{value} is not less than the exclusive maximum of {limit}"),
        Kind::MultipleOf { multiple_of } => format!("{value} is not a multiple of {multiple_of}"),
        Kind::MinLength { limit } => format!("{value} is shorter than {limit} {}", plural(*limit, "character")),
        Kind::MaxLength { limit } => format!("{value} is longer than {limit} {}", plural(*limit, "character")),
        Kind::MinItems { limit } => format!("{value} has fewer than {limit} {}", plural(*limit, "item")),
        Kind::MaxItems { limit } => format!("{value} has more than {limit} {}", plural(*limit, "item")),
        Kind::MinProperties { limit } => format!("{value} has fewer than {limit} {}", plural(*limit, "property")),
        Kind::MaxProperties { limit } => format!("{value} has more than {limit} {}", plural(*limit, "property")),
        Kind::Pattern { pattern } => format!("{value} does not match the pattern {}", crate::text::quote(pattern)),
        Kind::Format { format } => format!("{value} is not a valid \"{format}\""),
        Kind::UniqueItems => format!("{value} has duplicate items"),
        Kind::FalseSchema => format!("{value} is not allowed here (the schema is `false`)"),
        Kind::Not { schema } => format!("{value} must not match {}", show(schema)),
        Kind::Contains => format!("no item of {value} matches `contains`"),
        Kind::OneOfMultipleValid { .. } => format!("{value} matches more than one `oneOf` branch"),
        Kind::AnyOf { .. } => format!("{value} matches no `anyOf` branch"),
        Kind::OneOfNotValid { .. } => format!("{value} matches no `oneOf` branch"),
        Kind::PropertyNames { error } => format!("property name {}", describe(error).1),
        Kind::BacktrackLimitExceeded { .. } => {
            return (
                &pattern_aborted::RULE,
                format!("matching {value} against the pattern was aborted after 100,000 backtracking steps"),
            );
        }
        Kind::Custom { message, .. } if message == super::bounded_pattern::TOO_LONG => {
            return (
                &pattern_aborted::RULE,
                format!(
                    "{} was not matched against the pattern: it is longer than {} characters, the most plankit matches a pattern with lookaround or backreferences against",
                    shorten(&value, 40),
                    super::bounded_pattern::BACKTRACKING_INPUT_LIMIT
                ),
            );
        }
        Kind::RegexEngineFailure { message } => {
            return (&pattern_aborted::RULE, format!("matching {value} against the pattern failed: {message}"));
        }
        _ => shorten(&lowercase_first(&error.to_string()), 200),
    };
    (&schema::RULE, text)
}

fn not_allowed(unexpected: &[String], why: &str) -> String {
    let names: Vec<String> = unexpected.iter().map(|name| crate::text::quote(name)).collect();
    match names.as_slice() {
        [one] => format!("property {one} is not allowed{why}"),
        many => format!("properties {} are not allowed{why}", many.join(", ")),
    }
}

fn list(options: &Value) -> String {
    let Some(options) = options.as_array() else { return show(options) };
    let mut shown: Vec<String> = options.iter().take(ENUM_SHOWN).map(show).collect();
    if options.len() > ENUM_SHOWN {
        shown.push(format!("… ({} values in all)", options.len()));
    }
    shown.join(", ")
}

fn types(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(one) => format!("\"{one}\""),
        TypeKind::Multiple(set) => set.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" or "),
    }
}

fn plural(n: u64, noun: &str) -> String {
    match (n, noun) {
        (1, _) => noun.to_owned(),
        (_, "property") => "properties".to_owned(),
        _ => format!("{noun}s"),
    }
}

/// A value as compact JSON, shortened to one readable line.
pub(crate) fn show(value: &Value) -> String {
    match value {
        Value::String(text) => crate::text::quote(text),
        other => {
            let text = other.to_string();
            if fits(&text, SHOWN) { text } else { shorten(&text, SHOWN) }
        }
    }
}

/// Whether `text` is at most `limit` characters.
fn fits(text: &str, limit: usize) -> bool {
    text.len() <= limit || text.chars().count() <= limit
}

fn shorten(text: &str, limit: usize) -> String {
    if fits(text, limit) {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(limit - 1).collect();
    short.push('…');
    short
}

/// `Additional properties…` → `additional properties…`, leaving acronyms alone.
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::{OutputValidator, SchemaOptions};

    fn messages(schema: serde_json::Value, document: serde_json::Value) -> Vec<String> {
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap();
        validator.validate(&document).into_iter().map(|v| v.message).collect()
    }

    #[test]
    fn a_time_without_offset_says_which_meaning_it_fails() {
        let schema = json!({"type": "object", "properties": {"at": {"type": "string", "format": "time"}}});
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap();
        let help =
            |value: &str| validator.validate(&json!({"at": value})).into_iter().map(|v| v.help).collect::<Vec<_>>();
        let docs = help("14:30:00");
        assert!(docs[0].as_deref().is_some_and(|h| h.starts_with("valid as Vapi's docs")), "{docs:?}");
        let neither = help("14:30");
        assert!(neither[0].as_deref().is_some_and(|h| h.starts_with("invalid under both")), "{neither:?}");
        assert!(help("14:30:00Z").is_empty());
    }

    #[test]
    fn every_error_is_reported_not_just_the_first() {
        let schema = json!({"type": "object", "required": ["summary"], "additionalProperties": false,
            "properties": {"summary": {"type": "string", "minLength": 1}, "ok": {"type": "boolean"},
                "sentiment": {"enum": ["positive", "neutral", "negative"]}, "score": {"type": "integer", "maximum": 10}}});
        let found = messages(schema, json!({"ok": "yes", "sentiment": "happy", "score": 11, "extra": 1}));
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(
            found.contains(&"/sentiment: \"happy\" is not one of \"positive\", \"neutral\", \"negative\"".to_owned())
        );
        assert!(found.contains(&"missing required property \"summary\"".to_owned()));
        assert!(found.contains(&"property \"extra\" is not allowed".to_owned()));
    }

    #[test]
    fn an_extra_property_is_reported_at_itself_with_a_did_you_mean() {
        let schema = json!({"$defs": {"contact": {"type": "object", "additionalProperties": false,
            "properties": {"email": {"type": "string"}, "name": {"type": "string"}}}},
            "type": "object", "properties": {"contact": {"$ref": "#/$defs/contact"}}});
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap();
        let found = validator.validate(&json!({"contact": {"name": "Ann", "emial": "a@b.nl", "zzz": 1}}));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].pointer, "/contact/emial");
        assert_eq!(found[0].message, "/contact: property \"emial\" is not allowed");
        assert_eq!(found[0].help.as_deref(), Some("did you mean \"email\"?"));
        assert_eq!(found[1].pointer, "/contact/zzz");
        assert_eq!(found[1].help, None);
    }

    #[test]
    fn any_of_points_at_the_closest_branch() {
        let schema = json!({"anyOf": [
            {"type": "string"},
            {"type": "object", "properties": {"kind": {"const": "call"}, "minutes": {"type": "integer"}}, "required": ["kind"]}
        ]});
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap();
        let found = validator.validate(&json!({"kind": "call", "minutes": "three"}));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "/minutes: \"three\" is not of type \"integer\"");
        assert_eq!(found[0].schema_pointer.as_deref(), Some("/anyOf/1/properties/minutes/type"));
        assert_eq!(found[0].help.as_deref(), Some("closest of the 2 `anyOf` branches: #2 of 2"));
    }

    #[test]
    fn runaway_patterns_are_aborted_not_hung() {
        let schema = json!({"type": "string", "pattern": "^(\\w+\\s?)*(?!x)$"});
        let validator = OutputValidator::new(&schema, &SchemaOptions::default()).unwrap();
        let started = std::time::Instant::now();
        let found = validator.validate(&json!("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
        assert!(started.elapsed().as_secs() < 2);
        assert_eq!(found.first().map(|v| v.rule.name), Some("output/pattern-aborted"), "{found:#?}");
    }
}
