//! Record and replay: every Chat Completions response `plankit eval` receives is kept in a
//! cassette file inside the cases folder, keyed by the SHA-256 of the request body and the run
//! number. Changing the plan, the model or the sampling changes the body, so exactly the
//! affected entries stop matching; `--replay` then fails on them instead of guessing.
//!
//! A cassette holds responses only: no request headers, so never a key. It is written whole
//! to a temporary file beside it and renamed over the old one, so a crash leaves the old or the
//! new cassette, never half of one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The cassette's file name inside the cases folder. Not `.json`, so `plankit lint` and
/// `plankit test` walks never take it for a plan or a payload.
pub const FILE_NAME: &str = "plankit.cassette";

/// The cassette format's version.
pub const VERSION: u32 = 1;

/// The recorded responses.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cassette {
    /// [`VERSION`].
    pub version: u32,
    /// Responses by [`key`].
    pub entries: BTreeMap<String, Entry>,
}

/// One recorded response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The case it answered, for people reading the file.
    pub case: String,
    /// The run number, from 1.
    pub run: u32,
    /// The model asked.
    pub model: String,
    /// How long the request took when it was recorded, in milliseconds.
    pub latency_ms: u64,
    /// The response body: a Chat Completions response.
    pub response: Value,
}

/// Why a cassette could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CassetteError {
    /// The file exists but cannot be read.
    #[error("{path}: cannot be read: {why}")]
    Read {
        /// The cassette.
        path: String,
        /// Why, in one line.
        why: String,
    },
    /// The file is not a cassette.
    #[error("{path}:{line}:{column}: not a plankit cassette: {why}")]
    Parse {
        /// The cassette.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Why, in one line.
        why: String,
    },
    /// Writing failed.
    #[error("{path}: cannot be written: {why}")]
    Write {
        /// The cassette.
        path: String,
        /// Why, in one line.
        why: String,
    },
}

/// The key of a request: the SHA-256 of its body, in hex, and the run number.
///
/// ```
/// let key = plankit::eval::cassette::key(r#"{"model":"gpt-4.1"}"#, 2);
/// assert_eq!(key.len(), 64 + 2);
/// assert!(key.ends_with("/2"));
/// ```
pub fn key(body: &str, run: u32) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{hex}/{run}")
}

impl Cassette {
    /// Where the cassette of a cases folder lives.
    pub fn path_in(folder: &Path) -> PathBuf {
        folder.join(FILE_NAME)
    }

    /// Reads a cassette; a missing file is an empty cassette.
    pub fn load(path: &Path) -> Result<Cassette, CassetteError> {
        let name = crate::source::display_name(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Cassette { version: VERSION, entries: BTreeMap::new() });
            }
            Err(error) => return Err(CassetteError::Read { path: name, why: error.to_string().to_lowercase() }),
        };
        let cassette: Cassette = serde_json::from_str(&text).map_err(|error| CassetteError::Parse {
            path: name.clone(),
            line: error.line(),
            column: error.column(),
            why: error.to_string().split(" at line").next().unwrap_or_default().to_owned(),
        })?;
        if cassette.version != VERSION {
            return Err(CassetteError::Parse {
                path: name,
                line: 1,
                column: 1,
                why: format!("version {} (this plankit reads version {VERSION})", cassette.version),
            });
        }
        Ok(cassette)
    }

    /// Writes the cassette atomically: a temporary file beside it, renamed over it.
    pub fn save(&self, path: &Path) -> Result<(), CassetteError> {
        let fail = |why: String| CassetteError::Write { path: crate::source::display_name(path), why };
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        // serialising a map of plain values cannot fail
        let text = serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        let mut file = tempfile::NamedTempFile::new_in(folder).map_err(|e| fail(e.to_string().to_lowercase()))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| fail(e.to_string().to_lowercase()))?;
        file.as_file().sync_all().map_err(|e| fail(e.to_string().to_lowercase()))?;
        file.persist(path).map_err(|e| fail(e.error.to_string().to_lowercase()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_cassette_loads_back_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cassette::path_in(dir.path());
        assert!(Cassette::load(&path).unwrap().entries.is_empty());
        let mut cassette = Cassette { version: VERSION, entries: BTreeMap::new() };
        let entry = Entry {
            case: "booking".into(),
            run: 1,
            model: "m".into(),
            latency_ms: 12,
            response: serde_json::json!({"choices": []}),
        };
        cassette.entries.insert(key("{}", 1), entry.clone());
        cassette.save(&path).unwrap();
        let loaded = Cassette::load(&path).unwrap();
        assert_eq!(loaded.entries.get(&key("{}", 1)), Some(&entry));
        // the temporary file was renamed, not left beside it
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_changed_body_or_run_is_another_key() {
        assert_ne!(key("{\"model\":\"a\"}", 1), key("{\"model\":\"b\"}", 1));
        assert_ne!(key("{}", 1), key("{}", 2));
    }

    #[test]
    fn a_broken_cassette_is_placed() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cassette::path_in(dir.path());
        std::fs::write(&path, "{\n  \"version\": 1,\n  \"entries\": [\n").unwrap();
        let error = Cassette::load(&path).unwrap_err().to_string();
        assert!(error.contains("plankit.cassette:3:"), "{error}");
    }
}
