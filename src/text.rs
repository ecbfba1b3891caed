//! Small text helpers shared by messages: quoting a value the way users write it, the
//! did-you-mean search behind every suggestion, and making text from plans and payloads safe
//! to print on a terminal or in a CI log.

use std::borrow::Cow;

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

/// As [`suggest`], and when no candidate is that close, the one candidate that starts with
/// `word` (`openai` → `openai-strict`, `err` → `error`): for values typed on the command line
/// or in a config file, where an abbreviation is the likely mistake.
pub fn suggest_value<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(near) = suggest(word, candidates.iter().copied()) {
        return Some(near);
    }
    let folded = fold(word);
    if folded.len() < 2 {
        return None;
    }
    let mut starting = candidates.into_iter().filter(|c| fold(c).starts_with(&folded));
    match (starting.next(), starting.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The edit distance between two words after folding case and separators.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(&fold(a), &fold(b))
}

/// Text for a terminal or a CI log, where plans, payloads, transcripts and file names show
/// up inside plankit's own output and must not be able to act on the reader:
///
/// - control characters (C0 but newline and tab, DEL) become their Unicode control pictures
///   (`␛`, `␇`, `␍`), as rustc's code frames show them; C1 controls and the bidirectional
///   overrides ("Trojan Source") become `\u{…}`; so no escape sequence can move the cursor,
///   clear the screen, set the window title, make a link or reorder what is shown;
/// - a line that would begin with `::` (a GitHub Actions workflow command, which the runner
///   executes from any log line: `::error …`, `::add-mask::`, `::stop-commands::`) gets a `\`
///   in front, and `##[` (the runner's older command syntax, read anywhere on a line) becomes
///   `#\#[`.
///
/// With `keep_sgr`, the colour sequences plankit's own styled output uses (`ESC [ … m`) are
/// kept; every other escape sequence is still shown, never sent. Machine formats (JSON,
/// SARIF, JUnit) are escaped by their own syntax and never pass through here.
pub fn terminal_safe(text: &str, keep_sgr: bool) -> Cow<'_, str> {
    let risky = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let command_line = |line: &str| line.trim_start().starts_with("::");
    // most text is printable ASCII, which holds no risky character: known from its bytes alone
    // (one pass without early exit, which the compiler vectorises)
    let ascii = text.bytes().fold(true, |ascii, b| ascii & (matches!(b, b' '..=b'~') | (b == b'\t') | (b == b'\n')));
    // and a workflow command needs `::` or `##`, which few texts hold anywhere
    let bytes = text.as_bytes();
    let marked = memchr::memchr2_iter(b':', b'#', bytes).any(|at| bytes.get(at + 1) == Some(&bytes[at]));
    if (ascii || !text.chars().any(risky))
        && (!marked || (!text.contains("##[") && !text.split('\n').any(command_line)))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_start = true;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_sgr
            && c == '\u{1b}'
            && let Some(len) = sgr_length(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if line_start && rest.starts_with("::") {
            out.push('\\');
        }
        if rest.starts_with("##[") {
            out.push_str("#\\");
            rest = &rest[1..];
            line_start = false;
            continue;
        }
        match c {
            '\n' => out.push('\n'),
            '\u{7f}' => out.push('\u{2421}'),
            c if (c as u32) < 0x20 && c != '\t' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            c if risky(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
        line_start = c == '\n' || (line_start && c.is_whitespace());
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of an SGR sequence (`ESC [ digits and semicolons m`) at the start of `text`.
fn sgr_length(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let params = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_workflow_commands_cannot_reach_the_reader() {
        let hostile = "x\u{1b}]0;title\u{7}\u{1b}[2J\n  ::error file=a::hi\r\nok ##[error]v1 \u{9b}31m \u{202e}";
        let safe = terminal_safe(hostile, false);
        assert_eq!(safe, "x␛]0;title␇␛[2J\n  \\::error file=a::hi␍\nok #\\#[error]v1 \\u{9b}31m \\u{202e}");
        assert!(!safe.lines().any(|l| l.trim_start().starts_with("::")));
        // plankit's own colours survive; a colour sequence still shields no `::`
        assert_eq!(terminal_safe("\u{1b}[1m::x\u{1b}[0m a::b", true), "\u{1b}[1m\\::x\u{1b}[0m a::b");
        assert_eq!(terminal_safe("\u{1b}[1mbold", false), "␛[1mbold");
        // ordinary text, tabs and Rust paths mid-line are untouched, and not copied
        assert!(matches!(terminal_safe("a\tb plankit::plan\nline", false), Cow::Borrowed(_)));
    }

    #[test]
    fn suggestions_cross_spelling_styles_and_typos() {
        let known = ["schema", "transcript", "endedReason"];
        assert_eq!(suggest("transcirpt", known), Some("transcript"));
        assert_eq!(suggest("ended_reason", known), Some("endedReason"));
        assert_eq!(suggest("customerName", known), None);
    }

    #[test]
    fn values_also_match_a_unique_abbreviation() {
        assert_eq!(suggest_value("openai", ["openai-strict", "azure-openai", "gemini"]), Some("openai-strict"));
        assert_eq!(suggest_value("err", ["error", "warning", "off"]), Some("error"));
        assert_eq!(suggest_value("gem", ["gemini", "gemini-json-schema"]), None);
    }

    #[test]
    fn long_strings_are_shortened() {
        let long = "a".repeat(100);
        assert!(quote(&long).ends_with("…\""));
        assert_eq!(quote("x\"y"), r#""x\"y""#);
    }
}

/// Joins names as English prose: `a`, `a and b`, `a, b and c`.
pub fn and_list<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod and_list_tests {
    #[test]
    fn joins_like_prose() {
        assert_eq!(super::and_list(&["HMS"]), "HMS");
        assert_eq!(super::and_list(&["Flireo", "HMS"]), "Flireo and HMS");
        assert_eq!(super::and_list(&["Vapi analysisPlan", "Flireo", "HMS"]), "Vapi analysisPlan, Flireo and HMS");
    }
}
