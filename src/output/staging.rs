//! Write: rendered files go into a staging folder beside the output, which replaces the output
//! only after everything was written. A failed or interrupted build leaves the last good
//! output untouched; leftovers of an interrupted build are taken up by the next one.
//!
//! Only what kpss wrote is ever replaced, moved or removed (`owned`: the marker, the names):
//! the caller checks the output first; here the staging, spare and old folders are used only
//! when they carry the marker. One build at a time writes beside an output: a build locks the
//! output's parent folder (`flock`), so a second one waits instead of taking over the first's
//! staging. The swap exchanges staging and output in one step (`renameat2(RENAME_EXCHANGE)`),
//! so the output path is never empty; two renames only where the file system cannot exchange.
//! A build reports success only when every file it wrote is in the staging folder. A full disk
//! removes the staging (it would keep the disk full) and is reported with the space needed.
//!
//! The output a build replaces is not deleted: it is kept beside the output as the spare
//! (`.kpss-spare-<name>`), and the next build writes into it. A file whose bytes are already
//! there is left alone, a changed one is rewritten in place, files no page wrote any more are
//! removed. So a rebuild neither deletes nor creates tens of thousands of files, which matters
//! on ext4 without a journal: it skips recently freed inodes one by one when it allocates, and a
//! build after a mass deletion paid seconds of kernel time for it (a 10,000-meeting rebuild took
//! 5.3 s instead of 3.2 s). The spare costs the disk space of a second output; deleting it is
//! always safe.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::owned::{self, MARKER, Owned};
use crate::output::{Sink, Stamp};

mod walk;
use walk::keep_written;

/// A folder being filled, not yet the output.
pub struct Staging {
    root: PathBuf,
    names: Owned,
    /// The staging folder, opened once: every file is written beneath it (`target`).
    dir: OwnedFd,
    /// The staging folder is an earlier output being reused: compare before writing, and
    /// remove what this build did not write.
    reused: bool,
    /// Site paths written by this build: what must be in place before the swap.
    written: Mutex<HashSet<String>>,
    /// Folders holding other folders (`jh/`, `jh/jednani/`), opened once beneath `dir` and
    /// kept (at most `OPEN_FOLDERS`): a page's file is then one `openat2` away instead of one
    /// per folder of its path (`open_folder`).
    folders: Mutex<HashMap<String, Arc<OwnedFd>>>,
    /// Bytes of every file this build wrote or found unchanged (what the output needs).
    bytes: AtomicU64,
    /// The inode stamp of every file written or kept, by site path, for the build cache: the
    /// build after the next takes an unchanged page from this folder by its stamp, unread.
    stamps: Mutex<HashMap<String, Stamp>>,
    /// A write failed because the disk is full: the staging is removed, not kept.
    disk_full: AtomicBool,
    done: bool,
    /// The lock on the output's parent folder, held until the staging is gone or swapped in
    /// (declared last: dropped after `Drop::drop` has run).
    _lock: fs::File,
}

/// A test hook: `KPSS_FAILPOINT=<step>` aborts the process at that step of the swap, as a
/// kill would, so the tests can check the recovery from each step.
fn failpoint(step: &str) {
    if std::env::var_os("KPSS_FAILPOINT").is_some_and(|v| v == step) {
        std::process::abort();
    }
}

/// Take the build lock of the folder holding `output`: one build at a time writes there, so
/// no build takes over another's staging or spare. A second build waits (and says so).
fn lock(names: &Owned) -> io::Result<fs::File> {
    fs::create_dir_all(&names.parent)?;
    let f = fs::File::open(&names.parent)?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "kpss: do {} právě zapisuje jiné sestavení, čekám, až skončí / another build is writing to {}, waiting",
                names.parent.display(),
                names.parent.display()
            );
            f.lock()?;
            Ok(f)
        }
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

impl Staging {
    /// Lock the output's folder, put leftovers of interrupted builds back in their places, and
    /// make the staging folder: the spare if there is a marked one, else a new marked folder.
    /// The caller has checked the output with `owned::refuse_output`.
    pub fn new(site_root: &Path, output: &Path) -> io::Result<Staging> {
        let names = Owned::new(output)?;
        let lock = lock(&names)?;
        recover_locked(&names);
        take_up_leftovers(&names)?;
        let reused =
            owned::is_marked(&names.spare) && fs::rename(&names.spare, &names.staging).is_ok();
        if !reused {
            fs::create_dir(&names.staging)?;
            // Marked first, so a leftover of a killed build is known to be ours.
            fs::write(names.staging.join(MARKER), owned::marker_bytes())?;
        }
        if reused {
            // The spare's cache describes the spare, not this build: set aside for
            // `spare_cache` (its stamps say which files are as its build wrote them); the
            // commit removes it with every file this build did not write.
            let _ = fs::remove_file(names.staging.join(SPARE_CACHE));
            let _ = fs::rename(
                names.staging.join(owned::CACHE),
                names.staging.join(SPARE_CACHE),
            );
        }
        let dir = rustix::fs::open(&names.staging, DIR, Mode::empty()).map_err(io::Error::from)?;
        Ok(Staging {
            root: site_root.to_path_buf(),
            dir,
            names,
            reused,
            written: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashMap::new()),
            bytes: AtomicU64::new(0),
            stamps: Mutex::new(HashMap::new()),
            disk_full: AtomicBool::new(false),
            done: false,
            _lock: lock,
        })
    }

    /// Did a write fail for lack of disk space? (The staging is then removed when dropped.)
    pub fn disk_full(&self) -> bool {
        self.disk_full.load(Ordering::Relaxed)
    }

    /// The staging folder (the build cache reads what a reused spare already holds).
    pub fn folder(&self) -> &Path {
        &self.names.staging
    }

    /// The bytes of the build cache the reused spare held (never through a link).
    pub fn spare_cache(&self) -> Option<fs::File> {
        open_regular(&self.dir, SPARE_CACHE)
    }

    /// The inode stamps of the files written or kept so far, by site path.
    pub fn take_stamps(&self) -> HashMap<String, Stamp> {
        std::mem::take(&mut *self.stamps.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn stamp(&self, path: &str, stamp: Option<Stamp>) {
        let mut stamps = self.stamps.lock().unwrap_or_else(|p| p.into_inner());
        match stamp {
            Some(s) => stamps.insert(path.to_string(), s),
            None => stamps.remove(path),
        };
    }

    /// Bytes of the files written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The bytes of a file this build wrote at site path `path` (the search index reads the
    /// rendered pages back before the swap).
    pub fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let mut f = fs::File::from(beneath(&self.dir, path, READ)?);
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Write the build cache (`pipeline::cache`) into the staging folder: swapped in with the
    /// output, not counted among its files.
    pub fn write_cache(
        &self,
        fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.names.staging.join(owned::CACHE);
        let _ = fs::remove_file(&path);
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        self.track(fill(&mut f))
    }

    /// Put the staged folder in place of `output`; the replaced output becomes the spare.
    /// Fails, leaving the last good output, unless every file this build wrote is there.
    /// Returns how many files the output holds (the marker aside).
    pub fn commit(mut self) -> io::Result<usize> {
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        // One walk: drop what this build did not write (stale files of a reused output) and
        // count what it did; a file it wrote that is gone means the output is not complete.
        let (found, _) = super::on_io_threads(|| keep_written(&self.dir, "", &written))?;
        if found != written.len() {
            return Err(io::Error::other(format!(
                "ve složce {} je {found} souborů, sestavení jich zapsalo {}; výstup nebyl nahrazen",
                self.names.staging.display(),
                written.len()
            )));
        }
        // Written last: a marked output is a complete one.
        self.track(fs::write(
            self.names.staging.join(MARKER),
            owned::marker_bytes(),
        ))?;
        failpoint("before-swap");
        swap(&self.names)?;
        self.done = true;
        Ok(found)
    }

    /// Note a full disk when `r` failed for lack of space.
    fn track<T>(&self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && is_disk_full(e)
        {
            self.disk_full.store(true, Ordering::Relaxed);
        }
        r
    }
}

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

/// ENOSPC or EDQUOT.
pub fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// Put the staging folder in place of the output. With an output in place, both are
/// exchanged in one step (`renameat2(RENAME_EXCHANGE)`), so the output path is never empty;
/// only where the file system cannot exchange, the old output is first moved into
/// `.kpss-old-<name>` and the staging renamed in (a kill between the two is recovered by the
/// next build).
fn swap(names: &Owned) -> io::Result<()> {
    let exists = fs::symlink_metadata(&names.output).is_ok();
    if !exists {
        return fs::rename(&names.staging, &names.output);
    }
    if std::env::var_os("KPSS_NO_EXCHANGE").is_none() {
        match exchange(&names.staging, &names.output) {
            Ok(()) => {
                failpoint("after-exchange");
                // The old output (or the empty folder that stood there) is in the staging's place.
                return keep_as_spare(&names.staging, &names.spare);
            }
            Err(e) if !exchange_unsupported(&e) => return Err(e),
            Err(_) => {}
        }
    }
    fs::create_dir(&names.old)?;
    let aside = names.aside();
    fs::rename(&names.output, &aside)?;
    failpoint("between-renames");
    if let Err(e) = fs::rename(&names.staging, &names.output) {
        // Put the last good output back before reporting.
        let _ = fs::rename(&aside, &names.output);
        let _ = fs::remove_dir(&names.old);
        return Err(e);
    }
    failpoint("after-renames");
    keep_as_spare(&aside, &names.spare)?;
    fs::remove_dir(&names.old)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The file system or kernel cannot exchange (then the two-rename swap is used).
fn exchange_unsupported(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || matches!(
            e.raw_os_error(),
            Some(code) if code == rustix::io::Errno::INVAL.raw_os_error()
                || code == rustix::io::Errno::NOSYS.raw_os_error()
                || code == rustix::io::Errno::OPNOTSUPP.raw_os_error()
        )
}

impl Drop for Staging {
    /// A build that did not commit: its folder becomes the spare (or goes, if there is one,
    /// or if the disk is full).
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if self.disk_full() {
            let _ = fs::remove_dir_all(&self.names.staging);
        } else {
            let _ = keep_as_spare(&self.names.staging, &self.names.spare);
        }
    }
}

/// Make `dir` (ours) the spare; if there is a spare already (or the rename fails), or `dir`
/// carries no marker (an empty folder that stood at the output), remove `dir`.
fn keep_as_spare(dir: &Path, spare: &Path) -> io::Result<()> {
    let taken = fs::symlink_metadata(spare).is_ok();
    if taken || !owned::is_marked(dir) || fs::rename(dir, spare).is_err() {
        fs::remove_dir_all(dir)?;
    }
    Ok(())
}

/// A build killed between the two renames of a swap left the last good output inside
/// `.kpss-old-<name>` and none in place: put it back. Every `build` calls this first, before
/// it can fail. Only marked folders are moved.
pub fn recover(output: &Path) -> io::Result<()> {
    let names = Owned::new(output)?;
    if !names.old.exists() {
        return Ok(());
    }
    let _lock = lock(&names)?;
    recover_locked(&names);
    Ok(())
}

fn recover_locked(names: &Owned) {
    let aside = names.aside();
    if fs::symlink_metadata(&names.output).is_err() && owned::is_marked(&aside) {
        let _ = fs::rename(&aside, &names.output);
        let _ = fs::remove_dir(&names.old);
    }
}

/// Staging and old folders left by an interrupted build of this output (marked ones only): the
/// first becomes the spare if there is none (its files are reused, not deleted), the rest are
/// removed. A folder of those names that kpss did not mark is refused, not touched.
fn take_up_leftovers(names: &Owned) -> io::Result<()> {
    for dir in [&names.staging, &names.old] {
        if fs::symlink_metadata(dir).is_err() {
            continue;
        }
        let inner = if dir == &names.old {
            names.aside()
        } else {
            dir.to_path_buf()
        };
        let ours = owned::is_marked(&inner)
            || (dir == &names.old && fs::read_dir(dir).is_ok_and(|mut r| r.next().is_none()));
        if !ours {
            return Err(io::Error::other(format!(
                "{} nezapsal kpss (chybí v ní {MARKER}); smažte ji nebo zvolte jiný výstup",
                dir.display()
            )));
        }
        if owned::is_marked(&inner) {
            keep_as_spare(&inner, &names.spare)?;
        }
        if dir == &names.old {
            let _ = fs::remove_dir(dir);
        }
    }
    Ok(())
}

/// Is `path` a safe site path (no `..`, not absolute)?
fn safe(path: &str) -> bool {
    !path.starts_with('/')
        && !path.split('/').any(|c| c == ".." || c == ".")
        && !path.contains('\\')
}

/// A site path a build may write: relative, no `..`, not kpss's own files.
fn check(path: &str) -> io::Result<()> {
    if !safe(path) || path.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe path {path}"),
        ));
    }
    if path == MARKER || path == owned::CACHE {
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
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        let name = name.to_string();
        let sub = if parent.is_empty() {
            None
        } else {
            Some(self.open_folder(parent, false)?)
        };
        let dir = self.at(&sub);
        // A path this build wrote already (a static file over a page, say) may be a link too.
        let again = !self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string());
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

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, FileType, Mode, OFlags, ResolveFlags, mkdirat, statat, unlinkat};

/// At most this many folders are kept open by a staging (`Staging::folders`): far below the
/// usual limit of 1,024 descriptors, far above the folders a site's pages sit in (a territory's
/// and its lists' folders, not the pages' own).
const OPEN_FOLDERS: usize = 256;

/// How a folder is opened on the way to a file.
const DIR: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);
/// How a file is opened for writing.
const CREATE: OFlags = OFlags::WRONLY
    .union(OFlags::CREATE)
    .union(OFlags::TRUNC)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);
/// Where a reused spare's build cache is set aside (`Staging::spare_cache`).
const SPARE_CACHE: &str = ".kpss-cache-spare";
/// How a file is opened to look at its inode only.
const PATH: OFlags = OFlags::PATH.union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);
/// How a file is opened for reading.
const READ: OFlags = OFlags::RDONLY
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// `name` opened inside `dir`, never through a symlink nor outside `dir`.
fn beneath<P: rustix::path::Arg>(
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
const HOLDS_MAX: usize = 1 << 20;

/// The stamp of the regular file `name` in `dir` when it holds exactly `bytes`.
fn holds(dir: &OwnedFd, name: &str, bytes: &[u8]) -> Option<Stamp> {
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
fn open_regular(dir: &OwnedFd, name: &str) -> Option<fs::File> {
    let f = fs::File::from(beneath(dir, name, READ).ok()?);
    f.metadata().ok()?.is_file().then_some(f)
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let (sub, name) = self.track(self.target(path))?;
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
        let mut f = fs::File::from(self.track(beneath(dir, &name, CREATE))?);
        self.track(f.write_all(bytes))?;
        self.stamp(path, f.metadata().ok().map(|m| Stamp::of_metadata(&m)));
        Ok(())
    }

    fn write_from(&self, path: &str, fill: &mut super::Fill) -> io::Result<()> {
        use std::io::Write;
        let (sub, name) = self.track(self.target(path))?;
        let dir = self.at(&sub);
        let f = fs::File::from(self.track(beneath(dir, &name, CREATE))?);
        let mut w = Counted {
            inner: io::BufWriter::with_capacity(1 << 20, f),
            written: 0,
        };
        self.track(fill(&mut w).and_then(|()| w.inner.flush()))?;
        self.bytes.fetch_add(w.written, Ordering::Relaxed);
        let f = w.inner.into_inner().map_err(|e| e.into_error())?;
        self.stamp(path, f.metadata().ok().map(|m| Stamp::of_metadata(&m)));
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
        let mut to = fs::File::from(self.track(beneath(dir, &name, CREATE))?);
        self.track(io::copy(&mut from, &mut to).map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file the build wrote that is gone from the staging folder (taken by someone else)
    /// fails the commit, and the last good output stays as it was.
    #[test]
    fn a_build_missing_a_file_it_wrote_is_not_swapped_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = Staging::new(dir.path(), &out).unwrap();
        first.write("index.html", b"v1").unwrap();
        assert_eq!(first.commit().unwrap(), 1);
        let second = Staging::new(dir.path(), &out).unwrap();
        second.write("index.html", b"v2").unwrap();
        second.write("a/b.html", b"x").unwrap();
        fs::remove_file(dir.path().join(".kpss-staging-out/a/b.html")).unwrap();
        let err = second.commit().unwrap_err();
        assert!(err.to_string().contains("výstup nebyl nahrazen"), "{err}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v1");
    }

    /// A page kept from a reused spare that is a link by the time of the commit (put there
    /// after the build looked) is removed, not counted: the commit fails, nothing is swapped.
    /// Stale files and empty folders go; the marker stays.
    #[test]
    fn the_commit_removes_links_and_stale_files_and_counts_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = Staging::new(dir.path(), &out).unwrap();
        first.write("a/kept.html", b"k").unwrap();
        first.write("b/c/stale.html", b"s").unwrap();
        first.write("page.html", b"p").unwrap();
        assert_eq!(first.commit().unwrap(), 3);
        // The next build's staging is the spare made from the first's: make one.
        let second = Staging::new(dir.path(), &out).unwrap();
        assert_eq!(second.commit().unwrap(), 0);
        let third = Staging::new(dir.path(), &out).unwrap();
        assert!(third.reused);
        let staged = dir.path().join(".kpss-staging-out");
        assert!(staged.join("b/c/stale.html").exists());
        third.keep("a/kept.html", b"k").unwrap();
        third.keep("page.html", b"p").unwrap();
        fs::remove_file(staged.join("page.html")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", staged.join("page.html")).unwrap();
        let err = third.commit().unwrap_err();
        assert!(err.to_string().contains("výstup nebyl nahrazen"), "{err}");
        // The failed staging is the spare now, walked once by the commit.
        let spare = dir.path().join(".kpss-spare-out");
        assert!(fs::symlink_metadata(spare.join("page.html")).is_err());
        assert!(
            !spare.join("b").exists(),
            "stale files and empty folders go"
        );
        assert!(spare.join("a/kept.html").is_file());
        assert!(spare.join(MARKER).is_file());
        assert!(
            fs::read_dir(&out).unwrap().count() == 1,
            "the output stays (its marker)"
        );
    }
}
