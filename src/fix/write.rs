//! Writing a fixed file back: only when the user asked (`--fix`), atomically (a temporary file
//! beside it, renamed over it, permissions kept), and never over a file that changed on disk
//! since plankit read it or that is read-only. When anything fails the original is intact.

use std::path::Path;

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is read-only: fixing it was not allowed.
    #[error("{0} is read-only: not fixed")]
    ReadOnly(String),
    /// Someone changed the file between reading and writing.
    #[error("{0} changed on disk while plankit was fixing it: not overwritten (run again)")]
    Changed(String),
    /// Reading the current content or writing the new one failed (a full disk, a folder
    /// without write permission).
    #[error("cannot write {name}: {message}")]
    Io {
        /// The file.
        name: String,
        /// What went wrong, in one lowercase line.
        message: String,
    },
}

/// Replaces `path`'s content, which must still be `original`, with `fixed`.
pub fn write_fixed(path: &Path, original: &str, fixed: &str) -> Result<(), WriteError> {
    let name = crate::source::display_name(path);
    let io = |error: std::io::Error| WriteError::Io { name: name.clone(), message: crate::source::io_message(&error) };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly(name));
    }
    let current = std::fs::read(path).map_err(io)?;
    if current != original.as_bytes() {
        return Err(WriteError::Changed(name));
    }
    crate::case::store::write_atomically(path, fixed).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("plan.json");
        std::fs::write(&path, "{\"b\": 2}").unwrap_or_else(|e| panic!("{e}"));
        let result = write_fixed(&path, "{\"a\": 1}", "{\"a\": 2}");
        assert!(matches!(result, Err(WriteError::Changed(_))), "{result:?}");
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("{\"b\": 2}"));
        assert!(write_fixed(&path, "{\"b\": 2}", "{\"b\": 3}").is_ok());
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("{\"b\": 3}"));
    }
}
