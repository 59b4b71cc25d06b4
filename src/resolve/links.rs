//! Body links: each body scanned once (links rewritten to site URLs and checked, heading ids
//! collected, fragments to check later) by the rules of `crate::links`, which render's
//! `body_html` runs too. Bodies stay Markdown in the site; no I/O.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::*;
use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest_n};
use crate::fast::{HashMap, HashSet};
use crate::i18n::tr;
use crate::links::rewrite_link;
use crate::markdown::{self, LinkAction};
use crate::source::config::Config;
use crate::source::text::Text;

/// One body scanned (no HTML is kept): its heading ids, and what its links need checked or
/// reported.
#[derive(Clone, Debug)]
pub struct BodyResult {
    pub(super) heading_ids: Vec<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) fragments: Vec<FragmentUse>,
    /// The attached files (root-relative sources) its links point at: the preview's patch
    /// must not take away one of them.
    pub(super) files: Vec<String>,
}

/// Scan one body: its links rewritten and checked (broken ones as diagnostics), its heading ids,
/// and its links to fragments of other files, to be checked once every body is scanned.
pub(super) fn scan_body(
    rel: &str,
    body: &str,
    body_offset: usize,
    md_paths: &HashMap<String, String>,
    attachment_paths: &HashMap<String, String>,
    base: &str,
    lang: Lang,
) -> BodyResult {
    let local: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let frags: Mutex<Vec<FragmentUse>> = Mutex::new(Vec::new());
    let files: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let dir = rel.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
    let broken = std::cell::Cell::new(0usize);
    let link = |dest: &str, range: Range<usize>| -> LinkAction {
        let span = range.start + body_offset..range.end + body_offset;
        let suggest = broken.get() < SUGGESTED_PER_FILE;
        match rewrite_link(
            dest,
            rel,
            dir,
            md_paths,
            attachment_paths,
            base,
            lang,
            suggest,
        ) {
            Ok(Some((url, frag_check))) => {
                if let Some((target, frag)) = frag_check
                    && let Ok(mut f) = frags.lock()
                {
                    f.push((rel.to_string(), target, frag, span));
                }
                if let Some(source) = linked_file(dest, dir, attachment_paths)
                    && let Ok(mut f) = files.lock()
                {
                    f.push(source);
                }
                LinkAction::Rewrite(url)
            }
            Ok(None) => LinkAction::Keep,
            Err(diag) => {
                broken.set(broken.get() + 1);
                if let Ok(mut l) = local.lock() {
                    l.push(Diagnostic {
                        span: Some(span),
                        ..diag
                    });
                }
                LinkAction::Keep
            }
        }
    };
    let scanned = markdown::scan(body, &link);
    let mut diagnostics = local.into_inner().unwrap_or_default();
    for (range, dropped) in scanned.dropped {
        diagnostics.push(dropped_heading_attributes(
            rel,
            body,
            body_offset,
            range,
            &dropped,
            lang,
        ));
    }
    if let Some(deep) = scanned.too_deep {
        diagnostics.push(too_deep(rel, deep, body_offset, lang));
    }
    BodyResult {
        heading_ids: scanned.heading_ids,
        diagnostics,
        fragments: frags.into_inner().unwrap_or_default(),
        files: files.into_inner().unwrap_or_default(),
    }
}

/// The attached file (a key of `attachment_paths`) a resolved link `dest` in folder `dir`
/// names, if it names one (`links::link_file`, as `rewrite_link` resolves it). Links to pages
/// (most of them) are passed over without building a path.
fn linked_file(
    dest: &str,
    dir: &str,
    attachment_paths: &HashMap<String, String>,
) -> Option<String> {
    let path = dest.split_once('#').map_or(dest, |(a, _)| a);
    if path.is_empty() || path.ends_with(".md") {
        return None;
    }
    crate::links::link_file(path, dir).filter(|t| attachment_paths.contains_key(t))
}

/// A warning for heading attributes `markdown` drops (`{#x onfocus=…}`), pointing at the
/// heading's first line.
pub(super) fn dropped_heading_attributes(
    rel: &str,
    body: &str,
    body_offset: usize,
    range: Range<usize>,
    dropped: &[String],
    lang: Lang,
) -> Diagnostic {
    let line_end = body
        .get(range.clone())
        .and_then(|h| h.find('\n'))
        .map_or(range.end, |i| range.start + i);
    let list = dropped
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::warning(
        rel,
        Some(range.start + body_offset..line_end + body_offset),
        match lang {
            Lang::Cs => format!("atributy nadpisu {list} se na stránku nedostanou"),
            Lang::En => format!("heading attributes {list} are left out of the page"),
        },
    )
    .with_hint(tr(
        lang,
        "nadpis smí mít jen kotvu `{#kotva}` a třídy `{.trida}` z písmen, číslic, `-` a `_`",
        "a heading may only have an id `{#id}` and classes `{.class}` of letters, digits, `-` and `_`",
    ))
}

/// The error for a body nesting deeper than [`markdown::MAX_NESTING`]: refused before it
/// reaches the sanitiser, whose time grows with the square of the depth.
pub(super) fn too_deep(
    rel: &str,
    deep: markdown::TooDeep,
    body_offset: usize,
    lang: Lang,
) -> Diagnostic {
    let n = markdown::MAX_NESTING;
    let span = deep.span.start + body_offset..deep.span.end + body_offset;
    let (message, hint) = if deep.raw_html {
        (
            match lang {
                Lang::Cs => format!("HTML v textu je zanořené příliš hluboko (víc než {n} prvků)"),
                Lang::En => format!("the HTML in the text nests too deep (more than {n} elements)"),
            },
            tr(
                lang,
                "uzavřete každý prvek (</div> ke každému <div>), nebo HTML nahraďte Markdownem",
                "close every element (a </div> for every <div>), or replace the HTML with Markdown",
            ),
        )
    } else {
        (
            match lang {
                Lang::Cs => format!("text je zanořený příliš hluboko (víc než {n} úrovní)"),
                Lang::En => format!("the text nests too deep (more than {n} levels)"),
            },
            tr(
                lang,
                "citace, seznamy, odkazy ani obrázky nevkládejte do sebe tolikrát",
                "do not put quotes, lists, links or images inside each other so many times",
            ),
        )
    };
    Diagnostic::error(rel, Some(span), message).with_hint(hint)
}

/// A link to `#fragment` of a file: (file with the link, target file, fragment, link span).
pub(super) type FragmentUse = (String, String, String, Range<usize>);

/// How many broken links (and, separately, missing fragments) of one file get a "closest
/// existing" hint. Each search compares the name with every page of the site, so without a
/// bound a body of 30,000 broken links on a large site costs links × pages; past the bound
/// the error is still reported, without the hint. Per file, so the hints do not depend on
/// the order bodies are scanned in.
pub(super) const SUGGESTED_PER_FILE: usize = 20;

/// The site paths of every Markdown file and every attached file: what a body link may point at.
pub(super) fn link_targets(
    parsed: &[Parsed],
    site: &Site,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let md_paths: HashMap<String, String> = parsed
        .iter()
        .map(|p| (p.rel.to_string(), p.place.path.clone()))
        .collect();
    let attachment_paths: HashMap<String, String> = site
        .meetings
        .iter()
        .flat_map(|m| m.minutes.iter().chain(m.attachments.iter()))
        .chain(site.documents.iter().filter_map(|x| x.file.as_ref()))
        .map(|a| (a.source.clone(), a.path.clone()))
        .collect();
    (md_paths, attachment_paths)
}

/// What every body's links can point at, as one number ([`LinkSums::signature`]): a cached
/// body scan is valid while its text and this are the same. Each (source, site path) pair is
/// hashed on its own and the hashes added, so no map is sorted, and a page added is one more hash (the preview's new
/// meeting: `insert::insert_meeting`).
#[derive(Clone, Copy, Debug)]
pub(super) struct LinkSums {
    pages: u64,
    files: u64,
    counts: (usize, usize),
}

impl LinkSums {
    fn one(kind: u8, source: &str, path: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (kind, source, path).hash(&mut h);
        h.finish()
    }

    pub(super) fn of(
        md_paths: &HashMap<String, String>,
        attachment_paths: &HashMap<String, String>,
    ) -> LinkSums {
        let sum = |kind: u8, map: &HashMap<String, String>| {
            (map.par_iter())
                .map(|(s, p)| Self::one(kind, s, p))
                .reduce(|| 0, u64::wrapping_add)
        };
        LinkSums {
            pages: sum(0, md_paths),
            files: sum(1, attachment_paths),
            counts: (md_paths.len(), attachment_paths.len()),
        }
    }

    /// The sums with one more page (`source` at site path `path`).
    pub(super) fn with_page(self, source: &str, path: &str) -> LinkSums {
        LinkSums {
            pages: self.pages.wrapping_add(Self::one(0, source, path)),
            counts: (self.counts.0 + 1, self.counts.1),
            ..self
        }
    }

    pub(super) fn signature(&self, config: &Config) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.pages, self.files, self.counts).hash(&mut h);
        let base = config.base_path.as_str();
        (base, config.trust_html, config.language == Lang::En).hash(&mut h);
        h.finish()
    }
}

/// Scan every body (in parallel), or take its result from the cache when its text and
/// everything its links can point at are the same; the cache keeps what was scanned anew.
/// `texts` are the items' texts, in `parsed`'s order (`read_all`: no table by file to look
/// them up in, which was two tables of 100,000 entries built on one core per resolve).
pub(super) fn scan_bodies(
    texts: &[&Text],
    config: &Config,
    parsed: &[Parsed],
    md_paths: &HashMap<String, String>,
    attachment_paths: &HashMap<String, String>,
    mut cache: Option<&mut BodyCache>,
) -> Vec<Arc<BodyResult>> {
    let lang = config.language;
    let base = config.base_path.as_str();
    let sums = LinkSums::of(md_paths, attachment_paths);
    let signature = sums.signature(config);
    if let Some(c) = cache.as_mut() {
        c.links = Some((sums, signature));
    }
    let scanned: Vec<Arc<BodyResult>> = parsed
        .par_iter()
        .zip(texts)
        .map(|(p, &t)| {
            if let Some(c) = cache.as_ref() {
                if let Some(hit) = c.entries.get(p.rel)
                    && hit.signature == signature
                    && hit.text.same(t)
                {
                    return hit.result.clone();
                }
                if let Some(hit) = c.stored.get(p.rel)
                    && hit.signature == signature
                    && hit.len == t.len() as u64
                    && hit.digest == t.digest()
                {
                    c.taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return hit.result.clone();
                }
            }
            if let Some(c) = cache.as_ref() {
                c.scanned.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let body = t.get().from(p.body_offset);
            Arc::new(scan_body(
                p.rel,
                &body,
                p.body_offset,
                md_paths,
                attachment_paths,
                base,
                lang,
            ))
        })
        .collect();
    if let Some(c) = cache.as_mut() {
        for ((p, r), t) in parsed.iter().zip(&scanned).zip(texts) {
            if c.entries
                .get(p.rel)
                .is_some_and(|e| Arc::ptr_eq(&e.result, r))
            {
                continue;
            }
            c.entries.insert(
                p.rel.to_string(),
                CachedBody {
                    text: (*t).clone(),
                    signature,
                    result: r.clone(),
                },
            );
        }
    }
    scanned
}

/// Each item gets its body (still Markdown, with its offset in the file); each scan's
/// diagnostics are reported. Returns the links to fragments of other files, to check once
/// every body's heading ids are known. `texts` as for [`scan_bodies`].
pub(super) fn attach_bodies(
    site: &mut Site,
    texts: &[&Text],
    parsed: &[Parsed],
    bodies: &[(Kind, usize)],
    scanned: &[Arc<BodyResult>],
    d: &mut Diagnostics,
) -> Vec<FragmentUse> {
    let mut fragment_checks: Vec<FragmentUse> = Vec::new();
    let items = parsed.iter().zip(bodies).zip(texts);
    for (r, ((p, (kind, id)), t)) in scanned.iter().zip(items) {
        for diag in &r.diagnostics {
            d.push(diag.clone());
        }
        fragment_checks.extend(r.fragments.iter().cloned());
        let body = Body {
            text: (*t).clone(),
            start: p.body_offset,
            file: Arc::from(p.rel),
        };
        match kind {
            Kind::Home => site.home.body = body,
            Kind::Page => site.pages[*id].body = body,
            Kind::Territory => site.territories[*id].body = body,
            Kind::Group => site.groups[*id].body = body,
            Kind::Meeting => site.meetings[*id].body = body,
            Kind::Document => site.documents[*id].body = body,
            Kind::Project => site.projects[*id].body = body,
            Kind::Organisation => site.organisations[*id].body = body,
            Kind::News => site.news[*id].body = body,
            Kind::Service => site.services[*id].body = body,
            Kind::Plan => site.plans[*id].body = body,
            Kind::Activity => site.activities[*id].body = body,
        }
    }
    fragment_checks
}

/// Every link to `#fragment` of another file names a heading id that file has.
pub(super) fn check_fragments(
    parsed: &[Parsed],
    scanned: &[Arc<BodyResult>],
    fragment_checks: Vec<FragmentUse>,
    lang: Lang,
    d: &mut Diagnostics,
) {
    if fragment_checks.is_empty() {
        return;
    }
    let heading_ids: HashMap<&str, &[String]> = parsed
        .iter()
        .zip(scanned)
        .map(|(p, r)| (p.rel, r.heading_ids.as_slice()))
        .collect();
    // Sets, so 30,000 fragment links into a body of 30,000 headings are not their product.
    let id_sets: HashMap<&str, HashSet<&str>> = heading_ids
        .iter()
        .map(|(k, ids)| (*k, ids.iter().map(String::as_str).collect()))
        .collect();
    let mut suggested: HashMap<String, usize> = HashMap::default();
    for (file, target, frag, span) in fragment_checks {
        let ids = heading_ids
            .get(target.as_str())
            .cloned()
            .unwrap_or_default();
        if !id_sets
            .get(target.as_str())
            .is_some_and(|set| set.contains(frag.as_str()))
        {
            let searches = suggested.entry(file.clone()).or_default();
            *searches += 1;
            let mut near = if *searches <= SUGGESTED_PER_FILE {
                nearest_n(&frag, ids.iter().map(String::as_str), 3)
            } else {
                Vec::new()
            };
            if near.is_empty() {
                near = ids.iter().map(String::as_str).take(8).collect();
            }
            let hint = if near.is_empty() {
                match lang {
                    Lang::Cs => format!("{target} nemá žádné nadpisy; odkazujte na stránku bez #"),
                    Lang::En => format!("{target} has no headings; link to the page without #"),
                }
            } else {
                match lang {
                    Lang::Cs => format!("nadpisy v {target}: #{}", near.join(", #")),
                    Lang::En => format!("headings in {target}: #{}", near.join(", #")),
                }
            };
            d.push(
                Diagnostic::error(
                    file,
                    Some(span),
                    match lang {
                        Lang::Cs => format!("odkaz na neexistující místo #{frag} v {target}"),
                        Lang::En => format!("link to a missing fragment #{frag} in {target}"),
                    },
                )
                .with_hint(hint),
            );
        }
    }
}
