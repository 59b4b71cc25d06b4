//! The commit's walk of a staging folder: what this build did not write goes.

use std::collections::HashSet;
use std::io;

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, FileType, statat, unlinkat};

use super::super::owned::{self, MARKER};
use super::{DIR, beneath};

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
    use rayon::prelude::*;
    let (mut kept, mut left) = (0, 0);
    let mut folders = Vec::new();
    let mut entries = rustix::fs::Dir::new(beneath(dir, ".", DIR)?)?;
    let mut path = prefix.to_string();
    while let Some(e) = entries.read() {
        let e = e?;
        let name = e.file_name();
        if matches!(name.to_bytes(), b"." | b"..") {
            continue;
        }
        path.truncate(prefix.len());
        path.push_str(&name.to_string_lossy());
        let kind = match e.file_type() {
            FileType::Unknown => {
                FileType::from_raw_mode(statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?.st_mode)
            }
            kind => kind,
        };
        if kind == FileType::Directory {
            folders.push((name.to_owned(), format!("{path}/")));
        } else if kind == FileType::RegularFile && written.contains(path.as_str()) {
            kept += 1;
            left += 1;
        } else if path == MARKER || path == owned::CACHE {
            left += 1;
        } else {
            unlinkat(dir, name, AtFlags::empty())?;
        }
    }
    drop(entries);
    // The folders below, in parallel (a page is a folder of its own: most of the work).
    let below = folders
        .par_iter()
        .map(|(name, sub_path)| {
            let sub = beneath(dir, name.as_c_str(), DIR)?;
            let (k, in_sub) = keep_written(&sub, sub_path, written)?;
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
