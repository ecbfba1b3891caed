//! `plankit send` against a real receiver on 127.0.0.1 (an ephemeral port): the receiver
//! verifies every signature with `plankit::webhook::verify` and records each body byte for
//! byte. No test reaches beyond loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use plankit::webhook::{Header, Scheme, Secret, VerifyOptions, verify};

use crate::{cli, root};

/// One request the receiver got.
struct Record {
    headers: Vec<Header>,
    body: Vec<u8>,
    verified: Result<(), String>,
}

struct Receiver {
    url: String,
    records: Arc<Mutex<Vec<Record>>>,
}

/// A receiver that answers the `statuses` in turn (the last one from then on) and stops
/// accepting after 20 seconds.
fn receiver(scheme: Scheme, secret: &str, statuses: &[u16]) -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let records = Arc::new(Mutex::new(Vec::new()));
    let (seen, statuses, secret) = (records.clone(), statuses.to_vec(), Secret::new(secret));
    let verify_url = url.clone();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut headers = Vec::new();
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                headers.extend(Header::parse(line.trim_end()));
            }
            let length: usize = headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                .map_or(0, |h| h.value.parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let options = VerifyOptions { url: Some(verify_url.clone()), ..VerifyOptions::default() };
            let verified = verify(&scheme, &secret, &body, &headers, &options).map(|_| ()).map_err(|e| e.to_string());
            let mut all = seen.lock().unwrap();
            let status = *statuses.get(all.len()).or(statuses.last()).unwrap();
            all.push(Record { headers, body, verified });
            drop(all);
            let extra = if status == 302 { "location: http://127.0.0.1:9/elsewhere\r\n" } else { "" };
            let reply = format!("{{\"received\":true,\"status\":{status}}}");
            let response = format!(
                "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{reply}",
                reply.len()
            );
            let mut stream = stream;
            let _ = stream.write_all(response.as_bytes());
        }
    });
    Receiver { url, records }
}

fn send(url: &str, secret: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli()
        .args(["send", url])
        .args(args)
        .args(["--secret-env", "WEBHOOK_SECRET"])
        .env("WEBHOOK_SECRET", secret)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SECRETS: [(&str, &str); 5] = [
    ("flireo", "whsec_test_secret_12345"),
    ("vapi-hmac", "vapi-credential-secret"),
    ("vapi-secret", "vapi-shared-secret"),
    ("retell", "key_retell_webhook_badge"),
    ("standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
];

#[test]
fn every_scheme_arrives_byte_for_byte_and_verifies_with_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let pretty = root().join("fixtures/payloads/flireo-camel-end-of-call-report.json");
    let lines = dir.path().join("export.ndjson");
    let line_one = r#"{"message":{"type":"status-update","call":{"id":"a","status":"in-progress"}}}"#;
    let line_two = r#"{"message": {"type": "status-update", "note": "caf\u00e9 é"}}"#;
    std::fs::write(&lines, format!("{line_one}\n\n{line_two}\r\n")).unwrap();
    for (name, secret) in SECRETS {
        let scheme = Scheme::from_name(name).unwrap();
        let rx = receiver(scheme, secret, &[200]);
        let (code, stdout, stderr) =
            send(&rx.url, secret, &["--scheme", name, pretty.to_str().unwrap(), lines.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{name}: {stdout}{stderr}");
        assert!(stdout.contains("sent 3: 3 acknowledged (2xx), 0 failed; latency p50"), "{stdout}");
        assert!(!stdout.contains(secret) && !stderr.contains(secret), "a secret was printed");
        let records = rx.records.lock().unwrap();
        let bodies: Vec<&[u8]> = records.iter().map(|r| r.body.as_slice()).collect();
        assert_eq!(
            bodies,
            [std::fs::read(&pretty).unwrap().as_slice(), line_one.as_bytes(), line_two.as_bytes()],
            "{name}"
        );
        for record in records.iter() {
            assert_eq!(record.verified, Ok(()), "{name}");
        }
        let content_type = records[0].headers.iter().find(|h| h.name.eq_ignore_ascii_case("content-type"));
        assert_eq!(content_type.map(|h| h.value.as_str()), Some("application/json"));
    }
}

#[test]
fn samples_are_sent_as_valid_end_of_call_reports() {
    let rx = receiver(Scheme::Flireo, "s", &[204]);
    let plan = root().join("fixtures/plans/support-nl.json");
    let (code, stdout, _) = send(
        &rx.url,
        "s",
        &["--scheme", "flireo", "--sample", plan.to_str().unwrap(), "--count", "4", "--concurrency", "2"],
    );
    assert_eq!(code, Some(0), "{stdout}");
    let text = std::fs::read_to_string(&plan).unwrap();
    let document = plankit::json::Document::parse(&text).unwrap();
    let validator = plankit::plan::find_plans(document.value()).remove(0).output_validator().unwrap();
    let records = rx.records.lock().unwrap();
    assert_eq!(records.len(), 4);
    for record in records.iter() {
        assert_eq!(record.verified, Ok(()));
        let report: serde_json::Value = serde_json::from_slice(&record.body).unwrap();
        assert_eq!(report.pointer("/message/type").and_then(|t| t.as_str()), Some("end-of-call-report"));
        assert!(validator.validate_at(&report["message"]["analysis"], "/message/analysis").is_empty());
        let event = record.headers.iter().find(|h| h.name.eq_ignore_ascii_case("x-webhook-event"));
        assert_eq!(event.map(|h| h.value.as_str()), Some("end-of-call-report"));
    }
}

#[test]
fn a_non_2xx_answer_fails_and_retries_only_when_asked() {
    let file = root().join("fixtures/payloads/flireo-tool-calls.json");
    let file = file.to_str().unwrap();
    let rx = receiver(Scheme::Flireo, "s", &[500]);
    let (code, stdout, _) = send(&rx.url, "s", &["--scheme", "flireo", file]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(" 500 Internal Server Error ") && stdout.contains("{\"received\":true,\"status\":500}"),
        "{stdout}"
    );
    assert_eq!(rx.records.lock().unwrap().len(), 1, "no retry unless asked");

    let rx = receiver(Scheme::Flireo, "s", &[503, 502, 200]);
    let (code, stdout, _) = send(&rx.url, "s", &["--scheme", "flireo", file, "--retries", "3", "--retry-delay", "10"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("(retry 1 follows)") && stdout.contains("(retry 2 follows)"), "{stdout}");
    let records = rx.records.lock().unwrap();
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.verified.is_ok()), "every attempt is signed afresh");
}

#[test]
fn a_redirect_is_reported_not_followed() {
    let rx = receiver(Scheme::Flireo, "s", &[302]);
    let file = root().join("fixtures/payloads/flireo-tool-calls.json");
    let (code, stdout, _) = send(&rx.url, "s", &["--scheme", "flireo", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("302 Found") && stdout.contains("-> http://127.0.0.1:9/elsewhere (redirects are not followed)"),
        "{stdout}"
    );
}

#[test]
fn an_unreachable_receiver_exits_5() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let file = root().join("fixtures/payloads/flireo-tool-calls.json");
    let (code, stdout, _) =
        send(&format!("http://127.0.0.1:{port}/hook"), "s", &["--scheme", "flireo", file.to_str().unwrap()]);
    assert_eq!(code, Some(5));
    assert!(stdout.contains("unreachable: connection refused"), "{stdout}");

    // a receiver that accepts and never answers
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", silent.local_addr().unwrap());
    std::thread::spawn(move || {
        let held = silent.accept();
        std::thread::sleep(Duration::from_secs(5));
        drop(held);
    });
    let (code, stdout, _) = send(&url, "s", &["--scheme", "flireo", file.to_str().unwrap(), "--timeout", "1"]);
    assert_eq!(code, Some(5));
    assert!(stdout.contains("unreachable: timed out"), "{stdout}");
}

#[test]
fn a_tls_failure_exits_5_and_says_so() {
    // a plain HTTP server, spoken to over https
    let plain = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}/hook", plain.local_addr().unwrap());
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = plain.accept() {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let file = root().join("fixtures/payloads/flireo-tool-calls.json");
    let (code, stdout, _) = send(&url, "s", &["--scheme", "flireo", file.to_str().unwrap(), "--timeout", "5"]);
    assert_eq!(code, Some(5));
    assert!(stdout.contains("unreachable: TLS failed: "), "{stdout}");
}

#[test]
fn rate_spaces_the_requests() {
    let rx = receiver(Scheme::Standard, "whsec_c2VjcmV0", &[200]);
    let plan = root().join("fixtures/plans/support-nl.json");
    let started = Instant::now();
    let args = [
        "--scheme",
        "standard",
        "--sample",
        plan.to_str().unwrap(),
        "--count",
        "5",
        "--rate",
        "10",
        "--concurrency",
        "5",
    ];
    let (code, _, _) = send(&rx.url, "whsec_c2VjcmV0", &args);
    assert_eq!(code, Some(0));
    // five starts at most ten a second: the last starts 400 ms after the first, at the earliest
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(rx.records.lock().unwrap().len(), 5);
}

#[test]
fn bad_input_gets_the_documented_exit_codes() {
    let file = root().join("fixtures/payloads/flireo-tool-calls.json");
    let file = file.to_str().unwrap();
    for url in ["not a url", "ftp://127.0.0.1/hook", "http://"] {
        let (code, _, stderr) = send(url, "s", &["--scheme", "flireo", file]);
        assert_eq!(code, Some(2), "{url}: {stderr}");
    }
    let (code, _, stderr) = send("http://127.0.0.1:9/hook", "s", &["--scheme", "flireo", "missing.json"]);
    assert_eq!(code, Some(3), "{stderr}");
    let out = cli()
        .args(["send", "http://127.0.0.1:9/hook", file, "--scheme", "flireo", "--secret-env", "UNSET_SECRET_VAR"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_readme_receiver_is_the_compiled_example() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let example = std::fs::read_to_string(root().join("examples/receiver.rs")).unwrap();
    let start = example.find("/// Verifies, then validates.").unwrap();
    let end = start + example[start..].find("\n}\n").unwrap() + 3;
    assert!(
        readme.contains(&example[start..end]),
        "the README's receiver differs from examples/receiver.rs's `handle`"
    );
}
