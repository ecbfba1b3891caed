//! Snapshot files on disk: the stored `plan.snap`, the pending `plan.snap.new`, and atomic
//! writes (a temporary file in the same folder, then a rename), so an interrupted run never
//! leaves a half-written snapshot.

use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` atomically: a new temporary file in the same folder, created
/// exclusively under a random name (so a planted symlink or file is never written through),
/// then renamed over `path`. The old file's permissions are kept. If the process dies before the
/// rename, the hidden `.plankit-*.tmp` file is removed by [`remove_stale_temporaries`] on the
/// next run.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new().prefix(TEMPORARY_PREFIX).suffix(".tmp").tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    if let Ok(meta) = std::fs::metadata(path) {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.as_file().sync_all()?;
    // on failure the temporary file is deleted when `file` drops
    file.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// The name every temporary file plankit writes starts with.
const TEMPORARY_PREFIX: &str = ".plankit-";

/// Removes temporary files of plankit's own naming left in `dir` by a run that was killed
/// mid-write, when they are older than a minute (a concurrent run's are younger).
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMPORARY_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(|meta| meta.is_file())
            .and_then(|meta| meta.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Reads a snapshot; `None` when there is none. A snapshot that is a symlink is refused, never
/// followed: its target could be any file on the machine, printed whole as a diff.
pub fn read(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(std::io::Error::other("is a symlink, which plankit does not follow"));
        }
        Ok(_) => {}
    }
    let bytes =
        crate::source::read_bounded(path, crate::source::MAX_PLAN_FILE_BYTES).map_err(|refused| match refused {
            crate::source::Refused::TooLarge(_) => std::io::Error::other("is too large to be a snapshot"),
            crate::source::Refused::Other(why) => std::io::Error::other(why),
        })?;
    String::from_utf8(bytes).map(Some).map_err(|_| std::io::Error::other("is not UTF-8 text"))
}

/// Removes a file that may not exist.
pub fn remove(path: &Path) -> std::io::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.snap");
        write_atomically(&path, "one").unwrap();
        write_atomically(&path, "two").unwrap();
        assert_eq!(read(&path).unwrap().as_deref(), Some("two"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(remove(&path).unwrap());
        assert!(!remove(&path).unwrap());
    }
}
