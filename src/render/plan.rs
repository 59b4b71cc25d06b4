//! The page plan: which files the site has ([`Job`]), listed cheaply from the site, one
//! function per kind of page. Must not build views (that is `views/`) nor sort lists beyond
//! counting their pages; the order of the plan is the order of the sitemap.

use super::context::RenderCtx;
use super::lists::{Year, doc_entries, page_path, pages_for, year_of, year_slug};
use crate::model::*;

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
        kind: Option<DocumentKind>,
        page: usize,
    },
    Groups(Option<usize>),
    TargetGroups,
    TargetGroup(usize),
    Projects,
    Organisations,
    /// A service's page (`/sluzby/<service>/`).
    Service(usize),
    /// A page of the catalogue: the whole of it, or one static filter of it.
    Services(ServiceList),
    /// A plan of a territory (`<území>/plany/<plán>/`).
    Plan(usize),
    /// An activity of a plan.
    Activity(usize),
    /// A plan's view of one year (akční plán / plnění): `<území>/plany/<plán>/<rok>/`.
    PlanYear {
        plan: usize,
        year: i16,
    },
    /// The list of plans: a territory's (`<území>/plany/`) or every territory's (`plany/`).
    Plans(Option<usize>),
    /// The accessibility statement (`[accessibility]` of config.toml).
    Accessibility,
    /// The search page (`[search] enabled`).
    Search,
    NotFound,
    Sitemap,
    Robots,
    /// A feed, calendar or data file (`outputs`).
    Output(super::outputs::Output),
}

/// Which services a catalogue page lists (see [`super::views`] `catalogue`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceList {
    /// `/sluzby/`: every service, with the in-place filter.
    All,
    /// `/sluzby/druh/<slug>/`: one kind (index into `law::all_kinds()`).
    Kind(usize),
    /// `/sluzby/forma/<form>/`: one form (index into `SERVICE_FORMS`).
    Form(usize),
    /// `/<territory>/sluzby/`: the services provided in a territory.
    Territory(usize),
    /// `/sluzby/tisk/`: the whole catalogue as one printable booklet.
    Booklet,
}

/// What of the meetings a page shows. The preview re-renders a page after a meeting edit by
/// this answer alone ([`super::affected`]), so every kind of page must give one: the match in
/// [`Job::meetings_shown`] has no catch-all arm, and a new kind of page does not compile until
/// someone decides what it shows.
#[derive(Clone, Copy, Debug)]
pub enum MeetingsShown {
    /// No meeting data at all (only URLs that a meeting edit on the patch paths never changes).
    Nothing,
    /// One meeting's page (with its neighbours in its group).
    Meeting(usize),
    /// A group's page: its meetings.
    Group(usize),
    /// A territory's page: its recent and upcoming meetings, counts.
    Territory(usize),
    /// A document's page: the meeting it is the minutes of.
    Document(usize),
    /// One page of a paginated meeting list.
    MeetingList {
        territory: Option<usize>,
        year: Option<Year>,
        page: usize,
    },
    /// One page of a document list (minutes of meetings are documents there).
    DocumentList {
        territory: Option<usize>,
        kind: Option<DocumentKind>,
        page: usize,
    },
    /// The group index of a territory (or of the site): meeting counts per group.
    GroupIndex(Option<usize>),
    /// A target group's page: its groups with their meetings.
    TargetGroup(usize),
    /// An organisation's page: its groups with their meetings.
    Organisation(usize),
    /// Something of every meeting (the home page: upcoming and recent).
    Every,
}

impl Job {
    /// What of the meetings this page shows (see [`MeetingsShown`]).
    pub fn meetings_shown(&self) -> MeetingsShown {
        use MeetingsShown as S;
        match self {
            Job::Home => S::Every,
            Job::Territory(t) => S::Territory(*t),
            Job::Group(g) => S::Group(*g),
            Job::Meeting(m) => S::Meeting(*m),
            Job::Document(d) => S::Document(*d),
            Job::Meetings {
                territory,
                year,
                page,
            } => S::MeetingList {
                territory: *territory,
                year: *year,
                page: *page,
            },
            Job::Documents {
                territory,
                kind,
                page,
            } => S::DocumentList {
                territory: *territory,
                kind: *kind,
                page: *page,
            },
            Job::Groups(t) => S::GroupIndex(*t),
            Job::TargetGroup(t) => S::TargetGroup(*t),
            Job::Organisation(o) => S::Organisation(*o),
            Job::Output(o) => o.meetings_shown(),
            Job::Project(_)
            | Job::News(_)
            | Job::Page(_)
            | Job::TargetGroups
            | Job::Projects
            | Job::Organisations
            | Job::Service(_)
            | Job::Services(_)
            | Job::Plan(_)
            | Job::Activity(_)
            | Job::PlanYear { .. }
            | Job::Plans(_)
            | Job::Accessibility
            | Job::Search
            | Job::NotFound
            | Job::Sitemap
            | Job::Robots => S::Nothing,
        }
    }
}

/// Every job of the site, in the order the sitemap lists them.
pub(super) fn jobs(ctx: &RenderCtx) -> Vec<(String, Job)> {
    let site = ctx.site;
    let mut jobs: Vec<(String, Job)> = vec![
        ("index.html".into(), Job::Home),
        ("404.html".into(), Job::NotFound),
        (super::sitemap::SITEMAP.into(), Job::Sitemap),
        ("robots.txt".into(), Job::Robots),
    ];
    territory_jobs(site, &mut jobs);
    item_jobs(site.groups.iter().map(|x| &x.path), Job::Group, &mut jobs);
    item_jobs(
        site.meetings.iter().map(|x| &x.path),
        Job::Meeting,
        &mut jobs,
    );
    item_jobs(
        site.documents.iter().map(|x| &x.path),
        Job::Document,
        &mut jobs,
    );
    item_jobs(
        site.projects.iter().map(|x| &x.path),
        Job::Project,
        &mut jobs,
    );
    item_jobs(
        site.organisations.iter().map(|x| &x.path),
        Job::Organisation,
        &mut jobs,
    );
    item_jobs(site.news.iter().map(|x| &x.path), Job::News, &mut jobs);
    item_jobs(site.pages.iter().map(|x| &x.path), Job::Page, &mut jobs);
    catalogue_jobs(site, &mut jobs);
    plan_jobs(site, &mut jobs);
    if let Some(a) = &site.config.accessibility {
        jobs.push((page_file(&a.path), Job::Accessibility));
    }
    if site.config.search {
        jobs.push((page_file(super::views::SEARCH_PATH), Job::Search));
    }
    index_jobs(site, &mut jobs);
    // Meeting and document lists, for the whole site and per territory, with their pages.
    meeting_list_jobs(site, None, "", &mut jobs);
    document_list_jobs(ctx, None, "", &mut jobs);
    for (i, t) in site.territories.iter().enumerate() {
        meeting_list_jobs(site, Some(i), &t.path, &mut jobs);
        document_list_jobs(ctx, Some(i), &t.path, &mut jobs);
    }
    super::outputs::jobs(site, &mut jobs);
    jobs
}

/// Each territory's page and its list of groups.
fn territory_jobs(site: &Site, jobs: &mut Vec<(String, Job)>) {
    let f = &site.config.folders;
    for (i, x) in site.territories.iter().enumerate() {
        jobs.push((page_file(&x.path), Job::Territory(i)));
        jobs.push((
            page_file(&format!("{}{}/", x.path, f.groups)),
            Job::Groups(Some(i)),
        ));
    }
}

/// Each plan's page and its pages by year, each activity's page, each territory's list of
/// plans (when it has any) and the site-wide list.
fn plan_jobs(site: &Site, jobs: &mut Vec<(String, Job)>) {
    let f = &site.config.folders;
    if !site.plans.is_empty() {
        jobs.push((page_file(&format!("{}/", f.plans)), Job::Plans(None)));
    }
    for (i, t) in site.territories.iter().enumerate() {
        if !t.plans.is_empty() {
            jobs.push((
                page_file(&format!("{}{}/", t.path, f.plans)),
                Job::Plans(Some(i)),
            ));
        }
    }
    for (i, p) in site.plans.iter().enumerate() {
        jobs.push((page_file(&p.path), Job::Plan(i)));
        let (first, last) = p.valid_years();
        for year in first..=last {
            jobs.push((
                page_file(&format!("{}{year}/", p.path)),
                Job::PlanYear { plan: i, year },
            ));
        }
    }
    item_jobs(site.activities.iter().map(|x| &x.path), Job::Activity, jobs);
}

/// One page per item, at the item's path.
fn item_jobs<'s>(
    paths: impl Iterator<Item = &'s String>,
    job: fn(usize) -> Job,
    jobs: &mut Vec<(String, Job)>,
) {
    jobs.extend(paths.enumerate().map(|(i, path)| (page_file(path), job(i))));
}

/// The site-wide indexes of groups, projects, organisations and target groups, and each
/// target group's page.
fn index_jobs(site: &Site, jobs: &mut Vec<(String, Job)>) {
    let f = &site.config.folders;
    jobs.push((page_file(&format!("{}/", f.groups)), Job::Groups(None)));
    jobs.push((page_file(&format!("{}/", f.projects)), Job::Projects));
    jobs.push((
        page_file(&format!("{}/", f.organisations)),
        Job::Organisations,
    ));
    jobs.push((
        page_file(&format!("{}/", f.target_groups)),
        Job::TargetGroups,
    ));
    for (i, tg) in site.config.target_groups.iter().enumerate() {
        jobs.push((
            page_file(&format!("{}/{}/", f.target_groups, tg.slug)),
            Job::TargetGroup(i),
        ));
    }
}

/// The catalogue: its index, a page per kind and per form that has services, each territory's
/// catalogue, the booklet, and each service's page.
fn catalogue_jobs(site: &Site, jobs: &mut Vec<(String, Job)>) {
    use crate::model::service::{BOOKLET_FOLDER, FORM_FOLDER, KIND_FOLDER, SERVICE_FORMS};
    let f = &site.config.folders;
    let s = &f.services;
    jobs.push((page_file(&format!("{s}/")), Job::Services(ServiceList::All)));
    for (i, k) in crate::law::all_kinds().enumerate() {
        if site.services.iter().any(|x| x.kind == k.section) {
            jobs.push((
                page_file(&format!("{s}/{KIND_FOLDER}/{}/", k.slug)),
                Job::Services(ServiceList::Kind(i)),
            ));
        }
    }
    for (i, form) in SERVICE_FORMS.iter().enumerate() {
        if site
            .services
            .iter()
            .any(|x| x.forms.iter().any(|f| f == form))
        {
            jobs.push((
                page_file(&format!("{s}/{FORM_FOLDER}/{form}/")),
                Job::Services(ServiceList::Form(i)),
            ));
        }
    }
    for (i, t) in site.territories.iter().enumerate() {
        jobs.push((
            page_file(&format!("{}{s}/", t.path)),
            Job::Services(ServiceList::Territory(i)),
        ));
    }
    jobs.push((
        page_file(&format!("{s}/{BOOKLET_FOLDER}/")),
        Job::Services(ServiceList::Booklet),
    ));
    item_jobs(site.services.iter().map(|x| &x.path), Job::Service, jobs);
}

/// The pages of a meeting list (the site's, or a territory's at `prefix`); the site-wide list
/// also by year.
fn meeting_list_jobs(
    site: &Site,
    territory: Option<usize>,
    prefix: &str,
    jobs: &mut Vec<(String, Job)>,
) {
    // Counting pages needs no sorted list.
    let len = match territory {
        Some(t) => site.territories[t].meetings.len(),
        None => site.meetings.len(),
    };
    let base = format!("{prefix}{}/", site.config.folders.meetings);
    for n in 1..=pages_for(len) {
        jobs.push((
            page_file(&page_path(&base, n)),
            Job::Meetings {
                territory,
                year: None,
                page: n,
            },
        ));
    }
    if territory.is_some() {
        return;
    }
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
                page_file(&page_path(&ybase, n)),
                Job::Meetings {
                    territory: None,
                    year: Some(y),
                    page: n,
                },
            ));
        }
    }
}

/// A document list (the site's, or a territory's at `prefix`); the site-wide one also by
/// kind, with pages.
fn document_list_jobs(
    ctx: &RenderCtx,
    territory: Option<usize>,
    prefix: &str,
    jobs: &mut Vec<(String, Job)>,
) {
    let site = ctx.site;
    let dbase = format!("{prefix}{}/", site.config.folders.documents);
    jobs.push((
        page_file(&dbase),
        Job::Documents {
            territory,
            kind: None,
            page: 1,
        },
    ));
    if territory.is_some() {
        return;
    }
    let docs = doc_entries(ctx, None, None);
    for &kind in DocumentKind::ALL {
        let count = docs.iter().filter(|e| e.kind(site) == Some(kind)).count();
        if count == 0 {
            continue;
        }
        let kbase = format!("{dbase}{}/", kind.slug());
        for n in 1..=pages_for(count) {
            jobs.push((
                page_file(&page_path(&kbase, n)),
                Job::Documents {
                    territory: None,
                    kind: Some(kind),
                    page: n,
                },
            ));
        }
    }
}

/// The output file and job of a meeting's page.
pub fn meeting_job(site: &Site, i: usize) -> (String, Job) {
    (page_file(&site.meetings[i].path), Job::Meeting(i))
}

/// The file of the page at site path `path` (`tabor/` → `tabor/index.html`).
pub fn page_file(path: &str) -> String {
    format!("{path}index.html")
}
