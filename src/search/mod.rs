//! Search (feature `search`): the pagefind index of the rendered pages, written under
//! `pagefind/` of the output beside the page `/hledat/` that render makes. Indexes only pages
//! that mark their text with `data-pagefind-body` (the templates do so where a page's view has
//! `search`); everything else of a page (header, footer, crumbs) stays out. No network, no
//! second tool: pagefind runs in-process on a small tokio runtime of its own. Must not decide
//! which pages are indexed (the templates do) nor write anything itself: the caller's sink does.
//!
//! Determinism: pages are added in path order, and pagefind numbers pages in the order they
//! are added, so the same pages give byte-identical index files (tested).

use std::io;
use std::sync::Mutex;

use crate::czech::Lang;
use crate::output::Sink;

/// The folder of the index and pagefind's search script, in the site.
pub const BUNDLE_DIR: &str = "pagefind/";

/// What a page to index carries (the attribute on its `<main>`).
const BODY_MARK: &str = "data-pagefind-body";

/// A sink that passes every file on and notes the pages to index: HTML files carrying
/// `data-pagefind-body`. The pages are read back from the output before the swap, so a build
/// does not hold every page in memory at once.
pub struct Noting<'s> {
    inner: &'s dyn Sink,
    pages: Mutex<Vec<String>>,
}

impl<'s> Noting<'s> {
    pub fn new(inner: &'s dyn Sink) -> Noting<'s> {
        Noting {
            inner,
            pages: Mutex::new(Vec::new()),
        }
    }

    /// The site paths of the pages to index, sorted.
    pub fn into_pages(self) -> Vec<String> {
        let mut pages = self
            .pages
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pages.sort_unstable();
        pages.dedup();
        pages
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
}

impl Noting<'_> {
    fn note(&self, path: &str, bytes: &[u8]) {
        if to_index(path, bytes) {
            self.pages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(path.to_string());
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Index `pages` (site paths of HTML files, `jh/jednani/x/index.html`), each read with `read`,
/// for a site under `base_path` (`/planovani/`) in `lang`. Returns the files of the index and
/// of pagefind's search script as (site path, bytes), sorted by path; the UI bundles pagefind
/// also offers are left out (search.js of the theme is the UI).
pub fn index(
    pages: &[String],
    read: &dyn Fn(&str) -> io::Result<Vec<u8>>,
    base_path: &str,
    lang: Lang,
) -> io::Result<Vec<(String, Vec<u8>)>> {
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
        for path in pages {
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
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            (format!("{BUNDLE_DIR}{name}"), f.contents)
        })
        .filter(|(name, _)| !is_ui_bundle(name))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
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
