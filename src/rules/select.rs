//! Choosing which rules run, in ruff's manner: `select` replaces the default set,
//! `extend-select` adds to it, `ignore` takes away. Each names a rule
//! (`schema/missing-description`), a group prefix ending in `/` (`schema/`,
//! `provider/openai-strict/`), a rule set (`pedantic`, `default`) or `all`.

use super::{Rule, RuleSet};

/// One entry of `select`, `extend-select` or `ignore`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Every rule.
    All,
    /// The rules of a set.
    Set(RuleSet),
    /// Every rule whose name starts with this prefix (ending in `/`).
    Prefix(String),
    /// One rule by name.
    Rule(&'static str),
}

impl std::fmt::Display for Selector {
    /// As written in plankit.toml: `all`, `pedantic`, `schema/`, `schema/missing-description`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::All => f.write_str("all"),
            Selector::Set(RuleSet::Default) => f.write_str("default"),
            Selector::Set(RuleSet::Pedantic) => f.write_str("pedantic"),
            Selector::Prefix(prefix) => f.write_str(prefix),
            Selector::Rule(name) => f.write_str(name),
        }
    }
}

/// A selector that names nothing plankit knows, with the closest known name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelector {
    /// What was written.
    pub written: String,
    /// The nearest rule, group or set name.
    pub suggestion: Option<String>,
}

impl Selector {
    /// Reads a selector; a name that matches no rule, group or set is an error.
    pub fn parse(text: &str) -> Result<Selector, UnknownSelector> {
        let text = text.trim();
        match text {
            "all" => return Ok(Selector::All),
            "pedantic" => return Ok(Selector::Set(RuleSet::Pedantic)),
            "default" => return Ok(Selector::Set(RuleSet::Default)),
            _ => {}
        }
        if let Some(rule) = super::find(text) {
            return Ok(Selector::Rule(rule.name));
        }
        let prefix = if text.ends_with('/') { text.to_owned() } else { format!("{text}/") };
        if super::all().any(|rule| rule.name.starts_with(&prefix)) {
            return Ok(Selector::Prefix(prefix));
        }
        let groups = super::all().flat_map(|rule| {
            rule.name.match_indices('/').map(|(at, _)| rule.name[..=at].to_owned()).collect::<Vec<_>>()
        });
        let mut known: Vec<String> = ["all", "pedantic", "default"].map(str::to_owned).into();
        known.extend(groups);
        known.extend(super::all().map(|rule| rule.name.to_owned()));
        known.dedup();
        let suggestion = crate::text::suggest(text, known.iter().map(String::as_str)).map(str::to_owned);
        Err(UnknownSelector { written: text.to_owned(), suggestion })
    }

    /// Whether this selector covers `rule`.
    pub fn covers(&self, rule: &Rule) -> bool {
        match self {
            Selector::All => true,
            Selector::Set(set) => rule.set == *set,
            Selector::Prefix(prefix) => rule.name.starts_with(prefix.as_str()),
            Selector::Rule(name) => rule.name == *name,
        }
    }
}

/// Which rules run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `select`: when given, replaces the default set.
    pub select: Option<Vec<Selector>>,
    /// `extend-select`: added to the default set (or to `select`).
    pub extend: Vec<Selector>,
    /// `ignore`: never run, whatever selects them.
    pub ignore: Vec<Selector>,
}

impl Selection {
    /// Whether `ignore` names `rule`: then it never runs, whatever else is said of it.
    pub fn ignores(&self, rule: &Rule) -> bool {
        self.ignore.iter().any(|s| s.covers(rule))
    }

    /// Whether `rule` runs.
    pub fn runs(&self, rule: &Rule) -> bool {
        if self.ignores(rule) {
            return false;
        }
        let base = match &self.select {
            Some(select) => select.iter().any(|s| s.covers(rule)),
            None => rule.set == RuleSet::Default,
        };
        base || self.extend.iter().any(|s| s.covers(rule))
    }

    /// This selection with `other`'s choices laid over it (the command line over plankit.toml):
    /// a `select` replaces, `extend-select` and `ignore` add.
    pub fn overlaid(&self, other: &Selection) -> Selection {
        let mut out = self.clone();
        if other.select.is_some() {
            out.select.clone_from(&other.select);
            out.extend.clear();
        }
        out.extend.extend(other.extend.iter().cloned());
        out.ignore.extend(other.ignore.iter().cloned());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{find, schema};

    #[test]
    fn pedantic_rules_run_only_when_selected() {
        let description = &schema::missing_description::RULE;
        assert!(!Selection::default().runs(description));
        let extended = Selection { extend: vec![Selector::Set(RuleSet::Pedantic)], ..Selection::default() };
        assert!(extended.runs(description));
        let only_schema = Selection { select: Some(vec![Selector::parse("schema").unwrap()]), ..Selection::default() };
        assert!(only_schema.runs(description));
        assert!(!only_schema.runs(&crate::rules::template::missing_schema::RULE));
        let ignored = Selection { ignore: vec![Selector::parse("schema/").unwrap()], ..extended };
        assert!(!ignored.runs(description));
        assert_eq!(find("schema/unknown-keyword").map(|r| Selection::default().runs(r)), Some(true));
    }

    #[test]
    fn unknown_selectors_get_a_suggestion() {
        let error = Selector::parse("schema/missing-descripton").unwrap_err();
        assert_eq!(error.suggestion.as_deref(), Some("schema/missing-description"));
        assert_eq!(Selector::parse("pedantc").unwrap_err().suggestion.as_deref(), Some("pedantic"));
    }
}
