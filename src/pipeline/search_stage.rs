//! The search stage of `build`: render notes the pages to index on their way into the staging
//! folder, then `search::index` reads them back and its files are written into the staging
//! folder too, before the swap (only a complete build, index included, replaces the output).
//! `check` writes nothing and does not index; without the feature `search` this is a
//! pass-through (and `Config::search` is false). The preview indexes its in-memory pages
//! ([`SearchInput`]) on its own schedule, never on the path of an edit (`serve`).

use std::sync::Arc;

use super::session::Files;
use crate::czech::Lang;
use crate::error::Error;
#[cfg(feature = "search")]
use crate::i18n::tr;
use crate::model::Site;
use crate::output::{Sink, Staging};

/// The sink render writes into: the staging folder, noting the pages to index when the site
/// has search.
pub(super) enum Pages<'s> {
    Plain(&'s Staging),
    #[cfg(feature = "search")]
    Noting(crate::search::Noting<'s>),
}

impl<'s> Pages<'s> {
    /// `known`: the pages the last build indexed (`cache::Cache::indexed`, under this build's
    /// key), so a page taken unread is noted without its bytes.
    pub(super) fn new(
        staging: &'s Staging,
        search: bool,
        known: Option<crate::fast::HashSet<String>>,
    ) -> Pages<'s> {
        #[cfg(feature = "search")]
        if search {
            return Pages::Noting(crate::search::Noting::new(staging, known));
        }
        let _ = (search, known);
        Pages::Plain(staging)
    }

    pub(super) fn sink(&self) -> &dyn Sink {
        match self {
            Pages::Plain(s) => *s,
            #[cfg(feature = "search")]
            Pages::Noting(n) => n,
        }
    }
}

/// The last build's index, for a warm build: its output and the cache entries of its files
/// (each with the fingerprint of its part, `search::Part`).
pub(super) struct LastIndex<'a> {
    pub(super) dir: &'a super::cache::LastOutput,
    pub(super) entries: &'a crate::fast::HashMap<String, super::cache::Entry>,
    /// The folder being written when it is a reused one, with its own cache's entries: a
    /// file already there is kept by its stamp (`cache::reuse`).
    pub(super) here: super::cache::Here<'a>,
}

/// What the search stage wrote.
#[derive(Default)]
pub(super) struct Indexed {
    /// Each file of the index parts with its part's fingerprint, for the build cache.
    pub(super) fingerprints: Vec<(String, u64)>,
    /// How many parts there are (the first and those holding pages), and how many were taken
    /// from the last output.
    pub(super) parts: usize,
    pub(super) taken: usize,
    /// The pages indexed, for the build cache.
    pub(super) pages: Vec<String>,
}

/// Index the noted pages and write the index through `sink`: each part of the index whose
/// pages are the last build's, byte for byte, is taken from the last output (`last`) when all
/// its files there are still the bytes recorded; the others are built. A failure to write is
/// handed to `write_error` (a full disk among them).
pub(super) fn index(
    site: &Site,
    pages: &Pages<'_>,
    sink: &dyn Sink,
    last: Option<LastIndex<'_>>,
    read: &(dyn Fn(&str) -> std::io::Result<Vec<u8>> + Sync),
    write_error: &dyn Fn(&std::io::Error) -> Error,
) -> crate::error::Result<Indexed> {
    match pages {
        Pages::Plain(_) => {
            let _ = (site, sink, last, read, write_error);
            Ok(Indexed::default())
        }
        #[cfg(feature = "search")]
        Pages::Noting(n) => {
            let to_index = n.take_pages();
            let lang = site.config.language;
            let parts = crate::search::parts(&to_index, site.config.search_pages_per_part);
            let index_error = |e: std::io::Error| {
                let what = tr(
                    lang,
                    "sestavení vyhledávacího indexu",
                    "building the search index",
                );
                Error::io(what, e)
            };
            let mut done = Indexed {
                parts: parts.iter().filter(|p| p.written()).count(),
                ..Indexed::default()
            };
            let kept = match &last {
                Some(l) => verified_parts(&parts, l),
                None => parts.iter().map(|_| None).collect(),
            };
            let mut to_build = Vec::new();
            let mut to_take = Vec::new();
            for (part, files) in parts.iter().zip(kept) {
                let Some(files) = files else {
                    to_build.push(part);
                    continue;
                };
                done.taken += 1;
                for (path, e) in files {
                    to_take.push((path, *e));
                    done.fingerprints.push((path.clone(), part.fingerprint));
                }
            }
            if let Some(l) = &last
                && let Some(path) = take(&to_take, l, sink).map_err(|e| write_error(&e))?
            {
                let why = tr(
                    lang,
                    &format!(
                        "{path} se v minulém výstupu změnil během sestavení; spusťte sestavení znovu"
                    ),
                    &format!("{path} changed in the last output during the build; build again"),
                );
                return Err(index_error(std::io::Error::other(why)));
            }
            let built = crate::search::index_parts(&to_build, read, &site.config.base_path, lang)
                .map_err(index_error)?;
            for (path, bytes) in built {
                sink.write(&path, &bytes).map_err(|e| write_error(&e))?;
                if let Some(part) = crate::search::part_of_file(&path).and_then(|n| parts.get(n)) {
                    done.fingerprints.push((path, part.fingerprint));
                }
            }
            let (path, bytes) = crate::search::parts_file(&parts);
            sink.write(&path, &bytes).map_err(|e| write_error(&e))?;
            done.pages = to_index.into_iter().map(|(p, _)| p).collect();
            Ok(done)
        }
    }
}

/// The files of each part in the last output, when the last build's part had the same
/// fingerprint and every file of it there is still the one recorded (its inode stamp the
/// recorded one, or its bytes hashing as recorded); else `None` (the part is built). Nothing
/// is held open: `take` opens each file again.
#[cfg(feature = "search")]
fn verified_parts<'a>(
    parts: &[crate::search::Part],
    last: &LastIndex<'a>,
) -> Vec<Option<Vec<(&'a String, &'a super::cache::Entry)>>> {
    use rayon::prelude::*;
    let mut by_part: Vec<Vec<(&String, &super::cache::Entry)>> = vec![Vec::new(); parts.len()];
    for (path, e) in last.entries {
        if let Some(n) = crate::search::part_of_file(path)
            && let Some(files) = by_part.get_mut(n)
        {
            files.push((path, e));
        }
    }
    crate::output::on_io_threads(|| {
        parts
            .par_iter()
            .zip(by_part)
            .map(|(part, files)| {
                let same = !files.is_empty()
                    && files.iter().all(|(_, e)| e.fingerprint == part.fingerprint);
                let there = |(path, e): &(&String, &super::cache::Entry)| {
                    (e.stamp.known() && last.dir.stamp(path) == Some(e.stamp))
                        || last
                            .dir
                            .read(path, u64::MAX)
                            .is_some_and(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes) == e.content)
                };
                (same && files.par_iter().all(there)).then_some(files)
            })
            .collect()
    })
}

/// Take the verified files of the parts from the last output into `sink` (kept by their
/// stamp in a reused folder, linked or copied, as pages are: `cache::take_files`). Returns a
/// file that changed since it was verified, if one did: the build fails then (the part it
/// belongs to may be half taken).
#[cfg(feature = "search")]
fn take(
    files: &[(&String, super::cache::Entry)],
    last: &LastIndex<'_>,
    sink: &dyn Sink,
) -> std::io::Result<Option<String>> {
    let taken = super::cache::take_files(files, last.dir, last.here, sink)?;
    Ok(files
        .iter()
        .find(|(p, _)| !taken.contains(p.as_str()))
        .map(|(p, _)| (*p).clone()))
}

/// The folder of the index in the site (see `crate::search::BUNDLE_DIR`).
pub(super) const BUNDLE_DIR: &str = "pagefind/";

/// A snapshot of the preview's pages, to index on a thread of its own while edits go on.
#[cfg_attr(not(feature = "search"), allow(dead_code))]
pub struct SearchInput {
    pub(super) files: Arc<Files>,
    pub(super) base_path: String,
    pub(super) lang: Lang,
    /// `[search] pages_per_part`.
    pub(super) pages_per_part: usize,
    /// The parts the last indexing built, shared with the session: each part's fingerprint
    /// with its files' paths and hashes.
    pub(super) parts: Arc<std::sync::Mutex<LastParts>>,
}

/// The parts of the preview's last index: by fingerprint (with the base path and language),
/// each file's site path and xxh3.
pub type LastParts = crate::fast::HashMap<u64, Vec<(String, u64)>>;

impl SearchInput {
    /// The index of the snapshot's pages, as `build` would write it: (site path, bytes). A
    /// part whose fingerprint is that of a part the last indexing built, and whose files are
    /// in the snapshot as it built them (the index served), is taken from the snapshot.
    pub fn index(&self) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        #[cfg(feature = "search")]
        {
            use xxhash_rust::xxh3::xxh3_64;
            let mut pages: Vec<(String, u64)> = self
                .files
                .iter()
                .filter(|(p, b)| crate::search::to_index(p, b))
                .map(|(p, b)| (p.to_string(), xxh3_64(b)))
                .collect();
            pages.sort_unstable();
            let read = |p: &str| {
                self.files
                    .get(p)
                    .map(|b| b.to_vec())
                    .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
            };
            let last = self
                .parts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            // A part's fingerprint with what else decides its files in the preview.
            let key = |part: &crate::search::Part| {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                h.update(&part.fingerprint.to_le_bytes());
                h.update(self.base_path.as_bytes());
                h.update(&[u8::from(self.lang == Lang::En)]);
                h.digest()
            };
            // How many files of each part the snapshot serves (counted once, not per part).
            let mut served: crate::fast::HashMap<usize, usize> = Default::default();
            for path in self.files.keys() {
                if let Some(n) = crate::search::part_of_file(path) {
                    *served.entry(n).or_default() += 1;
                }
            }
            let reuse = |part: &crate::search::Part| {
                let files = last.get(&key(part))?;
                (served.get(&part.number) == Some(&files.len())).then_some(())?;
                files
                    .iter()
                    .map(|(path, hash)| {
                        let bytes = self.files.get(path.as_str())?;
                        (xxh3_64(bytes) == *hash).then(|| (path.clone(), bytes.to_vec()))
                    })
                    .collect::<Option<Vec<_>>>()
            };
            let (files, parts) = crate::search::index(
                &pages,
                self.pages_per_part,
                &read,
                &self.base_path,
                self.lang,
                &reuse,
            )?;
            let mut now = LastParts::default();
            for (path, bytes) in &files {
                if let Some(part) = crate::search::part_of_file(path).and_then(|n| parts.get(n)) {
                    now.entry(key(part))
                        .or_default()
                        .push((path.clone(), xxh3_64(bytes)));
                }
            }
            *self
                .parts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = now;
            Ok(files)
        }
        #[cfg(not(feature = "search"))]
        Ok(Vec::new())
    }
}
