//! `plankit eval` end to end: against a real Chat Completions server on 127.0.0.1 (see
//! `chat_server`), from the cassette with nothing listening, and on bad input. Cases are
//! copies of `fixtures/eval` in temporary folders, so recording never touches the repository.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::chat_server::{ChatServer, Reply};
use crate::{cli, root};

/// A copy of `fixtures/eval` (plans and cases), without the recorded cassette.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("fixtures/eval"), dir.path());
    std::fs::remove_file(dir.path().join("cases/plankit.cassette")).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The answer `bench/chat_server.py` gives (fixtures/eval/answers.json): the first entry whose
/// every `match` string is in the request body.
fn fixture_answer(body: &str) -> String {
    let answers: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("fixtures/eval/answers.json")).unwrap()).unwrap();
    let found = answers
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["match"].as_array().unwrap().iter().all(|m| body.contains(m.as_str().unwrap())));
    found.map_or_else(|| "{}".to_owned(), |a| a["content"].to_string())
}

fn eval(dir: &Path, args: &[&str]) -> Output {
    cli()
        .current_dir(dir)
        .env_remove("OPENAI_API_KEY")
        .args(["eval", "plan-v2.json", "cases", "--model", "gpt-4.1-mini"])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

fn field<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["summary"]["fields"].as_array().unwrap().iter().find(|f| f["field"] == name).unwrap()
}

fn cassette(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("cases/plankit.cassette")).unwrap()).unwrap()
}

/// A case folder of one call, added to the workspace's cases.
fn add_case(dir: &Path, name: &str, transcript: &str, expected: Option<&str>) -> PathBuf {
    let case = dir.join("cases").join(name);
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(case.join("transcript.txt"), transcript).unwrap();
    if let Some(expected) = expected {
        std::fs::write(case.join("expected.json"), expected).unwrap();
    }
    case
}

#[test]
fn scores_every_field_against_a_local_server_and_records_the_cassette() {
    let server = ChatServer::start(|_, body| Reply::Content(fixture_answer(body)));
    let dir = workspace();
    let out = cli()
        .current_dir(dir.path())
        .env("OPENAI_API_KEY", "sk-test-not-a-real-key")
        .args(["eval", "plan-v2.json", "cases", "--model", "gpt-4.1-mini", "--format", "json", "--jobs", "3"])
        .args(["--base-url", &server.base_url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["version"], 1);
    let topics = field(&report, "topics");
    assert_eq!((topics["compared"].as_u64(), topics["correct"].as_u64()), (Some(4), Some(3)));
    assert_eq!(topics["accuracy"], 0.75);
    assert_eq!(field(&report, "intent")["accuracy"], 1.0);
    assert_eq!(report["summary"]["requests"]["total"], 4);
    assert_eq!(report["summary"]["requests"]["replayed"], 0);
    // the key went to the server, as a bearer token, and nowhere else
    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    assert!(seen.iter().all(|s| s.head.contains("Bearer sk-test-not-a-real-key")));
    let recorded = std::fs::read_to_string(dir.path().join("cases/plankit.cassette")).unwrap();
    assert!(!recorded.contains("sk-test"));
    assert!(!stdout(&out).contains("sk-test") && !stderr(&out).contains("sk-test"));
    assert_eq!(cassette(dir.path())["entries"].as_object().unwrap().len(), 4);
    // a second run reuses every recorded response: the server hears nothing new
    let again = eval(dir.path(), &["--base-url", &server.base_url(), "--format", "json"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(json(&again)["summary"]["requests"]["replayed"], 4);
    assert_eq!(server.seen().len(), 4);
    // --record asks again for everything and keeps one entry per request
    let record = eval(dir.path(), &["--base-url", &server.base_url(), "--record", "-q"]);
    assert_eq!(record.status.code(), Some(0), "{}", stderr(&record));
    assert_eq!(server.seen().len(), 8);
    assert_eq!(cassette(dir.path())["entries"].as_object().unwrap().len(), 4);
}

#[test]
fn the_request_is_what_render_prints_with_the_targets_structured_output() {
    let server = ChatServer::start(|_, body| Reply::Content(fixture_answer(body)));
    let dir = workspace();
    let out = eval(dir.path(), &["--base-url", &server.base_url(), "--seed", "7", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent: Vec<Value> = server.seen().iter().map(|s| serde_json::from_str(&s.body).unwrap()).collect();
    let booking = sent.iter().find(|b| b.to_string().contains("Sanne de Wit")).unwrap();
    let rendered = cli()
        .current_dir(dir.path())
        .args(["render", "plan-v2.json", "--transcript", "cases/booking-en/transcript.txt", "--format", "openai"])
        .args(["--model", "gpt-4.1-mini", "--strict"])
        .output()
        .unwrap();
    let rendered: Value = serde_json::from_slice(&rendered.stdout).unwrap();
    assert_eq!(booking["messages"], rendered["messages"]);
    assert_eq!(booking["response_format"], rendered["response_format"]);
    assert_eq!(booking["response_format"]["json_schema"]["strict"], true);
    assert_eq!((booking["temperature"].as_f64(), booking["seed"].as_u64()), (Some(0.0), Some(7)));
    // a target without json_schema gets json_object; the request changed, so nothing is reused
    let deepseek = eval(dir.path(), &["--base-url", &server.base_url(), "--target", "deepseek", "--seed", "7", "-q"]);
    assert_eq!(deepseek.status.code(), Some(0), "{}", stderr(&deepseek));
    let last: Value = serde_json::from_str(&server.seen().last().unwrap().body).unwrap();
    assert_eq!(last["response_format"], serde_json::json!({"type": "json_object"}));
    assert_eq!(server.seen().len(), 8);
}

#[test]
fn retries_honour_retry_after_on_429_and_back_off_on_500() {
    let server = ChatServer::start(|n, body| match n {
        0 => Reply::Status(429, Some("1")),
        1 => Reply::Status(500, None),
        _ => Reply::Content(fixture_answer(body)),
    });
    let dir = workspace();
    let started = Instant::now();
    let out = eval(dir.path(), &["--base-url", &server.base_url(), "--jobs", "1", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // the first request was answered only on its third attempt, a second after the 429
    assert_eq!(server.seen().len(), 6);
    assert_eq!(server.seen()[0].body, server.seen()[2].body);
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[test]
fn a_failing_endpoint_exits_5_and_keeps_what_it_recorded() {
    let server = ChatServer::start(|_, body| {
        if body.contains("Mark Jansen") { Reply::Status(503, None) } else { Reply::Content(fixture_answer(body)) }
    });
    let dir = workspace();
    let out = eval(dir.path(), &["--base-url", &server.base_url(), "--jobs", "1", "--retries", "1", "-q"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("error: {}/chat/completions: 503 service unavailable", server.base_url())),
        "{err}"
    );
    assert!(err.contains("gave up after 2 attempts"), "{err}");
    // booking-en came first and was answered: it is in the cassette
    let recorded = cassette(dir.path());
    let cases: Vec<&str> =
        recorded["entries"].as_object().unwrap().values().map(|e| e["case"].as_str().unwrap()).collect();
    assert_eq!(cases, ["booking-en"]);
}

#[test]
fn a_timeout_a_non_json_body_and_a_truncated_body_each_exit_5() {
    let hang = ChatServer::start(|_, _| Reply::Hang(Duration::from_secs(5)));
    let dir = workspace();
    let out = eval(dir.path(), &["--base-url", &hang.base_url(), "--timeout", "0.3", "--retries", "0", "-q"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("no response within 0.3 s"), "{}", stderr(&out));

    let html = ChatServer::start(|_, _| Reply::NotJson);
    let out = eval(dir.path(), &["--base-url", &html.base_url(), "-q"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("the response is not JSON (\"<html>502 upstream gone</html>\")"), "{}", stderr(&out));
    // not worth retrying: one request per case at most
    assert!(html.seen().len() <= 4);

    let cut = ChatServer::start(|_, _| Reply::Truncated);
    let out = eval(dir.path(), &["--base-url", &cut.base_url(), "--retries", "1", "--jobs", "1", "-q"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("broke off"), "{}", stderr(&out));
    assert_eq!(cut.seen().len(), 2, "a cut body is retried");
}

#[test]
fn an_output_that_breaks_the_schema_is_scored_with_every_error() {
    let server = ChatServer::start(|_, body| {
        if body.contains("Sanne de Wit") {
            Reply::Content(r#"{"intent": "booking", "sentiment": 11, "caller_name": "Sanne de Wit", "callback_requested": false, "topics": ["availability"], "appointment_date": "2026-12-09"}"#.into())
        } else if body.contains("Mark Jansen") {
            Reply::Content("Sure! The caller wanted to cancel.".into())
        } else {
            Reply::Content(fixture_answer(body))
        }
    });
    let dir = workspace();
    let out = eval(dir.path(), &["--base-url", &server.base_url(), "--format", "json", "-q"]);
    // no gate on these fields: the run passes, and the report says what went wrong
    assert_eq!(out.status.code(), Some(1), "cancel-angry's case gate fails: {}", stderr(&out));
    let report = json(&out);
    let results = report["results"].as_array().unwrap();
    let booking = results.iter().find(|r| r["case"] == "booking-en").unwrap();
    assert_eq!(booking["valid_json"], true);
    assert_eq!(booking["schema_valid"], false);
    assert_eq!(
        booking["schema_errors"],
        serde_json::json!([
            "/intent: \"booking\" is not one of \"book\", \"reschedule\", \"cancel\", \"question\"",
            "/sentiment: 11 is greater than the maximum of 10"
        ])
    );
    let cancel = results.iter().find(|r| r["case"] == "cancel-angry").unwrap();
    assert_eq!(cancel["valid_json"], false);
    assert!(cancel["fields"].as_array().unwrap().iter().all(|f| f["verdict"] == "missing"));
    let gate = &report["gates"][0];
    assert_eq!((gate["gate"].as_str(), gate["passed"].as_bool()), (Some("case cancel-angry"), Some(false)));
}

#[test]
fn runs_measure_run_to_run_agreement() {
    let server = ChatServer::start(|n, body| {
        let answer = fixture_answer(body);
        // every other answer about Mark Jansen says he was calm
        if body.contains("Mark Jansen") && n % 2 == 1 {
            Reply::Content(answer.replace("\"sentiment\":2", "\"sentiment\":9"))
        } else {
            Reply::Content(answer)
        }
    });
    let dir = workspace();
    let out =
        eval(dir.path(), &["--base-url", &server.base_url(), "--runs", "2", "--jobs", "1", "--format", "json", "-q"]);
    let report = json(&out);
    assert_eq!(report["summary"]["requests"]["total"], 8);
    assert_eq!(field(&report, "intent")["agreement"], 1.0);
    assert_eq!(field(&report, "sentiment")["agreement"], 0.75);
}

#[test]
fn replay_runs_with_nothing_listening_and_never_connects() {
    // a port that is bound but never accepted on: any connection attempt would queue there
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://127.0.0.1:{}/v1", listener.local_addr().unwrap().port());
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("fixtures/eval"), dir.path());
    let before = std::fs::read(dir.path().join("cases/plankit.cassette")).unwrap();
    let out = cli()
        .current_dir(dir.path())
        .args(["eval", "plan-v2.json", "cases", "--model", "gpt-4.1-mini", "--replay", "--base-url", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("4 replayed"), "{}", stdout(&out));
    assert!(listener.accept().is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock), "replay connected");
    assert_eq!(std::fs::read(dir.path().join("cases/plankit.cassette")).unwrap(), before, "replay wrote the cassette");
    // another model is another request: replay refuses rather than answer from a stale entry
    let other = cli()
        .current_dir(dir.path())
        .args(["eval", "plan-v2.json", "cases", "--model", "gpt-4.1", "--replay", "-q"])
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(3));
    assert!(
        stderr(&other).starts_with("error: no recorded response for case `booking-en` run 1"),
        "{}",
        stderr(&other)
    );
}

#[test]
fn the_readme_replay_command_runs_offline_on_the_fixtures() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = "plankit eval fixtures/eval/plan-v2.json fixtures/eval/cases --model gpt-4.1-mini --replay --baseline fixtures/eval/plan-v1.json";
    assert!(readme.contains(command), "README no longer shows `{command}`");
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let out = cli().args(&args).args(["-q"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn gates_fail_the_run_and_an_unknown_field_is_a_usage_error() {
    let replay = |extra: &[&str]| {
        cli()
            .args([
                "eval",
                "fixtures/eval/plan-v2.json",
                "fixtures/eval/cases",
                "--model",
                "gpt-4.1-mini",
                "--replay",
                "-q",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let missed = replay(&["--min-accuracy", "topics=0.9", "--min-accuracy", "0.9"]);
    assert_eq!(missed.status.code(), Some(1));
    assert!(stdout(&missed).contains("gate field topics ≥ 90.0%: 75.0% MISSED"), "{}", stdout(&missed));
    assert!(stdout(&missed).contains("gate overall ≥ 90.0%: 95.5% met"), "{}", stdout(&missed));
    let typo = replay(&["--min-accuracy", "topic=0.9"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(stderr(&typo).contains("(did you mean `topics`?)"), "{}", stderr(&typo));
    let junit = replay(&["--min-accuracy", "topics=0.9", "--format", "junit"]);
    assert!(stdout(&junit).contains(r#"<failure message="4 of 5 fields correct; not correct: topics" type="eval">"#));
}

#[test]
fn bad_cases_are_reported_before_any_request_is_sent() {
    let server = ChatServer::start(|_, body| Reply::Content(fixture_answer(body)));
    let dir = workspace();
    add_case(dir.path(), "no-expectation", "AI: Hello.\nUser: Hi, I'd like to book.\n", None);
    add_case(
        dir.path(),
        "impossible-expectation",
        "AI: Hello.\nUser: Hi.\n",
        Some("{\n  \"intent\": \"book\",\n  \"sentiment\": 11\n}\n"),
    );
    let out = eval(dir.path(), &["--base-url", &server.base_url()]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("error: cases/impossible-expectation/expected.json:3:16: the expected analysis does not match the plan's schema: /sentiment: 11 is greater than the maximum of 10"), "{err}");
    assert!(
        err.contains("error: cases/no-expectation: the case has no expected analysis\n  help: write expected.json"),
        "{err}"
    );
    assert!(server.seen().is_empty(), "a request was sent");
}

#[test]
fn a_refused_connection_a_401_and_a_missing_key_each_say_what_to_do() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let dir = workspace();
    let refused = eval(dir.path(), &["--base-url", &format!("http://127.0.0.1:{closed}/v1"), "-q"]);
    assert_eq!(refused.status.code(), Some(5));
    assert!(
        stderr(&refused).contains("connection refused: is the server running, and is --base-url right?"),
        "{}",
        stderr(&refused)
    );

    let server = ChatServer::start(|_, _| Reply::Status(401, None));
    let unauthorized = cli()
        .current_dir(dir.path())
        .env("PLANKIT_TEST_KEY", "sk-wrong-key")
        .args(["eval", "plan-v2.json", "cases", "--model", "m", "--api-key-env", "PLANKIT_TEST_KEY", "-q"])
        .args(["--base-url", &server.base_url()])
        .output()
        .unwrap();
    assert_eq!(unauthorized.status.code(), Some(5));
    let err = stderr(&unauthorized);
    assert!(err.contains("401 unauthorized: the API key was refused"), "{err}");
    assert!(!err.contains("sk-wrong-key"));
    assert!(server.seen().len() <= 4, "a 401 is not retried");

    let missing = cli()
        .current_dir(dir.path())
        .env_remove("PLANKIT_TEST_NO_KEY")
        .args(["eval", "plan-v2.json", "cases", "--model", "m", "--api-key-env", "PLANKIT_TEST_NO_KEY"])
        .args(["--base-url", &server.base_url()])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("error: PLANKIT_TEST_NO_KEY is not set: export the API key"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn plankit_toml_sets_an_overall_gate_and_the_key_variable() {
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("fixtures/eval"), dir.path());
    std::fs::write(
        dir.path().join("plankit.toml"),
        "[eval]\nmin-accuracy = 0.97\napi-key-env = \"PLANKIT_TEST_UNSET_KEY\"\n",
    )
    .unwrap();
    let replay = eval(dir.path(), &["--replay", "-q"]);
    assert_eq!(replay.status.code(), Some(1));
    assert!(stdout(&replay).contains("gate overall ≥ 97.0%: 95.5% MISSED"), "{}", stdout(&replay));
    // a named variable is needed even for a local server
    let live = cli()
        .current_dir(dir.path())
        .env_remove("PLANKIT_TEST_UNSET_KEY")
        .args(["eval", "plan-v2.json", "cases", "--model", "m", "--base-url", "http://127.0.0.1:9/v1"])
        .output()
        .unwrap();
    assert_eq!(live.status.code(), Some(2));
    assert!(stderr(&live).starts_with("error: PLANKIT_TEST_UNSET_KEY is not set"), "{}", stderr(&live));
}
