//! How a page's Markdown body appears in its view: as HTML (the one call into
//! `links::body_html`), or as a fingerprint of its source for [`super::fingerprints`].
//! Must not render Markdown itself: links are `links`'s, heading ids `markdown`'s.

use crate::model::{Body, Site};

/// What a view holds for each body.
#[derive(Clone, Copy)]
pub(super) enum Bodies {
    /// The body's HTML, as the page shows it.
    Html,
    /// A hash of the body's source: cheap, and it changes whenever the HTML would.
    Fingerprints,
}

impl Bodies {
    pub(super) fn show(self, site: &Site, b: &Body) -> String {
        match self {
            Bodies::Fingerprints => {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                // The whole text's digest and where the body starts: the body, without
                // reading a text left on disk again.
                (&*b.file, b.digest(), b.start).hash(&mut h);
                format!("{:x}", h.finish())
            }
            Bodies::Html => crate::links::body_html(site, b),
        }
    }
}
