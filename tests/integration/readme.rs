//! The README is part of the product: its rule and provider-target tables are generated from
//! the rule docs and provider profiles and must not go stale, and CI must run the test command
//! it tells newcomers to run.

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
fn readme_targets_table_matches_the_provider_profiles() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("<!-- targets:start -->\n").expect("README lacks <!-- targets:start -->")
        + "<!-- targets:start -->\n".len();
    let end = readme.find("<!-- targets:end -->").expect("README lacks <!-- targets:end -->");
    let expected = plankit::provider::markdown_targets_table();
    assert!(
        readme[start..end] == expected,
        "the README targets table is stale; replace it with the output of `cargo run -- targets --format markdown`:\n{expected}"
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
