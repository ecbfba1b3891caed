//! More hostile input: folders plankit cannot read, nesting past the limit. Where the tests
//! run as root (which reads every folder), the binary is run as `nobody` through `setpriv`,
//! so the permission checks are exercised in CI too.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::root;

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// The plankit binary, as an unprivileged user: `nobody` when the tests run as root.
fn unprivileged(dir: &Path) -> Option<Command> {
    let binary = insta_cmd::get_cargo_bin("plankit");
    let mut command = if is_root() {
        if Command::new("setpriv").arg("--version").output().is_err() {
            return None;
        }
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(binary);
        command
    } else {
        Command::new(binary)
    };
    command.current_dir(dir).env("NO_COLOR", "1");
    Some(command)
}

fn open_to_all(path: &Path) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn one_unreadable_case_folder_does_not_stop_the_suite() {
    let dir = tempfile::tempdir().unwrap();
    open_to_all(dir.path());
    for case in ["a-readable", "b-locked", "c-readable"] {
        let folder = dir.path().join(case);
        std::fs::create_dir(&folder).unwrap();
        std::fs::copy(root().join("fixtures/cases/booking-nl/plan.json"), folder.join("plan.json")).unwrap();
        std::fs::set_permissions(folder.join("plan.json"), std::fs::Permissions::from_mode(0o644)).unwrap();
        open_to_all(&folder);
    }
    std::fs::set_permissions(dir.path().join("b-locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut command) = unprivileged(dir.path()) else {
        crate::skipped("running as root without setpriv");
        return;
    };
    let out = command.args(["test", ".", "--check"]).output().unwrap();
    std::fs::set_permissions(dir.path().join("b-locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    // both readable cases ran (and fail for want of a snapshot); the locked one is named
    assert!(text.contains("a-readable") && text.contains("c-readable"), "{text}");
    assert!(text.contains("FAIL  b-locked\n  the folder cannot be read: permission denied"), "{text}");
}

#[test]
fn nesting_past_the_limit_is_refused_at_the_same_depth_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let deep = |n: usize, open: &str, close: &str| format!("{}1{}", open.repeat(n), close.repeat(n));
    std::fs::write(dir.path().join("schema.json"), "{}").unwrap();
    for (name, open, close) in [("arrays", "[", "]"), ("objects", "{\"a\":", "}")] {
        for (n, ok) in [(256, true), (257, false)] {
            let file = dir.path().join(format!("{name}-{n}.json"));
            std::fs::write(&file, deep(n, open, close)).unwrap();
            let ndjson = dir.path().join(format!("{name}-{n}.ndjson"));
            std::fs::write(&ndjson, deep(n, open, close) + "\n").unwrap();
            for input in [&file, &ndjson] {
                let out = crate::cli()
                    .current_dir(dir.path())
                    .args(["validate", "--schema", "schema.json"])
                    .arg(input)
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&out.stdout);
                if ok {
                    assert_eq!(out.status.code(), Some(0), "{name} {n}: {text}");
                } else {
                    assert!(text.contains("nesting deeper than 256 levels"), "{name} {n}: {text}");
                }
            }
        }
    }
}

#[test]
fn follow_opts_into_symlinks_that_stay_inside_the_folder_only() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "{\"token\": \"s3cr3t\" oops").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    std::fs::copy(root().join("fixtures/plans/support-nl.json"), plans.join("real.json")).unwrap();
    // a hidden folder is not walked, but a symlink to a file in it stays inside the folder
    std::fs::create_dir(dir.path().join(".shared")).unwrap();
    std::fs::copy(root().join("fixtures/plans/support-nl.json"), dir.path().join(".shared/extra.json")).unwrap();
    std::os::unix::fs::symlink(dir.path().join(".shared/extra.json"), dir.path().join("inside.json")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.json"), dir.path().join("outside.json")).unwrap();
    std::os::unix::fs::symlink(dir.path(), plans.join("loop")).unwrap();
    let lint = |extra: &[&str]| {
        let out = crate::cli().current_dir(dir.path()).args(["lint", "."]).args(extra).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, out) = lint(&[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("in 1 plan (1 file)"), "{out}");
    // followed inside the folder (the loop walked once), never out of it
    let (code, out) = lint(&["--follow"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("(2 files)") && !out.contains("s3cr3t"), "{out}");
}

#[test]
fn folders_are_walked_as_ripgrep_walks_them() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read(root().join("fixtures/plans/support-nl.json")).unwrap();
    std::fs::create_dir_all(dir.path().join("generated")).unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "generated/\n").unwrap();
    std::fs::write(dir.path().join("plan.json"), &plan).unwrap();
    std::fs::write(dir.path().join("generated/broken.json"), "{").unwrap();
    let lint = |args: &[&str]| {
        let out = crate::cli().current_dir(dir.path()).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, out) = lint(&["lint", "."]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = lint(&["lint", ".", "--no-ignore"]);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("generated/broken.json"), "{out}");
    // a folder or file named on the command line is read even when ignored; a file named
    // twice, or named and found in a folder, is linted once
    let (code, out) = lint(&["lint", "generated"]);
    assert_eq!(code, Some(3), "{out}");
    let (code, out) = lint(&["lint", "plan.json", "./plan.json", "."]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("in 1 plan (1 file)"), "{out}");
}
