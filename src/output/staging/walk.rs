//! The commit's walk of a staging folder: what this build did not write goes.

use std::io;

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, FileType, statat, unlinkat};

use super::super::owned::{self, MARKER};
use super::{DIR, beneath};
use crate::fast::HashSet;

/// Remove every file under `dir` (site path `prefix`) that is not in `written`, and the folders
/// left empty; the marker and the cache stay. Anything but a regular file is removed, written
/// or not (a link put where a page was kept). Returns how many files of `written` are there
/// and how many entries `dir` still holds. One pass over each folder by its descriptor: a
/// folder is opened beneath its parent without following a link, and a link is removed, not
/// followed.
pub(super) fn keep_written(
    dir: &OwnedFd,
    prefix: &str,
    written: &HashSet<String>,
) -> io::Result<(usize, usize)> {
    keep_written_in(beneath(dir, ".", DIR)?, prefix, written)
}

/// [`keep_written`] in the folder open as `folder`: read by that descriptor (a folder is
/// opened once, by its parent; opening it again to read it was a third of the `openat2` and
/// `close` calls of a warm 100k build), its entries removed and its folders opened through it.
fn keep_written_in(
    folder: OwnedFd,
    prefix: &str,
    written: &HashSet<String>,
) -> io::Result<(usize, usize)> {
    use rayon::prelude::*;
    let (mut kept, mut left) = (0, 0);
    let mut folders = Vec::new();
    let mut entries = rustix::fs::Dir::new(folder)?;
    // Read whole first: the folder's descriptor serves the removals and the opening below.
    let mut names = Vec::new();
    while let Some(e) = entries.read() {
        let e = e?;
        if !matches!(e.file_name().to_bytes(), b"." | b"..") {
            names.push((e.file_name().to_owned(), e.file_type()));
        }
    }
    let dir = entries.fd()?;
    let mut path = prefix.to_string();
    for (owned, kind) in names {
        let name = owned.as_c_str();
        path.truncate(prefix.len());
        path.push_str(&name.to_string_lossy());
        let kind = match kind {
            FileType::Unknown => {
                FileType::from_raw_mode(statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?.st_mode)
            }
            kind => kind,
        };
        if kind == FileType::Directory {
            folders.push((owned, format!("{path}/")));
        } else if kind == FileType::RegularFile && written.contains(path.as_str()) {
            kept += 1;
            left += 1;
        } else if path == MARKER || path == owned::CACHE {
            left += 1;
        } else {
            unlinkat(dir, name, AtFlags::empty())?;
        }
    }
    // The folders below, in parallel (a page is a folder of its own: most of the work).
    let below = folders
        .par_iter()
        .map(|(name, sub_path)| {
            let sub = beneath(dir, name.as_c_str(), DIR)?;
            let (k, in_sub) = keep_written_in(sub, sub_path, written)?;
            if in_sub == 0 {
                unlinkat(dir, name.as_c_str(), AtFlags::REMOVEDIR)?;
            }
            Ok((k, usize::from(in_sub > 0)))
        })
        .collect::<io::Result<Vec<(usize, usize)>>>()?;
    for (k, l) in below {
        kept += k;
        left += l;
    }
    Ok((kept, left))
}
