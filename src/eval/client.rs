//! The Chat Completions client: one POST per request to `{base-url}/chat/completions`, over
//! ureq (blocking, rustls), with a timeout per attempt and retries with exponential backoff on
//! 429 and 5xx (honouring `Retry-After`), on timeouts and on connections cut short. A refused
//! connection, a 4xx other than 429, or a body that is not a Chat Completions response fails
//! at once: retrying cannot help. The key is sent as a bearer token and never kept elsewhere.

use std::time::{Duration, Instant};

use serde_json::Value;

/// Where requests go and how patiently.
#[derive(Clone)]
pub struct Endpoint {
    /// The API's base URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8080/v1`.
    pub base_url: String,
    /// The bearer token; `None` sends no `Authorization` header (local servers).
    pub api_key: Option<String>,
    /// The longest one attempt may take, connection included.
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff; each retry doubles it.
    pub backoff: Duration,
    /// How many requests run at once (the connection pool keeps that many open).
    pub connections: usize,
}

impl std::fmt::Debug for Endpoint {
    // never the key
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish()
    }
}

/// A response that was a Chat Completions response.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The parsed body.
    pub response: Value,
    /// Time of the successful attempt.
    pub latency: Duration,
    /// Attempts made, the successful one included.
    pub attempts: u32,
}

/// Why the endpoint failed; each message is one line naming the URL and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {message}")]
pub struct EndpointError {
    /// The URL posted to.
    pub url: String,
    /// What went wrong, one lowercase line.
    pub message: String,
}

/// The longest `Retry-After` honoured; a server asking for more is treated as failing.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
/// The most of an error body quoted in a message.
const QUOTED_BYTES: usize = 160;

/// A client for one endpoint, shared by every worker thread.
#[derive(Debug, Clone)]
pub struct Client {
    endpoint: Endpoint,
    url: String,
    agent: ureq::Agent,
}

enum Attempt {
    Done(Reply),
    /// Worth retrying, after at least this long (a `Retry-After`).
    Retry(String, Option<Duration>),
    Fail(String),
}

impl Client {
    /// A client posting to `{base_url}/chat/completions`.
    pub fn new(endpoint: Endpoint) -> Client {
        let url = format!("{}/chat/completions", endpoint.base_url.trim_end_matches('/'));
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(endpoint.timeout))
            .http_status_as_error(false)
            .max_idle_connections(endpoint.connections.max(1))
            .max_idle_connections_per_host(endpoint.connections.max(1))
            .user_agent(concat!("plankit/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { endpoint, url, agent }
    }

    /// The URL requests go to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Posts one request body, retrying what is worth retrying.
    pub fn complete(&self, body: &str) -> Result<Reply, EndpointError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let last = attempts > self.endpoint.retries;
            match self.attempt(body, attempts) {
                Attempt::Done(reply) => return Ok(reply),
                Attempt::Fail(message) => return Err(self.error(message)),
                Attempt::Retry(message, _) if last => {
                    let tries = crate::report::count(attempts as usize, "attempt");
                    return Err(self.error(format!("{message} (gave up after {tries})")));
                }
                Attempt::Retry(_, after) => {
                    let backoff = self.endpoint.backoff.saturating_mul(1 << (attempts - 1).min(10));
                    // the server's `Retry-After` when it gives one, else the doubling backoff
                    std::thread::sleep(after.unwrap_or(backoff));
                }
            }
        }
    }

    fn error(&self, message: String) -> EndpointError {
        EndpointError { url: self.url.clone(), message }
    }

    fn attempt(&self, body: &str, attempts: u32) -> Attempt {
        let started = Instant::now();
        let mut request = self.agent.post(&self.url).header("Content-Type", "application/json");
        if let Some(key) = &self.endpoint.api_key {
            request = request.header("Authorization", format!("Bearer {key}"));
        }
        let mut response = match request.send(body) {
            Ok(response) => response,
            Err(error) => return transport(&error, self.endpoint.timeout),
        };
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(retry_after);
        let text = match response.body_mut().with_config().limit(64 * 1024 * 1024).read_to_string() {
            Ok(text) => text,
            Err(error) => return transport(&error, self.endpoint.timeout),
        };
        let latency = started.elapsed();
        match status {
            200..=299 => match serde_json::from_str::<Value>(&text) {
                Ok(response) if response.get("choices").is_some_and(Value::is_array) => {
                    Attempt::Done(Reply { response, latency, attempts })
                }
                Ok(_) => Attempt::Fail(format!(
                    "the response has no `choices`: not a Chat Completions response ({}); check --base-url",
                    quote_body(&text)
                )),
                Err(_) => Attempt::Fail(format!(
                    "the response is not JSON ({}); check --base-url points at an OpenAI-compatible API",
                    quote_body(&text)
                )),
            },
            401 | 403 => Attempt::Fail(format!(
                "{status} {}: the API key was refused ({}); check the variable --api-key-env names",
                reason(status),
                quote_body(&text)
            )),
            429 if retry_after.is_some_and(|after| after > MAX_RETRY_AFTER) => Attempt::Fail(format!(
                "429 too many requests, and the server asks to wait {} s; run later or with fewer --jobs",
                retry_after.map_or(0, |d| d.as_secs())
            )),
            429 | 500..=599 => {
                Attempt::Retry(format!("{status} {} ({})", reason(status), quote_body(&text)), retry_after)
            }
            _ => Attempt::Fail(format!("{status} {} ({})", reason(status), quote_body(&text))),
        }
    }
}

/// What a transport error means: a timeout and a cut connection are retried, the rest not.
fn transport(error: &ureq::Error, timeout: Duration) -> Attempt {
    match error {
        ureq::Error::Timeout(_) => {
            Attempt::Retry(format!("no response within {} s (--timeout)", timeout.as_secs_f64()), None)
        }
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                Attempt::Fail("connection refused: is the server running, and is --base-url right?".to_owned())
            }
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                Attempt::Retry(format!("no response within {} s (--timeout)", timeout.as_secs_f64()), None)
            }
            _ => Attempt::Retry(format!("the connection broke off: {}", io.to_string().to_lowercase()), None),
        },
        ureq::Error::HostNotFound => Attempt::Fail("host not found: check --base-url".to_owned()),
        ureq::Error::ConnectionFailed => {
            Attempt::Fail("cannot connect: is the server running, and is --base-url right?".to_owned())
        }
        ureq::Error::BadUri(uri) => Attempt::Fail(format!("not a usable URL ({uri}): check --base-url")),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => {
            Attempt::Fail(format!("TLS failed: {}", error.to_string().to_lowercase()))
        }
        ureq::Error::Protocol(_) | ureq::Error::BodyStalled => {
            Attempt::Retry(format!("the response broke off: {}", error.to_string().to_lowercase()), None)
        }
        other => Attempt::Fail(other.to_string().to_lowercase()),
    }
}

/// `Retry-After` in seconds (an HTTP date is ignored: the backoff applies).
/// A `Retry-After` value: seconds, or an HTTP date (how long from now until then; a date
/// already past means now).
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Some(seconds) = value.parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0) {
        return Some(Duration::from_secs_f64(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        408 => "request timeout",
        413 => "payload too large",
        422 => "unprocessable entity",
        429 => "too many requests",
        500 => "internal server error",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        _ => "error",
    }
}

/// The start of a body, on one line, for a message: an API's error text says what was wrong.
fn quote_body(text: &str) -> String {
    let error = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.pointer("/error/message").and_then(Value::as_str).map(str::to_owned));
    let shown = error.unwrap_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" "));
    if shown.is_empty() {
        return "empty body".to_owned();
    }
    let mut cut: String = shown.chars().take(QUOTED_BYTES).collect();
    if cut.len() < shown.len() {
        cut.push('…');
    }
    crate::text::quote(&cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_seconds_or_as_a_date() {
        assert_eq!(retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(retry_after("0.5"), Some(Duration::from_millis(500)));
        // a date in the past: retry now
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        let soon = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
        assert!(retry_after(&soon).is_some_and(|d| d > Duration::from_secs(25) && d <= Duration::from_secs(30)));
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn an_error_body_is_quoted_by_its_message() {
        assert_eq!(quote_body(r#"{"error": {"message": "Invalid API key"}}"#), "\"Invalid API key\"");
        assert_eq!(quote_body(""), "empty body");
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let endpoint = Endpoint {
            base_url: "http://127.0.0.1:9/v1".into(),
            api_key: Some("sk-secret".into()),
            timeout: Duration::from_secs(1),
            retries: 0,
            backoff: Duration::from_millis(1),
            connections: 1,
        };
        assert!(!format!("{endpoint:?}").contains("sk-secret"));
    }
}
