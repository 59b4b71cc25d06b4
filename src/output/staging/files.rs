//! Writing beneath the staging folder: the `Sink` a build renders into, every file and folder
//! opened beneath the folder without following a link (`target`, `beneath`), a file whose
//! bytes are already there kept (`holds`), and the paths a build may write (`check`).

use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, FileType, Mode, OFlags, ResolveFlags, mkdirat, statat, unlinkat};

use super::super::owned::{self, MARKER};
use super::Staging;
use crate::fast::HashMap;
use crate::output::{Sink, Stamp, Unread};

/// A writer that counts the bytes it passes on.
struct Counted<W> {
    inner: W,
    written: u64,
}

impl<W: io::Write> io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Is `path` a safe site path (no `..`, not absolute)?
pub(super) fn safe(path: &str) -> bool {
    !path.starts_with('/')
        && !path.split('/').any(|c| c == ".." || c == ".")
        && !path.contains('\\')
}

/// A site path a build may write: relative, no `..`, not kpss's own files.
pub(super) fn check(path: &str) -> io::Result<()> {
    if !safe(path) || path.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe path {path}"),
        ));
    }
    if path == MARKER || path == owned::CACHE || path == owned::FOLDERS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{path} is kpss's own file"),
        ));
    }
    Ok(())
}

impl Staging {
    /// The folder and name of the file for site path `path` inside the staging folder, its
    /// folders created. Every step is opened beneath the staging folder without following a
    /// symlink (`openat2`), so a link planted in a reused spare can never send a write (as root)
    /// elsewhere: in a reused folder, a link, a file or a folder standing where the path needs
    /// something else is removed first.
    /// The folder is `None` for a file at the top of the staging folder (`self.dir`, see `at`).
    fn target(&self, path: &str) -> io::Result<(Option<Arc<OwnedFd>>, String)> {
        check(path)?;
        let again = !self.note_written(path);
        self.target_at(path, again)
    }

    /// Note `path` as written by this build; whether it was not yet.
    fn note_written(&self, path: &str) -> bool {
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string())
    }

    /// Where a file is made (`Sink::write`, `Sink::write_from`): as [`Staging::target`], but in
    /// a new staging folder the first file at a path is named beneath the folder above its own
    /// (`"<folder>/<name>"`, its folder made there by `mkdirat`), so its folder is not opened
    /// and closed for it: one `openat2` and one `close` fewer per page. The name is only ever
    /// opened by [`beneath`], which follows no link on any step; nothing else is done with it
    /// (a reused folder or a path written again takes [`Staging::target`]'s way, whose name
    /// `statat` and `unlinkat` may use).
    fn target_new(&self, path: &str) -> io::Result<(Option<Arc<OwnedFd>>, String)> {
        if self.reused {
            return self.target(path);
        }
        check(path)?;
        let again = !self.note_written(path);
        let Some((up, leaf, name)) = path.rsplit_once('/').and_then(|(parent, name)| {
            let (up, leaf) = parent.rsplit_once('/')?;
            Some((up, leaf, name))
        }) else {
            return self.target_at(path, again);
        };
        if again {
            return self.target_at(path, again);
        }
        let above = self.open_folder(up, true)?;
        match mkdirat(&*above, leaf, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => {}
            Err(e) => return Err(e.into()),
        }
        Ok((Some(above), format!("{leaf}/{name}")))
    }

    /// [`Staging::target`] of a checked `path`, `again` when this build wrote it before.
    fn target_at(&self, path: &str, again: bool) -> io::Result<(Option<Arc<OwnedFd>>, String)> {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        let name = name.to_string();
        let sub = if parent.is_empty() {
            None
        } else {
            Some(self.open_folder(parent, false)?)
        };
        let dir = self.at(&sub);
        // A path this build wrote already (a static file over a page, say) may be a link too.
        if (self.reused || again)
            && let Ok(st) = statat(dir, name.as_str(), AtFlags::SYMLINK_NOFOLLOW)
        {
            match FileType::from_raw_mode(st.st_mode) {
                // A file with a second name (linked from the output it was taken from,
                // `Sink::link`) is never written in place: that would change the live output
                // too. Its name goes; the write makes a file of its own.
                FileType::RegularFile if st.st_nlink > 1 => {
                    unlinkat(dir, name.as_str(), AtFlags::empty())?;
                }
                FileType::RegularFile => {}
                // Every folder above was just opened without following a link.
                FileType::Directory => fs::remove_dir_all(self.names.staging.join(path))?,
                _ => unlinkat(dir, name.as_str(), AtFlags::empty())?,
            }
        }
        Ok((sub, name))
    }

    /// The folder a `target` names: its own, or the staging folder's.
    fn at<'a>(&'a self, sub: &'a Option<Arc<OwnedFd>>) -> &'a OwnedFd {
        sub.as_deref().unwrap_or(&self.dir)
    }

    /// The folder at site path `path` (not empty), made if missing, each step opened by
    /// `enter` (beneath, never through a link). The folders above it are kept open
    /// (`folders`), and so is this one when `keep` (it holds folders): a cached descriptor
    /// names the folder that was checked, whatever happens to its path later.
    fn open_folder(&self, path: &str, keep: bool) -> io::Result<Arc<OwnedFd>> {
        let open = |m: &HashMap<String, Arc<OwnedFd>>| m.get(path).cloned();
        if let Some(fd) = open(&self.folders.lock().unwrap_or_else(|p| p.into_inner())) {
            return Ok(fd);
        }
        let (up, name) = path.rsplit_once('/').unwrap_or(("", path));
        let above = if up.is_empty() {
            None
        } else {
            Some(self.open_folder(up, true)?)
        };
        let fd = Arc::new(self.enter(self.at(&above), name)?);
        let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
        if keep && folders.len() < OPEN_FOLDERS {
            folders.insert(path.to_string(), Arc::clone(&fd));
        }
        Ok(fd)
    }

    /// The folder `name` inside `parent`, made if missing.
    fn enter(&self, parent: &OwnedFd, name: &str) -> io::Result<OwnedFd> {
        // A new staging folder holds only what this build made: most folders are new there,
        // so make first (no link can be in the way: `mkdirat` never follows the last step).
        if !self.reused {
            match mkdirat(parent, name, Mode::from_raw_mode(0o777)) {
                Ok(()) | Err(rustix::io::Errno::EXIST) => return beneath(parent, name, DIR),
                Err(e) => return Err(e.into()),
            }
        }
        match beneath(parent, name, DIR) {
            Ok(fd) => return Ok(fd),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // A file or a link where a folder goes (a reused output whose shape changed).
            Err(_) if self.reused => {
                if let Err(e) = unlinkat(parent, name, AtFlags::empty())
                    && e != rustix::io::Errno::NOENT
                {
                    return Err(e.into());
                }
            }
            Err(e) => return Err(e),
        }
        match mkdirat(parent, name, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => {}
            Err(e) => return Err(e.into()),
        }
        beneath(parent, name, DIR)
    }
}

/// At most this many folders are kept open by a staging (`Staging::folders`): far below the
/// usual limit of 1,024 descriptors, far above the folders a site's pages sit in (a territory's
/// and its lists' folders, not the pages' own).
pub(super) const OPEN_FOLDERS: usize = 256;

/// How a folder is opened on the way to a file.
pub(super) const DIR: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);
/// How a file is opened for writing.
pub(super) const CREATE: OFlags = OFlags::WRONLY
    .union(OFlags::CREATE)
    .union(OFlags::TRUNC)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);
/// How a file of a reused folder is opened for writing: over its old bytes, not emptied
/// first (`Staging::create`).
pub(super) const OVERWRITE: OFlags = CREATE.difference(OFlags::TRUNC);
/// Where a reused spare's build cache is set aside (`Staging::spare_cache`).
pub(super) const SPARE_CACHE: &str = ".kpss-cache-spare";
/// Where a reused spare's records of its folders are set aside (`folders`).
pub(super) const SPARE_FOLDERS: &str = ".kpss-folders-spare";
/// How a file is opened to look at its inode only.
pub(super) const PATH: OFlags = OFlags::PATH.union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);
/// How a file is opened for reading.
pub(super) const READ: OFlags = OFlags::RDONLY
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// `name` opened inside `dir`, never through a symlink nor outside `dir` (the staging's files
/// and folders, and the last output the build cache reads).
pub(crate) fn beneath<P: rustix::path::Arg>(
    dir: impl rustix::fd::AsFd,
    name: P,
    flags: OFlags,
) -> io::Result<OwnedFd> {
    rustix::fs::openat2(
        dir,
        name,
        flags,
        // openat2 refuses a mode without O_CREAT.
        if flags.contains(OFlags::CREATE) {
            Mode::from_raw_mode(0o666)
        } else {
            Mode::empty()
        },
        ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS,
    )
    .map_err(io::Error::from)
}

/// The largest file a reused folder is read for, to keep it when it holds the same bytes
/// (`Sink::write`); a larger one is written.
pub(super) const HOLDS_MAX: usize = 1 << 20;

/// The stamp of the regular file `name` in `dir` when it holds exactly `bytes`.
pub(super) fn holds(dir: &OwnedFd, name: &str, bytes: &[u8]) -> Option<Stamp> {
    use std::io::Read;
    let mut f = fs::File::from(beneath(dir, name, READ).ok()?);
    let m = f.metadata().ok()?;
    if !m.is_file() || m.len() != bytes.len() as u64 {
        return None;
    }
    let mut buf = Vec::with_capacity(bytes.len());
    (f.read_to_end(&mut buf).is_ok() && buf == bytes).then(|| Stamp::of_metadata(&m))
}

/// The regular file `name` beneath `dir`, opened for reading, never through a link.
pub(super) fn open_regular(dir: &OwnedFd, name: &str) -> Option<fs::File> {
    let f = fs::File::from(beneath(dir, name, READ).ok()?);
    f.metadata().ok()?.is_file().then_some(f)
}

impl Staging {
    /// The file `name` in `dir` opened for writing, never through a link. In a reused folder
    /// the old file is written over and cut to length afterwards (`finish`) rather than
    /// emptied on opening: emptying frees its blocks and the write takes new ones, which on a
    /// disk mounted with `discard` and no journal (this machine's) waits for the disk to
    /// discard them; rewriting 1,000 files of 64 kB took 0.69–0.79 s emptied first, 0.05 s
    /// written over (a Python loop, bench/README.md). A file `target` found with a second name is gone by
    /// now, so no other name sees the bytes change.
    fn create(&self, dir: &OwnedFd, name: &str) -> io::Result<fs::File> {
        let flags = if self.reused { OVERWRITE } else { CREATE };
        self.track(beneath(dir, name, flags)).map(fs::File::from)
    }

    /// A file `create` opened, `len` bytes written: cut to that length (a reused folder's file
    /// may have held more).
    fn finish(&self, f: &fs::File, len: u64) -> io::Result<()> {
        if self.reused {
            self.track(f.set_len(len))?;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let (sub, name) = self.track(self.target_new(path))?;
        let dir = self.at(&sub);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        // A file past `HOLDS_MAX` is, but for a rare page, an output put together from the
        // meetings' pieces, rendered only when its fingerprint (the pieces' digests) changed:
        // its bytes are not the same, and reading tens of MB to find that out cost more than
        // writing them. Written, it is right either way.
        if self.reused
            && bytes.len() <= HOLDS_MAX
            && let Some(stamp) = holds(dir, &name, bytes)
        {
            self.stamp(path, Some(stamp));
            return Ok(());
        }
        let mut f = self.create(dir, &name)?;
        self.track(f.write_all(bytes))?;
        self.finish(&f, bytes.len() as u64)?;
        self.stamp_file(path, &f);
        Ok(())
    }

    fn write_from(&self, path: &str, fill: &mut crate::output::Fill) -> io::Result<()> {
        use std::io::Write;
        let (sub, name) = self.track(self.target_new(path))?;
        let dir = self.at(&sub);
        let f = self.create(dir, &name)?;
        let mut w = Counted {
            inner: io::BufWriter::with_capacity(1 << 20, f),
            written: 0,
        };
        self.track(fill(&mut w).and_then(|()| w.inner.flush()))?;
        self.bytes.fetch_add(w.written, Ordering::Relaxed);
        let f = w.inner.into_inner().map_err(|e| e.into_error())?;
        self.finish(&f, w.written)?;
        self.stamp_file(path, &f);
        Ok(())
    }

    fn keep(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if !self.reused {
            return self.write(path, bytes);
        }
        // The caller found the regular file there (beneath, no link on the way); only the
        // name is checked and noted. The commit counts it again (a regular file or nothing).
        check(path)?;
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string());
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let stamp = beneath(&self.dir, path, PATH)
            .and_then(|fd| rustix::fs::fstat(&fd).map_err(io::Error::from))
            .ok()
            .filter(|st| FileType::from_raw_mode(st.st_mode) == FileType::RegularFile);
        self.stamp(path, stamp.map(|st| Stamp::of(&st)));
        Ok(())
    }

    fn keep_unread(&self, path: &str, len: u64, _: u64, stamp: &Stamp) -> io::Result<bool> {
        if !self.reused {
            return Ok(false);
        }
        // As `keep`: the caller found the regular file there by its stamp.
        check(path)?;
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string());
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.stamp(path, Some(*stamp));
        Ok(true)
    }

    fn keep_unread_all(&self, files: &[Unread]) -> io::Result<Vec<bool>> {
        if !self.reused {
            return Ok(vec![false; files.len()]);
        }
        for u in files {
            check(&u.path)?;
        }
        // The two tables side by side.
        rayon::join(
            || {
                let mut written =
                    (self.written.lock()).unwrap_or_else(std::sync::PoisonError::into_inner);
                written.extend(files.iter().map(|u| u.path.clone()));
            },
            || self.stamp_all(files.iter().map(|u| (u.path.clone(), u.stamp))),
        );
        let len = files.iter().map(|u| u.len).sum();
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(vec![true; files.len()])
    }

    fn link(&self, path: &str, from: &fs::File, _: &[u8], _: u64) -> io::Result<bool> {
        // In a reused folder the name may hold the spare's own file (other bytes): it goes
        // first (`target` leaves a file with one name for a write to overwrite). From then on
        // the file has two names, and `target` removes the name again before any write.
        let (sub, name) = self.track(self.target(path))?;
        let dir = self.at(&sub);
        if self.reused {
            match unlinkat(dir, name.as_str(), AtFlags::empty()) {
                Ok(()) | Err(rustix::io::Errno::NOENT) => {}
                Err(_) => return Ok(false),
            }
        }
        // The inode the caller read and checked, by its descriptor: the path it was opened
        // by may have changed since. Without /proc, or across file systems, a copy.
        use std::os::fd::AsRawFd;
        let by_fd = format!("/proc/self/fd/{}", from.as_raw_fd());
        if rustix::fs::linkat(
            rustix::fs::CWD,
            by_fd.as_str(),
            dir,
            name.as_str(),
            AtFlags::SYMLINK_FOLLOW,
        )
        .is_err()
        {
            return Ok(false);
        }
        // Taken after the link (it moves the change time).
        let st = rustix::fs::fstat(from)?;
        self.bytes.fetch_add(st.st_size as u64, Ordering::Relaxed);
        self.stamp(path, Some(Stamp::of(&st)));
        Ok(true)
    }

    fn link_unread(&self, path: &str, from: &fs::File, content: u64) -> io::Result<bool> {
        // The bytes are not wanted here either: the same link.
        self.link(path, from, &[], content)
    }

    fn copy(&self, source: &Path, path: &str) -> io::Result<()> {
        let (sub, name) = self.track(self.target(path))?;
        let dir = self.at(&sub);
        let src = if source.is_absolute() {
            source.to_path_buf()
        } else {
            self.root.join(source)
        };
        let len = fs::metadata(&src).map(|m| m.len()).ok();
        self.bytes.fetch_add(len.unwrap_or(0), Ordering::Relaxed);
        if self.reused
            && len
                == statat(dir, name.as_str(), AtFlags::SYMLINK_NOFOLLOW)
                    .ok()
                    .map(|st| st.st_size as u64)
            && fs::read(&src).is_ok_and(|b| holds(dir, &name, &b).is_some())
        {
            return Ok(());
        }
        let mut from = fs::File::open(&src)?;
        let mut to = self.create(dir, &name)?;
        let copied = self.track(io::copy(&mut from, &mut to))?;
        self.finish(&to, copied)
    }
}
