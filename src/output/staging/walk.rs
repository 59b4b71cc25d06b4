//! The commit's walk of a staging folder: what this build did not write goes.

use std::ffi::CStr;
use std::io;
use std::sync::Mutex;

use rustix::fd::{BorrowedFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, statat, unlinkat};

use super::super::owned::{self, MARKER};
use super::folders::{Known, Record};
use super::{DIR, beneath};
use crate::fast::HashSet;
use crate::output::Stamp;

/// What a walk keeps, what the last walk of the folder recorded, and what this one records.
struct Walk<'a> {
    written: &'a HashSet<String>,
    known: &'a Known,
    /// A folder whose change time is after this (two seconds before the walk began, in
    /// seconds since the epoch) is not recorded (`folders`).
    settled: i64,
    /// The folders read and recorded now.
    records: Mutex<Vec<Record>>,
    /// The folders taken as `known` records them, by their site path there.
    as_recorded: Mutex<Vec<&'a str>>,
}

/// What [`keep_written`] found: how many files of `written` are there, how many entries the
/// folder still holds, and the records of its folders that hold only files, as the bytes of
/// `folders`' file (`None` when there is none).
pub(super) type Walked = (usize, usize, Option<Vec<u8>>);

/// Remove every file under `dir` (site path `prefix`) that is not in `written`, and the folders
/// left empty; the marker and the cache stay. Anything but a regular file is removed, written
/// or not (a link put where a page was kept). Returns what it found ([`Walked`]). One pass
/// over each folder by its descriptor: a folder is opened beneath its parent without following
/// a link, and a link is removed, not followed. A folder `known` records whose stamp is still
/// the recorded one, all of whose recorded files this build wrote, is only looked up: it holds
/// those files and nothing else.
pub(super) fn keep_written(
    dir: &OwnedFd,
    prefix: &str,
    written: &HashSet<String>,
    known: &Known,
) -> io::Result<Walked> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    keep_written_at(dir, prefix, written, known, now)
}

/// [`keep_written`] at `now` (seconds since the epoch).
fn keep_written_at(
    dir: &OwnedFd,
    prefix: &str,
    written: &HashSet<String>,
    known: &Known,
    now: u64,
) -> io::Result<Walked> {
    let walk = Walk {
        written,
        known,
        settled: i64::try_from(now).unwrap_or(i64::MAX).saturating_sub(2),
        records: Mutex::default(),
        as_recorded: Mutex::default(),
    };
    let (kept, left) = keep_written_in(beneath(dir, ".", DIR)?, prefix, &walk)?;
    fn take<T>(m: Mutex<T>) -> T {
        m.into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    let (read, unread) = (take(walk.records), take(walk.as_recorded));
    let records: Vec<(&str, &Stamp, &[String])> = read
        .iter()
        .map(|r| (r.path.as_str(), &r.stamp, r.names.as_slice()))
        .chain(unread.iter().filter_map(|&path| {
            let (stamp, names) = known.get(path)?;
            Some((path, stamp, names.as_slice()))
        }))
        .collect();
    let bytes = (!records.is_empty()).then(|| super::folders::encode(records.into_iter()));
    Ok((kept, left, bytes))
}

impl<'a> Walk<'a> {
    fn record(&self, record: Record) {
        self.records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(record);
    }

    /// The folder `name` in `parent` (site path `path`, with its `/`) taken as recorded: how
    /// many files it holds, when its stamp is the recorded one and this build wrote every one
    /// of them; else `None` (it is read).
    fn as_recorded(&self, parent: BorrowedFd, name: &CStr, path: &str) -> Option<usize> {
        let (at, (stamp, names)) = self.known.get_key_value(path)?;
        let mut file = String::with_capacity(path.len() + 16);
        let all_written = names.iter().all(|n| {
            file.truncate(0);
            file.push_str(path);
            file.push_str(n);
            self.written.contains(file.as_str())
        });
        if names.is_empty() || !all_written {
            return None;
        }
        let st = statat(parent, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        if FileType::from_raw_mode(st.st_mode) != FileType::Directory
            || !private(&st)
            || Stamp::of(&st) != *stamp
        {
            return None;
        }
        self.as_recorded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(at.as_str());
        Some(names.len())
    }
}

/// Whether `st` is of a file or folder of this process's user that no other user may write
/// (no write bit for group or others). Only such a folder is taken as recorded: a folder
/// someone else may write into could hold what they put there under a record they made.
pub(super) fn private(st: &rustix::fs::Stat) -> bool {
    // Asked once (a process's user stays), not once per folder.
    static USER: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let user = *USER.get_or_init(|| rustix::process::geteuid().as_raw());
    st.st_uid == user && st.st_mode & 0o022 == 0
}

/// [`keep_written`] in the folder open as `folder`: read by that descriptor (a folder is
/// opened once, by its parent; opening it again to read it was a third of the `openat2` and
/// `close` calls of a warm 100k build), its entries removed and its folders opened through it.
fn keep_written_in(folder: OwnedFd, prefix: &str, walk: &Walk) -> io::Result<(usize, usize)> {
    use rayon::prelude::*;
    let (mut kept, mut left) = (0, 0);
    let mut folders = Vec::new();
    // The stamp before the entries are read: a name added after it changes the stamp.
    let before = rustix::fs::fstat(&folder)?;
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
    // `unrecorded`: the folder is not as it was read (a name removed), or a name is not UTF-8.
    let (mut files, mut unrecorded) = (Vec::new(), false);
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
        } else if kind == FileType::RegularFile && walk.written.contains(path.as_str()) {
            kept += 1;
            left += 1;
            match name.to_str() {
                Ok(n) => files.push(n.to_string()),
                Err(_) => unrecorded = true,
            }
        } else if path == MARKER || path == owned::CACHE {
            left += 1;
        } else {
            unlinkat(dir, name, AtFlags::empty())?;
            unrecorded = true;
        }
    }
    // A folder of files only, as it was read and left, settled: recorded for the walk after
    // the next.
    let whole = folders.is_empty() && !unrecorded && !files.is_empty();
    if whole && !prefix.is_empty() && before.st_ctime <= walk.settled {
        walk.record(Record {
            path: prefix.to_string(),
            stamp: Stamp::of(&before),
            names: files,
        });
    }
    // The folders below, in parallel (a page is a folder of its own: most of the work).
    let below = folders
        .par_iter()
        .map(|(name, sub_path)| {
            if let Some(k) = walk.as_recorded(dir, name.as_c_str(), sub_path) {
                return Ok((k, 1));
            }
            let sub = beneath(dir, name.as_c_str(), DIR)?;
            let (k, in_sub) = keep_written_in(sub, sub_path, walk)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn open(dir: &std::path::Path) -> OwnedFd {
        rustix::fs::open(dir, DIR, rustix::fs::Mode::empty()).unwrap()
    }

    fn written(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    fn known(records: &[Record]) -> Known {
        records
            .iter()
            .map(|r| (r.path.clone(), (r.stamp, r.names.clone())))
            .collect()
    }

    /// The records a walk wrote, by site path, sorted.
    fn records(bytes: Option<Vec<u8>>) -> Vec<Record> {
        let known = bytes.map_or_else(Known::default, |b| {
            super::super::folders::decode(&b).unwrap()
        });
        let mut records: Vec<Record> = known
            .into_iter()
            .map(|(path, (stamp, names))| Record { path, stamp, names })
            .collect();
        records.sort_by(|a, b| a.path.cmp(&b.path));
        records
    }

    /// Seconds since the epoch, a minute on: every folder made by the test is settled then.
    fn later() -> u64 {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        now.unwrap().as_secs() + 60
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in [
            ("a/p/index.html", "p"),
            ("a/q/index.html", "q"),
            ("i.html", "i"),
        ] {
            let file = dir.path().join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, bytes).unwrap();
        }
        // Whatever the umask: folders nobody else may write into, as the walk trusts.
        use std::os::unix::fs::PermissionsExt;
        for d in ["a", "a/p", "a/q"] {
            fs::set_permissions(dir.path().join(d), fs::Permissions::from_mode(0o755)).unwrap();
        }
        dir
    }

    #[test]
    fn folders_of_files_are_recorded_when_settled_and_not_when_just_changed() {
        let dir = tree();
        let all = written(&["a/p/index.html", "a/q/index.html", "i.html"]);
        let none = Known::default();
        let (kept, _, bytes) =
            keep_written_at(&open(dir.path()), "", &all, &none, later()).unwrap();
        let records = records(bytes);
        assert_eq!(kept, 3);
        let mut paths: Vec<&str> = records.iter().map(|r| r.path.as_str()).collect();
        paths.sort();
        assert_eq!(
            paths,
            ["a/p/", "a/q/"],
            "folders holding folders are not recorded"
        );
        assert!(records.iter().all(|r| r.names == ["index.html"]));
        // Now: the folders changed less than two seconds ago, so none is recorded.
        let (_, _, bytes) = keep_written(&open(dir.path()), "", &all, &none).unwrap();
        assert!(bytes.is_none());
    }

    #[test]
    fn a_folder_as_recorded_is_not_read_and_a_changed_one_is() {
        let dir = tree();
        let all = written(&["a/p/index.html", "a/q/index.html", "i.html"]);
        let (_, _, bytes) =
            keep_written_at(&open(dir.path()), "", &all, &Known::default(), later()).unwrap();
        let records = records(bytes);
        // A file put into a recorded folder changes its stamp: the folder is read, the file
        // goes.
        fs::write(dir.path().join("a/p/planted.html"), "x").unwrap();
        let (kept, _, again) =
            keep_written_at(&open(dir.path()), "", &all, &known(&records), later()).unwrap();
        let again = super::tests::records(again);
        assert_eq!(kept, 3);
        assert!(!dir.path().join("a/p/planted.html").exists());
        assert!(dir.path().join("a/p/index.html").exists());
        // The changed folder is not recorded this time (the walk removed a file from it); the
        // unchanged one is, as it was.
        let paths: Vec<&str> = again.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["a/q/"]);
        assert_eq!(again[0], records[1]);
        // A record that vouches for a folder's present stamp is trusted without reading it:
        // a record made to lie about a planted file shows the folder is only looked up.
        fs::write(dir.path().join("a/q/unread.html"), "x").unwrap();
        let st = rustix::fs::stat(dir.path().join("a/q")).unwrap();
        let lie = Record {
            path: "a/q/".into(),
            stamp: Stamp::of(&st),
            names: vec!["index.html".into()],
        };
        let (kept, _, _) =
            keep_written_at(&open(dir.path()), "", &all, &known(&[lie]), later()).unwrap();
        assert_eq!(kept, 3);
        assert!(dir.path().join("a/q/unread.html").exists());
        // The same lie about a folder others may write into is not trusted: it is read.
        use std::os::unix::fs::PermissionsExt;
        let q = dir.path().join("a/q");
        fs::set_permissions(&q, fs::Permissions::from_mode(0o775)).unwrap();
        let lie = Record {
            path: "a/q/".into(),
            stamp: Stamp::of(&rustix::fs::stat(&q).unwrap()),
            names: vec!["index.html".into()],
        };
        keep_written_at(&open(dir.path()), "", &all, &known(&[lie]), later()).unwrap();
        assert!(!q.join("unread.html").exists());
    }

    #[test]
    fn a_recorded_folder_with_a_file_no_longer_written_is_read() {
        let dir = tree();
        let all = written(&["a/p/index.html", "a/q/index.html", "i.html"]);
        let (_, _, bytes) =
            keep_written_at(&open(dir.path()), "", &all, &Known::default(), later()).unwrap();
        let records = records(bytes);
        // The page a/q/ is gone from the site: its folder, unchanged, is read and removed.
        let fewer = written(&["a/p/index.html", "i.html"]);
        let (kept, _, _) =
            keep_written_at(&open(dir.path()), "", &fewer, &known(&records), later()).unwrap();
        assert_eq!(kept, 2);
        assert!(!dir.path().join("a/q").exists());
        assert!(dir.path().join("a/p/index.html").exists());
    }
}
