//! Reading what a request's headers claim, checking the claim, and explaining a signature
//! that does not match: a re-serialised body, a trailing newline, whitespace around the
//! secret, or (given the bytes that were sent) which of secret and body is wrong.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::scheme::{self, Encoding, Scheme};
use super::{Algorithm, Failure, Fields, Header, Secret, VerifyOptions, mac, vapi_message};

/// Why a signature does not match its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// The body is the signed JSON written another way; `layout` says how the signed bytes
    /// were written (`compact, keys in their original order`).
    ReSerialised {
        /// How the JSON that verifies is laid out.
        layout: &'static str,
    },
    /// The body and the signed bytes differ by a final newline.
    TrailingNewline {
        /// True when the body has the newline and the signed bytes do not.
        added: bool,
    },
    /// The secret has whitespace around it (a secret file's newline, a pasted space); the
    /// trimmed secret verifies.
    SecretWhitespace,
    /// The bytes that were sent verify, so the secret is right and the body differs from them.
    BodyDiffers {
        /// The first byte that differs.
        offset: usize,
        /// The body is the same JSON as what was sent, written differently.
        same_json: bool,
    },
    /// Not even the bytes that were sent verify: the secret is not the sender's.
    WrongSecret,
    /// The shared secret in the header is not this secret.
    WrongSharedSecret,
    /// Nothing tried explains it.
    Unknown,
}

impl std::fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Diagnosis::ReSerialised { layout } => write!(
                f,
                "you verified a re-serialised body: verify the raw bytes (the same JSON written {layout} verifies)"
            ),
            Diagnosis::TrailingNewline { added: true } => {
                write!(f, "the body ends with a newline that the signed bytes do not have")
            }
            Diagnosis::TrailingNewline { added: false } => {
                write!(f, "the signed bytes end with a newline that the body does not have")
            }
            Diagnosis::SecretWhitespace => {
                write!(f, "the secret has whitespace around it: the trimmed secret verifies")
            }
            Diagnosis::BodyDiffers { offset, same_json: true } => write!(
                f,
                "the secret is right, but you verified a re-serialised body (same JSON, other bytes from byte {offset}): verify the raw bytes"
            ),
            Diagnosis::BodyDiffers { offset, same_json: false } => {
                write!(f, "the secret is right, but the body differs from the bytes that were sent from byte {offset}")
            }
            Diagnosis::WrongSecret => {
                write!(f, "wrong secret: even the bytes that were sent do not verify with it")
            }
            Diagnosis::WrongSharedSecret => write!(f, "wrong secret: `X-Vapi-Secret` holds another value"),
            Diagnosis::Unknown => write!(
                f,
                "the signature does not match: the secret is not the sender's, or the body is not the bytes that were signed"
            ),
        }
    }
}

impl Diagnosis {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            Diagnosis::ReSerialised { .. } | Diagnosis::BodyDiffers { same_json: true, .. } => Some(
                "a JSON parser and serialiser change key order, whitespace and escaping: read the request body as bytes before parsing it".to_owned(),
            ),
            Diagnosis::TrailingNewline { .. } => {
                Some("an editor or `echo` adds a final newline: sign and verify the file exactly as sent".to_owned())
            }
            Diagnosis::SecretWhitespace => Some("trim the secret where it is stored".to_owned()),
            Diagnosis::Unknown => Some(
                "give the bytes exactly as the sender sent them with `--sent FILE` to tell the two apart".to_owned(),
            ),
            Diagnosis::BodyDiffers { .. } | Diagnosis::WrongSecret | Diagnosis::WrongSharedSecret => None,
        }
    }
}

/// What a request's headers claim: the signatures and what they were computed over.
pub(super) struct Claim<'a> {
    scheme: &'a Scheme,
    tags: Vec<Vec<u8>>,
    stamp: String,
    id: String,
    method: &'a str,
    url: Option<&'a str>,
    /// The signed timestamp in Unix milliseconds.
    pub(super) timestamp_ms: Option<u64>,
}

impl<'a> Claim<'a> {
    /// Reads the scheme's headers.
    pub(super) fn read(
        scheme: &'a Scheme,
        headers: &[Header],
        options: &'a VerifyOptions,
    ) -> Result<Claim<'a>, Failure> {
        let mut claim = Claim {
            scheme,
            tags: Vec::new(),
            stamp: String::new(),
            id: String::new(),
            method: &options.method,
            url: options.url.as_deref(),
            timestamp_ms: None,
        };
        match scheme {
            Scheme::Flireo => {
                let signature = required(scheme, headers, scheme::FLIREO_SIGNATURE)?;
                let digits = signature.strip_prefix("sha256=").unwrap_or(signature);
                claim.tags.push(hex_tag(digits, 32).ok_or_else(|| {
                    malformed(scheme::FLIREO_SIGNATURE, "`sha256=` followed by 64 hexadecimal digits")
                })?);
                claim.read_seconds(required(scheme, headers, scheme::FLIREO_TIMESTAMP)?, scheme::FLIREO_TIMESTAMP)?;
            }
            Scheme::VapiHmac(config) => {
                let signature = required(scheme, headers, &config.signature_header)?;
                let written = signature.strip_prefix(config.prefix.as_str()).unwrap_or(signature);
                let tag = match config.encoding {
                    Encoding::Hex => hex::decode(written).ok(),
                    Encoding::Base64 => BASE64.decode(written).ok(),
                };
                let expected = match config.encoding {
                    Encoding::Hex => "a hexadecimal HMAC",
                    Encoding::Base64 => "a base64 HMAC",
                };
                claim.tags.push(tag.ok_or_else(|| malformed(&config.signature_header, expected))?);
                if config.include_timestamp {
                    let stamp = required(scheme, headers, &config.timestamp_header)?;
                    // Vapi does not publish the unit: 12 digits and more are milliseconds
                    let value: u64 =
                        stamp.parse().map_err(|_| malformed(&config.timestamp_header, "a whole number (Unix time)"))?;
                    claim.stamp = stamp.to_owned();
                    claim.timestamp_ms =
                        Some(if value >= 100_000_000_000 { value } else { value.saturating_mul(1000) });
                }
                if let Some(name) = &config.message_id_header {
                    claim.id = required(scheme, headers, name)?.to_owned();
                }
            }
            Scheme::VapiSecret => {
                claim.tags.push(required(scheme, headers, scheme::VAPI_SECRET)?.as_bytes().to_vec());
            }
            Scheme::Retell => {
                let value = required(scheme, headers, scheme::RETELL_SIGNATURE)?;
                let (stamp, tag) = retell(value).ok_or_else(|| {
                    malformed(scheme::RETELL_SIGNATURE, "`v=<Unix milliseconds>,d=<64 hexadecimal digits>`")
                })?;
                claim.stamp = stamp.to_owned();
                claim.timestamp_ms = stamp.parse().ok();
                claim.tags.push(tag);
            }
            Scheme::Standard => {
                let names =
                    if header(headers, scheme::STANDARD[2]).is_none() && header(headers, scheme::SVIX[2]).is_some() {
                        scheme::SVIX
                    } else {
                        scheme::STANDARD
                    };
                claim.id = required(scheme, headers, names[0])?.to_owned();
                claim.read_seconds(required(scheme, headers, names[1])?, names[1])?;
                let list = required(scheme, headers, names[2])?;
                claim.tags = list
                    .split_whitespace()
                    .filter_map(|entry| entry.strip_prefix("v1,"))
                    .filter_map(|b64| BASE64.decode(b64).ok())
                    .collect();
                if claim.tags.is_empty() {
                    return Err(malformed(names[2], "a space-separated list of `v1,<base64>` signatures"));
                }
            }
        }
        Ok(claim)
    }

    fn read_seconds(&mut self, stamp: &str, name: &str) -> Result<(), Failure> {
        let seconds: u64 = stamp.parse().map_err(|_| malformed(name, "a whole number of Unix seconds"))?;
        self.stamp = stamp.to_owned();
        self.timestamp_ms = Some(seconds.saturating_mul(1000));
        Ok(())
    }

    /// Whether any of the claimed signatures is the one `key` makes over `body`.
    pub(super) fn holds(&self, key: &[u8], body: &[u8]) -> Result<bool, Failure> {
        let stamp = self.stamp.as_bytes();
        let (algorithm, message): (Algorithm, Vec<u8>) = match self.scheme {
            Scheme::Flireo => (Algorithm::Sha256, [stamp, b".", body].concat()),
            Scheme::Retell => (Algorithm::Sha256, [body, stamp].concat()),
            Scheme::Standard => (Algorithm::Sha256, [self.id.as_bytes(), b".", stamp, b".", body].concat()),
            Scheme::VapiHmac(config) => {
                let fields = Fields { body, timestamp: &self.stamp, method: self.method, url: self.url, id: &self.id };
                (config.algorithm, vapi_message(config, &fields)?)
            }
            Scheme::VapiSecret => {
                return Ok(self.tags.iter().any(|given| mac::same_secret(key, given)));
            }
        };
        Ok(self.tags.iter().any(|tag| mac::matches(algorithm, key, &[&message], tag)))
    }
}

/// Explains a signature that does not match `body`.
pub(super) fn diagnose(
    claim: &Claim<'_>,
    secret: &Secret,
    key: &[u8],
    body: &[u8],
    options: &VerifyOptions,
) -> Diagnosis {
    let holds = |key: &[u8], body: &[u8]| claim.holds(key, body).unwrap_or(false);
    if *claim.scheme == Scheme::VapiSecret {
        let trimmed = secret.expose().trim_ascii();
        return if trimmed != secret.expose() && holds(trimmed, body) {
            Diagnosis::SecretWhitespace
        } else {
            Diagnosis::WrongSharedSecret
        };
    }
    if let Some(sent) = &options.sent {
        if !holds(key, sent) {
            return Diagnosis::WrongSecret;
        }
        let offset = body.iter().zip(sent.iter()).position(|(a, b)| a != b).unwrap_or(body.len().min(sent.len()));
        return Diagnosis::BodyDiffers { offset, same_json: same_json(body, sent) };
    }
    let trimmed = Secret::new(secret.expose().trim_ascii());
    if trimmed != *secret
        && let Ok(trimmed_key) = trimmed.key(claim.scheme)
        && holds(&trimmed_key, body)
    {
        return Diagnosis::SecretWhitespace;
    }
    if let Some(stripped) = body.strip_suffix(b"\n")
        && holds(key, stripped.strip_suffix(b"\r").unwrap_or(stripped))
    {
        return Diagnosis::TrailingNewline { added: true };
    }
    if holds(key, &[body, b"\n"].concat()) {
        return Diagnosis::TrailingNewline { added: false };
    }
    // each layout as a serialiser writes it, and as a file holding it ends: with a newline
    for (layout, text) in layouts(body) {
        for written in [text.clone(), text + "\n"] {
            if written.as_bytes() != body && holds(key, written.as_bytes()) {
                return Diagnosis::ReSerialised { layout };
            }
        }
    }
    Diagnosis::Unknown
}

/// The JSON of `body` in the layouts a parser and serialiser produce.
fn layouts(body: &[u8]) -> Vec<(&'static str, String)> {
    use crate::json::{Layout, reformat};
    let Ok(text) = std::str::from_utf8(body) else { return Vec::new() };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(compact) = reformat(text, Layout::Compact) {
        out.push(("compact, keys in their original order", compact));
    }
    if let Some(pretty) = reformat(text, Layout::Pretty) {
        out.push(("indented, keys in their original order", pretty));
    }
    if let Some((_, compact)) = out.first() {
        let compact = compact.clone();
        out.push(("compact, non-ASCII as \\u escapes", escaped(&compact, false, false)));
        out.push(("as Python's json.dumps writes it", escaped(&compact, true, false)));
        out.push(("as PHP's json_encode writes it", escaped(&compact, false, true)));
    }
    out.push(("compact, keys sorted", serde_json::to_string(&value).unwrap_or_default()));
    out.push(("indented, keys sorted", serde_json::to_string_pretty(&value).unwrap_or_default()));
    out
}

/// Compact JSON text as other serialisers write it: non-ASCII as `\uXXXX` escapes, with
/// Python's `", "` and `": "` separators (`spaced`), with `/` escaped as PHP does (`slashes`).
fn escaped(compact: &str, spaced: bool, slashes: bool) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 8);
    let (mut in_string, mut escape) = (false, false);
    for c in compact.chars() {
        if in_string {
            if escape {
                escape = false;
                out.push(c);
            } else if c == '\\' {
                escape = true;
                out.push(c);
            } else if c == '"' {
                in_string = false;
                out.push(c);
            } else if c == '/' && slashes {
                out.push_str("\\/");
            } else if c.is_ascii() {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        } else {
            match c {
                '"' => in_string = true,
                ',' if spaced => {
                    out.push_str(", ");
                    continue;
                }
                ':' if spaced => {
                    out.push_str(": ");
                    continue;
                }
                _ => {}
            }
            out.push(c);
        }
    }
    out
}

fn same_json(a: &[u8], b: &[u8]) -> bool {
    match (serde_json::from_slice::<serde_json::Value>(a), serde_json::from_slice::<serde_json::Value>(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The value of the header `name`, compared case-insensitively.
fn header<'h>(headers: &'h [Header], name: &str) -> Option<&'h str> {
    headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

fn required<'h>(scheme: &Scheme, headers: &'h [Header], name: &str) -> Result<&'h str, Failure> {
    header(headers, name).ok_or_else(|| Failure::MissingHeader {
        name: name.to_owned(),
        scheme: scheme.name(),
        expected: scheme.header_names(),
    })
}

fn malformed(name: &str, expected: &str) -> Failure {
    Failure::MalformedHeader { name: name.to_owned(), expected: expected.to_owned() }
}

/// `len` bytes written as hexadecimal.
fn hex_tag(digits: &str, len: usize) -> Option<Vec<u8>> {
    hex::decode(digits).ok().filter(|tag| tag.len() == len)
}

/// Retell's `v=<digits>,d=<64 hex>`, case-insensitive as its SDK reads it; the timestamp must
/// fit a JavaScript safe integer.
fn retell(value: &str) -> Option<(&str, Vec<u8>)> {
    let (v, d) = value.split_once(',')?;
    let stamp = v.strip_prefix("v=").or_else(|| v.strip_prefix("V="))?;
    let digits = d.strip_prefix("d=").or_else(|| d.strip_prefix("D="))?;
    let safe = !stamp.is_empty()
        && stamp.bytes().all(|b| b.is_ascii_digit())
        && stamp.parse::<u64>().is_ok_and(|n| n < (1 << 53));
    (safe && digits.len() == 64).then_some(())?;
    Some((stamp, hex_tag(digits, 32)?))
}
