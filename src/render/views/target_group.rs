//! The list of target groups and each target group's page.
//! Must not show more than [`PER_PAGE`] meetings on one page.

use serde_json::{Value, json};

use crate::render::context::RenderCtx;
use crate::render::lists::PER_PAGE;

/// The list of target groups, with how many groups serve each.
pub(super) fn target_groups(ctx: &RenderCtx) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
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

/// A target group's page: its groups, their newest meetings and their documents.
pub(super) fn target_group(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let tg = &site.config.target_groups[i];
    let groups: Vec<usize> = site
        .territories
        .iter()
        .flat_map(|t| t.groups.iter().copied())
        .filter(|g| site.groups[*g].target_groups.contains(&i))
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
    // The services for this target group, in the catalogue's order.
    let collator = crate::czech::collate::Collator::new();
    let mut services: Vec<usize> = (0..site.services.len())
        .filter(|s| site.services[*s].target_groups.contains(&i))
        .collect();
    services
        .sort_by(|a, b| crate::model::service::catalogue_order(&site.services, &collator, *a, *b));
    // Priorities naming this target group, and activities serving it, plan by plan (the
    // territories' order, newest plan first).
    let plans: Vec<usize> = site
        .territories
        .iter()
        .flat_map(|t| t.plans.iter().copied())
        .collect();
    let priorities: Vec<Value> = plans
        .iter()
        .flat_map(|p| {
            let plan = &site.plans[*p];
            plan.priorities
                .iter()
                .filter(|pr| pr.target_group == Some(i))
                .map(move |pr| json!({ "code": pr.code, "title": pr.title, "url": format!("{}#p-{}", ctx.url(&plan.path), pr.code), "plan": ctx.plan_row(*p) }))
        })
        .collect();
    let activities: Vec<Value> = plans
        .iter()
        .flat_map(|p| site.plans[*p].activities.iter().copied())
        .filter(|a| site.activities[*a].target_groups.contains(&i))
        .map(|a| ctx.activity_row(a))
        .collect();
    (
        "target_group.html",
        json!({
            "title": tg.name,
            "crumbs": ctx.crumbs(&[(ctx.t("target_groups"), format!("{}/", f.target_groups)), (tg.name.clone(), format!("{}/{}/", f.target_groups, tg.slug))]),
            "groups": groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
            "meetings": meetings.into_iter().take(PER_PAGE).map(|m| ctx.meeting_row(m)).collect::<Vec<_>>(),
            "meeting_count": meeting_count,
            "documents": docs.into_iter().map(|d| ctx.document_row(d)).collect::<Vec<_>>(),
            "services": services.into_iter().map(|s| ctx.service_row(s)).collect::<Vec<_>>(),
            "priorities": priorities, "activities": activities,
        }),
    )
}
