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
    pub(super) fn new(staging: &'s Staging, search: bool) -> Pages<'s> {
        #[cfg(feature = "search")]
        if search {
            return Pages::Noting(crate::search::Noting::new(staging));
        }
        let _ = search;
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

/// Index the noted pages and write the index into `staging`. Returns the number of files of
/// the index; a failure to write is handed to `write_error` (a full disk among them).
pub(super) fn index(
    site: &Site,
    pages: Pages<'_>,
    staging: &Staging,
    write_error: &dyn Fn(&std::io::Error) -> Error,
) -> crate::error::Result<usize> {
    match pages {
        Pages::Plain(_) => {
            let _ = (site, staging, write_error);
            Ok(0)
        }
        #[cfg(feature = "search")]
        Pages::Noting(n) => {
            let to_index = n.into_pages();
            let lang = site.config.language;
            let files = crate::search::index(
                &to_index,
                &|p| staging.read(p),
                &site.config.base_path,
                lang,
            )
            .map_err(|e| {
                let what = tr(
                    lang,
                    "sestavení vyhledávacího indexu",
                    "building the search index",
                );
                Error::io(what, e)
            })?;
            for (path, bytes) in &files {
                staging.write(path, bytes).map_err(|e| write_error(&e))?;
            }
            Ok(files.len())
        }
    }
}

/// The folder of the index in the site (see `crate::search::BUNDLE_DIR`).
pub(super) const BUNDLE_DIR: &str = "pagefind/";

/// A snapshot of the preview's pages, to index on a thread of its own while edits go on.
#[cfg_attr(not(feature = "search"), allow(dead_code))]
pub struct SearchInput {
    pub(super) files: Arc<Files>,
    pub(super) base_path: String,
    pub(super) lang: Lang,
}

impl SearchInput {
    /// The index of the snapshot's pages, as `build` would write it: (site path, bytes).
    pub fn index(&self) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        #[cfg(feature = "search")]
        {
            let mut pages: Vec<String> = self
                .files
                .iter()
                .filter(|(p, b)| crate::search::to_index(p, b))
                .map(|(p, _)| p.to_string())
                .collect();
            pages.sort_unstable();
            let read = |p: &str| {
                self.files
                    .get(p)
                    .map(|b| b.to_vec())
                    .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
            };
            crate::search::index(&pages, &read, &self.base_path, self.lang)
        }
        #[cfg(not(feature = "search"))]
        Ok(Vec::new())
    }
}
