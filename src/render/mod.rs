//! Render: `&Site` + templates → output files, handed one at a time to a [`Sink`].
//!
//! Every page of site.md is a [`Job`]; jobs are listed cheaply, then rendered in parallel,
//! each building only its own view (a page gets the slice it shows, never the whole site), so
//! the cost stays linear in pages. Long lists are cut into pages of [`PER_PAGE`] rows.
//! Invariant: no I/O; the sink decides where bytes go (a folder for `build`, memory for tests).

use std::sync::OnceLock;

use rayon::prelude::*;
use serde_json::{Value, json};

use self::templates::Templates;
use crate::czech::Lang;
use crate::czech::size::{file_size, file_size_spoken};
use crate::i18n::{UI, kind_plural, label, tr};
use crate::model::*;

/// Rows on one list page; a page never lists more.
pub const PER_PAGE: usize = 200;

pub use crate::output::Sink;

pub mod templates;

/// Failure to render or write one page.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error in {template} for /{path}: {message}")]
    Template {
        template: String,
        path: String,
        message: String,
    },
    #[error("cannot write /{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// One output file of the site and what it shows.
#[derive(Clone, Debug)]
pub enum Job {
    Home,
    Territory(usize),
    Group(usize),
    Meeting(usize),
    Document(usize),
    Project(usize),
    Organisation(usize),
    News(usize),
    Page(usize),
    /// Meetings list: territory filter, year filter, page number.
    Meetings {
        territory: Option<usize>,
        year: Option<Year>,
        page: usize,
    },
    Documents {
        territory: Option<usize>,
        kind: Option<String>,
        page: usize,
    },
    Groups(Option<usize>),
    TargetGroups,
    TargetGroup(usize),
    Projects,
    Organisations,
    /// The accessibility statement (`[accessibility]` of config.toml).
    Accessibility,
    NotFound,
    Sitemap,
    Robots,
}

/// A year of a meeting list, or the meetings without a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Year {
    Known(i16),
    Undated,
}

/// The state one render shares between its jobs: the site and the lists sorted at most once
/// (named apart from `resolve`'s own context).
struct RenderCtx<'a> {
    site: &'a Site,
    lang: Lang,
    base: &'a str,
    /// Every meeting, newest first, undated last: sorted at most once per render (when a page
    /// needs it), sliced by jobs.
    meetings_sorted: OnceLock<Vec<usize>>,
    /// Every document and minutes entry, newest first: sorted at most once per render.
    docs_sorted: OnceLock<Vec<DocEntry>>,
    /// The site-wide meeting list cut by year, in its order (years newest first, undated last).
    meetings_by_year: OnceLock<Vec<(Year, Vec<usize>)>>,
    /// Put a fingerprint of each body's source in views instead of its HTML (see
    /// [`fingerprints`]): cheap, and it changes exactly when the HTML would.
    fingerprint_bodies: bool,
}

impl<'a> RenderCtx<'a> {
    fn new(site: &'a Site, fingerprint_bodies: bool) -> RenderCtx<'a> {
        RenderCtx {
            site,
            lang: site.config.language,
            base: &site.config.base_path,
            meetings_sorted: OnceLock::new(),
            docs_sorted: OnceLock::new(),
            meetings_by_year: OnceLock::new(),
            fingerprint_bodies,
        }
    }

    fn meetings_sorted(&self) -> &[usize] {
        self.meetings_sorted
            .get_or_init(|| sort_meetings(self.site))
    }

    fn docs_sorted(&self) -> &[DocEntry] {
        self.docs_sorted.get_or_init(|| sort_doc_entries(self.site))
    }

    fn meetings_by_year(&self) -> &[(Year, Vec<usize>)] {
        self.meetings_by_year.get_or_init(|| {
            let mut by_year: Vec<(Year, Vec<usize>)> = Vec::new();
            for m in self.meetings_sorted() {
                let y = year_of(self.site.meetings[*m].date);
                match by_year.last_mut() {
                    Some((last, list)) if *last == y => list.push(*m),
                    _ => by_year.push((y, vec![*m])),
                }
            }
            by_year
        })
    }

    fn body(&self, b: &crate::model::Body) -> String {
        if self.fingerprint_bodies {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&*b.file, b.markdown()).hash(&mut h);
            return format!("{:x}", h.finish());
        }
        crate::resolve::body_html(self.site, b)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn t(&self, key: &str) -> String {
        UI.iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, cs, en)| tr(self.lang, cs, en))
            .unwrap_or_else(|| key.to_string())
    }

    fn link(&self, title: &str, path: &str) -> Value {
        json!({ "title": title, "url": self.url(path) })
    }

    fn date(&self, d: Option<crate::czech::date::PartialDate>) -> Value {
        match d {
            Some(d) => json!({ "text": d.format(self.lang), "iso": d.iso() }),
            None => Value::Null,
        }
    }

    fn file(&self, a: &Attachment) -> Value {
        json!({
            "url": self.url(&a.path),
            "name": a.name,
            "format": a.format,
            "size": file_size(a.size, self.lang),
            "spoken": file_size_spoken(a.size, self.lang),
            // What a screen reader says after the link text: "soubor PDF, 1,2 megabajtu".
            "spoken_label": match (self.lang, a.format.is_empty()) {
                (Lang::Cs, false) => format!("soubor {}, {}", a.format, file_size_spoken(a.size, self.lang)),
                (Lang::En, false) => format!("{} file, {}", a.format, file_size_spoken(a.size, self.lang)),
                (Lang::Cs, true) => format!("soubor, {}", file_size_spoken(a.size, self.lang)),
                (Lang::En, true) => format!("file, {}", file_size_spoken(a.size, self.lang)),
            },
        })
    }

    fn territory_link(&self, t: usize) -> Value {
        let t = &self.site.territories[t];
        self.link(&t.name, &t.path)
    }

    fn group_link(&self, g: usize) -> Value {
        let g = &self.site.groups[g];
        self.link(&g.title, &g.path)
    }

    fn org_ref(&self, o: &Option<OrgRef>) -> Value {
        match o {
            Some(OrgRef::Known(i)) => {
                let o = &self.site.organisations[*i];
                self.link(&o.title, &o.path)
            }
            Some(OrgRef::Text(s)) => json!({ "title": s, "url": null }),
            None => Value::Null,
        }
    }

    fn meeting_row(&self, i: usize) -> Value {
        let m = &self.site.meetings[i];
        json!({
            "title": m.title,
            "url": self.url(&m.path),
            "date": self.date(m.date),
            "time": m.time.map(|(h, mi)| crate::czech::date::format_time(h, mi)),
            "number": m.number,
            "kind": label(self.lang, &m.kind),
            "is_event": m.kind != "jednani",
            "group": m.group.map(|g| self.group_link(g)),
            "territory": self.territory_link(m.territory),
            "minutes": m.minutes.as_ref().map(|a| self.file(a)),
            "minutes_title": m.minutes_title,
            "upcoming": self.site.is_upcoming(m),
        })
    }

    fn document_row(&self, i: usize) -> Value {
        let x = &self.site.documents[i];
        json!({
            "title": x.title,
            "url": self.url(&x.path),
            "kind": label(self.lang, &x.kind),
            "published": self.date(x.published),
            "period": x.period,
            "file": x.file.as_ref().map(|a| self.file(a)),
            "external": x.url,
            "territory": x.territory.map(|t| self.territory_link(t)),
            "draft": x.draft,
            "open": self.site.is_open_consultation(x),
        })
    }

    /// A meeting's minutes as a row of a document list (kind `zapis`).
    fn minutes_row(&self, i: usize) -> Value {
        let m = &self.site.meetings[i];
        json!({
            "title": m.minutes_title,
            "url": self.url(&m.path),
            "kind": label(self.lang, "zapis"),
            "published": self.date(m.date),
            "period": "",
            "file": m.minutes.as_ref().map(|a| self.file(a)),
            "external": null,
            "territory": self.territory_link(m.territory),
            "draft": false,
            "open": false,
        })
    }

    fn project_row(&self, i: usize) -> Value {
        let p = &self.site.projects[i];
        json!({
            "title": p.title,
            "url": self.url(&p.path),
            "start": self.date(p.start),
            "end": self.date(p.end),
            "registration": p.registration,
            "territories": p.territories.iter().map(|t| self.territory_link(*t)).collect::<Vec<_>>(),
        })
    }

    fn group_row(&self, i: usize) -> Value {
        let g = &self.site.groups[i];
        let last = g
            .meetings
            .iter()
            .filter(|m| self.site.meetings[**m].date.is_some())
            .max_by_key(|m| self.site.meetings[**m].date)
            .or(g.meetings.last());
        let next = g
            .meetings
            .iter()
            .filter(|m| self.site.is_upcoming(&self.site.meetings[**m]))
            .min_by_key(|m| self.site.meetings[**m].date);
        let last = last.filter(|m| !self.site.is_upcoming(&self.site.meetings[**m]));
        json!({
            "title": g.title,
            "short": g.short,
            "url": self.url(&g.path),
            "kind": label(self.lang, &g.kind),
            "territory": self.territory_link(g.territory),
            "locality": g.locality,
            "target_groups": g.target_groups.iter().map(|t| self.target_group_link(*t)).collect::<Vec<_>>(),
            "member_count": g.members.len(),
            "meeting_count": g.meetings.len(),
            "last_meeting": last.map(|m| self.meeting_row(*m)),
            "next_meeting": next.map(|m| self.meeting_row(*m)),
        })
    }

    fn target_group_link(&self, i: usize) -> Value {
        let tg = &self.site.config.target_groups[i];
        self.link(
            &tg.name,
            &format!("{}/{}/", self.site.config.folders.target_groups, tg.slug),
        )
    }

    fn crumbs(&self, items: &[(String, String)]) -> Value {
        let mut v = vec![self.link(&self.t("home"), "")];
        v.extend(items.iter().map(|(t, p)| self.link(t, p)));
        Value::Array(v)
    }
}

pub fn year_of(d: Option<crate::czech::date::PartialDate>) -> Year {
    d.map(|d| Year::Known(d.year)).unwrap_or(Year::Undated)
}

fn year_slug(y: Year) -> String {
    match y {
        Year::Known(y) => y.to_string(),
        Year::Undated => "bez-data".to_string(),
    }
}

/// Page `n` (from 1) of a list at `path`: `path` itself, then `path/strana/n/`.
fn page_path(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_string()
    } else {
        format!("{path}strana/{n}/")
    }
}

/// How many pages a list of `len` rows takes.
pub fn pages_for(len: usize) -> usize {
    len.div_ceil(PER_PAGE).max(1)
}

/// A pager view for page `n` of `total`.
fn pager(ctx: &RenderCtx, path: &str, n: usize, total: usize) -> Value {
    if total <= 1 {
        return Value::Null;
    }
    let pages: Vec<Value> = (1..=total)
        .map(|i| json!({ "n": i, "url": ctx.url(&page_path(path, i)), "current": i == n }))
        .collect();
    json!({
        "current": n,
        "total": total,
        "prev": (n > 1).then(|| ctx.url(&page_path(path, n - 1))),
        "next": (n < total).then(|| ctx.url(&page_path(path, n + 1))),
        "pages": pages,
    })
}

/// Meetings of one list (all, or one territory's), newest first, undated last.
fn meeting_list<'c>(ctx: &'c RenderCtx, territory: Option<usize>) -> &'c [usize] {
    match territory {
        Some(t) => &ctx.site.territories[t].meetings,
        None => ctx.meetings_sorted(),
    }
}

/// Every meeting of the site, newest first, undated last.
pub fn sort_meetings(site: &Site) -> Vec<usize> {
    // Sorted as compact keys, not through the meetings: at 100,000 meetings every comparison
    // reaching into two large structs was most of the time an edit in `serve` took.
    let mut keys: Vec<(Option<crate::czech::date::PartialDate>, &str, usize)> = site
        .meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.date, m.path.as_str(), i))
        .collect();
    // Paths are unique, so the order is total and an unstable sort gives the one result.
    keys.sort_unstable_by(|(da, pa, _), (db, pb, _)| {
        crate::resolve::newest_first((*da, pa), (*db, pb))
    });
    keys.into_iter().map(|(_, _, i)| i).collect()
}

/// `sorted` (the order [`sort_meetings`] gave) after the meetings `moved` changed their
/// dates: each is taken out and put back where it now belongs, without sorting everything.
pub fn resort_meetings(site: &Site, mut sorted: Vec<usize>, moved: &[usize]) -> Vec<usize> {
    let key = |i: usize| (site.meetings[i].date, site.meetings[i].path.as_str());
    sorted.retain(|i| !moved.contains(i));
    for &m in moved {
        let at = sorted.partition_point(|&x| crate::resolve::newest_first(key(x), key(m)).is_lt());
        sorted.insert(at, m);
    }
    sorted
}

/// An entry of a document list: a document, or a meeting's minutes.
#[derive(Clone, Copy)]
enum DocEntry {
    Doc(usize),
    Minutes(usize),
}

/// Entries of one document list (a territory's, a kind's), in the global order.
fn doc_entries(ctx: &RenderCtx, territory: Option<usize>, kind: Option<&str>) -> Vec<DocEntry> {
    let site = ctx.site;
    ctx.docs_sorted()
        .iter()
        .copied()
        .filter(|e| match *e {
            DocEntry::Doc(i) => {
                let x = &site.documents[i];
                (territory.is_none() || x.territory == territory)
                    && kind.is_none_or(|k| k == x.kind)
            }
            DocEntry::Minutes(i) => {
                (territory.is_none() || Some(site.meetings[i].territory) == territory)
                    && kind.is_none_or(|k| k == "zapis")
            }
        })
        .collect()
}

/// Every document and every meeting's minutes, newest first, undated last.
fn sort_doc_entries(site: &Site) -> Vec<DocEntry> {
    let mut v: Vec<(Option<crate::czech::date::PartialDate>, &str, DocEntry)> = Vec::new();
    for (i, x) in site.documents.iter().enumerate() {
        v.push((x.published, &x.path, DocEntry::Doc(i)));
    }
    for (i, m) in site.meetings.iter().enumerate() {
        if m.minutes.is_some() {
            v.push((m.date, &m.path, DocEntry::Minutes(i)));
        }
    }
    v.sort_by(|a, b| match (a.0, b.0) {
        (Some(p), Some(q)) => q.cmp(&p).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    });
    v.into_iter().map(|x| x.2).collect()
}

fn entry_row(ctx: &RenderCtx, e: DocEntry) -> Value {
    match e {
        DocEntry::Doc(i) => ctx.document_row(i),
        DocEntry::Minutes(i) => ctx.minutes_row(i),
    }
}

fn entry_date(site: &Site, e: DocEntry) -> Option<crate::czech::date::PartialDate> {
    match e {
        DocEntry::Doc(i) => site.documents[i].published,
        DocEntry::Minutes(i) => site.meetings[i].date,
    }
}

/// Rows grouped under year headings, in the order given.
fn by_year(rows: Vec<(Year, Value)>) -> Value {
    let mut out: Vec<Value> = Vec::new();
    let mut current: Option<Year> = None;
    let mut items: Vec<Value> = Vec::new();
    for (y, row) in rows {
        if current != Some(y) {
            if let Some(c) = current {
                out.push(json!({ "year": year_label(c), "items": std::mem::take(&mut items) }));
            }
            current = Some(y);
        }
        items.push(row);
    }
    if let Some(c) = current {
        out.push(json!({ "year": year_label(c), "items": items }));
    }
    Value::Array(out)
}

fn year_label(y: Year) -> Value {
    match y {
        Year::Known(y) => json!(y.to_string()),
        Year::Undated => Value::Null,
    }
}

fn jobs(ctx: &RenderCtx) -> Vec<(String, Job)> {
    let site = ctx.site;
    let f = &site.config.folders;
    let mut jobs: Vec<(String, Job)> = vec![
        ("index.html".into(), Job::Home),
        ("404.html".into(), Job::NotFound),
        ("sitemap.xml".into(), Job::Sitemap),
        ("robots.txt".into(), Job::Robots),
    ];
    let page = page_file;
    for (i, x) in site.territories.iter().enumerate() {
        jobs.push((page(&x.path), Job::Territory(i)));
        jobs.push((
            page(&format!("{}{}/", x.path, f.groups)),
            Job::Groups(Some(i)),
        ));
    }
    for (i, x) in site.groups.iter().enumerate() {
        jobs.push((page(&x.path), Job::Group(i)));
    }
    for (i, x) in site.meetings.iter().enumerate() {
        jobs.push((page(&x.path), Job::Meeting(i)));
    }
    for (i, x) in site.documents.iter().enumerate() {
        jobs.push((page(&x.path), Job::Document(i)));
    }
    for (i, x) in site.projects.iter().enumerate() {
        jobs.push((page(&x.path), Job::Project(i)));
    }
    for (i, x) in site.organisations.iter().enumerate() {
        jobs.push((page(&x.path), Job::Organisation(i)));
    }
    for (i, x) in site.news.iter().enumerate() {
        jobs.push((page(&x.path), Job::News(i)));
    }
    for (i, x) in site.pages.iter().enumerate() {
        jobs.push((page(&x.path), Job::Page(i)));
    }
    if let Some(a) = &site.config.accessibility {
        jobs.push((page(&a.path), Job::Accessibility));
    }
    jobs.push((page(&format!("{}/", f.groups)), Job::Groups(None)));
    jobs.push((page(&format!("{}/", f.projects)), Job::Projects));
    jobs.push((page(&format!("{}/", f.organisations)), Job::Organisations));
    jobs.push((page(&format!("{}/", f.target_groups)), Job::TargetGroups));
    for i in 0..site.config.target_groups.len() {
        let tg = &site.config.target_groups[i];
        jobs.push((
            page(&format!("{}/{}/", f.target_groups, tg.slug)),
            Job::TargetGroup(i),
        ));
    }
    // Meeting and document lists, for the whole site and per territory, with their pages.
    let scopes: Vec<(Option<usize>, String)> = std::iter::once((None, String::new()))
        .chain(
            site.territories
                .iter()
                .enumerate()
                .map(|(i, t)| (Some(i), t.path.clone())),
        )
        .collect();
    for (territory, prefix) in &scopes {
        // Counting pages needs no sorted list.
        let len = match territory {
            Some(t) => site.territories[*t].meetings.len(),
            None => site.meetings.len(),
        };
        let base = format!("{prefix}{}/", f.meetings);
        for n in 1..=pages_for(len) {
            jobs.push((
                page(&page_path(&base, n)),
                Job::Meetings {
                    territory: *territory,
                    year: None,
                    page: n,
                },
            ));
        }
        if territory.is_none() {
            let mut counts: std::collections::BTreeMap<Year, usize> = Default::default();
            for m in &site.meetings {
                *counts.entry(year_of(m.date)).or_insert(0) += 1;
            }
            // In the list's order: years newest first, the undated last.
            let undated = counts.remove(&Year::Undated);
            let years = counts
                .into_iter()
                .rev()
                .chain(undated.map(|c| (Year::Undated, c)));
            for (y, count) in years {
                let ybase = format!("{base}{}/", year_slug(y));
                for n in 1..=pages_for(count) {
                    jobs.push((
                        page(&page_path(&ybase, n)),
                        Job::Meetings {
                            territory: None,
                            year: Some(y),
                            page: n,
                        },
                    ));
                }
            }
        }
        let docs = doc_entries(ctx, *territory, None);
        let dbase = format!("{prefix}{}/", f.documents);
        jobs.push((
            page(&dbase),
            Job::Documents {
                territory: *territory,
                kind: None,
                page: 1,
            },
        ));
        if territory.is_none() {
            for kind in crate::resolve::DOCUMENT_KINDS {
                let count = docs
                    .iter()
                    .filter(|e| match e {
                        DocEntry::Doc(i) => site.documents[*i].kind == *kind,
                        DocEntry::Minutes(_) => *kind == "zapis",
                    })
                    .count();
                if count == 0 {
                    continue;
                }
                let kbase = format!("{dbase}{kind}/");
                for n in 1..=pages_for(count) {
                    jobs.push((
                        page(&page_path(&kbase, n)),
                        Job::Documents {
                            territory: None,
                            kind: Some(kind.to_string()),
                            page: n,
                        },
                    ));
                }
            }
        }
    }
    jobs
}

/// The site-wide values every template sees as `site` and `t`.
pub fn globals(site: &Site) -> Value {
    let lang = site.config.language;
    let base = site.config.base_path.as_str();
    let t: serde_json::Map<String, Value> = UI
        .iter()
        .map(|(k, cs, en)| (k.to_string(), json!(tr(lang, cs, en))))
        .collect();
    let f = &site.config.folders;
    let menu: Vec<Value> = site
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| json!({ "title": p.title, "url": format!("{base}{}", p.path) }))
        .collect();
    json!({
        "site": {
            "title": site.config.title,
            "description": site.config.description,
            "lang": match lang { Lang::Cs => "cs", Lang::En => "en" },
            "base": base,
            "base_url": site.config.base_url,
            "build_date": site.build_date.to_string(),
            "menu": menu,
            "urls": {
                "groups": format!("{base}{}/", f.groups),
                "meetings": format!("{base}{}/", f.meetings),
                "documents": format!("{base}{}/", f.documents),
                "projects": format!("{base}{}/", f.projects),
                "organisations": format!("{base}{}/", f.organisations),
                "target_groups": format!("{base}{}/", f.target_groups),
                "accessibility": site.config.accessibility.as_ref().map(|a| format!("{base}{}", a.path)),
            },
        },
        "t": t,
    })
}

fn view(ctx: &RenderCtx, job: &Job) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    match job {
        Job::Home => {
            let upcoming: Vec<Value> = {
                let mut v: Vec<usize> = (0..site.meetings.len())
                    .filter(|i| site.is_upcoming(&site.meetings[*i]))
                    .collect();
                v.sort_by_key(|i| (site.meetings[*i].date, site.meetings[*i].time));
                v.into_iter().take(10).map(|i| ctx.meeting_row(i)).collect()
            };
            let newest: Vec<Value> = doc_entries(ctx, None, None)
                .into_iter()
                .filter(|e| matches!(e, DocEntry::Doc(_)))
                .take(10)
                .map(|e| entry_row(ctx, e))
                .collect();
            let consultations: Vec<Value> = (0..site.documents.len())
                .filter(|i| site.is_open_consultation(&site.documents[*i]))
                .map(|i| {
                    let mut r = ctx.document_row(i);
                    r["comments_until"] = ctx.date(site.documents[i].comments_until);
                    r
                })
                .collect();
            let territories: Vec<Value> = site
                .territories
                .iter()
                .map(|t| {
                    json!({
                        "name": t.name, "title": t.title, "url": ctx.url(&t.path),
                        "kind": label(lang, &t.kind),
                        "group_count": t.groups.len(), "meeting_count": t.meetings.len(),
                        "document_count": t.documents.len(),
                    })
                })
                .collect();
            (
                "home.html",
                json!({
                    "title": site.home.title, "body": ctx.body(&site.home.body), "crumbs": [],
                    "territories": territories, "upcoming": upcoming,
                    "newest_documents": newest, "consultations": consultations,
                }),
            )
        }
        Job::Territory(i) => {
            let t = &site.territories[*i];
            let plan = t
                .documents
                .iter()
                .find(|d| site.documents[**d].kind == "komunitni-plan")
                .map(|d| ctx.document_row(*d));
            let mut kinds: Vec<(usize, Value)> = Vec::new();
            for k in crate::resolve::DOCUMENT_KINDS {
                let docs: Vec<Value> = t
                    .documents
                    .iter()
                    .filter(|d| site.documents[**d].kind == *k)
                    .map(|d| ctx.document_row(*d))
                    .collect();
                if !docs.is_empty() {
                    kinds.push((
                        docs.len(),
                        json!({ "kind": kind_plural(lang, k), "slug": k, "items": docs }),
                    ));
                }
            }
            let contacts: Vec<Value> = t
                .contacts
                .iter()
                .map(|c| json!({ "name": c.name, "role": c.role, "organization": ctx.org_ref(&c.organization), "email": c.email, "phone": c.phone, "address": c.address }))
                .collect();
            let history: Vec<Value> = t
                .history
                .iter()
                .map(|h| json!({ "period": h.period, "title": h.title, "text": h.text }))
                .collect();
            let upcoming: Vec<Value> = t
                .meetings
                .iter()
                .filter(|m| site.is_upcoming(&site.meetings[**m]))
                .map(|m| ctx.meeting_row(*m))
                .collect();
            let recent: Vec<Value> = t
                .meetings
                .iter()
                .filter(|m| !site.is_upcoming(&site.meetings[**m]))
                .take(10)
                .map(|m| ctx.meeting_row(*m))
                .collect();
            (
                "territory.html",
                json!({
                    "title": t.title, "name": t.name, "body": ctx.body(&t.body),
                    "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone())]),
                    "kind": label(lang, &t.kind), "code": t.code, "region": t.region,
                    "municipalities": t.municipalities, "planning_since": t.planning_since,
                    "current_plan": plan,
                    "projects": t.projects.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>(),
                    "groups": t.groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
                    "upcoming": upcoming, "recent_meetings": recent,
                    "meeting_count": t.meetings.len(),
                    "document_kinds": kinds.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
                    "news": t.news.iter().map(|n| { let n = &site.news[*n]; json!({"title": n.title, "url": ctx.url(&n.path), "date": ctx.date(Some(n.date))}) }).collect::<Vec<_>>(),
                    "contacts": contacts, "history": history,
                    "urls": {
                        "groups": ctx.url(&format!("{}{}/", t.path, f.groups)),
                        "meetings": ctx.url(&format!("{}{}/", t.path, f.meetings)),
                        "documents": ctx.url(&format!("{}{}/", t.path, f.documents)),
                    },
                }),
            )
        }
        Job::Group(i) => {
            let g = &site.groups[*i];
            let t = &site.territories[g.territory];
            let members: Vec<Value> = {
                let mut m: Vec<&Member> = g.members.iter().collect();
                let coll = crate::czech::collate::Collator::new();
                m.sort_by(|a, b| {
                    coll.compare(
                        &crate::czech::collate::Collator::person_key(&a.name),
                        &crate::czech::collate::Collator::person_key(&b.name),
                    )
                });
                m.iter()
                    .map(|x| json!({ "name": x.name, "role": x.role, "organization": ctx.org_ref(&x.organization) }))
                    .collect()
            };
            (
                "group.html",
                json!({
                    "title": g.title, "short": g.short, "body": ctx.body(&g.body),
                    "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone()), (g.title.clone(), g.path.clone())]),
                    "kind": label(lang, &g.kind), "territory": ctx.territory_link(g.territory),
                    "target_groups": g.target_groups.iter().map(|x| ctx.target_group_link(*x)).collect::<Vec<_>>(),
                    "locality": g.locality, "active": g.active, "members": members,
                    "meetings": g.meetings.iter().map(|m| ctx.meeting_row(*m)).collect::<Vec<_>>(),
                    "documents": g.documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                }),
            )
        }
        Job::Meeting(i) => {
            let m = &site.meetings[*i];
            let t = &site.territories[m.territory];
            let mut crumbs = vec![(t.name.clone(), t.path.clone())];
            let (mut prev, mut next) = (Value::Null, Value::Null);
            if let Some(g) = m.group {
                let grp = &site.groups[g];
                crumbs.push((grp.title.clone(), grp.path.clone()));
                if let Some(pos) = grp.meetings.iter().position(|x| x == i) {
                    if pos > 0 {
                        prev = ctx.meeting_row(grp.meetings[pos - 1]);
                    }
                    if let Some(n) = grp.meetings.get(pos + 1) {
                        next = ctx.meeting_row(*n);
                    }
                }
            } else {
                crumbs.push((ctx.t("meetings"), format!("{}{}/", t.path, f.meetings)));
            }
            crumbs.push((m.title.clone(), m.path.clone()));
            let weekday = m
                .date
                .and_then(|d| d.to_civil())
                .filter(|_| lang == Lang::Cs)
                .map(crate::czech::date::weekday_cs);
            (
                "meeting.html",
                json!({
                    "title": m.title, "body": ctx.body(&m.body), "crumbs": ctx.crumbs(&crumbs),
                    "meeting": ctx.meeting_row(*i),
                    "date_long": m.date.map(|d| d.format_long(lang)), "weekday": weekday,
                    "place": m.place, "agenda": m.agenda,
                    "attachments": m.attachments.iter().map(|a| ctx.file(a)).collect::<Vec<_>>(),
                    "documents": m.documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                    "previous": prev, "next": next,
                }),
            )
        }
        Job::Document(i) => {
            let x = &site.documents[*i];
            let mut crumbs = Vec::new();
            if let Some(t) = x.territory {
                let t = &site.territories[t];
                crumbs.push((t.name.clone(), t.path.clone()));
                crumbs.push((ctx.t("documents"), format!("{}{}/", t.path, f.documents)));
            }
            crumbs.push((x.title.clone(), x.path.clone()));
            (
                "document.html",
                json!({
                    "title": x.title, "body": ctx.body(&x.body), "crumbs": ctx.crumbs(&crumbs),
                    "document": ctx.document_row(*i),
                    "status": if x.status.is_empty() { String::new() } else if x.status == "pracovni" { label(lang, "pracovni-verze") } else { label(lang, &x.status) },
                    "project": x.project.map(|p| ctx.link(&site.projects[p].title, &site.projects[p].path)),
                    "group": x.group.map(|g| ctx.group_link(g)),
                    "meeting": x.meeting.map(|m| ctx.link(&site.meetings[m].title, &site.meetings[m].path)),
                    "comments_until": ctx.date(x.comments_until),
                    "comments_to": x.comments_to,
                }),
            )
        }
        Job::Project(i) => {
            let p = &site.projects[*i];
            let mut crumbs = Vec::new();
            if let Some(t) = p.territory {
                let t = &site.territories[t];
                crumbs.push((t.name.clone(), t.path.clone()));
            } else {
                crumbs.push((ctx.t("projects"), format!("{}/", f.projects)));
            }
            crumbs.push((p.title.clone(), p.path.clone()));
            (
                "project.html",
                json!({
                    "title": p.title, "body": ctx.body(&p.body), "crumbs": ctx.crumbs(&crumbs),
                    "project": ctx.project_row(*i),
                    "programme": p.programme, "funding": p.funding,
                    "implementer": p.implementer.map(|o| ctx.org_ref(&Some(OrgRef::Known(o)))),
                    "partners": p.partners.iter().map(|o| ctx.org_ref(&Some(OrgRef::Known(*o)))).collect::<Vec<_>>(),
                    "budget": p.budget.map(crate::czech::size::format_czk),
                    "goals": p.goals, "activities": p.activities, "outputs": p.outputs,
                    "output_documents": p.output_documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                    "documents": p.documents.iter().filter(|d| !p.output_documents.contains(d)).map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                }),
            )
        }
        Job::Organisation(i) => {
            let o = &site.organisations[*i];
            let docs: Vec<Value> = {
                // Documents of the projects this organisation runs or partners in.
                let mut v: Vec<usize> = o
                    .projects
                    .iter()
                    .flat_map(|p| site.projects[*p].documents.iter().copied())
                    .collect();
                v.sort();
                v.dedup();
                v.into_iter().map(|d| ctx.document_row(d)).collect()
            };
            (
                "organisation.html",
                json!({
                    "title": o.title, "body": ctx.body(&o.body),
                    "crumbs": ctx.crumbs(&[(ctx.t("organisations"), format!("{}/", f.organisations)), (o.title.clone(), o.path.clone())]),
                    "kind": o.kind, "ico": o.ico, "web": o.web, "address": o.address,
                    "email": o.email, "phone": o.phone,
                    "projects": o.projects.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>(),
                    "groups": o.groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
                    "territories": o.territories.iter().map(|t| ctx.territory_link(*t)).collect::<Vec<_>>(),
                    "documents": docs,
                }),
            )
        }
        Job::News(i) => {
            let n = &site.news[*i];
            let t = &site.territories[n.territory];
            (
                "news.html",
                json!({
                    "title": n.title, "body": ctx.body(&n.body), "published": ctx.date(Some(n.date)),
                    "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone()), (n.title.clone(), n.path.clone())]),
                    "territory": ctx.territory_link(n.territory),
                }),
            )
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
            (
                "page.html",
                json!({ "title": p.title, "body": ctx.body(&p.body), "crumbs": ctx.crumbs(&[(p.title.clone(), p.path.clone())]) }),
            )
        }
        Job::Meetings {
            territory,
            year,
            page,
        } => {
            let all = meeting_list(ctx, *territory);
            let list: &[usize] = match year {
                Some(y) => ctx
                    .meetings_by_year()
                    .iter()
                    .find(|(x, _)| x == y)
                    .map(|(_, l)| l.as_slice())
                    .unwrap_or_default(),
                None => all,
            };
            let upcoming: Vec<Value> = if *page == 1 && year.is_none() {
                let mut u: Vec<usize> = list
                    .iter()
                    .copied()
                    .filter(|m| site.is_upcoming(&site.meetings[*m]))
                    .collect();
                u.sort_by_key(|m| (site.meetings[*m].date, site.meetings[*m].time));
                u.into_iter().map(|m| ctx.meeting_row(m)).collect()
            } else {
                Vec::new()
            };
            let prefix = territory
                .map(|t| site.territories[t].path.clone())
                .unwrap_or_default();
            let base = format!("{prefix}{}/", f.meetings);
            let path = match year {
                Some(y) => format!("{base}{}/", year_slug(*y)),
                None => base.clone(),
            };
            let total = pages_for(list.len());
            let start = (page - 1) * PER_PAGE;
            let slice = &list[start.min(list.len())..(start + PER_PAGE).min(list.len())];
            let rows: Vec<(Year, Value)> = slice
                .iter()
                .map(|m| (year_of(site.meetings[*m].date), ctx.meeting_row(*m)))
                .collect();
            let year_links: Vec<Value> = if territory.is_none() {
                ctx.meetings_by_year()
                    .iter()
                    .map(|(y, _)| json!({ "title": year_label(*y), "url": ctx.url(&format!("{base}{}/", year_slug(*y))), "current": Some(*y) == *year }))
                    .collect()
            } else {
                Vec::new()
            };
            let filters: Vec<Value> = site
                .territories
                .iter()
                .map(|t| json!({ "title": t.name, "url": ctx.url(&format!("{}{}/", t.path, f.meetings)), "current": territory.is_some_and(|x| site.territories[x].path == t.path) }))
                .collect();
            let mut crumbs = Vec::new();
            let mut title = ctx.t("meetings");
            if let Some(t) = territory {
                let t = &site.territories[*t];
                crumbs.push((t.name.clone(), t.path.clone()));
                title = format!("{} – {}", title, t.name);
            }
            crumbs.push((ctx.t("meetings"), base.clone()));
            if let Some(y) = year {
                let label = match y {
                    Year::Known(y) => y.to_string(),
                    Year::Undated => ctx.t("undated"),
                };
                title = format!("{title} – {label}");
                crumbs.push((label, path.clone()));
            }
            if *page > 1 {
                title = format!("{title} ({} {page})", ctx.t("page").to_lowercase());
            }
            (
                "meetings.html",
                json!({
                    "title": title, "crumbs": ctx.crumbs(&crumbs),
                    "upcoming": upcoming, "sections": by_year(rows),
                    "years": year_links, "filters": filters,
                    "all_url": ctx.url(&format!("{}/", f.meetings)),
                    "pager": pager(ctx, &path, *page, total), "count": all.len(),
                }),
            )
        }
        Job::Documents {
            territory,
            kind,
            page,
        } => {
            let entries = doc_entries(ctx, *territory, kind.as_deref());
            let prefix = territory
                .map(|t| site.territories[t].path.clone())
                .unwrap_or_default();
            let base = format!("{prefix}{}/", f.documents);
            let mut crumbs = Vec::new();
            let mut title = ctx.t("documents");
            if let Some(t) = territory {
                let t = &site.territories[*t];
                crumbs.push((t.name.clone(), t.path.clone()));
                title = format!("{title} – {}", t.name);
            }
            crumbs.push((ctx.t("documents"), base.clone()));
            let kinds_nav: Vec<Value> = if territory.is_none() {
                crate::resolve::DOCUMENT_KINDS
                    .iter()
                    .filter(|k| {
                        entries_any(site, k)
                    })
                    .map(|k| json!({ "title": kind_plural(lang, k), "url": ctx.url(&format!("{base}{k}/")), "current": kind.as_deref() == Some(*k) }))
                    .collect()
            } else {
                Vec::new()
            };
            match kind {
                Some(k) => {
                    let path = format!("{base}{k}/");
                    title = kind_plural(lang, k);
                    crumbs.push((title.clone(), path.clone()));
                    let total = pages_for(entries.len());
                    let rows: Vec<(Year, Value)> = entries
                        .iter()
                        .skip((page - 1) * PER_PAGE)
                        .take(PER_PAGE)
                        .map(|e| (year_of(entry_date(site, *e)), entry_row(ctx, *e)))
                        .collect();
                    if *page > 1 {
                        title = format!("{title} ({} {page})", ctx.t("page").to_lowercase());
                    }
                    (
                        "documents.html",
                        json!({
                            "title": title, "crumbs": ctx.crumbs(&crumbs), "kinds": kinds_nav,
                            "sections": [{ "kind": null, "years": by_year(rows), "more": null }],
                            "pager": pager(ctx, &path, *page, total),
                        }),
                    )
                }
                None => {
                    // Each kind with its newest rows; the full list is on the kind's page.
                    let mut sections = Vec::new();
                    for k in crate::resolve::DOCUMENT_KINDS {
                        let of_kind: Vec<DocEntry> = entries
                            .iter()
                            .copied()
                            .filter(|e| match e {
                                DocEntry::Doc(i) => site.documents[*i].kind == *k,
                                DocEntry::Minutes(_) => *k == "zapis",
                            })
                            .collect();
                        if of_kind.is_empty() {
                            continue;
                        }
                        let limit = if territory.is_some() { PER_PAGE } else { 20 };
                        let rows: Vec<(Year, Value)> = of_kind
                            .iter()
                            .take(limit)
                            .map(|e| (year_of(entry_date(site, *e)), entry_row(ctx, *e)))
                            .collect();
                        let more = (of_kind.len() > limit).then(|| {
                            json!({ "url": ctx.url(&format!("{}/{k}/", f.documents)), "count": of_kind.len() })
                        });
                        sections.push(json!({ "kind": kind_plural(lang, k), "slug": k, "years": by_year(rows), "more": more }));
                    }
                    (
                        "documents.html",
                        json!({ "title": title, "crumbs": ctx.crumbs(&crumbs), "kinds": kinds_nav, "sections": sections, "pager": null }),
                    )
                }
            }
        }
        Job::Groups(territory) => {
            let list: Vec<usize> = match territory {
                Some(t) => site.territories[*t].groups.clone(),
                None => site
                    .territories
                    .iter()
                    .flat_map(|t| t.groups.iter().copied())
                    .collect(),
            };
            let mut sections = Vec::new();
            for k in crate::resolve::GROUP_KINDS {
                let of_kind: Vec<usize> = list
                    .iter()
                    .copied()
                    .filter(|g| site.groups[*g].kind == *k)
                    .collect();
                if of_kind.is_empty() {
                    continue;
                }
                // Then by target group: groups of each target group, and those of none.
                let mut subs = Vec::new();
                for (ti, tg) in site.config.target_groups.iter().enumerate() {
                    let rows: Vec<Value> = of_kind
                        .iter()
                        .filter(|g| site.groups[**g].target_groups.first() == Some(&ti))
                        .map(|g| ctx.group_row(*g))
                        .collect();
                    if !rows.is_empty() {
                        subs.push(json!({ "title": tg.name, "items": rows }));
                    }
                }
                let rest: Vec<Value> = of_kind
                    .iter()
                    .filter(|g| site.groups[**g].target_groups.is_empty())
                    .map(|g| ctx.group_row(*g))
                    .collect();
                if !rest.is_empty() {
                    subs.push(json!({ "title": null, "items": rest }));
                }
                sections.push(json!({ "kind": kind_plural(lang, k), "subs": subs }));
            }
            let mut crumbs = Vec::new();
            let mut title = ctx.t("groups");
            if let Some(t) = territory {
                let t = &site.territories[*t];
                crumbs.push((t.name.clone(), t.path.clone()));
                crumbs.push((title.clone(), format!("{}{}/", t.path, f.groups)));
                title = format!("{title} – {}", t.name);
            } else {
                crumbs.push((title.clone(), format!("{}/", f.groups)));
            }
            (
                "groups.html",
                json!({ "title": title, "crumbs": ctx.crumbs(&crumbs), "sections": sections, "show_territory": territory.is_none() }),
            )
        }
        Job::TargetGroups => {
            let items: Vec<Value> = (0..site.config.target_groups.len())
                .map(|i| {
                    let mut l = ctx.target_group_link(i);
                    l["count"] = json!(
                        site.groups
                            .iter()
                            .filter(|g| g.target_groups.contains(&i))
                            .count()
                    );
                    l
                })
                .collect();
            (
                "target_groups.html",
                json!({ "title": ctx.t("target_groups"), "crumbs": ctx.crumbs(&[(ctx.t("target_groups"), format!("{}/", f.target_groups))]), "items": items }),
            )
        }
        Job::TargetGroup(i) => {
            let tg = &site.config.target_groups[*i];
            let groups: Vec<usize> = site
                .territories
                .iter()
                .flat_map(|t| t.groups.iter().copied())
                .filter(|g| site.groups[*g].target_groups.contains(i))
                .collect();
            let mut meetings: Vec<usize> = groups
                .iter()
                .flat_map(|g| site.groups[*g].meetings.iter().copied())
                .collect();
            meetings.sort_by(|a, b| {
                let (x, y) = (&site.meetings[*a], &site.meetings[*b]);
                match (x.date, y.date) {
                    (Some(p), Some(q)) => q.cmp(&p),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| x.path.cmp(&y.path))
            });
            let meeting_count = meetings.len();
            let mut docs: Vec<usize> = groups
                .iter()
                .flat_map(|g| site.groups[*g].documents.iter().copied())
                .collect();
            docs.sort();
            docs.dedup();
            (
                "target_group.html",
                json!({
                    "title": tg.name,
                    "crumbs": ctx.crumbs(&[(ctx.t("target_groups"), format!("{}/", f.target_groups)), (tg.name.clone(), format!("{}/{}/", f.target_groups, tg.slug))]),
                    "groups": groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
                    "meetings": meetings.into_iter().take(PER_PAGE).map(|m| ctx.meeting_row(m)).collect::<Vec<_>>(),
                    "meeting_count": meeting_count,
                    "documents": docs.into_iter().map(|d| ctx.document_row(d)).collect::<Vec<_>>(),
                }),
            )
        }
        Job::Projects => {
            let mut list: Vec<usize> = (0..site.projects.len()).collect();
            list.sort_by(|a, b| {
                let (x, y) = (&site.projects[*a], &site.projects[*b]);
                y.start.cmp(&x.start).then_with(|| x.path.cmp(&y.path))
            });
            (
                "projects.html",
                json!({ "title": ctx.t("projects"), "crumbs": ctx.crumbs(&[(ctx.t("projects"), format!("{}/", f.projects))]), "items": list.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>() }),
            )
        }
        Job::Organisations => {
            let coll = crate::czech::collate::Collator::new();
            let mut list: Vec<usize> = (0..site.organisations.len()).collect();
            list.sort_by(|a, b| {
                coll.compare(&site.organisations[*a].title, &site.organisations[*b].title)
                    .then_with(|| a.cmp(b))
            });
            let items: Vec<Value> = list
                .iter()
                .map(|o| {
                    let o = &site.organisations[*o];
                    json!({ "title": o.title, "url": ctx.url(&o.path), "kind": o.kind, "project_count": o.projects.len(), "group_count": o.groups.len() })
                })
                .collect();
            (
                "organisations.html",
                json!({ "title": ctx.t("organisations"), "crumbs": ctx.crumbs(&[(ctx.t("organisations"), format!("{}/", f.organisations))]), "items": items }),
            )
        }
        Job::Accessibility => {
            let a = site.config.accessibility.as_ref();
            let path = a.map(|a| a.path.clone()).unwrap_or_default();
            (
                "accessibility.html",
                json!({
                    "title": ctx.t("accessibility"),
                    "crumbs": ctx.crumbs(&[(ctx.t("accessibility"), path)]),
                    "statement": a.map(|a| crate::accessibility::view(a, &site.config.base_url, lang)),
                }),
            )
        }
        Job::NotFound => (
            "404.html",
            json!({ "title": ctx.t("not_found"), "crumbs": [] }),
        ),
        Job::Sitemap => ("sitemap.xml", json!({ "title": "", "urls": Value::Null })),
        Job::Robots => (
            "robots.txt",
            json!({ "title": "", "sitemap": format!("{}sitemap.xml", site.config.base_url) }),
        ),
    }
}

fn entries_any(site: &Site, kind: &str) -> bool {
    if kind == "zapis" && site.meetings.iter().any(|m| m.minutes.is_some()) {
        return true;
    }
    site.documents.iter().any(|d| d.kind == kind)
}

/// Render every page and copy every file into `sink`. Returns the number of pages written.
pub fn render(site: &Site, templates: &Templates, sink: &dyn Sink) -> Result<usize, RenderError> {
    let pages = render_where(site, templates, sink, &|_, _| true)?;
    copy_attachments(site, sink)?;
    Ok(pages)
}

/// Render only the jobs `keep` selects (the preview server re-renders what an edit affects).
/// Returns the number of HTML pages written.
pub fn render_where(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    keep: &(dyn Fn(&str, &Job) -> bool + Sync),
) -> Result<usize, RenderError> {
    let ctx = RenderCtx::new(site, false);
    render_kept(&ctx, templates, sink, keep)
}

/// [`render_where`] with the site-wide meeting order already known (the preview server has
/// it after an edit).
pub fn render_where_sorted(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    keep: &(dyn Fn(&str, &Job) -> bool + Sync),
    meetings_sorted: Vec<usize>,
) -> Result<usize, RenderError> {
    let ctx = RenderCtx::new(site, false);
    let _ = ctx.meetings_sorted.set(meetings_sorted);
    render_kept(&ctx, templates, sink, keep)
}

fn render_kept(
    ctx: &RenderCtx,
    templates: &Templates,
    sink: &dyn Sink,
    keep: &(dyn Fn(&str, &Job) -> bool + Sync),
) -> Result<usize, RenderError> {
    let jobs = jobs(ctx);
    let selected: Vec<&(String, Job)> = jobs.iter().filter(|(p, j)| keep(p, j)).collect();
    render_selected(ctx, templates, sink, &selected, &jobs)
}

/// Render exactly these jobs, e.g. the page of one edited meeting ([`page_job`]): nothing else
/// of the site is listed or sorted unless one of them needs it.
pub fn render_jobs(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    selected: &[(String, Job)],
) -> Result<usize, RenderError> {
    let ctx = RenderCtx::new(site, false);
    let all = if selected.iter().any(|(_, j)| matches!(j, Job::Sitemap)) {
        jobs(&ctx)
    } else {
        Vec::new()
    };
    let selected: Vec<&(String, Job)> = selected.iter().collect();
    render_selected(&ctx, templates, sink, &selected, &all)
}

/// The output file and job of a meeting's page.
pub fn meeting_job(site: &Site, i: usize) -> (String, Job) {
    (page_file(&site.meetings[i].path), Job::Meeting(i))
}

/// The file of the page at site path `path` (`tabor/` → `tabor/index.html`).
fn page_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Render `selected`; `all` is every job of the site, which the sitemap lists.
fn render_selected(
    ctx: &RenderCtx,
    templates: &Templates,
    sink: &dyn Sink,
    selected: &[&(String, Job)],
    all: &[(String, Job)],
) -> Result<usize, RenderError> {
    let site = ctx.site;
    let sitemap_urls = || -> Vec<String> {
        all.iter()
            .filter(|(p, _)| p.ends_with("index.html"))
            .map(|(p, _)| {
                format!(
                    "{}{}",
                    site.config.base_url,
                    p.trim_end_matches("index.html")
                )
            })
            .collect()
    };
    selected.par_iter().try_for_each(|(path, job)| {
        if let Job::Sitemap = job {
            return write_sitemaps(
                &site.config.base_url,
                templates,
                sink,
                &sitemap_urls(),
                SITEMAP_LIMIT,
            );
        }
        let (template, value) = view(ctx, job);
        let html = templates
            .render(template, &value)
            .map_err(|e| RenderError::Template {
                template: template.to_string(),
                path: path.clone(),
                message: e,
            })?;
        sink.write(path, html.as_bytes())
            .map_err(|source| RenderError::Io {
                path: path.clone(),
                source,
            })
    })?;
    Ok(selected
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count())
}

/// URLs one sitemap file may list (the sitemap protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// `sitemap.xml` with every URL, or, past `limit` URLs, `sitemap-1.xml`, `sitemap-2.xml`, …
/// and `sitemap.xml` as their index.
fn write_sitemaps(
    base_url: &str,
    templates: &Templates,
    sink: &dyn Sink,
    urls: &[String],
    limit: usize,
) -> Result<(), RenderError> {
    let render = |template: &str, path: &str, value: Value| -> Result<(), RenderError> {
        let xml = templates
            .render(template, &value)
            .map_err(|e| RenderError::Template {
                template: template.to_string(),
                path: path.to_string(),
                message: e,
            })?;
        sink.write(path, xml.as_bytes())
            .map_err(|source| RenderError::Io {
                path: path.to_string(),
                source,
            })
    };
    if urls.len() <= limit {
        return render(
            "sitemap.xml",
            "sitemap.xml",
            json!({ "title": "", "urls": urls }),
        );
    }
    let mut parts = Vec::new();
    for (i, chunk) in urls.chunks(limit.max(1)).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        render("sitemap.xml", &path, json!({ "title": "", "urls": chunk }))?;
        parts.push(format!("{base_url}{path}"));
    }
    render(
        "sitemap_index.xml",
        "sitemap.xml",
        json!({ "title": "", "sitemaps": parts }),
    )
}

/// A fingerprint of every page's view, by output path, with bodies as fingerprints of their
/// source: two sites give a page the same fingerprint exactly when its output would be the same
/// (for the same templates and `globals`). The preview server renders only the pages whose
/// fingerprint changed after an edit; this costs the views, not the templates or the HTML.
pub fn fingerprints(site: &Site) -> std::collections::HashMap<String, u64> {
    let ctx = RenderCtx::new(site, true);
    let jobs = jobs(&ctx);
    jobs.par_iter()
        .filter(|(_, job)| !matches!(job, Job::Sitemap))
        .map(|(path, job)| {
            use std::hash::{Hash, Hasher};
            let (template, value) = view(&ctx, job);
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (template, value.to_string()).hash(&mut h);
            (path.clone(), h.finish())
        })
        .collect()
}

/// Copy every attached file (minutes, attachments, document files) beside its page.
pub fn copy_attachments(site: &Site, sink: &dyn Sink) -> Result<(), RenderError> {
    let files: Vec<&Attachment> = site
        .meetings
        .iter()
        .flat_map(|m| m.minutes.iter().chain(m.attachments.iter()))
        .chain(site.documents.iter().filter_map(|d| d.file.as_ref()))
        .collect();
    files.par_iter().try_for_each(|a| {
        sink.copy(std::path::Path::new(&a.source), &a.path)
            .map_err(|source| RenderError::Io {
                path: a.path.clone(),
                source,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Memory(Mutex<BTreeMap<String, String>>);

    impl Sink for Memory {
        fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            self.0
                .lock()
                .unwrap()
                .insert(path.into(), String::from_utf8_lossy(bytes).into());
            Ok(())
        }
        fn copy(&self, _: &std::path::Path, _: &str) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn sitemaps_split_past_the_limit_with_an_index() {
        let t = Templates::new(&BTreeMap::new(), json!({})).unwrap();
        let urls: Vec<String> = (1..=5).map(|i| format!("https://e.org/p{i}/")).collect();
        let one = Memory::default();
        write_sitemaps("https://e.org/", &t, &one, &urls, 5).unwrap();
        let one = one.0.into_inner().unwrap();
        assert_eq!(one.keys().collect::<Vec<_>>(), ["sitemap.xml"]);
        assert_eq!(one["sitemap.xml"].matches("<url>").count(), 5);
        let split = Memory::default();
        write_sitemaps("https://e.org/", &t, &split, &urls, 2).unwrap();
        let split = split.0.into_inner().unwrap();
        assert_eq!(
            split.keys().collect::<Vec<_>>(),
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert_eq!(split["sitemap-3.xml"].matches("<url>").count(), 1);
        assert!(split["sitemap.xml"].contains("<sitemapindex"));
        assert!(split["sitemap.xml"].contains("<loc>https://e.org/sitemap-2.xml</loc>"));
        for xml in split.values() {
            assert!(xml.starts_with("<?xml"), "{xml}");
        }
    }
}
