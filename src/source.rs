//! Reading inputs: a file, a folder walked for `*.json` (and the YAML of Vapi's gitops
//! layout, see [`PLAN_EXTENSIONS`]), or standard input, turned into a [`Source`] — the text
//! plus a line index for byte offset → line:column — and the [`Syntax`] it is written in.
//!
//! Everything that can go wrong before parsing (missing path, unreadable file, a folder where
//! a file was expected, binary content, invalid UTF-8, a byte order mark, an oversized file)
//! becomes an [`InputError`] carrying, where one exists, the byte offset of the problem.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The two ways an input fails before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputErrorKind {
    /// Missing, unreadable, a folder, too large.
    Read,
    /// Read, but not UTF-8 JSON text: binary, invalid UTF-8, a byte order mark.
    Content,
}

/// Plan files larger than this are refused: a real plan is a few kilobytes, and a file this
/// large is almost certainly the wrong file (an export, a log, a binary).
pub const MAX_PLAN_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The syntax a plan file is written in, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Strict JSON: every file but the two below, and standard input.
    Json,
    /// YAML: `.yml` and `.yaml` (Vapi's gitops resources).
    Yaml,
    /// Markdown with YAML frontmatter: `.md` (a gitops assistant, its body the system prompt).
    Frontmatter,
}

impl Syntax {
    /// The syntax of a file named `path`.
    pub fn of(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("yml" | "yaml") => Syntax::Yaml,
            Some("md") => Syntax::Frontmatter,
            _ => Syntax::Json,
        }
    }

    /// The syntax's name in a "not valid …" message.
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Json => "JSON",
            Syntax::Yaml | Syntax::Frontmatter => "YAML",
        }
    }
}

/// The folders of Vapi's gitops layout (`resources/<env>/<folder>/…`) whose resources can hold
/// an analysis: structured outputs, and the assistants and squads that link or inline them.
/// Tools, simulations and evals hold none.
pub const GITOPS_FOLDERS: &[&str] = &["structuredOutputs", "assistants", "squads"];

/// The extensions a folder walk reads plans from: JSON anywhere, YAML and Markdown only inside
/// a [`GITOPS_FOLDERS`] folder (Markdown only in `assistants`), where gitops keeps them. A
/// YAML file named on the command line is read wherever it is.
pub const PLAN_EXTENSIONS: &[&str] = &["json", "yml", "yaml", "md"];

/// The gitops resource a path names, `(folder, resource id)`: the id is the path below the
/// type folder without its extension, as gitops computes it (`assistants/support/intake.yml`
/// is `support/intake`); `None` outside the layout.
pub fn gitops_resource(path: &Path) -> Option<(&'static str, String)> {
    let parts: Vec<&str> = path.components().filter_map(|c| c.as_os_str().to_str()).collect();
    // the innermost type folder: `resources/assistants/structuredOutputs` is not a real layout
    let at = parts.iter().rposition(|part| GITOPS_FOLDERS.contains(part))?;
    let folder = GITOPS_FOLDERS.iter().find(|f| **f == parts[at])?;
    let rest = &parts[at + 1..];
    let (last, dirs) = rest.split_last()?;
    let stem = Path::new(last).file_stem()?.to_str()?;
    let mut id: Vec<&str> = dirs.to_vec();
    id.push(stem);
    Some((folder, id.join("/")))
}

/// Whether a walk keeps a file of this path's extension (see [`PLAN_EXTENSIONS`]).
fn walk_keeps(path: &Path, extensions: &[&str]) -> bool {
    let Some(extension) = path.extension().and_then(|e| e.to_str()) else { return false };
    if !extensions.contains(&extension) {
        return false;
    }
    match Syntax::of(path) {
        Syntax::Json => true,
        Syntax::Yaml => gitops_resource(path).is_some(),
        Syntax::Frontmatter => gitops_resource(path).is_some_and(|(folder, _)| folder == "assistants"),
    }
}

/// The name used for standard input in diagnostics.
pub const STDIN_NAME: &str = "<stdin>";

/// One input's text, with the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    name: String,
    path: Option<PathBuf>,
    text: String,
    line_starts: Vec<usize>,
    /// For text with very long lines: `(byte offset, characters before it)` every
    /// [`CHECKPOINT_BYTES`] or so, so a column is counted from the nearest checkpoint instead
    /// of from the start of a line that may be megabytes long. Empty otherwise.
    checkpoints: Vec<(usize, usize)>,
}

/// Lines longer than this get column checkpoints.
const CHECKPOINT_BYTES: usize = 4096;

/// A 1-based line and column; the column counts Unicode scalar values, as editors and SARIF's
/// `unicodeCodePoints` column kind do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Why an input could not be turned into text.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct InputError {
    /// Whether the input could not be read at all, or was read but is not JSON text.
    pub kind: InputErrorKind,
    /// The name the input is reported under.
    pub name: String,
    /// What went wrong, in one lowercase line.
    pub message: String,
    /// Where in the raw bytes, when the problem has a place (invalid UTF-8, a NUL byte).
    pub offset: Option<usize>,
    /// The raw bytes decoded lossily, so the place can still be shown.
    pub text: Option<String>,
    /// A hint for the user.
    pub help: Option<String>,
}

impl Source {
    /// Wraps text that is already in memory, reported under `name`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let line_starts = line_starts(&text);
        let long_line = line_starts.windows(2).any(|w| w[1] - w[0] > CHECKPOINT_BYTES)
            || line_starts.last().is_some_and(|&last| text.len() - last > CHECKPOINT_BYTES);
        let checkpoints = if long_line { checkpoints(&text) } else { Vec::new() };
        Source { name: name.into(), path: None, text, line_starts, checkpoints }
    }

    /// The same input with other text (a fixed version of it): name and path kept, so path
    /// overrides of plankit.toml still apply.
    pub fn with_text(&self, text: impl Into<String>) -> Source {
        let mut source = Source::new(self.name.clone(), text);
        source.path.clone_from(&self.path);
        source
    }

    /// Reads a file, refusing folders, binary content, invalid UTF-8 and oversized files.
    pub fn from_path(path: &Path) -> Result<Source, InputError> {
        Source::read_path(path, false)
    }

    /// Reads a call transcript: as [`Source::from_path`], but a leading byte order mark (which
    /// Windows editors write into text files) is skipped rather than refused. JSON plan files
    /// stay strict, because the platform's JSON parser refuses a BOM; YAML files skip it, as
    /// YAML allows.
    pub fn from_transcript_path(path: &Path) -> Result<Source, InputError> {
        Source::read_path(path, true)
    }

    fn read_path(path: &Path, skip_bom: bool) -> Result<Source, InputError> {
        let name = display_name(path);
        let fail = |message: String| InputError {
            kind: InputErrorKind::Read,
            name: name.clone(),
            message,
            offset: None,
            text: None,
            help: None,
        };
        let mut bytes = read_bounded(path, MAX_PLAN_FILE_BYTES).map_err(|refused| match refused {
            Refused::TooLarge(size) => InputError {
                help: Some(format!(
                    "JSON files are read whole and limited to {} MB; stream large exports as NDJSON (`.ndjson`, `plankit validate --ndjson`)",
                    MAX_PLAN_FILE_BYTES / (1024 * 1024)
                )),
                ..fail(format!("file is too large ({})", size.map_or_else(|| "over the limit".to_owned(), human_bytes)))
            },
            Refused::Other(message) => fail(message),
        })?;
        // YAML allows a byte order mark at the start of a stream (YAML 1.2 §5.2); JSON does not
        if (skip_bom || Syntax::of(path) != Syntax::Json) && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let mut source = Source::from_bytes(name, bytes)?;
        source.path = Some(path.to_path_buf());
        Ok(source)
    }

    /// Reads all of standard input (bounded by [`MAX_PLAN_FILE_BYTES`]).
    pub fn from_stdin() -> Result<Source, InputError> {
        let mut bytes = Vec::new();
        let read = std::io::stdin().take(MAX_PLAN_FILE_BYTES + 1).read_to_end(&mut bytes);
        if let Err(e) = read {
            return Err(InputError {
                kind: InputErrorKind::Read,
                name: STDIN_NAME.to_owned(),
                message: io_message(&e),
                offset: None,
                text: None,
                help: None,
            });
        }
        if bytes.len() as u64 > MAX_PLAN_FILE_BYTES {
            return Err(InputError {
                kind: InputErrorKind::Read,
                name: STDIN_NAME.to_owned(),
                message: "standard input is too large".to_owned(),
                offset: None,
                text: None,
                help: Some(format!("plan input over {} MB is refused", MAX_PLAN_FILE_BYTES / (1024 * 1024))),
            });
        }
        Source::from_bytes(STDIN_NAME.to_owned(), bytes)
    }

    /// Checks raw bytes for the problems that make them unusable as JSON text.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, InputError> {
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(InputError {
                kind: InputErrorKind::Content,
                message: "UTF-16 text: plankit reads UTF-8".to_owned(),
                offset: Some(0),
                text: Some(String::new()),
                help: Some("re-save the file as UTF-8 (without BOM)".to_owned()),
                name,
            });
        }
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            // the text shown is the lossy decoding of what precedes the NUL, so the NUL's
            // offset is that text's end (invalid bytes before it decode to wider characters)
            let shown = String::from_utf8_lossy(&bytes[..nul]).into_owned();
            return Err(InputError {
                kind: InputErrorKind::Content,
                message: "binary file: contains a NUL byte".to_owned(),
                offset: Some(shown.len()),
                text: Some(shown),
                help: Some("plankit reads UTF-8 text: JSON plans and payloads, and transcripts".to_owned()),
                name,
            });
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                if text.starts_with('\u{feff}') {
                    return Err(InputError {
                        kind: InputErrorKind::Content,
                        message: "file starts with a byte order mark".to_owned(),
                        offset: Some(0),
                        text: Some(text),
                        help: Some(
                            "JSON text must not begin with a BOM (RFC 8259 §8.1); save the file as UTF-8 without BOM"
                                .to_owned(),
                        ),
                        name,
                    });
                }
                Ok(Source::new(name, text))
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                Err(InputError {
                    kind: InputErrorKind::Content,
                    message: format!("invalid UTF-8: byte 0x{:02X} cannot start or continue a character", bytes[at]),
                    offset: Some(at),
                    // the whole text, lossily: the bad byte becomes U+FFFD after the offset shown
                    text: Some(String::from_utf8_lossy(&bytes).into_owned()),
                    help: Some("plankit reads UTF-8 text; re-save the file as UTF-8".to_owned()),
                    name,
                })
            }
        }
    }

    /// The name the input is reported under (a path as given, or `<stdin>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's path, when it came from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The syntax its text is in: from its path, or else the name it is reported under
    /// (JSON for standard input).
    pub fn syntax(&self) -> Syntax {
        match &self.path {
            Some(path) => Syntax::of(path),
            None if self.name == STDIN_NAME => Syntax::Json,
            None => Syntax::of(Path::new(&self.name)),
        }
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        if self.checkpoints.is_empty() {
            return line_column(&self.text, &self.line_starts, offset);
        }
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        LineColumn { line, column: self.chars_before(offset) - self.chars_before(start) + 1 }
    }

    /// How many characters precede `offset` (a character boundary), from the nearest checkpoint.
    fn chars_before(&self, offset: usize) -> usize {
        let at = self.checkpoints.partition_point(|&(byte, _)| byte <= offset).saturating_sub(1);
        let (byte, chars) = self.checkpoints.get(at).copied().unwrap_or((0, 0));
        chars + self.text[byte..offset].chars().count()
    }
}

/// A span that can be shown with a caret: both ends on character boundaries inside `text`, and
/// at least one character wide where the text allows (an empty span becomes the character at
/// its start).
pub fn visible_span(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(range.start);
    let end = floor(range.end.max(start));
    if end > start {
        return start..end;
    }
    start..start + text[start..].chars().next().map_or(0, char::len_utf8)
}

/// The 1-based line and character column of `offset` in `text`, for text without a [`Source`].
pub fn line_column_in(text: &str, offset: usize) -> LineColumn {
    line_column(text, &line_starts(text), offset)
}

/// The column (1-based, in characters) of byte `offset` in `text`, a single line: what
/// [`line_column_in`] gives for text without a newline, without looking for one.
pub fn column_in_line(text: &str, offset: usize) -> usize {
    line_column(text, &[0], offset).column
}

fn line_column(text: &str, line_starts: &[usize], offset: usize) -> LineColumn {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = line_starts.partition_point(|&start| start <= offset);
    let start = line_starts[line - 1];
    LineColumn { line, column: text[start..offset].chars().count() + 1 }
}

/// `(byte offset, characters before it)` at the first character boundary of every
/// [`CHECKPOINT_BYTES`] block.
fn checkpoints(text: &str) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 0)];
    let mut chars = 0;
    let mut from = 0;
    while from + CHECKPOINT_BYTES < text.len() {
        let mut to = from + CHECKPOINT_BYTES;
        while !text.is_char_boundary(to) {
            to += 1;
        }
        chars += text[from..to].chars().count();
        out.push((to, chars));
        from = to;
    }
    out
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(newline_offsets(text)).collect()
}

fn newline_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1)
}

/// A path as the user will recognise it: as given, with `./` dropped.
pub fn display_name(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    shown.display().to_string()
}

/// Removes `.` and resolves `..` without touching the file system (the file may not exist).
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Why [`read_bounded`] refused a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Larger than the limit: its size when the file system said so up front, else `None`
    /// (it grew past the limit while being read).
    TooLarge(Option<u64>),
    /// Missing, unreadable, a folder, or not a regular file: one lowercase line.
    Other(String),
}

/// Reads a regular file of at most `limit` bytes. Anything else is refused before it is
/// opened — a folder, a FIFO (opening one blocks until a writer comes), a character device
/// such as `/dev/zero` or `/dev/urandom` (endless), a socket — and the limit is enforced while
/// reading (at most `limit + 1` bytes are read), so a file that grows, or lies about its size,
/// cannot exhaust memory. `/dev/null` reads as empty.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    // the one device whose contents are known: empty (`--config /dev/null` means no config)
    if path == Path::new("/dev/null") {
        return Ok(Vec::new());
    }
    let meta = std::fs::metadata(path).map_err(|e| Refused::Other(io_message(&e)))?;
    if meta.is_dir() {
        return Err(Refused::Other(match std::fs::read_dir(path) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                "permission denied: the folder cannot be read".to_owned()
            }
            _ => "is a folder, expected a file".to_owned(),
        }));
    }
    if !meta.is_file() {
        return Err(Refused::Other(format!(
            "is not a regular file ({}): refused without reading it",
            special_kind(&meta.file_type())
        )));
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge(Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| Refused::Other(io_message(&e)))?;
    // swapped for something else between the check and the open
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(Refused::Other("is not a regular file: refused without reading it".to_owned()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Refused::Other(io_message(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge(None));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for messages.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "a special file"
}

/// Why an I/O operation failed, in the words plankit's messages use (`permission denied`,
/// `no such file or folder`).
pub fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a folder, expected a file".to_owned(),
        _ => format!("cannot be read: {error}").to_lowercase(),
    }
}

fn human_bytes(n: u64) -> String {
    format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
}

/// What a command-line path argument expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file to read (given directly, or found while walking a folder).
    File(PathBuf),
    /// Standard input, from the argument `-`.
    Stdin,
}

/// Expands path arguments: `-` is standard input, a folder is walked recursively for `*.json`
/// files in sorted order (hidden entries, `node_modules` and `target` skipped, symlinks — to
/// files or folders — not followed), anything else is taken as a file and checked when read.
pub fn expand_inputs(args: &[PathBuf]) -> Vec<Input> {
    expand_inputs_with(args, &["json"])
}

/// As [`expand_inputs`], walking folders for files with any of `extensions` (no dot).
pub fn expand_inputs_with(args: &[PathBuf], extensions: &[&str]) -> Vec<Input> {
    expand_inputs_walking(args, extensions, Walk::default())
}

/// How folders are walked: as ripgrep walks them, with its own walker (the `ignore` crate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Walk {
    /// Follow symlinks (`--follow`), with loop detection, as long as their target stays
    /// inside the folder being walked. Off by default: a symlink is skipped.
    pub follow: bool,
    /// Walk what `.gitignore` (in a git repository), `.ignore` and git's global excludes
    /// leave out too (`--no-ignore`). Hidden entries, `node_modules` and `target` are
    /// skipped either way.
    pub no_ignore: bool,
}

/// As [`expand_inputs_with`], walking folders as `walk` says. A folder named on the command
/// line is walked even when an ignore file lists it; a file named is always an input.
pub fn expand_inputs_walking(args: &[PathBuf], extensions: &[&str], walk: Walk) -> Vec<Input> {
    expand_inputs_keeping(args, extensions, walk, None)
}

/// Decides whether a walk keeps an entry found in a folder (`true` for a folder: enter it).
/// Called from the walker, hence shared and thread-safe.
pub type Keep = std::sync::Arc<dyn Fn(&Path, bool) -> bool + Send + Sync>;

/// As [`expand_inputs_walking`], keeping only the entries of walked folders that `keep`
/// accepts (`plankit.toml`'s `include` and `exclude`); what is named on the command line is
/// kept regardless.
pub fn expand_inputs_keeping(args: &[PathBuf], extensions: &[&str], walk: Walk, keep: Option<Keep>) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |input: Input, inputs: &mut Vec<Input>| {
        // the same file named twice (or named and found in a folder) is read once
        let key = match &input {
            Input::File(path) => Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())),
            Input::Stdin => None,
        };
        if key.is_none_or(|key| seen.insert(key)) {
            inputs.push(input);
        }
    };
    for arg in args {
        if arg.as_os_str() == "-" {
            push(Input::Stdin, &mut inputs);
        } else if arg.is_dir() {
            for path in walk_folder(arg, extensions, walk, keep.clone()) {
                push(Input::File(path), &mut inputs);
            }
        } else {
            push(Input::File(arg.clone()), &mut inputs);
        }
    }
    inputs
}

/// Folder entries a walk never enters: hidden ones, dependency and build folders.
pub fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules" || name == "target"
}

/// The files under `dir` with one of `extensions`, in name order. A sub-folder that cannot be
/// read is returned as a path too, so reading it reports why.
fn walk_folder(dir: &Path, extensions: &[&str], walk: Walk, keep: Option<Keep>) -> Vec<PathBuf> {
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(!walk.no_ignore)
        .hidden(true)
        .follow_links(walk.follow)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            entry.depth() == 0
                || (!is_skipped(&entry.file_name().to_string_lossy())
                    && keep
                        .as_ref()
                        .is_none_or(|keep| keep(entry.path(), entry.file_type().is_some_and(|t| t.is_dir()))))
        });
    let mut out = Vec::new();
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                // a folder that cannot be read is reported for what it is; a symlink loop
                // (with `--follow`) is simply not walked twice
                if let Some(path) = error_path(&error)
                    && !matches!(error, ignore::Error::Loop { .. })
                {
                    out.push(path.to_path_buf());
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        if entry.path_is_symlink() {
            // never out of the folder: a symlink may lead to a file the user never meant to
            // show in a code frame (a secret, `/proc/self/environ`)
            let inside =
                walk.follow && std::fs::canonicalize(entry.path()).is_ok_and(|target| target.starts_with(&root));
            if !inside {
                continue;
            }
        }
        // special files (a FIFO, a device) are kept: reading refuses them, and says what they are
        let is_file = entry.file_type().is_some_and(|t| !t.is_dir());
        if is_file && walk_keeps(entry.path(), extensions) {
            out.push(entry.into_path());
        }
    }
    out
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitops_resource_ids_are_paths_below_the_type_folder() {
        let id = |path: &str| gitops_resource(Path::new(path));
        assert_eq!(
            id("resources/structuredOutputs/call-summary.yml"),
            Some(("structuredOutputs", "call-summary".into()))
        );
        assert_eq!(id("resources/prod/assistants/support/intake.md"), Some(("assistants", "support/intake".into())));
        assert_eq!(id("resources/squads/desk.yaml"), Some(("squads", "desk".into())));
        assert_eq!(id("resources/tools/lookup.yml"), None);
        assert_eq!(id("plans/desk.yml"), None);
        // a walk takes YAML only in those folders, Markdown only in `assistants`
        assert!(walk_keeps(Path::new("r/assistants/a.md"), PLAN_EXTENSIONS));
        assert!(!walk_keeps(Path::new("r/structuredOutputs/README.md"), PLAN_EXTENSIONS));
        assert!(!walk_keeps(Path::new("docker-compose.yml"), PLAN_EXTENSIONS));
        assert!(walk_keeps(Path::new("plans/a.json"), PLAN_EXTENSIONS));
        assert!(!walk_keeps(Path::new("r/assistants/a.yml"), &["json"]));
        assert_eq!(Source::new("a.YAML", "").syntax(), Syntax::Yaml);
        assert_eq!(Source::new(STDIN_NAME, "").syntax(), Syntax::Json);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = Source::new("x", "{\n  \"é\": 1\n}");
        assert_eq!(source.line_column(0), LineColumn { line: 1, column: 1 });
        // `1` sits after `  "é": ` which is 7 characters but 8 bytes
        let one = source.text().find('1').unwrap_or_default();
        assert_eq!(source.line_column(one), LineColumn { line: 2, column: 8 });
    }

    #[test]
    fn columns_on_very_long_lines_agree_with_counting() {
        let line = "é{\"a\": 1}".repeat(2_000);
        let text = format!("x\n{line}\n{line}");
        let source = Source::new("x", text.as_str());
        assert!(!source.checkpoints.is_empty());
        for offset in (0..text.len()).step_by(997).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(source.line_column(offset), line_column_in(&text, offset), "at {offset}");
        }
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        let err = Source::from_bytes("f".into(), b"{\"a\": \"\xff\"}".to_vec()).err();
        assert_eq!(err.and_then(|e| e.offset), Some(7));
    }

    #[test]
    fn byte_order_mark_is_refused() {
        let err = Source::from_bytes("f".into(), "\u{feff}{}".as_bytes().to_vec()).err();
        assert!(err.is_some_and(|e| e.message.contains("byte order mark")));
    }

    #[test]
    fn transcripts_may_start_with_a_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("call.txt");
        std::fs::write(&path, "\u{feff}AI: Hallo\n").unwrap();
        assert!(Source::from_path(&path).is_err());
        assert_eq!(Source::from_transcript_path(&path).unwrap().text(), "AI: Hallo\n");
    }

    #[test]
    fn yaml_files_may_start_with_a_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        for (name, skipped) in [("output.yml", true), ("assistant.md", true), ("plan.json", false)] {
            let path = dir.path().join(name);
            std::fs::write(&path, "\u{feff}name: x\n").unwrap();
            assert_eq!(Source::from_path(&path).ok().map(|s| s.text().to_owned()), skipped.then(|| "name: x\n".into()));
        }
    }

    #[test]
    fn utf16_is_named_for_what_it_is() {
        let err = Source::from_bytes("f".into(), b"\xFF\xFEA\0I\0".to_vec()).err();
        assert!(err.is_some_and(|e| e.message.starts_with("UTF-16 text")));
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = Source::from_bytes("f".into(), vec![b'{', 0, 1]).err();
        assert_eq!(err.and_then(|e| e.offset), Some(1));
    }
}
