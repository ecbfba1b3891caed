//! `plankit send URL FILE…`: POSTs fixtures to a receiver as the platform would, each with a
//! fresh signature, and reports status, latency and the response per request, then a
//! summary. The only network code behind `send`: one ureq agent (rustls), a timeout, no
//! redirects followed (a platform does not follow them either), retries only when asked.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use plankit::webhook::{self, Header, Scheme, SignOptions};

use super::webhook::{SchemeArgs, read_body};
use super::{Outcome, print, usage};

#[derive(Debug, clap::Args)]
pub(super) struct SendArgs {
    /// The receiver, `http://` or `https://`.
    url: String,
    /// Fixtures to send: each `.json` file is one request, each line of a `.ndjson` / `.jsonl`
    /// file (or of any file with `--ndjson`) one request; `-` reads standard input.
    files: Vec<PathBuf>,
    #[command(flatten)]
    scheme: SchemeArgs,
    /// Send samples of this plan instead of files (as `plankit sample PLAN --payload
    /// end-of-call-report`).
    #[arg(long, value_name = "PLAN", conflicts_with = "files")]
    sample: Option<PathBuf>,
    /// With `--sample`: how many.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "sample")]
    count: u64,
    /// With `--sample`: the seed.
    #[arg(long, value_name = "S", default_value_t = 0, requires = "sample")]
    seed: u64,
    /// With `--sample`: the webhooks' dialect (flireo, hms, legacy, vapi).
    #[arg(long, value_enum, value_name = "DIALECT", requires = "sample")]
    dialect: Option<super::validate::DialectArg>,
    /// Read every file as NDJSON: one request a line.
    #[arg(long)]
    ndjson: bool,
    /// An extra header on every request, `Name: value`; repeat for each.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// At most this many requests a second.
    #[arg(long, value_name = "PER_SECOND")]
    rate: Option<f64>,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 1)]
    concurrency: usize,
    /// Send again after a non-2xx answer or an unreachable receiver, up to this many times,
    /// waiting `--retry-delay`, doubled each time.
    #[arg(long, value_name = "N", default_value_t = 0)]
    retries: u32,
    /// The first wait before a retry, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    retry_delay: u64,
    /// How long one request may take, in seconds (Flireo's and Retell's receivers get 10).
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
}

/// One request's body and where it came from.
struct Fixture {
    label: String,
    body: Vec<u8>,
}

/// How one request ended.
enum Result {
    /// The receiver answered.
    Answered { status: u16, reason: String, response: String, location: Option<String> },
    /// It could not be reached: refused, timed out, TLS failed, host unknown.
    Unreachable(String),
}

pub(super) fn send(args: SendArgs, settings: &plankit::Settings) -> Outcome {
    if let Err(message) = check_url(&args.url) {
        return usage(&message);
    }
    if args.concurrency == 0 || args.rate.is_some_and(|r| r.is_nan() || r <= 0.0) {
        return usage("`--concurrency` and `--rate` must be greater than 0");
    }
    let mut extra = Vec::new();
    for line in &args.headers {
        match Header::parse(line) {
            Some(header) => extra.push(header),
            None => return usage(&format!("`--header {line}` is not `Name: value`")),
        }
    }
    let secret = match args.scheme.secret() {
        Ok(secret) => secret,
        Err(outcome) => return outcome,
    };
    let scheme = args.scheme.scheme();
    if let Err(failure) = secret.key(&scheme) {
        return usage(&failure.to_string());
    }
    let fixtures = match fixtures(&args, settings) {
        Ok(fixtures) if fixtures.is_empty() => return usage("nothing to send: name fixture files or `--sample PLAN`"),
        Ok(fixtures) => fixtures,
        Err(outcome) => return outcome,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(args.timeout)))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("plankit/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Mutex::new(fixtures.iter().enumerate());
    let pace = Mutex::new(Instant::now());
    let interval = args.rate.map(|rate| Duration::from_secs_f64(1.0 / rate));
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..args.concurrency.min(fixtures.len()) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some((index, fixture)) = next else { break };
                    let mut attempt = 0;
                    let (result, latency) = loop {
                        if let Some(interval) = interval {
                            wait_turn(&pace, interval);
                        }
                        let started = Instant::now();
                        let result = post(&agent, &args.url, &scheme, &secret, fixture, &extra);
                        let latency = started.elapsed();
                        let failed = !matches!(result, Ok(Result::Answered { status: 200..=299, .. }));
                        if !failed || attempt >= args.retries {
                            break (result, latency);
                        }
                        report(index, fixture, &result, latency, Some(attempt + 1));
                        std::thread::sleep(Duration::from_millis(
                            args.retry_delay.saturating_mul(1 << attempt.min(16)),
                        ));
                        attempt += 1;
                    };
                    report(index, fixture, &result, latency, None);
                    if let Ok(mut all) = outcomes.lock() {
                        all.push((result, latency));
                    }
                }
            });
        }
    });
    let outcomes = outcomes.into_inner().unwrap_or_default();
    summarise(&outcomes)
}

/// Waits until the next request may start under `--rate`.
fn wait_turn(pace: &Mutex<Instant>, interval: Duration) {
    let wait = match pace.lock() {
        Ok(mut next) => {
            let now = Instant::now();
            let start = (*next).max(now);
            *next = start + interval;
            start - now
        }
        Err(_) => Duration::ZERO,
    };
    std::thread::sleep(wait);
}

/// One POST, freshly signed.
fn post(
    agent: &ureq::Agent,
    url: &str,
    scheme: &Scheme,
    secret: &webhook::Secret,
    fixture: &Fixture,
    extra: &[Header],
) -> std::result::Result<Result, String> {
    let options = SignOptions { url: Some(url.to_owned()), ..SignOptions::default() };
    let signed = webhook::sign(scheme, secret, &fixture.body, &options).map_err(|e| e.to_string())?;
    let mut request = agent.post(url).header("Content-Type", "application/json");
    if *scheme == Scheme::Flireo
        && let Some(event) = event_name(&fixture.body)
    {
        request = request.header("X-Webhook-Event", event);
    }
    for header in signed.iter().chain(extra) {
        request = request.header(header.name.as_str(), header.value.as_str());
    }
    match request.send(&fixture.body[..]) {
        Ok(mut response) => {
            let status = response.status();
            let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
            let mut text = String::new();
            let _ = response.body_mut().as_reader().take(64 * 1024).read_to_string(&mut text);
            Ok(Result::Answered {
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_owned(),
                response: text,
                location,
            })
        }
        Err(error) => Ok(Result::Unreachable(unreachable(&error, url.starts_with("https:")))),
    }
}

/// The event a Flireo payload names, for `X-Webhook-Event`.
fn event_name(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let name = value.pointer("/message/type").or_else(|| value.get("eventType"))?;
    name.as_str().map(str::to_owned)
}

/// Why the receiver could not be reached, in one line.
fn unreachable(error: &ureq::Error, https: bool) -> String {
    match error {
        // rustls reports a failed handshake as invalid data on the connection
        ureq::Error::Io(io) if https && io.kind() == std::io::ErrorKind::InvalidData => {
            format!("TLS failed: {}", io.get_ref().map_or_else(|| io.to_string(), ToString::to_string))
        }
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => format!("host not found: {io}"),
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => "timed out".to_owned(),
        ureq::Error::Tls(reason) => format!("TLS failed: {reason}"),
        ureq::Error::Rustls(reason) => format!("TLS failed: {reason}"),
        other => other.to_string(),
    }
}

fn report(
    index: usize,
    fixture: &Fixture,
    result: &std::result::Result<Result, String>,
    latency: Duration,
    retry: Option<u32>,
) {
    let ms = latency.as_millis();
    let then = retry.map(|n| format!(" (retry {n} follows)")).unwrap_or_default();
    let line = match result {
        Ok(Result::Answered { status, reason, response, location }) => {
            let moved = location.as_ref().map(|l| format!(" -> {l} (redirects are not followed)")).unwrap_or_default();
            format!("#{} {} {status} {reason} {ms} ms{moved}{then}  {}\n", index + 1, fixture.label, truncate(response))
        }
        Ok(Result::Unreachable(why)) => {
            format!("#{} {} unreachable: {why} after {ms} ms{then}\n", index + 1, fixture.label)
        }
        Err(why) => format!("#{} {} not sent: {why}\n", index + 1, fixture.label),
    };
    print(&line, super::Color::Never);
}

/// The response on one line, cut at 120 characters.
fn truncate(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 120 { format!("{}…", line.chars().take(120).collect::<String>()) } else { line }
}

fn summarise(outcomes: &[(std::result::Result<Result, String>, Duration)]) -> Outcome {
    let acknowledged =
        outcomes.iter().filter(|(r, _)| matches!(r, Ok(Result::Answered { status: 200..=299, .. }))).count();
    let unreachable = outcomes.iter().filter(|(r, _)| matches!(r, Ok(Result::Unreachable(_)))).count();
    let not_sent = outcomes.iter().filter(|(r, _)| r.is_err()).count();
    let mut latencies: Vec<Duration> =
        outcomes.iter().filter(|(r, _)| matches!(r, Ok(Result::Answered { .. }))).map(|(_, l)| *l).collect();
    latencies.sort();
    let percentile = |p: f64| {
        let rank = ((p * latencies.len() as f64).ceil() as usize).saturating_sub(1);
        latencies.get(rank).map_or(0, |l| l.as_millis())
    };
    let failed = outcomes.len() - acknowledged;
    let mut line = format!("sent {}: {acknowledged} acknowledged (2xx), {failed} failed", outcomes.len());
    if unreachable > 0 {
        line.push_str(&format!(" ({unreachable} unreachable)"));
    }
    if !latencies.is_empty() {
        line.push_str(&format!("; latency p50 {} ms, p95 {} ms", percentile(0.50), percentile(0.95)));
    }
    print(&format!("{line}\n"), super::Color::Never);
    if not_sent > 0 {
        Outcome::Usage
    } else if unreachable > 0 {
        Outcome::EndpointFailed
    } else if failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// A URL plankit can send to: `http(s)://host…`.
fn check_url(url: &str) -> std::result::Result<(), String> {
    let uri: ureq::http::Uri = url.parse().map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(host)) if !host.is_empty() => Ok(()),
        (Some(other), _) if other != "http" && other != "https" => {
            Err(format!("`{url}`: plankit sends to `http://` or `https://` URLs, not `{other}://`"))
        }
        _ => Err(format!("`{url}` is not a URL: expected `http://host/path` or `https://host/path`")),
    }
}

/// The bodies to send: each file (or line), or samples of a plan.
fn fixtures(args: &SendArgs, settings: &plankit::Settings) -> std::result::Result<Vec<Fixture>, Outcome> {
    if let Some(plan) = &args.sample {
        let dialect = args.dialect.map(super::validate::DialectArg::dialect);
        let documents = super::sample::documents_for(plan, args.count, args.seed, dialect, settings)?;
        return Ok(documents
            .into_iter()
            .enumerate()
            .map(|(i, document)| Fixture {
                label: format!("sample {}", i + 1),
                body: serde_json::to_vec(&document).unwrap_or_default(),
            })
            .collect());
    }
    let mut out = Vec::new();
    for path in &args.files {
        let Some(bytes) = read_body(path) else { return Err(Outcome::InputFailure) };
        let name = if path.as_os_str() == "-" { "<stdin>".to_owned() } else { path.display().to_string() };
        let lines = args.ndjson || path.extension().is_some_and(|e| e == "ndjson" || e == "jsonl");
        if lines {
            for (number, line) in bytes.split(|b| *b == b'\n').enumerate() {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if !line.iter().all(u8::is_ascii_whitespace) {
                    out.push(Fixture { label: format!("{name}:{}", number + 1), body: line.to_vec() });
                }
            }
        } else {
            out.push(Fixture { label: name, body: bytes });
        }
    }
    Ok(out)
}
