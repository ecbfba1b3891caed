//! `include` and `exclude` in `plankit.toml`: which files a walked folder contributes.
//!
//! Patterns are globs relative to the config file's folder, read the way `.gitignore` reads
//! them: one without a `/` matches a name at any depth (`drafts`, `*.example.json`), one with
//! a `/` is anchored to the config's folder (`legacy/**`); a trailing `/` is dropped. `*`
//! stays within a folder, `**` crosses folders. The built-in skips (hidden entries,
//! `node_modules`, `target`, what ignore files list) always apply: `exclude` adds to them, in
//! the spirit of ruff's `extend-exclude`. An empty `include` (the default) takes every file
//! with the command's extension (`*.json` for `lint`).

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Compiled `include` / `exclude` patterns of one config file.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The folder the patterns are relative to (the config file's).
    pub base: PathBuf,
    /// `include` as written; empty takes every file.
    pub include: Vec<String>,
    /// `exclude` as written.
    pub exclude: Vec<String>,
    included: Option<GlobSet>,
    excluded: Option<GlobSet>,
}

impl FileFilter {
    /// A filter for the patterns, relative to `base`.
    pub fn new(base: &Path, include: Vec<String>, exclude: Vec<String>) -> Result<FileFilter, globset::Error> {
        let set = |patterns: &[String]| -> Result<Option<GlobSet>, globset::Error> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                builder.add(compile(pattern)?);
            }
            builder.build().map(Some)
        };
        Ok(FileFilter {
            base: crate::source::normalize_path(base),
            included: set(&include)?,
            excluded: set(&exclude)?,
            include,
            exclude,
        })
    }

    /// Whether a walked entry is kept: not excluded, and (for a file) included. An entry
    /// outside the base folder is kept: these patterns say nothing about it.
    pub fn keeps(&self, path: &Path, is_dir: bool) -> bool {
        let Some(relative) = self.relative(path) else { return true };
        if self.excluded.as_ref().is_some_and(|set| set.is_match(&relative)) {
            return false;
        }
        is_dir || self.included.as_ref().is_none_or(|set| set.is_match(&relative))
    }

    /// Whether `exclude` names the path (`--force-exclude` applies this to named files).
    pub fn excludes(&self, path: &Path) -> bool {
        let Some(relative) = self.relative(path) else { return false };
        // a file under an excluded folder is excluded with it
        let excluded = self.excluded.as_ref();
        relative.ancestors().filter(|p| !p.as_os_str().is_empty()).any(|p| excluded.is_some_and(|set| set.is_match(p)))
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = crate::source::normalize_path(&std::path::absolute(path).ok()?);
        absolute.strip_prefix(&self.base).ok().map(Path::to_path_buf)
    }
}

/// Checks one pattern as `include` / `exclude` read it.
pub fn compile(pattern: &str) -> Result<globset::Glob, globset::Error> {
    let trimmed = pattern.strip_suffix('/').unwrap_or(pattern);
    let anchored = trimmed.contains('/');
    let trimmed = trimmed.strip_prefix('/').unwrap_or(trimmed);
    let pattern = if anchored { trimmed.to_owned() } else { format!("**/{trimmed}") };
    GlobBuilder::new(&pattern).literal_separator(true).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> FileFilter {
        let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        FileFilter::new(Path::new("/p"), owned(include), owned(exclude)).unwrap()
    }

    #[test]
    fn a_name_matches_at_any_depth_and_a_path_is_anchored() {
        let f = filter(&[], &["drafts", "legacy/old/", "*.example.json"]);
        assert!(!f.keeps(Path::new("/p/drafts"), true));
        assert!(!f.keeps(Path::new("/p/a/b/drafts"), true));
        assert!(!f.keeps(Path::new("/p/legacy/old"), true));
        assert!(f.keeps(Path::new("/p/x/legacy/old"), true));
        assert!(!f.keeps(Path::new("/p/a/plan.example.json"), false));
        assert!(f.keeps(Path::new("/p/a/plan.json"), false));
        assert!(f.keeps(Path::new("/elsewhere/drafts"), true));
    }

    #[test]
    fn include_limits_files_but_never_folders() {
        let f = filter(&["plans/**/*.json"], &[]);
        assert!(f.keeps(Path::new("/p/other"), true));
        assert!(f.keeps(Path::new("/p/plans/a/b.json"), false));
        assert!(!f.keeps(Path::new("/p/other/b.json"), false));
    }

    #[test]
    fn a_file_under_an_excluded_folder_is_excluded() {
        let f = filter(&[], &["drafts"]);
        assert!(f.excludes(Path::new("/p/drafts/a.json")));
        assert!(!f.excludes(Path::new("/p/plans/a.json")));
    }
}
