//! Hostile input: files that would block, never end, or lead plankit out of the folder it was
//! given. Each test asserts the exit code, the message, and a time bound (a hang fails the test
//! instead of the CI job). The bounds are generous, minutes where the work takes seconds on a
//! loaded machine: they catch hangs and quadratic blow-ups, and measure no speed (benchmarks
//! under `bench/` do that).

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{cli, root};

/// Runs a command to completion within `limit`, killing it (and failing) if it hangs. The
/// output is read while it runs, so a large report cannot fill the pipe and stall it.
fn within(mut command: Command, limit: Duration) -> (i32, String, String) {
    let child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    let Ok(out) = receive.recv_timeout(limit) else {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("{command:?} did not finish within {limit:?}");
    };
    let out = out.unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn plankit(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut command = cli();
    command.current_dir(dir).args(args);
    within(command, Duration::from_secs(180))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo failed");
}

fn plan_text() -> Vec<u8> {
    std::fs::read(root().join("fixtures/plans/support-nl.json")).unwrap()
}

#[test]
fn a_fifo_or_a_device_is_refused_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.json"));
    std::fs::write(dir.path().join("plan.json"), plan_text()).unwrap();
    // named, inside a walked folder, as the transcript, and as --config
    let (code, out, _) = plankit(dir.path(), &["lint", "pipe.json"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("is not a regular file (a FIFO)"), "{out}");
    let (code, out, _) = plankit(dir.path(), &["lint", "."]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("pipe.json") && out.contains("in 1 plan (2 files)"), "{out}");
    for device in ["/dev/zero", "/dev/urandom"] {
        let (code, out, _) = plankit(dir.path(), &["lint", device]);
        assert_eq!(code, 3, "{out}");
        assert!(out.contains("is not a regular file (a character device)"), "{out}");
        let (code, _, err) = plankit(dir.path(), &["render", "plan.json", "--transcript", device]);
        assert_eq!(code, 3, "{err}");
        let (code, _, err) = plankit(dir.path(), &["--config", device, "lint", "plan.json"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("is not a regular file"), "{err}");
    }
    let (code, _, err) = plankit(dir.path(), &["--config", "pipe.json", "lint", "plan.json"]);
    assert_eq!(code, 2, "{err}");
    // the one device with known contents: empty
    let (code, out, err) = plankit(dir.path(), &["--config", "/dev/null", "lint", "plan.json"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_fifo_as_a_schema_ref_target_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("defs.json"));
    std::fs::write(dir.path().join("schema.json"), r#"{"type": "object", "properties": {"a": {"$ref": "defs.json"}}}"#)
        .unwrap();
    std::fs::write(dir.path().join("out.json"), r#"{"a": 1}"#).unwrap();
    let (code, out, err) = plankit(dir.path(), &["validate", "--schema", "schema.json", "out.json"]);
    assert_eq!(code, 3, "{out}{err}");
}

#[test]
fn a_walk_never_follows_a_symlink_out_of_the_folder() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOKEN=hunter2\n").unwrap();
    std::fs::create_dir(outside.path().join("elsewhere")).unwrap();
    std::fs::write(outside.path().join("elsewhere/plan.json"), plan_text()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.json"), plan_text()).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("leak.json")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("elsewhere"), dir.path().join("linked")).unwrap();
    let (code, out, _) = plankit(dir.path(), &["lint", "."]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("hunter2") && !out.contains("leak.json"), "{out}");
    assert!(out.ends_with("no problems in 1 plan (1 file)\n"), "{out}");
}

#[test]
fn an_unreadable_folder_is_reported_for_what_it_is() {
    if Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n")) {
        crate::skipped("root reads every folder");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, out, _) = plankit(dir.path(), &["lint", "."]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("permission denied"), "{out}");
}

/// A one-case suite in a temporary folder: `suite/case/plan.json`.
fn suite() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("case")).unwrap();
    std::fs::write(dir.path().join("case/plan.json"), plan_text()).unwrap();
    dir
}

#[test]
fn a_snapshot_symlinked_out_of_the_case_is_neither_printed_nor_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOKEN=hunter2\n").unwrap();
    let dir = suite();
    std::os::unix::fs::symlink(&secret, dir.path().join("case/plan.snap")).unwrap();
    let (code, out, err) = plankit(dir.path(), &["test", ".", "--check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("hunter2") && out.contains("symlink"), "{out}");

    // a planted pending snapshot is replaced, its target left alone
    std::fs::remove_file(dir.path().join("case/plan.snap")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("case/plan.snap.new")).unwrap();
    let mut command = cli();
    command.current_dir(dir.path()).args(["test", "."]).env_remove("CI");
    let (code, out, _) = within(command, Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "TOKEN=hunter2\n");
    let pending = dir.path().join("case/plan.snap.new");
    assert!(!std::fs::symlink_metadata(&pending).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&pending).unwrap().contains("## lint"));
}

#[test]
fn an_empty_ci_variable_still_means_ci_and_nothing_is_written() {
    let dir = suite();
    let mut command = cli();
    command.current_dir(dir.path()).args(["test", "."]).env("CI", "");
    let (code, out, _) = within(command, Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    let names: Vec<_> = std::fs::read_dir(dir.path().join("case")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["plan.json"], "{out}");
}

#[test]
fn temporaries_left_by_a_killed_run_are_removed_on_the_next_write() {
    let dir = suite();
    let stale = dir.path().join("case/.plankit-abc123.tmp");
    std::fs::write(&stale, "half a snapshot").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
    let mut command = cli();
    command.current_dir(dir.path()).args(["test", "."]).env_remove("CI");
    let (code, out, _) = within(command, Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert!(!stale.exists(), "{out}");
    assert!(dir.path().join("case/plan.snap.new").is_file());
}

#[test]
fn a_report_that_cannot_be_written_fails_the_run_and_a_closed_stderr_never_panics() {
    if !Path::new("/dev/full").exists() {
        crate::skipped("no /dev/full");
        return;
    }
    let full = || std::fs::File::options().write(true).open("/dev/full").unwrap();
    let transcript = "fixtures/transcripts/booking.txt";
    for args in [
        vec!["lint", "--format", "sarif", "fixtures/plans/"],
        vec!["render", "fixtures/plans/support-nl.json", "--transcript", transcript],
    ] {
        let out = cli().args(&args).stdout(full()).stderr(Stdio::piped()).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"), "{args:?}");
    }
    for args in [
        vec!["explain", "nope"],
        vec!["validate", "fixtures/plans/support-nl.json"],
        vec!["validate", "--schema", "missing.json", "x.json"],
        vec!["test", "/nonexistent"],
        vec!["test", "--check", "--accept"],
    ] {
        let out = cli().args(&args).stdout(Stdio::null()).stderr(full()).output().unwrap();
        assert!(matches!(out.status.code(), Some(2 | 3)), "{args:?}: {:?}", out.status);
    }
}

#[test]
fn a_config_above_the_repository_or_writable_by_others_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let turn_off = "[rules]\n\"template/unknown-placeholder\" = \"off\"\n";
    let typo =
        std::fs::read(root().join("fixtures/rules/template/unknown-placeholder/fail-transcirpt-typo.json")).unwrap();
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("plankit.toml"), turn_off).unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join("plan.json"), &typo).unwrap();
    let (code, out, _) = plankit(&repo, &["lint", "plan.json"]);
    assert_eq!(code, 1, "the config above the repository root was read: {out}");

    std::fs::write(repo.join("plankit.toml"), turn_off).unwrap();
    let (code, out, _) = plankit(&repo, &["lint", "plan.json"]);
    assert_eq!(code, 0, "{out}");
    std::fs::set_permissions(repo.join("plankit.toml"), std::fs::Permissions::from_mode(0o666)).unwrap();
    let (code, _, err) = plankit(&repo, &["lint", "plan.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("ignoring plankit.toml: it is writable by other users"), "{err}");
    // named explicitly, it is used
    let (code, _, _) = plankit(&repo, &["--config", "plankit.toml", "lint", "plan.json"]);
    assert_eq!(code, 0);
}

/// A plan whose one user message is `content`, with a schema.
fn plan_with(content: &str, schema: serde_json::Value) -> String {
    serde_json::json!({"structuredDataPlan": {"enabled": true, "schema": schema,
        "messages": [{"role": "user", "content": content}]}})
    .to_string()
}

#[test]
fn amplifying_plans_are_linted_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let object = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let values: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    let cases = [
        (
            "unclosed.json",
            plan_with(&format!("{}{{{{transcript}}}} {{{{schema}}}}", "{{".repeat(20_000)), object.clone()),
        ),
        (
            "typos.json",
            plan_with(&format!("{}{{{{transcript}}}} {{{{schema}}}}", "{{transcirpt}} ".repeat(10_000)), object),
        ),
        (
            "enum.json",
            plan_with(
                "{{transcript}} {{schema}}",
                serde_json::json!({"type": "object",
                "properties": {"a": {"type": "string", "enum": values}}}),
            ),
        ),
    ];
    for (name, text) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let started = Instant::now();
        let (code, out, _) = plankit(dir.path(), &["lint", name]);
        assert!(matches!(code, 0 | 1), "{name}: exit {code}: {}", &out[..out.len().min(500)]);
        assert!(started.elapsed() < Duration::from_secs(120), "{name} took {:?}", started.elapsed());
    }
    // a long line is not framed once per finding
    let (_, out, _) = plankit(dir.path(), &["lint", "typos.json"]);
    assert!(out.contains("characters long; near the finding") && out.len() < 6_000_000, "{}", out.len());

    let config = (0..20_000).map(|i| format!("k{i} = 1\n")).collect::<String>();
    std::fs::write(dir.path().join("plankit.toml"), config).unwrap();
    let started = Instant::now();
    let (code, _, err) = plankit(dir.path(), &["lint", "enum.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("plankit.toml:20000:1"), "{}", &err[err.len().saturating_sub(300)..]);
    assert!(started.elapsed() < Duration::from_secs(120), "config took {:?}", started.elapsed());
}

#[test]
fn a_render_that_would_build_gigabytes_is_refused_with_the_placeholder_named() {
    let dir = tempfile::tempdir().unwrap();
    let object = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
    std::fs::write(dir.path().join("plan.json"), plan_with(&"{{transcript}}".repeat(20_000), object)).unwrap();
    std::fs::write(dir.path().join("call.txt"), format!("AI: {}\nUser: ok\n", "x".repeat(100_000))).unwrap();
    let (code, _, err) = plankit(dir.path(), &["render", "plan.json", "--transcript", "call.txt"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("larger than 16 MB: `{{transcript}}` (100013 bytes) is used 20000 times"), "{err}");
}

#[test]
fn a_case_cannot_name_a_transcript_outside_its_folder() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "AI: TOKEN=hunter2\n").unwrap();
    let dir = suite();
    let escape = format!("{}/secret.txt", outside.path().display());
    for file in ["../../../../../../../../etc/passwd", escape.as_str()] {
        std::fs::write(dir.path().join("case/case.toml"), format!("[transcript]\nfile = \"{file}\"\n")).unwrap();
        // a case.toml plankit refuses is a configuration error, exit 2
        let (code, out, err) = plankit(dir.path(), &["test", ".", "--check"]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(out.contains("leads outside the case folder"), "{out}");
        assert!(!out.contains("hunter2") && !out.contains("root:"), "{out}");
    }
    // a symlink inside the case that points out is refused the same way
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("case/call.txt")).unwrap();
    std::fs::write(dir.path().join("case/case.toml"), "[transcript]\nfile = \"call.txt\"\n").unwrap();
    let (code, out, _) = plankit(dir.path(), &["test", ".", "--check"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("leads outside the case folder") && !out.contains("hunter2"), "{out}");
}

#[test]
fn a_case_file_symlinked_out_of_the_folder_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "{\"TOKEN\": \"hunter2\"").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "AI: TOKEN=hunter2\n").unwrap();
    let dir = suite();
    std::os::unix::fs::symlink(outside.path().join("secret.json"), dir.path().join("case/webhook.json")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("case/transcript.txt")).unwrap();
    let (code, out, _) = plankit(dir.path(), &["test", ".", "--check"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("hunter2") && !out.contains("webhook.json"), "{out}");
}

#[test]
fn small_contract_defects_of_validate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.json"), r#"{"type": "object"}"#).unwrap();
    std::fs::write(dir.path().join("out.json"), r#"{"a": 1}"#).unwrap();
    // an invalid JSON Pointer is a usage error, not a finding
    let (code, _, err) = plankit(dir.path(), &["validate", "--schema", "schema.json", "--at", "/~2", "out.json"]);
    assert_eq!(code, 2, "{err}");
    // nothing readable: the summary does not claim documents were valid
    let (code, out, _) = plankit(dir.path(), &["validate", "--schema", "schema.json", "missing.json"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.ends_with("no documents checked\n"), "{out}");
}

/// As [`plankit`], with the address space capped at `bytes` (`prlimit --as`), so a run that
/// would exhaust memory fails its allocation instead of the machine. `None` when util-linux's
/// `prlimit` is not installed; the caller then skips, saying so.
fn capped(dir: &Path, bytes: u64, args: &[&str]) -> Option<(i32, String, String)> {
    if Command::new("prlimit").arg("--version").output().is_err() {
        crate::skipped("the memory bound: no prlimit");
        return None;
    }
    let mut command = Command::new("prlimit");
    command.arg(format!("--as={bytes}")).arg(env!("CARGO_BIN_EXE_plankit")).current_dir(dir).args(args);
    Some(within(command, Duration::from_secs(180)))
}

const GIGABYTE: u64 = 1 << 30;

/// `{"$ref": "#/$defs/d0", "$defs": {d0 … dn}}`, each definition `keyword` over `fan`
/// references to the next, the last `{"type": "string"}`.
fn definitions(n: usize, keyword: &str, fan: usize) -> serde_json::Value {
    let mut defs = serde_json::Map::new();
    for i in 0..n {
        let next = serde_json::json!({"$ref": format!("#/$defs/d{}", i + 1)});
        let body = match keyword {
            "$ref" => next,
            "dependentSchemas" => {
                serde_json::json!({keyword: (0..fan).map(|k| (format!("p{k}"), next.clone())).collect::<serde_json::Map<_, _>>()})
            }
            "if" => serde_json::json!({"if": next.clone(), "then": next.clone(), "else": next}),
            _ => serde_json::json!({keyword: vec![next; fan]}),
        };
        defs.insert(format!("d{i}"), body);
    }
    defs.insert(format!("d{n}"), serde_json::json!({"type": "string"}));
    serde_json::json!({"$ref": "#/$defs/d0", "$defs": defs})
}

#[test]
fn a_schema_whose_refs_multiply_is_refused_before_it_takes_gigabytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("number.json"), "1.5").unwrap();
    std::fs::write(dir.path().join("both.json"), r#"{"p0": 1, "p1": 2}"#).unwrap();
    // the reported attack: 24 definitions, each an anyOf of two references to the next (1.7 KB)
    let diamond = definitions(24, "anyOf", 2).to_string();
    assert!(diamond.len() < 2_000, "{}", diamond.len());
    std::fs::write(dir.path().join("diamond.json"), diamond).unwrap();
    let Some((code, _, err)) = capped(dir.path(), GIGABYTE, &["validate", "--schema", "diamond.json", "number.json"])
    else {
        return;
    };
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("expands to 131069 subschemas, more than 100000 beyond the schema's own")
            && err.contains("(at /$defs/d9)"),
        "{err}"
    );
    // and what an attacker tries next: other applicators, wider fan-out, deeper
    for (name, schema, document) in [
        ("one-of.json", definitions(40, "oneOf", 2), "number.json"),
        ("all-of.json", definitions(8, "allOf", 16), "number.json"),
        ("if-then-else.json", definitions(20, "if", 0), "number.json"),
        ("dependent.json", definitions(30, "dependentSchemas", 2), "both.json"),
    ] {
        std::fs::write(dir.path().join(name), schema.to_string()).unwrap();
        let (code, _, err) =
            capped(dir.path(), GIGABYTE, &["validate", "--schema", name, document]).unwrap_or_default();
        assert_eq!(code, 3, "{name}: {err}");
        assert!(err.contains("beyond the schema's own"), "{name}: {err}");
    }
    // nesting without reuse is not amplification: each failed branch is explained
    let mut nested = serde_json::json!({"type": "string"});
    for _ in 0..40 {
        nested = serde_json::json!({"anyOf": [{"type": "integer"}, nested]});
    }
    std::fs::write(dir.path().join("nested.json"), nested.to_string()).unwrap();
    let (code, out, err) =
        capped(dir.path(), GIGABYTE, &["validate", "--schema", "nested.json", "number.json"]).unwrap_or_default();
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("1.5 is not of type") && out.contains("closest of the 2 `anyOf` branches"), "{out}");
}

#[test]
fn a_ten_thousand_ref_chain_is_an_error_not_a_crash_and_lints_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let chain = definitions(10_000, "$ref", 1);
    std::fs::write(dir.path().join("chain.json"), chain.to_string()).unwrap();
    std::fs::write(dir.path().join("out.json"), r#""text""#).unwrap();
    let (code, out, err) = plankit(dir.path(), &["validate", "--schema", "chain.json", "out.json"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains("nest more than 1000 deep here") && err.contains("(at /$defs/d999)"), "{err}");
    // in a plan, for validate and for every target that follows references
    std::fs::write(dir.path().join("plan.json"), plan_with("{{transcript}} {{schema}}", chain)).unwrap();
    let (code, _, err) = plankit(dir.path(), &["validate", "plan.json", "out.json"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("the plan's schema cannot be used") && err.contains("1000 deep"), "{err}");
    for target in ["xai", "anthropic", "portable", "gemini", "openai-strict"] {
        let started = Instant::now();
        let (code, out, err) = plankit(dir.path(), &["lint", "--target", target, "--format", "json", "plan.json"]);
        assert!(matches!(code, 0 | 1), "{target}: exit {code}: {err}");
        assert!(out.contains("\"diagnostics\""), "{target}");
        assert!(started.elapsed() < Duration::from_secs(120), "{target} took {:?}", started.elapsed());
    }
    // references that lead back where they started are recursion, not a chain
    for (name, schema) in [
        ("self.json", r##"{"$ref": "#"}"##),
        (
            "mutual.json",
            r##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
        ),
    ] {
        std::fs::write(dir.path().join(name), schema).unwrap();
        let (code, out, err) = plankit(dir.path(), &["validate", "--schema", name, "out.json"]);
        assert_eq!(code, 0, "{name}: {out}{err}");
    }
}

#[test]
fn a_lookaround_pattern_on_a_long_string_is_aborted_not_hung() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("\"{}\"", "a".repeat(200_000));
    std::fs::write(dir.path().join("long.json"), &long).unwrap();
    std::fs::write(dir.path().join("short.json"), format!("\"{}b\"", "a".repeat(900))).unwrap();
    for pattern in ["(?<=a)a*b", "(?<!b)a*b", "(?=a).*b", r"(a)\1*b"] {
        let schema = serde_json::json!({"type": "string", "pattern": pattern}).to_string();
        std::fs::write(dir.path().join("schema.json"), schema).unwrap();
        let (code, out, err) = plankit(dir.path(), &["validate", "--schema", "schema.json", "long.json"]);
        assert_eq!(code, 1, "{pattern}: {out}{err}");
        assert!(
            out.contains("error[output/pattern-aborted]")
                && out.contains("longer than 1000 characters, the most plankit matches a pattern with lookaround"),
            "{pattern}: {out}"
        );
        // a string within the bound is matched, and is valid
        let (code, out, _) = plankit(dir.path(), &["validate", "--schema", "schema.json", "short.json"]);
        assert_eq!(code, 0, "{pattern}: {out}");
    }
    // a pattern the linear engine runs needs no bound
    std::fs::write(dir.path().join("schema.json"), r#"{"type": "string", "pattern": "^a*$"}"#).unwrap();
    let (code, out, _) = plankit(dir.path(), &["validate", "--schema", "schema.json", "long.json"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_hundred_thousand_value_enum_lints_in_linear_time_for_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    let schema = serde_json::json!({"type": "object", "required": ["a"], "additionalProperties": false,
        "properties": {"a": {"type": "string", "enum": values}}});
    std::fs::write(dir.path().join("plan.json"), plan_with("{{transcript}} {{schema}}", schema)).unwrap();
    let every = "openai-strict,azure-openai,anthropic,gemini,gemini-json-schema,xai,groq,mistral,deepseek,portable";
    let started = Instant::now();
    let (code, out, err) = plankit(dir.path(), &["lint", "--target", every, "plan.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("enum"), "{}", &out[..out.len().min(2000)]);
    assert!(started.elapsed() < Duration::from_secs(150), "took {:?}", started.elapsed());
}

#[test]
fn a_recursion_that_branches_on_the_same_property_is_checked_without_explaining_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let branch = serde_json::json!({"type": "object", "properties": {"a": {"$ref": "#"}}, "required": ["a"]});
    std::fs::write(dir.path().join("schema.json"), serde_json::json!({"anyOf": [branch, branch]}).to_string()).unwrap();
    let mut deep = serde_json::json!({});
    for _ in 0..200 {
        deep = serde_json::json!({"a": deep});
    }
    std::fs::write(dir.path().join("deep.json"), deep.to_string()).unwrap();
    std::fs::write(dir.path().join("shallow.json"), r#"{"a": {"a": {}}}"#).unwrap();
    let Some((code, out, err)) = capped(dir.path(), GIGABYTE, &["validate", "--schema", "schema.json", "deep.json"])
    else {
        return;
    };
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("its errors are not listed: it nests more than 16 levels deep"), "{out}");
    // a shallow document still has its errors itemised
    let (code, out, _) = plankit(dir.path(), &["validate", "--schema", "schema.json", "shallow.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/a/a: missing required property \"a\""), "{out}");
}

#[test]
fn a_huge_enum_or_thousands_of_pattern_properties_never_make_validate_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    // 100,000 values, 20,000 failing strings: each is looked up, not compared with every value
    let values: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    let schema = serde_json::json!({"type": "array", "items": {"enum": values}});
    std::fs::write(dir.path().join("enum.json"), schema.to_string()).unwrap();
    let strings: Vec<String> = (0..20_000).map(|i| format!("x{i}")).collect();
    std::fs::write(dir.path().join("strings.json"), serde_json::to_string(&strings).unwrap()).unwrap();
    let started = Instant::now();
    let (code, out, _) =
        plankit(dir.path(), &["validate", "--format", "json", "--schema", "enum.json", "strings.json"]);
    assert_eq!(code, 1);
    assert!(out.contains("\"/19999\"") && out.contains("(100000 values in all)"), "{}", &out[..out.len().min(1000)]);
    assert!(started.elapsed() < Duration::from_secs(150), "took {:?}", started.elapsed());
    // a did-you-mean still comes for a small enum
    std::fs::write(dir.path().join("small.json"), r#"{"enum": ["sales", "support"]}"#).unwrap();
    std::fs::write(dir.path().join("typo.json"), r#""slaes""#).unwrap();
    let (_, out, _) = plankit(dir.path(), &["validate", "--schema", "small.json", "typo.json"]);
    assert!(out.contains("did you mean \"sales\"?"), "{out}");

    let patterns: serde_json::Map<String, serde_json::Value> =
        (0..5_000).map(|i| (format!("^k{i}x$"), serde_json::json!({"type": "string"}))).collect();
    std::fs::write(dir.path().join("patterns.json"), serde_json::json!({"patternProperties": patterns}).to_string())
        .unwrap();
    std::fs::write(dir.path().join("keys.json"), "{\"k1\": 1}").unwrap();
    let (code, _, err) = plankit(dir.path(), &["validate", "--schema", "patterns.json", "keys.json"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("`patternProperties` has 5000 patterns, more than 256") && err.contains("(at /patternProperties)"),
        "{err}"
    );
}

#[test]
fn ten_thousand_broken_refs_among_ten_thousand_definitions_lint_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let defs: serde_json::Map<_, _> = (0..10_000)
        .map(|i| (format!("d{i}"), serde_json::json!({"type": "string", "$anchor": format!("a{i}")})))
        .collect();
    let properties: serde_json::Map<_, _> =
        (0..10_000).map(|i| (format!("p{i}"), serde_json::json!({"$ref": format!("#/$defs/q{i}")}))).collect();
    let schema = serde_json::json!({"type": "object", "properties": properties, "$defs": defs});
    std::fs::write(dir.path().join("plan.json"), plan_with("{{transcript}} {{schema}}", schema)).unwrap();
    let started = Instant::now();
    let (code, out, _) =
        plankit(dir.path(), &["lint", "--format", "json", "--select", "schema/unresolved-ref", "plan.json"]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("points at nothing in this schema").count(), 10_000);
    assert!(started.elapsed() < Duration::from_secs(120), "took {:?}", started.elapsed());
}

#[test]
fn a_lookaround_pattern_property_on_a_long_property_name_is_aborted_not_hung() {
    let dir = tempfile::tempdir().unwrap();
    let schema = serde_json::json!({"type": "object", "properties": {"inner": {"type": "object",
        "patternProperties": {"(?<=a)a*b": {"type": "string"}}}}});
    std::fs::write(dir.path().join("schema.json"), schema.to_string()).unwrap();
    let long = serde_json::json!({"inner": {"a".repeat(200_000): 1}});
    std::fs::write(dir.path().join("long.json"), long.to_string()).unwrap();
    std::fs::write(dir.path().join("short.json"), r#"{"inner": {"aab": 1, "zzz": 2}}"#).unwrap();
    let (code, out, err) = plankit(dir.path(), &["validate", "--schema", "schema.json", "long.json"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("error[output/pattern-aborted]: /inner: a property name was not matched")
            && out.contains("longer than 1000 characters"),
        "{out}"
    );
    // a short name is matched: `aab` must be a string
    let (code, out, _) = plankit(dir.path(), &["validate", "--schema", "schema.json", "short.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/inner/aab: 1 is not of type \"string\""), "{out}");
}
