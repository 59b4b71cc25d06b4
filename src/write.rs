//! Write: rendered files go into a fresh folder beside the output, which replaces the output
//! only after everything was written. A failed or interrupted build leaves the last good
//! output untouched; leftovers of an interrupted build are removed by the next one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::Sink;

const TMP_PREFIX: &str = ".kpss-build-";
const OLD_PREFIX: &str = ".kpss-old-";

/// A folder being filled, not yet the output.
pub struct Staging {
    root: PathBuf,
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl Staging {
    /// Create the staging folder next to `output`, after removing stale ones of earlier runs.
    pub fn new(site_root: &Path, output: &Path) -> io::Result<Staging> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        recover(output);
        remove_stale(parent, output);
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "dist".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!("{TMP_PREFIX}{name}-"))
            .tempdir_in(parent)?;
        let path = dir.path().to_path_buf();
        Ok(Staging {
            root: site_root.to_path_buf(),
            dir: Some(dir),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Put the staged folder in place of `output` (the old one is removed afterwards).
    pub fn commit(mut self, output: &Path) -> io::Result<()> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let staged = dir.keep();
        let parent = output.parent().unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "dist".into());
        if output.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!("{OLD_PREFIX}{name}-"))
                .tempdir_in(parent)?
                .keep();
            // `old` exists empty: move the current output inside it, then the new one in place.
            let aside = old.join(&name);
            fs::rename(output, &aside)?;
            if let Err(e) = fs::rename(&staged, output) {
                // Put the last good output back before reporting.
                let _ = fs::rename(&aside, output);
                return Err(e);
            }
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&staged, output)?;
        }
        Ok(())
    }
}

/// A build killed between the two renames of `commit` left the last good output inside an old
/// folder and none in place: put it back. Every `build` calls this first, before it can fail.
pub fn recover(output: &Path) {
    if output.exists() {
        return;
    }
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = output.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let aside = e.path().join(&name);
        if n.starts_with(&format!("{OLD_PREFIX}{name}-")) && aside.is_dir() {
            if fs::rename(&aside, output).is_ok() {
                let _ = fs::remove_dir(e.path());
            }
            return;
        }
    }
}

/// Remove staging and old folders left by an interrupted build of the same output.
fn remove_stale(parent: &Path, output: &Path) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        if n.starts_with(&format!("{TMP_PREFIX}{name}-"))
            || n.starts_with(&format!("{OLD_PREFIX}{name}-"))
        {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Is `path` a safe site path (no `..`, not absolute)?
fn safe(path: &str) -> bool {
    !path.starts_with('/')
        && !path.split('/').any(|c| c == ".." || c == ".")
        && !path.contains('\\')
}

impl Staging {
    /// The file for site path `path` inside the staging folder, its folder created.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        if !safe(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe path {path}"),
            ));
        }
        let target = self.path.join(path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        Ok(target)
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.target(path)?, bytes)
    }

    fn copy(&self, source: &Path, path: &str) -> io::Result<()> {
        let target = self.target(path)?;
        let src = if source.is_absolute() {
            source.to_path_buf()
        } else {
            self.root.join(source)
        };
        fs::copy(src, target).map(|_| ())
    }
}
