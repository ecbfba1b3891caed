//! `plankit.toml`: the project's choices about rules, paths, provider targets, transcript
//! labels and the default schema draft, found by walking up from the working folder.
//!
//! The file is read with toml's span-keeping parser and checked by hand rather than through
//! serde's `deny_unknown_fields`, so that every problem — an unknown key, a misspelled rule, a
//! severity that is not `error|warning|off`, a bad glob — is reported at its line and column,
//! with a did-you-mean, and all of them at once. A valid file becomes [`Settings`].

pub mod files;
pub mod resolve;
pub mod schema;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Severity;
use crate::lint::Settings;
use crate::rules::select::Selector;

use crate::source::LineColumn;
use crate::text::suggest;

/// The file name looked for in the working folder and its ancestors.
pub const FILE_NAME: &str = "plankit.toml";

/// A config file larger than this is refused: a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The drafts `draft` may name, as written in the file.
pub const DRAFTS: &[&str] = &["2020-12", "2019-09", "7", "6", "4"];

const TOP_KEYS: &[&str] = &[
    "targets",
    "draft",
    "select",
    "extend-select",
    "ignore",
    "include",
    "exclude",
    "rules",
    "overrides",
    "transcript",
    "eval",
    "extend-safe-fixes",
    "extend-unsafe-fixes",
    "unfixable",
    "platform",
    "structured-output-targets",
];
const OVERRIDE_KEYS: &[&str] = &["paths", "rules", "platform"];
const TRANSCRIPT_KEYS: &[&str] = &["assistant-label", "user-label"];
const EVAL_KEYS: &[&str] = &["min-accuracy", "api-key-env"];
const LEVELS: &[&str] = &["error", "warning", "off"];

/// The transcript labels a project uses (`AI:` / `User:` by default, `Gebruiker:` in Dutch
/// deployments). Stored for `render` and the threshold count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranscriptLabels {
    /// The assistant's label, e.g. `AI`.
    pub assistant_label: Option<String>,
    /// The caller's label, e.g. `User`.
    pub user_label: Option<String>,
}

/// `[eval]`: what `plankit eval` takes from the project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalSettings {
    /// The least accuracy of every field together, 0 to 1 (as `--min-accuracy RATIO`).
    pub min_accuracy: Option<f64>,
    /// The environment variable holding the API key (as `--api-key-env`).
    pub api_key_env: Option<String>,
}

/// Severities for the files under some globs, relative to the config file's folder.
#[derive(Debug, Clone)]
pub struct PathOverride {
    /// The folder the globs are relative to.
    pub base: PathBuf,
    /// The globs as written.
    pub patterns: Vec<String>,
    globs: GlobSet,
    /// Per-rule severity for matching files: `None` turns the rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// The platform matching files are judged by (`platform`), when the override sets one.
    pub platform: Option<crate::template::vocabulary::Dialect>,
}

impl PathOverride {
    /// An override for files matching `patterns` (globs, `*` stays within a folder, `**`
    /// crosses folders) relative to `base`.
    pub fn new(
        base: PathBuf,
        patterns: Vec<String>,
        severities: HashMap<String, Option<Severity>>,
    ) -> Result<PathOverride, globset::Error> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &patterns {
            builder.add(glob(pattern)?);
        }
        Ok(PathOverride {
            base: crate::source::normalize_path(&base),
            patterns,
            globs: builder.build()?,
            severities,
            platform: None,
        })
    }

    /// Whether the file at `path` (absolute, or relative to the working folder) is covered.
    pub fn matches(&self, path: &Path) -> bool {
        let Ok(absolute) = std::path::absolute(path) else { return false };
        crate::source::normalize_path(&absolute)
            .strip_prefix(&self.base)
            .is_ok_and(|relative| self.globs.is_match(relative))
    }
}

/// Why a discovered config file is not trusted, or `None`: another user can write it.
fn untrusted(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        if meta.mode() & 0o022 != 0 {
            return Some("it is writable by other users (chmod go-w it to use it)".to_owned());
        }
        // the process's own user: the owner of /proc/self (Linux); unknown elsewhere
        let me = std::fs::metadata("/proc/self").ok().map(|m| m.uid());
        if let Some(me) = me
            && me != 0
            && meta.uid() != me
        {
            return Some(format!("it belongs to another user (uid {}); pass `--config` to use it anyway", meta.uid()));
        }
    }
    let _ = path;
    None
}

/// `an integer`, `a string`: a TOML type as a message names it.
fn with_article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {kind}")
}

fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// A valid `plankit.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// The settings it describes.
    pub settings: Settings,
}

/// One problem in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// One lowercase line naming the key and the expectation.
    pub message: String,
    /// Byte span in the file.
    pub span: Option<Range<usize>>,
    /// Line and column of the span's start.
    pub start: Option<LineColumn>,
    /// Line and column of the span's end.
    pub end: Option<LineColumn>,
    /// What to do; did-you-mean goes here.
    pub help: Option<String>,
}

/// Why a config file was refused: every problem found in it.
#[derive(Debug, Clone, thiserror::Error)]
pub struct ConfigError {
    /// The file as the user would name it.
    pub file: String,
    /// Its text, when it could be read (for code frames).
    pub text: Option<String>,
    /// Every problem, in file order.
    pub problems: Vec<ConfigProblem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match problem.start {
                Some(at) => write!(f, "{}:{}:{}: {}", self.file, at.line, at.column, problem.message)?,
                None => write!(f, "{}: {}", self.file, problem.message)?,
            }
            if let Some(help) = &problem.help {
                write!(f, " ({help})")?;
            }
        }
        Ok(())
    }
}

impl Config {
    /// The nearest `plankit.toml` in `start` or one of its ancestors, read and checked.
    /// `Ok(None)` when there is none. See [`Config::discover_noting`].
    pub fn discover(start: &Path) -> Result<Option<Config>, ConfigError> {
        Config::discover_noting(start, &mut |_| {})
    }

    /// As [`Config::discover`], telling `note` about every config file it would not trust.
    ///
    /// The search goes up from `start` and stops at the repository root (the first folder
    /// holding `.git`) and at the user's home folder, so a `plankit.toml` planted higher up (in
    /// `/tmp`, say) is never read. A file another user can write — owned by someone else, or
    /// writable by group or others — is skipped with a note, as git refuses a repository
    /// owned by another user; running as root (CI containers often check out as another
    /// user) only the group/other check applies. `--config FILE` is always trusted.
    pub fn discover_noting(start: &Path, note: &mut dyn FnMut(String)) -> Result<Option<Config>, ConfigError> {
        match Config::nearest(start, note) {
            Some((path, _)) => Config::read(&path, resolve::shown(&path)).map(Some),
            None => Ok(None),
        }
    }

    /// Where [`Config::discover_noting`] finds the nearest trusted `plankit.toml` above
    /// `start`, and how many folders up it is; nothing is read.
    pub fn nearest(start: &Path, note: &mut dyn FnMut(String)) -> Option<(PathBuf, usize)> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let home = std::env::var_os("HOME").map(PathBuf::from);
        for (up, folder) in start.ancestors().enumerate() {
            let candidate = folder.join(FILE_NAME);
            if candidate.is_file() {
                match untrusted(&candidate) {
                    Some(why) => note(format!("warning: ignoring {}: {why}", resolve::shown(&candidate))),
                    None => return Some((candidate, up)),
                }
            }
            if folder.join(".git").exists() || home.as_deref() == Some(folder) {
                break;
            }
        }
        None
    }

    /// Reads and checks a config file, naming it `file` in messages.
    pub fn load_as(path: &Path, file: String) -> Result<Config, ConfigError> {
        Config::read(path, file)
    }

    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::read(path, crate::source::display_name(path))
    }

    fn read(path: &Path, file: String) -> Result<Config, ConfigError> {
        let refuse = |message: String| ConfigError {
            file: file.clone(),
            text: None,
            problems: vec![ConfigProblem { message, span: None, start: None, end: None, help: None }],
        };
        let bytes = crate::source::read_bounded(path, MAX_CONFIG_BYTES).map_err(|refused| {
            refuse(match refused {
                crate::source::Refused::TooLarge(_) => {
                    format!("the config file is larger than {} KB", MAX_CONFIG_BYTES / 1024)
                }
                crate::source::Refused::Other(why) => format!("cannot read the config file: {why}"),
            })
        })?;
        let text = String::from_utf8(bytes).map_err(|_| refuse("the config file is not UTF-8 text".to_owned()))?;
        let base = std::path::absolute(path).ok().and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_default();
        Config::parse(&text, &file, &base).map(|settings| Config { path: path.to_path_buf(), settings })
    }

    /// Checks config text. `file` names it in messages; override globs are relative to `base`.
    pub fn parse(text: &str, file: &str, base: &Path) -> Result<Settings, ConfigError> {
        let mut reader = Reader { lines: crate::source::Source::new(file, text), problems: Vec::new() };
        let settings = match DeTable::parse(text) {
            Ok(table) => reader.settings(table.get_ref(), base),
            Err(error) => {
                reader.problem(error.span(), error.message().trim().to_lowercase(), None);
                Settings::default()
            }
        };
        if reader.problems.is_empty() {
            return Ok(settings);
        }
        reader.problems.sort_by_key(|p| p.span.as_ref().map(|s| s.start));
        Err(ConfigError { file: file.to_owned(), text: Some(text.to_owned()), problems: reader.problems })
    }
}

/// Every key of a TOML file that is not among the known ones, all at once, each with its
/// place and a did-you-mean: `tables` lists the known keys at the root (`""`) and in each
/// table (`"transcript"`). A syntax error is the one problem when the text does not parse.
/// `None` when every key is known. Used for `case.toml`, whose values serde then reads.
pub fn unknown_keys(text: &str, file: &str, tables: &[(&str, &[&str])]) -> Option<ConfigError> {
    let mut reader = Reader { lines: crate::source::Source::new(file, text), problems: Vec::new() };
    match DeTable::parse(text) {
        Ok(root) => {
            let known = |name: &str| tables.iter().find(|(table, _)| *table == name).map_or(&[][..], |(_, keys)| *keys);
            for (key, value) in reader.entries(root.get_ref(), known(""), "key", &format!("in {file}")) {
                let name: &str = key.get_ref();
                if let (true, DeValue::Table(table)) = (tables.iter().any(|(t, _)| *t == name), value.get_ref()) {
                    reader.entries(table, known(name), "key", &format!("in [{name}]"));
                }
            }
        }
        Err(error) => reader.problem(error.span(), error.message().trim().to_lowercase(), None),
    }
    if reader.problems.is_empty() {
        return None;
    }
    reader.problems.sort_by_key(|p| p.span.as_ref().map(|s| s.start));
    Some(ConfigError { file: file.to_owned(), text: Some(text.to_owned()), problems: reader.problems })
}

/// Walks the parsed file, collecting problems instead of stopping at the first.
struct Reader {
    /// The text's line index, built once: a file of thousands of problems is placed in
    /// linear time.
    lines: crate::source::Source,
    problems: Vec<ConfigProblem>,
}

type Entry<'a, 'i> = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

impl Reader {
    fn problem(&mut self, span: Option<Range<usize>>, message: String, help: Option<String>) {
        let start = span.as_ref().map(|s| self.lines.line_column(s.start));
        let end = span.as_ref().map(|s| self.lines.line_column(s.end));
        self.problems.push(ConfigProblem { message, span, start, end, help });
    }

    /// The entries of a table in file order, reporting keys not in `known` as an unknown
    /// `noun` (`key`, `rule`) `place`.
    fn entries<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        known: &[&str],
        noun: &str,
        place: &str,
    ) -> Vec<Entry<'a, 'i>> {
        let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        entries.retain(|(key, _)| {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                return true;
            }
            let help = match suggest(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if noun == "rule" => "`plankit rules` lists every rule".to_owned(),
                None => format!("expected one of {}", known.join(", ")),
            };
            self.problem(Some(key.span()), format!("unknown {noun} `{name}` {place}"), Some(help));
            false
        });
        entries
    }

    fn settings(&mut self, root: &DeTable<'_>, base: &Path) -> Settings {
        let mut settings = Settings::default();
        let (mut include, mut exclude) = (Vec::new(), Vec::new());
        for (key, value) in self.entries(root, TOP_KEYS, "key", "in plankit.toml") {
            match key.get_ref().as_ref() {
                "include" => include = self.file_globs(value, "include"),
                "exclude" => exclude = self.file_globs(value, "exclude"),
                "targets" => settings.targets = self.targets(value),
                "draft" => settings.draft = self.draft(value),
                "select" => settings.selection.select = Some(self.selectors(value, "select")),
                "extend-select" => settings.selection.extend = self.selectors(value, "extend-select"),
                "ignore" => settings.selection.ignore = self.selectors(value, "ignore"),
                "rules" => settings.severities = self.severities(value, "rules"),
                "overrides" => settings.overrides = self.overrides(value, base),
                "transcript" => settings.transcript = self.transcript(value),
                "eval" => settings.eval = self.eval(value),
                "extend-safe-fixes" => settings.fixes.extend_safe = self.selectors(value, "extend-safe-fixes"),
                "extend-unsafe-fixes" => settings.fixes.extend_unsafe = self.selectors(value, "extend-unsafe-fixes"),
                "unfixable" => settings.fixes.unfixable = self.selectors(value, "unfixable"),
                "platform" => settings.platform = self.platform(value),
                "structured-output-targets" => {
                    settings.structured_output_targets = self.model_targets(value).unwrap_or_default();
                }
                _ => {}
            }
        }
        // every pattern was checked above: a failure here cannot be reached from a file
        settings.files = files::FileFilter::new(base, include, exclude).unwrap_or_default();
        settings
    }

    /// `include` / `exclude` patterns, each checked as a glob.
    fn file_globs(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (pattern, span) in self.spanned_strings(value, key) {
            match files::compile(&pattern) {
                Ok(_) => out.push(pattern),
                Err(error) => {
                    self.problem(Some(span), format!("invalid glob \"{pattern}\" in `{key}`: {}", error.kind()), None)
                }
            }
        }
        out
    }

    /// Provider targets by name; an unknown one is a problem with a did-you-mean.
    fn targets(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<crate::provider::Target> {
        let mut targets = Vec::new();
        for (name, span) in self.spanned_strings(value, "targets") {
            match crate::provider::Target::from_name(&name) {
                Ok(target) => targets.push(target),
                Err(error) => {
                    let help = match error.suggestion {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => {
                            let known: Vec<&str> = crate::provider::Target::all().map(|t| t.name()).collect();
                            format!("expected one of {}", known.join(", "))
                        }
                    };
                    self.problem(Some(span), format!("unknown target `{name}` in `targets`"), Some(help));
                }
            }
        }
        targets
    }

    /// Rule selectors (`schema/missing-description`, `schema/`, `pedantic`, `all`); an unknown
    /// one is a problem with a did-you-mean.
    fn selectors(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Vec<Selector> {
        let mut out = Vec::new();
        for (text, span) in self.spanned_strings(value, key) {
            match Selector::parse(&text) {
                Ok(selector) => out.push(selector),
                Err(error) => {
                    let help = Some(match error.suggestion {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "expected a rule, a group such as `schema/`, `pedantic` or `all`".to_owned(),
                    });
                    self.problem(Some(span), format!("unknown rule or group `{text}` in `{key}`"), help);
                }
            }
        }
        out
    }

    fn spanned_strings(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(items) = value.get_ref().as_array() else {
            let found = with_article(value.get_ref().type_str());
            self.problem(Some(value.span()), format!("`{key}` must be an array of strings, found {found}"), None);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(text) => out.push((text.to_owned(), item.span())),
                None => {
                    let found = with_article(item.get_ref().type_str());
                    self.problem(Some(item.span()), format!("`{key}` must hold strings, found {found}"), None);
                }
            }
        }
        out
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
        match value.get_ref().as_str() {
            Some(text) if !text.trim().is_empty() => Some(text.to_owned()),
            Some(_) => {
                self.problem(Some(value.span()), format!("`{key}` must not be empty"), None);
                None
            }
            None => {
                let found = with_article(value.get_ref().type_str());
                self.problem(Some(value.span()), format!("`{key}` must be a string, found {found}"), None);
                None
            }
        }
    }

    /// `platform`: one of the placeholder vocabularies, by name, with a did-you-mean.
    fn platform(&mut self, value: &Spanned<DeValue<'_>>) -> Option<crate::template::vocabulary::Dialect> {
        use crate::template::vocabulary::Dialect;
        let names = Dialect::ALL.map(Dialect::name);
        let name = self.one_of(value, "platform", &names)?;
        Dialect::from_name(&name)
    }

    /// `structured-output-targets`: `adapted`, `as-written` or `off`.
    fn model_targets(&mut self, value: &Spanned<DeValue<'_>>) -> Option<crate::provider::model::ModelTargets> {
        use crate::provider::model::ModelTargets;
        let names = ModelTargets::ALL.map(ModelTargets::name);
        let name = self.one_of(value, "structured-output-targets", &names)?;
        ModelTargets::from_name(&name)
    }

    /// A string among `known`; another is a problem at its place with a did-you-mean.
    fn one_of(&mut self, value: &Spanned<DeValue<'_>>, key: &str, known: &[&str]) -> Option<String> {
        let text = self.string(value, key)?;
        if known.contains(&text.as_str()) {
            return Some(text);
        }
        let help =
            crate::text::suggest_value(&text, known.iter().copied()).map(|near| format!("did you mean \"{near}\"?"));
        let listed = known.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ");
        self.problem(Some(value.span()), format!("unknown {key} \"{text}\", expected one of {listed}"), help);
        None
    }

    fn draft(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        let draft = self.string(value, "draft")?;
        if DRAFTS.contains(&draft.as_str()) {
            return Some(draft);
        }
        let help = suggest(&draft, DRAFTS.iter().copied()).map(|near| format!("did you mean \"{near}\"?"));
        let known = DRAFTS.iter().map(|d| format!("\"{d}\"")).collect::<Vec<_>>().join(", ");
        self.problem(Some(value.span()), format!("unknown draft \"{draft}\", expected one of {known}"), help);
        None
    }

    fn severities(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> HashMap<String, Option<Severity>> {
        let mut out = HashMap::new();
        let Some(table) = value.get_ref().as_table() else {
            let found = with_article(value.get_ref().type_str());
            self.problem(Some(value.span()), format!("`{key}` must be a table of rule = level, found {found}"), None);
            return out;
        };
        let names: Vec<&str> = crate::rules::all().map(|rule| rule.name).collect();
        for (rule, level) in self.entries(table, &names, "rule", &format!("in `{key}`")) {
            if let Some(level) = self.level(level, rule.get_ref()) {
                out.insert(rule.get_ref().to_string(), level);
            }
        }
        out
    }

    fn level(&mut self, value: &Spanned<DeValue<'_>>, rule: &str) -> Option<Option<Severity>> {
        let text = self.string(value, rule)?;
        match text.as_str() {
            "error" => Some(Some(Severity::Error)),
            "warning" => Some(Some(Severity::Warning)),
            "off" => Some(None),
            other => {
                let near = if other == "warn" {
                    Some("warning")
                } else {
                    crate::text::suggest_value(other, LEVELS.iter().copied())
                };
                let help = near.map(|near| format!("did you mean \"{near}\"?"));
                let message =
                    format!("unknown level \"{other}\" for `{rule}`, expected \"error\", \"warning\" or \"off\"");
                self.problem(Some(value.span()), message, help);
                None
            }
        }
    }

    fn overrides(&mut self, value: &Spanned<DeValue<'_>>, base: &Path) -> Vec<PathOverride> {
        let Some(items) = value.get_ref().as_array() else {
            let found = with_article(value.get_ref().type_str());
            let help = Some("write each override as an `[[overrides]]` table".to_owned());
            self.problem(Some(value.span()), format!("`overrides` must be an array of tables, found {found}"), help);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let Some(table) = item.get_ref().as_table() else {
                let found = with_article(item.get_ref().type_str());
                self.problem(Some(item.span()), format!("an override must be a table, found {found}"), None);
                continue;
            };
            out.extend(self.override_entry(table, item.span(), base));
        }
        out
    }

    fn override_entry(&mut self, table: &DeTable<'_>, span: Range<usize>, base: &Path) -> Option<PathOverride> {
        let mut patterns = None;
        let mut severities = None;
        let mut platform = None;
        for (key, value) in self.entries(table, OVERRIDE_KEYS, "key", "in an override") {
            match key.get_ref().as_ref() {
                "paths" => patterns = Some((self.spanned_strings(value, "paths"), value.span())),
                "rules" => severities = Some(self.severities(value, "rules")),
                "platform" => platform = self.platform(value),
                _ => {}
            }
        }
        let Some((patterns, paths_span)) = patterns else {
            let help = Some("add `paths = [\"legacy/**/*.json\"]`".to_owned());
            self.problem(Some(span), "an override has no `paths`".to_owned(), help);
            return None;
        };
        if patterns.is_empty() {
            self.problem(Some(paths_span), "an override's `paths` is empty".to_owned(), None);
        }
        let mut valid = true;
        for (pattern, span) in &patterns {
            if let Err(error) = glob(pattern) {
                self.problem(Some(span.clone()), format!("invalid glob \"{pattern}\": {}", error.kind()), None);
                valid = false;
            }
        }
        let patterns = patterns.into_iter().map(|(pattern, _)| pattern).collect();
        let made = valid.then(|| PathOverride::new(base.to_path_buf(), patterns, severities.unwrap_or_default()).ok());
        made.flatten().map(|made| PathOverride { platform, ..made })
    }

    fn transcript(&mut self, value: &Spanned<DeValue<'_>>) -> TranscriptLabels {
        let mut labels = TranscriptLabels::default();
        let Some(table) = value.get_ref().as_table() else {
            let found = with_article(value.get_ref().type_str());
            self.problem(Some(value.span()), format!("`transcript` must be a table, found {found}"), None);
            return labels;
        };
        for (key, value) in self.entries(table, TRANSCRIPT_KEYS, "key", "in [transcript]") {
            match key.get_ref().as_ref() {
                "assistant-label" => labels.assistant_label = self.string(value, "assistant-label"),
                "user-label" => labels.user_label = self.string(value, "user-label"),
                _ => {}
            }
        }
        labels
    }

    fn eval(&mut self, value: &Spanned<DeValue<'_>>) -> EvalSettings {
        let mut eval = EvalSettings::default();
        let Some(table) = value.get_ref().as_table() else {
            let found = with_article(value.get_ref().type_str());
            self.problem(Some(value.span()), format!("`eval` must be a table, found {found}"), None);
            return eval;
        };
        for (key, value) in self.entries(table, EVAL_KEYS, "key", "in [eval]") {
            match key.get_ref().as_ref() {
                "api-key-env" => eval.api_key_env = self.string(value, "api-key-env"),
                "min-accuracy" => {
                    let number = match value.get_ref() {
                        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
                        DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
                        _ => None,
                    };
                    match number.filter(|n| (0.0..=1.0).contains(n)) {
                        Some(n) => eval.min_accuracy = Some(n),
                        None => self.problem(
                            Some(value.span()),
                            "`min-accuracy` must be a number between 0 and 1".to_owned(),
                            Some("e.g. `min-accuracy = 0.9`: 90% of the compared fields correct".to_owned()),
                        ),
                    }
                }
                _ => {}
            }
        }
        eval
    }
}
