//! `payload/invalid-timestamp`

use super::{Expect, Payload};
use crate::recognise::Tree;
use crate::rules::{Check, declare_rule};
use crate::text::quote;
use crate::validate::Violation;

declare_rule! {
    /// A payload timestamp is not an ISO-8601 date-time (`2025-12-13T12:05:30.000Z`), or a millisecond timestamp is written in seconds.
    ///
    /// ## What it checks
    /// `timestamp` in Flireo and HMS payloads, and `startedAt`/`endedAt` in Vapi's, are
    /// RFC 3339 date-times: date, `T`, time, optional fraction, and `Z` or an offset. The
    /// legacy flat form's `eventTimestamp`/`eventTime` are milliseconds since 1970; a value
    /// below 100,000,000,000 is a timestamp in seconds (before 1973 read as milliseconds).
    ///
    /// ## Why it matters
    /// Receivers sort, deduplicate and expire webhooks by these times. `13-12-2025 12:05` or a
    /// time without a zone parses differently in every library, and seconds read as
    /// milliseconds date every call to January 1970.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "status-update", "timestamp": "2025-12-13 12:00", … } }
    /// ```
    ///
    /// ## How to fix
    /// Write UTC times as `2025-12-13T12:00:00.000Z`; multiply second timestamps by 1000.
    pub static RULE = "payload/invalid-timestamp", Error, Check::Payload(check);
}

/// Milliseconds below this are almost certainly seconds (it is 1973-03-03 in milliseconds).
const SMALLEST_MILLIS: f64 = 100_000_000_000.0;

/// Whether a present value passes this rule (`false` only for a bad date-time or seconds).
pub(crate) fn accepts<T: Tree>(expect: Expect, value: &T) -> bool {
    match (expect, value.text()) {
        (Expect::Timestamp, Some(text)) => is_date_time(text),
        (Expect::EpochMillis, _) => !value.number().is_some_and(|n| (0.0..SMALLEST_MILLIS).contains(&n)),
        _ => true,
    }
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    for field in payload.fields() {
        for slot in payload.slots(field) {
            let Some(value) = slot.value else { continue };
            if accepts(field.expect, value) {
                continue;
            }
            match (field.expect, value) {
                (Expect::Timestamp, serde_json::Value::String(text)) => {
                    out.push(
                        Violation::new(
                            &RULE,
                            slot.pointer.clone(),
                            format!("{}: {} is not an ISO-8601 date-time", slot.pointer, quote(text)),
                        )
                        .help(
                            "write it as 2025-12-13T12:05:30.000Z (UTC) or with an offset, 2025-12-13T13:05:30+01:00",
                        ),
                    );
                }
                (Expect::EpochMillis, number) => {
                    out.push(
                        Violation::new(
                            &RULE,
                            slot.pointer.clone(),
                            format!("{}: {number} looks like seconds, expected milliseconds since 1970", slot.pointer),
                        )
                        .help(format!("did you mean {}?", number.as_f64().unwrap_or_default() * 1000.0)),
                    );
                }
                _ => {}
            }
        }
    }
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with real calendar dates.
pub fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) =
        (digits(0..4), digits(5..7), digits(8..10), digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    let separators = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b't'))
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':');
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    if !separators || day == 0 || day > days || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') < 24
                && (m1 - b'0') * 10 + (m2 - b'0') < 60
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_date_time;

    #[test]
    fn rfc3339_date_times() {
        for good in [
            "2025-12-13T12:05:30.000Z",
            "2019-08-24T14:15:22.123Z",
            "2024-02-29T00:00:00+01:00",
            "2025-01-01t00:00:00z",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2025-12-13 12:05:30Z",
            "2025-12-13T12:05:30",
            "2025-02-29T00:00:00Z",
            "13-12-2025T12:05:30Z",
            "2025-12-13T24:00:00Z",
            "2025-12-13T12:05:30.Z",
            "2025-12-13T12:05:30+0100",
            "é025-12-13T12:05:30Z",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
