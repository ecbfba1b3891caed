//! `plankit sign` and `plankit verify`: the library's [`plankit::webhook`] on files, with the
//! secret from an environment variable or a file (never an argument, never printed).

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::ValueEnum;
use plankit::webhook::{self, Algorithm, Encoding, Header, Scheme, Secret, SignOptions, VapiHmac, VerifyOptions};

use super::{Outcome, error_line, print, usage};

/// The scheme, the secret, and a Vapi HMAC credential's configuration.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct SchemeArgs {
    /// The signature scheme: flireo (HMS too), vapi-hmac, vapi-secret, retell, standard
    /// (Standard Webhooks / Svix).
    #[arg(long, value_name = "SCHEME", value_parser = parse_scheme)]
    pub(super) scheme: Scheme,
    /// The environment variable holding the secret (Retell: the API key).
    #[arg(long, value_name = "VAR", conflicts_with = "secret_file")]
    pub(super) secret_env: Option<String>,
    /// A file holding the secret (one final newline is ignored).
    #[arg(long, value_name = "FILE")]
    pub(super) secret_file: Option<PathBuf>,
    /// vapi-hmac: the HMAC's hash.
    #[arg(long, value_enum, value_name = "HASH", default_value_t = AlgorithmArg::Sha256, help_heading = "Vapi HMAC credential")]
    algorithm: AlgorithmArg,
    /// vapi-hmac: the signature header.
    #[arg(long, value_name = "NAME", default_value = "x-signature", help_heading = "Vapi HMAC credential")]
    signature_header: String,
    /// vapi-hmac: the timestamp header (Unix seconds).
    #[arg(long, value_name = "NAME", default_value = "x-timestamp", help_heading = "Vapi HMAC credential")]
    timestamp_header: String,
    /// vapi-hmac: text before the signature, e.g. `sha256=`.
    #[arg(long, value_name = "TEXT", default_value = "", help_heading = "Vapi HMAC credential")]
    signature_prefix: String,
    /// vapi-hmac: how the signature is written.
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = EncodingArg::Hex, help_heading = "Vapi HMAC credential")]
    encoding: EncodingArg,
    /// vapi-hmac: what is signed, from `{body}`, `{timestamp}`, `{method}`, `{url}`,
    /// `{svix-id}`. Default `{timestamp}.{body}` (`{body}` with `--no-timestamp`).
    #[arg(long, value_name = "FORMAT", help_heading = "Vapi HMAC credential")]
    payload_format: Option<String>,
    /// vapi-hmac: send and sign no timestamp (`includeTimestamp: false`).
    #[arg(long, help_heading = "Vapi HMAC credential")]
    no_timestamp: bool,
    /// vapi-hmac: the header carrying the message id `{svix-id}` stands for.
    #[arg(long, value_name = "NAME", help_heading = "Vapi HMAC credential")]
    message_id_header: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AlgorithmArg {
    Sha256,
    Sha512,
    Sha1,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EncodingArg {
    Hex,
    Base64,
}

fn parse_scheme(name: &str) -> Result<Scheme, String> {
    Scheme::from_name(name).ok_or_else(|| {
        let near =
            plankit::text::suggest(name, Scheme::NAMES).map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default();
        format!("unknown scheme `{name}`{near}: expected one of {}", Scheme::NAMES.join(", "))
    })
}

impl SchemeArgs {
    /// The scheme, with the Vapi credential's flags applied.
    pub(super) fn scheme(&self) -> Scheme {
        match &self.scheme {
            Scheme::VapiHmac(_) => Scheme::VapiHmac(VapiHmac {
                algorithm: match self.algorithm {
                    AlgorithmArg::Sha256 => Algorithm::Sha256,
                    AlgorithmArg::Sha512 => Algorithm::Sha512,
                    AlgorithmArg::Sha1 => Algorithm::Sha1,
                },
                signature_header: self.signature_header.clone(),
                timestamp_header: self.timestamp_header.clone(),
                prefix: self.signature_prefix.clone(),
                include_timestamp: !self.no_timestamp,
                payload_format: self.payload_format.clone(),
                encoding: match self.encoding {
                    EncodingArg::Hex => Encoding::Hex,
                    EncodingArg::Base64 => Encoding::Base64,
                },
                message_id_header: self.message_id_header.clone(),
            }),
            other => other.clone(),
        }
    }

    /// The secret, or the outcome of failing to get it (a usage error: exit 2).
    pub(super) fn secret(&self) -> Result<Secret, Outcome> {
        match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => match std::env::var_os(var) {
                Some(value) if !value.is_empty() => Ok(Secret::new(value.into_encoded_bytes())),
                Some(_) => Err(usage(&format!("the environment variable `{var}` (--secret-env) is empty"))),
                None => Err(usage(&format!("the environment variable `{var}` (--secret-env) is not set"))),
            },
            (None, Some(path)) => match std::fs::read(path) {
                Ok(mut bytes) => {
                    if bytes.ends_with(b"\n") {
                        bytes.pop();
                        if bytes.ends_with(b"\r") {
                            bytes.pop();
                        }
                    }
                    if bytes.is_empty() {
                        return Err(usage(&format!("the secret file {} is empty", path.display())));
                    }
                    Ok(Secret::new(bytes))
                }
                Err(error) => {
                    error_line!("error: {}: cannot read the secret: {}", path.display(), lower(&error));
                    Err(Outcome::InputFailure)
                }
            },
            (None, None) => Err(usage("give the secret with `--secret-env VAR` or `--secret-file FILE`")),
        }
    }

    /// Where the secret comes from, for output that must not show it: `$VAR`.
    fn secret_shown(&self) -> String {
        match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => format!("${var}"),
            (None, Some(path)) => format!("$(cat {})", path.display()),
            (None, None) => String::new(),
        }
    }
}

#[derive(Debug, clap::Args)]
pub(super) struct SignArgs {
    /// The body to sign, byte for byte (`-` reads standard input).
    file: PathBuf,
    #[command(flatten)]
    scheme: SchemeArgs,
    /// The timestamp to sign, in the scheme's unit (Unix seconds; Retell: milliseconds).
    /// Default: now.
    #[arg(long, value_name = "T")]
    timestamp: Option<u64>,
    /// Standard Webhooks' `webhook-id` (and Vapi's `{svix-id}`). Default: derived from the
    /// body and timestamp.
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// The request URL, for a Vapi payload format that signs `{url}`.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(super) struct VerifyArgs {
    /// The body as received, byte for byte (`-` reads standard input).
    file: PathBuf,
    #[command(flatten)]
    scheme: SchemeArgs,
    /// A request header, `Name: value`; repeat for each.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A file of request headers, one `Name: value` a line (what `plankit sign` prints).
    #[arg(long, value_name = "FILE")]
    headers_file: Option<PathBuf>,
    /// How old (or how far in the future) the timestamp may be, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    tolerance: u64,
    /// Verify as if now were this Unix time in seconds (for old fixtures).
    #[arg(long, value_name = "T")]
    now: Option<u64>,
    /// The bytes the sender sent: a mismatch then says whether the secret or the body is wrong.
    #[arg(long, value_name = "FILE")]
    sent: Option<PathBuf>,
    /// The request URL, for a Vapi payload format that signs `{url}`.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

pub(super) fn sign(args: SignArgs) -> Outcome {
    let secret = match args.scheme.secret() {
        Ok(secret) => secret,
        Err(outcome) => return outcome,
    };
    let Some(body) = read_body(&args.file) else { return Outcome::InputFailure };
    let scheme = args.scheme.scheme();
    let options = SignOptions { timestamp: args.timestamp, id: args.id, url: args.url, ..SignOptions::default() };
    match webhook::sign(&scheme, &secret, &body, &options) {
        Ok(headers) => {
            let mut text = String::new();
            for header in headers {
                if scheme == Scheme::VapiSecret {
                    // the header's value is the secret itself: say where it comes from instead
                    text.push_str(&format!("{}: {}\n", header.name, args.scheme.secret_shown()));
                    error_line!(
                        "note: vapi-secret sends the secret itself; plankit prints where it comes from, never its value"
                    );
                } else {
                    text.push_str(&format!("{header}\n"));
                }
            }
            print(&text, super::Color::Never);
            Outcome::Clean
        }
        Err(failure) => {
            error_line!("error: {failure}");
            Outcome::Usage
        }
    }
}

pub(super) fn verify(args: VerifyArgs) -> Outcome {
    let secret = match args.scheme.secret() {
        Ok(secret) => secret,
        Err(outcome) => return outcome,
    };
    let mut lines = args.headers.clone();
    if let Some(path) = &args.headers_file {
        match std::fs::read_to_string(path) {
            Ok(text) => lines.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned)),
            Err(error) => {
                error_line!("error: {}: cannot read the headers: {}", path.display(), lower(&error));
                return Outcome::InputFailure;
            }
        }
    }
    let mut headers = Vec::new();
    for line in &lines {
        match Header::parse(line) {
            Some(header) => headers.push(header),
            None => return usage(&format!("`--header {line}` is not `Name: value`")),
        }
    }
    let Some(body) = read_body(&args.file) else { return Outcome::InputFailure };
    let sent = match &args.sent {
        Some(path) => match read_body(path) {
            Some(bytes) => Some(bytes),
            None => return Outcome::InputFailure,
        },
        None => None,
    };
    let scheme = args.scheme.scheme();
    let options = VerifyOptions {
        tolerance: Duration::from_secs(args.tolerance),
        now_ms: args.now.map(|s| s.saturating_mul(1000)),
        url: args.url.clone(),
        sent,
        ..VerifyOptions::default()
    };
    let name = display(&args.file);
    match webhook::verify(&scheme, &secret, &body, &headers, &options) {
        Ok(verified) => {
            let age = verified.age_ms.map(|ms| format!(", signed {}s ago", ms / 1000)).unwrap_or_default();
            print(&format!("{name}: signature valid ({}{age})\n", scheme.name()), super::Color::Never);
            Outcome::Clean
        }
        Err(failure) => {
            let help = failure.help().map(|h| format!("\n  help: {h}")).unwrap_or_default();
            error_line!("error: {name}: {failure}{help}");
            match failure {
                webhook::Failure::BadSecret(_) => Outcome::Usage,
                _ => Outcome::Findings,
            }
        }
    }
}

/// The bytes of a file (`-`: standard input), or `None` after saying why not.
pub(super) fn read_body(path: &Path) -> Option<Vec<u8>> {
    let read = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    match read {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            error_line!("error: {}: cannot read: {}", display(path), lower(&error));
            None
        }
    }
}

fn display(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_owned() } else { path.display().to_string() }
}

fn lower(error: &std::io::Error) -> String {
    let text = error.to_string();
    // "No such file or directory (os error 2)" reads as the rest of plankit's messages do
    let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}
