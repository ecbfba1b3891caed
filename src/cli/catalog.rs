//! The catalogue commands: `plankit rules`, `plankit explain RULE` and `plankit targets`, and
//! reading `--target` names.

use clap::ValueEnum;
use plankit::rules;

use super::{Color, Outcome, print};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum RulesFormat {
    /// An aligned table.
    Human,
    /// A JSON array of `{name, severity, set, fixable, summary}`.
    Json,
    /// The Markdown table used in the README.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum TargetsFormat {
    /// One block per target.
    Human,
    /// A JSON array of `{name, provider, mode, checked, source, rules}`.
    Json,
    /// The Markdown table used in the README.
    Markdown,
}

pub(super) fn list_rules(format: RulesFormat) -> Outcome {
    let text = match format {
        RulesFormat::Human => {
            let width = rules::all().map(|r| r.name.len()).max().unwrap_or(0);
            rules::all()
                .map(|r| {
                    let mark = if r.fixable() { "🛠" } else { " " };
                    format!("{:width$}  {:18}  {mark}  {}\n", r.name, r.default_level(), r.summary())
                })
                .collect()
        }
        RulesFormat::Json => {
            let rows: Vec<_> = rules::all()
                .map(|r| serde_json::json!({"name": r.name, "severity": r.default_severity, "set": r.set.name(), "fixable": r.fixable(), "summary": r.summary()}))
                .collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
        }
        RulesFormat::Markdown => rules::markdown_table(),
    };
    print(&text, Color::Never);
    Outcome::Clean
}

/// `plankit explain NAME`: a rule by its full name, or by its last part when that names one
/// rule (`unknown-placeholder`); a group or a target (`schema/`, `provider/openai-strict`)
/// lists its rules; a provider rule a target lacks says which targets have it.
pub(super) fn explain(name: &str) -> Outcome {
    if let Some(rule) = rules::find(name) {
        print(&for_terminal(&describe(rule)), Color::Never);
        return Outcome::Clean;
    }
    let group = name.trim_end_matches('/');
    let members: Vec<&rules::Rule> =
        rules::all().filter(|r| r.name.strip_prefix(group).is_some_and(|rest| rest.starts_with('/'))).collect();
    if !members.is_empty() {
        let width = members.iter().map(|r| r.name.len()).max().unwrap_or(0);
        let mut text = format!("{group}/ has {} rules:\n\n", members.len());
        for rule in &members {
            text.push_str(&format!("  {:width$}  {:18}  {}\n", rule.name, rule.default_level(), rule.summary()));
        }
        text.push_str("\n`plankit explain RULE` explains one.\n");
        print(&text, Color::Never);
        return Outcome::Clean;
    }
    let last = name.rsplit('/').next().unwrap_or(name);
    let same_last: Vec<&rules::Rule> = rules::all().filter(|r| r.name.rsplit('/').next() == Some(last)).collect();
    match same_last.as_slice() {
        [rule] if !name.contains('/') => {
            print(&for_terminal(&describe(rule)), Color::Never);
            Outcome::Clean
        }
        [] => {
            let near = plankit::text::suggest(name, rules::all().map(|r| r.name))
                .or_else(|| plankit::text::suggest(last, rules::all().filter_map(|r| r.name.rsplit('/').next())));
            let hint = near.map(|n| format!("\n  help: did you mean `{n}`?")).unwrap_or_default();
            super::error_line!("error: unknown rule `{name}`{hint}\n  `plankit rules` lists every rule");
            Outcome::Usage
        }
        several => {
            let lacking = name
                .strip_prefix("provider/")
                .and_then(|rest| rest.split('/').next())
                .filter(|target| plankit::provider::Target::from_name(target).is_ok());
            let mut text = match lacking {
                Some(target) => {
                    format!("`{target}` has no `{last}` check: its provider does not need it. The targets that do:\n\n")
                }
                None => format!("`{name}` is a rule of {} targets:\n\n", several.len()),
            };
            for rule in several {
                text.push_str(&format!("  {}  ({})\n", rule.name, rule.default_level()));
            }
            text.push_str("\n`plankit explain RULE` explains one of them.\n");
            print(&text, Color::Never);
            Outcome::Clean
        }
    }
}

fn describe(rule: &rules::Rule) -> String {
    let level = match rule.set {
        rules::RuleSet::Default => format!("{} by default", rule.default_severity),
        rules::RuleSet::Pedantic => {
            format!(
                "{}, pedantic: runs only when selected, e.g. `--extend-select {}`",
                rule.default_severity, rule.name
            )
        }
    };
    format!("{} ({level})\n\n{}\n", rule.name, rule.doc())
}

/// A rule's Markdown for a terminal: headings in bold, code blocks indented without their
/// fences. Piped or redirected, the Markdown is kept as written.
fn for_terminal(markdown: &str) -> String {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || std::env::var_os("NO_COLOR").is_some() {
        return markdown.to_owned();
    }
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("    {line}\n"));
        } else if let Some(heading) = line.strip_prefix('#') {
            out.push_str(&format!("\u{1b}[1m{}\u{1b}[0m\n", heading.trim_start_matches('#').trim()));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Parses one `--target` value; an unknown name is a usage error with a did-you-mean.
pub(super) fn parse_target(name: &str) -> Result<plankit::provider::Target, String> {
    plankit::provider::Target::from_name(name).map_err(|error| {
        let known: Vec<&str> = plankit::provider::Target::all().map(|t| t.name()).collect();
        let hint = error.suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        format!("{error}{hint} (known: {})", known.join(", "))
    })
}

pub(super) fn list_targets(format: TargetsFormat) -> Outcome {
    let text = match format {
        TargetsFormat::Human => plankit::provider::Target::all()
            .map(|target| {
                let profile = target.profile();
                let rules: Vec<String> = rules::all()
                    .filter(|r| r.name.starts_with(&format!("provider/{}/", profile.target)))
                    .map(|r| format!("  {:7}  {}\n", r.default_severity.as_str(), r.name))
                    .collect();
                format!(
                    "{}  {}\n  checked {} against {}\n{}\n",
                    profile.target,
                    profile.provider,
                    profile.checked,
                    profile.source,
                    rules.concat()
                )
            })
            .collect(),
        TargetsFormat::Json => {
            let rows: Vec<_> = plankit::provider::Target::all()
                .map(|target| {
                    let profile = target.profile();
                    let prefix = format!("provider/{}/", profile.target);
                    let checks: Vec<_> = rules::all()
                        .filter(|r| r.name.starts_with(&prefix))
                        .map(|r| serde_json::json!({"name": r.name, "severity": r.default_severity}))
                        .collect();
                    serde_json::json!({"name": profile.target, "provider": profile.provider, "mode": profile.mode,
                        "checked": profile.checked, "source": profile.source, "rules": checks})
                })
                .collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
        }
        TargetsFormat::Markdown => plankit::provider::markdown_targets_table(),
    };
    print(&text, Color::Never);
    Outcome::Clean
}
