//! Webhook signatures: [`sign`] a body the way a platform does, and [`verify`] a received
//! one, for Flireo/HMS, Vapi (HMAC credential and legacy shared secret), Retell and
//! Standard Webhooks ([`scheme`] has the table). Every scheme goes through one HMAC core
//! ([`mac`]), and every comparison is constant-time.
//!
//! A failed verification says why ([`Failure`]): a missing or malformed header (naming the
//! headers the scheme uses), a timestamp outside the tolerance (with the skew), or a
//! signature that does not match, with a [`Diagnosis`]: most often the receiver verified a
//! re-serialised body instead of the raw bytes, which [`verify`] detects by trying the same
//! JSON in the layouts a parser and serialiser produce.
//!
//! ```
//! use plankit::webhook::{Header, Scheme, Secret, SignOptions, VerifyOptions, sign, verify};
//! let secret = Secret::new("whsec_test_secret_12345");
//! let body = br#"{"message":{"type":"status-update"}}"#;
//! let options = SignOptions { timestamp: Some(1_700_000_000), ..SignOptions::default() };
//! let headers = sign(&Scheme::Flireo, &secret, body, &options).unwrap();
//! assert_eq!(headers[1].to_string(), "X-Webhook-Timestamp: 1700000000");
//! let at = VerifyOptions { now_ms: Some(1_700_000_100_000), ..VerifyOptions::default() };
//! assert!(verify(&Scheme::Flireo, &secret, body, &headers, &at).is_ok());
//! // the same JSON pretty-printed is not what was signed
//! let pretty = b"{\n  \"message\": {\n    \"type\": \"status-update\"\n  }\n}";
//! let failure = verify(&Scheme::Flireo, &secret, pretty, &headers, &at).unwrap_err();
//! assert!(failure.to_string().contains("re-serialised"));
//! ```

mod diagnose;
pub mod mac;
pub mod scheme;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

pub use diagnose::Diagnosis;
pub use mac::Algorithm;
pub use scheme::{Encoding, Scheme, Unit, VapiHmac};

/// One HTTP header, printed `Name: value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The header's name as the scheme spells it.
    pub name: String,
    /// Its value.
    pub value: String,
}

impl Header {
    /// A header.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Header {
        Header { name: name.into(), value: value.into() }
    }

    /// Reads `Name: value`; `None` without a colon or with an empty name.
    pub fn parse(line: &str) -> Option<Header> {
        let (name, value) = line.split_once(':')?;
        let name = name.trim();
        (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| Header::new(name, value.trim()))
    }
}

impl std::fmt::Display for Header {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.value)
    }
}

/// A signing secret. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// A secret from its bytes.
    pub fn new(secret: impl Into<Vec<u8>>) -> Secret {
        Secret(secret.into())
    }

    /// The secret's bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The HMAC key the scheme derives from the secret: the secret's bytes, except for
    /// Standard Webhooks, whose key is the base64 after the `whsec_` prefix.
    pub fn key(&self, scheme: &Scheme) -> Result<Vec<u8>, Failure> {
        if *scheme != Scheme::Standard {
            return Ok(self.0.clone());
        }
        let text = self.0.strip_prefix(b"whsec_").unwrap_or(&self.0);
        BASE64.decode(text).map_err(|_| {
            Failure::BadSecret(
                "a Standard Webhooks secret is `whsec_` followed by base64, and this one is not base64".to_owned(),
            )
        })
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

/// How to sign.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// The timestamp, in the scheme's unit ([`Scheme::unit`]); now when `None`.
    pub timestamp: Option<u64>,
    /// Standard Webhooks' `webhook-id` (and Vapi's `{svix-id}`); derived from the body and
    /// timestamp when `None`, so a fixture signed twice at the same time gets the same id.
    pub id: Option<String>,
    /// The request method, for a Vapi payload format with `{method}`.
    pub method: String,
    /// The request URL, for a Vapi payload format with `{url}`.
    pub url: Option<String>,
}

impl Default for SignOptions {
    fn default() -> SignOptions {
        SignOptions { timestamp: None, id: None, method: "POST".to_owned(), url: None }
    }
}

/// How to verify.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// How far the timestamp may be from now, either way: 300 s by default (every scheme's
    /// published or SDK default).
    pub tolerance: Duration,
    /// Now, in Unix milliseconds; the clock when `None` (pin it to verify an old fixture).
    pub now_ms: Option<u64>,
    /// The request method, for a Vapi payload format with `{method}`.
    pub method: String,
    /// The request URL, for a Vapi payload format with `{url}`.
    pub url: Option<String>,
    /// The bytes the sender sent, when known: a mismatch then says for certain whether the
    /// secret or the body is wrong.
    pub sent: Option<Vec<u8>>,
}

impl Default for VerifyOptions {
    fn default() -> VerifyOptions {
        VerifyOptions {
            tolerance: Duration::from_secs(300),
            now_ms: None,
            method: "POST".to_owned(),
            url: None,
            sent: None,
        }
    }
}

/// A signature that holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The signed timestamp in Unix milliseconds, for schemes that sign one.
    pub timestamp_ms: Option<u64>,
    /// How old the signature is, in milliseconds (negative: dated in the future).
    pub age_ms: Option<i64>,
}

/// Why a signature does not hold (or cannot be made).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// A header the scheme needs is absent.
    #[error("missing header `{name}`: the {scheme} scheme sends {}", expected.join(", "))]
    MissingHeader {
        /// The header missing.
        name: String,
        /// The scheme's name.
        scheme: &'static str,
        /// Every header the scheme sends.
        expected: Vec<String>,
    },
    /// A header is there but not in the scheme's form.
    #[error("header `{name}` is not {expected}")]
    MalformedHeader {
        /// The header.
        name: String,
        /// The form it must have.
        expected: String,
    },
    /// The secret cannot be used with this scheme.
    #[error("{0}")]
    BadSecret(String),
    /// The signature does not match the body.
    #[error("{0}")]
    Mismatch(Diagnosis),
    /// The signature matches, but its timestamp is outside the tolerance.
    #[error("the signature is valid but its timestamp is {} (tolerance {}s)", describe_age(*age_ms), tolerance.as_secs())]
    Expired {
        /// Now minus the timestamp, in milliseconds.
        age_ms: i64,
        /// The tolerance in force.
        tolerance: Duration,
    },
}

impl Failure {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            Failure::Mismatch(diagnosis) => diagnosis.help(),
            Failure::Expired { .. } => Some(
                "replay a fixture with a fresh signature (`plankit send` signs every request), or pin the clock with `--now`".to_owned(),
            ),
            Failure::MissingHeader { .. } => {
                Some("pass every header the request carried, each as `--header 'Name: value'`".to_owned())
            }
            Failure::MalformedHeader { .. } | Failure::BadSecret(_) => None,
        }
    }
}

fn describe_age(age_ms: i64) -> String {
    let seconds = age_ms.unsigned_abs().div_ceil(1000);
    if age_ms >= 0 { format!("{seconds}s old") } else { format!("{seconds}s in the future") }
}

/// Signs `body`: the headers to send, in the order the scheme lists them.
///
/// ```
/// use plankit::webhook::{Scheme, Secret, SignOptions, sign};
/// // Retell's published test vector
/// let options = SignOptions { timestamp: Some(1_700_000_000_000), ..SignOptions::default() };
/// let headers = sign(&Scheme::Retell, &Secret::new("test-api-key"), br#"{"event":"call_ended"}"#, &options).unwrap();
/// assert_eq!(headers[0].value, "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e");
/// ```
pub fn sign(scheme: &Scheme, secret: &Secret, body: &[u8], options: &SignOptions) -> Result<Vec<Header>, Failure> {
    let key = secret.key(scheme)?;
    let timestamp = match (options.timestamp, scheme.unit()) {
        (Some(timestamp), _) => timestamp,
        (None, Some(Unit::Millis)) => now_ms(),
        (None, _) => now_ms() / 1000,
    };
    let stamp = timestamp.to_string();
    let id = options.id.clone().unwrap_or_else(|| derived_id(body, &stamp));
    Ok(match scheme {
        Scheme::Flireo => {
            let tag = mac::compute(Algorithm::Sha256, &key, &[stamp.as_bytes(), b".", body]);
            vec![
                Header::new(scheme::FLIREO_SIGNATURE, format!("sha256={}", hex::encode(tag))),
                Header::new(scheme::FLIREO_TIMESTAMP, stamp),
            ]
        }
        Scheme::VapiHmac(config) => {
            let fields =
                Fields { body, timestamp: &stamp, method: &options.method, url: options.url.as_deref(), id: &id };
            let message = vapi_message(config, &fields)?;
            let tag = mac::compute(config.algorithm, &key, &[&message]);
            let signature = match config.encoding {
                Encoding::Hex => hex::encode(tag),
                Encoding::Base64 => BASE64.encode(tag),
            };
            let mut headers = vec![Header::new(&config.signature_header, format!("{}{signature}", config.prefix))];
            if config.include_timestamp {
                headers.push(Header::new(&config.timestamp_header, stamp));
            }
            if let Some(name) = &config.message_id_header {
                headers.push(Header::new(name, id));
            }
            headers
        }
        Scheme::VapiSecret => {
            let value = std::str::from_utf8(&key)
                .map_err(|_| Failure::BadSecret("an `X-Vapi-Secret` value must be UTF-8 text".to_owned()))?;
            vec![Header::new(scheme::VAPI_SECRET, value)]
        }
        Scheme::Retell => {
            let tag = mac::compute(Algorithm::Sha256, &key, &[body, stamp.as_bytes()]);
            vec![Header::new(scheme::RETELL_SIGNATURE, format!("v={stamp},d={}", hex::encode(tag)))]
        }
        Scheme::Standard => {
            let tag = mac::compute(Algorithm::Sha256, &key, &[id.as_bytes(), b".", stamp.as_bytes(), b".", body]);
            let [id_name, timestamp_name, signature_name] = scheme::STANDARD;
            vec![
                Header::new(id_name, id),
                Header::new(timestamp_name, stamp),
                Header::new(signature_name, format!("v1,{}", BASE64.encode(tag))),
            ]
        }
    })
}

/// Verifies `body` (the raw bytes received) against the request's `headers` (names compared
/// case-insensitively). The signature is checked first, then the timestamp, so an old fixture
/// with a valid signature says just that.
pub fn verify(
    scheme: &Scheme,
    secret: &Secret,
    body: &[u8],
    headers: &[Header],
    options: &VerifyOptions,
) -> Result<Verified, Failure> {
    let key = secret.key(scheme)?;
    let claim = diagnose::Claim::read(scheme, headers, options)?;
    if !claim.holds(&key, body)? {
        return Err(Failure::Mismatch(diagnose::diagnose(&claim, secret, &key, body, options)));
    }
    let Some(timestamp_ms) = claim.timestamp_ms else {
        return Ok(Verified { timestamp_ms: None, age_ms: None });
    };
    let now = options.now_ms.unwrap_or_else(now_ms);
    let age_ms = i64::try_from(i128::from(now) - i128::from(timestamp_ms)).unwrap_or(i64::MAX);
    if u128::from(age_ms.unsigned_abs()) > options.tolerance.as_millis() {
        return Err(Failure::Expired { age_ms, tolerance: options.tolerance });
    }
    Ok(Verified { timestamp_ms: Some(timestamp_ms), age_ms: Some(age_ms) })
}

/// The values a Vapi payload format substitutes.
struct Fields<'a> {
    body: &'a [u8],
    timestamp: &'a str,
    method: &'a str,
    url: Option<&'a str>,
    id: &'a str,
}

/// Builds the bytes a Vapi HMAC credential signs from its payload format.
fn vapi_message(config: &VapiHmac, fields: &Fields<'_>) -> Result<Vec<u8>, Failure> {
    let format = config.format();
    let mut out = Vec::with_capacity(fields.body.len() + format.len() + 16);
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.extend_from_slice(&rest.as_bytes()[..open]);
        let after = &rest[open..];
        let (token, value): (&str, &[u8]) = if after.starts_with("{body}") {
            ("{body}", fields.body)
        } else if after.starts_with("{timestamp}") {
            ("{timestamp}", fields.timestamp.as_bytes())
        } else if after.starts_with("{method}") {
            ("{method}", fields.method.as_bytes())
        } else if after.starts_with("{svix-id}") {
            ("{svix-id}", fields.id.as_bytes())
        } else if after.starts_with("{url}") {
            let url = fields.url.ok_or_else(|| {
                Failure::BadSecret("the payload format signs `{url}`: give the request URL (`--url`)".to_owned())
            })?;
            ("{url}", url.as_bytes())
        } else {
            ("{", b"{")
        };
        out.extend_from_slice(value);
        rest = &after[token.len()..];
    }
    out.extend_from_slice(rest.as_bytes());
    Ok(out)
}

/// `msg_` and 24 hex digits of SHA-256 over the timestamp and body: stable for a fixture.
fn derived_id(body: &[u8], stamp: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::new().chain_update(stamp.as_bytes()).chain_update(b".").chain_update(body).finalize();
    format!("msg_{}", &hex::encode(digest)[..24])
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests;
