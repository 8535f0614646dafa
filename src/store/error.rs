use std::path::PathBuf;

/// A file that cannot be read or written, or does not parse: what the store and the
/// user's config both report.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    // the OS reason is in the message, not a source too: `{:#}` would say it twice
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A file that does not parse; it is reported and left untouched.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl FileError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        FileError::Io {
            path: path.into(),
            error: source,
        }
    }

    pub fn parse(path: impl Into<PathBuf>, err: &ron::error::SpannedError) -> Self {
        FileError::Parse {
            path: path.into(),
            line: err.span.start.line,
            column: err.span.start.col,
            message: err.code.to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(
        "annotator {annotator:?} already has a session open on this workspace \
         (pid {pid} on host {host}, since {since}); close it first, or run tanba with \
         --take-over to ask it to save and exit (same host and user)"
    )]
    Locked {
        annotator: String,
        pid: u32,
        host: String,
        since: String,
    },
    #[error("cannot take over {annotator:?}'s session: {message}")]
    TakeOver { annotator: String, message: String },
    #[error("refusing to write {annotator:?}'s annotations as {me:?}")]
    NotYours { annotator: String, me: String },
    #[error("no user data directory could be found; pass --workspace DIR")]
    NoDataDir,
}

impl StoreError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        FileError::io(path, source).into()
    }

    pub fn parse(path: impl Into<PathBuf>, err: &ron::error::SpannedError) -> Self {
        FileError::parse(path, err).into()
    }
}
