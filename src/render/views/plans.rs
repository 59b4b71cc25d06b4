//! An activity's page (every field, the monitoring table by year, links to who carries it out
//! and looks after it, the services it names, evaluation documents) and the lists of plans (a territory's, the
//! site's), each plan with its status at the build date. Must not judge a status itself:
//! `plan_status` does.

use serde_json::{Value, json};

use crate::czech::size::format_czk;
use crate::model::*;
use crate::render::context::RenderCtx;

/// An activity's page.
pub(super) fn activity(ctx: &RenderCtx, i: ActivityId) -> (&'static str, Value) {
    let site = ctx.site;
    let a = &site.activities[i];
    let p = &site.plans[a.plan];
    let m = &p.measures[a.measure];
    let pr = &p.priorities[m.priority];
    let title = format!("{} {}", a.code, a.title);
    let monitoring: Vec<Value> = a
        .monitoring
        .iter()
        .map(|m| {
            json!({
                "year": m.year,
                "year_url": ctx.url(&format!("{}{}/", p.path, m.year)),
                "status": ctx.monitoring_status(Some(&m.status)),
                "text": m.text,
                "spent": m.spent.map(format_czk),
                "document": m.document.map(|d| ctx.document_row(d)),
            })
        })
        .collect();
    let org = |o: &OrganisationId| {
        let o = &site.organisations[*o];
        ctx.link(&o.title, &o.path)
    };
    (
        "activity.html",
        json!({
            "title": title, "title_where": ctx.title_where(&p.title, Some(p.territory)),
            "body": ctx.body(&a.body),
            "crumbs": ctx.plan_crumbs(a.plan, &[(title.clone(), a.path.clone())]),
            "code": a.code,
            "plan": ctx.plan_row(a.plan),
            "priority": { "code": pr.code, "title": pr.title },
            "measure": { "code": m.code, "title": m.title },
            "organisations": a.organisations.iter().map(org).collect::<Vec<_>>(),
            "groups": a.groups.iter().map(|g| ctx.group_link(*g)).collect::<Vec<_>>(),
            "services": a.services.iter().map(|s| ctx.link(&site.services[*s].title, &site.services[*s].path)).collect::<Vec<_>>(),
            "target_groups": a.target_groups.iter().map(|t| ctx.target_group_link(*t)).collect::<Vec<_>>(),
            "years": a.years.iter().map(|y| json!({ "year": y, "url": ctx.url(&format!("{}{y}/", p.path)) })).collect::<Vec<_>>(),
            "cost": a.cost.map(format_czk),
            "funding": a.funding, "indicators": a.indicators,
            "status": ctx.monitoring_status(a.latest_status()),
            "monitoring": monitoring,
        }),
    )
}

/// The list of plans: a territory's, or every territory's (by territory, newest first).
pub(super) fn plans(ctx: &RenderCtx, territory: Option<usize>) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let territories: Vec<usize> = match territory {
        Some(t) => vec![t],
        None => (0..site.territories.len()).collect(),
    };
    let sections: Vec<Value> = territories
        .iter()
        .filter(|t| !site.territories[**t].plans.is_empty())
        .map(|t| {
            let x = &site.territories[*t];
            json!({
                "territory": ctx.territory_link(*t),
                "plans": x.plans.iter().map(|p| ctx.plan_row(*p)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let crumbs = match territory {
        Some(t) => {
            let x = &site.territories[t];
            ctx.crumbs(&[
                (x.name.clone(), x.path.clone()),
                (ctx.t("plans"), format!("{}{}/", x.path, f.plans)),
            ])
        }
        None => ctx.crumbs(&[(ctx.t("plans"), format!("{}/", f.plans))]),
    };
    let title = match territory {
        Some(t) => format!("{} – {}", ctx.t("plans"), site.territories[t].name),
        None => ctx.t("plans"),
    };
    (
        "plans.html",
        json!({
            "title": title, "crumbs": crumbs, "sections": sections,
            "territory": territory.map(|t| ctx.territory_link(t)),
            "all_url": ctx.url(&format!("{}/", f.plans)),
        }),
    )
}
