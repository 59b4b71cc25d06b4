//! Resolve: loaded text → the validated, cross-linked [`Site`], plus every diagnostic.
//!
//! 1. classify each file by its path (territory, group, meeting, …) and check its slug;
//! 2. split and read its front matter into the raw layer (types, required fields, unknown keys);
//! 3. number every item and resolve references by slug (bare inside a territory,
//!    `territory/slug` across), enum values and files beside the Markdown;
//! 4. give each item its site path and refuse two files claiming one URL;
//! 5. render bodies in parallel, rewriting links to `.md` files, then check their fragments;
//! 6. fill the back-links and sort every list the way Czech readers expect.
//!
//! Invariant: no I/O, no clock, no environment; the build date comes in as a value.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::czech::Lang;
use crate::czech::collate::Collator;
use crate::czech::date::PartialDate;
use crate::czech::slug::{is_valid_slug, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest_n};
use crate::i18n::tr;
use crate::markdown::{self, LinkAction};
use crate::model::*;
use crate::source::config::Config;
use crate::source::frontmatter::{Located, Reader, parse, split};
use crate::source::load::Loaded;
use crate::source::raw;

pub const TERRITORY_KINDS: &[&str] = &["orp", "pou", "mikroregion"];
pub const GROUP_KINDS: &[&str] = &["ridici", "koordinacni", "pracovni", "jina"];
pub const MEETING_KINDS: &[&str] = &["jednani", "verejne-projednani", "kulaty-stul", "akce"];
pub const DOCUMENT_KINDS: &[&str] = &[
    "komunitni-plan",
    "akcni-plan",
    "analyza",
    "katalog",
    "tiskova-zprava",
    "metodika",
    "statut",
    "jednaci-rad",
    "evaluace",
    "vyhodnoceni",
    "komunikacni-strategie",
    "pruzkum",
    "zapis",
    "jiny",
];
pub const DOCUMENT_STATUSES: &[&str] = &["pracovni", "navrh", "definitivni", "aktualizovany"];

/// What a file under `content/` is, by its place in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Home,
    Territory,
    Group,
    Meeting,
    Document,
    Project,
    Organisation,
    News,
    Page,
}

#[derive(Clone, Debug)]
pub struct Place {
    pub kind: Kind,
    pub territory: Option<String>,
    pub slug: String,
    /// Site path without the base (`jh/skupiny/rs/`), or `""` for the home page.
    pub path: String,
}

/// Where a file sits decides what it is; `rel` is relative to `content/`.
pub fn classify(rel: &str, f: &crate::source::config::Folders) -> Place {
    let parts: Vec<&str> = rel.split('/').collect();
    let stem = |s: &str| s.strip_suffix(".md").unwrap_or(s).to_string();
    let place = |kind, territory: Option<&str>, slug: String, path: String| Place {
        kind,
        territory: territory.map(str::to_string),
        slug,
        path,
    };
    match parts.as_slice() {
        ["_index.md"] => place(Kind::Home, None, String::new(), String::new()),
        [p, file] if *p == f.projects && *file != "_index.md" => {
            let s = stem(file);
            place(Kind::Project, None, s.clone(), format!("{p}/{s}/"))
        }
        [o, file] if *o == f.organisations && *file != "_index.md" => {
            let s = stem(file);
            place(Kind::Organisation, None, s.clone(), format!("{o}/{s}/"))
        }
        [t, "_index.md"] if *t != f.projects && *t != f.organisations => {
            place(Kind::Territory, Some(t), t.to_string(), format!("{t}/"))
        }
        [t, folder, file] if *file != "_index.md" && *t != f.projects && *t != f.organisations => {
            let s = stem(file);
            let kind = if *folder == f.groups {
                Some(Kind::Group)
            } else if *folder == f.meetings {
                Some(Kind::Meeting)
            } else if *folder == f.documents {
                Some(Kind::Document)
            } else if *folder == f.projects {
                Some(Kind::Project)
            } else if *folder == f.news {
                Some(Kind::News)
            } else {
                None
            };
            match kind {
                Some(k) => place(k, Some(t), s.clone(), format!("{t}/{folder}/{s}/")),
                None => page_place(rel),
            }
        }
        _ => page_place(rel),
    }
}

fn page_place(rel: &str) -> Place {
    let no_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let path = match no_ext.strip_suffix("_index") {
        Some(dir) => dir.to_string(),
        None => format!("{no_ext}/"),
    };
    let slug = no_ext.rsplit('/').next().unwrap_or(no_ext).to_string();
    Place {
        kind: Kind::Page,
        territory: None,
        slug,
        path,
    }
}

#[derive(Clone)]
enum RawItem {
    Home(raw::RawPage),
    Territory(raw::RawTerritory),
    Group(raw::RawGroup),
    Meeting(raw::RawMeeting),
    Document(raw::RawDocument),
    Project(raw::RawProject),
    Organisation(raw::RawOrganisation),
    News(raw::RawNews),
    Page(raw::RawPage),
}

struct Parsed<'a> {
    rel: &'a str,
    place: Place,
    item: Arc<RawItem>,
    body: &'a str,
    body_offset: usize,
}

fn read_file<'a>(
    rel: &'a str,
    text: &'a str,
    place: Place,
    lang: Lang,
    d: &mut Diagnostics,
) -> Option<Parsed<'a>> {
    let s = match split(rel, text, lang) {
        Ok(s) => s,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let doc = match parse(rel, &s, lang) {
        Ok(doc) => doc,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let mut r = Reader::new(rel, s.toml_offset, &doc, lang);
    let item = match place.kind {
        Kind::Home => RawItem::Home(raw::page(&mut r, d)),
        Kind::Territory => RawItem::Territory(raw::territory(&mut r, d)),
        Kind::Group => RawItem::Group(raw::group(&mut r, d)),
        Kind::Meeting => RawItem::Meeting(raw::meeting(&mut r, d)),
        Kind::Document => RawItem::Document(raw::document(&mut r, d)),
        Kind::Project => RawItem::Project(raw::project(&mut r, d)),
        Kind::Organisation => RawItem::Organisation(raw::organisation(&mut r, d)),
        Kind::News => RawItem::News(raw::news(&mut r, d)),
        Kind::Page => RawItem::Page(raw::page(&mut r, d)),
    };
    r.finish(d);
    Some(Parsed {
        rel,
        place,
        item: Arc::new(item),
        body: s.body,
        body_offset: s.body_offset,
    })
}

fn v(s: &Option<Located<String>>) -> String {
    s.as_ref().map(|l| l.value.clone()).unwrap_or_default()
}

fn list(s: &[Located<String>]) -> Vec<String> {
    s.iter().map(|l| l.value.clone()).collect()
}

/// Items of one kind by (territory, slug); region-wide items have territory "".
type Index = HashMap<(String, String), usize>;

struct Ctx<'a> {
    lang: Lang,
    loaded: &'a Loaded,
    territories: HashMap<String, usize>,
    groups: Index,
    meetings: Index,
    documents: Index,
    projects: Index,
    organisations: HashMap<String, usize>,
}

impl Ctx<'_> {
    /// Resolve a reference written in `file` inside territory `here`.
    fn lookup(
        &self,
        index: &Index,
        here: Option<&str>,
        value: &Located<String>,
        what: (&str, &str),
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        let (t, slug) = match value.value.split_once('/') {
            Some((t, s)) => (t.to_string(), s.to_string()),
            None => (here.unwrap_or("").to_string(), value.value.clone()),
        };
        if let Some(id) = index.get(&(t.clone(), slug.clone())) {
            return Some(*id);
        }
        // A bare project slug inside a territory may name a region-wide project.
        if !value.value.contains('/')
            && let Some(id) = index.get(&(String::new(), slug.clone()))
        {
            return Some(*id);
        }
        let mut names: Vec<String> = index
            .keys()
            .map(|(kt, ks)| {
                if Some(kt.as_str()) == here || kt.is_empty() {
                    ks.clone()
                } else {
                    format!("{kt}/{ks}")
                }
            })
            .collect();
        names.sort();
        let near = nearest_n(&value.value, names.iter().map(String::as_str), 3);
        d.push(unresolved(self.lang, file, value, what, &near));
        None
    }

    fn org(&self, value: &Located<String>, file: &str, d: &mut Diagnostics) -> Option<usize> {
        self.global(
            &self.organisations,
            value,
            ("organizaci", "organisation"),
            file,
            d,
        )
    }

    /// A slug of a site-wide kind (organisations, territories), with the nearest ones on a miss.
    fn global(
        &self,
        index: &HashMap<String, usize>,
        value: &Located<String>,
        what: (&str, &str),
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        if let Some(id) = index.get(&value.value) {
            return Some(*id);
        }
        let mut names: Vec<&str> = index.keys().map(String::as_str).collect();
        names.sort();
        let near = nearest_n(&value.value, names, 3);
        d.push(unresolved(self.lang, file, value, what, &near));
        None
    }

    /// `organization` fields take a slug of a known organisation, or free text.
    fn org_or_text(&self, value: &Option<Located<String>>) -> Option<OrgRef> {
        let value = value.as_ref()?;
        Some(match self.organisations.get(&value.value) {
            Some(id) => OrgRef::Known(*id),
            None => OrgRef::Text(value.value.clone()),
        })
    }

    fn territory(&self, value: &Located<String>, file: &str, d: &mut Diagnostics) -> Option<usize> {
        self.global(&self.territories, value, ("území", "territory"), file, d)
    }

    /// A URL field of the front matter (`web`, `url`): only `https://`, `http://` and
    /// `mailto:` addresses become links, so no `javascript:` or `data:` reaches an `href`.
    /// A bad value is an error at its span and is not kept.
    fn url(
        &self,
        value: &Option<Located<String>>,
        field: &str,
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<String> {
        let value = value.as_ref()?;
        if is_web_url(&value.value) {
            return Some(value.value.clone());
        }
        let written = &value.value;
        // "www.example.org" is the common slip: suggest the same address with its scheme.
        let example = if !written.contains(':') && written.contains('.') && !written.contains(' ') {
            format!("https://{}", written.trim_start_matches('/'))
        } else {
            "https://example.org/".to_string()
        };
        d.push(
            Diagnostic::error(
                file,
                Some(value.span.clone()),
                match self.lang {
                    Lang::Cs => format!("pole `{field}` není webová ani e-mailová adresa: \"{written}\""),
                    Lang::En => format!("`{field}` is not a web or mail address: \"{written}\""),
                },
            )
            .with_hint(match self.lang {
                Lang::Cs => format!(
                    "adresa musí začínat https://, http:// nebo mailto: (např. {field} = \"{example}\")"
                ),
                Lang::En => format!(
                    "an address must start with https://, http:// or mailto: (e.g. {field} = \"{example}\")"
                ),
            }),
        );
        None
    }

    fn one_of(
        &self,
        value: &Located<String>,
        allowed: &[&str],
        field: &str,
        file: &str,
        d: &mut Diagnostics,
    ) -> bool {
        if allowed.contains(&value.value.as_str()) {
            return true;
        }
        let near = nearest_n(&value.value, allowed.iter().copied(), 1);
        let all = allowed.join(", ");
        let hint = match (near.first(), self.lang) {
            (Some(n), Lang::Cs) => format!("měli jste na mysli \"{n}\"? Povolené hodnoty: {all}"),
            (Some(n), Lang::En) => format!("did you mean \"{n}\"? Allowed values: {all}"),
            (None, Lang::Cs) => format!("povolené hodnoty: {all}"),
            (None, Lang::En) => format!("allowed values: {all}"),
        };
        d.push(
            Diagnostic::error(
                file,
                Some(value.span.clone()),
                match self.lang {
                    Lang::Cs => format!("neplatná hodnota pole `{field}`: \"{}\"", value.value),
                    Lang::En => format!("invalid value of `{field}`: \"{}\"", value.value),
                },
            )
            .with_hint(hint),
        );
        false
    }

    /// A file named in front matter must sit beside the Markdown file (same folder).
    fn attachment(
        &self,
        md_rel: &str,
        page_path: &str,
        name: &Located<String>,
        d: &mut Diagnostics,
    ) -> Option<Attachment> {
        let dir = md_rel.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
        let n = &name.value;
        let source = format!("{dir}/{n}");
        if n.contains('/') || n.contains('\\') || n.is_empty() {
            d.push(
                Diagnostic::error(
                    md_rel,
                    Some(name.span.clone()),
                    match self.lang {
                        Lang::Cs => {
                            format!("soubor \"{n}\" musí ležet vedle souboru .md, bez cesty")
                        }
                        Lang::En => {
                            format!("file \"{n}\" must sit beside the .md file, with no path")
                        }
                    },
                )
                .with_hint(tr(
                    self.lang,
                    "zkopírujte soubor do stejné složky a uveďte jen jeho jméno",
                    "copy the file into the same folder and give its name only",
                )),
            );
            return None;
        }
        let Some(size) = self.loaded.files.get(&source) else {
            let beside: Vec<&str> = self
                .loaded
                .files
                .keys()
                .filter_map(|k| k.strip_prefix(dir)?.strip_prefix('/'))
                .filter(|k| !k.contains('/'))
                .collect();
            let near = nearest_n(n, beside, 3);
            let hint = if near.is_empty() {
                match self.lang {
                    Lang::Cs => format!("nahrajte soubor do složky {dir}/"),
                    Lang::En => format!("put the file in the folder {dir}/"),
                }
            } else {
                match self.lang {
                    Lang::Cs => format!("ve složce jsou: {}", near.join(", ")),
                    Lang::En => format!("the folder has: {}", near.join(", ")),
                }
            };
            d.push(
                Diagnostic::error(
                    md_rel,
                    Some(name.span.clone()),
                    match self.lang {
                        Lang::Cs => format!("soubor \"{n}\" neexistuje ({source})"),
                        Lang::En => format!("file \"{n}\" does not exist ({source})"),
                    },
                )
                .with_hint(hint),
            );
            return None;
        };
        let (stem, ext) = match n.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s, e.to_ascii_lowercase()),
            _ => (n.as_str(), String::new()),
        };
        // Published names are slugs, so a file "komunitní plán_web.pdf" gets a stable URL.
        let out_stem = {
            let s = slugify(stem);
            if s.is_empty() {
                "soubor".to_string()
            } else {
                s
            }
        };
        let out_name = if ext.is_empty() {
            out_stem
        } else {
            format!("{out_stem}.{ext}")
        };
        Some(Attachment {
            name: n.clone(),
            path: format!("{page_path}{out_name}"),
            source,
            size: *size,
            format: ext.to_ascii_uppercase(),
        })
    }
}

/// Whether a front matter URL may become a link: `https://` or `http://` with something after
/// it, or `mailto:` with an address; the scheme in any case, nothing before it, no whitespace
/// or control character anywhere (browsers drop those when they read a scheme).
fn is_web_url(u: &str) -> bool {
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let Some(scheme) = ["https://", "http://", "mailto:"]
        .into_iter()
        .find(|s| lower.starts_with(s))
    else {
        return false;
    };
    u.len() > scheme.len()
}

/// "žádnou", "žádný" or "žádné" for a noun in the accusative as `unresolved` gets it
/// ("skupinu", "cílovou skupinu", "organizaci"; "projekt", "dokument"; "jednání", "území").
fn no_accusative(noun: &str) -> &'static str {
    if noun.ends_with('u') || noun.ends_with('i') {
        "žádnou"
    } else if noun.ends_with('í') {
        "žádné"
    } else {
        "žádný"
    }
}

fn unresolved(
    lang: Lang,
    file: &str,
    value: &Located<String>,
    what: (&str, &str),
    near: &[&str],
) -> Diagnostic {
    let hint = match (near.is_empty(), lang) {
        (true, Lang::Cs) => format!(
            "web nemá {} {} s podobným jménem",
            no_accusative(what.0),
            what.0
        ),
        (true, Lang::En) => format!("no {} has a similar name", what.1),
        (false, Lang::Cs) => format!("nejbližší existující: {}", near.join(", ")),
        (false, Lang::En) => format!("closest existing: {}", near.join(", ")),
    };
    Diagnostic::error(
        file,
        Some(value.span.clone()),
        match lang {
            Lang::Cs => format!("odkaz na neexistující {}: \"{}\"", what.0, value.value),
            Lang::En => format!("reference to a missing {}: \"{}\"", what.1, value.value),
        },
    )
    .with_hint(hint)
}

/// Paths kpss itself generates; a content file may not take them.
fn generated_paths(c: &Config) -> Vec<String> {
    let f = &c.folders;
    vec![
        format!("{}/", f.groups),
        format!("{}/", f.meetings),
        format!("{}/", f.documents),
        format!("{}/", f.projects),
        format!("{}/", f.organisations),
        format!("{}/", f.target_groups),
    ]
}

/// Turn what `load` read into the site. Errors are in the returned diagnostics; the site is
/// returned only when there are none.
pub fn resolve(
    loaded: &Loaded,
    config: &Config,
    build_date: jiff::civil::Date,
    d: &mut Diagnostics,
    mut cache: Option<&mut BodyCache>,
) -> Option<Site> {
    let lang = config.language;
    let folders = &config.folders;
    for s in &loaded.sources {
        d.add_source(&s.rel, s.text.clone());
    }

    // 1–2. classify, check slugs, read front matter (in parallel, one list per file).
    // A file whose text did not change since the last run (serve) is not read again.
    let results: Vec<(Option<Parsed>, Diagnostics, bool)> = loaded
        .sources
        .par_iter()
        .map(|s| {
            if let Some(c) = cache.as_ref()
                && let Some(hit) = c.parsed.get(&s.rel)
                && (Arc::ptr_eq(&hit.text, &s.text) || *hit.text == *s.text)
            {
                let parsed = hit.item.as_ref().map(|(place, item, body_offset)| Parsed {
                    rel: &s.rel,
                    place: place.clone(),
                    item: item.clone(),
                    body: s.text.get(*body_offset..).unwrap_or(""),
                    body_offset: *body_offset,
                });
                return (parsed, hit.diagnostics.clone(), true);
            }
            let mut fd = Diagnostics::default();
            let rel_in = s.rel.strip_prefix("content/").unwrap_or(&s.rel);
            let mut place = classify(rel_in, folders);
            check_slugs(&s.rel, rel_in, &mut place, lang, &mut fd);
            let parsed = read_file(&s.rel, &s.text, place, lang, &mut fd);
            (parsed, fd, false)
        })
        .collect();
    if let Some(c) = cache.as_mut() {
        // Only what was read anew goes in; hits are already there.
        for (s, (p, fd, _)) in loaded.sources.iter().zip(&results).filter(|(_, r)| !r.2) {
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
    }
    let mut parsed = Vec::new();
    for (p, fd, _) in results {
        d.extend(fd);
        if let Some(p) = p {
            parsed.push(p);
        }
    }

    // 3. number every item by kind.
    let mut ctx = Ctx {
        lang,
        loaded,
        territories: HashMap::new(),
        groups: HashMap::new(),
        meetings: HashMap::new(),
        documents: HashMap::new(),
        projects: HashMap::new(),
        organisations: HashMap::new(),
    };
    let mut counts = [0usize; 9];
    let mut ids = Vec::with_capacity(parsed.len());
    for p in &parsed {
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
            _ => {}
        }
    }
    // Items inside a territory folder need the territory's own `_index.md`.
    let mut reported = HashSet::new();
    for p in &parsed {
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

    // 4. two files, one URL.
    let mut claimed: BTreeMap<String, &str> = BTreeMap::new();
    for g in generated_paths(config) {
        claimed.insert(g, "");
    }
    for p in &parsed {
        if let Some(other) = claimed.insert(p.place.path.clone(), p.rel) {
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
            let base = config.base_path.as_str();
            d.push(
                Diagnostic::error(
                    p.rel,
                    None,
                    match lang {
                        Lang::Cs => format!("adresu {base}{} už používá {by}", p.place.path),
                        Lang::En => {
                            format!("the URL {base}{} is already taken by {by}", p.place.path)
                        }
                    },
                )
                .with_hint(hint),
            );
        }
    }

    let mut site = Site {
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
        links: LinkMap::default(),
    };
    let mut bodies: Vec<(Kind, usize)> = Vec::with_capacity(parsed.len());
    let mut meeting_numbers: HashMap<(usize, u32), &str> = HashMap::new();
    for (p, id) in parsed.iter().zip(&ids) {
        let file = p.rel;
        let here = p.place.territory.as_deref();
        let tid = here
            .and_then(|t| ctx.territories.get(t).copied())
            .unwrap_or(0);
        let path = p.place.path.clone();
        bodies.push((p.place.kind, *id));
        match &*p.item {
            RawItem::Home(r) => {
                site.home = Page {
                    path,
                    source: file.to_string(),
                    title: v(&r.title),
                    weight: 0,
                    menu: false,
                    body: Body::default(),
                };
            }
            RawItem::Page(r) => site.pages.push(Page {
                path,
                source: file.to_string(),
                title: v(&r.title),
                weight: r.weight.as_ref().map(|w| w.value).unwrap_or(0),
                menu: r.menu.as_ref().is_some_and(|m| m.value),
                body: Body::default(),
            }),
            RawItem::Territory(r) => {
                if let Some(k) = &r.kind {
                    ctx.one_of(k, TERRITORY_KINDS, "kind", file, d);
                }
                let contacts = r
                    .contacts
                    .iter()
                    .map(|c| Contact {
                        name: v(&c.name),
                        role: v(&c.role),
                        organization: ctx.org_or_text(&c.organization),
                        email: v(&c.email),
                        phone: v(&c.phone),
                        address: v(&c.address),
                    })
                    .collect();
                let history = r
                    .history
                    .iter()
                    .map(|h| HistoryEntry {
                        period: crate::czech::date::format_period(&v(&h.period)),
                        title: v(&h.title),
                        text: v(&h.text),
                    })
                    .collect();
                site.territories.push(Territory {
                    slug: p.place.slug.clone(),
                    path,
                    source: file.to_string(),
                    title: v(&r.title),
                    name: v(&r.name),
                    kind: v(&r.kind),
                    code: v(&r.code),
                    region: v(&r.region),
                    municipalities: list(&r.municipalities),
                    planning_since: r.planning_since.as_ref().map(|x| x.value),
                    contacts,
                    history,
                    body: Body::default(),
                    groups: Vec::new(),
                    meetings: Vec::new(),
                    documents: Vec::new(),
                    projects: Vec::new(),
                    news: Vec::new(),
                });
            }
            RawItem::Organisation(r) => site.organisations.push(Organisation {
                slug: p.place.slug.clone(),
                path,
                source: file.to_string(),
                title: v(&r.title),
                kind: v(&r.kind),
                ico: v(&r.ico),
                web: ctx.url(&r.web, "web", file, d).unwrap_or_default(),
                address: v(&r.address),
                email: v(&r.email),
                phone: v(&r.phone),
                body: Body::default(),
                projects: Vec::new(),
                groups: Vec::new(),
                territories: Vec::new(),
            }),
            RawItem::Group(r) => {
                if let Some(k) = &r.kind {
                    ctx.one_of(k, GROUP_KINDS, "kind", file, d);
                }
                let mut tgs = Vec::new();
                for tg in &r.target_groups {
                    match config.target_groups.iter().position(|x| x.slug == tg.value) {
                        Some(i) => tgs.push(i),
                        None => {
                            let near = nearest_n(
                                &tg.value,
                                config.target_groups.iter().map(|x| x.slug.as_str()),
                                3,
                            );
                            let mut diag = unresolved(
                                lang,
                                file,
                                tg,
                                ("cílovou skupinu", "target group"),
                                &near,
                            );
                            let extra = tr(
                                lang,
                                " (cílové skupiny se zapisují v config.toml jako [[target_groups]])",
                                " (target groups are declared in config.toml as [[target_groups]])",
                            );
                            diag.hint = diag.hint.map(|h| h + &extra);
                            d.push(diag);
                        }
                    }
                }
                let members = r
                    .members
                    .iter()
                    .map(|m| Member {
                        name: v(&m.name),
                        role: v(&m.role),
                        organization: ctx.org_or_text(&m.organization),
                    })
                    .collect();
                let title = v(&r.title);
                site.groups.push(Group {
                    territory: tid,
                    slug: p.place.slug.clone(),
                    path,
                    source: file.to_string(),
                    short: r
                        .short
                        .as_ref()
                        .map(|s| s.value.clone())
                        .unwrap_or_else(|| title.clone()),
                    title,
                    kind: v(&r.kind),
                    target_groups: tgs,
                    locality: v(&r.locality),
                    active: crate::czech::date::format_period(&v(&r.active)),
                    members,
                    body: Body::default(),
                    meetings: Vec::new(),
                    documents: Vec::new(),
                });
            }
            RawItem::Meeting(r) => {
                let kind = match &r.kind {
                    Some(k) if ctx.one_of(k, MEETING_KINDS, "kind", file, d) => k.value.clone(),
                    _ => "jednani".to_string(),
                };
                let group = match &r.group {
                    Some(g) => ctx.lookup(&ctx.groups, here, g, ("skupinu", "group"), file, d),
                    None => {
                        if kind == "jednani" {
                            d.push(
                                Diagnostic::error(
                                    file,
                                    Some(0..3),
                                    tr(
                                        lang,
                                        "chybí pole `group`: jednání patří skupině",
                                        "the field `group` is missing: a meeting belongs to a group",
                                    ),
                                )
                                .with_hint(tr(
                                    lang,
                                    "doplňte `group = \"ps-seniori\"`, nebo u veřejné akce `kind = \"verejne-projednani\"`, \"kulaty-stul\" či \"akce\"",
                                    "add `group = \"ps-seniori\"`, or for a public event `kind = \"verejne-projednani\"`, \"kulaty-stul\" or \"akce\"",
                                )),
                            );
                        }
                        None
                    }
                };
                let number = match &r.number {
                    Some(n) if n.value >= 1 && n.value <= 100_000 => Some(n.value as u32),
                    Some(n) => {
                        d.push(
                            Diagnostic::error(
                                file,
                                Some(n.span.clone()),
                                match (lang, n.value > 0) {
                                    (Lang::Cs, false) => format!(
                                        "pořadové číslo jednání musí být kladné, je {}",
                                        n.value
                                    ),
                                    (Lang::En, false) => format!(
                                        "the meeting number must be positive, found {}",
                                        n.value
                                    ),
                                    (Lang::Cs, true) => format!(
                                        "pořadové číslo jednání {} je příliš velké (nejvýš 100 000)",
                                        n.value
                                    ),
                                    (Lang::En, true) => format!(
                                        "the meeting number {} is too large (at most 100,000)",
                                        n.value
                                    ),
                                },
                            )
                            .with_hint("number = 1"),
                        );
                        None
                    }
                    None => None,
                };
                if let (Some(g), Some(n), Some(ln)) = (group, number, &r.number)
                    && let Some(other) = meeting_numbers.insert((g, n), file)
                {
                    d.push(
                        Diagnostic::error(
                            file,
                            Some(ln.span.clone()),
                            match lang {
                                Lang::Cs => {
                                    format!("{n}. jednání této skupiny už popisuje {other}")
                                }
                                Lang::En => format!("meeting {n} of this group is already {other}"),
                            },
                        )
                        .with_hint(tr(
                            lang,
                            "opravte číslo `number`",
                            "fix the `number`",
                        )),
                    );
                }
                let time =
                    r.time
                        .as_ref()
                        .and_then(|t| match crate::czech::date::parse_time(&t.value) {
                            Ok(x) => Some(x),
                            Err(e) => {
                                d.push(
                                    Diagnostic::error(file, Some(t.span.clone()), e.message(lang))
                                        .with_hint("time = \"13:00\""),
                                );
                                None
                            }
                        });
                let minutes = r
                    .minutes
                    .as_ref()
                    .and_then(|m| ctx.attachment(file, &path, m, d));
                let attachments = r
                    .attachments
                    .iter()
                    .filter_map(|a| ctx.attachment(file, &path, a, d))
                    .collect();
                let documents = r
                    .documents
                    .iter()
                    .filter_map(|x| {
                        ctx.lookup(&ctx.documents, here, x, ("dokument", "document"), file, d)
                    })
                    .collect();
                if group.is_none() && r.group.is_none() && r.title.is_none() {
                    d.push(
                        Diagnostic::error(
                            file,
                            Some(0..3),
                            tr(
                                lang,
                                "veřejná akce bez skupiny potřebuje pole `title`",
                                "a public event without a group needs a `title`",
                            ),
                        )
                        .with_hint("title = \"Veřejné projednání plánu\""),
                    );
                }
                site.meetings.push(Meeting {
                    territory: tid,
                    slug: p.place.slug.clone(),
                    path,
                    source: file.to_string(),
                    group,
                    date: r.date.as_ref().map(|x| x.value),
                    time,
                    number,
                    title: v(&r.title),
                    kind,
                    place: v(&r.place),
                    agenda: list(&r.agenda),
                    minutes,
                    minutes_title: String::new(),
                    attachments,
                    documents,
                    body: Body::default(),
                });
            }
            RawItem::Document(r) => {
                if let Some(k) = &r.kind {
                    ctx.one_of(k, DOCUMENT_KINDS, "kind", file, d);
                }
                if let Some(s) = &r.status {
                    ctx.one_of(s, DOCUMENT_STATUSES, "status", file, d);
                }
                let file_ref = r
                    .file
                    .as_ref()
                    .and_then(|f| ctx.attachment(file, &path, f, d));
                match (&r.file, &r.url) {
                    (Some(_), Some(u)) => d.push(
                        Diagnostic::error(
                            file,
                            Some(u.span.clone()),
                            tr(
                                lang,
                                "dokument má zároveň `file` i `url`",
                                "the document has both `file` and `url`",
                            ),
                        )
                        .with_hint(tr(
                            lang,
                            "ponechte jen jedno: `file` pro soubor vedle, `url` pro odkaz na jiný web",
                            "keep one: `file` for a file beside it, `url` for a link to another site",
                        )),
                    ),
                    (None, None) => d.push(
                        Diagnostic::error(
                            file,
                            Some(0..3),
                            tr(
                                lang,
                                "dokument nemá `file` ani `url`",
                                "the document has neither `file` nor `url`",
                            ),
                        )
                        .with_hint("file = \"komunitni-plan.pdf\""),
                    ),
                    _ => {}
                }
                let url = ctx.url(&r.url, "url", file, d);
                let project = r.project.as_ref().and_then(|x| {
                    ctx.lookup(&ctx.projects, here, x, ("projekt", "project"), file, d)
                });
                let group = r
                    .group
                    .as_ref()
                    .and_then(|x| ctx.lookup(&ctx.groups, here, x, ("skupinu", "group"), file, d));
                let meeting = r.meeting.as_ref().and_then(|x| {
                    ctx.lookup(&ctx.meetings, here, x, ("jednání", "meeting"), file, d)
                });
                site.documents.push(Document {
                    territory: here.and_then(|t| ctx.territories.get(t).copied()),
                    slug: p.place.slug.clone(),
                    path,
                    source: file.to_string(),
                    title: v(&r.title),
                    kind: v(&r.kind),
                    file: file_ref,
                    url,
                    published: r.published.as_ref().map(|x| x.value),
                    period: crate::czech::date::format_period(&v(&r.period)),
                    project,
                    group,
                    meeting,
                    draft: r.draft.as_ref().is_some_and(|x| x.value),
                    comments_until: r.comments_until.as_ref().map(|x| x.value),
                    comments_to: v(&r.comments_to),
                    status: v(&r.status),
                    body: Body::default(),
                });
            }
            RawItem::Project(r) => {
                let implementer = r.implementer.as_ref().and_then(|x| ctx.org(x, file, d));
                let partners = r
                    .partners
                    .iter()
                    .filter_map(|x| ctx.org(x, file, d))
                    .collect();
                let mut territories: Vec<usize> = r
                    .territories
                    .iter()
                    .filter_map(|x| ctx.territory(x, file, d))
                    .collect();
                if let Some(t) = here.and_then(|t| ctx.territories.get(t))
                    && !territories.contains(t)
                {
                    territories.insert(0, *t);
                }
                let output_documents = r
                    .output_documents
                    .iter()
                    .filter_map(|x| {
                        ctx.lookup(&ctx.documents, here, x, ("dokument", "document"), file, d)
                    })
                    .collect();
                if let (Some(s), Some(e)) = (&r.start, &r.end)
                    && e.value < s.value
                {
                    d.push(
                        Diagnostic::error(
                            file,
                            Some(e.span.clone()),
                            tr(
                                lang,
                                "projekt končí dřív, než začal",
                                "the project ends before it starts",
                            ),
                        )
                        .with_hint(tr(
                            lang,
                            "zkontrolujte `start` a `end`",
                            "check `start` and `end`",
                        )),
                    );
                }
                site.projects.push(Project {
                    territory: here.and_then(|t| ctx.territories.get(t).copied()),
                    slug: p.place.slug.clone(),
                    path,
                    source: file.to_string(),
                    title: v(&r.title),
                    registration: v(&r.registration),
                    programme: v(&r.programme),
                    funding: list(&r.funding),
                    implementer,
                    partners,
                    start: r.start.as_ref().map(|x| x.value),
                    end: r.end.as_ref().map(|x| x.value),
                    budget: r.budget.as_ref().map(|x| x.value),
                    territories,
                    goals: list(&r.goals),
                    activities: list(&r.activities),
                    outputs: list(&r.outputs),
                    output_documents,
                    body: Body::default(),
                    documents: Vec::new(),
                });
            }
            RawItem::News(r) => site.news.push(News {
                territory: tid,
                slug: p.place.slug.clone(),
                path,
                source: file.to_string(),
                title: v(&r.title),
                date: r.date.as_ref().map(|x| x.value).unwrap_or(PartialDate {
                    year: 1970,
                    month: None,
                    day: None,
                }),
                body: Body::default(),
            }),
        }
    }

    // 5. bodies, with links to `.md` files rewritten and checked.
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
    let base = config.base_path.as_str();
    // A cached body is valid while its text and everything its links can point at are the same.
    let signature = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut a: Vec<(&String, &String)> = md_paths.iter().collect();
        a.sort();
        a.hash(&mut h);
        let mut b: Vec<(&String, &String)> = attachment_paths.iter().collect();
        b.sort();
        b.hash(&mut h);
        (base, config.trust_html, lang == Lang::En).hash(&mut h);
        h.finish()
    };
    let texts: HashMap<&str, &std::sync::Arc<str>> = loaded
        .sources
        .iter()
        .map(|s| (s.rel.as_str(), &s.text))
        .collect();
    let rendered: Vec<std::sync::Arc<BodyResult>> = parsed
        .par_iter()
        .map(|p| {
            let text = texts.get(p.rel).copied();
            if let (Some(c), Some(t)) = (cache.as_ref(), text)
                && let Some(hit) = c.entries.get(p.rel)
                && hit.signature == signature
                && (Arc::ptr_eq(&hit.text, t) || *hit.text == **t)
            {
                return hit.result.clone();
            }
            Arc::new(scan_body(
                p.rel,
                p.body,
                p.body_offset,
                &md_paths,
                &attachment_paths,
                base,
                lang,
            ))
        })
        .collect();
    if let Some(c) = cache.as_mut() {
        for (p, r) in parsed.iter().zip(&rendered) {
            if let Some(t) = texts.get(p.rel) {
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
    }
    let mut fragment_checks: Vec<FragmentUse> = Vec::new();
    let mut heading_ids: HashMap<&str, &[String]> = HashMap::new();
    for (r, (p, (kind, id))) in rendered.iter().zip(parsed.iter().zip(&bodies)) {
        for diag in &r.diagnostics {
            d.push(diag.clone());
        }
        fragment_checks.extend(r.fragments.iter().cloned());
        heading_ids.insert(p.rel, &r.heading_ids);
        let html = Body {
            text: texts.get(p.rel).map(|t| (*t).clone()).unwrap_or_default(),
            start: p.body_offset,
            file: Arc::from(p.rel),
        };
        match kind {
            Kind::Home => site.home.body = html,
            Kind::Page => site.pages[*id].body = html,
            Kind::Territory => site.territories[*id].body = html,
            Kind::Group => site.groups[*id].body = html,
            Kind::Meeting => site.meetings[*id].body = html,
            Kind::Document => site.documents[*id].body = html,
            Kind::Project => site.projects[*id].body = html,
            Kind::Organisation => site.organisations[*id].body = html,
            Kind::News => site.news[*id].body = html,
        }
    }
    // Sets, so 30,000 fragment links into a body of 30,000 headings are not their product.
    let id_sets: HashMap<&str, HashSet<&str>> = heading_ids
        .iter()
        .map(|(k, ids)| (*k, ids.iter().map(String::as_str).collect()))
        .collect();
    let mut suggested: HashMap<String, usize> = HashMap::new();
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

    crate::accessibility::check(&site, d);
    if d.has_errors() {
        return None;
    }
    site.links = LinkMap {
        pages: md_paths,
        files: attachment_paths,
    };
    // 6. titles, back-links and order.
    link_up(&mut site);
    if !config.drafts {
        drop_drafts(&mut site);
    }
    Some(site)
}

/// Leave out documents under consultation (`draft = true`) when the site does not publish
/// drafts: they were validated like everything else, and every list that named them forgets
/// them, so no link points at a page that is not written.
fn drop_drafts(site: &mut Site) {
    let keep: Vec<bool> = site.documents.iter().map(|d| !d.draft).collect();
    let mut new_id = vec![usize::MAX; keep.len()];
    let mut n = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            new_id[i] = n;
            n += 1;
        }
    }
    let remap = |v: &mut Vec<DocumentId>| {
        v.retain(|d| keep[*d]);
        for d in v.iter_mut() {
            *d = new_id[*d];
        }
    };
    for t in site.territories.iter_mut() {
        remap(&mut t.documents);
    }
    for g in site.groups.iter_mut() {
        remap(&mut g.documents);
    }
    for m in site.meetings.iter_mut() {
        remap(&mut m.documents);
    }
    for p in site.projects.iter_mut() {
        remap(&mut p.documents);
        remap(&mut p.output_documents);
    }
    let mut i = 0;
    site.documents.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// A file name that is no slug is an error that names the slug it should have.
fn check_slugs(rel: &str, rel_in: &str, place: &mut Place, lang: Lang, d: &mut Diagnostics) {
    let parts: Vec<&str> = rel_in.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let name = if i + 1 == parts.len() {
            part.strip_suffix(".md").unwrap_or(part)
        } else {
            part
        };
        if name == "_index" || is_valid_slug(name) {
            continue;
        }
        let good = slugify(name);
        let what = if i + 1 == parts.len() {
            tr(lang, "jméno souboru", "file name")
        } else {
            tr(lang, "jméno složky", "folder name")
        };
        d.push(
            Diagnostic::error(
                rel,
                None,
                match lang {
                    Lang::Cs => format!("{what} \"{name}\" není platný slug (jen malá písmena bez diakritiky, číslice a pomlčky)"),
                    Lang::En => format!("{what} \"{name}\" is not a valid slug (lower-case ASCII letters, digits and hyphens only)"),
                },
            )
            .with_hint(match lang {
                Lang::Cs => format!("přejmenujte na \"{good}\""),
                Lang::En => format!("rename it to \"{good}\""),
            }),
        );
        if i + 1 == parts.len() {
            place.slug = good;
        }
    }
}

type FragmentCheck = Option<(String, String)>;

/// One body rendered: HTML, heading ids, and what its links need checked or reported.
#[derive(Clone, Debug)]
pub struct BodyResult {
    heading_ids: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    fragments: Vec<FragmentUse>,
}

/// Scan one body: its links rewritten and checked (broken ones as diagnostics), its heading ids,
/// and its links to fragments of other files, to be checked once every body is scanned.
fn scan_body(
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
    }
}

/// A warning for heading attributes `markdown` drops (`{#x onfocus=…}`), pointing at the
/// heading's first line.
fn dropped_heading_attributes(
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
fn too_deep(rel: &str, deep: markdown::TooDeep, body_offset: usize, lang: Lang) -> Diagnostic {
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

/// For `serve`: take the new text of `rel` into `cache` if its body (from `body_offset`) alone
/// can be checked against the last resolved `site`: every link of it resolves, every fragment
/// it links to exists, and it keeps every heading id it had (another file may link to it).
/// `false`: resolve the site again (which reports what is wrong).
fn recheck_body(
    site: &Site,
    cache: &mut BodyCache,
    rel: &str,
    text: &Arc<str>,
    body_offset: usize,
) -> bool {
    let Some(old) = cache.entries.get(rel) else {
        return false;
    };
    let Some(body) = text.get(body_offset..) else {
        return false;
    };
    let result = scan_body(
        rel,
        body,
        body_offset,
        &site.links.pages,
        &site.links.files,
        &site.config.base_path,
        site.config.language,
    );
    // Headings may be added; one that disappears may be the target of another file's link.
    let keeps_headings = old
        .result
        .heading_ids
        .iter()
        .all(|id| result.heading_ids.contains(id));
    if !result.diagnostics.is_empty() || !keeps_headings {
        return false;
    }
    let fragments_exist = result.fragments.iter().all(|(_, target, frag, _)| {
        let ids = if target == rel {
            Some(&result.heading_ids)
        } else {
            cache.entries.get(target).map(|e| &e.result.heading_ids)
        };
        ids.is_some_and(|ids| ids.contains(frag))
    });
    if !fragments_exist {
        return false;
    }
    let signature = old.signature;
    cache.entries.insert(
        rel.to_string(),
        CachedBody {
            text: text.clone(),
            signature,
            result: Arc::new(result),
        },
    );
    true
}

/// For `serve`: what a new text of meeting `i` changes, when [`check_meeting_edit`] can take it
/// without resolving the site again; [`apply_meeting_edit`] puts it in.
pub struct MeetingEdit {
    i: usize,
    place: String,
    agenda: Vec<String>,
    date: Option<PartialDate>,
    time: Option<(u8, u8)>,
    body: Body,
    parse: CachedParse,
}

impl MeetingEdit {
    /// The index of the edited meeting.
    pub fn meeting(&self) -> usize {
        self.i
    }

    /// Its new date.
    pub fn date(&self) -> Option<PartialDate> {
        self.date
    }

    /// Whether the meeting's date or time changed: then it may move in its lists.
    pub fn moves(&self, site: &Site) -> bool {
        let m = &site.meetings[self.i];
        m.date != self.date || m.time != self.time
    }
}

/// For `serve`: meeting `i` has a new text. If its front matter differs from the last one at
/// most in `place`, `agenda`, `date` and `time` (nothing another file refers to or checks) and
/// its body passes [`recheck_body`], return the edit. `None`: resolve the site again, which
/// reports whatever is wrong.
pub fn check_meeting_edit(
    site: &Site,
    cache: &mut BodyCache,
    i: usize,
    text: &Arc<str>,
) -> Option<MeetingEdit> {
    let m = site.meetings.get(i)?;
    let rel = m.source.clone();
    let Some(CachedParse {
        item: Some((place, old_item, _)),
        diagnostics,
        ..
    }) = cache.parsed.get(&rel)
    else {
        return None;
    };
    if !diagnostics.is_empty() {
        return None;
    }
    let (place, old_item) = (place.clone(), old_item.clone());
    let RawItem::Meeting(old) = &*old_item else {
        return None;
    };
    let mut fd = Diagnostics::default();
    let new = read_file(&rel, text, place, site.config.language, &mut fd)?;
    let RawItem::Meeting(r) = &*new.item else {
        return None;
    };
    fn value<T>(x: &Option<Located<T>>) -> Option<&T> {
        x.as_ref().map(|l| &l.value)
    }
    fn values(x: &[Located<String>]) -> Vec<&String> {
        x.iter().map(|l| &l.value).collect()
    }
    let same_elsewhere = value(&old.group) == value(&r.group)
        && value(&old.number) == value(&r.number)
        && value(&old.title) == value(&r.title)
        && value(&old.kind) == value(&r.kind)
        && value(&old.minutes) == value(&r.minutes)
        && values(&old.attachments) == values(&r.attachments)
        && values(&old.documents) == values(&r.documents);
    if !fd.is_empty() || !same_elsewhere {
        return None;
    }
    let time = match &r.time {
        Some(t) => Some(crate::czech::date::parse_time(&t.value).ok()?),
        None => None,
    };
    if !recheck_body(site, cache, &rel, text, new.body_offset) {
        return None;
    }
    Some(MeetingEdit {
        i,
        place: v(&r.place),
        agenda: list(&r.agenda),
        date: value(&r.date).copied(),
        time,
        body: Body {
            text: text.clone(),
            start: new.body_offset,
            file: m.body.file.clone(),
        },
        parse: CachedParse {
            text: text.clone(),
            item: Some((new.place, new.item.clone(), new.body_offset)),
            diagnostics: fd,
        },
    })
}

/// Put a checked edit into the site: the meeting's fields, and the order of its territory's and
/// its group's meetings when the date or time changed (as `link_up` sorts them).
pub fn apply_meeting_edit(site: &mut Site, cache: &mut BodyCache, e: MeetingEdit) {
    let moves = e.moves(site);
    let m = &mut site.meetings[e.i];
    m.place = e.place;
    m.agenda = e.agenda;
    m.date = e.date;
    m.time = e.time;
    m.body = e.body;
    let (territory, group, rel) = (m.territory, m.group, m.source.clone());
    cache.parsed.insert(rel, e.parse);
    if moves {
        let meetings = &site.meetings;
        site.territories[territory]
            .meetings
            .sort_by(|a, b| by_date(meetings, *a, *b));
        if let Some(g) = group {
            site.groups[g]
                .meetings
                .sort_by(|a, b| group_order(&meetings[*a], &meetings[*b]));
        }
    }
}

#[derive(Debug)]
struct CachedBody {
    text: std::sync::Arc<str>,
    signature: u64,
    result: std::sync::Arc<BodyResult>,
}

/// Rendered bodies of the previous run, for `serve`: a body whose text and link targets did not
/// change is not rendered again. A plain value passed in and out; resolve stays pure.
#[derive(Default)]
pub struct BodyCache {
    entries: HashMap<String, CachedBody>,
    parsed: HashMap<String, CachedParse>,
}

/// A file's front matter as read last time, with what reading it reported.
struct CachedParse {
    text: Arc<str>,
    item: Option<(Place, Arc<RawItem>, usize)>,
    diagnostics: Diagnostics,
}

/// A link to `#fragment` of a file: (file with the link, target file, fragment, link span).
type FragmentUse = (String, String, String, Range<usize>);

/// How many broken links (and, separately, missing fragments) of one file get a "closest
/// existing" hint. Each search compares the name with every page of the site, so without a
/// bound a body of 30,000 broken links on a large site costs links × pages; past the bound
/// the error is still reported, without the hint. Per file, so the hints do not depend on
/// the order bodies are scanned in.
const SUGGESTED_PER_FILE: usize = 20;

/// Where a Markdown link in `file` leads: `Ok(None)` leaves it alone (web, mail, root links),
/// `Ok(Some)` rewrites a link to a `.md` file or an attached file, `Err` is a broken link
/// (with a hint naming the closest pages only when `suggest`).
#[allow(clippy::too_many_arguments)]
fn rewrite_link(
    dest: &str,
    file: &str,
    dir: &str,
    md_paths: &HashMap<String, String>,
    files: &HashMap<String, String>,
    base: &str,
    lang: Lang,
    suggest: bool,
) -> Result<Option<(String, FragmentCheck)>, Diagnostic> {
    if dest.is_empty()
        || dest.starts_with('/')
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
    {
        return Ok(None);
    }
    if let Some(frag) = dest.strip_prefix('#') {
        return Ok(Some((
            dest.to_string(),
            Some((file.to_string(), frag.to_string())),
        )));
    }
    if dest.contains(':') && !dest.starts_with("@/") {
        return Ok(None);
    }
    let (path_part, frag) = match dest.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (dest, None),
    };
    let joined = match path_part.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => format!("{dir}/{path_part}"),
    };
    let Some(target) = normalise(&joined) else {
        return Err(Diagnostic::error(
            file,
            None,
            match lang {
                Lang::Cs => format!("odkaz \"{dest}\" vede mimo složku content/"),
                Lang::En => format!("link \"{dest}\" leads outside content/"),
            },
        ));
    };
    if target.ends_with(".md") {
        if let Some(path) = md_paths.get(target.as_str()) {
            let mut url = format!("{base}{path}");
            let mut check = None;
            if let Some(f) = frag {
                url.push('#');
                url.push_str(f);
                check = Some((target.clone(), f.to_string()));
            }
            return Ok(Some((url, check)));
        }
        let missing = Diagnostic::error(
            file,
            None,
            match lang {
                Lang::Cs => format!("odkaz na neexistující soubor \"{dest}\" ({target})"),
                Lang::En => format!("link to a missing file \"{dest}\" ({target})"),
            },
        );
        if !suggest {
            return Err(missing);
        }
        // Suggest by file name: whole paths share `content/…` and all look alike.
        let name = target.rsplit('/').next().unwrap_or(&target);
        let mut known: Vec<&str> = md_paths
            .keys()
            .map(String::as_str)
            .filter(|k| *k != file && (name == "_index.md" || !k.ends_with("/_index.md")))
            .collect();
        known.sort();
        let names: Vec<&str> = known
            .iter()
            .map(|k| k.rsplit('/').next().unwrap_or(k))
            .collect();
        let near_names = nearest_n(name, names.iter().copied(), 3);
        let near: Vec<String> = known
            .iter()
            .filter(|k| near_names.contains(&k.rsplit('/').next().unwrap_or(k)))
            .take(3)
            .map(|k| format!("@/{}", k.strip_prefix("content/").unwrap_or(k)))
            .collect();
        return Err(missing.with_hint(if near.is_empty() {
            // Nothing alike: say what the target folder does hold.
            let dir = target.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            let here: Vec<String> = known
                .iter()
                .filter(|k| k.rsplit_once('/').map(|(d, _)| d) == Some(dir))
                .take(5)
                .map(|k| format!("@/{}", k.strip_prefix("content/").unwrap_or(k)))
                .collect();
            match (here.is_empty(), lang) {
                (true, Lang::Cs) => format!("složka {dir}/ neobsahuje žádnou stránku .md"),
                (true, Lang::En) => format!("the folder {dir}/ has no .md page"),
                (false, Lang::Cs) => format!("ve složce {dir}/ jsou: {}", here.join(", ")),
                (false, Lang::En) => format!("the folder {dir}/ has: {}", here.join(", ")),
            }
        } else {
            match lang {
                Lang::Cs => format!("nejbližší existující: {}", near.join(", ")),
                Lang::En => format!("closest existing: {}", near.join(", ")),
            }
        }));
    }
    if let Some(path) = files.get(&target) {
        return Ok(Some((format!("{base}{path}"), None)));
    }
    Err(Diagnostic::error(
        file,
        None,
        match lang {
            Lang::Cs => format!("odkaz na soubor \"{dest}\", který se nezveřejňuje ({target})"),
            Lang::En => format!("link to a file \"{dest}\" that is not published ({target})"),
        },
    )
    .with_hint(tr(
        lang,
        "odkazujte na stránku .md, nebo uveďte soubor jako `file`, `minutes` či `attachments` dokumentu nebo jednání",
        "link to a .md page, or list the file as `file`, `minutes` or `attachments` of a document or meeting",
    )))
}

/// A body as HTML, its links rewritten as `resolve` checked them. Called when a page is
/// written; a link that fails here was already reported, so it is left as written.
pub fn body_html(site: &Site, body: &Body) -> String {
    let file: &str = &body.file;
    let dir = file.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
    let lang = site.config.language;
    let base = site.config.base_path.as_str();
    let link = |dest: &str, _: Range<usize>| -> LinkAction {
        // A broken link was reported by resolve: no hint is wanted here.
        match rewrite_link(
            dest,
            file,
            dir,
            &site.links.pages,
            &site.links.files,
            base,
            lang,
            false,
        ) {
            Ok(Some((url, _))) => LinkAction::Rewrite(url),
            _ => LinkAction::Keep,
        }
    };
    markdown::render(body.markdown(), site.config.trust_html, &link).html
}

/// Resolve `.` and `..` in a `/`-separated path; `None` if it climbs out of `content/`.
fn normalise(p: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            x => out.push(x),
        }
    }
    if out.first() != Some(&"content") {
        return None;
    }
    Some(out.join("/"))
}

fn group_kind_rank(kind: &str) -> usize {
    GROUP_KINDS
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(GROUP_KINDS.len())
}

/// Newest first; undated last; ties by path so the order is total and stable.
pub fn newest_first(
    a: (Option<PartialDate>, &str),
    b: (Option<PartialDate>, &str),
) -> std::cmp::Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    }
}

/// Meetings `a` and `b` newest first (a territory's list, the site-wide list).
fn by_date(meetings: &[Meeting], a: usize, b: usize) -> std::cmp::Ordering {
    newest_first(
        (meetings[a].date, &meetings[a].path),
        (meetings[b].date, &meetings[b].path),
    )
}

/// Order inside a group: numbered meetings by number, then the rest by date, undated last.
pub fn group_order(a: &Meeting, b: &Meeting) -> std::cmp::Ordering {
    let key = |m: &Meeting| (m.number.is_none(), m.number, m.date.is_none(), m.date);
    key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
}

/// Derived titles, back-links both ways, and every list in reading order.
fn link_up(site: &mut Site) {
    let lang = site.config.language;
    let collator = Collator::new();
    // Derived titles.
    for m in site.meetings.iter_mut() {
        let label = m
            .group
            .map(|g| site.groups[g].short.clone())
            .unwrap_or_default();
        if m.title.is_empty() {
            m.title = crate::czech::preposition::meeting_title(m.number, &label, lang);
        }
        if m.minutes.is_some() {
            m.minutes_title = if m.group.is_some() {
                crate::czech::preposition::minutes_title(m.number, &label, lang)
            } else {
                match lang {
                    Lang::Cs => format!("Zápis: {}", m.title),
                    Lang::En => format!("Minutes: {}", m.title),
                }
            };
        }
    }
    // Territories by name (Czech order).
    let mut order: Vec<usize> = (0..site.territories.len()).collect();
    order.sort_by(|a, b| {
        collator
            .compare(&site.territories[*a].name, &site.territories[*b].name)
            .then_with(|| site.territories[*a].slug.cmp(&site.territories[*b].slug))
    });
    let remap: Vec<usize> = {
        let mut r = vec![0; order.len()];
        for (new, old) in order.iter().enumerate() {
            r[*old] = new;
        }
        r
    };
    let mut old = std::mem::take(&mut site.territories)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    site.territories = order.iter().filter_map(|i| old[*i].take()).collect();
    for g in site.groups.iter_mut() {
        g.territory = remap[g.territory];
    }
    for m in site.meetings.iter_mut() {
        m.territory = remap[m.territory];
    }
    for x in site.documents.iter_mut() {
        x.territory = x.territory.map(|t| remap[t]);
    }
    for p in site.projects.iter_mut() {
        p.territory = p.territory.map(|t| remap[t]);
        for t in p.territories.iter_mut() {
            *t = remap[*t];
        }
    }
    for n in site.news.iter_mut() {
        n.territory = remap[n.territory];
    }

    for (i, g) in site.groups.iter().enumerate() {
        site.territories[g.territory].groups.push(i);
    }
    for (i, m) in site.meetings.iter().enumerate() {
        site.territories[m.territory].meetings.push(i);
        if let Some(g) = m.group {
            site.groups[g].meetings.push(i);
        }
    }
    for (i, x) in site.documents.iter().enumerate() {
        if let Some(t) = x.territory {
            site.territories[t].documents.push(i);
        }
        if let Some(p) = x.project {
            site.projects[p].documents.push(i);
        }
        if let Some(g) = x.group {
            site.groups[g].documents.push(i);
        }
        if let Some(m) = x.meeting
            && !site.meetings[m].documents.contains(&i)
        {
            site.meetings[m].documents.push(i);
        }
    }
    for (i, p) in site.projects.iter().enumerate() {
        for t in &p.territories {
            site.territories[*t].projects.push(i);
        }
        for o in p.implementer.iter().chain(p.partners.iter()) {
            if !site.organisations[*o].projects.contains(&i) {
                site.organisations[*o].projects.push(i);
            }
        }
    }
    // Output documents belong to their project too, when they do not say so themselves.
    let extra: Vec<(usize, usize)> = site
        .projects
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.output_documents.iter().map(move |x| (i, *x)))
        .collect();
    for (i, x) in extra {
        if !site.projects[i].documents.contains(&x) {
            site.projects[i].documents.push(x);
        }
    }
    for (i, g) in site.groups.iter().enumerate() {
        for m in &g.members {
            if let Some(OrgRef::Known(o)) = m.organization
                && !site.organisations[o].groups.contains(&i)
            {
                site.organisations[o].groups.push(i);
            }
        }
    }
    for (i, t) in site.territories.iter().enumerate() {
        for c in &t.contacts {
            if let Some(OrgRef::Known(o)) = c.organization
                && !site.organisations[o].territories.contains(&i)
            {
                site.organisations[o].territories.push(i);
            }
        }
    }
    for (i, n) in site.news.iter().enumerate() {
        site.territories[n.territory].news.push(i);
    }

    // Orders.
    let meetings = &site.meetings;
    let documents = &site.documents;
    let groups = &site.groups;
    let by_date_m = |a: &usize, b: &usize| by_date(meetings, *a, *b);
    let by_date_d = |a: &usize, b: &usize| {
        newest_first(
            (documents[*a].published, &documents[*a].path),
            (documents[*b].published, &documents[*b].path),
        )
    };
    let group_cmp = |a: &usize, b: &usize| {
        let (x, y) = (&groups[*a], &groups[*b]);
        group_kind_rank(&x.kind)
            .cmp(&group_kind_rank(&y.kind))
            .then_with(|| collator.compare(&x.title, &y.title))
            .then_with(|| x.path.cmp(&y.path))
    };
    for t in site.territories.iter_mut() {
        t.groups.sort_by(group_cmp);
        t.meetings.sort_by(by_date_m);
        t.documents.sort_by(by_date_d);
        t.news.sort_by(|a, b| {
            newest_first(
                (Some(site.news[*a].date), &site.news[*a].path),
                (Some(site.news[*b].date), &site.news[*b].path),
            )
        });
    }
    let mut group_meetings: Vec<Vec<usize>> =
        site.groups.iter().map(|g| g.meetings.clone()).collect();
    for gm in group_meetings.iter_mut() {
        gm.sort_by(|a, b| group_order(&meetings[*a], &meetings[*b]));
    }
    let mut group_docs: Vec<Vec<usize>> = site.groups.iter().map(|g| g.documents.clone()).collect();
    for gd in group_docs.iter_mut() {
        gd.sort_by(by_date_d);
    }
    let mut org_groups: Vec<Vec<usize>> = site
        .organisations
        .iter()
        .map(|o| o.groups.clone())
        .collect();
    for og in org_groups.iter_mut() {
        og.sort_by(group_cmp);
    }
    for ((g, gm), gd) in site.groups.iter_mut().zip(group_meetings).zip(group_docs) {
        g.meetings = gm;
        g.documents = gd;
    }
    for m in site.meetings.iter_mut() {
        m.documents.sort_by(by_date_d);
    }
    for p in site.projects.iter_mut() {
        p.documents.sort_by(by_date_d);
    }
    let projects = &site.projects;
    for (o, og) in site.organisations.iter_mut().zip(org_groups) {
        o.groups = og;
        o.projects
            .sort_by(|a, b| collator.compare(&projects[*a].title, &projects[*b].title));
    }
    site.pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| collator.compare(&a.title, &b.title))
            .then_with(|| a.path.cmp(&b.path))
    });
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
