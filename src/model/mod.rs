//! The validated, cross-linked site: what `resolve` produces and `render` reads.
//! Invariant: every reference is an index into the site's own vectors (never a dangling
//! slug), every list of back-links is already sorted the way visitors expect, and bodies
//! stay Markdown (`Body`) until a page is written. The meeting orders live here, once. Nothing here does I/O or serializes; views do that.

use std::sync::Arc;

mod digest;
pub mod labels;
pub mod plan;
pub mod reads;
pub mod service;
pub mod vocab;

pub use plan::{Activity, ActivityId, Plan, PlanId, ServiceId};
pub use service::Service;
pub use vocab::{DocumentKind, DocumentStatus, GroupKind, MeetingKind, TerritoryKind, Vocab};

use crate::czech::date::PartialDate;
use crate::source::config::Config;

pub type TerritoryId = usize;
pub type GroupId = usize;
pub type MeetingId = usize;
pub type DocumentId = usize;
pub type ProjectId = usize;
pub type OrganisationId = usize;

/// Where an `organization` field points: a known organisation, or free text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OrgRef {
    Known(OrganisationId),
    Text(String),
}

/// A file published with a meeting or a document, copied beside its page.
#[derive(Clone, Debug, Hash)]
pub struct Attachment {
    /// File name as written by the editor (`rs-01-zapis.pdf`).
    pub name: String,
    /// Site path of the copied file (`jindrichuv-hradec/jednani/rs-01/rs-01-zapis.pdf`).
    pub path: String,
    /// Root-relative path of the source (`content/jindrichuv-hradec/jednani/rs-01-zapis.pdf`).
    pub source: String,
    pub size: u64,
    /// Upper-case format (`PDF`), empty when the name has no extension.
    pub format: String,
}

#[derive(Clone, Debug, Hash)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub organization: Option<OrgRef>,
    pub email: String,
    pub phone: String,
    pub address: String,
}

#[derive(Clone, Debug, Hash)]
pub struct HistoryEntry {
    pub period: String,
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, Hash)]
pub struct Territory {
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    pub name: String,
    /// `None` when not written.
    pub kind: Option<TerritoryKind>,
    pub code: String,
    pub region: String,
    pub municipalities: Vec<String>,
    pub planning_since: Option<i64>,
    pub contacts: Vec<Contact>,
    pub history: Vec<HistoryEntry>,
    pub body: Body,
    pub groups: Vec<GroupId>,
    pub meetings: Vec<MeetingId>,
    pub documents: Vec<DocumentId>,
    pub projects: Vec<ProjectId>,
    pub news: Vec<usize>,
    /// The territory's plans, newest period first.
    pub plans: Vec<PlanId>,
    /// Services whose `territories` name this one.
    pub services: Vec<ServiceId>,
}

#[derive(Clone, Debug, Hash)]
pub struct Member {
    pub name: String,
    pub role: String,
    pub organization: Option<OrgRef>,
}

#[derive(Clone, Debug, Hash)]
pub struct Group {
    pub territory: TerritoryId,
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    pub short: String,
    /// The group as generated meeting titles name it: `short` as written (abbreviations do
    /// not decline), else `title_genitive`, else the title in the genitive by rule
    /// (`czech::genitive`), else the title as written (with a warning).
    pub genitive: String,
    /// `None` when not written (listed last).
    pub kind: Option<GroupKind>,
    pub target_groups: Vec<usize>,
    pub locality: String,
    pub active: String,
    pub members: Vec<Member>,
    pub body: Body,
    /// In the group's own order: numbered by number, then by date; undated last.
    pub meetings: Vec<MeetingId>,
    pub documents: Vec<DocumentId>,
    /// Activities whose `groups` name this one, by plan then code.
    pub activities: Vec<ActivityId>,
}

#[derive(Clone, Debug, Hash)]
pub struct Meeting {
    pub territory: TerritoryId,
    pub slug: String,
    pub path: String,
    pub source: String,
    pub group: Option<GroupId>,
    pub date: Option<PartialDate>,
    pub time: Option<(u8, u8)>,
    pub number: Option<u32>,
    /// Written or derived ("3. jednání PS Děti").
    pub title: String,
    pub kind: MeetingKind,
    pub place: String,
    pub agenda: Vec<String>,
    pub minutes: Option<Attachment>,
    /// "Zápis ze 3. jednání PS Děti", set when there are minutes.
    pub minutes_title: String,
    pub attachments: Vec<Attachment>,
    pub documents: Vec<DocumentId>,
    pub body: Body,
}

#[derive(Clone, Debug, Hash)]
pub struct Document {
    pub territory: Option<TerritoryId>,
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    /// `None` when not written (in no kind's list).
    pub kind: Option<DocumentKind>,
    pub file: Option<Attachment>,
    pub url: Option<String>,
    pub published: Option<PartialDate>,
    pub period: String,
    pub project: Option<ProjectId>,
    pub group: Option<GroupId>,
    pub meeting: Option<MeetingId>,
    pub draft: bool,
    pub comments_until: Option<PartialDate>,
    pub comments_to: String,
    pub status: Option<DocumentStatus>,
    pub body: Body,
}

#[derive(Clone, Debug, Hash)]
pub struct Project {
    /// `None` for a region-wide project in `content/projekty/`.
    pub territory: Option<TerritoryId>,
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    pub registration: String,
    pub programme: String,
    pub funding: Vec<String>,
    pub implementer: Option<OrganisationId>,
    pub partners: Vec<OrganisationId>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub budget: Option<i64>,
    pub territories: Vec<TerritoryId>,
    pub goals: Vec<String>,
    pub activities: Vec<String>,
    pub outputs: Vec<String>,
    pub output_documents: Vec<DocumentId>,
    pub body: Body,
    /// Documents whose `project` names this one.
    pub documents: Vec<DocumentId>,
}

#[derive(Clone, Debug, Hash)]
pub struct Organisation {
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    pub kind: String,
    pub ico: String,
    pub web: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub body: Body,
    pub projects: Vec<ProjectId>,
    pub groups: Vec<GroupId>,
    pub territories: Vec<TerritoryId>,
    /// Services this organisation provides.
    pub services: Vec<ServiceId>,
    /// Activities whose `organisations` name this one, by plan then code.
    pub activities: Vec<ActivityId>,
}

#[derive(Clone, Debug, Hash)]
pub struct News {
    pub territory: TerritoryId,
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    pub date: PartialDate,
    pub body: Body,
}

#[derive(Clone, Debug, Hash)]
pub struct Page {
    pub path: String,
    pub source: String,
    pub title: String,
    pub weight: i64,
    pub menu: bool,
    pub body: Body,
}

/// A Markdown body, kept as its source: it becomes HTML only when its page is written.
/// Hashed without its text ([`Site::digest`]); read through `markdown` or `digest`, which
/// note the read for `reads`.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// The whole file's text (left on disk in `kpss build` of a large site: `source::text`).
    /// Rendering reads it only through `markdown` and `digest`, which note the read
    /// (`reads`): a view that read it otherwise would keep a stale fingerprint.
    pub text: crate::source::text::Text,
    /// Where the body starts (past the front matter).
    pub start: usize,
    /// Root-relative path of the file (`content/jh/jednani/rs-01.md`), for relative links.
    pub file: Arc<str>,
}

impl Body {
    /// The Markdown past the front matter (read again when the text was left on disk).
    pub fn markdown(&self) -> crate::source::text::TextRef<'_> {
        reads::note(&self.file);
        self.text.get().from(self.start)
    }

    /// The digest of the whole text (`Text::digest`), without reading a text left on disk.
    pub fn digest(&self) -> u64 {
        reads::note(&self.file);
        self.text.digest()
    }
}

/// Where the body is and where it starts, not what it says (the site's digest leaves texts
/// to the pages' records of what they read).
impl std::hash::Hash for Body {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.file.hash(state);
        self.start.hash(state);
    }
}

/// Where links of bodies lead: `.md` files to site paths, attached files to their copies.
#[derive(Clone, Debug, Default)]
pub struct LinkMap {
    pub pages: crate::fast::HashMap<String, String>,
    pub files: crate::fast::HashMap<String, String>,
}

/// In the order of the keys, whatever the maps' order.
impl std::hash::Hash for LinkMap {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        sorted(&self.pages).hash(state);
        sorted(&self.files).hash(state);
    }
}

fn sorted<K: Ord, V>(m: &crate::fast::HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut v: Vec<(&K, &V)> = m.iter().collect();
    v.sort_unstable_by(|a, b| a.0.cmp(b.0));
    v
}

#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    pub build_date: jiff::civil::Date,
    pub home: Page,
    pub territories: Vec<Territory>,
    pub groups: Vec<Group>,
    pub meetings: Vec<Meeting>,
    pub documents: Vec<Document>,
    pub projects: Vec<Project>,
    pub organisations: Vec<Organisation>,
    pub news: Vec<News>,
    pub pages: Vec<Page>,
    /// The territories' plans (`content/<territory>/plany/<plan>/_index.md`).
    pub plans: Vec<Plan>,
    /// Every plan's activities.
    pub activities: Vec<Activity>,
    /// The catalogue (`content/sluzby/`).
    pub services: Vec<Service>,
    pub links: LinkMap,
    /// `[build] git_dates`: root-relative source path → the day it last changed (history and
    /// working tree, read at the edge by `source::git`; empty without git dates).
    pub source_dates: Arc<crate::fast::HashMap<String, jiff::civil::Date>>,
}

impl Site {
    /// A site with nothing in it but a minimal config, built on `date` (tests fill in what they
    /// need: `Site { meetings, ..Site::empty_for_tests("2026-12-01") }`).
    #[cfg(test)]
    pub(crate) fn empty_for_tests(date: &str) -> Site {
        let text: Arc<str> = "title = \"T\"\nbase_url = \"https://example.org/\"\n".into();
        let config = crate::source::config::read(&text, &mut Default::default()).expect("config");
        Site {
            config,
            build_date: date.parse().expect("a date"),
            home: Page {
                path: String::new(),
                source: String::new(),
                title: String::new(),
                weight: 0,
                menu: false,
                body: Default::default(),
            },
            territories: Vec::new(),
            groups: Vec::new(),
            meetings: Vec::new(),
            documents: Vec::new(),
            projects: Vec::new(),
            organisations: Vec::new(),
            news: Vec::new(),
            pages: Vec::new(),
            plans: Vec::new(),
            activities: Vec::new(),
            services: Vec::new(),
            links: Default::default(),
            source_dates: Default::default(),
        }
    }

    /// A clone, its meetings and its link map cloned beside the rest (rayon): a warm build
    /// after a date edit clones the whole site to patch it back (`resolve::site_before`),
    /// 46–49 ms on one core at 100,000 meetings. Every field is named: a new one does not
    /// compile until it is cloned here too.
    pub fn clone_in_parallel(&self) -> Site {
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
        use rayon::prelude::*;
        let (meetings, (links, documents)) = rayon::join(
            || meetings.par_iter().cloned().collect(),
            || rayon::join(|| links.clone(), || documents.clone()),
        );
        Site {
            config: config.clone(),
            build_date: *build_date,
            home: home.clone(),
            territories: territories.clone(),
            groups: groups.clone(),
            meetings,
            documents,
            projects: projects.clone(),
            organisations: organisations.clone(),
            news: news.clone(),
            pages: pages.clone(),
            plans: plans.clone(),
            activities: activities.clone(),
            services: services.clone(),
            links,
            source_dates: source_dates.clone(),
        }
    }

    /// True when a meeting lies on or after the build date (day precision only).
    pub fn is_upcoming(&self, m: &Meeting) -> bool {
        m.date
            .and_then(|d| d.to_civil())
            .is_some_and(|d| d >= self.build_date)
    }

    /// A draft under consultation whose deadline has not passed at the build date.
    pub fn is_open_consultation(&self, d: &Document) -> bool {
        d.draft
            && match d.comments_until {
                None => true,
                Some(until) => self.not_past(until),
            }
    }

    /// True while a deadline has not passed at the build date; a deadline known to the month
    /// or year lasts to the end of that period.
    pub fn not_past(&self, until: PartialDate) -> bool {
        let b = self.build_date;
        let today = PartialDate {
            year: b.year(),
            month: Some(b.month() as u8),
            day: Some(b.day() as u8),
        };
        match (until.month, until.day) {
            (Some(_), Some(_)) => until >= today,
            (Some(m), None) => (until.year, m) >= (today.year, b.month() as u8),
            _ => until.year >= today.year,
        }
    }
}

/// The order of dated items (meetings, documents, news): newest first; undated last; ties by
/// path so the order is total and stable. Every list of meetings by date uses it (resolve for
/// the territories' lists, render for the site-wide list and its repair after an edit).
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
pub fn meetings_newest_first(
    meetings: &[Meeting],
    a: MeetingId,
    b: MeetingId,
) -> std::cmp::Ordering {
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
