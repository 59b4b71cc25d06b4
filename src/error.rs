//! The one error type of operational failures: what stops a command before or after the
//! content was judged (content mistakes are `Diagnostic`s, never this). Every variant carries a
//! message in the site's language that names the path or the address concerned; `main` prints
//! it after "kpss:" and exits with 2.

use std::io;

/// Why a command could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// kpss refuses to touch a path (not its own output, a file that exists, a link out of
    /// the site) or to start (a port in use).
    #[error("{0}")]
    Refused(String),
    /// Reading or writing failed; `what` says what was being done, naming the path.
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: io::Error,
    },
    /// The disk filled up while writing; the message says how much space the build needs.
    #[error("{0}")]
    DiskFull(String),
    /// A template failed on a page, or a page could not be written.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
}

impl Error {
    /// An I/O failure while doing `what` (a sentence naming the path).
    pub fn io(what: impl Into<String>, source: io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }
}

/// The result of an operation that may fail operationally.
pub type Result<T> = std::result::Result<T, Error>;
