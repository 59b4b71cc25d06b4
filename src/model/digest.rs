//! The digest of a resolved site without its bodies' texts (`Body` hashes as its file and
//! where it starts): two sites of the same digest differ at most in what their bodies say.
//! `render::fingerprints` uses it to keep a page's fingerprint when no body it read changed;
//! a body that `Site::bodies` misses counts as changed there.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::Site;

impl Site {
    /// Everything the site holds but its bodies' texts, as one number (the long lists in
    /// parallel). Every field is fed in (a new field must be added here: the destructuring
    /// below does not compile without it).
    pub fn digest(&self) -> u64 {
        let Site {
            config,
            build_date,
            home,
            territories,
            groups,
            meetings,
            documents,
            projects,
            organisations,
            news,
            pages,
            plans,
            activities,
            services,
            links,
            source_dates,
        } = self;
        let mut h = Xxh3::new();
        (config, build_date, home, territories, groups).hash(&mut h);
        h.write_u64(list(meetings));
        h.write_u64(list(documents));
        (projects, organisations, news, pages, plans).hash(&mut h);
        h.write_u64(list(activities));
        h.write_u64(list(services));
        links.hash(&mut h);
        let mut dates: Vec<_> = source_dates.iter().collect();
        dates.sort_unstable();
        dates.hash(&mut h);
        h.finish()
    }
}

impl Site {
    /// Every body's file and its text's digest (not noted as a read: `reads`), in no order.
    pub fn bodies(&self) -> impl Iterator<Item = (&str, u64)> {
        let s = self;
        std::iter::once(&s.home.body)
            .chain(s.territories.iter().map(|x| &x.body))
            .chain(s.groups.iter().map(|x| &x.body))
            .chain(s.meetings.iter().map(|x| &x.body))
            .chain(s.documents.iter().map(|x| &x.body))
            .chain(s.projects.iter().map(|x| &x.body))
            .chain(s.organisations.iter().map(|x| &x.body))
            .chain(s.news.iter().map(|x| &x.body))
            .chain(s.pages.iter().map(|x| &x.body))
            .chain(s.plans.iter().map(|x| &x.body))
            .chain(s.activities.iter().map(|x| &x.body))
            .chain(s.services.iter().map(|x| &x.body))
            .map(|b| (&*b.file, b.text.digest()))
    }
}

/// A long list's digest: its chunks hashed in parallel, in order.
fn list<T: Hash + Sync>(items: &[T]) -> u64 {
    let parts: Vec<u64> = items
        .par_chunks(1024)
        .map(|c| {
            let mut h = Xxh3::new();
            c.hash(&mut h);
            h.finish()
        })
        .collect();
    let mut h = Xxh3::new();
    items.len().hash(&mut h);
    parts.hash(&mut h);
    h.finish()
}
