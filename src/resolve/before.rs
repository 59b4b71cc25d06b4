//! For a warm `kpss build`: the site as the last build resolved it, when what changed since
//! is the front matter of some meetings in ways the preview patches (a date, a time, a number,
//! a title, a place, minutes). It is this site with those meetings' last front matter put back
//! by the preview's own patch (`check_meeting_edit`, `apply_meeting_edit`), their bodies as
//! they are now. Whether it is the last build's site is not assumed here: the caller compares
//! its digest with the one the last build recorded (`render::fingerprints_since`).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::incremental::{BodyCache, apply_meeting_edit, check_meeting_edit};
use crate::fast::HashMap;
use crate::model::Site;

impl BodyCache {
    /// Keep the front matter read for the files `rels` (a build's cache keeps none), so
    /// [`site_before`] can patch those files back.
    pub fn keep_parsed(&mut self, rels: impl IntoIterator<Item = String>) {
        self.parse_kept.extend(rels);
    }
}

/// `site` with the meetings in `heads` (file, the text up to its body as the last build read
/// it) given that front matter again, each with the body it has now; `None` when one of them is
/// not a meeting whose front matter `resolve` kept (`BodyCache::keep_parsed`), or the edit back
/// is more than a meeting patch takes. `cache` is left as it was.
pub fn site_before(
    site: &Site,
    cache: &mut BodyCache,
    files: &BTreeMap<String, u64>,
    heads: &[(String, Arc<str>)],
) -> Option<Site> {
    let rels: Vec<&String> = heads.iter().map(|(rel, _)| rel).collect();
    let saved: Vec<_> = rels
        .iter()
        .map(|r| cache.entries.get(*r).cloned())
        .collect();
    let parsed: Vec<_> = rels.iter().map(|r| cache.parsed.get(*r).cloned()).collect();
    let before = patch_back(site, cache, files, heads);
    // Put the cache back as resolve left it: its scans are stored for the next build.
    for ((rel, entry), p) in rels.iter().zip(saved).zip(parsed) {
        match entry {
            Some(e) => cache.entries.insert((*rel).clone(), e),
            None => cache.entries.remove(*rel),
        };
        match p {
            Some(p) => cache.parsed.insert((*rel).clone(), p),
            None => cache.parsed.remove(*rel),
        };
    }
    before
}

fn patch_back(
    site: &Site,
    cache: &mut BodyCache,
    files: &BTreeMap<String, u64>,
    heads: &[(String, Arc<str>)],
) -> Option<Site> {
    let index: HashMap<&str, usize> = heads
        .iter()
        .map(|(rel, _)| {
            let i = site.meetings.iter().position(|m| &m.source == rel)?;
            Some((rel.as_str(), i))
        })
        .collect::<Option<_>>()?;
    let mut before = site.clone_in_parallel();
    for (rel, head) in heads {
        let p = cache.parsed.get(rel)?;
        let (_, _, body_offset) = p.item.as_ref()?;
        let now = p.text.get();
        let body = now.get(*body_offset..)?;
        let text: Arc<str> = Arc::from(format!("{head}{body}"));
        let edit = check_meeting_edit(&before, cache, files, index[rel.as_str()], &text)?;
        apply_meeting_edit(&mut before, cache, edit);
    }
    Some(before)
}
