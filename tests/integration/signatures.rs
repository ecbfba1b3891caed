//! `plankit sign` and `plankit verify` as users run them, with every scheme's signature
//! checked against an implementation plankit does not contain: `openssl dgst` (else Python's
//! `hmac`), run at test time. Without either the check says so on standard error and stops.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::cli;

const BODY: &str = r#"{"message":{"type":"end-of-call-report","analysis":{"sentiment":8,"note":"café \u00e9"}}}"#;

/// HMAC of `message` under `key` by openssl or Python; `None` when neither is installed.
fn independent_hmac(hash: &str, key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    let openssl = Command::new("openssl")
        .args(["dgst", &format!("-{hash}"), "-mac", "HMAC", "-macopt", &format!("hexkey:{}", hex::encode(key)), "-r"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = openssl {
        child.stdin.take()?.write_all(message).ok()?;
        let out = child.wait_with_output().ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        if out.status.success()
            && let Some(digest) = text.split_whitespace().next()
        {
            return hex::decode(digest).ok();
        }
    }
    let script = format!(
        "import hmac,hashlib,sys; sys.stdout.write(hmac.new(bytes.fromhex('{}'), sys.stdin.buffer.read(), hashlib.{hash}).hexdigest())",
        hex::encode(key)
    );
    let mut child =
        Command::new("python3").args(["-c", &script]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    child.stdin.take()?.write_all(message).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then(|| hex::decode(String::from_utf8_lossy(&out.stdout).trim()).ok()).flatten()
}

/// `plankit sign FILE ARGS…` with the secret in `$SIGNING_SECRET`: the printed headers.
fn sign(secret: &str, args: &[&str]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.json");
    std::fs::write(&body, BODY).unwrap();
    let out = cli()
        .arg("sign")
        .arg(&body)
        .args(["--secret-env", "SIGNING_SECRET"])
        .args(args)
        .env("SIGNING_SECRET", secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(secret), "a secret was printed");
    text.lines().map(|l| l.split_once(": ").unwrap()).map(|(n, v)| (n.to_owned(), v.to_owned())).collect()
}

fn value<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    &headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).unwrap().1
}

/// The independent HMAC, or a return from the test after saying on standard error that it
/// was skipped.
macro_rules! independently {
    ($hash:expr, $key:expr, $message:expr) => {
        match independent_hmac($hash, $key, $message) {
            Some(tag) => tag,
            None => {
                crate::skipped("neither openssl nor python3 is installed to compute HMACs independently");
                return;
            }
        }
    };
}

#[test]
fn flireo_matches_an_independent_hmac() {
    let headers = sign("whsec_test_secret_12345", &["--scheme", "flireo", "--timestamp", "1700000000"]);
    let tag = independently!("sha256", b"whsec_test_secret_12345", format!("1700000000.{BODY}").as_bytes());
    assert_eq!(value(&headers, "X-Webhook-Signature"), format!("sha256={}", hex::encode(tag)));
    assert_eq!(value(&headers, "X-Webhook-Timestamp"), "1700000000");
}

#[test]
fn retell_matches_its_published_vector_and_an_independent_hmac() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.json");
    std::fs::write(&body, r#"{"event":"call_ended"}"#).unwrap();
    let out = cli()
        .arg("sign")
        .arg(&body)
        .args(["--scheme", "retell", "--secret-env", "RETELL_API_KEY", "--timestamp", "1700000000000"])
        .env("RETELL_API_KEY", "test-api-key")
        .output()
        .unwrap();
    let published =
        "x-retell-signature: v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e\n";
    assert_eq!(String::from_utf8_lossy(&out.stdout), published);
    let headers = sign("test-api-key", &["--scheme", "retell", "--timestamp", "1700000000123"]);
    let tag = independently!("sha256", b"test-api-key", format!("{BODY}1700000000123").as_bytes());
    assert_eq!(value(&headers, "x-retell-signature"), format!("v=1700000000123,d={}", hex::encode(tag)));
}

#[test]
fn standard_webhooks_matches_an_independent_hmac() {
    let key = b"a 24-byte signing key!!!";
    let secret = format!("whsec_{}", BASE64.encode(key));
    let headers = sign(&secret, &["--scheme", "standard", "--timestamp", "1700000000", "--id", "msg_2Lh9"]);
    let tag = independently!("sha256", key, format!("msg_2Lh9.1700000000.{BODY}").as_bytes());
    assert_eq!(value(&headers, "webhook-signature"), format!("v1,{}", BASE64.encode(tag)));
    assert_eq!(value(&headers, "webhook-id"), "msg_2Lh9");
}

#[test]
fn vapi_hmac_matches_an_independent_hmac_in_each_configuration() {
    let headers = sign("vapi-key", &["--scheme", "vapi-hmac", "--timestamp", "1700000000"]);
    let tag = independently!("sha256", b"vapi-key", format!("1700000000.{BODY}").as_bytes());
    assert_eq!(value(&headers, "x-signature"), hex::encode(tag));
    let configured = [
        "--scheme",
        "vapi-hmac",
        "--timestamp",
        "1700000000",
        "--algorithm",
        "sha512",
        "--encoding",
        "base64",
        "--signature-header",
        "X-Hub-Signature",
        "--signature-prefix",
        "sha512=",
        "--payload-format",
        "{method}:{url}:{timestamp}:{body}",
        "--url",
        "https://crm.example.com/hook",
    ];
    let headers = sign("vapi-key", &configured);
    let message = format!("POST:https://crm.example.com/hook:1700000000:{BODY}");
    let tag = independently!("sha512", b"vapi-key", message.as_bytes());
    assert_eq!(value(&headers, "X-Hub-Signature"), format!("sha512={}", BASE64.encode(tag)));
    let sha1 = sign("vapi-key", &["--scheme", "vapi-hmac", "--algorithm", "sha1", "--no-timestamp"]);
    let tag = independently!("sha1", b"vapi-key", BODY.as_bytes());
    assert_eq!(sha1, vec![("x-signature".to_owned(), hex::encode(tag))]);
}

#[test]
fn vapi_secret_never_prints_the_secret() {
    let headers = sign("s3cret-value", &["--scheme", "vapi-secret"]);
    assert_eq!(headers, vec![("X-Vapi-Secret".to_owned(), "$SIGNING_SECRET".to_owned())]);
}

/// `plankit verify` on a body with the headers `plankit sign` printed.
fn verify(body: &[u8], signed_body: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("signed.json"), signed_body).unwrap();
    std::fs::write(dir.path().join("received.json"), body).unwrap();
    let headers = cli()
        .arg("sign")
        .arg(dir.path().join("signed.json"))
        .args(["--scheme", "flireo", "--secret-env", "WEBHOOK_SECRET", "--timestamp", "1700000000"])
        .env("WEBHOOK_SECRET", "whsec_test")
        .output()
        .unwrap();
    std::fs::write(dir.path().join("headers.txt"), headers.stdout).unwrap();
    let out = cli()
        .arg("verify")
        .arg(dir.path().join("received.json"))
        .args(["--scheme", "flireo", "--secret-env", "WEBHOOK_SECRET", "--now", "1700000030"])
        .arg("--headers-file")
        .arg(dir.path().join("headers.txt"))
        .args(extra)
        .env("WEBHOOK_SECRET", "whsec_test")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&dir.path().display().to_string(), "DIR");
    (out.status.code(), stdout, stderr)
}

#[test]
fn verify_accepts_the_raw_body_and_explains_a_re_serialised_one() {
    let (code, stdout, _) = verify(BODY.as_bytes(), BODY, &[]);
    assert_eq!(code, Some(0));
    assert!(stdout.ends_with("signature valid (flireo, signed 30s ago)\n"), "{stdout}");

    // what a Python receiver verifies after `json.dumps(json.loads(body))`: spaces, \u escapes
    let signed = r#"{"message":{"type":"end-of-call-report","analysis":{"sentiment":8,"note":"café é"}}}"#;
    let dumped =
        r#"{"message": {"type": "end-of-call-report", "analysis": {"sentiment": 8, "note": "caf\u00e9 \u00e9"}}}"#;
    let (code, _, stderr) = verify(dumped.as_bytes(), signed, &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("you verified a re-serialised body: verify the raw bytes"), "{stderr}");
}

#[test]
fn verify_tells_a_wrong_secret_from_a_changed_body_with_the_sent_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sent = dir.path().join("sent.json");
    std::fs::write(&sent, BODY).unwrap();
    let spaced = BODY.replace(":8", ": 8");
    let (code, _, stderr) = verify(spaced.as_bytes(), BODY, &["--sent", sent.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the secret is right, but you verified a re-serialised body"), "{stderr}");
    let (code, _, stderr) = verify(b"{\"other\":true}", BODY, &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("the secret is not the sender's, or the body is not the bytes that were signed"),
        "{stderr}"
    );
}

#[test]
fn verify_reports_skew_and_missing_headers() {
    let (code, _, stderr) = verify(BODY.as_bytes(), BODY, &["--tolerance", "10"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the signature is valid but its timestamp is 30s old (tolerance 10s)"), "{stderr}");
    let out = cli()
        .args(["verify", "fixtures/payloads/flireo-tool-calls.json", "--scheme", "retell", "--secret-env", "KEY"])
        .args(["--header", "X-Webhook-Signature: sha256=00"])
        .env("KEY", "k")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("missing header `x-retell-signature`: the retell scheme sends x-retell-signature"),
        "{stderr}"
    );
}

#[test]
fn bad_input_gets_the_documented_exit_codes() {
    let run = |args: &[&str]| {
        let out = cli().args(args).env("KEY", "k").env_remove("UNSET_SECRET").output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let file = "fixtures/payloads/flireo-tool-calls.json";
    let (code, stderr) = run(&["sign", file, "--scheme", "stripe", "--secret-env", "KEY"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown scheme `stripe`"), "{stderr}");
    let (code, stderr) = run(&["sign", file, "--scheme", "flireo", "--secret-env", "UNSET_SECRET"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("the environment variable `UNSET_SECRET` (--secret-env) is not set"), "{stderr}");
    let (code, _) = run(&["sign", file, "--scheme", "flireo"]);
    assert_eq!(code, Some(2));
    let (code, stderr) = run(&["sign", "no/such/file.json", "--scheme", "flireo", "--secret-env", "KEY"]);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("no/such/file.json: cannot read: no such file or directory"), "{stderr}");
    let (code, _) = run(&["verify", file, "--scheme", "flireo", "--secret-env", "KEY", "--header", "no colon"]);
    assert_eq!(code, Some(2));
    let (code, stderr) = run(&["sign", file, "--scheme", "standard", "--secret-env", "KEY"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not base64"), "{stderr}");
}

#[test]
fn a_secret_file_signs_as_its_text_without_the_final_newline() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "whsec_test_secret_12345\n").unwrap();
    let out = cli()
        .args(["sign", "fixtures/payloads/flireo-tool-calls.json", "--scheme", "flireo", "--timestamp", "1700000000"])
        .arg("--secret-file")
        .arg(&secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let from_env = cli()
        .args(["sign", "fixtures/payloads/flireo-tool-calls.json", "--scheme", "flireo", "--timestamp", "1700000000"])
        .args(["--secret-env", "S"])
        .env("S", "whsec_test_secret_12345")
        .output()
        .unwrap();
    assert_eq!(out.stdout, from_env.stdout);
}
