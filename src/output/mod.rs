//! Output: where rendered files go. The `Sink` trait is all render knows of it; `staging`
//! writes a build beside the output and swaps it in; `owned` decides which paths kpss may
//! replace (the marker, the names of its folders). Nothing here knows what a page is.

pub mod owned;
pub mod staging;

pub use staging::{Staging, is_disk_full, recover};

/// Where rendered files go.
pub trait Sink: Sync {
    /// Write `bytes` at site path `path` (`jh/skupiny/rs/index.html`).
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Copy a file from the site root (`content/…`) or an absolute path to site path `path`.
    fn copy(&self, source: &std::path::Path, path: &str) -> std::io::Result<()>;
    /// `write`, for a caller done with its bytes: a sink that keeps them takes them as they
    /// are instead of copying.
    fn write_owned(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.write(path, &bytes)
    }
    /// `bytes` are already at `path` (checked by the caller): count the file as written
    /// without writing it again. Sinks that do not hold earlier files write it.
    fn keep(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write(path, bytes)
    }
}
