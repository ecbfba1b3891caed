//! The JSON Schema of `plankit.toml`, for editors (Even Better TOML / taplo read JSON Schemas
//! for TOML files) and for CI checks of the config itself. Built from the rule list, so rule
//! names complete in the editor and a renamed rule never goes stale here.

use serde_json::{Value, json};

use super::DRAFTS;

fn selectors(description: &str) -> Value {
    json!({ "description": description, "type": "array", "items": { "type": "string", "minLength": 1 } })
}

/// The schema as a JSON value (draft 2020-12).
pub fn json_schema() -> Value {
    let rule_names: Vec<&str> = crate::rules::all().map(|rule| rule.name).collect();
    let platform = json!({
        "description": "The platform whose placeholders plans are judged and rendered by, instead of the one their keys say (as with --platform); structured outputs and Retell agents keep their own.",
        "enum": crate::template::vocabulary::Dialect::ALL.map(crate::template::vocabulary::Dialect::name)
    });
    let rules = json!({
        "description": "Severity per rule: \"error\", \"warning\", or \"off\" to turn the rule off.",
        "type": "object",
        "propertyNames": { "enum": rule_names },
        "additionalProperties": { "$ref": "#/$defs/level" }
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "plankit.toml",
        "description": "Configuration for plankit: the nearest plankit.toml above a file applies to it.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "targets": {
                "description": "Provider targets checked by default (as with --target).",
                "type": "array",
                "items": { "type": "string", "minLength": 1 }
            },
            "draft": {
                "description": "JSON Schema draft assumed when a plan's schema has no $schema.",
                "enum": DRAFTS
            },
            "select": selectors("Rules that run instead of the default set: rule names, groups such as \"schema/\", \"pedantic\", \"default\" or \"all\"."),
            "extend-select": selectors("Rules added to the default set (or to `select`), e.g. [\"pedantic\"] or [\"schema/missing-description\"]."),
            "ignore": selectors("Rules that never run, whatever selects them."),
            "extend-safe-fixes": selectors("Rules whose unsafe fixes `--fix` applies as safe ones."),
            "extend-unsafe-fixes": selectors("Rules whose safe fixes need `--unsafe-fixes` (wins over `extend-safe-fixes`)."),
            "unfixable": selectors("Rules whose fixes are never offered or applied."),
            "include": selectors("Globs of the files walked folders contribute, relative to this file's folder (`plans/**/*.json`); a pattern without `/` matches a name at any depth. Default: every *.json file."),
            "exclude": selectors("Globs of files and folders walked folders leave out, added to the built-in skips (hidden entries, node_modules, target, ignore files); a pattern without `/` matches a name at any depth (`drafts`, `*.example.json`). A file named on the command line is still linted unless --force-exclude."),
            "platform": platform,
            "structured-output-targets": {
                "description": "Whether a Vapi structured output is checked against its own model's provider target: \"adapted\" (default; only what the provider SDK's strict-mode rewrite leaves), \"as-written\" (every check) or \"off\".",
                "enum": crate::provider::model::ModelTargets::ALL.map(crate::provider::model::ModelTargets::name)
            },
            "rules": rules,
            "overrides": {
                "description": "Severities (and a platform) for files matching globs relative to this file's folder; later overrides win.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["paths"],
                    "properties": {
                        "paths": {
                            "description": "Globs: `*` stays within a folder, `**` crosses folders.",
                            "type": "array",
                            "minItems": 1,
                            "items": { "type": "string", "minLength": 1 }
                        },
                        "rules": rules,
                        "platform": platform
                    }
                }
            },
            "transcript": {
                "description": "Labels of plain-text transcript lines.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "assistant-label": { "description": "The assistant's label, e.g. \"AI\".", "type": "string", "minLength": 1 },
                    "user-label": { "description": "The caller's label, e.g. \"User\".", "type": "string", "minLength": 1 }
                }
            },
            "eval": {
                "description": "What `plankit eval` takes from the project.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "min-accuracy": { "description": "The least accuracy of every field together, 0 to 1; missed: exit 1.", "type": "number", "minimum": 0, "maximum": 1 },
                    "api-key-env": { "description": "The environment variable holding the API key (default OPENAI_API_KEY).", "type": "string", "minLength": 1 }
                }
            }
        },
        "$defs": {
            "level": { "enum": ["error", "warning", "off"] }
        }
    })
}
