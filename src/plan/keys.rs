//! Key spelling. Flireo writes plan keys in camelCase, HMS in snake_case, and real configs mix
//! the two; plankit reads both by comparing a key's canonical (camelCase) form.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// How a key is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStyle {
    /// `minMessagesThreshold`
    Camel,
    /// `min_messages_threshold`
    Snake,
    /// One lowercase word (`schema`, `enabled`): fits either style.
    Neutral,
}

/// The style of a key.
pub fn style(key: &str) -> KeyStyle {
    let upper = key.chars().any(|c| c.is_ascii_uppercase());
    let underscore = key.contains('_');
    match (upper, underscore) {
        (true, false) => KeyStyle::Camel,
        (false, true) => KeyStyle::Snake,
        _ => KeyStyle::Neutral,
    }
}

/// The camelCase form of a key: `min_messages_threshold` → `minMessagesThreshold`.
pub fn canonical(key: &str) -> Cow<'_, str> {
    if !key.contains('_') {
        return Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len());
    let mut upper_next = false;
    for c in key.chars() {
        if c == '_' {
            upper_next = !out.is_empty();
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The snake_case form of a camelCase name: `minMessagesThreshold` → `min_messages_threshold`.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A canonical name spelled in the given style (camel for neutral).
pub fn spelled(name: &str, style: KeyStyle) -> String {
    match style {
        KeyStyle::Snake => snake(name),
        KeyStyle::Camel | KeyStyle::Neutral => name.to_owned(),
    }
}

/// Finds a member by its canonical name, whichever way it is spelled; returns the key as
/// written and the value.
pub fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<(&'a str, &'a Value)> {
    if let Some((key, value)) = object.get_key_value(name) {
        return Some((key.as_str(), value));
    }
    object.iter().find(|(key, _)| canonical(key) == name).map(|(key, value)| (key.as_str(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_and_camel_meet_in_canonical_form() {
        assert_eq!(canonical("min_messages_threshold"), "minMessagesThreshold");
        assert_eq!(canonical("structuredDataPlan"), "structuredDataPlan");
        assert_eq!(snake("minMessagesThreshold"), "min_messages_threshold");
        assert_eq!(style("org_id"), KeyStyle::Snake);
        assert_eq!(style("schema"), KeyStyle::Neutral);
    }
}
