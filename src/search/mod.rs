//! Search (feature `search`): the pagefind index of the rendered pages, written under
//! `pagefind/` of the output beside the page `/hledat/` that render makes. Indexes only pages
//! that mark their text with `data-pagefind-body` (the templates do so where a page's view has
//! `search`); everything else of a page (header, footer, crumbs) stays out. No network, no
//! second tool: pagefind runs in-process on small tokio runtimes of its own. Must not decide
//! which pages are indexed (the templates do) nor write anything itself: the caller's sink does.
//!
//! A large site's index is split into parts ([`parts`]): up to `[search] pages_per_part`
//! pages each (a power of two of parts, at most [`MAX_PARTS`]), each page in the part its
//! path's hash names. Every part is an index of its own, built on its own thread (pagefind
//! parses the pages of one index one at a time); the first is `pagefind/` with pagefind's
//! script, the others `pagefind/<n>/` with their index files only, listed in
//! [`PARTS_FILE`], which the theme's `search.js` merges into the first (pagefind's
//! `mergeIndex`). A warm build rebuilds only the parts whose pages changed
//! (`pipeline::search_stage`). Parts by hash, not by territory or kind: each holds a like
//! sample of the site, so pagefind's scores, computed per part, compare across them.
//!
//! Determinism: each part's pages are added in path order, and pagefind numbers pages in the
//! order they are added, so the same pages give byte-identical index files (tested).

use std::io;
use std::sync::Mutex;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::czech::Lang;
use crate::fast::HashSet;
use crate::output::Sink;

/// The folder of the index and pagefind's search script, in the site.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The list of the index's parts beyond the first (JSON: their folders relative to
/// [`BUNDLE_DIR`]), which `search.js` merges.
pub const PARTS_FILE: &str = "pagefind/kpss-parts.json";

/// The most parts an index is split into: a search asks every part (two requests each to
/// start, one per word), so a site of 100,000 pages has parts of ~1,600 pages.
pub const MAX_PARTS: usize = 64;

/// What a page to index carries (the attribute on its `<main>`).
const BODY_MARK: &str = "data-pagefind-body";

/// A sink that passes every file on and notes the pages to index: HTML files carrying
/// `data-pagefind-body`. The pages are read back from the output before the swap, so a build
/// does not hold every page in memory at once.
pub struct Noting<'s> {
    inner: &'s dyn Sink,
    /// Each page's site path and the xxh3 of its bytes.
    pages: Mutex<Vec<(String, u64)>>,
    /// The pages the last build indexed, when the build cache knows them: a page kept or
    /// linked unread (its bytes the last build's, by its stamp) is indexed when it was then,
    /// noted with the hash the caller gives.
    known: Option<HashSet<String>>,
}

impl<'s> Noting<'s> {
    pub fn new(inner: &'s dyn Sink, known: Option<HashSet<String>>) -> Noting<'s> {
        Noting {
            inner,
            pages: Mutex::new(Vec::new()),
            known,
        }
    }

    /// The site paths of the pages noted so far with the xxh3 of their bytes, sorted by path
    /// (a page written twice counts with its last bytes); the notes are emptied.
    pub fn take_pages(&self) -> Vec<(String, u64)> {
        let mut pages = std::mem::take(
            &mut *self
                .pages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        // Stable: of a path noted twice the last noted stays last, and is kept.
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, u64)> = Vec::with_capacity(pages.len());
        for p in pages {
            match out.last_mut() {
                Some(last) if last.0 == p.0 => *last = p,
                _ => out.push(p),
            }
        }
        out
    }
}

/// Whether the file at site path `path` is a page to index (HTML marked by its template).
pub fn to_index(path: &str, bytes: &[u8]) -> bool {
    path.ends_with(".html") && contains(bytes, BODY_MARK.as_bytes())
}

impl Sink for Noting<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(path, bytes)?;
        self.note(path, bytes);
        Ok(())
    }

    fn copy(&self, source: &std::path::Path, path: &str) -> io::Result<()> {
        self.inner.copy(source, path)
    }

    fn write_from(&self, path: &str, fill: &mut crate::output::Fill) -> io::Result<()> {
        if path.ends_with(".html") {
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            return self.write(path, &bytes);
        }
        self.inner.write_from(path, fill)
    }

    fn keep(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.keep(path, bytes)?;
        self.note(path, bytes);
        Ok(())
    }

    fn link(
        &self,
        path: &str,
        from: &std::fs::File,
        bytes: &[u8],
        content: u64,
    ) -> io::Result<bool> {
        let linked = self.inner.link(path, from, bytes, content)?;
        if linked {
            self.note(path, bytes);
        }
        Ok(linked)
    }

    /// A page's bytes are wanted (to index it) unless the last build's indexed pages are
    /// known; any other file passes unread.
    fn keep_unread(
        &self,
        path: &str,
        len: u64,
        content: u64,
        stamp: &crate::output::Stamp,
    ) -> io::Result<bool> {
        if path.ends_with(".html") && self.known.is_none() {
            return Ok(false);
        }
        let kept = self.inner.keep_unread(path, len, content, stamp)?;
        if kept {
            self.note_known(path, content);
        }
        Ok(kept)
    }

    /// As `keep_unread`, the pages the index knows noted under one lock.
    fn keep_unread_all(&self, files: &[crate::output::Unread]) -> io::Result<Vec<bool>> {
        // A page whose bytes are wanted (to index it) is not passed on, as in `keep_unread`.
        let read = |u: &crate::output::Unread| u.path.ends_with(".html") && self.known.is_none();
        let passed: Vec<_> = files.iter().filter(|u| !read(u)).cloned().collect();
        let mut kept = self.inner.keep_unread_all(&passed)?.into_iter();
        let all: Vec<bool> = (files.iter())
            .map(|u| !read(u) && kept.next().unwrap_or(false))
            .collect();
        if let Some(known) = &self.known {
            let mut pages = (self.pages.lock()).unwrap_or_else(std::sync::PoisonError::into_inner);
            let noted = files
                .iter()
                .zip(&all)
                .filter(|(u, k)| **k && known.contains(&u.path));
            pages.extend(noted.map(|(u, _)| (u.path.clone(), u.content)));
        }
        Ok(all)
    }

    fn link_unread(&self, path: &str, from: &std::fs::File, content: u64) -> io::Result<bool> {
        if path.ends_with(".html") && self.known.is_none() {
            return Ok(false);
        }
        let linked = self.inner.link_unread(path, from, content)?;
        if linked {
            self.note_known(path, content);
        }
        Ok(linked)
    }
}

impl Noting<'_> {
    /// A page taken unread: indexed when the last build indexed it (the same bytes).
    fn note_known(&self, path: &str, content: u64) {
        if self.known.as_ref().is_some_and(|k| k.contains(path)) {
            self.pages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((path.to_string(), content));
        }
    }

    fn note(&self, path: &str, bytes: &[u8]) {
        if to_index(path, bytes) {
            self.pages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((path.to_string(), xxh3_64(bytes)));
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Files of the index: (site path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// One part of the index: its number (0 is `pagefind/`), its pages in path order and a
/// fingerprint of what decides its files (the number of parts, its number, its pages' paths
/// and bytes; the settings and this program are the build cache's key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub number: usize,
    pub pages: Vec<String>,
    pub fingerprint: u64,
}

impl Part {
    /// Whether the part is written: the first always (it holds pagefind's script), the
    /// others when they hold pages.
    pub fn written(&self) -> bool {
        self.number == 0 || !self.pages.is_empty()
    }
}

/// How many parts an index of `pages` pages has: the fewest, a power of two, so that none
/// holds more than `per_part` pages on average; at most [`MAX_PARTS`].
pub fn part_count(pages: usize, per_part: usize) -> usize {
    let mut count = 1;
    while count < MAX_PARTS && pages.div_ceil(count) > per_part.max(1) {
        count *= 2;
    }
    count
}

/// `pages` (site path, xxh3 of its bytes; sorted by path, each once) split into parts: each
/// page goes into the part its path's hash names, so adding a page changes one part only.
pub fn parts(pages: &[(String, u64)], per_part: usize) -> Vec<Part> {
    let count = part_count(pages.len(), per_part);
    let mut hashers: Vec<Xxh3> = (0..count)
        .map(|number| {
            let mut h = Xxh3::new();
            h.update(&(count as u64).to_le_bytes());
            h.update(&(number as u64).to_le_bytes());
            h
        })
        .collect();
    let mut split: Vec<Vec<String>> = vec![Vec::new(); count];
    for (path, content) in pages {
        let number = (xxh3_64(path.as_bytes()) % count as u64) as usize;
        let h = &mut hashers[number];
        h.update(path.as_bytes());
        h.update(b"\0");
        h.update(&content.to_le_bytes());
        split[number].push(path.clone());
    }
    split
        .into_iter()
        .zip(hashers)
        .enumerate()
        .map(|(number, (pages, h))| Part {
            number,
            pages,
            fingerprint: h.digest(),
        })
        .collect()
}

/// The folder of part `number` in the site: `pagefind/`, then `pagefind/1/`, ...
pub fn part_dir(number: usize) -> String {
    if number == 0 {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}{number}/")
    }
}

/// Which part a file of the index (site path under `pagefind/`) belongs to; `None` for the
/// list of parts and for files outside `pagefind/`.
pub fn part_of_file(path: &str) -> Option<usize> {
    let rest = path.strip_prefix(BUNDLE_DIR)?;
    if path == PARTS_FILE {
        return None;
    }
    match rest.split_once('/') {
        Some((n, _)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
        _ => Some(0),
    }
}

/// The list of parts `search.js` merges: the folders of the parts beyond the first that hold
/// pages (an empty part is not written), relative to `pagefind/`, as (site path, bytes).
pub fn parts_file(parts: &[Part]) -> (String, Vec<u8>) {
    let dirs: Vec<String> = parts
        .iter()
        .filter(|p| p.number > 0 && p.written())
        .map(|p| format!("{}/", p.number))
        .collect();
    let json = serde_json::to_vec(&dirs).unwrap_or_else(|_| b"[]".to_vec());
    (PARTS_FILE.to_string(), json)
}

/// Index `pages` (site paths of HTML files with the xxh3 of their bytes, sorted by path), each
/// read with `read`, for a site under `base_path` (`/planovani/`) in `lang`, in parts of
/// about `per_part` pages, one part after another on this thread (the preview's: the pool's
/// threads stay free for its edits), taking the files `reuse` gives for a part instead of
/// building it: every part's files and the list of parts, as (site path, bytes), sorted by
/// path, and the parts indexed (for the next `reuse`).
pub fn index(
    pages: &[(String, u64)],
    per_part: usize,
    read: &(dyn Fn(&str) -> io::Result<Vec<u8>> + Sync),
    base_path: &str,
    lang: Lang,
    reuse: &dyn Fn(&Part) -> Option<Files>,
) -> io::Result<(Files, Vec<Part>)> {
    let parts = parts(pages, per_part);
    let mut out = Vec::new();
    for part in parts.iter().filter(|p| p.written()) {
        match reuse(part) {
            Some(files) => out.extend(files),
            None => out.extend(index_part(part, read, base_path, lang)?),
        }
    }
    out.push(parts_file(&parts));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((out, parts))
}

/// The files of `parts` ([`Part::written`] ones), the parts indexed in parallel on the pool's
/// threads (`build`): (site path, bytes), in no particular order.
pub fn index_parts(
    parts: &[&Part],
    read: &(dyn Fn(&str) -> io::Result<Vec<u8>> + Sync),
    base_path: &str,
    lang: Lang,
) -> io::Result<Files> {
    use rayon::prelude::*;
    let built: Vec<Files> = parts
        .par_iter()
        .filter(|p| p.written())
        .map(|p| index_part(p, read, base_path, lang))
        .collect::<io::Result<_>>()?;
    Ok(built.into_iter().flatten().collect())
}

/// One part's index: its files under its folder; a part beyond the first without pagefind's
/// script and its WebAssembly (the first part's serve every part).
fn index_part(
    part: &Part,
    read: &(dyn Fn(&str) -> io::Result<Vec<u8>> + Sync),
    base_path: &str,
    lang: Lang,
) -> io::Result<Files> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(io::Error::other)?;
    let language = match lang {
        Lang::Cs => "cs",
        Lang::En => "en",
    };
    let files = runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(other)?;
        for path in &part.pages {
            let html = String::from_utf8(read(path)?).map_err(io::Error::other)?;
            let html = spaced(&html);
            let dir = path.strip_suffix("index.html").unwrap_or(path);
            let url = crate::source::config::site_url(base_path, dir);
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| io::Error::other(format!("{path}: {e:#}")))?;
        }
        index.get_files().await.map_err(other)
    })?;
    let dir = part_dir(part.number);
    Ok(files
        .into_iter()
        .map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            (name, f.contents)
        })
        .filter(|(name, _)| !is_ui_bundle(name))
        .filter(|(name, _)| part.number == 0 || is_index_file(name))
        .map(|(name, bytes)| (format!("{dir}{name}"), bytes))
        .collect())
}

/// A file of a part's own index (what pagefind's `mergeIndex` fetches: the entry, the meta,
/// the word, filter and fragment chunks), not pagefind's script or WebAssembly.
fn is_index_file(name: &str) -> bool {
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|d| name.starts_with(d))
}

/// The page as pagefind should read it: pagefind 1.6 ends a word at the end of `p`, `li`, `td`
/// and a few other elements, but not of `dt`, `dd` or `th`, so the facts of a page
/// (`<dt>Území</dt><dd>Tábor</dd>`) would be indexed as one word "ÚzemíTábor". A space after
/// each of them keeps the words apart; the published page is not changed.
fn spaced(html: &str) -> String {
    html.replace("</dt>", "</dt> ")
        .replace("</dd>", "</dd> ")
        .replace("</th>", "</th> ")
}

/// pagefind's ready-made UIs (their scripts and styles): not used, so not published.
fn is_ui_bundle(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(n: usize) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = (0..n)
            .map(|i| (format!("jh/jednani/ps-{i}/index.html"), i as u64))
            .collect();
        v.sort();
        v
    }

    /// The fewest parts, a power of two, with at most `per_part` pages on average, capped.
    #[test]
    fn the_part_count_is_the_fewest_power_of_two() {
        assert_eq!(part_count(0, 1000), 1);
        assert_eq!(part_count(1000, 1000), 1);
        assert_eq!(part_count(1001, 1000), 2);
        assert_eq!(part_count(10_341, 1000), 16);
        assert_eq!(part_count(100_000, 1000), MAX_PARTS);
        assert_eq!(part_count(5, 0), 8, "0 counts as 1 page per part");
    }

    /// Every page in one part; a page added or edited changes its own part's fingerprint only.
    #[test]
    fn a_page_changes_only_its_own_part() {
        let before = parts(&pages(40), 5);
        assert_eq!(before.len(), 8);
        let all: usize = before.iter().map(|p| p.pages.len()).sum();
        assert_eq!(all, 40);
        let mut edited = pages(40);
        edited[7].1 += 1;
        let after = parts(&edited, 5);
        let changed: Vec<usize> = before
            .iter()
            .zip(&after)
            .filter(|(a, b)| a.fingerprint != b.fingerprint)
            .map(|(a, _)| a.number)
            .collect();
        let home = after
            .iter()
            .find(|p| p.pages.contains(&edited[7].0))
            .unwrap();
        assert_eq!(changed, [home.number]);
        assert!(before.iter().zip(&after).all(|(a, b)| a.pages == b.pages));
        // One page more (41 pages, still 8 parts): the others keep their pages.
        let mut more = pages(40);
        more.push(("jh/x/index.html".into(), 9));
        more.sort();
        let grown = parts(&more, 6);
        let changed = before
            .iter()
            .zip(&grown)
            .filter(|(a, b)| a.pages != b.pages)
            .count();
        assert_eq!(changed, 1);
    }

    #[test]
    fn files_belong_to_the_part_of_their_folder() {
        assert_eq!(part_of_file("pagefind/pagefind.js"), Some(0));
        assert_eq!(part_of_file("pagefind/fragment/cs_1.pf_fragment"), Some(0));
        assert_eq!(part_of_file("pagefind/12/index/cs_1.pf_index"), Some(12));
        assert_eq!(part_of_file("pagefind/12/pagefind-entry.json"), Some(12));
        assert_eq!(part_of_file(PARTS_FILE), None);
        assert_eq!(part_of_file("jh/index.html"), None);
        assert_eq!(part_dir(0), "pagefind/");
        assert_eq!(part_dir(3), "pagefind/3/");
    }
}
