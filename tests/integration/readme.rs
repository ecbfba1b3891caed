//! The README is part of the product: its rule table is generated from the rule docs and
//! must not go stale, and CI must run the test command it tells newcomers to run.

use crate::root;

const START: &str = "<!-- rules:start -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn readme_rule_table_matches_the_rule_docs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find(START).expect("README lacks <!-- rules:start -->") + START.len();
    let end = readme.find(END).expect("README lacks <!-- rules:end -->");
    let expected = plankit::rules::markdown_table();
    assert!(
        readme[start..end] == expected,
        "the README rule table is stale; replace it with the output of `cargo run -- rules --format markdown`:\n{expected}"
    );
}

#[test]
fn ci_runs_the_test_command_from_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(readme.contains("cargo test"), "README must name the test command");
    assert!(ci.lines().any(|l| l.trim_start().starts_with("cargo test")), ".ci/run must run `cargo test`");
    assert!(readme.contains("cargo run --release -- lint fixtures/plans/"), "README must show the lint command");
}
