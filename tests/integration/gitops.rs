//! Vapi's gitops layout as a user meets it: `plankit lint resources/` over YAML structured
//! outputs, YAML and Markdown assistants and squads, links resolved by resource id across the
//! files, every finding at its YAML line:col, and bad YAML refused with the exit code bad
//! JSON gets.

use crate::cli;

/// `(rule, file, line, column)` of every finding of a `--format json` lint.
fn places(stdout: &[u8]) -> Vec<(String, String, u64, u64)> {
    let report: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap().rsplit("resources/").next().unwrap().to_owned();
            (d["rule"].as_str().unwrap().to_owned(), file, d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_consistent_gitops_folder_lints_clean_and_tools_are_not_read() {
    let out = cli().args(["lint", "fixtures/gitops/resources"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // two outputs, two assistants (one of them Markdown), one squad; `tools/` holds no analysis
    assert!(text.contains("no problems in 2 plans (5 files)"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
    let files = cli().args(["lint", "--show-files", "fixtures/gitops/resources"]).output().unwrap();
    let listed = String::from_utf8_lossy(&files.stdout);
    assert!(listed.contains("assistants/front-desk.md") && !listed.contains("check-slots"), "{listed}");
}

#[test]
fn broken_links_by_name_are_found_across_files_at_their_yaml_positions() {
    let out = cli().args(["lint", "--format", "json", "fixtures/gitops/broken/resources"]).output().unwrap();
    let mut found = places(&out.stdout);
    found.sort();
    let expected = [
        ("structured-output/link-mismatch", "assistants/after-hours.md", 9, 7),
        ("structured-output/link-mismatch", "assistants/reception.yml", 8, 7),
        ("structured-output/link-mismatch", "structuredOutputs/caller-intent.yml", 17, 5),
        ("structured-output/link-mismatch", "structuredOutputs/visit-type.yml", 7, 5),
        ("template/unknown-placeholder", "structuredOutputs/caller-intent.yml", 13, 17),
    ];
    let expected: Vec<_> = expected.iter().map(|(r, f, l, c)| ((*r).to_owned(), (*f).to_owned(), *l, *c)).collect();
    assert_eq!(found, expected);
    // names are what gitops links by: no `invalid-id` on any of them
    assert!(!String::from_utf8_lossy(&out.stdout).contains("invalid-id"));
    assert_eq!(out.status.code(), Some(1));
    let human = cli().args(["lint", "fixtures/gitops/broken/resources"]).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("did you mean \"caller-intent\"? (`structuredOutputs/caller-intent.yml`)"), "{text}");
}

#[test]
fn the_same_link_by_name_in_json_is_still_an_invalid_id() {
    let dir = tempfile::tempdir().unwrap();
    let yaml =
        "name: Desk\nmodel: {provider: openai, model: gpt-4.1}\nartifactPlan:\n  structuredOutputIds: [call-summary]\n";
    write(dir.path(), "assistants/desk.yml", yaml);
    write(
        dir.path(),
        "assistants/desk-export.json",
        r#"{"name": "Desk", "model": {"provider": "openai", "model": "gpt-4.1"}, "artifactPlan": {"structuredOutputIds": ["call-summary"]}}"#,
    );
    let out = cli().args(["lint", "--format", "json"]).arg(dir.path()).output().unwrap();
    let found = places(&out.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "structured-output/invalid-id");
    assert!(found[0].1.ends_with("desk-export.json"));
}

#[test]
fn bad_yaml_gets_the_json_parse_error_exit_code_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("syntax.yml", "name: x\ntype: ai\nschema:\n  type: [string\n", "not valid YAML: unclosed bracket", (4, 9)),
        ("duplicate.yaml", "name: x\ntype: ai\nname: y\n", "duplicate key `name`", (3, 1)),
        ("infinite.yml", "name: x\ntype: ai\nschema: {type: number, maximum: .inf}\n", "`.inf`", (3, 33)),
        ("two.yml", "name: x\n---\nname: y\n", "more than one YAML document", (3, 1)),
    ];
    let json = write(dir.path(), "broken.json", "{\"name\": \"x\",\n");
    let json_code = cli().arg("lint").arg(&json).output().unwrap().status.code();
    assert_eq!(json_code, Some(3));
    for (name, text, message, (line, column)) in cases {
        let path = write(dir.path(), name, text);
        let out = cli().args(["lint", "--format", "json"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), json_code, "{name}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let diagnostic = &report["diagnostics"][0];
        assert_eq!(diagnostic["rule"], "input/parse-error", "{name}");
        assert!(diagnostic["message"].as_str().unwrap().contains(message), "{name}: {diagnostic}");
        assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(line), Some(column)), "{name}");
    }
}

#[test]
fn an_alias_bomb_is_refused_not_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "name: bomb\ntype: ai\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for level in b'b'..=b'j' {
        let list = vec![format!("*{}", char::from(level - 1)); 9].join(", ");
        text.push_str(&format!("{0}: &{0} [{list}]\n", char::from(level)));
    }
    text.push_str("schema: {type: string, examples: *j}\n");
    let path = write(dir.path(), "bomb.yml", &text);
    let started = std::time::Instant::now();
    let out = cli().arg("lint").arg(&path).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert!(said.contains("alias bomb"), "{said}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
}

#[test]
fn deep_yaml_is_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("name: deep\ntype: ai\nschema: {}1{}\n", "[".repeat(300), "]".repeat(300));
    let path = write(dir.path(), "deep.yml", &deep);
    let out = cli().arg("lint").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stdout));
    // block mappings: 256 levels (the JSON limit) are read, on any thread, one more is refused
    let block = |levels: usize| -> String { (0..levels).map(|depth| format!("{}k:\n", "  ".repeat(depth))).collect() };
    let (ok, deep) = (write(dir.path(), "ok.yml", &block(256)), write(dir.path(), "block.yml", &block(257)));
    let out = cli().arg("lint").arg(&ok).arg(&deep).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert_eq!(said.matches("nesting deeper than 256 levels").count(), 1, "{said}");
}

#[test]
fn yaml_outside_the_gitops_folders_is_read_only_when_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".github/workflows/ci.yml", "on: push\n");
    let compose = write(dir.path(), "docker-compose.yml", "services: {}\n");
    write(dir.path(), "README.md", "# notes\n");
    write(dir.path(), "structuredOutputs/csat.yml", "name: CSAT\ntype: ai\nschema: {type: integer}\n");
    let walked = cli().args(["lint", "--show-files"]).arg(dir.path()).output().unwrap();
    let listed = String::from_utf8_lossy(&walked.stdout);
    assert!(listed.contains("csat.yml"), "{listed}");
    assert!(!listed.contains("docker-compose") && !listed.contains("README") && !listed.contains("ci.yml"), "{listed}");
    // named on the command line, a YAML file is read wherever it is
    let named = cli().args(["lint", "--format", "json"]).arg(&compose).output().unwrap();
    assert_eq!(places(&named.stdout)[0].0, "plan/no-plan-found");
}

#[test]
fn yaml_1_1_spellings_do_not_change_a_value() {
    // `no` and `on` are strings in YAML 1.2 (and to gitops): an enum keeps its values
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "structuredOutputs/consent.yml",
        "name: Consent\ntype: ai\nschema:\n  type: string\n  enum: [yes, no, unsure]\n",
    );
    let out = cli().args(["lint", "--format", "json"]).arg(&path).output().unwrap();
    assert!(places(&out.stdout).is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    let result = write(dir.path(), "result.json", "\"no\"");
    let validated = cli().arg("validate").arg(&path).arg(&result).output().unwrap();
    assert_eq!(validated.status.code(), Some(0), "{}", String::from_utf8_lossy(&validated.stdout));
}

#[test]
fn nested_resource_ids_and_comments_resolve_and_an_assistant_linked_from_its_output_is_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let output = "name: Customer mood\ntype: ai\nschema: {type: string, enum: [calm, upset]}\nassistant_ids:\n  - support ## resources/assistants/support.yml\n  - \"region-north/support ## quoted: gitops strips it too\"\n";
    write(dir.path(), "resources/structuredOutputs/customer-mood.yml", output);
    // linked only from the output's side: no `no-plan-found`, no mismatch (it lists nothing)
    write(dir.path(), "resources/assistants/support.yml", "name: Support\nmodel: {provider: openai, model: gpt-4.1}\n");
    let north = "name: Support North\nmodel: {provider: openai, model: gpt-4.1}\nartifactPlan:\n  structuredOutputIds: [customer-mood]\n";
    write(dir.path(), "resources/assistants/region-north/support.yml", north);
    let out = cli().args(["lint", "--format", "json"]).arg(dir.path().join("resources")).output().unwrap();
    assert!(places(&out.stdout).is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(out.status.code(), Some(0));
}
