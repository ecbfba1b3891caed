//! Forcing the platform whose placeholders a plan is judged by: `platform` in plankit.toml and
//! its overrides, `--platform` on lint and render, shown by `plankit config show`, refused with
//! a did-you-mean at its line:col.

use std::path::Path;

use crate::cli;

/// A Flireo plan (under `analysis_plan`, camelCase keys) that writes HMS's `{{ended_reason}}`.
const FLIREO_WITH_HMS_PLACEHOLDER: &str = r#"{"analysis_plan": {"structuredDataPlan": {"enabled": true,
  "schema": {"type": "object", "properties": {"booked": {"type": "boolean", "description": "booked"}}},
  "messages": [{"role": "system", "content": "Schema: {{schema}}"},
    {"role": "user", "content": "{{transcript}}\nEnded: {{ended_reason}}"}]}}}"#;

fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("hms")).unwrap();
    std::fs::write(dir.path().join("plan.json"), FLIREO_WITH_HMS_PLACEHOLDER).unwrap();
    std::fs::write(dir.path().join("hms/plan.json"), FLIREO_WITH_HMS_PLACEHOLDER).unwrap();
    std::fs::write(dir.path().join("call.txt"), "AI: Hello.\nUser: Book me in.\nAI: Done.\n").unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("plankit.toml"), config).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cli().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_override_forces_the_platform_of_its_files_and_the_flag_wins() {
    let dir = project(Some("[[overrides]]\npaths = [\"hms/*.json\"]\nplatform = \"hms\"\n"));
    let (code, text, _) = run(dir.path(), &["lint", "--format", "concise", "plan.json", "hms/plan.json"]);
    assert_eq!(code, Some(1), "{text}");
    // the Flireo plan reports HMS's spelling; the same plan under hms/ is judged as HMS's
    assert!(text.contains("plan.json:4:") && text.contains("unknown placeholder `{{ended_reason}}`"), "{text}");
    assert!(!text.contains("hms/plan.json"), "{text}");
    let (code, text, _) = run(dir.path(), &["lint", "--platform", "hms", "plan.json", "hms/plan.json"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text, _) = run(dir.path(), &["lint", "--platform", "flireo", "hms/plan.json"]);
    assert_eq!(code, Some(1), "{text}");
}

#[test]
fn render_fills_the_forced_platforms_placeholders() {
    let dir = project(Some("platform = \"hms\"\n"));
    let (code, text, _) = run(dir.path(), &["render", "plan.json", "--transcript", "call.txt"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Ended: customer-ended-call"), "{text}");
    let (_, text, _) = run(dir.path(), &["render", "--platform", "flireo", "plan.json", "--transcript", "call.txt"]);
    assert!(text.contains("Ended: {{ended_reason}}"), "{text}");
}

#[test]
fn config_show_names_the_platform_and_a_typo_is_refused_at_its_place() {
    let dir = project(Some("platform = \"flireo\"\n[[overrides]]\npaths = [\"hms/*.json\"]\nplatform = \"hms\"\n"));
    let (_, text, _) = run(dir.path(), &["config", "show", "hms/plan.json"]);
    assert!(text.contains("platform = \"hms\""), "{text}");
    let (_, text, _) = run(dir.path(), &["config", "show", "plan.json"]);
    assert!(
        text.contains("platform = \"flireo\"") && text.contains("structured-output-targets = \"adapted\""),
        "{text}"
    );
    let dir = project(Some("platform = \"hsm\"\n"));
    let (code, _, err) = run(dir.path(), &["lint", "plan.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("plankit.toml:1:12") && err.contains("did you mean \"hms\"?"), "{err}");
    let (code, _, err) = run(dir.path(), &["lint", "--platform", "retel", "--config", "/dev/null", "plan.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("did you mean `retell`?"), "{err}");
}
