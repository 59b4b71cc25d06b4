//! Load: the only stage that reads the site root. It walks `content/`, reads every Markdown
//! file (in parallel; one whose inode stamp the last build recorded is taken by that record,
//! unread) and notes every other file with its size, reads `config.toml`, and lists
//! `static/` and the theme's files. It judges nothing but encoding: bytes that are not UTF-8
//! become a diagnostic here, everything else is `resolve`'s business.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fast::HashMap;
use crate::i18n::tr;
use crate::output::Stamp;
use crate::source::text::{Known, Text};

/// A Markdown file's text with its root-relative path (`content/jh/skupiny/rs.md`).
#[derive(Clone, Debug)]
pub struct Source {
    pub rel: String,
    /// In memory, or left on disk past `load`'s budget (`kpss build` and `check` of a large site).
    pub text: Text,
    /// The file's inode stamp when it was read and where its body starts, for the record the
    /// next build takes it by ([`Text::record`]); `None` for a text with wrong fences or one
    /// the preview read. A file written in the last seconds before the load has no stamp
    /// (`Stamp::default()`: it may not yet tell a later write apart): its record is never
    /// taken, but keeps its front matter for the next build to see what changed in it.
    pub read_at: Option<(Stamp, usize)>,
}

/// Everything `resolve` needs from the disk.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Vec<Source>,
    /// Every non-Markdown file under `content/`, root-relative, with its size in bytes.
    pub files: BTreeMap<String, u64>,
    /// `static/` and the site's theme `static/`: (absolute source, site path).
    pub static_files: Vec<(PathBuf, String)>,
    /// The site's own templates (`themes/<name>/templates/*`), by file name.
    pub theme_templates: BTreeMap<String, String>,
    /// The texts left on disk that changed before they were read again.
    pub reads: Arc<crate::source::text::ReadBack>,
    /// How many Markdown files were taken by the last build's record, unread.
    pub known_taken: usize,
}

/// Root-relative path with `/` separators.
fn rel_of(root: &Path, p: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    // A path the walk joined onto `root`, as UTF-8 with no empty or `.` name: its bytes after
    // `root/` are what taking it apart gives (100,000 times in a build at 100k, where taking
    // apart was some 25 ms of the CPU).
    let rest = (p.as_os_str().as_bytes())
        .strip_prefix(root.as_os_str().as_bytes())
        .and_then(|rest| rest.strip_prefix(b"/"))
        .and_then(|rest| std::str::from_utf8(rest).ok());
    if let Some(rest) = rest
        && rest.split('/').all(|name| !name.is_empty() && name != ".")
    {
        return rest.to_string();
    }
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files under `dir` (sorted), following symlinks only while they stay inside the site
/// root: a link whose target lies outside `root` (which must be canonical), a loop and a link
/// to nothing are reported in `d` and skipped, so nothing outside the site is ever published
/// or served.
fn walk_files(root: &Path, dir: &Path, lang: Lang, d: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let refused = std::cell::RefCell::new(Vec::new());
    let mut out: Vec<PathBuf> = Vec::new();
    // Each folder's entries sorted by name, so the walk comes in the order of the paths
    // compared component by component (sorting 100,000 paths afterwards was some 100 ms of
    // a warm build at 100k, on one thread). Siblings share their folder's path, so their
    // whole paths compare as their names do; `sort_by_file_name` took each name apart from
    // its path again in every comparison (the walk took 164–188 ms at 100k, now 62–84).
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            if !e.path_is_symlink() {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if target.starts_with(root) => true,
                Ok(target) => {
                    refused
                        .borrow_mut()
                        .push(link_leaves_site(root, e.path(), &target, lang));
                    false
                }
                // Broken links and loops come out of the walk as errors, below.
                Err(_) => true,
            }
        });
    for e in walk {
        match e {
            Ok(e) if e.file_type().is_file() => {
                if !is_ignored(e.file_name().to_string_lossy().as_ref()) {
                    out.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(e) => refused.borrow_mut().push(walk_error(root, &e, lang)),
        }
    }
    for r in refused.into_inner() {
        d.push(r);
    }
    // Checked (one comparison a path), not assumed.
    if !out.is_sorted() {
        out.sort();
    }
    out
}

/// A symlink under the site that points outside it.
fn link_leaves_site(root: &Path, link: &Path, target: &Path, lang: Lang) -> Diagnostic {
    let rel = rel_of(root, link);
    Diagnostic::error(
        rel.clone(),
        None,
        match lang {
            Lang::Cs => format!(
                "symbolický odkaz {rel} vede mimo web, na {}; kpss nezveřejní nic, co neleží ve webu",
                target.display()
            ),
            Lang::En => format!(
                "the symbolic link {rel} points outside the site, to {}; kpss publishes nothing that lies outside the site",
                target.display()
            ),
        },
    )
    .with_hint(tr(
        lang,
        "zkopírujte soubor do webu, nebo odkaz smažte",
        "copy the file into the site, or delete the link",
    ))
}

/// A symlink loop, a link to nothing, or a folder that cannot be read.
fn walk_error(root: &Path, e: &walkdir::Error, lang: Lang) -> Diagnostic {
    let path = e.path().map(|p| rel_of(root, p)).unwrap_or_default();
    let (cs, en) = if let Some(ancestor) = e.loop_ancestor() {
        let a = rel_of(root, ancestor);
        (
            format!("symbolický odkaz {path} tvoří smyčku (vede zpět do {a}); kpss ho nesleduje"),
            format!(
                "the symbolic link {path} makes a loop (it leads back to {a}); kpss does not follow it"
            ),
        )
    } else if e.path().is_some_and(|p| p.is_symlink()) {
        let target = e
            .path()
            .and_then(|p| std::fs::read_link(p).ok())
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        (
            format!("symbolický odkaz {path} vede na {target}, který neexistuje"),
            format!("the symbolic link {path} points to {target}, which does not exist"),
        )
    } else {
        let io = e
            .io_error()
            .map(|e| e.to_string())
            .unwrap_or_else(|| e.to_string());
        (
            format!("{path} nelze přečíst: {io}"),
            format!("cannot read {path}: {io}"),
        )
    };
    Diagnostic::error(path, None, if lang == Lang::Cs { cs } else { en }).with_hint(tr(
        lang,
        "odkaz opravte nebo smažte",
        "fix or delete the link",
    ))
}

/// Editor temp and swap files, and hidden files, are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("__jb_")
}

/// Read the config file only (for commands that need settings before content).
pub fn read_config(root: &Path) -> std::io::Result<Arc<str>> {
    let bytes = std::fs::read(root.join(crate::source::config::CONFIG_FILE))?;
    String::from_utf8(bytes)
        .map(Arc::from)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// How `load` reads the Markdown files: what it knows from the last build, and how much text it
/// keeps in memory.
struct Reading<'a> {
    root: &'a Path,
    known: Option<&'a HashMap<String, Known>>,
    /// A file changed at or after this time (two seconds before the load) gets no record: a
    /// file system whose clock ticks coarsely could give a second write within the same tick
    /// the same stamp (git calls such files "racily clean").
    settled_before: (i64, u64),
    kept: std::sync::atomic::AtomicU64,
    /// How many files were taken by their record.
    taken: std::sync::atomic::AtomicUsize,
    budget: u64,
    reads: Arc<crate::source::text::ReadBack>,
    lang: Lang,
}

/// Two seconds ago, as (seconds, nanoseconds) since the epoch.
fn settled_before() -> (i64, u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (now.as_secs() as i64 - 2, u64::from(now.subsec_nanos()))
}

impl Reading<'_> {
    /// One Markdown file: by its record when the file still has the recorded stamp, else read
    /// (its stamp taken first, so a write during the read moves it away from the record).
    fn source(&self, p: &Path, folder: In<'_>) -> Result<Source, Diagnostic> {
        let rel = rel_of(self.root, p);
        if let Some(k) = self.known.and_then(|k| k.get(&rel))
            && k.stamp.known()
            && folder.stamp(p) == Some(k.stamp)
        {
            self.taken
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(Source {
                text: Text::known(p.to_path_buf(), k, &self.reads),
                read_at: Some((k.stamp, k.head.len())),
                rel,
            });
        }
        let (bytes, stamp) = read_stamped(p, folder)
            .map_err(|e| Diagnostic::error(rel.clone(), None, format!("{e}")))?;
        // simdutf8 checks a valid text (`str::from_utf8` was a tenth of a warm build at
        // 100,000 files; load at 10,000: 70 ms, 106–119 ms before); std says where a bad
        // one breaks.
        let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
            return Err(not_utf8(rel, &bytes, self.lang));
        };
        let body_offset = crate::source::frontmatter::split("", text, self.lang)
            .ok()
            .map(|s| s.body_offset);
        let settled = stamp.ctime < self.settled_before && stamp.mtime < self.settled_before;
        Ok(Source {
            text: self.keep_or_leave(p, text, body_offset),
            read_at: body_offset.map(|o| (if settled { stamp } else { Stamp::default() }, o)),
            rel,
        })
    }

    /// `text` (of the file at `path`) kept in memory while the texts kept so far stay within
    /// the budget, else left on disk with its front matter; a file whose fences are wrong
    /// (no `body_offset`) is kept whole (resolve reports it with its lines).
    fn keep_or_leave(&self, path: &Path, text: &str, body_offset: Option<usize>) -> Text {
        use std::sync::atomic::Ordering;
        let len = text.len() as u64;
        if self.kept.fetch_add(len, Ordering::Relaxed) + len <= self.budget {
            return Text::Plain(Arc::from(text));
        }
        match body_offset {
            Some(o) => Text::on_disk(path.to_path_buf(), text, o, &self.reads),
            None => Text::Plain(Arc::from(text)),
        }
    }
}

/// The folders of the files a build reads, each opened once (`O_PATH`): a file is then asked
/// for by its name in its folder, not walked to from `/` through every folder of its path
/// again. A warm build at 100,000 meetings asks each file's stamp; by whole paths (nine
/// names deep in the bench) the kernel's walk of the names was most of that.
struct Folders {
    open: Vec<Option<rustix::fd::OwnedFd>>,
    /// For each file, its folder's place in `open`.
    of: Vec<usize>,
}

impl Folders {
    fn open(files: &[PathBuf]) -> Folders {
        let mut at: HashMap<&std::ffi::OsStr, usize> = HashMap::default();
        let mut open = Vec::new();
        // The walk gives a folder's files mostly one after another: the last folder first.
        let mut last: Option<(&std::ffi::OsStr, usize)> = None;
        let of = files
            .iter()
            .map(|p| {
                let parent = p.parent().unwrap_or(Path::new("/")).as_os_str();
                if let Some((folder, i)) = last
                    && folder == parent
                {
                    return i;
                }
                let i = *at.entry(parent).or_insert_with(|| {
                    use rustix::fs::{Mode, OFlags};
                    let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                    open.push(rustix::fs::open(parent, flags, Mode::empty()).ok());
                    open.len() - 1
                });
                last = Some((parent, i));
                i
            })
            .collect();
        Folders { open, of }
    }

    /// The folder of the `i`th file.
    fn of(&self, i: usize) -> In<'_> {
        In(self.open[self.of[i]].as_ref().map(|fd| {
            use rustix::fd::AsFd;
            fd.as_fd()
        }))
    }
}

/// A file's folder, open; `None` (it could not be opened) asks by the whole path.
#[derive(Clone, Copy)]
struct In<'a>(Option<rustix::fd::BorrowedFd<'a>>);

impl In<'_> {
    /// The stamp of the file at `p` (links followed, as `std::fs::metadata`).
    fn stamp(self, p: &Path) -> Option<Stamp> {
        match (self.0, p.file_name()) {
            (Some(dir), Some(name)) => rustix::fs::statat(dir, name, rustix::fs::AtFlags::empty())
                .ok()
                .map(|st| Stamp::of(&st)),
            _ => std::fs::metadata(p).ok().map(|m| Stamp::of_metadata(&m)),
        }
    }

    /// The file at `p`, open to read.
    fn open(self, p: &Path) -> std::io::Result<std::fs::File> {
        match (self.0, p.file_name()) {
            (Some(dir), Some(name)) => {
                use rustix::fs::{Mode, OFlags};
                let fd =
                    rustix::fs::openat(dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
                Ok(std::fs::File::from(fd))
            }
            _ => std::fs::File::open(p),
        }
    }
}

/// The bytes of the file at `p` and its inode stamp, taken before reading.
fn read_stamped(p: &Path, folder: In<'_>) -> std::io::Result<(Vec<u8>, Stamp)> {
    let mut file = folder.open(p)?;
    let stamp = Stamp::of_metadata(&file.metadata()?);
    let mut bytes = Vec::with_capacity(stamp.size as usize);
    file.read_to_end(&mut bytes)?;
    Ok((bytes, stamp))
}

/// A file that is not UTF-8: where its first bad byte is, and the likely fix.
fn not_utf8(rel: String, bytes: &[u8], lang: Lang) -> Diagnostic {
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    Diagnostic::error(
        rel,
        None,
        match lang {
            Lang::Cs => format!(
                "soubor není v kódování UTF-8 (neplatný bajt na řádku {line}, bajt {at})"
            ),
            Lang::En => format!("the file is not UTF-8 (invalid byte on line {line}, byte {at})"),
        },
    )
    .with_hint(tr(
        lang,
        "uložte soubor v kódování UTF-8 (v editoru „Uložit jako…“ → kódování UTF-8); starší soubory bývají ve Windows-1250",
        "save the file as UTF-8 (\"Save as…\" → encoding UTF-8); older Czech files are often Windows-1250",
    ))
}

/// The files under `content/` of the site at `root` (its real path), and what the walk
/// refused: the first part of loading, which needs nothing of the last build (a warm build
/// walks while it reads its cache).
pub struct Walked {
    root: PathBuf,
    paths: Vec<PathBuf>,
    refused: Diagnostics,
}

/// Walk `content/` of the site at `root` ([`Walked`]).
pub fn walk_content(root: &Path, lang: Lang) -> std::io::Result<Walked> {
    // Symlinks are judged against the real root: a link may point anywhere inside it.
    let root = std::fs::canonicalize(root)?;
    let mut refused = Diagnostics::default();
    let paths = walk_files(&root, &root.join("content"), lang, &mut refused);
    Ok(Walked {
        root,
        paths,
        refused,
    })
}

/// Read the site whose `content/` is `walked`. Markdown texts are kept in memory up to
/// `keep_in_memory` bytes in all; past that a text is left on disk ([`Text::on_disk`]: read
/// again where used, checked against what was read here). A file `known` (the last build's
/// records) has a record of, whose inode stamp is still the recorded one, is not read: its
/// text is left on disk as recorded ([`Text::known`]). I/O failures that stop everything are
/// returned as `Err`.
pub fn load_walked(
    walked: Walked,
    theme: &str,
    lang: Lang,
    keep_in_memory: u64,
    known: Option<&HashMap<String, Known>>,
    d: &mut Diagnostics,
) -> std::io::Result<Loaded> {
    use std::sync::atomic::AtomicU64;
    let mut loaded = Loaded::default();
    let Walked {
        root,
        paths,
        refused,
    } = walked;
    let root = &root;
    d.extend(refused);
    let (md, other): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "md"));
    let reading = Reading {
        root,
        known,
        settled_before: settled_before(),
        kept: AtomicU64::new(0),
        taken: std::sync::atomic::AtomicUsize::new(0),
        budget: keep_in_memory,
        reads: loaded.reads.clone(),
        lang,
    };
    let folders = Folders::open(&md);
    let read: Vec<Result<Source, Diagnostic>> = crate::output::on_io_threads(|| {
        md.par_iter()
            .enumerate()
            .map(|(i, p)| reading.source(p, folders.of(i)))
            .collect()
    });
    loaded.known_taken = reading.taken.into_inner();
    for r in read {
        match r {
            Ok(s) => loaded.sources.push(s),
            Err(e) => d.push(e),
        }
    }
    for p in other {
        let size = std::fs::metadata(&p)?.len();
        loaded.files.insert(rel_of(root, &p), size);
    }
    let theme_dir = root.join("themes").join(theme);
    for base in [theme_dir.join("static"), root.join("static")] {
        for p in walk_files(root, &base, lang, d) {
            let site = rel_of(&base, &p);
            loaded.static_files.push((p, site));
        }
    }
    for p in walk_files(root, &theme_dir.join("templates"), lang, d) {
        let name = rel_of(&theme_dir.join("templates"), &p);
        loaded
            .theme_templates
            .insert(name, std::fs::read_to_string(&p)?);
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site path is the same whether the path's bytes are taken after the root or the path
    /// is taken apart: `.` and empty names dropped, a path outside the root kept whole (as
    /// its names joined, as it always was).
    #[test]
    fn site_paths_of_walked_and_odd_paths() {
        let root = Path::new("/site");
        for (path, rel) in [
            ("/site/content/a/b.md", "content/a/b.md"),
            ("/site/content/č/ř.md", "content/č/ř.md"),
            ("/site/content//a/./b.md", "content/a/b.md"),
            ("/site/content/a/./b.md", "content/a/b.md"),
            ("/site/content//b.md", "content/b.md"),
            ("/site/content/a/", "content/a"),
            ("/site/content/../x.md", "content/../x.md"),
            ("/sitex/a.md", "//sitex/a.md"),
            ("/other/a.md", "//other/a.md"),
        ] {
            assert_eq!(rel_of(root, Path::new(path)), rel, "{path}");
        }
        assert_eq!(rel_of(Path::new("/"), Path::new("/a/b.md")), "a/b.md");
    }

    /// The walk gives each folder's entries in the order of their names' bytes, a folder's
    /// files where its name sorts (the order the pages and lists are built in).
    #[test]
    fn the_walk_gives_siblings_in_the_order_of_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        for f in ["b.md", "a.md", "a-b.md", "a/c.md", "Z.md", "č.md"] {
            std::fs::write(content.join(f), "").unwrap();
        }
        let mut d = Diagnostics::default();
        let walked: Vec<String> = walk_files(&root, &content, Lang::Cs, &mut d)
            .iter()
            .map(|p| rel_of(&content, p))
            .collect();
        assert_eq!(walked, ["Z.md", "a/c.md", "a-b.md", "a.md", "b.md", "č.md"]);
    }

    /// A file's stamp asked in its open folder is the one its whole path gives; a file that
    /// is not there has none either way.
    #[test]
    fn a_stamp_in_the_folder_is_the_stamp_by_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let files = [
            file.clone(),
            dir.path().join("sub/b.md"),
            dir.path().join("gone.md"),
        ];
        let folders = Folders::open(&files);
        // A folder met again after another is opened once.
        assert_eq!(
            (folders.open.len(), folders.of.as_slice()),
            (2, &[0, 1, 0][..])
        );
        let by_path = In(None).stamp(&file);
        assert!(by_path.is_some_and(|s| s.known()));
        assert_eq!(folders.of(0).stamp(&file), by_path);
        assert_eq!(folders.of(2).stamp(&files[2]), None);
        let mut text = String::new();
        folders
            .of(0)
            .open(&file)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "x");
    }
}
