//! Small text helpers shared by messages: quoting a value the way users write it, and the
//! did-you-mean search behind every suggestion.

/// Quotes a string as JSON, shortening long ones so messages stay one line.
pub fn quote(text: &str) -> String {
    const LIMIT: usize = 60;
    let shown: String = text.chars().take(LIMIT).collect();
    let mut quoted = serde_json::Value::String(shown).to_string();
    if text.chars().count() > LIMIT {
        quoted.insert(quoted.len() - 1, '…');
    }
    quoted
}

/// Lowercase, with `_`, `-`, `.` and spaces removed: `ended_reason` and `endedReason` meet.
fn fold(word: &str) -> String {
    word.chars().filter(|c| !matches!(c, '_' | '-' | ' ' | '.')).flat_map(char::to_lowercase).collect()
}

/// The candidate a misspelled `word` most likely meant: the same word in another spelling
/// style, or one within a small edit distance. `None` when nothing is close.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(word);
    if folded.is_empty() {
        return None;
    }
    let limit = match folded.chars().count() {
        0..=3 => 1,
        4..=5 => 1,
        _ => 2,
    };
    let length = folded.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let other = fold(candidate);
        // the distance is at least the difference in length, and costs length × length to
        // compute: a long string is compared with nothing it cannot be near
        if other.chars().count().abs_diff(length) > limit {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&folded, &other);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The edit distance between two words after folding case and separators.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(&fold(a), &fold(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_cross_spelling_styles_and_typos() {
        let known = ["schema", "transcript", "endedReason"];
        assert_eq!(suggest("transcirpt", known), Some("transcript"));
        assert_eq!(suggest("ended_reason", known), Some("endedReason"));
        assert_eq!(suggest("customerName", known), None);
    }

    #[test]
    fn long_strings_are_shortened() {
        let long = "a".repeat(100);
        assert!(quote(&long).ends_with("…\""));
        assert_eq!(quote("x\"y"), r#""x\"y""#);
    }
}
