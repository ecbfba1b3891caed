//! The vocabulary of `{{endedReason}}`: Vapi's published `endedReason` enum (627 values,
//! embedded from `data/vapi-ended-reasons.txt`, a copy of the OpenAPI spec's list) and the
//! call statuses Flireo sends, which publishes no ended-reason list of its own.
//!
//! An ended reason outside both lists is worth a warning, never an error: Vapi adds values
//! often and says configurations must not break when it does.

/// The reason used when neither the command line nor the payload gives one: the most common
/// way a normal call ends.
pub const DEFAULT: &str = "customer-ended-call";

/// Vapi's `endedReason` enum, one value per line; `#` lines are comments.
const VAPI: &str = include_str!("../../data/vapi-ended-reasons.txt");

/// Flireo's call statuses (webhook, call object, assistant-request and legacy vocabularies).
const FLIREO: &[&str] =
    &["ended", "ended-with-error", "ended-with-debugging", "in-progress", "connecting", "failed", "ringing"];

/// Every known ended reason: Vapi's, then Flireo's.
pub fn known() -> impl Iterator<Item = &'static str> {
    VAPI.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).chain(FLIREO.iter().copied())
}

/// Whether `reason` is one of Vapi's ended reasons or a Flireo call status. The set is built
/// once: `validate` asks for every payload of a stream.
pub fn is_known(reason: &str) -> bool {
    static KNOWN: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    KNOWN.get_or_init(|| known().collect()).contains(reason)
}

/// The known reason `reason` most likely meant.
pub fn suggest(reason: &str) -> Option<&'static str> {
    crate::text::suggest(reason, known())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vapi_and_flireo_reasons_are_known() {
        assert_eq!(known().count(), 627 + FLIREO.len());
        assert!(is_known(DEFAULT) && is_known("voicemail") && is_known("ended-with-error"));
        assert!(!is_known("hangup"));
        assert_eq!(suggest("customer-ended-cal"), Some("customer-ended-call"));
    }
}
