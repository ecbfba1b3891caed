//! Text from a plan, a payload, a transcript or a file name is printed inside plankit's own
//! output: it must not be able to act on the terminal (escape sequences) or on the CI log
//! (a line that starts a GitHub Actions workflow command).

use std::path::Path;

use crate::cli;

/// Escape sequences (window title, clear screen, C1 CSI, a bidi override) and workflow
/// commands in both the runner's syntaxes, split across lines.
const HOSTILE: &str =
    "x\u{1b}]0;pwned\u{7}\u{1b}[2J\n::error file=a.js::injected\r\n  ::add-mask::k ##[error]v1 \u{9b}31m \u{202e}";

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = cli().current_dir(dir).args(args).output().unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// What no human output may contain, whatever the input.
fn assert_inert(what: &str, text: &str) {
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
        assert!(!text.contains(bad), "{what}: raw {bad:?} reached the output:\n{text}");
    }
    assert!(!text.contains("##["), "{what}: `##[` reached the output:\n{text}");
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("::"), "{what}: a line starts a workflow command: {line:?}");
    }
}

fn hostile_files(dir: &Path) {
    let schema = serde_json::json!({"type": "object", "properties": {HOSTILE: {"type": "string"}, "e": {"enum": [HOSTILE]}}, "requird": [HOSTILE]});
    let plan = serde_json::json!({"analysisPlan": {"structuredDataPlan": {"enabled": true, "schema": schema, "messages": [
        {"role": "system", "content": format!("Extract. {HOSTILE}")},
        {"role": "user", "content": format!("{{{{transcript}}}} {{{{{HOSTILE}}}}} {{{{schema}}}}")}]}}});
    std::fs::write(dir.join("plan.json"), plan.to_string()).unwrap();
    let payload = serde_json::json!({"message": {"type": "end-of-call-report", "endedReason": HOSTILE,
        "artifact": {"transcript": format!("AI: hi\nUser: {HOSTILE}"), "messages": []},
        "analysis": {"structuredData": {HOSTILE: 5, "e": "zz"}}}});
    std::fs::write(dir.join("payload.json"), payload.to_string()).unwrap();
    std::fs::write(dir.join("transcript.txt"), format!("AI: hello\nUser: {HOSTILE}\n")).unwrap();
}

#[test]
fn human_output_never_carries_escapes_or_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    hostile_files(dir.path());
    for args in [
        &["lint", "plan.json"][..],
        &["lint", "--color", "always", "plan.json"],
        &["render", "plan.json", "--transcript", "payload.json"],
        &["render", "plan.json", "--transcript", "transcript.txt"],
        &["validate", "plan.json", "payload.json"],
    ] {
        let (code, text) = run(dir.path(), args);
        assert!(code <= 1, "{args:?} exited {code}: {text}");
        let text = if args.contains(&"always") { strip_colours(&text) } else { text };
        assert_inert(&format!("{args:?}"), &text);
    }
    // what the model receives is still exact where exactness is the format's job
    let (_, json) = run(dir.path(), &["render", "plan.json", "--transcript", "transcript.txt", "--format", "json"]);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert!(first.to_string().contains(&serde_json::Value::String(HOSTILE.into()).to_string()[1..20]), "{first}");
}

#[test]
fn github_annotations_are_the_only_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    hostile_files(dir.path());
    for args in [
        &["lint", "--format", "github", "plan.json"][..],
        &["validate", "--format", "github", "plan.json", "payload.json"],
    ] {
        let (_, text) = run(dir.path(), args);
        let commands: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("::")).collect();
        assert!(!commands.is_empty(), "{args:?}: no annotation at all:\n{text}");
        for line in &commands {
            assert!(line.starts_with("::error file=") || line.starts_with("::warning file="), "{args:?}: {line:?}");
        }
        let rest: String = text.lines().filter(|l| !commands.contains(l)).collect::<Vec<_>>().join("\n");
        assert_inert(&format!("{args:?} outside the annotations"), &rest);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!text.contains(bad), "{args:?}: raw {bad:?} inside an annotation");
        }
    }
}

#[test]
fn a_hostile_case_folder_name_is_printed_inert() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("x\u{1b}[2J\u{1b}]0;t\u{7}::error::case");
    std::fs::create_dir(&case).unwrap();
    std::fs::copy(crate::root().join("fixtures/plans/support-nl.json"), case.join("plan.json")).unwrap();
    std::fs::write(case.join("transcript.txt"), "AI: hallo\nUser: dag\n").unwrap();
    let (code, text) = run(dir.path(), &["test", ".", "--check"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("case"), "{text}");
    assert_inert("test --check", &text);
}

/// plankit's own colour sequences, removed so only what came from the input is checked.
fn strip_colours(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let body = &rest[at + 2..];
        let params = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
        if body.as_bytes().get(params) == Some(&b'm') {
            rest = &body[params + 1..];
        } else {
            out.push_str("\u{1b}[");
            rest = body;
        }
    }
    out + rest
}

#[test]
fn junit_names_keep_tabs_and_carriage_returns_written_out() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read(crate::root().join("fixtures/plans/support-nl.json")).unwrap();
    std::fs::write(dir.path().join("a\tb\rc.json"), &plan).unwrap();
    std::fs::write(dir.path().join("abc.json"), &plan).unwrap();
    let (code, xml) = run(dir.path(), &["lint", "--format", "junit", "."]);
    assert_eq!(code, 0, "{xml}");
    assert!(xml.contains(r#"<testsuite name="a\tb\rc.json""#), "{xml}");
    assert!(xml.contains(r#"<testsuite name="abc.json""#), "{xml}");
}
