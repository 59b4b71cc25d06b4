//! Fingerprints of every page's view, for the preview server to render only what an edit
//! changed. Must not render templates or Markdown: bodies count as hashes of their source.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::body::Bodies;
use super::context::RenderCtx;
use super::plan::{Job, jobs};
use super::sitemap::sitemap_urls;
use super::views::view;
use crate::model::Site;

/// A fingerprint of every page's view, by output path, with bodies as fingerprints of their
/// source: two sites give a page the same fingerprint exactly when its output would be the same
/// (for the same templates and `globals`). The preview server renders only the pages whose
/// fingerprint changed after an edit; this costs the views, not the templates or the HTML.
pub fn fingerprints(site: &Site) -> HashMap<String, u64> {
    let ctx = RenderCtx::new(site, Bodies::Fingerprints);
    let jobs = jobs(&ctx);
    jobs.par_iter()
        .map(|(path, job)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            if let Job::Sitemap = job {
                // Its addresses and their `lastmod`: a page that became dirty changes it.
                sitemap_urls(site, &jobs).hash(&mut h);
            } else {
                let (template, value) = view(&ctx, job);
                (template, value.to_string()).hash(&mut h);
            }
            (path.clone(), h.finish())
        })
        .collect()
}
