//! `case.toml`: what a snapshot case needs beyond its files — the ended reason, transcript
//! labels, provider targets, extra redactions, the expected outcome. Unknown keys are errors.

use serde::Deserialize;

/// A case's settings; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaseConfig {
    /// The plan file, when it is not `plan.json`.
    pub plan: Option<String>,
    /// The value `{{endedReason}}` renders as.
    pub ended_reason: Option<String>,
    /// Provider targets to lint the plan for.
    #[serde(default)]
    pub targets: Vec<String>,
    /// The platform whose placeholders the plan is judged and rendered by, as plankit.toml's
    /// `platform` (`hms`, `flireo`, …); unset: recognised from the plan's keys.
    pub platform: Option<String>,
    /// JSON Pointers whose values are volatile and redacted from the snapshot, in addition to
    /// ids and timestamps.
    #[serde(default)]
    pub redact: Vec<String>,
    /// The case's expected outcome: 0 when the plan lints without errors and every document is
    /// valid, 1 otherwise. Unset: not checked.
    pub expected_exit: Option<u8>,
    /// The transcript file and its speaker labels.
    #[serde(default)]
    pub transcript: TranscriptConfig,
    /// How `plankit eval` scores the case: comparators, gate, expectation file.
    #[serde(default)]
    pub eval: crate::eval::case::EvalConfig,
}

/// `[transcript]` in `case.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TranscriptConfig {
    /// The transcript file, when it is not `transcript.txt` / `transcript.json`.
    pub file: Option<String>,
    /// Label of the assistant's turns in `{{transcript}}`.
    pub assistant_label: Option<String>,
    /// Label of the caller's turns in `{{transcript}}`.
    pub user_label: Option<String>,
}

/// Why a `case.toml` could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    /// One lowercase line.
    pub message: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// Every problem with its code frame and did-you-mean, as `plankit.toml`'s are shown,
    /// when the file could be parsed that far.
    pub report: Option<String>,
}

/// The keys `case.toml` knows, at its root and in each table.
const KNOWN: &[(&str, &[&str])] = &[
    ("", &["plan", "ended-reason", "targets", "platform", "redact", "expected-exit", "transcript", "eval"]),
    ("transcript", &["file", "assistant-label", "user-label"]),
    ("eval", &["expected", "min-accuracy", "compare"]),
];

impl CaseConfig {
    /// Parses `case.toml` text.
    pub fn parse(text: &str) -> Result<CaseConfig, ConfigError> {
        CaseConfig::parse_named(text, "case.toml")
    }

    /// Parses `case.toml` text, named `file` in messages: every unknown key is reported at
    /// once (with a did-you-mean), then the values are read.
    pub fn parse_named(text: &str, file: &str) -> Result<CaseConfig, ConfigError> {
        if let Some(error) = crate::config::unknown_keys(text, file, KNOWN) {
            let first = error.problems.first();
            return Err(ConfigError {
                message: first.map(|p| p.message.clone()).unwrap_or_default(),
                position: first.and_then(|p| p.start).map(|at| (at.line, at.column)),
                report: Some(crate::report::human::render_config_error(&error, false)),
            });
        }
        toml::from_str(text).map_err(|error| {
            let position = error.span().map(|span| {
                let at = crate::source::line_column_in(text, span.start);
                (at.line, at.column)
            });
            ConfigError { message: error.message().trim().to_owned(), position, report: None }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_case_toml_parses() {
        let config = CaseConfig::parse(
            "ended-reason = \"voicemail\"\nexpected-exit = 1\nredact = [\"/message/customer/number\"]\n\n[transcript]\nuser-label = \"Gebruiker\"\n",
        )
        .unwrap();
        assert_eq!(config.ended_reason.as_deref(), Some("voicemail"));
        assert_eq!(config.transcript.user_label.as_deref(), Some("Gebruiker"));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_place() {
        let error = CaseConfig::parse("ended_reason = \"x\"\n").unwrap_err();
        assert!(error.message.contains("ended_reason"), "{}", error.message);
        assert_eq!(error.position, Some((1, 1)));
    }
}
