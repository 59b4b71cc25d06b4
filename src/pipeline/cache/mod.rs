//! The build cache of `kpss build` (off with `--no-cache`): what the last build learned, so a
//! build after a small edit renders only the pages whose view changed and takes the others'
//! bytes from the output it replaces.
//!
//! It is one versioned file, `.kpss-cache`, inside the output (written into the staging folder
//! before the swap), so it is swapped in with the output it describes: a build killed at any
//! point leaves an output and a cache of the same build, or the previous pair. It holds the
//! body scans of the build (`resolve::Scans`: a body whose text and link targets are the same
//! is not scanned again, and a meeting whose text is the same is not parsed again) and, per page, the fingerprint of its view (`render::fingerprints`: bodies as hashes of their
//! source, no templates, no Markdown), the bodies its view read (`render::Learned`, with the
//! site's digest without bodies: the next build keeps the fingerprint of a page none of whose
//! bodies changed when that digest is the same) and a hash of the bytes the page was rendered to. A page
//! is taken from the last output only when its fingerprint is unchanged *and* the file there
//! still has those bytes; everything else is rendered. So a stale, edited or half-copied
//! output cannot leak into the new one: what is reused is exactly what rendering would give.
//! Each page's entry also holds the inode stamp of the file written (`output::Stamp`): the
//! build that writes into that folder again (the spare, two builds later) keeps the file by
//! its stamp, unread, when its bytes are the ones wanted (`reuse`). A build writing into a new
//! folder (no spare: the second build, or a CI runner with the output restored from its cache)
//! links a page it takes from the last output instead of copying it (`Sink::link`: the inode
//! it read and checked, by its descriptor), so the two outputs share that file; so does a
//! reused folder whose own copy is not the wanted bytes (its name goes first). A reused
//! folder never writes a shared file in place (`Staging`'s `target` removes the name first).
//! And per Markdown file it
//! holds a record (`source::text::Known`: the file's inode stamp when read, length, xxh3,
//! front matter): the next build's `load` takes a file whose stamp is unchanged by its record,
//! unread, and leaves its text on disk (read again, and checked against the hash, only where
//! its body is used). A file written in the two seconds before a load gets no record.
//!
//! The key covers what decides a page's bytes besides its view: this program (`build.rs`
//! hashes its sources, locked dependencies and compiler), the theme's templates, the templates' globals (without the build date
//! unless a template names `build_date`) and `config.toml`. A cache of another key, another
//! format, or one that is truncated or corrupt (a checksum over the whole file) is ignored
//! with a note; a missing one silently. The last output is read through `openat2` with
//! `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`: a symlink planted in the output is never followed
//! (kpss runs as root), and a file that is not a regular file is rendered instead.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

mod format;
mod last_output;

pub use format::{decode, read_pages, write};
pub use last_output::LastOutput;
use last_output::Parents;

use crate::czech::Lang;
use crate::fast::HashMap;
use crate::i18n::tr;
use crate::output::{Sink, Stamp, Unread};
use crate::render::Learned;
use crate::resolve::Scans;
use crate::source::text::Known;

/// The cache's file name inside the output (and staging) folder.
pub use crate::output::owned::CACHE as FILE;

/// The first bytes of the file: its name and the format's version.
const MAGIC: &[u8; 8] = b"KPSSBC\x00\x0d";
/// A cache larger than this is not read (a page's entry takes some 50 bytes).
const MAX_LEN: u64 = 1 << 30;

/// What the last build knew of one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `render::fingerprints` of the page's view.
    pub fingerprint: u64,
    /// xxh3 of the bytes it was rendered to.
    pub content: u64,
    /// The inode stamp of the file in the output it was written to (`Stamp::known` not when
    /// unknown): the build that reuses that output as its staging folder keeps the file by
    /// its stamp without reading it.
    pub stamp: Stamp,
}

/// What the last build stored.
#[derive(Debug, Default)]
pub struct Cache {
    /// The key of the build that wrote it ([`key`]): its pages are taken only by a build of
    /// the same key ([`Cache::pages`]).
    pub key: u64,
    /// The pages of the last build, by site path.
    pub entries: HashMap<String, Entry>,
    /// The body scans of the last build (`resolve::Scans`), empty when another build of kpss
    /// wrote them. They do not depend on the templates or the rest of the key: each is taken
    /// only for the same text and the same link targets.
    pub scans: Scans,
    /// What the last build read of each Markdown file, by root-relative path
    /// (`source::text::Known`: the file's inode stamp then, length, xxh3, front matter), empty
    /// when another build of kpss wrote them: `load` takes a file whose stamp is unchanged by
    /// its record instead of reading it.
    pub sources: HashMap<String, Known>,
    /// What the last build's fingerprinting learned (`render::Learned`: the site's digest
    /// without its bodies' texts, the bodies each page read), when it learned it; used only
    /// under the same key, as the pages are.
    pub learned: Option<Box<Learned>>,
    /// Where the meetings' pieces stand in the outputs put together from them, by site path
    /// (`render::outputs::splice`); used under the same key only, as the pages are.
    pub layouts: HashMap<String, crate::render::outputs::splice::Layout>,
    /// Where the rows of list pages stand in them, by site path (`render::row_parts`); used
    /// under the same key only, as the pages are.
    pub rows: HashMap<String, crate::render::row_parts::RowSpans>,
    /// The pages the last build's search index held, by site path; used under the same key
    /// only: a page taken unread (its bytes the last build's) is indexed when it was then.
    pub indexed: Box<crate::fast::HashSet<String>>,
}

impl Cache {
    /// The files of the last output a build whose pages have the fingerprints `fresh` reads
    /// again: the pages whose rows it takes and the outputs it puts together from their
    /// pieces, when such a page or output is rendered (its fingerprint is not the one here)
    /// and the last output has it (an entry here: its file is read by the entry's stamp).
    pub fn read_again(&self, fresh: &HashMap<String, u64>) -> Vec<String> {
        let rendered = |path: &&String| {
            let last = self.entries.get(path.as_str()).map(|e| e.fingerprint);
            fresh
                .get(path.as_str())
                .is_some_and(|f| last.is_some_and(|l| l != *f))
        };
        (self.rows.keys().chain(self.layouts.keys()))
            .filter(rendered)
            .cloned()
            .collect()
    }

    /// The pages, for a build of `key`; else why not (for the note).
    pub fn pages(&self, key: u64, lang: Lang) -> Result<&HashMap<String, Entry>, String> {
        if self.key == key {
            return Ok(&self.entries);
        }
        Err(tr(
            lang,
            "zapsalo ji jiné sestavení kpss nebo jiné šablony či nastavení",
            "another build of kpss, other templates or other settings wrote it",
        ))
    }
}

/// The parts of the cache after the records ([`write`]): what the fingerprinting learned,
/// the layouts of the outputs put together from pieces, the pages the search index held.
pub struct Tail<'a> {
    pub learned: Option<&'a Learned>,
    pub layouts: &'a HashMap<String, crate::render::outputs::splice::Layout>,
    pub rows: &'a HashMap<String, crate::render::row_parts::RowSpans>,
    pub indexed: &'a [String],
}

/// What reading the cache found.
#[derive(Debug)]
pub enum Found {
    Usable(Cache),
    /// No cache (a first build, `--no-cache` before, a new output).
    Missing,
    /// A cache that must not be trusted, and why (for the note).
    Ignored(String),
}

/// This program (`build.rs`: its sources, dependencies, compiler): the body scans of another
/// build of kpss are not taken.
fn program() -> u64 {
    let mut h = Xxh3::new();
    h.update(MAGIC);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(env!("KPSS_BUILD_ID").as_bytes());
    h.digest()
}

/// The key of a build: everything besides a page's view that decides its bytes.
pub fn key(
    config_text: &str,
    templates: &BTreeMap<String, String>,
    globals: &serde_json::Value,
) -> u64 {
    let mut h = Xxh3::new();
    // The program itself: another build of kpss may render the same view differently.
    h.update(&program().to_le_bytes());
    for (name, text) in templates {
        for part in [name.as_bytes(), b"\0", text.as_bytes(), b"\0"] {
            h.update(part);
        }
    }
    // The build date is a global, but pages show it only through their views (which are
    // fingerprinted) unless a template reads it: then every page depends on it.
    let mut globals = globals.clone();
    if !templates.values().any(|t| t.contains("build_date"))
        && let Some(site) = globals.get_mut("site").and_then(|s| s.as_object_mut())
    {
        site.remove("build_date");
    }
    h.update(globals.to_string().as_bytes());
    h.update(b"\0");
    h.update(config_text.as_bytes());
    h.digest()
}

/// Read the cache of the last output.
pub fn read(last: &LastOutput, lang: Lang) -> Found {
    let Some(bytes) = last.read(FILE, MAX_LEN) else {
        return Found::Missing;
    };
    match decode(&bytes, lang) {
        Ok(c) => Found::Usable(c),
        Err(why) => Found::Ignored(why),
    }
}

/// A writer that hashes the bytes it passes on.
struct HashedWriter<'a> {
    inner: &'a mut dyn std::io::Write,
    h: &'a mut xxhash_rust::xxh3::Xxh3,
}

impl std::io::Write for HashedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.h.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A sink that passes every file on and notes the hash of the bytes written at each path.
pub struct Hashing<'s> {
    inner: &'s dyn Sink,
    hashes: Mutex<HashMap<String, u64>>,
}

impl<'s> Hashing<'s> {
    pub fn new(inner: &'s dyn Sink) -> Hashing<'s> {
        Hashing {
            inner,
            hashes: Mutex::new(HashMap::default()),
        }
    }

    /// The hash of every file written, by site path.
    pub fn into_hashes(self) -> HashMap<String, u64> {
        self.hashes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Hashing<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(path, bytes)?;
        self.note(path, xxh3_64(bytes));
        Ok(())
    }

    fn write_from(&self, path: &str, fill: &mut crate::output::Fill) -> io::Result<()> {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        self.inner.write_from(path, &mut |w| {
            let mut hashed = HashedWriter {
                inner: w,
                h: &mut h,
            };
            fill(&mut hashed)
        })?;
        self.note(path, h.digest());
        Ok(())
    }

    fn copy(&self, source: &Path, path: &str) -> io::Result<()> {
        self.inner.copy(source, path)
    }

    fn keep(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.keep(path, bytes)?;
        self.note(path, xxh3_64(bytes));
        Ok(())
    }

    fn keep_unread(&self, path: &str, len: u64, content: u64, stamp: &Stamp) -> io::Result<bool> {
        self.noted(
            path,
            content,
            self.inner.keep_unread(path, len, content, stamp),
        )
    }

    fn keep_unread_all(&self, files: &[Unread]) -> io::Result<Vec<bool>> {
        let kept = self.inner.keep_unread_all(files)?;
        let noted = files.iter().zip(&kept).filter(|(_, k)| **k);
        (self.hashes()).extend(noted.map(|(u, _)| (u.path.clone(), u.content)));
        Ok(kept)
    }

    fn link(
        &self,
        path: &str,
        from: &std::fs::File,
        bytes: &[u8],
        content: u64,
    ) -> io::Result<bool> {
        self.noted(path, content, self.inner.link(path, from, bytes, content))
    }

    fn link_unread(&self, path: &str, from: &std::fs::File, content: u64) -> io::Result<bool> {
        self.noted(path, content, self.inner.link_unread(path, from, content))
    }
}

impl Hashing<'_> {
    /// What the inner sink answered; the file noted when it did take it.
    fn noted(&self, path: &str, content: u64, done: io::Result<bool>) -> io::Result<bool> {
        let done = done?;
        if done {
            self.note(path, content);
        }
        Ok(done)
    }

    fn note(&self, path: &str, content: u64) {
        self.hashes().insert(path.to_string(), content);
    }

    fn hashes(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        (self.hashes.lock()).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Take from the last build every page of `fresh` (fingerprints of this build) whose
/// fingerprint the cache knows and whose bytes are still the ones rendered for it: kept where
/// the folder being written (a reused spare, `here`, with the cache it held) already holds
/// them, known by the file's inode stamp when the spare's cache has the same bytes for it,
/// else by reading it; else read from the last output (`last`) and written into `sink`.
/// The sitemap split in parts (`part_of`) is taken only with every part the cache holds for
/// its fingerprint; else it is left to render (it writes its parts again). Returns the site
/// paths taken (the caller renders the rest) and how many of them were kept by their stamp,
/// unread.
pub fn reuse(
    cache: &HashMap<String, Entry>,
    fresh: &HashMap<String, u64>,
    last: &LastOutput,
    here: Here<'_>,
    sink: &dyn Sink,
) -> io::Result<Taken> {
    use rayon::prelude::*;
    let counts = Counts::default();
    // Looked up in parallel: 100,000 pages' entries.
    type Candidates<'c> = Vec<(&'c String, Entry)>;
    let (mut candidates, parts): (Candidates, Candidates) = rayon::join(
        || {
            (fresh.par_iter())
                .filter_map(|(path, fp)| {
                    let e = cache.get(path.as_str())?;
                    (e.fingerprint == *fp).then_some((path, *e))
                })
                .collect()
        },
        || {
            (cache.par_iter())
                .filter_map(|(path, e)| {
                    let job = part_of(path)?;
                    (fresh.get(job) == Some(&e.fingerprint)).then_some((path, *e))
                })
                .collect()
        },
    );
    candidates.extend(parts);
    let mut taken = take(&candidates, last, here, sink, &counts, true)?;
    // A job whose parts were not all taken renders them all.
    let parts = cache.keys().filter_map(|p| Some((p, part_of(p)?)));
    let incomplete: Vec<&str> = parts
        .filter(|(p, job)| !taken.contains(p.as_str()) || !taken.contains(*job))
        .map(|(_, job)| job)
        .collect();
    for job in incomplete {
        taken.remove(job);
    }
    Ok(Taken {
        paths: taken,
        unread: counts.unread.into_inner(),
        linked: counts.linked.into_inner(),
        linked_unread: counts.linked_unread.into_inner(),
    })
}

/// The folder a build writes into when it is a reused one (the spare), with its own cache's
/// entries: what `reuse` and `take_files` keep there by a file's stamp.
pub type Here<'a> = Option<(&'a LastOutput, &'a Spare)>;

/// A reused spare's own cache: per site path the entry of the build that wrote the spare and,
/// when looked at ahead ([`look_ahead`]), the stamp the file had then (`None`: no regular file
/// there).
#[derive(Default)]
pub struct Spare {
    pub files: HashMap<String, (Entry, Option<Stamp>)>,
    /// Whether the stamps were looked at ahead; else each is looked up when wanted.
    pub ahead: bool,
}

impl Spare {
    /// The spare's cache read from `file`, its stamps left to look up when wanted.
    pub fn read(file: Option<std::fs::File>, lang: Lang) -> Spare {
        let files = file
            .and_then(|f| read_pages(f, lang).ok())
            .unwrap_or_default();
        Spare {
            files: files.into_iter().map(|(p, e)| (p, (e, None))).collect(),
            ahead: false,
        }
    }
}

/// The spare folder open as `dir` (the one the build will write into, under its lock:
/// `output::lock_with_spare`): its cache's entries and the stamp of each of their files now,
/// looked up while the build loads and resolves the site (on a thread of its own), so taking
/// the unchanged pages does not wait for 100,000 `statat` calls (`stamp_beneath`). Sound as a
/// stamp looked up when the page is taken: nothing writes into the spare before the pages are
/// taken (the lock keeps other builds out; this build writes only after), and a file changed
/// after either look is the same case. `None` without a readable cache there (also when
/// `Staging::new` set it aside before this thread opened it: the build then reads it itself).
///
/// The stamps are looked up at the lowest priority (nice 19: on a core the build leaves idle),
/// allocating little (the names of the folders in each parent, one table per parent, freed as
/// the look ends): the cache is read and its table made first, at the build's priority.
/// (Reading it at nice 19 made resolving, on the other core, take up to 400 ms longer in some
/// runs: a thread that maps or unmaps memory holds the lock that the other thread's page
/// faults wait for, and at nice 19 it is not run again soon.)
pub fn look_ahead(dir: rustix::fd::OwnedFd, lang: Lang) -> Option<Spare> {
    let spare = LastOutput { dir };
    let (file, _) = spare.open_file(FILE, rustix::fs::OFlags::RDONLY)?;
    let pages = read_pages(std::fs::File::from(file), lang).ok()?;
    let mut files: HashMap<String, (Entry, Option<Stamp>)> =
        pages.into_iter().map(|(p, e)| (p, (e, None))).collect();
    // The nice value is the thread's own on Linux.
    let _ = rustix::process::setpriority_process(None, 19);
    let mut parents = Parents::default();
    for (path, (_, now)) in files.iter_mut() {
        *now = spare.stamp_beneath(&mut parents, path);
    }
    Some(Spare { files, ahead: true })
}

/// Take each of `files` (site path, the last build's entry) as `reuse` takes a page: kept in
/// a reused folder (`here`) by its stamp or bytes, else linked or copied from the last output
/// when its stamp or bytes are the recorded ones. Returns the paths taken; the others were
/// not (their file changed).
pub fn take_files(
    files: &[(&String, Entry)],
    last: &LastOutput,
    here: Here<'_>,
    sink: &dyn Sink,
) -> io::Result<crate::fast::HashSet<String>> {
    take(files, last, here, sink, &Counts::default(), false)
}

/// What `take` counts as it goes.
#[derive(Default)]
struct Counts {
    unread: std::sync::atomic::AtomicUsize,
    linked: std::sync::atomic::AtomicUsize,
    linked_unread: std::sync::atomic::AtomicUsize,
}

/// The taking of `reuse`: each candidate kept, linked or copied, or left. A stamp the spare's
/// files were looked at with ahead serves only when `ahead` (the pages, taken before this
/// build writes anything); else it is looked up now. The candidates kept by such a stamp are
/// given to the sink all at once, here (no file to open: not on the I/O threads); the rest
/// go one by one, on them.
fn take(
    candidates: &[(&String, Entry)],
    last: &LastOutput,
    here: Here<'_>,
    sink: &dyn Sink,
    counts: &Counts,
    ahead: bool,
) -> io::Result<crate::fast::HashSet<String>> {
    use rayon::prelude::*;
    use std::sync::atomic::Ordering;
    let (stamped, mut rest): (Vec<_>, Vec<_>) = match here {
        Some((_, spare)) if ahead && spare.ahead => candidates
            .par_iter()
            .map(|c| (stamped_ahead(c, spare), c))
            .partition_map(|(u, c)| match u {
                Some(u) => rayon::iter::Either::Left((u, c)),
                None => rayon::iter::Either::Right(c),
            }),
        _ => (Vec::new(), candidates.iter().collect()),
    };
    let (unread, of): (Vec<_>, Vec<_>) = stamped.into_iter().unzip();
    let kept = sink.keep_unread_all(&unread)?;
    let mut taken = crate::fast::HashSet::default();
    taken.reserve(candidates.len());
    for ((u, c), k) in unread.into_iter().zip(of).zip(kept) {
        if k {
            taken.insert(u.path);
        } else {
            rest.push(c);
        }
    }
    counts.unread.fetch_add(taken.len(), Ordering::Relaxed);
    let others = take_one_by_one(&rest, last, here, sink, counts, ahead)?;
    taken.extend(others);
    Ok(taken)
}

/// The candidate `c` as the spare holds it by the stamp its file was looked at with ahead:
/// the spare's own file as its build stamped it (its cache has the same bytes for the path),
/// or the very file of the last output (the build before linked it) as the last build did.
fn stamped_ahead((path, e): &(&String, Entry), spare: &Spare) -> Option<crate::output::Unread> {
    let (own, now) = spare.files.get(path.as_str())?;
    let now = (*now)?;
    let own = (own.content == e.content).then_some(own.stamp);
    let stamp = [own, Some(e.stamp)]
        .into_iter()
        .flatten()
        .filter(Stamp::known)
        .find(|s| *s == now)?;
    Some(crate::output::Unread {
        path: (*path).clone(),
        len: stamp.size,
        content: e.content,
        stamp,
    })
}

/// `take` of each candidate by itself, on the I/O threads.
fn take_one_by_one(
    candidates: &[&(&String, Entry)],
    last: &LastOutput,
    here: Here<'_>,
    sink: &dyn Sink,
    counts: &Counts,
    ahead: bool,
) -> io::Result<crate::fast::HashSet<String>> {
    use rayon::prelude::*;
    use std::sync::atomic::Ordering;
    crate::output::on_io_threads(|| {
        candidates
            .par_iter()
            .map(|(path, e)| {
                if let Some((h, spare)) = here {
                    // Bytes known by the file's stamp: the spare's own file as its build
                    // stamped it, or the very file of the last output (the build before
                    // linked it) as the last build stamped it.
                    let mine = spare.files.get(path.as_str());
                    let own = mine.filter(|(s, _)| s.content == e.content);
                    let stamps = [own.map(|(s, _)| s.stamp), Some(e.stamp)];
                    let mut stamps = stamps.into_iter().flatten().filter(Stamp::known).peekable();
                    // Looked up only when some stamp could vouch for the file.
                    let now = stamps.peek().and_then(|_| match mine {
                        Some((_, now)) if ahead && spare.ahead => *now,
                        _ => h.stamp(path),
                    });
                    if let Some(stamp) = stamps.find(|s| now == Some(*s))
                        && sink.keep_unread(path, stamp.size, e.content, &stamp)?
                    {
                        counts.unread.fetch_add(1, Ordering::Relaxed);
                        return Ok(Some((*path).clone()));
                    }
                    if let Some(bytes) = h.read(path, MAX_LEN)
                        && xxh3_64(&bytes) == e.content
                    {
                        return sink.keep(path, &bytes).map(|()| Some((*path).clone()));
                    }
                }
                // A file of the last output whose stamp is the one its build recorded holds
                // the bytes that build wrote: linked unread, as a reused folder keeps its own.
                if e.stamp.known()
                    && let Some((fd, st)) = last.open_file(path, rustix::fs::OFlags::PATH)
                    && Stamp::of(&st) == e.stamp
                    && sink.link_unread(path, &std::fs::File::from(fd), e.content)?
                {
                    counts.linked.fetch_add(1, Ordering::Relaxed);
                    counts.linked_unread.fetch_add(1, Ordering::Relaxed);
                    return Ok(Some((*path).clone()));
                }
                match last.read_file(path, MAX_LEN) {
                    Some((file, bytes)) if xxh3_64(&bytes) == e.content => {
                        if sink.link(path, &file, &bytes, e.content)? {
                            counts.linked.fetch_add(1, Ordering::Relaxed);
                        } else {
                            sink.write(path, &bytes)?;
                        }
                        Ok(Some((*path).clone()))
                    }
                    _ => Ok(None),
                }
            })
            .filter_map(Result::transpose)
            .collect::<io::Result<_>>()
    })
}

/// The job that writes `path` besides its own file: the sitemap for each of its parts.
fn part_of(path: &str) -> Option<&'static str> {
    crate::render::is_sitemap_part(path).then_some(crate::render::SITEMAP)
}

/// The cache's entries of this build: each page of `fresh` (its fingerprint) with the digest
/// of the bytes written for it (`hashes`) and their file's stamp (`stamps`). A part of a job
/// (`part_of`) carries the job's fingerprint: taken with it (`reuse`), or written again.
pub fn entries(
    fresh: HashMap<String, u64>,
    hashes: &HashMap<String, u64>,
    stamps: &HashMap<String, Stamp>,
) -> HashMap<String, Entry> {
    let parts: Vec<(String, u64)> = hashes
        .keys()
        .filter_map(|p| Some((p.clone(), *fresh.get(part_of(p)?)?)))
        .collect();
    fresh
        .into_iter()
        .chain(parts)
        .filter_map(|(path, fingerprint)| {
            let content = *hashes.get(&path)?;
            let stamp = stamps.get(&path).copied().unwrap_or_default();
            let e = Entry {
                fingerprint,
                content,
                stamp,
            };
            Some((path, e))
        })
        .collect()
}

/// What `reuse` took.
#[derive(Default)]
pub struct Taken {
    /// The site paths taken (the caller renders the rest).
    pub paths: crate::fast::HashSet<String>,
    /// How many of them were kept unread by their stamp.
    pub unread: usize,
    /// How many were linked from the last output (`Sink::link`) rather than copied.
    pub linked: usize,
    /// How many of those were linked unread, by their stamp (`Sink::link_unread`).
    pub linked_unread: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::load::Source;

    /// A sitemap split in parts is taken with every part its cache names, or rendered.
    #[test]
    fn a_split_sitemap_is_taken_whole_or_not_at_all() {
        let out = tempfile::tempdir().unwrap();
        let files = [
            ("sitemap.xml", "index", 5),
            ("sitemap-1.xml", "first", 5),
            ("sitemap-2.xml", "second", 5),
            ("a.html", "page", 7),
        ];
        let mut cache = HashMap::default();
        for (path, text, fingerprint) in files {
            std::fs::write(out.path().join(path), text).unwrap();
            let e = Entry {
                fingerprint,
                content: xxh3_64(text.as_bytes()),
                stamp: Stamp::default(),
            };
            cache.insert(path.to_string(), e);
        }
        let taken = |sitemap: u64| {
            let fresh =
                HashMap::from_iter([("sitemap.xml".to_string(), sitemap), ("a.html".into(), 7)]);
            let last = LastOutput::open(out.path()).unwrap();
            let sink = super::super::memory::MemorySink::default();
            let t = reuse(&cache, &fresh, &last, None, &sink).unwrap();
            let mut paths: Vec<String> = t.paths.into_iter().collect();
            paths.sort();
            paths
        };
        assert_eq!(
            taken(5),
            ["a.html", "sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
        );
        // Another sitemap: none of its files.
        assert_eq!(taken(6), ["a.html"]);
        // A part that no longer holds its bytes: the sitemap renders (its other files may stay
        // taken: the render writes them again).
        std::fs::write(out.path().join("sitemap-2.xml"), "changed").unwrap();
        let t = taken(5);
        assert!(t.contains(&"a.html".to_string()), "{t:?}");
        assert!(!t.contains(&"sitemap.xml".to_string()), "{t:?}");
        assert!(!t.contains(&"sitemap-2.xml".to_string()), "{t:?}");
        // The entries a build stores give the parts the sitemap's fingerprint.
        let fresh = HashMap::from_iter([("sitemap.xml".to_string(), 5), ("a.html".into(), 7)]);
        let hashes = ["sitemap.xml", "sitemap-1.xml", "a.html", "robots.txt"];
        let hashes = hashes.iter().map(|p| (p.to_string(), 1)).collect();
        let e = entries(fresh, &hashes, &HashMap::default());
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!(e["sitemap-1.xml"].fingerprint, 5);
        assert_eq!(e["a.html"].fingerprint, 7);
    }

    fn sample() -> HashMap<String, Entry> {
        let mut m = HashMap::default();
        m.insert(
            "jh/index.html".to_string(),
            Entry {
                fingerprint: 7,
                content: 9,
                stamp: Stamp {
                    ino: 12,
                    size: 34,
                    mtime: (-5, 6),
                    ctime: (7, 999_999_999),
                },
            },
        );
        m.insert(
            "index.html".to_string(),
            Entry {
                fingerprint: u64::MAX,
                content: 0,
                stamp: Stamp::default(),
            },
        );
        m
    }

    /// Three texts read: one with its stamp (recorded), one without (written just before the
    /// load: not recorded), a draft (not recorded: its front matter is not public).
    fn sample_sources() -> Vec<Source> {
        let text = |t: &str| crate::source::text::Text::Plain(std::sync::Arc::from(t));
        let stamp = Stamp {
            ino: 5,
            size: 21,
            mtime: (1, 2),
            ctime: (3, 4),
        };
        vec![
            Source {
                rel: "content/jh/_index.md".into(),
                text: text("+++\ntitle = \"JH\"\n+++\nText."),
                read_at: Some((stamp, 21)),
            },
            Source {
                rel: "content/jh/news.md".into(),
                text: text("+++\n+++\n"),
                read_at: None,
            },
            Source {
                rel: "content/jh/koncept.md".into(),
                text: text("+++\nDraft = true\n+++\n"),
                read_at: Some((stamp, 20)),
            },
        ]
    }

    /// One page read two bodies; another page of `sample` read none.
    fn sample_learned() -> Learned {
        Learned {
            site: 77,
            bodies: vec![
                ("content/jh/_index.md".into(), 5),
                ("content/b.md".into(), 6),
            ],
            reads: HashMap::from_iter([("jh/index.html".to_string(), vec![1, 0].into())]),
            pieces: vec![[Some(1), None, Some(3), Some(u64::MAX)], [None; 4]],
            rows: vec![Some(7), None, Some(0)],
        }
    }

    fn encode(
        key: u64,
        entries: &HashMap<String, Entry>,
        scans: &Scans,
        sources: &[Source],
        learned: Option<&Learned>,
    ) -> Vec<u8> {
        let layouts = sample_layouts();
        let rows = sample_rows();
        let indexed = ["jh/jednani/rs-01/index.html".to_string()];
        let tail = Tail {
            learned,
            layouts: &layouts,
            rows: &rows,
            indexed: &indexed,
        };
        write(Vec::new(), key, entries, scans, sources, tail).expect("a vector takes any bytes")
    }

    /// The layout of one output put together from pieces.
    fn sample_layouts() -> HashMap<String, crate::render::outputs::splice::Layout> {
        let mut l = crate::render::outputs::splice::Layout::default();
        l.note(0, 1, "\n", 20);
        l.note(2, 22, ",\n", 300);
        HashMap::from_iter([("data/meetings.json".to_string(), l)])
    }

    /// The rows' spans of two list pages.
    fn sample_rows() -> HashMap<String, crate::render::row_parts::RowSpans> {
        use crate::render::row_parts::{RowSpan, RowSpans};
        let page = RowSpans {
            calls: vec![5, u64::MAX],
            spans: vec![
                RowSpan {
                    key: 1,
                    start: 100,
                    len: 30,
                },
                RowSpan {
                    key: u64::MAX,
                    start: u32::MAX,
                    len: 0,
                },
            ],
        };
        HashMap::from_iter([
            ("jednani/index.html".to_string(), page),
            ("jednani/2020/index.html".to_string(), RowSpans::default()),
        ])
    }

    /// What a build reads again of the last output: the list pages whose rows it takes and
    /// the outputs it puts together, only where it renders them again.
    #[test]
    fn the_files_read_again_are_those_rendered_with_parts_taken() {
        let mut c = decode(&sample_bytes(), Lang::En).expect("decodes");
        for (path, fingerprint) in [
            ("jednani/index.html", 1),
            ("jednani/2020/index.html", 2),
            ("data/meetings.json", 3),
        ] {
            let e = Entry {
                fingerprint,
                content: 0,
                stamp: Stamp::default(),
            };
            c.entries.insert(path.to_string(), e);
        }
        let read = |c: &Cache, fresh: &[(&str, u64)]| {
            let fresh = fresh.iter().map(|(p, f)| (p.to_string(), *f)).collect();
            let mut read = c.read_again(&fresh);
            read.sort();
            read
        };
        // Unchanged, or gone from the site: nothing read again.
        let same = [("jednani/index.html", 1), ("data/meetings.json", 3)];
        assert!(read(&c, &same).is_empty());
        assert!(
            read(&c, &[("jh/index.html", 8)]).is_empty(),
            "no rows, no pieces"
        );
        let again = read(
            &c,
            &[
                ("jednani/index.html", 1),
                ("jednani/2020/index.html", 5),
                ("data/meetings.json", 4),
            ],
        );
        assert_eq!(again, ["data/meetings.json", "jednani/2020/index.html"]);
        // A page the last build has no entry for is not read (its file is read by its entry).
        c.entries.remove("jednani/2020/index.html");
        assert!(read(&c, &[("jednani/2020/index.html", 5)]).is_empty());
    }

    /// The samples encoded, with what the fingerprinting learned.
    fn sample_bytes() -> Vec<u8> {
        let learned = sample_learned();
        encode(
            42,
            &sample(),
            &Scans::default(),
            &sample_sources(),
            Some(&learned),
        )
    }

    #[test]
    fn a_cache_gives_its_pages_under_its_key_only() {
        let learned = sample_learned();
        let bytes = sample_bytes();
        let back = decode(&bytes, Lang::En).expect("decodes");
        assert_eq!(back.pages(42, Lang::En).expect("same key"), &sample());
        assert_eq!(back.learned.as_deref(), Some(&learned));
        assert_eq!(back.layouts, sample_layouts());
        assert_eq!(back.rows, sample_rows());
        assert_eq!(
            *back.indexed,
            crate::fast::HashSet::from_iter(["jh/jednani/rs-01/index.html".to_string()])
        );
        assert_eq!(read_pages(&bytes[..], Lang::En).expect("pages"), sample());
        let none = encode(42, &sample(), &Scans::default(), &sample_sources(), None);
        assert_eq!(decode(&none, Lang::En).expect("decodes").learned, None);
        // The text read with its stamp has its record: front matter, length, hash; the draft
        // and the text read without a stamp have none.
        assert_eq!(back.sources.len(), 1);
        let k = &back.sources["content/jh/_index.md"];
        assert_eq!(&*k.head, "+++\ntitle = \"JH\"\n+++\n");
        assert_eq!((k.len, k.stamp.ctime), (26, (3, 4)));
        assert_eq!(k.hash, sample_sources()[0].text.digest());
        let err = back.pages(43, Lang::En).expect_err("another key");
        assert!(err.contains("another build"), "{err}");
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let bytes = sample_bytes();
        // The pages' section and its checksum: the magic, key and length, then the section.
        let len = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes")) as usize;
        let pages_end = 24 + len + 8;
        assert!(pages_end < bytes.len());
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], Lang::En).is_err(), "truncated at {n}");
            let mut bad = bytes.clone();
            bad[n] ^= 0x20;
            assert!(decode(&bad, Lang::En).is_err(), "byte {n} flipped");
            // The spare's pages are read up to their checksum: whatever follows is not theirs.
            let pages = read_pages(&bytes[..n], Lang::En);
            assert_eq!(pages.is_ok(), n >= pages_end, "truncated at {n}");
            let pages = read_pages(&bad[..], Lang::En);
            assert_eq!(pages.is_ok(), n >= pages_end, "byte {n} flipped");
        }
    }

    /// A cache with bytes slipped in before a section (its offsets and checksum made to fit)
    /// is refused: the sections are read apart, each from where the one before ended to its
    /// own end.
    #[test]
    fn bytes_between_sections_are_refused() {
        let bytes = sample_bytes();
        let footer = bytes.len() - 8 - 24;
        let offset = |i: usize| {
            let at = footer + 8 * i;
            u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
        };
        // `n` zero bytes put at `at`, the offsets past it moved, the checksum made again.
        let slip = |at: usize, n: usize| {
            let mut b = bytes[..footer].to_vec();
            b.splice(at..at, std::iter::repeat_n(0u8, n));
            for i in 0..3 {
                let o = offset(i);
                let o = if o as usize >= at { o + n as u64 } else { o };
                b.extend_from_slice(&o.to_le_bytes());
            }
            let sum = xxh3_64(&b);
            b.extend_from_slice(&sum.to_le_bytes());
            b
        };
        // Nothing slipped in gives the same bytes back.
        assert_eq!(slip(footer, 0), bytes);
        for i in 0..3 {
            let at = offset(i) as usize;
            assert!(
                decode(&slip(at, 4), Lang::En).is_err(),
                "before section {i}"
            );
        }
        assert!(
            decode(&slip(footer, 4), Lang::En).is_err(),
            "after the last"
        );
    }

    #[test]
    fn the_same_entries_give_the_same_bytes() {
        let scans = Scans::default();
        let sources = sample_sources();
        assert_eq!(
            encode(1, &sample(), &scans, &sources, Some(&sample_learned())),
            encode(1, &sample(), &scans, &sources, Some(&sample_learned()))
        );
    }

    /// A sink that keeps unread only the files whose path ends in `.css`.
    struct KeepsCss;

    impl Sink for KeepsCss {
        fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
            Ok(())
        }
        fn copy(&self, _: &Path, _: &str) -> io::Result<()> {
            Ok(())
        }
        fn keep_unread(&self, path: &str, _: u64, _: u64, _: &Stamp) -> io::Result<bool> {
            Ok(path.ends_with(".css"))
        }
    }

    /// Files kept unread all at once are noted with their hashes, and only those the inner
    /// sink kept (the others were noted beside it and are taken out again).
    #[test]
    fn files_kept_unread_at_once_are_noted_only_where_kept() {
        let unread = |path: &str, content| Unread {
            path: path.into(),
            len: 3,
            content,
            stamp: Stamp::default(),
        };
        let files = [unread("a.css", 1), unread("b.html", 2), unread("c.css", 3)];
        let inner = KeepsCss;
        let hashing = Hashing::new(&inner);
        assert_eq!(
            hashing.keep_unread_all(&files).unwrap(),
            [true, false, true]
        );
        let hashes = hashing.into_hashes();
        let mut noted: Vec<_> = hashes.iter().map(|(p, h)| (p.as_str(), *h)).collect();
        noted.sort();
        assert_eq!(noted, [("a.css", 1), ("c.css", 3)]);
    }
}
