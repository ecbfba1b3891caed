//! Per-file configuration: the nearest `plankit.toml` above each file applies to it,
//! `include`/`exclude` choose what walked folders contribute, and `config show` /
//! `lint --show-files` say which config applies where.

use std::path::Path;

use crate::{cli, root};

const UNDESCRIBED: &str = "fixtures/rules/schema/missing-description/fail-property-without-description.json";

/// A repository with a root config (pedantic rules as warnings) and `team/` with its own
/// (the same rule as an error, `drafts` excluded).
fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read(root().join(UNDESCRIBED)).unwrap();
    for folder in [".git", "team/drafts", "legacy"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    for file in ["a.json", "legacy/d.json", "team/b.json", "team/drafts/c.json"] {
        std::fs::write(dir.path().join(file), &plan).unwrap();
    }
    std::fs::write(dir.path().join("plankit.toml"), "extend-select = [\"pedantic\"]\n").unwrap();
    let team = "exclude = [\"drafts\"]\n\n[rules]\n\"schema/missing-description\" = \"error\"\n";
    std::fs::write(dir.path().join("team/plankit.toml"), team).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli().current_dir(dir).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn each_file_takes_the_nearest_config_above_it() {
    let dir = monorepo();
    let (code, stdout, _) = run(dir.path(), &["lint"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "warning[schema/missing-description]: property `follow_up_needed` has no `description`\n  --> a.json:17:9"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("error[schema/missing-description]: property `follow_up_needed` has no `description`\n  --> team/b.json:17:9"), "{stdout}");
    // `team/drafts` is excluded by team's config; the root config says nothing of it
    assert!(!stdout.contains("drafts/c.json"), "{stdout}");
    assert!(stdout.ends_with("1 error, 2 warnings in 3 plans (3 files)\n"), "{stdout}");
}

#[test]
fn show_files_lists_what_would_be_linted_with_its_config() {
    let dir = monorepo();
    let (code, stdout, _) = run(dir.path(), &["lint", "--show-files"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "a.json  (config: plankit.toml)\nlegacy/d.json  (config: plankit.toml)\nteam/b.json  (config: team/plankit.toml)\n"
    );
    let (_, json, _) =
        run(&dir.path().join("team"), &["lint", "--show-files", "--format", "json", "b.json", "../a.json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([{ "file": "b.json", "config": "plankit.toml" }, { "file": "../a.json", "config": "../plankit.toml" }])
    );
}

#[test]
fn a_named_file_is_linted_even_when_excluded_unless_force_exclude() {
    let dir = monorepo();
    let (code, stdout, _) = run(&dir.path().join("team"), &["lint", "drafts/c.json"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("--> drafts/c.json:17:9"), "{stdout}");
    let (code, stdout, _) = run(&dir.path().join("team"), &["lint", "--force-exclude", "drafts/c.json", "b.json"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("--> b.json:17:9") && !stdout.contains("drafts/c.json"), "{stdout}");
    // a hook that touched only excluded files has nothing to do, and says so
    let (code, stdout, stderr) = run(&dir.path().join("team"), &["lint", "--force-exclude", "drafts/c.json"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));
    assert!(stderr.contains("every file named is excluded"), "{stderr}");
    // a folder named is walked, its excluded entries left out
    let (_, stdout, _) = run(dir.path(), &["lint", "--show-files", "team"]);
    assert_eq!(stdout, "team/b.json  (config: team/plankit.toml)\n");
}

#[test]
fn include_limits_walked_files_and_an_explicit_config_wins() {
    let dir = monorepo();
    std::fs::write(dir.path().join("only.toml"), "include = [\"legacy/*.json\"]\n").unwrap();
    let (code, stdout, _) = run(dir.path(), &["--config", "only.toml", "lint", "--show-files"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "legacy/d.json  (config: only.toml)\n"));
}

#[test]
fn a_broken_nested_config_stops_the_run_with_its_place() {
    let dir = monorepo();
    std::fs::write(dir.path().join("team/plankit.toml"), "exclude = [\"a/[\"]\n").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["lint"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stderr.contains("team/plankit.toml:1:12"), "{stderr}");
    assert!(stderr.contains("invalid glob \"a/[\" in `exclude`"), "{stderr}");
}

#[test]
fn config_show_prints_the_file_used_and_the_effective_settings() {
    let dir = monorepo();
    let (code, stdout, _) = run(dir.path(), &["config", "show", "team/b.json"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("# team/b.json: settings from team/plankit.toml\n"), "{stdout}");
    assert!(stdout.contains("exclude = [\"drafts\"]\n"), "{stdout}");
    assert!(stdout.contains("[rules]\n\"schema/missing-description\" = \"error\"\n"), "{stdout}");
    let (_, json, _) = run(dir.path(), &["config", "show", "legacy/d.json", "--format", "json"]);
    let shown: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(shown["config"], "plankit.toml");
    assert_eq!(shown["extend-select"], serde_json::json!(["pedantic"]));
    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir(empty.path().join(".git")).unwrap();
    let (_, stdout, _) = run(empty.path(), &["config", "show"]);
    assert!(stdout.starts_with("# the files in .: no plankit.toml applies, plankit's defaults\n"), "{stdout}");
}

#[test]
fn render_and_validate_take_the_config_nearest_their_plan() {
    let dir = monorepo();
    std::fs::write(dir.path().join("team/plankit.toml"), "dratf = \"7\"\n").unwrap();
    std::fs::write(dir.path().join("call.txt"), "AI: Hallo\nUser: Hoi\n").unwrap();
    let plan = std::fs::read(root().join("fixtures/plans/support-nl.json")).unwrap();
    std::fs::write(dir.path().join("team/plan.json"), &plan).unwrap();
    std::fs::write(dir.path().join("plan.json"), &plan).unwrap();
    // the root plan takes the root config, which is fine
    let (code, _, stderr) = run(dir.path(), &["render", "plan.json", "--transcript", "call.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
    for args in
        [&["render", "team/plan.json", "--transcript", "call.txt"][..], &["validate", "team/plan.json", "call.txt"]]
    {
        let (code, _, stderr) = run(dir.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("team/plankit.toml:1:1") && stderr.contains("did you mean `draft`?"), "{stderr}");
    }
}
