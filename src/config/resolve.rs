//! Which `plankit.toml` applies to a file: the nearest one above it, as ruff and ESLint
//! resolve theirs, so a monorepo can keep one config per project folder.
//!
//! `--config FILE` wins over every discovered file. A file with no config above it (up to its
//! repository root or the home folder, see [`Config::nearest`]) and standard input take the
//! working folder's config, so nothing changes for a project that has one `plankit.toml` at
//! its root. Each config file is read once per run, however many files it applies to; the
//! caller lays the command line's choices (`--target`, `--select`) over each one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Config, ConfigError};
use crate::lint::Settings;
use crate::source::Input;

/// The settings that apply to some files, and where they came from.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// The config file as the user would name it from the working folder; `None` when
    /// plankit's defaults apply.
    pub file: Option<String>,
    /// The config file's path; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// Its settings, with the command line's choices laid over them.
    pub settings: Settings,
}

/// How the command line changes every config's settings.
pub type Adjust = Box<dyn Fn(&mut Settings) + Send + Sync>;

/// Finds and caches the config of every folder a run touches.
pub struct Resolver {
    explicit: Option<Arc<Resolved>>,
    working: Arc<Resolved>,
    adjust: Adjust,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Folder → what applies to files directly in it.
    folders: HashMap<PathBuf, Arc<Resolved>>,
    /// Config file → its settings, read once.
    configs: HashMap<PathBuf, Arc<Resolved>>,
    /// Configs that could not be used, each once.
    errors: Vec<ConfigError>,
    /// Config files skipped as untrusted, each once.
    notes: Vec<String>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver").field("explicit", &self.explicit).field("working", &self.working).finish()
    }
}

impl Resolver {
    /// A resolver for a run in `working_dir`: `explicit` is `--config FILE`. The explicit
    /// file, or the working folder's config, is read now, so its problems stop the run early.
    pub fn new(explicit: Option<&Path>, working_dir: &Path, adjust: Adjust) -> Result<Resolver, ConfigError> {
        let mut state = State::default();
        let explicit = match explicit {
            Some(path) => {
                let config = Config::load(path)?;
                Some(Arc::new(resolved(Some(config), &adjust)))
            }
            None => None,
        };
        let working = match &explicit {
            Some(explicit) => Arc::clone(explicit),
            None => {
                let mut notes = Vec::new();
                let found = Config::nearest(working_dir, &mut |note| notes.push(note));
                state.notes = notes;
                let config = found.map(|(path, _)| Config::load_as(&path, shown(&path))).transpose()?;
                let working = Arc::new(resolved(config, &adjust));
                if let Some(path) = &working.path {
                    state.configs.insert(path.clone(), Arc::clone(&working));
                }
                working
            }
        };
        Ok(Resolver { explicit, working, adjust, state: Mutex::new(state) })
    }

    /// What applies where nothing nearer does: `--config FILE`, else the working folder's.
    pub fn working(&self) -> Arc<Resolved> {
        Arc::clone(&self.working)
    }

    /// What applies to an input: standard input takes the working folder's config.
    pub fn for_input(&self, input: &Input) -> Arc<Resolved> {
        match input {
            Input::File(path) => self.for_file(path),
            Input::Stdin => self.working(),
        }
    }

    /// What applies to a file (or a folder as an entry of its parent): its folder's config.
    pub fn for_file(&self, path: &Path) -> Arc<Resolved> {
        let absolute =
            std::path::absolute(path).map_or_else(|_| path.to_path_buf(), |p| crate::source::normalize_path(&p));
        match absolute.parent() {
            Some(folder) => self.for_folder(folder),
            None => self.working(),
        }
    }

    /// What applies to the files directly in `folder`: the nearest config at or above it.
    pub fn for_folder(&self, folder: &Path) -> Arc<Resolved> {
        if let Some(explicit) = &self.explicit {
            return Arc::clone(explicit);
        }
        let folder =
            std::path::absolute(folder).map_or_else(|_| folder.to_path_buf(), |p| crate::source::normalize_path(&p));
        let mut state = self.lock();
        if let Some(found) = state.folders.get(&folder) {
            return Arc::clone(found);
        }
        let mut notes = Vec::new();
        let nearest = Config::nearest(&folder, &mut |note| notes.push(note));
        for note in notes {
            if !state.notes.contains(&note) {
                state.notes.push(note);
            }
        }
        let found = match nearest {
            None => Arc::clone(&self.working),
            Some((path, _)) => match state.configs.get(&path) {
                Some(found) => Arc::clone(found),
                None => {
                    let found = match Config::load_as(&path, shown(&path)) {
                        Ok(config) => Arc::new(resolved(Some(config), &self.adjust)),
                        Err(error) => {
                            state.errors.push(error);
                            Arc::new(Resolved::default())
                        }
                    };
                    state.configs.insert(path, Arc::clone(&found));
                    found
                }
            },
        };
        state.folders.insert(folder, Arc::clone(&found));
        found
    }

    /// Whether a walk keeps an entry, by the `include` / `exclude` of the config that applies
    /// to it (an entry's config is its parent folder's).
    pub fn keeps(&self, path: &Path, is_dir: bool) -> bool {
        self.for_file(path).settings.files.keeps(path, is_dir)
    }

    /// The config files found with problems, each once, in the order they were met.
    pub fn take_errors(&self) -> Vec<ConfigError> {
        std::mem::take(&mut self.lock().errors)
    }

    /// Notes about config files that were skipped as untrusted, each once.
    pub fn take_notes(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().notes)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // the state is a cache: one left by a panicking thread is still a valid cache
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn resolved(config: Option<Config>, adjust: &Adjust) -> Resolved {
    let (file, path, mut settings) = match config {
        Some(config) => (Some(shown(&config.path)), Some(config.path), config.settings),
        None => (None, None, Settings::default()),
    };
    adjust(&mut settings);
    Resolved { file, path, settings }
}

/// A path as the user would write it from the working folder: `plankit.toml`,
/// `plans/plankit.toml`, `../plankit.toml`, or absolute when it is elsewhere.
pub fn shown(path: &Path) -> String {
    let (Ok(cwd), Ok(absolute)) = (std::env::current_dir(), std::path::absolute(path)) else {
        return crate::source::display_name(path);
    };
    let absolute = crate::source::normalize_path(&absolute);
    for (up, ancestor) in cwd.ancestors().enumerate() {
        if let Ok(rest) = absolute.strip_prefix(ancestor) {
            // `../../x` but not `../../../../etc/x`: far away, the absolute path reads better
            if up > 3 || ancestor.parent().is_none() {
                break;
            }
            return format!("{}{}", "../".repeat(up), rest.display());
        }
    }
    absolute.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn the_nearest_config_above_a_file_applies_and_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".git")).unwrap();
        write(&root.join("plankit.toml"), "targets = [\"gemini\"]\n");
        write(&root.join("team/plankit.toml"), "targets = [\"openai-strict\"]\n");
        let resolver = Resolver::new(None, root, Box::new(|_| {})).unwrap();
        let top = resolver.for_file(&root.join("a.json"));
        let team = resolver.for_file(&root.join("team/deep/b.json"));
        assert_eq!(top.settings.targets.iter().map(|t| t.name()).collect::<Vec<_>>(), ["gemini"]);
        assert_eq!(team.settings.targets.iter().map(|t| t.name()).collect::<Vec<_>>(), ["openai-strict"]);
        assert!(Arc::ptr_eq(&team, &resolver.for_file(&root.join("team/c.json"))));
        assert!(resolver.take_errors().is_empty());
    }

    #[test]
    fn an_explicit_config_wins_and_the_command_line_is_laid_over_each() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".git")).unwrap();
        write(&root.join("team/plankit.toml"), "targets = [\"openai-strict\"]\n");
        write(&root.join("other.toml"), "draft = \"7\"\n");
        let adjust: Adjust = Box::new(|s| s.targets.clear());
        let resolver = Resolver::new(Some(&root.join("other.toml")), root, adjust).unwrap();
        let team = resolver.for_file(&root.join("team/b.json"));
        assert_eq!(team.settings.draft.as_deref(), Some("7"));
        assert!(team.settings.targets.is_empty());
    }

    #[test]
    fn a_broken_nested_config_is_recorded_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".git")).unwrap();
        write(&root.join("team/plankit.toml"), "tragets = []\n");
        let resolver = Resolver::new(None, root, Box::new(|_| {})).unwrap();
        resolver.for_file(&root.join("team/a.json"));
        resolver.for_file(&root.join("team/sub/b.json"));
        let errors = resolver.take_errors();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("unknown key `tragets`"), "{}", errors[0]);
    }
}
