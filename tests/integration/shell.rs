//! What plankit installs beside itself: shell completions, the man page, and the pre-commit
//! hook — the last run through the real `pre-commit` tool where it is installed (skipped,
//! with a note, where it is not: CI does not depend on Python).

use std::path::Path;
use std::process::{Command, Output};

use crate::{cli, root};

fn stdout(args: &[&str]) -> String {
    let out = cli().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a program if it is installed (a pyenv shim for a missing tool fails `--version`).
fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success())
}

#[test]
fn completions_name_every_command_and_format() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for word in ["lint", "explain", "completions", "config", "man"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        // the elvish and PowerShell generators do not complete option values
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(script.contains("sarif") && script.contains("junit"), "{shell} completions lack the formats");
        }
    }
}

#[test]
fn completion_scripts_parse_in_their_shells() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, check) in [("bash", &["-n"][..]), ("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        if !installed(shell) {
            eprintln!("note: {shell} is not installed; its completion script was not parsed");
            continue;
        }
        let path = dir.path().join(shell);
        std::fs::write(&path, stdout(&["completions", shell])).unwrap();
        let out = Command::new(shell).args(check).arg(&path).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn man_page_documents_the_commands() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH plankit 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "the man page lacks {section}");
    }
    assert!(page.contains("plankit\\-lint") && page.contains("\\-\\-config"), "{page}");
}

/// The `files` pattern of the published hook, read from `.pre-commit-hooks.yaml`.
fn manifest_files_pattern() -> String {
    let manifest = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let field = |name: &str| {
        manifest.lines().find_map(|l| l.trim().strip_prefix(&format!("{name}: ")).map(str::to_owned)).unwrap()
    };
    assert_eq!(field("- id"), "plankit-lint");
    // `--force-exclude`: pre-commit names every staged file, and plankit.toml's `exclude` holds
    assert_eq!(field("entry"), "plankit lint --force-exclude");
    assert_eq!(field("language"), "rust");
    field("files")
}

#[test]
fn the_published_hook_names_plankit_lint_on_json_files() {
    assert_eq!(manifest_files_pattern(), "\\.json$");
}

fn run(program: &str, args: &[&str], dir: &Path, home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("PRE_COMMIT_COLOR", "never")
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "plankit")
        .env("GIT_AUTHOR_EMAIL", "plankit@example.com")
        .env("GIT_COMMITTER_NAME", "plankit")
        .env("GIT_COMMITTER_EMAIL", "plankit@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

#[test]
fn pre_commit_runs_the_hook_and_blocks_a_broken_plan() {
    if !installed("pre-commit") || !installed("git") {
        crate::skipped("the pre-commit hook test: pre-commit (pip install pre-commit) or git is not installed");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (repo, home) = (work.path().join("repo"), work.path().join("pre-commit-home"));
    std::fs::create_dir_all(repo.join("plans")).unwrap();

    let manifest = root().join(".pre-commit-hooks.yaml");
    let out = run("pre-commit", &["validate-manifest", manifest.to_str().unwrap()], &repo, &home);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

    // the published hook, run as a local `system` hook on the binary under test: the `rust`
    // language would make pre-commit build plankit from source, which needs the network
    let binary = insta_cmd::get_cargo_bin("plankit");
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: plankit-lint\n        name: plankit lint\n        entry: '{} lint --force-exclude'\n        language: system\n        files: '{}'\n",
        binary.display(),
        manifest_files_pattern()
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    let typo =
        std::fs::read_to_string(root().join("fixtures/rules/template/unknown-placeholder/fail-transcirpt-typo.json"))
            .unwrap();
    std::fs::write(repo.join("plans/support.json"), &typo).unwrap();
    std::fs::write(repo.join("notes.txt"), "not a plan").unwrap();

    for args in [&["init", "-q"][..], &["add", "."]] {
        assert!(run("git", args, &repo, &home).status.success());
    }
    let install = run("pre-commit", &["install"], &repo, &home);
    assert!(install.status.success(), "{}", String::from_utf8_lossy(&install.stdout));

    let blocked = run("git", &["commit", "-q", "-m", "add a plan"], &repo, &home);
    let text = format!("{}{}", String::from_utf8_lossy(&blocked.stdout), String::from_utf8_lossy(&blocked.stderr));
    assert!(!blocked.status.success(), "the commit went through:\n{text}");
    assert!(text.contains("plankit lint") && text.contains("Failed"), "{text}");
    assert!(text.contains("error[template/unknown-placeholder]: unknown placeholder `{{transcirpt}}`"), "{text}");
    assert!(text.contains("--> plans/support.json:30:55"), "{text}");

    std::fs::write(repo.join("plans/support.json"), typo.replace("{{transcirpt}}", "{{transcript}}")).unwrap();
    assert!(run("git", &["add", "."], &repo, &home).status.success());
    let committed = run("git", &["commit", "-q", "-m", "add a plan"], &repo, &home);
    let text = format!("{}{}", String::from_utf8_lossy(&committed.stdout), String::from_utf8_lossy(&committed.stderr));
    assert!(committed.status.success(), "{text}");
}
