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

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rustix::fd::OwnedFd;
use rustix::fs::Mode;

use super::owned::{self, MARKER, Owned};
use crate::fast::{HashMap, HashSet};
use crate::output::Stamp;

mod files;
mod folders;
mod walk;
pub(crate) use files::beneath;
use files::{DIR, READ, SPARE_CACHE, SPARE_FOLDERS, open_regular};
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
    /// Whether to take those stamps: not for a build that writes no cache (`--no-cache`),
    /// for which they were an `fstat` and a locked insert per file, for nothing.
    stamping: bool,
    /// A write failed because the disk is full: the staging is removed, not kept.
    disk_full: AtomicBool,
    /// The records of a reused spare's folders (`folders`), read on a thread of their own
    /// while the build renders, for the commit's walk.
    known: Option<std::thread::JoinHandle<folders::Known>>,
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

/// The build lock taken before the build reads anything, when the output's folder holds a
/// marked spare: the spare is then the folder the build will write into, and no other build
/// can take it meanwhile, so its files may be looked at while the site is loaded and resolved
/// (`pipeline::cache::look_ahead`). Handed to [`Staging::new`], which then takes no lock.
pub struct EarlyLock(fs::File);

/// The spare folder of `output`, opened (never through a link) under the build lock taken now,
/// with its identity (device, inode) for [`Staging::is_folder`]; `None` (and no lock held)
/// when there is no marked spare, so nothing is created for a build that may fail.
pub fn lock_with_spare(output: &Path) -> Option<(EarlyLock, OwnedFd, (u64, u64))> {
    let names = Owned::new(output).ok()?;
    if !owned::is_marked(&names.spare) {
        return None;
    }
    let lock = lock(&names).ok()?;
    // Looked at again under the lock: a build that held it may have swapped meanwhile.
    let dir = rustix::fs::open(&names.spare, DIR, Mode::empty())
        .ok()
        .filter(|_| owned::is_marked(&names.spare))?;
    let st = rustix::fs::fstat(&dir).ok()?;
    Some((EarlyLock(lock), dir, (st.st_dev, st.st_ino)))
}

impl Staging {
    /// Lock the output's folder (unless `early` holds its lock), put leftovers of interrupted
    /// builds back in their places, and make the staging folder: the spare if there is a
    /// marked one, else a new marked folder. The caller has checked the output with
    /// `owned::refuse_output`.
    pub fn new(site_root: &Path, output: &Path, early: Option<EarlyLock>) -> io::Result<Staging> {
        let names = Owned::new(output)?;
        let lock = match early {
            Some(EarlyLock(lock)) => lock,
            None => lock(&names)?,
        };
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
            // So are the records of its folders (`folders`): read by the commit's walk.
            let _ = fs::remove_file(names.staging.join(SPARE_FOLDERS));
            let _ = fs::rename(
                names.staging.join(owned::FOLDERS),
                names.staging.join(SPARE_FOLDERS),
            );
        }
        let dir = rustix::fs::open(&names.staging, DIR, Mode::empty()).map_err(io::Error::from)?;
        // Only from a folder and a file of this user that nobody else may write.
        let mine = |st: Option<rustix::fs::Stat>| st.as_ref().is_some_and(walk::private);
        let known = open_regular(&dir, SPARE_FOLDERS)
            .filter(|f| reused && mine(rustix::fs::fstat(f).ok()))
            .filter(|_| mine(rustix::fs::fstat(&dir).ok()))
            .map(|f| std::thread::spawn(move || folders::read(f)));
        Ok(Staging {
            root: site_root.to_path_buf(),
            dir,
            names,
            reused,
            written: Mutex::new(HashSet::default()),
            folders: Mutex::new(HashMap::default()),
            bytes: AtomicU64::new(0),
            stamps: Mutex::new(HashMap::default()),
            stamping: true,
            disk_full: AtomicBool::new(false),
            known,
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

    /// Whether the staging folder is a reused spare of identity `id` (device, inode): the one
    /// [`lock_with_spare`] opened.
    pub fn is_folder(&self, id: (u64, u64)) -> bool {
        self.reused && rustix::fs::fstat(&self.dir).is_ok_and(|st| (st.st_dev, st.st_ino) == id)
    }

    /// The bytes of the build cache the reused spare held (never through a link).
    pub fn spare_cache(&self) -> Option<fs::File> {
        open_regular(&self.dir, SPARE_CACHE)
    }

    /// The inode stamps of the files written or kept so far, by site path.
    pub fn take_stamps(&self) -> HashMap<String, Stamp> {
        std::mem::take(&mut *self.stamps.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// `stamp` for many files, under one lock.
    fn stamp_all(&self, all: impl Iterator<Item = (String, Stamp)>) {
        let mut stamps = self.stamps.lock().unwrap_or_else(|p| p.into_inner());
        stamps.extend(all);
    }

    /// A staging that takes no stamps of the files written or kept (`take_stamps` gives none):
    /// for a build that writes no cache.
    pub fn without_stamps(mut self) -> Self {
        self.stamping = false;
        self
    }

    fn stamp(&self, path: &str, stamp: Option<Stamp>) {
        if !self.stamping {
            return;
        }
        let mut stamps = self.stamps.lock().unwrap_or_else(|p| p.into_inner());
        match stamp {
            Some(s) => stamps.insert(path.to_string(), s),
            None => stamps.remove(path),
        };
    }

    /// The stamp of `f`, just written at `path`.
    fn stamp_file(&self, path: &str, f: &fs::File) {
        if self.stamping {
            self.stamp(path, f.metadata().ok().map(|m| Stamp::of_metadata(&m)));
        }
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
    pub fn commit(self) -> io::Result<usize> {
        self.commit_with(|_| Ok(()))
    }

    /// [`Staging::commit`], with `beside` run on this thread while the walk that removes what
    /// the build did not write runs on others (the build cache is written so: the walk keeps
    /// its name); the swap happens only when both succeeded.
    pub fn commit_with(
        mut self,
        beside: impl FnOnce(&Staging) -> io::Result<()>,
    ) -> io::Result<usize> {
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let known = self.known.take();
        // One walk: drop what this build did not write (stale files of a reused output) and
        // count what it did; a file it wrote that is gone means the output is not complete.
        let (walked, besides) = std::thread::scope(|scope| {
            let this = &self;
            // On the CPU threads, not the 32 I/O threads: beside those this thread got a
            // 33rd of the CPU, and writing the cache took as long as the walk (540–700 ms
            // instead of 130–230 at 100,000 meetings). The folders were just read by the
            // build (taking and writing pages), so the walk does not wait on the disk: with
            // the page cache emptied before a warm build, writing the cache and the swap took
            // 0.53 s so, 0.94 s one after the other with the walk on the I/O threads.
            let written = &written;
            // The spare's records of its folders (a folder as recorded is not read again),
            // and this walk's, for the walk two builds later (without them it reads every
            // folder).
            let walk = scope.spawn(move || {
                let known = known.and_then(|k| k.join().ok()).unwrap_or_default();
                let (found, left, records) = keep_written(&this.dir, "", written, &known)?;
                if let Some(bytes) = records {
                    folders::write(&this.names.staging.join(owned::FOLDERS), &bytes);
                }
                // Freed on the way out, beside the cache being written.
                crate::fast::drop_later(known);
                Ok::<_, io::Error>((found, left))
            });
            let besides = self.track(beside(this));
            (walk.join(), besides)
        });
        let walked = walked.unwrap_or_else(|p| std::panic::resume_unwind(p));
        besides?;
        let (found, _) = walked?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Sink;

    /// A file the build wrote that is gone from the staging folder (taken by someone else)
    /// fails the commit, and the last good output stays as it was.
    #[test]
    fn a_build_missing_a_file_it_wrote_is_not_swapped_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = Staging::new(dir.path(), &out, None).unwrap();
        first.write("index.html", b"v1").unwrap();
        assert_eq!(first.commit().unwrap(), 1);
        let second = Staging::new(dir.path(), &out, None).unwrap();
        second.write("index.html", b"v2").unwrap();
        second.write("a/b.html", b"x").unwrap();
        fs::remove_file(dir.path().join(".kpss-staging-out/a/b.html")).unwrap();
        let err = second.commit().unwrap_err();
        assert!(err.to_string().contains("výstup nebyl nahrazen"), "{err}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v1");
    }

    /// In a new staging folder a page's file is made beneath the folder above its own
    /// (`target_new`): two files in one folder, a file written twice, a file one level down
    /// all land as written; a link planted where a page's folder goes is not followed, the
    /// write fails with nothing made where it points, and the staging is not swapped in.
    #[test]
    fn a_new_staging_s_files_are_made_beneath_and_never_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = Staging::new(dir.path(), &out, None).unwrap();
        let root = dir.path().join(".kpss-staging-out");
        staging.write("t/jednani/a/index.html", b"a").unwrap();
        staging.write("t/jednani/a/zapis.pdf", b"z").unwrap();
        staging.write("t/jednani/b/index.html", b"b1").unwrap();
        staging.write("t/jednani/b/index.html", b"b2").unwrap();
        staging
            .write_from("t/data.json", &mut |w| w.write_all(b"[]"))
            .unwrap();
        let read = |p: &str| fs::read(root.join(p)).unwrap();
        assert_eq!(read("t/jednani/a/index.html"), b"a");
        assert_eq!(read("t/jednani/a/zapis.pdf"), b"z");
        assert_eq!(read("t/jednani/b/index.html"), b"b2");
        assert_eq!(read("t/data.json"), b"[]");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("t/jednani/c")).unwrap();
        assert!(staging.write("t/jednani/c/index.html", b"c").is_err());
        assert!(
            staging
                .write_from("t/jednani/c/x.ics", &mut |w| w.write_all(b"x"))
                .is_err()
        );
        assert_eq!(
            fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing made there"
        );
        // Files it failed to write are missing: such a staging is not swapped in.
        assert!(staging.commit().is_err());
        assert!(!out.exists());
    }

    /// The files' stamps are taken for the cache, and only then: a staging without stamps
    /// writes the same files and has none to give.
    #[test]
    fn files_are_stamped_unless_the_build_writes_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        for stamping in [true, false] {
            let out = dir.path().join(format!("out-{stamping}"));
            let staging = Staging::new(dir.path(), &out, None).unwrap();
            let staging = if stamping {
                staging
            } else {
                staging.without_stamps()
            };
            staging.write("t/jednani/a/index.html", b"a").unwrap();
            staging
                .write_from("t/data.json", &mut |w| w.write_all(b"[]"))
                .unwrap();
            let stamps = staging.take_stamps();
            staging.commit().unwrap();
            assert_eq!(fs::read(out.join("t/jednani/a/index.html")).unwrap(), b"a");
            let ino =
                |p: &str| std::os::unix::fs::MetadataExt::ino(&fs::metadata(out.join(p)).unwrap());
            if stamping {
                assert_eq!(stamps.len(), 2, "{stamps:?}");
                assert_eq!(stamps["t/data.json"].ino, ino("t/data.json"));
            } else {
                assert!(stamps.is_empty(), "{stamps:?}");
            }
        }
    }

    /// The lock is taken early only where a marked spare is (nothing is made for a build that
    /// may fail); the staging made under it is that very spare, and a spare that is a link is
    /// not opened.
    #[test]
    fn the_early_lock_opens_the_spare_the_staging_then_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site/out");
        assert!(lock_with_spare(&out).is_none());
        assert!(!dir.path().join("site").exists(), "nothing made");
        let first = Staging::new(dir.path(), &out, None).unwrap();
        first.write("index.html", b"v1").unwrap();
        first.commit().unwrap();
        assert!(lock_with_spare(&out).is_none(), "no spare yet");
        let second = Staging::new(dir.path(), &out, None).unwrap();
        second.write("index.html", b"v2").unwrap();
        second.commit().unwrap();
        let (lock, spare, id) = lock_with_spare(&out).expect("a marked spare");
        let parent = dir.path().join("site");
        assert!(
            fs::File::open(&parent).is_ok_and(|f| f.try_lock().is_err()),
            "locked"
        );
        let staging = Staging::new(dir.path(), &out, Some(lock)).unwrap();
        assert!(staging.is_folder(id));
        assert!(!staging.is_folder((id.0, id.1 + 1)));
        let st = rustix::fs::fstat(&spare).unwrap();
        assert_eq!((st.st_dev, st.st_ino), id);
        drop(staging);
        // A link where the spare was is not followed.
        let names = Owned::new(&out).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::rename(&names.spare, &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &names.spare).unwrap();
        assert!(lock_with_spare(&out).is_none());
    }

    /// In a reused spare a file is written over (`Staging::create`), not made anew, and cut
    /// to length: the same inode holds exactly the new bytes, however long the old ones were
    /// (written whole, streamed or copied); a file that is also the live output's (linked) is
    /// not written through.
    #[test]
    fn a_reused_spare_s_files_are_written_over_and_cut_to_length() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let long = vec![b'x'; 20_000];
        fs::write(dir.path().join("src.txt"), &long).unwrap();
        let build = || {
            let s = Staging::new(dir.path(), &out, None).unwrap();
            s.write("page.html", &long).unwrap();
            s.write_from("feed.json", &mut |w| w.write_all(&long))
                .unwrap();
            s.copy(Path::new("src.txt"), "copied.txt").unwrap();
            s.write("linked.html", b"live").unwrap();
            s.commit().unwrap();
        };
        build();
        build();
        let names = Owned::new(&out).unwrap();
        let inode = |p: &Path| fs::metadata(p).unwrap().ino();
        let files = ["page.html", "feed.json", "copied.txt"];
        let before: Vec<u64> = files.iter().map(|f| inode(&names.spare.join(f))).collect();
        // The live output's file, linked into the spare as a build taking it would.
        fs::remove_file(names.spare.join("linked.html")).unwrap();
        fs::hard_link(out.join("linked.html"), names.spare.join("linked.html")).unwrap();
        let s = Staging::new(dir.path(), &out, None).unwrap();
        s.write("page.html", b"short").unwrap();
        s.write_from("feed.json", &mut |w| w.write_all(b"short"))
            .unwrap();
        fs::write(dir.path().join("src.txt"), b"c").unwrap();
        s.copy(Path::new("src.txt"), "copied.txt").unwrap();
        s.write("linked.html", b"new").unwrap();
        assert_eq!(fs::read(out.join("linked.html")).unwrap(), b"live");
        s.commit().unwrap();
        for (f, ino) in files.iter().zip(before) {
            assert_eq!(inode(&out.join(f)), ino, "{f} written over");
        }
        let text = |p: PathBuf| fs::read_to_string(p).unwrap();
        assert_eq!(text(out.join("page.html")), "short");
        assert_eq!(text(out.join("feed.json")), "short");
        assert_eq!(text(out.join("copied.txt")), "c");
        assert_eq!(fs::read(out.join("linked.html")).unwrap(), b"new");
        assert_eq!(fs::read(names.spare.join("linked.html")).unwrap(), b"live");
    }

    /// What runs beside the commit's walk (the build cache) keeps its file, and when it fails
    /// nothing is swapped in.
    #[test]
    fn beside_the_walk_the_cache_stays_and_a_failure_stops_the_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = Staging::new(dir.path(), &out, None).unwrap();
        first.write("index.html", b"v1").unwrap();
        let n = first
            .commit_with(|s| s.write_cache(|f| io::Write::write_all(f, b"cache")))
            .unwrap();
        assert_eq!(n, 1);
        assert_eq!(fs::read(out.join(owned::CACHE)).unwrap(), b"cache");
        let second = Staging::new(dir.path(), &out, None).unwrap();
        second.write("index.html", b"v2").unwrap();
        let err = second
            .commit_with(|_| Err(io::Error::other("the cache failed")))
            .unwrap_err();
        assert!(err.to_string().contains("the cache failed"), "{err}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v1");
    }

    /// A page kept from a reused spare that is a link by the time of the commit (put there
    /// after the build looked) is removed, not counted: the commit fails, nothing is swapped.
    /// Stale files and empty folders go; the marker stays.
    #[test]
    fn the_commit_removes_links_and_stale_files_and_counts_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = Staging::new(dir.path(), &out, None).unwrap();
        first.write("a/kept.html", b"k").unwrap();
        first.write("b/c/stale.html", b"s").unwrap();
        first.write("page.html", b"p").unwrap();
        assert_eq!(first.commit().unwrap(), 3);
        // The next build's staging is the spare made from the first's: make one.
        let second = Staging::new(dir.path(), &out, None).unwrap();
        assert_eq!(second.commit().unwrap(), 0);
        let third = Staging::new(dir.path(), &out, None).unwrap();
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

    /// The commit records the settled folders of files it leaves (`.kpss-folders`); the build
    /// that writes into that folder again takes them up and still removes what it did not
    /// write, a file put into a recorded folder among it.
    #[test]
    fn recorded_folders_are_taken_up_two_builds_later_and_a_planted_file_still_goes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let build = |plant: bool| {
            let s = Staging::new(dir.path(), &out, None).unwrap();
            if plant {
                fs::write(s.folder().join("a/p/planted.html"), "x").unwrap();
            }
            s.keep("a/p/index.html", b"p").unwrap();
            s.keep("a/q/index.html", b"q").unwrap();
            s.commit().unwrap()
        };
        assert_eq!(build(false), 2);
        assert_eq!(build(false), 2);
        // The folders' change times are two seconds old only after two seconds.
        std::thread::sleep(std::time::Duration::from_millis(3100));
        assert_eq!(build(false), 2);
        let records = fs::read(out.join(owned::FOLDERS)).expect("records written");
        let known = folders::decode(&records).expect("whole records");
        assert_eq!(known.len(), 2, "{known:?}");
        assert_eq!(known["a/p/"].1, ["index.html"]);
        assert_eq!(build(false), 2);
        // Into the folder with the records, now set aside and read by the walk.
        assert_eq!(build(true), 2);
        assert!(!out.join("a/p/planted.html").exists());
        assert!(out.join("a/p/index.html").is_file());
        let names = Owned::new(&out).unwrap();
        assert!(!out.join(SPARE_FOLDERS).exists());
        assert!(!names.spare.join(SPARE_FOLDERS).exists());
        // The folder the planted file was removed from is not recorded this time.
        let known = folders::decode(&fs::read(out.join(owned::FOLDERS)).unwrap()).unwrap();
        assert!(!known.contains_key("a/p/") && known.contains_key("a/q/"));
    }
}
