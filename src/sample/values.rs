//! Plausible leaf values: strings for a `format`, and for a property whose name says what it
//! holds (`phone` → an E.164 number, `email` → an address, `date` → a date), and dates and
//! times written without a date library.

use super::rng::Rng;

const FIRST_NAMES: &[&str] = &["Jan", "Sanne", "Pieter", "Emma", "Daan", "Noor", "Lucas", "Julia", "Ahmed", "Fatima"];
const LAST_NAMES: &[&str] = &["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"];
const CITIES: &[&str] = &["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Haarlem"];
const WORDS: &[&str] = &["appointment", "invoice", "delivery", "callback", "pricing", "support", "booking", "refund"];
const SENTENCES: &[&str] = &[
    "The caller wants to move Tuesday's appointment to Friday morning.",
    "The customer asked about opening hours and booked a visit for next week.",
    "The caller reported a late delivery and asked for a callback.",
    "The customer asked for a quote and will decide after talking to a colleague.",
    "The caller wanted to cancel the subscription; the agent offered a discount.",
];

/// A value for a string `format`; `None` for formats plankit does not generate (they are
/// annotations to the validator too, or the final check says what is wrong).
pub fn format(format: &str, rng: &mut Rng) -> Option<String> {
    Some(match format {
        "date-time" => date_time(base_millis(rng)),
        "date" => date_time(base_millis(rng))[..10].to_owned(),
        "time" => format!("{}Z", &date_time(base_millis(rng))[11..19]),
        "duration" => format!("PT{}M{}S", rng.between(1, 59), rng.between(0, 59)),
        "email" | "idn-email" => email(rng),
        "hostname" | "idn-hostname" => format!("{}.example.com", rng.pick(WORDS).copied().unwrap_or("www")),
        "ipv4" => format!("192.0.2.{}", rng.between(1, 254)),
        "ipv6" => format!("2001:db8::{:x}", rng.between(1, 0xffff)),
        "uuid" => uuid(rng),
        "uri" | "iri" | "url" => format!("https://example.com/calls/{}", rng.between(1000, 9999)),
        "uri-reference" | "iri-reference" => format!("/calls/{}", rng.between(1000, 9999)),
        "uri-template" => "https://example.com/calls/{id}".to_owned(),
        "json-pointer" => "/analysis/intent".to_owned(),
        "relative-json-pointer" => "0/intent".to_owned(),
        "regex" => "^[a-z]+$".to_owned(),
        "phone" | "phone-number" | "tel" => phone(rng),
        _ => return None,
    })
}

/// A string for a property named `name` (any spelling: `customerPhone`, `follow_up_date`).
pub fn named(name: Option<&str>, rng: &mut Rng) -> String {
    let written = name.unwrap_or("");
    let name = written.to_ascii_lowercase();
    let has = |part: &str| name.contains(part);
    if has("email") || has("e_mail") {
        email(rng)
    } else if has("phone") || has("mobile") || has("tel") || name.ends_with("number") {
        phone(rng)
    } else if has("date") && !has("update") {
        date_time(base_millis(rng))[..10].to_owned()
    } else if has("timestamp") || name.ends_with("_at") || name.ends_with("time") {
        date_time(base_millis(rng))
    } else if has("url") || has("link") || has("website") {
        format!("https://example.com/{}", rng.pick(WORDS).copied().unwrap_or("page"))
    } else if name == "id" || name.ends_with("_id") || written.ends_with("Id") {
        uuid(rng)
    } else if has("first") && has("name") {
        rng.pick(FIRST_NAMES).copied().unwrap_or("Jan").to_owned()
    } else if has("name") {
        full_name(rng)
    } else if has("city") || has("town") {
        rng.pick(CITIES).copied().unwrap_or("Utrecht").to_owned()
    } else if has("zip") || has("postcode") || has("postal") {
        format!("{} {}{}", rng.between(1000, 9999), letter(rng), letter(rng))
    } else if has("address") || has("street") {
        format!("Damrak {}", rng.between(1, 200))
    } else if has("country") {
        "NL".to_owned()
    } else if has("language") || has("locale") {
        "nl".to_owned()
    } else if has("currency") {
        "EUR".to_owned()
    } else if has("summary") || has("description") || has("note") || has("reason") || has("comment") {
        rng.pick(SENTENCES).copied().unwrap_or("The caller asked a question.").to_owned()
    } else {
        rng.pick(WORDS).copied().unwrap_or("sample").to_owned()
    }
}

/// A caller's name.
pub fn full_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES).copied().unwrap_or("Jan"), rng.pick(LAST_NAMES).copied().unwrap_or("Smit"))
}

/// A Dutch mobile number in E.164.
pub fn phone(rng: &mut Rng) -> String {
    format!("+316{:08}", rng.below(100_000_000))
}

fn email(rng: &mut Rng) -> String {
    let first = rng.pick(FIRST_NAMES).copied().unwrap_or("jan").to_ascii_lowercase();
    format!("{first}.{}@example.com", rng.between(1, 99))
}

/// A version-4 UUID.
pub fn uuid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

fn letter(rng: &mut Rng) -> char {
    char::from(b'A' + u8::try_from(rng.below(26)).unwrap_or(0))
}

/// A time in December 2025, in Unix milliseconds.
pub fn base_millis(rng: &mut Rng) -> i64 {
    // 2025-12-01T08:00:00Z plus up to 28 days
    1_764_576_000_000 + rng.between(0, 28 * 86_400) * 1000
}

/// `2025-12-13T12:05:30.000Z` for Unix milliseconds (the proleptic Gregorian calendar, UTC).
pub fn date_time(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        millis.rem_euclid(1000)
    )
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_utc() {
        assert_eq!(date_time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(date_time(1_765_627_530_000), "2025-12-13T12:05:30.000Z");
        assert_eq!(date_time(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn names_choose_the_value() {
        let mut rng = Rng::new(1);
        assert!(named(Some("customerPhone"), &mut rng).starts_with("+316"));
        assert!(named(Some("email"), &mut rng).ends_with("@example.com"));
        assert_eq!(named(Some("follow_up_date"), &mut rng).len(), 10);
        assert_eq!(phone(&mut rng).len(), 12);
    }
}
