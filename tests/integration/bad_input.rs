//! Bad input gets a clear diagnostic and exit code 3, never a panic, overflow or hang.

use crate::cli;

fn run(args: &[&str]) -> (i32, String) {
    let out = cli().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn hundred_thousand_deep_nesting_is_a_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.json");
    std::fs::write(&path, format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))).unwrap();
    let (code, out) = run(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("nesting deeper than 256 levels") && out.contains("deep.json:1:257"), "{out}");
}

#[test]
fn fifty_megabyte_file_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    std::fs::write(&path, vec![b' '; 50 * 1024 * 1024]).unwrap();
    let (code, out) = run(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("file is too large (50.0 MB)"), "{out}");
}

#[test]
fn missing_path_is_exit_3_and_other_files_are_still_linted() {
    let (code, out) = run(&["lint", "no/such/plan.json", "fixtures/plans/support-nl.json"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("no/such/plan.json") && out.contains("no such file or folder"), "{out}");
    assert!(out.contains("in 1 plan (2 files)"), "{out}");
}

#[test]
fn folder_where_a_file_was_expected_is_an_input_error() {
    let error = plankit::Source::from_path(crate::root().join("fixtures").as_path()).err().unwrap();
    assert_eq!(error.message, "is a folder, expected a file");
}

#[test]
fn empty_and_truncated_input_point_at_where_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.json");
    std::fs::write(&path, "{\n  \"structuredDataPlan\": {\n    \"enabled\": tr").unwrap();
    let (code, out) = run(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("cut.json:3:"), "{out}");
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let (code, out) = run(&["lint", empty.to_str().unwrap()]);
    assert_eq!((code, out.contains("empty input")), (3, true), "{out}");
}

#[test]
fn binary_transcript_is_an_input_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.txt");
    // invalid UTF-8 before the NUL byte: the text shown for it is wider than the bytes
    std::fs::write(&path, b"\xff\xff\x00").unwrap();
    let plan = crate::root().join("fixtures/plans/support-nl.json");
    let out = cli().args(["render", plan.to_str().unwrap(), "--transcript", path.to_str().unwrap()]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("binary file: contains a NUL byte") && !stderr.contains("panicked"), "{stderr}");
}
