//! Where a schema's `$ref`s may lead: to JSON files in the schema's own folder (and below), and
//! nowhere else. plankit never touches the network, and a reference that climbs out of the
//! folder (`../../etc/passwd`, an absolute path elsewhere, a symlink out) is refused rather than read.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Resolves `file://` references inside one folder; refuses every other scheme.
#[derive(Debug, Clone)]
pub struct LocalFiles {
    /// The canonical folder references must stay inside; `None` refuses every file.
    root: Option<PathBuf>,
}

impl LocalFiles {
    /// A retriever confined to `root` (the folder of the schema or plan file).
    pub fn new(root: Option<PathBuf>) -> LocalFiles {
        LocalFiles { root: root.and_then(|r| r.canonicalize().ok()) }
    }

    fn read(&self, path: &Path) -> Result<Value, String> {
        let Some(root) = &self.root else {
            return Err("references to other files need a schema read from a file".to_owned());
        };
        let real = path.canonicalize().map_err(|_| format!("{} does not exist", path.display()))?;
        if !real.starts_with(root) {
            return Err(format!("{} is outside the schema's folder {}", path.display(), root.display()));
        }
        let bytes =
            crate::source::read_bounded(&real, crate::source::MAX_PLAN_FILE_BYTES).map_err(
                |refused| match refused {
                    crate::source::Refused::TooLarge(_) => format!("{} is too large to be a schema", path.display()),
                    crate::source::Refused::Other(why) => format!("{} cannot be read: {why}", path.display()),
                },
            )?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{} is not JSON: {e}", path.display()))
    }
}

impl jsonschema::Retrieve for LocalFiles {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.scheme().as_str() {
            "file" => Ok(self.read(&PathBuf::from(crate::uri::decode(uri.path().as_str())))?),
            scheme => Err(format!(
                "remote `$ref` {uri} is never fetched (scheme `{scheme}`): plankit does not use the network"
            )
            .into()),
        }
    }
}

/// A `file://` URI for a path, so relative references resolve beside it.
pub fn file_uri(path: &Path) -> String {
    format!("file://{}", crate::uri::encode_path(&path.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip_through_percent_encoding() {
        let uri = file_uri(Path::new("/tmp/my plans/é.json"));
        assert_eq!(uri, "file:///tmp/my%20plans/%C3%A9.json");
        assert_eq!(crate::uri::decode(uri.trim_start_matches("file://")), "/tmp/my plans/é.json");
    }
}
