//! Loading what `plankit eval` works on: the plans (read and selected as `plankit render` does,
//! with the schema compiled and the structured-output parameter chosen), the cases of each
//! CASES folder with its cassette, and the API key.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use plankit::eval::case::{CaseProblem, LoadedCase};
use plankit::eval::cassette::Cassette;
use plankit::eval::request::Structured;
use plankit::provider::Target;
use plankit::render::Assistant;
use plankit::transcript::Labels;
use plankit::validate::{OutputValidator, SchemaOptions};

use super::super::render::{Stop, lint_plan, select_plan};
use super::{count, input, usage};

/// A plan ready to evaluate.
pub(super) struct Subject {
    pub(super) name: String,
    pub(super) plan: plankit::Plan,
    pub(super) assistant: Assistant,
    pub(super) schema: Value,
    pub(super) validator: OutputValidator,
    pub(super) structured: Structured,
}

/// One CASES folder: its cases and its cassette.
pub(super) struct Folder {
    pub(super) cassette_path: PathBuf,
    pub(super) cassette: Mutex<Cassette>,
    pub(super) cases: Vec<LoadedCase>,
}

/// A case's name in reports: prefixed with its CASES folder when several were given.
pub(super) fn display_case(folders: &[Folder], folder: &Folder, case: &LoadedCase) -> String {
    if folders.len() == 1 {
        return case.case.name.clone();
    }
    let root = folder.cassette_path.parent().map(plankit::source::display_name).unwrap_or_default();
    format!("{root}/{}", case.case.name)
}

/// The API key from the environment. Needed unless the server is on this machine and the
/// user named no variable; never printed.
pub(super) fn api_key(var: &str, base_url: &str, named: bool) -> Result<Option<String>, Stop> {
    match std::env::var(var) {
        Ok(key) if !key.trim().is_empty() => Ok(Some(key.trim().to_owned())),
        _ if !named && is_local(base_url) => Ok(None),
        Ok(_) => Err(usage(&format!("{var} is empty: set it to the API key of {base_url}"))),
        Err(_) => Err(usage(&format!(
            "{var} is not set: export the API key of {base_url} in it, or name another variable with --api-key-env"
        ))),
    }
}

/// Whether the URL's host is this machine (a local vLLM, llama.cpp or Ollama server).
pub(super) fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    host == "localhost" || host == "::1" || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

pub(super) fn labels(settings: &plankit::Settings) -> Labels {
    let defaults = Labels::default();
    Labels {
        assistant: settings.transcript.assistant_label.clone().unwrap_or(defaults.assistant),
        user: settings.transcript.user_label.clone().unwrap_or(defaults.user),
    }
}

/// Reads a plan as `plankit render` does, compiles its schema, and decides how structured
/// output is asked for.
pub(super) fn load_subject(path: &Path, select: Option<&str>, target: Target) -> Result<Subject, Stop> {
    // only whether the plan loads matters here: its placeholder findings are not shown
    let linted = lint_plan(path, None);
    if linted.failed {
        return Err(input(plankit::report::human::render_diagnostics(
            &linted.diagnostics,
            linted.source.as_ref(),
            true,
        )));
    }
    let plan = select_plan(&linted, select)?.clone();
    let Some(schema) = plan
        .schemas()
        .find(|(part, schema)| plankit::eval::is_scored(&part.kind, Some(&schema.value)))
        .map(|(_, schema)| schema.value.clone())
    else {
        return Err(usage(&format!(
            "{} has no structured-data plan with a schema (or structured output with an object schema): eval scores the structured data a plan extracts, field by field",
            linted.name
        )));
    };
    let mut schema = schema;
    plankit::suppress::strip_plankit_keys(&mut schema);
    let options = SchemaOptions { origin: Some(path.to_path_buf()), ..SchemaOptions::default() };
    let validator = OutputValidator::new(&schema, &options)
        .map_err(|error| input(format!("error: {}: the plan's schema cannot be compiled: {error}\n", linted.name)))?;
    let root = linted.source.as_ref().and_then(|s| plankit::json::Document::of(s).ok());
    let assistant =
        root.zip(linted.source.as_ref()).map(|(doc, s)| Assistant::of(&doc, s.text(), &plan)).unwrap_or_default();
    Ok(Subject {
        structured: Structured::for_target(target, passes_strict_checks(path, &plan, target)),
        name: linted.name.clone(),
        plan,
        assistant,
        schema,
        validator,
    })
}

/// Whether the plan's schema has no error-level finding of the target's provider rules.
pub(super) fn passes_strict_checks(path: &Path, plan: &plankit::Plan, target: Target) -> bool {
    let settings = plankit::Settings { targets: vec![target], ..plankit::Settings::default() };
    let linted = plankit::lint_inputs(&[plankit::Input::File(path.to_path_buf())], &settings).remove(0);
    let prefix = format!("provider/{}/", target.name());
    !linted.diagnostics.iter().any(|d| {
        d.is_error()
            && d.rule.starts_with(&prefix)
            && (d.pointer == plan.pointer
                || d.pointer.starts_with(&format!("{}/", plan.pointer))
                || plan.pointer.is_empty())
    })
}

/// Finds and reads every case, checking each expectation against the schema before any
/// request is sent; every problem of every case is reported at once.
pub(super) fn load_folders(
    roots: &[PathBuf],
    labels: &Labels,
    validator: &OutputValidator,
) -> Result<Vec<Folder>, Stop> {
    let mut problems: Vec<CaseProblem> = Vec::new();
    let mut folders = Vec::new();
    for root in roots {
        let found = match plankit::eval::case::discover(root) {
            Ok(found) => found,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut cases = Vec::new();
        for case in &found {
            match plankit::eval::case::load(case, labels, validator) {
                Ok(loaded) => cases.push(loaded),
                Err(mut found) => problems.append(&mut found),
            }
        }
        let cassette_path = Cassette::path_in(root);
        let cassette = Cassette::load(&cassette_path).map_err(|e| input(format!("error: {e}\n")))?;
        folders.push(Folder { cassette_path, cassette: Mutex::new(cassette), cases });
    }
    if problems.is_empty() {
        return Ok(folders);
    }
    let mut message: String = problems.iter().map(|p| format!("error: {p}\n")).collect();
    message.push_str(&format!("{} found before any request was sent\n", count(problems.len(), "problem")));
    Err(input(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_servers_are_recognised_by_host() {
        assert!(is_local("http://127.0.0.1:8080/v1"));
        assert!(is_local("http://localhost:11434/v1"));
        assert!(is_local("http://[::1]:8000/v1"));
        assert!(!is_local("https://api.openai.com/v1"));
        assert!(!is_local("https://127.0.0.1.example.com/v1"));
    }
}
