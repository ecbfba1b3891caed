//! `plankit config show [PATH]` and the per-file config resolution every command starts from:
//! which `plankit.toml` applies to a path, and what it settles.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::ValueEnum;
use serde_json::{Value, json};

use plankit::config::resolve::{Adjust, Resolved, Resolver};
use plankit::report;

use super::{Color, Outcome, eprint, print};

/// How `config show` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    /// The effective settings as plankit.toml would spell them.
    Human,
    /// One JSON object, for tools.
    Json,
}

/// A resolver for this run, or exit 2 after printing the config's problems. Notes about
/// skipped (untrusted) config files go to standard error.
pub fn resolver(explicit: Option<&Path>, adjust: Adjust, color: Color) -> Result<Arc<Resolver>, Outcome> {
    let working_dir = std::env::current_dir().unwrap_or_default();
    match Resolver::new(explicit, &working_dir, adjust) {
        Ok(resolver) => {
            notes(&resolver, color);
            Ok(Arc::new(resolver))
        }
        Err(error) => {
            eprint(&report::human::render_config_error(&error, true), color);
            Err(Outcome::Usage)
        }
    }
}

/// Prints what the resolver met since last asked: skipped configs, and broken ones (exit 2).
pub fn settled(resolver: &Resolver, color: Color) -> Result<(), Outcome> {
    notes(resolver, color);
    let errors = resolver.take_errors();
    for error in &errors {
        eprint(&report::human::render_config_error(error, true), color);
    }
    if errors.is_empty() { Ok(()) } else { Err(Outcome::Usage) }
}

fn notes(resolver: &Resolver, color: Color) {
    for note in resolver.take_notes() {
        eprint(&format!("{note}\n"), color);
    }
}

/// `plankit config show [PATH]`: the config that applies to PATH (a file, or the files in a
/// folder) and the settings it gives, overrides for that path included.
pub fn show(explicit: Option<&Path>, path: Option<PathBuf>, format: ShowFormat) -> Outcome {
    let resolver = match resolver(explicit, Box::new(|_| {}), Color::Auto) {
        Ok(resolver) => resolver,
        Err(outcome) => return outcome,
    };
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    let is_dir = path.is_dir();
    let resolved = if is_dir { resolver.for_folder(&path) } else { resolver.for_file(&path) };
    if let Err(outcome) = settled(&resolver, Color::Auto) {
        return outcome;
    }
    let shown = match plankit::source::display_name(&path) {
        shown if shown.is_empty() => ".".to_owned(),
        shown => shown,
    };
    let text = match format {
        ShowFormat::Human => human(&resolved, &path, is_dir, &shown),
        ShowFormat::Json => {
            serde_json::to_string_pretty(&as_json(&resolved, &path, is_dir, &shown)).unwrap_or_default() + "\n"
        }
    };
    print(&text, Color::Never);
    Outcome::Clean
}

/// The settings for `path`: per-path overrides apply to a file, not to a folder.
fn effective(resolved: &Resolved, path: &Path, is_dir: bool) -> plankit::Settings {
    if is_dir { resolved.settings.clone() } else { resolved.settings.for_path(Some(path)).into_owned() }
}

fn names<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

fn severities(settings: &plankit::Settings) -> Vec<(String, &'static str)> {
    let mut rules: Vec<(String, &'static str)> = settings
        .severities
        .iter()
        .map(|(rule, level)| {
            (rule.clone(), level.map_or("off", |s| if s == plankit::Severity::Error { "error" } else { "warning" }))
        })
        .collect();
    rules.sort();
    rules
}

fn as_json(resolved: &Resolved, path: &Path, is_dir: bool, shown: &str) -> Value {
    let settings = effective(resolved, path, is_dir);
    let rules: serde_json::Map<String, Value> =
        severities(&settings).into_iter().map(|(rule, level)| (rule, json!(level))).collect();
    let overrides: Vec<Value> = resolved
        .settings
        .overrides
        .iter()
        .map(|o| json!({ "paths": o.patterns, "applies": !is_dir && o.matches(path) }))
        .collect();
    json!({
        "path": shown,
        "config": resolved.file,
        "targets": names(&settings.targets),
        "structured-output-targets": settings.structured_output_targets.name(),
        "platform": settings.platform.map(|p| p.name()),
        "draft": settings.draft,
        "select": settings.selection.select.as_deref().map(names),
        "extend-select": names(&settings.selection.extend),
        "ignore": names(&settings.selection.ignore),
        "include": settings.files.include,
        "exclude": settings.files.exclude,
        "rules": rules,
        "overrides": overrides,
        "transcript": {
            "assistant-label": settings.transcript.assistant_label,
            "user-label": settings.transcript.user_label,
        },
    })
}

fn quoted(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", items.join(", "))
}

fn human(resolved: &Resolved, path: &Path, is_dir: bool, shown: &str) -> String {
    let settings = effective(resolved, path, is_dir);
    let what = if is_dir { format!("the files in {shown}") } else { shown.to_owned() };
    let mut out = match &resolved.file {
        Some(file) => format!("# {what}: settings from {file}\n"),
        None => format!("# {what}: no plankit.toml applies, plankit's defaults\n"),
    };
    out += &format!("targets = {}\n", quoted(&names(&settings.targets)));
    out += &format!("structured-output-targets = \"{}\"\n", settings.structured_output_targets.name());
    match settings.platform {
        Some(platform) => out += &format!("platform = \"{}\"\n", platform.name()),
        None => out += "# platform: not set (recognised from each plan's keys)\n",
    }
    match &settings.draft {
        Some(draft) => out += &format!("draft = \"{draft}\"\n"),
        None => out += "# draft: not set (a schema's own $schema, else 2020-12)\n",
    }
    match &settings.selection.select {
        Some(select) => out += &format!("select = {}\n", quoted(&names(select))),
        None => out += "select = [\"default\"]\n",
    }
    out += &format!("extend-select = {}\n", quoted(&names(&settings.selection.extend)));
    out += &format!("ignore = {}\n", quoted(&names(&settings.selection.ignore)));
    out += &format!("include = {}\n", quoted(&settings.files.include));
    out += &format!("exclude = {}\n", quoted(&settings.files.exclude));
    let rules = severities(&settings);
    if !rules.is_empty() {
        out += "\n[rules]\n";
        for (rule, level) in rules {
            out += &format!("\"{rule}\" = \"{level}\"\n");
        }
    }
    for o in &resolved.settings.overrides {
        let applies = if is_dir {
            ""
        } else if o.matches(path) {
            " (applies to this file: in [rules] and `platform` above)"
        } else {
            " (does not apply to this file)"
        };
        out += &format!("\n# override {}{applies}\n", quoted(&o.patterns));
    }
    let labels = &settings.transcript;
    if labels.assistant_label.is_some() || labels.user_label.is_some() {
        out += "\n[transcript]\n";
        if let Some(label) = &labels.assistant_label {
            out += &format!("assistant-label = \"{label}\"\n");
        }
        if let Some(label) = &labels.user_label {
            out += &format!("user-label = \"{label}\"\n");
        }
    }
    out
}
