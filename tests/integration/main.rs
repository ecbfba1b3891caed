//! plankit's integration tests: one binary, one module per concern. Snapshots live in
//! `tests/integration/snapshots/` and are reviewed with `cargo insta review`; CI never writes them.

// helpers shared by the tests unwrap freely: a failed unwrap is a failed test
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bad_input;
mod chat_server;
mod cli;
mod config;
mod config_files;
mod conformance;
mod eval;
mod fixing;
mod formats;
mod gitops;
mod hostile;
mod hostile_files;
mod output_safety;
mod platform;
mod properties;
mod readme;
mod readme_examples;
mod real_world;
mod render;
mod rule_fixtures;
mod sample;
mod send;
mod shell;
mod signatures;
mod snapshot_cases;
mod strict_fixes;
mod structured_outputs;
mod validate;

use std::path::{Path, PathBuf};

/// Says on the terminal that a test skipped part of its work and why, even when libtest
/// captures output (it captures `eprintln!`, not writes to the standard error handle), so
/// a skipped check is never mistaken for a passed one.
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

/// The project root, where `fixtures/` and `README.md` live.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `plankit` binary, run from the project root so paths in output are relative.
pub fn cli() -> std::process::Command {
    let mut command = std::process::Command::new(insta_cmd::get_cargo_bin("plankit"));
    command.current_dir(root()).env_remove("CLICOLOR_FORCE").env("NO_COLOR", "1");
    command
}

/// Lints one file through the library, as `plankit lint FILE` does.
pub fn lint_file(path: &Path) -> plankit::LintedFile {
    lint_file_with(path, &plankit::Settings::default())
}

/// Lints one file with settings, as `plankit lint --target … FILE` does.
pub fn lint_file_with(path: &Path, settings: &plankit::Settings) -> plankit::LintedFile {
    // relative to the project root (the tests' working folder), as a user would name it
    let path = path.strip_prefix(root()).unwrap_or(path);
    let inputs = [plankit::Input::File(PathBuf::from(path))];
    plankit::lint_inputs(&inputs, settings).remove(0)
}
