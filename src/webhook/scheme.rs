//! The signature schemes as data: which headers each sends, what it signs, how the
//! signature is written and in which unit its timestamp counts.
//!
//! | scheme | headers | signed bytes | signature |
//! |---|---|---|---|
//! | `flireo` (HMS too) | `X-Webhook-Signature`, `X-Webhook-Timestamp` (Unix s) | `{timestamp}.{body}` | `sha256=` + hex HMAC-SHA256 (the prefix is optional when verifying) |
//! | `vapi-hmac` | configurable: `x-signature`, `x-timestamp` (Unix s) by default | `payloadFormat`, `{timestamp}.{body}` by default | optional prefix + hex or base64 of HMAC-SHA256/SHA512/SHA1 |
//! | `vapi-secret` | `X-Vapi-Secret` | nothing | the shared secret itself |
//! | `retell` | `x-retell-signature` | `{body}{timestamp}` | `v=<Unix ms>,d=<hex HMAC-SHA256>`, keyed with the API key |
//! | `standard` | `webhook-id`, `webhook-timestamp` (Unix s), `webhook-signature` | `{id}.{timestamp}.{body}` | `v1,<base64 HMAC-SHA256>`, space-separated; the key is the base64 after `whsec_` |

use super::mac::Algorithm;

/// A webhook signature scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// Flireo and HMS Sovereign.
    Flireo,
    /// A Vapi HMAC credential, configured as in Vapi's `HMACAuthenticationPlan`.
    VapiHmac(VapiHmac),
    /// Vapi's legacy shared secret in `X-Vapi-Secret`.
    VapiSecret,
    /// Retell's `x-retell-signature`.
    Retell,
    /// Standard Webhooks (and Svix, which spells the headers `svix-*`).
    Standard,
}

/// How a Vapi HMAC credential signs: the fields of Vapi's `HMACAuthenticationPlan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VapiHmac {
    /// `algorithm`: `sha256` (default), `sha512` or `sha1`.
    pub algorithm: Algorithm,
    /// `signatureHeader`, default `x-signature`.
    pub signature_header: String,
    /// `timestampHeader`, default `x-timestamp`.
    pub timestamp_header: String,
    /// `signaturePrefix`, e.g. `sha256=`; none by default.
    pub prefix: String,
    /// `includeTimestamp`, default true: the timestamp header is sent and signed.
    pub include_timestamp: bool,
    /// `payloadFormat`: `{body}`, `{timestamp}`, `{method}`, `{url}`, `{svix-id}`; default
    /// `{timestamp}.{body}` (`{body}` without the timestamp).
    pub payload_format: Option<String>,
    /// `signatureEncoding`: hex (default) or base64.
    pub encoding: Encoding,
    /// `messageIdHeader`, the header carrying `{svix-id}`; none by default.
    pub message_id_header: Option<String>,
}

impl Default for VapiHmac {
    fn default() -> VapiHmac {
        VapiHmac {
            algorithm: Algorithm::Sha256,
            signature_header: "x-signature".to_owned(),
            timestamp_header: "x-timestamp".to_owned(),
            prefix: String::new(),
            include_timestamp: true,
            payload_format: None,
            encoding: Encoding::Hex,
            message_id_header: None,
        }
    }
}

impl VapiHmac {
    /// The payload format in force.
    pub fn format(&self) -> &str {
        match &self.payload_format {
            Some(format) => format,
            None if self.include_timestamp => "{timestamp}.{body}",
            None => "{body}",
        }
    }
}

/// How a signature's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Lowercase hexadecimal.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

/// The unit a scheme's timestamp counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unix seconds.
    Seconds,
    /// Unix milliseconds.
    Millis,
}

impl Scheme {
    /// Every scheme's name, as `--scheme` takes it.
    pub const NAMES: [&'static str; 5] = ["flireo", "vapi-hmac", "vapi-secret", "retell", "standard"];

    /// The scheme named `name` (`hms` is Flireo's; `svix` is Standard Webhooks), with Vapi's
    /// HMAC credential in its default configuration.
    pub fn from_name(name: &str) -> Option<Scheme> {
        Some(match name {
            "flireo" | "hms" => Scheme::Flireo,
            "vapi-hmac" => Scheme::VapiHmac(VapiHmac::default()),
            "vapi-secret" => Scheme::VapiSecret,
            "retell" => Scheme::Retell,
            "standard" | "svix" => Scheme::Standard,
            _ => return None,
        })
    }

    /// The scheme's name.
    pub fn name(&self) -> &'static str {
        match self {
            Scheme::Flireo => "flireo",
            Scheme::VapiHmac(_) => "vapi-hmac",
            Scheme::VapiSecret => "vapi-secret",
            Scheme::Retell => "retell",
            Scheme::Standard => "standard",
        }
    }

    /// The headers the scheme sends, in the order `sign` prints them.
    pub fn header_names(&self) -> Vec<String> {
        match self {
            Scheme::Flireo => vec![FLIREO_SIGNATURE.to_owned(), FLIREO_TIMESTAMP.to_owned()],
            Scheme::VapiHmac(config) => {
                let mut names = vec![config.signature_header.clone()];
                if config.include_timestamp {
                    names.push(config.timestamp_header.clone());
                }
                names.extend(config.message_id_header.clone());
                names
            }
            Scheme::VapiSecret => vec![VAPI_SECRET.to_owned()],
            Scheme::Retell => vec![RETELL_SIGNATURE.to_owned()],
            Scheme::Standard => STANDARD.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// The unit of the scheme's timestamp (`None` for the shared secret, which has none).
    pub fn unit(&self) -> Option<Unit> {
        match self {
            Scheme::Retell => Some(Unit::Millis),
            Scheme::VapiSecret => None,
            Scheme::VapiHmac(config) if !config.include_timestamp => None,
            Scheme::Flireo | Scheme::VapiHmac(_) | Scheme::Standard => Some(Unit::Seconds),
        }
    }
}

/// Flireo's signature header.
pub const FLIREO_SIGNATURE: &str = "X-Webhook-Signature";
/// Flireo's timestamp header (Unix seconds).
pub const FLIREO_TIMESTAMP: &str = "X-Webhook-Timestamp";
/// Vapi's legacy shared-secret header.
pub const VAPI_SECRET: &str = "X-Vapi-Secret";
/// Retell's signature header.
pub const RETELL_SIGNATURE: &str = "x-retell-signature";
/// Standard Webhooks' headers: id, timestamp, signature.
pub const STANDARD: [&str; 3] = ["webhook-id", "webhook-timestamp", "webhook-signature"];
/// Svix's spelling of the same three headers.
pub const SVIX: [&str; 3] = ["svix-id", "svix-timestamp", "svix-signature"];
