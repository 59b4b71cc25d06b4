//! Resolve: loaded text → the validated, cross-linked [`Site`], plus every diagnostic.
//!
//! 1. classify each file by its path (territory, group, meeting, …) and check its slug;
//! 2. split and read its front matter into the raw layer (types, required fields, unknown keys);
//! 3. number every item and resolve references by slug (bare inside a territory,
//!    `territory/slug` across), enum values and files beside the Markdown;
//! 4. give each item its site path and refuse two files claiming one URL;
//! 5. scan bodies in parallel (a parse without output: links to `.md` files rewritten and
//!    checked, heading ids collected), then check their fragments; bodies stay Markdown and
//!    become HTML only when render writes their page (`links::body_html`);
//! 6. fill the back-links and sort every list the way Czech readers expect.
//!
//! `resolve` below runs the steps in this order; each step is a function here or in the files
//! beside it: `classify` (path → kind), `read` (front matter → raw items), `refs` (lookups by
//! slug, enums, URLs, attached files), `kinds` (one resolver per content kind; `services` the
//! catalogue's), `links` (body links and fragments), `order` (titles, back-links, orders),
//! `incremental` (what `serve` reuses and the meeting patch), `insert` (the preview's new
//! meeting), `stored` (the body scans a
//! build keeps for the next).
//!
//! Invariant: no I/O, no clock, no environment; the build date comes in as a value.

use std::sync::Arc;

use rayon::prelude::*;

use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fast::{HashMap, HashSet};
use crate::i18n::tr;
use crate::model::*;
use crate::source::config::Config;
use crate::source::load::Loaded;

mod before;
mod classify;
mod incremental;
mod insert;
mod kinds;
mod links;
mod order;
mod plan_checks;
mod plan_order;
mod plans;
mod read;
mod refs;
mod services;
mod stored;
mod stored_meetings;

pub use before::site_before;
pub use classify::{Kind, Place, classify};
pub use incremental::{
    BodyCache, MeetingEdit, OwnBody, apply_meeting_edit, check_meeting_edit, patch_own_body,
};
pub use insert::{NewMeeting, check_new_meeting, insert_meeting};
pub use links::BodyResult;
pub use stored::Scans;

use classify::{KINDS, check_slugs, generated_paths};
use incremental::{CachedBody, CachedParse};
use read::{Parsed, RawItem, read_file};
use refs::Ctx;

#[cfg(test)]
use {
    crate::links::normalise,
    crate::source::frontmatter::Located,
    refs::{is_web_url, unresolved},
};

/// Turn what `load` read into the site. Errors are in the returned diagnostics; the site is
/// returned only when there are none.
pub fn resolve(
    loaded: &Loaded,
    config: &Config,
    build_date: jiff::civil::Date,
    d: &mut Diagnostics,
    mut cache: Option<&mut BodyCache>,
) -> Option<Site> {
    // 1–2. classify, check slugs, read front matter.
    let (parsed, texts) = read_all(loaded, config, cache.as_deref_mut(), d);
    // 3. number every item by kind.
    let (ctx, counts, ids) = number(&parsed, config, loaded, d);
    // 4. two files, one URL.
    check_urls(&parsed, config, d);
    // 3 (cont.). every item resolved by its kind's resolver.
    let mut site = empty_site(config, build_date, &counts);
    let bodies = resolve_items(&mut site, &ctx, &parsed, &ids, config, d);
    check_own_host(&ctx, &parsed, config, d);
    // 5. bodies scanned, with links to `.md` files rewritten and checked.
    let (md_paths, attachment_paths) = links::link_targets(&parsed, &site);
    let scanned = links::scan_bodies(&texts, config, &parsed, &md_paths, &attachment_paths, cache);
    let fragment_checks = links::attach_bodies(&mut site, &texts, &parsed, &bodies, &scanned, d);
    links::check_fragments(&parsed, &scanned, fragment_checks, config.language, d);

    crate::accessibility::check(&site, d);
    add_sources(loaded, d);
    // The tables of this pass freed on a thread of their own, beside what follows (on this
    // thread, some 20 ms of a warm 100k build with the other core idle).
    crate::fast::drop_later((
        parsed
            .into_iter()
            .map(|p| (p.place, p.item))
            .collect::<Vec<_>>(),
        ctx.into_tables(),
        scanned,
        bodies,
    ));
    if d.has_errors() {
        return None;
    }
    site.links = LinkMap {
        pages: md_paths,
        files: attachment_paths,
    };
    // 6. titles, back-links and order.
    order::link_up(&mut site);
    if !config.drafts {
        order::drop_drafts(&mut site);
    }
    Some(site)
}

/// The texts of the files `d` reports on, so their diagnostics can show the lines they name
/// (only those: the other texts stay where they are, on disk for a large site, and the list
/// small).
fn add_sources(loaded: &Loaded, d: &mut Diagnostics) {
    let named: HashSet<String> = d.items().iter().map(|x| x.file.clone()).collect();
    for s in loaded.sources.iter().filter(|s| named.contains(&s.rel)) {
        d.add_source(&s.rel, Arc::from(&*s.text.get()));
    }
}

/// Steps 1–2: classify each file, check its slugs and read its front matter (in parallel, one
/// list of diagnostics per file), with each item's text. A file whose text did not change since
/// the last run (serve) is not read again.
fn read_all<'a>(
    loaded: &'a Loaded,
    config: &Config,
    mut cache: Option<&mut BodyCache>,
    d: &mut Diagnostics,
) -> (Vec<Parsed<'a>>, Vec<&'a crate::source::text::Text>) {
    let lang = config.language;
    let folders = &config.folders;
    // A file whose text did not change since the last run (serve) is not read again.
    let results: Vec<ReadOne> = loaded
        .sources
        .par_iter()
        .map(|s| {
            if let Some(c) = cache.as_ref()
                && let Some(hit) = c.parsed.get(&s.rel)
                && hit.text.same(&s.text)
            {
                let parsed = hit.item.as_ref().map(|(place, item, body_offset)| Parsed {
                    rel: &s.rel,
                    place: place.clone(),
                    item: item.clone(),
                    body_offset: *body_offset,
                });
                return (parsed, hit.diagnostics.clone(), true, None);
            }
            let mut fd = Diagnostics::default();
            let rel_in = s.rel.strip_prefix("content/").unwrap_or(&s.rel);
            let mut place = classify(rel_in, folders);
            check_slugs(&s.rel, rel_in, &mut place, lang, &mut fd);
            let build = cache.as_ref().filter(|c| c.build);
            let meeting = place.kind == Kind::Meeting && fd.items().is_empty();
            if let Some(c) = build.filter(|_| meeting)
                && let Some((item, body_offset, bytes)) = stored_meeting(c, s)
            {
                c.meetings_taken
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let parsed = Parsed {
                    rel: &s.rel,
                    place,
                    item,
                    body_offset,
                };
                return (Some(parsed), fd, false, Some(bytes));
            }
            let parsed = read_file(&s.rel, s.text.front(), place, lang, &mut fd);
            // A meeting read with no report is kept for the next build (`stored_meetings`).
            let bytes = match parsed.as_ref().map(|p| (&*p.item, p.body_offset)) {
                Some((RawItem::Meeting(raw), at)) if build.is_some() && fd.items().is_empty() => {
                    stored_meetings::encode(raw, at, s.text.front()).map(Arc::from)
                }
                _ => None,
            };
            (parsed, fd, false, bytes)
        })
        .collect();
    if let Some(c) = cache.as_mut() {
        // Only what was read anew goes in; hits are already there. A build's cache keeps only
        // the files it was asked to (`BodyCache::keep_parsed`).
        let (build, kept) = (c.build, std::mem::take(&mut c.parse_kept));
        let keep = |s: &&crate::source::load::Source, r: &&ReadOne| {
            !r.2 && (!build || kept.contains(&s.rel))
        };
        for (s, (p, fd, _, _)) in loaded
            .sources
            .iter()
            .zip(&results)
            .filter(|(s, r)| keep(s, r))
        {
            c.parsed.insert(
                s.rel.clone(),
                CachedParse {
                    text: s.text.clone(),
                    item: p
                        .as_ref()
                        .map(|p| (p.place.clone(), p.item.clone(), p.body_offset)),
                    diagnostics: fd.clone(),
                },
            );
        }
        let meetings = loaded.sources.iter().zip(&results);
        c.meetings = meetings
            .filter_map(|(s, r)| Some((s.rel.clone(), r.3.clone()?)))
            .collect();
    }
    let mut parsed = Vec::new();
    let mut texts = Vec::new();
    for (s, (p, fd, _, _)) in loaded.sources.iter().zip(results) {
        d.extend(fd);
        if let Some(p) = p {
            parsed.push(p);
            texts.push(&s.text);
        }
    }
    (parsed, texts)
}

/// What reading one file gave `read_all`: its item, its reports, whether it came from the
/// preview's cache, and the bytes a build keeps of a meeting read with no report.
type ReadOne<'a> = (Option<Parsed<'a>>, Diagnostics, bool, Option<Arc<[u8]>>);

/// Source `s`, a meeting, as the last build read it (`stored_meetings`) when its text is the
/// one that build scanned and its bytes read back: the item, where its body begins, and those
/// bytes.
fn stored_meeting(
    c: &BodyCache,
    s: &crate::source::load::Source,
) -> Option<(Arc<RawItem>, usize, Arc<[u8]>)> {
    let hit = c.stored.get(&s.rel)?;
    let bytes = hit.meeting.as_ref()?;
    if hit.len != s.text.len() as u64 || hit.digest != s.text.digest() {
        return None;
    }
    let (raw, body_offset) = stored_meetings::decode(bytes, s.text.front())?;
    Some((Arc::new(RawItem::Meeting(raw)), body_offset, bytes.clone()))
}

/// Step 4 (cont.): `url` values under the site's own address must name a page it will have.
/// The set of paths is built only when there is such a value (usually there is none).
fn check_own_host(ctx: &Ctx, parsed: &[Parsed], config: &Config, d: &mut Diagnostics) {
    let found = ctx.own_host.take();
    if found.is_empty() {
        return;
    }
    let lists = classify::generated_paths(config);
    let mut pages: crate::fast::HashSet<&str> =
        parsed.iter().map(|p| p.place.path.as_str()).collect();
    pages.insert("");
    pages.extend(lists.iter().map(String::as_str));
    if let Some(a) = &config.accessibility {
        pages.insert(a.path.as_str());
    }
    for (file, value) in found {
        if let Some(path) = refs::missing_own_page(&value.value, &config.base_url, &pages, &lists) {
            d.push(refs::own_host_missing(
                &file,
                &value,
                &path,
                config.language,
            ));
        }
    }
}

/// Step 3: number every item by kind and index the ones references name; items inside a
/// territory folder need the territory's own `_index.md`.
fn number<'a>(
    parsed: &[Parsed],
    config: &Config,
    loaded: &'a Loaded,
    d: &mut Diagnostics,
) -> (Ctx<'a>, [usize; KINDS], Vec<usize>) {
    let lang = config.language;
    // The largest tables made as large as they get (100,000 meetings: no growing and
    // rehashing).
    let mut totals = [0usize; KINDS];
    for p in parsed {
        totals[p.place.kind as usize] += 1;
    }
    let sized =
        |kind: Kind| HashMap::with_capacity_and_hasher(totals[kind as usize], Default::default());
    let mut ctx = Ctx {
        lang,
        loaded,
        territories: HashMap::default(),
        groups: sized(Kind::Group),
        meetings: sized(Kind::Meeting),
        documents: sized(Kind::Document),
        projects: HashMap::default(),
        plans: HashMap::default(),
        organisations: HashMap::default(),
        services: HashMap::default(),
        base_url: config.base_url.clone(),
        own_host: Default::default(),
    };
    let mut counts = [0usize; KINDS];
    let mut ids = Vec::with_capacity(parsed.len());
    for p in parsed {
        let k = p.place.kind as usize;
        let id = counts[k];
        counts[k] += 1;
        ids.push(id);
        let key = (
            p.place.territory.clone().unwrap_or_default(),
            p.place.slug.clone(),
        );
        match p.place.kind {
            Kind::Territory => {
                ctx.territories.insert(p.place.slug.clone(), id);
            }
            Kind::Organisation => {
                ctx.organisations.insert(p.place.slug.clone(), id);
            }
            Kind::Service => {
                ctx.services.insert(p.place.slug.clone(), id);
            }
            Kind::Group => {
                ctx.groups.insert(key, id);
            }
            Kind::Meeting => {
                ctx.meetings.insert(key, id);
            }
            Kind::Document => {
                ctx.documents.insert(key, id);
            }
            Kind::Project => {
                ctx.projects.insert(key, id);
            }
            Kind::Plan => {
                ctx.plans.insert(key, id);
            }
            _ => {}
        }
    }
    // Items inside a territory folder need the territory's own `_index.md`.
    let mut reported = HashSet::default();
    for p in parsed {
        if let Some(t) = &p.place.territory
            && !ctx.territories.contains_key(t)
            && reported.insert(t.clone())
        {
            d.push(
                Diagnostic::error(
                    p.rel,
                    None,
                    match lang {
                        Lang::Cs => format!("složka území content/{t}/ nemá soubor _index.md"),
                        Lang::En => format!("the territory folder content/{t}/ has no _index.md"),
                    },
                )
                .with_hint(tr(
                    lang,
                    "vytvořte content/<území>/_index.md s poli title, name a kind (kpss new territory)",
                    "create content/<territory>/_index.md with title, name and kind (kpss new territory)",
                )),
            );
        }
    }
    plan_checks::check_folders(parsed, &ctx, config, d);
    (ctx, counts, ids)
}

/// Step 4: two files, one URL (or a file taking a path kpss generates).
fn check_urls(parsed: &[Parsed], config: &Config, d: &mut Diagnostics) {
    let lang = config.language;
    let generated = generated_paths(config);
    // By reference, not copied into a sorted map: the first claimer is the same (copying and
    // sorting 100,000 paths was 14 ms of one core, perf).
    let mut claimed: HashMap<&str, &str> =
        HashMap::with_capacity_and_hasher(generated.len() + parsed.len(), Default::default());
    for g in &generated {
        claimed.insert(g, "");
    }
    for p in parsed {
        if let Some(other) = claimed.insert(&p.place.path, p.rel) {
            let (by, hint) = if other.is_empty() {
                (
                    tr(
                        lang,
                        "rejstřík, který kpss vytváří sám",
                        "an index kpss generates",
                    ),
                    tr(lang, "přejmenujte tento soubor", "rename this file"),
                )
            } else {
                (
                    other.to_string(),
                    tr(
                        lang,
                        "přejmenujte jeden z obou souborů",
                        "rename one of the two files",
                    ),
                )
            };
            d.push(
                Diagnostic::error(
                    p.rel,
                    None,
                    match lang {
                        Lang::Cs => format!("adresu {} už používá {by}", config.url(&p.place.path)),
                        Lang::En => {
                            format!(
                                "the URL {} is already taken by {by}",
                                config.url(&p.place.path)
                            )
                        }
                    },
                )
                .with_hint(hint),
            );
        }
    }
}

/// A site with no items yet, its vectors sized up front.
fn empty_site(config: &Config, build_date: jiff::civil::Date, counts: &[usize; KINDS]) -> Site {
    Site {
        config: config.clone(),
        build_date,
        home: Page {
            path: String::new(),
            source: String::new(),
            title: config.title.clone(),
            weight: 0,
            menu: false,
            body: Body::default(),
        },
        // Sized up front: growing a vector of 100,000 meetings copies it again and again.
        territories: Vec::with_capacity(counts[Kind::Territory as usize]),
        groups: Vec::with_capacity(counts[Kind::Group as usize]),
        meetings: Vec::with_capacity(counts[Kind::Meeting as usize]),
        documents: Vec::with_capacity(counts[Kind::Document as usize]),
        projects: Vec::with_capacity(counts[Kind::Project as usize]),
        organisations: Vec::with_capacity(counts[Kind::Organisation as usize]),
        news: Vec::with_capacity(counts[Kind::News as usize]),
        pages: Vec::with_capacity(counts[Kind::Page as usize]),
        plans: Vec::with_capacity(counts[Kind::Plan as usize]),
        activities: Vec::with_capacity(counts[Kind::Activity as usize]),
        services: Vec::with_capacity(counts[Kind::Service as usize]),
        links: LinkMap::default(),
        source_dates: Default::default(),
    }
}

/// Every item through its kind's resolver (in file order, so diagnostics keep their order);
/// returns each file's (kind, index), for its body.
fn resolve_items<'a>(
    site: &mut Site,
    ctx: &Ctx,
    parsed: &'a [Parsed<'a>],
    ids: &[usize],
    config: &Config,
    d: &mut Diagnostics,
) -> Vec<(Kind, usize)> {
    let mut bodies: Vec<(Kind, usize)> = Vec::with_capacity(parsed.len());
    let mut numbers: HashMap<(GroupId, u32), &'a str> = HashMap::default();
    let mut identifiers: HashMap<String, &'a str> = HashMap::default();
    // Activities after every plan: an activity needs its plan's measures.
    let mut activities = Vec::new();
    for (p, id) in parsed.iter().zip(ids) {
        let here = p.place.territory.as_deref();
        let at = kinds::At {
            file: p.rel,
            here,
            tid: here
                .and_then(|t| ctx.territories.get(t).copied())
                .unwrap_or(0),
            slug: p.place.slug.clone(),
            path: p.place.path.clone(),
        };
        bodies.push((p.place.kind, *id));
        match &*p.item {
            RawItem::Home(r) => kinds::home(site, &at, r),
            RawItem::Page(r) => kinds::page(site, &at, r),
            RawItem::Territory(r) => kinds::territory(site, ctx, &at, r, d),
            RawItem::Organisation(r) => kinds::organisation(site, ctx, &at, r, d),
            RawItem::Group(r) => kinds::group(site, ctx, &at, r, d, config),
            RawItem::Meeting(r) => kinds::meeting(site, ctx, &at, r, d, &mut numbers),
            RawItem::Document(r) => kinds::document(site, ctx, &at, r, d),
            RawItem::Project(r) => kinds::project(site, ctx, &at, r, d),
            RawItem::News(r) => kinds::news(site, &at, r),
            RawItem::Service(r) => {
                services::service(site, ctx, &at, r, config, d, &mut identifiers)
            }
            RawItem::Plan(r) => plans::plan(site, ctx, &at, r, d, config),
            RawItem::Activity(r) => activities.push((at, p.place.plan.as_deref(), r)),
        }
    }
    let mut codes = HashMap::default();
    for (at, plan, r) in activities {
        plans::activity(site, ctx, &at, plan, r, d, config, &mut codes);
    }
    bodies
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::config::Folders;

    #[test]
    fn files_are_classified_by_place() {
        let f = Folders::default();
        let k = |p: &str| classify(p, &f);
        assert_eq!(k("_index.md").kind, Kind::Home);
        assert_eq!(k("jh/_index.md").kind, Kind::Territory);
        assert_eq!(k("jh/skupiny/rs.md").path, "jh/skupiny/rs/");
        assert_eq!(k("jh/jednani/rs-01.md").kind, Kind::Meeting);
        assert_eq!(k("jh/dokumenty/kp.md").kind, Kind::Document);
        assert_eq!(k("jh/projekty/p.md").kind, Kind::Project);
        assert_eq!(k("projekty/p.md").kind, Kind::Project);
        assert_eq!(k("projekty/p.md").territory, None);
        assert_eq!(k("organizace/o.md").kind, Kind::Organisation);
        assert_eq!(k("jh/aktuality/n.md").kind, Kind::News);
        assert_eq!(k("o-planovani.md").path, "o-planovani/");
        assert_eq!(k("jh/jine/x.md").kind, Kind::Page);
    }

    #[test]
    fn relative_and_root_links_are_normalised() {
        assert_eq!(
            normalise("content/jh/jednani/../dokumenty/kp.md").as_deref(),
            Some("content/jh/dokumenty/kp.md")
        );
        assert_eq!(normalise("content/../x.md"), None);
    }

    #[test]
    fn a_reference_without_near_names_says_so_in_the_right_case() {
        let value = Located::new("x".to_string(), 0..1);
        for (what, hint) in [
            ("skupinu", "web nemá žádnou skupinu s podobným jménem"),
            (
                "cílovou skupinu",
                "web nemá žádnou cílovou skupinu s podobným jménem",
            ),
            ("organizaci", "web nemá žádnou organizaci s podobným jménem"),
            ("projekt", "web nemá žádný projekt s podobným jménem"),
            ("dokument", "web nemá žádný dokument s podobným jménem"),
            ("jednání", "web nemá žádné jednání s podobným jménem"),
            ("území", "web nemá žádné území s podobným jménem"),
        ] {
            let d = unresolved(Lang::Cs, "f.md", &value, (what, "x"), &[]);
            assert_eq!(d.hint.as_deref(), Some(hint));
        }
    }

    #[test]
    fn only_web_and_mail_addresses_are_urls() {
        for ok in [
            "https://example.org",
            "HTTP://example.org/a",
            "mailto:a@example.org",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " https://example.org",
            "https://",
            "https://exa mple.org",
            "https://example.org/\u{0}",
            "data:text/html,x",
            "www.example.org",
            "//example.org",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad:?}");
        }
    }
}
