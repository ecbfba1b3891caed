//! The catalogue commands: `plankit rules`, `plankit explain RULE` and `plankit targets`, and
//! reading `--target` names.

use clap::ValueEnum;
use plankit::rules;

use super::{Color, Outcome, print};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum RulesFormat {
    /// An aligned table.
    Human,
    /// A JSON array of `{name, severity, summary}`.
    Json,
    /// The Markdown table used in the README.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum TargetsFormat {
    /// One block per target.
    Human,
    /// The Markdown table used in the README.
    Markdown,
}

pub(super) fn list_rules(format: RulesFormat) -> Outcome {
    let text = match format {
        RulesFormat::Human => {
            let width = rules::all().map(|r| r.name.len()).max().unwrap_or(0);
            rules::all().map(|r| format!("{:width$}  {:18}  {}\n", r.name, r.default_level(), r.summary())).collect()
        }
        RulesFormat::Json => {
            let rows: Vec<_> = rules::all()
                .map(|r| serde_json::json!({"name": r.name, "severity": r.default_severity, "set": r.set.name(), "summary": r.summary()}))
                .collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
        }
        RulesFormat::Markdown => rules::markdown_table(),
    };
    print(&text, Color::Never);
    Outcome::Clean
}

pub(super) fn explain(name: &str) -> Outcome {
    match rules::find(name) {
        Some(rule) => {
            let level = match rule.set {
                rules::RuleSet::Default => format!("{} by default", rule.default_severity),
                rules::RuleSet::Pedantic => {
                    format!(
                        "{}, pedantic: runs only when selected, e.g. `--extend-select {}`",
                        rule.default_severity, rule.name
                    )
                }
            };
            print(&format!("{} ({level})\n\n{}\n", rule.name, rule.doc()), Color::Never);
            Outcome::Clean
        }
        None => {
            let near = plankit::text::suggest(name, rules::all().map(|r| r.name));
            let hint = near.map(|n| format!("\n  help: did you mean `{n}`?")).unwrap_or_default();
            super::error_line!("error: unknown rule `{name}`{hint}\n  `plankit rules` lists every rule");
            Outcome::Usage
        }
    }
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
        TargetsFormat::Markdown => plankit::provider::markdown_targets_table(),
    };
    print(&text, Color::Never);
    Outcome::Clean
}
