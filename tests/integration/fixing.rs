//! `plankit lint --fix` and the fix engine, as users meet them: every fixable rule fixes its
//! `fail-*.json` fixtures into the reviewed text (insta snapshots), `--fix` on copies of the
//! bundled fixtures and of `../shared/real-world/` leaves every file valid, re-lintable and
//! changed only where a fix said it would, and the flags, config keys, formats and failure
//! modes behave as documented. Properties: any value set through the engine arrives with the
//! rest of the text byte-identical, and fixing twice changes nothing the second time.

use std::path::{Path, PathBuf};

use plankit::fix::{Applicability, Fix, FixMode};
use plankit::rules::select::{Selection, Selector};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{cli, root};

fn settings_for(rule: &str) -> plankit::Settings {
    let selection = Selection { extend: vec![Selector::parse(rule).unwrap()], ..Selection::default() };
    // a provider rule runs for its target: `provider/<target>/<check>`
    let targets = rule.strip_prefix("provider/").and_then(|r| r.split('/').next()).and_then(|t| t.parse().ok());
    plankit::Settings { selection, targets: targets.into_iter().collect(), ..plankit::Settings::default() }
}

fn fail_fixtures(rule: &str) -> Vec<PathBuf> {
    let dir = root().join("fixtures/rules").join(rule);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{rule} has no fixture folder: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("fail-"))
        .collect();
    files.sort();
    files
}

/// The findings of `rule` in `text`, and the text with all their fixes applied (one pass).
fn fix_rule(rule: &str, name: &str, text: &str) -> (usize, Vec<Fix>, String) {
    let linted = plankit::lint_source(plankit::Source::new(name, text), &settings_for(rule));
    let found: Vec<_> = linted.diagnostics.iter().filter(|d| d.rule == rule).collect();
    let fixes: Vec<Fix> = found.iter().filter_map(|d| d.fix.clone()).collect();
    let refs: Vec<&Fix> = fixes.iter().collect();
    (found.len(), fixes.clone(), plankit::fix::apply(text, &refs).text)
}

#[test]
fn every_fixable_rule_fixes_its_fail_fixtures_as_reviewed() {
    let fixable: Vec<_> = plankit::rules::all().filter(|r| r.fixable()).collect();
    assert!(fixable.len() >= 10, "only {} fixable rules", fixable.len());
    for rule in fixable {
        let mut fixed_any = false;
        for path in fail_fixtures(rule.name) {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let (before, fixes, fixed) = fix_rule(rule.name, &file, &text);
            if fixes.is_empty() {
                continue;
            }
            fixed_any = true;
            assert!(
                serde_json::from_str::<Value>(&fixed).is_ok(),
                "{}/{file}: not JSON after fixing:\n{fixed}",
                rule.name
            );
            let (after, ..) = fix_rule(rule.name, &file, &fixed);
            assert!(after < before, "{}/{file}: {before} findings before fixing, {after} after", rule.name);
            let applicability: Vec<&str> = fixes.iter().map(|f| f.applicability.as_str()).collect();
            insta::with_settings!({ description => format!("{} on {file}: {}", rule.name, applicability.join(", ")) }, {
                insta::assert_snapshot!(format!("{}__{file}", rule.name.replace('/', "__")), fixed);
            });
        }
        assert!(fixed_any, "{} is documented as fixable but fixes none of its fail fixtures", rule.name);
    }
}

#[test]
fn every_fixable_rule_says_what_its_fix_does_and_how_safe_it_is() {
    for rule in plankit::rules::all().filter(|r| r.fixable()) {
        let doc = rule.doc();
        let section = doc.split("## Fix\n").nth(1).unwrap_or_default();
        assert!(
            ["**safe**", "**unsafe**", "**display-only**"].iter().any(|a| section.contains(a)),
            "{}'s `## Fix` does not name its applicability",
            rule.name
        );
    }
    let explained = cli().args(["explain", "schema/duplicate-enum-value"]).output().unwrap();
    let text = String::from_utf8_lossy(&explained.stdout);
    assert!(text.contains("## Fix") && text.contains("**safe**"), "{text}");
    let listed = cli().args(["rules"]).output().unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    let line = listed.lines().find(|l| l.starts_with("schema/duplicate-enum-value ")).unwrap();
    assert!(line.contains('🛠'), "{line}");
    let line = listed.lines().find(|l| l.starts_with("schema/empty-enum ")).unwrap();
    assert!(!line.contains('🛠'), "{line}");
}

const PLAN: &str = r#"{
  "analysisPlan": {
    "structuredDataPlan": {
      "enabled": true,
      "schema": {
        "type": "object",
        "properties": {
          "sentiment": { "type": "string", "enum": ["positive", "neutral", "positive"], "description": "tone" },
          "email": { "type": "string", "nullable": true, "description": "mail" }
        },
        "required": ["emial"]
      },
      "messages": [
        { "role": "system", "content": "Schema: {schema}" },
        { "role": "user", "content": "Transcript: {{transcirpt}}\nEnded: {{endedReason" }
      ]
    },
    "min_messages_threshold": 2
  }
}
"#;

fn temp_plan(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn fix_applies_safe_fixes_and_says_what_remains() {
    let (_dir, path) = temp_plan(PLAN);
    // asked for, so it works in CI too (where `--diff` is what the README recommends)
    let out = cli().env("CI", "true").args(["lint", "--fix"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Fixed 4 problems in 1 file; 3 remain (3 fixable with --unsafe-fixes)"), "{stdout}");
    assert_eq!(out.status.code(), Some(1), "the unsafe-fixable errors remain");
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains(r#""enum": ["positive", "neutral"]"#), "{fixed}");
    assert!(fixed.contains(r#""content": "Schema: {{schema}}""#), "{fixed}");
    assert!(fixed.contains(r#"Ended: {{endedReason}}""#), "{fixed}");
    assert!(fixed.contains(r#""minMessagesThreshold": 2"#), "{fixed}");
    // unsafe ones are not applied without being asked for
    assert!(fixed.contains("{{transcirpt}}") && fixed.contains("\"emial\""), "{fixed}");

    let out = cli().args(["lint", "--fix", "--unsafe-fixes"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Fixed 3 problems in 1 file"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains(r#""email": { "type": ["string", "null"], "description": "mail" }"#), "{fixed}");
    assert!(fixed.contains(r#""required": ["email"]"#) && fixed.contains("{{transcript}}"), "{fixed}");
    // the rest of the file is as it was written: same lines, same layout
    assert_eq!(fixed.lines().count(), PLAN.lines().count());
    assert!(fixed.ends_with("}\n"));
}

#[test]
fn a_plain_lint_names_the_fixes_on_offer() {
    let (_dir, path) = temp_plan(PLAN);
    let out = cli().args(["lint"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.trim_end().ends_with("4 fixable with `--fix` (3 hidden fixes can be enabled with `--unsafe-fixes`)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("= help: unsafe fix (`--fix --unsafe-fixes`): replace `{{transcirpt}}` with `{{transcript}}`")
    );
}

#[test]
fn diff_prints_the_change_writes_nothing_and_fails_ci() {
    let (_dir, path) = temp_plan(PLAN);
    let out = cli().args(["lint", "--diff"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("-    \"min_messages_threshold\": 2\n+    \"minMessagesThreshold\": 2\n"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Would fix 4 problems in 1 file"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PLAN, "--diff wrote the file");
    // nothing left to fix: exit 0, no diff
    cli().args(["lint", "--fix", "--unsafe-fixes"]).arg(&path).output().unwrap();
    let out = cli().args(["lint", "--diff", "--unsafe-fixes"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn fixed_standard_input_goes_to_standard_output() {
    use std::io::Write;
    let mut child = cli()
        .args(["lint", "--fix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(PLAN.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(serde_json::from_str::<Value>(&stdout).is_ok(), "{stdout}");
    assert!(stdout.contains("{{schema}}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Fixed 4 problems in 1 file"), "{stderr}");
}

#[test]
fn fix_only_reports_nothing_but_the_summary_and_exits_zero() {
    let (_dir, path) = temp_plan(PLAN);
    let out = cli().args(["lint", "--fix-only"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.trim(), "Fixed 4 problems in 1 file; 3 remain (3 fixable with --unsafe-fixes)");
}

#[test]
fn files_that_cannot_be_fixed_are_left_intact() {
    // not JSON: never written, exit 3
    let (_dir, path) =
        temp_plan("{\"analysisPlan\": {\"summaryPlan\": {\"messages\": [{\"content\": \"{transcript}\"}]}");
    let before = std::fs::read(&path).unwrap();
    let out = cli().args(["lint", "--fix", "--unsafe-fixes"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // read-only: a clear error, exit 4, the original intact
    let (_dir, path) = temp_plan(PLAN);
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let out = cli().args(["lint", "--fix"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("plan.json is read-only: not fixed"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Fixed nothing; 8 remain (3 fixable with --unsafe-fixes)"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PLAN);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_error_and_the_original_is_intact() {
    // /dev/full is not a folder a temporary file can be made in; a symlink to a plan inside a
    // folder that is not writable stands in for a disk that takes no more bytes
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let path = locked.join("plan.json");
    std::fs::write(&path, PLAN).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    if std::fs::write(&probe, "").is_ok() {
        // running as root: permissions do not stop writes, so there is nothing to observe here
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        crate::skipped("cannot make an unwritable folder as root");
        return;
    }
    let out = cli().args(["lint", "--fix"]).arg(&path).output().unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PLAN);
}

#[test]
fn plankit_toml_regrades_and_turns_off_fixes() {
    let (dir, path) = temp_plan(PLAN);
    std::fs::write(
        dir.path().join("plankit.toml"),
        "extend-unsafe-fixes = [\"schema/duplicate-enum-value\"]\nextend-safe-fixes = [\"template/unknown-placeholder\"]\nunfixable = [\"plan/mixed-key-style\"]\n",
    )
    .unwrap();
    let out = cli().current_dir(dir.path()).args(["lint", "--fix", "plan.json"]).output().unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("{{transcript}}"), "extend-safe-fixes: {fixed}");
    assert!(fixed.contains(r#"["positive", "neutral", "positive"]"#), "extend-unsafe-fixes: {fixed}");
    assert!(fixed.contains("min_messages_threshold"), "unfixable: {fixed}");
    assert!(out.status.code().is_some());

    std::fs::write(dir.path().join("plankit.toml"), "unfixible = [\"plan/mixed-key-style\"]\n").unwrap();
    let out = cli().current_dir(dir.path()).args(["lint", "--fix", "plan.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `unfixable`?"));
}

#[test]
fn machine_formats_carry_the_fix() {
    let (dir, _path) = temp_plan(PLAN);
    let out = cli().current_dir(dir.path()).args(["lint", "--format", "json", "plan.json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let duplicate =
        report["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "schema/duplicate-enum-value");
    let fix = &duplicate.unwrap()["fix"];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["start"], json!({"line": 8, "column": 74}));
    assert_eq!(fix["edits"][0]["replacement"], "");
    assert_eq!(
        fix["patch"],
        json!([{"op": "replace", "path": "/analysisPlan/structuredDataPlan/schema/properties/sentiment/enum", "value": ["positive", "neutral"]}])
    );
    let bytes = fix["edits"][0]["bytes"].as_array().unwrap();
    let range = bytes[0].as_u64().unwrap() as usize..bytes[1].as_u64().unwrap() as usize;
    assert_eq!(&PLAN[range], r#", "positive""#);

    let out = cli().current_dir(dir.path()).args(["lint", "--format", "sarif", "plan.json"]).output().unwrap();
    let log: serde_sarif::sarif::Sarif = serde_json::from_slice(&out.stdout).unwrap();
    let log = serde_json::to_value(log).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let result = results.iter().find(|r| r["ruleId"] == "schema/duplicate-enum-value").unwrap();
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "plan.json");
    assert_eq!(change["replacements"][0]["deletedRegion"]["startColumn"], 74);
    assert_eq!(change["replacements"][0]["insertedContent"]["text"], "");
}

/// Copies every plan file of `from` (recursively) into `to`, flattened to unique names.
fn copy_json(from: &Path, to: &Path, prefix: &str, copied: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(from) else { return };
    let mut entries: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = format!("{prefix}{}", path.file_name().unwrap().to_string_lossy());
        if path.is_dir() {
            copy_json(&path, to, &format!("{name}__"), copied);
        } else if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read(&path).unwrap();
            let target = to.join(&name);
            std::fs::write(&target, &text).unwrap();
            copied.push((target, text));
        }
    }
}

/// The lines (1-based) of `text` that `--format json` says a fix edits.
fn fix_lines(report: &Value, file: &str) -> std::collections::BTreeSet<u64> {
    let mut lines = std::collections::BTreeSet::new();
    for d in report["diagnostics"].as_array().unwrap().iter().filter(|d| d["file"] == file) {
        for edit in d["fix"]["edits"].as_array().into_iter().flatten() {
            lines.extend(edit["start"]["line"].as_u64().unwrap()..=edit["end"]["line"].as_u64().unwrap());
        }
    }
    lines
}

#[test]
fn fix_on_copies_of_every_fixture_and_real_plan_keeps_them_valid_and_otherwise_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut copied = Vec::new();
    copy_json(&root().join("fixtures/rules"), dir.path(), "rules__", &mut copied);
    copy_json(&root().join("fixtures/plans"), dir.path(), "plans__", &mut copied);
    let real = root().join("../shared/real-world/plans");
    if real.is_dir() {
        copy_json(&real, dir.path(), "real__", &mut copied);
    } else {
        crate::skipped("../shared/real-world is absent: only the bundled fixtures are fixed");
    }
    assert!(copied.len() > 100, "{} files", copied.len());
    let lint = |args: &[&str]| cli().current_dir(dir.path()).args(args).arg(".").output().unwrap();
    let before: Value = serde_json::from_slice(&lint(&["lint", "--format", "json", "--exit-zero"]).stdout).unwrap();
    let out = lint(&["lint", "--fix", "--unsafe-fixes", "--exit-zero", "--format", "json"]);
    assert!(out.status.code().is_some_and(|c| c == 0 || c == 3), "{}", String::from_utf8_lossy(&out.stderr));
    let mut changed = 0;
    for (path, original) in &copied {
        let fixed = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parses = |bytes: &[u8]| std::str::from_utf8(bytes).is_ok_and(|t| plankit::json::Document::parse(t).is_ok());
        if !parses(original) {
            assert_eq!(&fixed, original, "{name} did not parse and was written");
            continue;
        }
        let (original, fixed) = (String::from_utf8(original.clone()).unwrap(), String::from_utf8(fixed).unwrap());
        assert!(plankit::json::Document::parse(&fixed).is_ok(), "{name} is not JSON after fixing:\n{fixed}");
        if fixed == original {
            continue;
        }
        changed += 1;
        // every changed line is one a fix said it edits (in the first pass, or a later one
        // that starts from the lines the earlier passes produced)
        let allowed = fix_lines(&before, &name);
        let diff = similar::TextDiff::from_lines(original.as_str(), fixed.as_str());
        for op in diff.ops() {
            if let similar::DiffOp::Equal { .. } = op {
                continue;
            }
            let old = op.old_range();
            let lines: Vec<u64> = (old.start as u64 + 1..=old.end.max(old.start + 1) as u64).collect();
            assert!(
                lines.iter().any(|l| allowed.contains(l)),
                "{name}: lines {lines:?} changed, but fixes edit only {allowed:?}"
            );
        }
    }
    assert!(changed >= 10, "only {changed} files were fixed");
    // fixing again changes nothing
    let again = lint(&["lint", "--diff", "--unsafe-fixes"]);
    let unparsable =
        copied.iter().any(|(_, t)| std::str::from_utf8(t).map_or(true, |t| plankit::json::Document::parse(t).is_err()));
    assert_eq!(again.status.code(), Some(if unparsable { 3 } else { 0 }));
    assert!(again.stdout.is_empty(), "{}", String::from_utf8_lossy(&again.stdout));
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        "[a-z é\"\\\\]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-e]{1,3}", inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A layout for a value: pretty with an indentation unit and line ending, or compact.
fn layout(value: &Value, pretty: bool, tabs: bool, crlf: bool) -> String {
    if !pretty {
        return serde_json::to_string(value).unwrap();
    }
    let text = serde_json::to_string_pretty(value).unwrap();
    // indentation only: two spaces inside a string stay as they are
    let text = if tabs {
        text.lines()
            .map(|line| {
                let body = line.trim_start_matches(' ');
                format!("{}{body}", "\t".repeat((line.len() - body.len()) / 2))
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        text
    };
    if crlf { text.replace('\n', "\r\n") } else { text }
}

/// Every pointer of a value.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, plankit::json::child_pointer(&at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any value set at any pointer of any document: the result parses to the document with
    /// that value in place, the bytes outside the edits are the original's, and setting the
    /// same value again produces no edit.
    #[test]
    fn set_value_changes_only_what_it_must(
        document in arb_value(), new in arb_value(), pick in any::<prop::sample::Index>(),
        pretty in any::<bool>(), tabs in any::<bool>(), crlf in any::<bool>(),
    ) {
        let text = layout(&document, pretty, tabs, crlf);
        let parsed = plankit::json::Document::parse(&text).unwrap();
        let mut all = Vec::new();
        pointers(&document, String::new(), &mut all);
        let pointer = pick.get(&all).clone();
        let fix = Fix::set_value(Applicability::Safe, "test", pointer.clone(), new.clone());
        let resolved = fix.resolve(&text, &parsed).unwrap();
        let fixed = plankit::fix::apply(&text, &[&resolved]).text;
        let mut expected = document.clone();
        if pointer.is_empty() { expected = new.clone() } else { *expected.pointer_mut(&pointer).unwrap() = new.clone() }
        let value: Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{e}: {fixed}"));
        prop_assert_eq!(&value, &expected, "{}", fixed);
        // the text between the edits is copied unchanged, in order
        let mut at = 0;
        let mut rebuilt = String::new();
        for edit in resolved.text_edits() {
            prop_assert!(edit.range.start >= at);
            rebuilt.push_str(&text[at..edit.range.start]);
            rebuilt.push_str(&edit.replacement);
            at = edit.range.end;
        }
        rebuilt.push_str(&text[at..]);
        prop_assert_eq!(&rebuilt, &fixed);
        if !crlf {
            prop_assert!(!fixed.contains('\r'), "a line ending the file does not use");
        }
        let again = plankit::json::Document::parse(&fixed).unwrap();
        let twice = fix.resolve(&fixed, &again).unwrap();
        prop_assert!(twice.text_edits().is_empty(), "setting it twice edits again: {:?}", twice.text_edits());
    }

    /// Any plan made of the mistakes plankit fixes, laid out any way: fixing leaves valid JSON,
    /// and fixing the result again changes nothing.
    #[test]
    fn fixing_a_plan_twice_changes_nothing_the_second_time(
        placeholder in prop_oneof![Just("{{transcirpt}}"), Just("{transcript}"), Just("{{ transcript"), Just("{{transcript}"), Just("{{endedReason}}")],
        schema_placeholder in prop_oneof![Just("{schema}"), Just("{{schema}}"), Just("{{shema}}")],
        enum_values in prop::collection::vec(prop_oneof![Just("a"), Just("b"), Just("c")], 1..6),
        nullable in any::<bool>(), snake in any::<bool>(), required in prop_oneof![Just("mood"), Just("mod"), Just("moood")],
        pretty in any::<bool>(), tabs in any::<bool>(), crlf in any::<bool>(),
    ) {
        let mut mood = json!({"type": "string", "enum": enum_values, "description": "m"});
        if nullable { mood["nullable"] = json!(true); }
        let threshold = if snake { "min_messages_threshold" } else { "minMessagesThreshold" };
        let plan = json!({"analysisPlan": {
            "structuredDataPlan": {
                "enabled": true,
                "schema": {"type": "object", "properties": {"mood": mood}, "required": [required], "requird": []},
                "messages": [{"role": "system", "content": format!("Schema: {schema_placeholder}")},
                             {"role": "user", "content": format!("Transcript: {placeholder}\nok")}]
            },
            threshold: 2
        }});
        let text = layout(&plan, pretty, tabs, crlf);
        let once = plankit::fix::fix_source(plankit::Source::new("p.json", text), &plankit::Settings::default(), FixMode::Unsafe);
        prop_assert!(serde_json::from_str::<Value>(&once.fixed).is_ok(), "{}", once.fixed);
        let twice = plankit::fix::fix_source(plankit::Source::new("p.json", once.fixed.clone()), &plankit::Settings::default(), FixMode::Unsafe);
        prop_assert_eq!(twice.applied, 0);
        prop_assert_eq!(&twice.fixed, &once.fixed);
    }
}
