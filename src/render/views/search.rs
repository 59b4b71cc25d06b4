//! Search: the page `/hledat/` (a form, the results list search.js fills in, the indexes for
//! readers without JavaScript) and what each indexed page tells the index about itself
//! (`search`: its kind and territory, read by pagefind from `data-pagefind-meta`). Must not
//! index anything: `crate::search` reads the rendered pages.

use serde_json::{Value, json};

use super::super::context::RenderCtx;
use super::super::plan::Job;
use crate::i18n::{kind_label, kind_label_or_empty};

/// The site path of the search page.
pub const SEARCH_PATH: &str = "hledat/";

/// The page `/hledat/`.
pub(in crate::render) fn search_page(ctx: &RenderCtx) -> (&'static str, Value) {
    let f = &ctx.site.config.folders;
    let indexes: Vec<Value> = [
        ("groups", format!("{}/", f.groups)),
        ("meetings", format!("{}/", f.meetings)),
        ("documents", format!("{}/", f.documents)),
        ("projects", format!("{}/", f.projects)),
        ("organisations", format!("{}/", f.organisations)),
        ("target_groups", format!("{}/", f.target_groups)),
    ]
    .iter()
    .map(|(key, path)| ctx.link(&ctx.t(key), path))
    .chain(
        ctx.site
            .territories
            .iter()
            .map(|t| ctx.link(&t.name, &t.path)),
    )
    .collect();
    // The strings search.js shows, in the site's language (templates never hard-code one).
    let strings: serde_json::Map<String, Value> = [
        "search_one",
        "search_few",
        "search_many",
        "search_none",
        "search_loading",
        "search_failed",
        "search_more",
    ]
    .iter()
    .map(|k| (k.to_string(), json!(ctx.t(k))))
    .collect();
    (
        "search.html",
        json!({
            "title": ctx.t("search_title"),
            "crumbs": ctx.crumbs(&[(ctx.t("search_title"), SEARCH_PATH.to_string())]),
            "is_search_page": true,
            "indexes": indexes,
            "search_strings": Value::Object(strings).to_string(),
            "bundle": ctx.url("pagefind/pagefind.js"),
            "script": ctx.url("search.js"),
        }),
    )
}

/// What the index keeps of a page besides its text: its kind and territory, shown in each
/// result. `None` for pages not indexed (lists, the home page, the search page, 404): their
/// rows repeat the pages they list, so they would only crowd the results.
pub(in crate::render) fn search_meta(ctx: &RenderCtx, job: &Job) -> Option<Value> {
    let site = ctx.site;
    let lang = ctx.lang;
    let (kind, territory) = match job {
        Job::Territory(i) => (
            kind_label_or_empty(lang, site.territories[*i].kind),
            Some(*i),
        ),
        Job::Group(i) => (
            kind_label_or_empty(lang, site.groups[*i].kind),
            Some(site.groups[*i].territory),
        ),
        Job::Meeting(i) => (
            kind_label(lang, site.meetings[*i].kind),
            Some(site.meetings[*i].territory),
        ),
        Job::Document(i) => (
            kind_label_or_empty(lang, site.documents[*i].kind),
            site.documents[*i].territory,
        ),
        Job::Project(i) => (ctx.t("project"), site.projects[*i].territory),
        Job::Organisation(_) => (ctx.t("organisation"), None),
        Job::News(i) => (ctx.t("news_item"), Some(site.news[*i].territory)),
        Job::Page(_) => (ctx.t("page_kind"), None),
        Job::TargetGroup(_) => (ctx.t("target_group"), None),
        Job::Accessibility => (ctx.t("page_kind"), None),
        Job::Plan(i) => (ctx.t("plan"), Some(site.plans[*i].territory)),
        Job::Activity(i) => (
            ctx.t("activity"),
            Some(site.plans[site.activities[*i].plan].territory),
        ),
        Job::Service(i) => {
            let k = crate::law::kind(&site.services[*i].kind).unwrap_or(&crate::law::RELATED_KIND);
            let name = match lang {
                crate::czech::Lang::Cs => k.name,
                crate::czech::Lang::En => k.name_en,
            };
            (name.to_string(), None)
        }
        Job::Home
        | Job::Meetings { .. }
        | Job::Documents { .. }
        | Job::Groups(_)
        | Job::TargetGroups
        | Job::Projects
        | Job::Organisations
        | Job::Search
        | Job::Services(_)
        | Job::PlanYear { .. }
        | Job::Plans(_)
        | Job::NotFound
        | Job::Sitemap
        | Job::Robots
        | Job::Output(_) => return None,
    };
    Some(json!({
        "kind": kind,
        "territory": territory.map(|t| site.territories[t].name.clone()),
    }))
}
