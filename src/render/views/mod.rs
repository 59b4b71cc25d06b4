//! The view of each page: `view` hands a job to the one function that builds its page kind's
//! JSON (a file per kind of item, holding its page and its list), and `globals` are the values
//! every template sees. Must not write anything nor list pages; a view builds only the slice of
//! the site its page shows.

use serde_json::{Value, json};

use super::context::RenderCtx;
use super::plan::Job;
use super::sitemap::{robots, sitemap_placeholder};
use crate::czech::Lang;
use crate::i18n::{UI, tr};
use crate::model::*;

mod catalogue;
mod document;
mod documents;
mod group;
mod home;
mod meeting;
mod meetings;
mod news;
mod organisation;
mod page;
mod plan;
mod plans;
mod project;
mod search;
mod service;
mod target_group;
mod territory;

use catalogue::catalogue;
use document::document;
use documents::documents;
use group::{group, groups};
use home::home;
use meeting::meeting;
use meetings::meetings;
use news::news;
use organisation::{organisation, organisations};
use page::{accessibility, not_found, page};
use plan::{plan, plan_year};
use plans::{activity, plans};
use project::{project, projects};
pub use search::SEARCH_PATH;
use search::{search_meta, search_page};
use service::service;
use target_group::{target_group, target_groups};
use territory::territory;

/// The template and the view (JSON) of one job, with `modified` (the day its files last
/// changed in git, see `super::modified`) where known; an indexed page also says what it is
/// (`search`, for the search index) when the site has search.
pub(super) fn view(ctx: &RenderCtx, job: &Job) -> (&'static str, Value) {
    let (template, mut value) = page_view(ctx, job);
    if let (Some(day), Value::Object(v)) =
        (super::modified::page_changed(ctx.site, job), &mut value)
    {
        v.insert(
            "modified".into(),
            ctx.date(Some(super::modified::as_partial(day))),
        );
    }
    if ctx.site.config.search
        && let Some(meta) = search_meta(ctx, job)
        && let Value::Object(map) = &mut value
    {
        map.insert("search".into(), meta);
    }
    (template, value)
}

fn page_view(ctx: &RenderCtx, job: &Job) -> (&'static str, Value) {
    match job {
        Job::Home => home(ctx),
        Job::Territory(i) => territory(ctx, *i),
        Job::Group(i) => group(ctx, *i),
        Job::Meeting(i) => meeting(ctx, *i),
        Job::Document(i) => document(ctx, *i),
        Job::Project(i) => project(ctx, *i),
        Job::Organisation(i) => organisation(ctx, *i),
        Job::News(i) => news(ctx, *i),
        Job::Page(i) => page(ctx, *i),
        Job::Meetings {
            territory,
            year,
            page,
        } => meetings(ctx, *territory, *year, *page),
        Job::Documents {
            territory,
            kind,
            page,
        } => documents(ctx, *territory, *kind, *page),
        Job::Groups(territory) => groups(ctx, *territory),
        Job::TargetGroups => target_groups(ctx),
        Job::TargetGroup(i) => target_group(ctx, *i),
        Job::Projects => projects(ctx),
        Job::Organisations => organisations(ctx),
        Job::Service(i) => service(ctx, *i),
        Job::Services(list) => catalogue(ctx, *list),
        Job::Plan(i) => plan(ctx, *i),
        Job::Activity(i) => activity(ctx, *i),
        Job::PlanYear { plan: p, year } => plan_year(ctx, *p, *year),
        Job::Plans(t) => plans(ctx, *t),
        Job::Accessibility => accessibility(ctx),
        Job::Search => search_page(ctx),
        Job::NotFound => not_found(ctx),
        Job::Sitemap => sitemap_placeholder(),
        Job::Robots => robots(ctx),
        Job::Output(o) => super::outputs::view(ctx, o),
    }
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
        .map(|p| json!({ "title": p.title, "url": site.config.url(&p.path) }))
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
                "groups": site.config.url(&format!("{}/", f.groups)),
                "meetings": site.config.url(&format!("{}/", f.meetings)),
                "documents": site.config.url(&format!("{}/", f.documents)),
                "projects": site.config.url(&format!("{}/", f.projects)),
                "organisations": site.config.url(&format!("{}/", f.organisations)),
                "target_groups": site.config.url(&format!("{}/", f.target_groups)),
                "services": site.config.url(&format!("{}/", f.services)),
                // Only a site with plans has the list of plans (and the menu names it).
                "plans": (!site.plans.is_empty()).then(|| site.config.url(&format!("{}/", f.plans))),
                "accessibility": site.config.accessibility.as_ref().map(|a| site.config.url(&a.path)),
                "search": site.config.search.then(|| site.config.url(SEARCH_PATH)),
            },
        },
        "t": t,
    })
}
