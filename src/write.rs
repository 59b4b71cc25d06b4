//! Write: rendered files go into a staging folder beside the output, which replaces the output
//! only after everything was written. A failed or interrupted build leaves the last good
//! output untouched; leftovers of an interrupted build are taken up by the next one.
//!
//! The output a build replaces is not deleted: it is kept beside the output as the spare
//! (`.kpss-spare-<name>`), and the next build writes into it. A file whose bytes are already
//! there is left alone, a changed one is rewritten in place, files no page wrote any more are
//! removed. So a rebuild neither deletes nor creates tens of thousands of files, which matters
//! on ext4 without a journal: it skips recently freed inodes one by one when it allocates, and a
//! build after a mass deletion paid seconds of kernel time for it (a 10,000-meeting rebuild took
//! 5.3 s instead of 3.2 s). The spare costs the disk space of a second output; deleting it is
//! always safe.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::Sink;

const TMP_PREFIX: &str = ".kpss-build-";
const OLD_PREFIX: &str = ".kpss-old-";
const SPARE_PREFIX: &str = ".kpss-spare-";

/// A folder being filled, not yet the output.
pub struct Staging {
    root: PathBuf,
    path: PathBuf,
    /// Where the replaced output is kept for the next build.
    spare: PathBuf,
    /// The staging folder is an earlier output being reused: compare before writing, and
    /// remove what this build did not write.
    reused: bool,
    /// Site paths written by this build (kept only when `reused`).
    written: Mutex<HashSet<String>>,
    done: bool,
}

fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "dist".into())
}

/// The spare folder of `output`.
fn spare_of(output: &Path) -> PathBuf {
    parent_of(output).join(format!("{SPARE_PREFIX}{}", name_of(output)))
}

impl Staging {
    /// Make the staging folder next to `output`: the spare if there is one, else a new folder.
    /// Leftovers of interrupted runs are taken up first.
    pub fn new(site_root: &Path, output: &Path) -> io::Result<Staging> {
        let parent = parent_of(output);
        fs::create_dir_all(parent)?;
        recover(output);
        take_up_leftovers(parent, output);
        let name = name_of(output);
        let spare = spare_of(output);
        let path = parent.join(format!("{TMP_PREFIX}{name}-{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        let reused = spare.is_dir() && fs::rename(&spare, &path).is_ok();
        if !reused {
            fs::create_dir(&path)?;
        }
        Ok(Staging {
            root: site_root.to_path_buf(),
            path,
            spare,
            reused,
            written: Mutex::new(HashSet::new()),
            done: false,
        })
    }

    /// Put the staged folder in place of `output`; the replaced output becomes the spare.
    pub fn commit(mut self, output: &Path) -> io::Result<()> {
        if self.reused {
            let written = std::mem::take(
                &mut *self
                    .written
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            remove_unwritten(&self.path, "", &written)?;
        }
        let parent = parent_of(output);
        let name = name_of(output);
        if output.exists() {
            let old = parent.join(format!("{OLD_PREFIX}{name}-{}", std::process::id()));
            if old.exists() {
                fs::remove_dir_all(&old)?;
            }
            fs::create_dir(&old)?;
            // `old` exists empty: move the current output inside it, then the new one in place.
            let aside = old.join(&name);
            fs::rename(output, &aside)?;
            if let Err(e) = fs::rename(&self.path, output) {
                // Put the last good output back before reporting.
                let _ = fs::rename(&aside, output);
                return Err(e);
            }
            self.done = true;
            keep_as_spare(&aside, &self.spare)?;
            fs::remove_dir(&old)?;
        } else {
            fs::rename(&self.path, output)?;
            self.done = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit: its folder becomes the spare (or goes, if there is one).
    fn drop(&mut self) {
        if !self.done {
            let _ = keep_as_spare(&self.path, &self.spare);
        }
    }
}

/// Make `dir` the spare; if there is one already (or the rename fails), remove `dir`.
fn keep_as_spare(dir: &Path, spare: &Path) -> io::Result<()> {
    if spare.exists() || fs::rename(dir, spare).is_err() {
        fs::remove_dir_all(dir)?;
    }
    Ok(())
}

/// Remove every file under `dir` (site path `prefix`) that is not in `written`, and the folders
/// left empty.
fn remove_unwritten(dir: &Path, prefix: &str, written: &HashSet<String>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        let site_path = format!("{prefix}{name}");
        let p = e.path();
        if e.file_type()?.is_dir() {
            remove_unwritten(&p, &format!("{site_path}/"), written)?;
            if fs::read_dir(&p)?.next().is_none() {
                fs::remove_dir(&p)?;
            }
        } else if !written.contains(&site_path) {
            fs::remove_file(&p)?;
        }
    }
    Ok(())
}

/// A build killed between the two renames of `commit` left the last good output inside an old
/// folder and none in place: put it back. Every `build` calls this first, before it can fail.
pub fn recover(output: &Path) {
    if output.exists() {
        return;
    }
    let parent = parent_of(output);
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

/// Staging and old folders left by an interrupted build of the same output: the first becomes
/// the spare if there is none (its files are reused, not deleted), the rest are removed.
fn take_up_leftovers(parent: &Path, output: &Path) {
    let name = name_of(output);
    let spare = spare_of(output);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let p = e.path();
        if n.starts_with(&format!("{TMP_PREFIX}{name}-")) {
            let _ = keep_as_spare(&p, &spare);
        } else if n.starts_with(&format!("{OLD_PREFIX}{name}-")) {
            // Killed after the new output was in place: the old one waits inside.
            let aside = p.join(&name);
            if aside.is_dir() && !spare.exists() {
                let _ = fs::rename(&aside, &spare);
            }
            let _ = fs::remove_dir_all(&p);
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
        if let Some(p) = target.parent()
            && let Err(e) = fs::create_dir_all(p)
        {
            if !self.reused {
                return Err(e);
            }
            // A file of the reused output stands where a folder must be now.
            let mut at = self.path.clone();
            for c in Path::new(path)
                .parent()
                .into_iter()
                .flat_map(|p| p.components())
            {
                at.push(c);
                if at.is_file() {
                    fs::remove_file(&at)?;
                }
            }
            fs::create_dir_all(p)?;
        }
        if self.reused {
            self.written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(path.to_string());
            if target.is_dir() {
                fs::remove_dir_all(&target)?;
            }
        }
        Ok(target)
    }
}

/// Whether the file at `target` holds exactly `bytes`.
fn holds(target: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut f) = fs::File::open(target) else {
        return false;
    };
    if f.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut buf = Vec::with_capacity(bytes.len());
    f.read_to_end(&mut buf).is_ok() && buf == bytes
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.target(path)?;
        if self.reused && holds(&target, bytes) {
            return Ok(());
        }
        fs::write(target, bytes)
    }

    fn copy(&self, source: &Path, path: &str) -> io::Result<()> {
        let target = self.target(path)?;
        let src = if source.is_absolute() {
            source.to_path_buf()
        } else {
            self.root.join(source)
        };
        if self.reused
            && fs::metadata(&src).map(|m| m.len()).ok()
                == fs::metadata(&target).map(|m| m.len()).ok()
            && fs::read(&src).is_ok_and(|b| holds(&target, &b))
        {
            return Ok(());
        }
        fs::copy(src, target).map(|_| ())
    }
}
