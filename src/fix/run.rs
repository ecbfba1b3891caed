//! Fixing one input: lint, apply the fixes the user asked for, lint the result again, and
//! repeat until nothing more applies (a fix can uncover another finding, and fixes skipped for
//! colliding with another get their turn on the next pass). The passes are bounded, and a pass
//! whose result would not parse is thrown away, so the text handed back is always valid JSON
//! when the input was.

use super::{Applicability, Fix, apply};
use crate::json::Document;
use crate::lint::{LintedFile, Settings, lint_source};
use crate::source::{Input, Source};

/// Passes after which fixing stops even if fixes remain (each pass lints the whole file).
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Safe and unsafe fixes (`--fix --unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    /// Whether a fix of this applicability is applied.
    pub fn applies(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self == FixMode::Unsafe,
            Applicability::DisplayOnly => false,
        }
    }
}

/// One input after fixing.
#[derive(Debug, Clone)]
pub struct FixedFile {
    /// The text as it was read.
    pub original: String,
    /// The text with every applied fix (equal to `original` when none applied).
    pub fixed: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// The lint of the fixed text: what remains.
    pub linted: LintedFile,
}

impl FixedFile {
    /// Whether fixing changed the text.
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
}

/// Lints `source`, applies the fixes `mode` allows until none applies, and lints the result.
/// An input that cannot be parsed comes back unchanged, with its parse error.
///
/// ```
/// let text = "{\"analysisPlan\": {\"structuredDataPlan\": {\"enabled\": true,\n  \"schema\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"enum\": [\"x\", \"x\"], \"description\": \"a\"}}},\n  \"messages\": [{\"role\": \"user\", \"content\": \"{schema} {{transcript}}\"}]}}}";
/// let source = plankit::Source::new("plan.json", text);
/// let fixed = plankit::fix::fix_source(source, &plankit::Settings::default(), plankit::fix::FixMode::Safe);
/// assert_eq!(fixed.applied, 2);
/// assert!(fixed.fixed.contains(r#""enum": ["x"]"#) && fixed.fixed.contains("{{schema}} {{transcript}}"));
/// ```
pub fn fix_source(source: Source, settings: &Settings, mode: FixMode) -> FixedFile {
    let original = source.text().to_owned();
    let mut linted = lint_source(source, settings);
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let Some(source) = linted.source.as_ref().filter(|_| !linted.failed) else { break };
        let fixes: Vec<&Fix> = linted
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|fix| mode.applies(fix.applicability))
            .collect();
        if fixes.is_empty() {
            break;
        }
        let result = apply(source.text(), &fixes);
        // the engine keeps JSON valid; this guards the user's file should a rule's edit not
        if result.applied.is_empty() || result.text == source.text() || Document::parse(&result.text).is_err() {
            break;
        }
        applied += result.applied.len();
        let next = source.with_text(result.text);
        linted = lint_source(next, settings);
    }
    let fixed = linted.source.as_ref().map_or_else(|| original.clone(), |s| s.text().to_owned());
    FixedFile { original, fixed, applied, linted }
}

/// Reads one input and fixes it ([`fix_source`]); an input that cannot be read comes back
/// with its read error and no text to write.
pub fn fix_input(input: &Input, settings: &Settings, mode: FixMode) -> FixedFile {
    let (source, path) = match input {
        Input::File(path) => (Source::from_path(path), Some(path.as_path())),
        Input::Stdin => (Source::from_stdin(), None),
    };
    match source {
        Ok(source) => fix_source(source, settings, mode),
        Err(error) => {
            let linted = crate::lint::unreadable(error, &settings.for_path(path));
            FixedFile { original: String::new(), fixed: String::new(), applied: 0, linted }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unparsable_input_comes_back_unchanged() {
        let fixed = fix_source(Source::new("bad.json", "{\"a\": "), &Settings::default(), FixMode::Unsafe);
        assert!(!fixed.changed());
        assert!(fixed.linted.failed);
        assert_eq!(fixed.applied, 0);
    }
}
