//! An organisation's page and the list of organisations (in Czech order).
//! Must not list people: members belong to groups.

use serde_json::{Value, json};

use crate::render::context::RenderCtx;

/// An organisation's page, with the documents of its projects.
pub(super) fn organisation(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let o = &site.organisations[i];
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
            "services": o.services.iter().map(|s| ctx.service_row(*s)).collect::<Vec<_>>(),
            "activities": o.activities.iter().map(|a| ctx.activity_row(*a)).collect::<Vec<_>>(),
        }),
    )
}

/// The list of organisations, in Czech order.
pub(super) fn organisations(ctx: &RenderCtx) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
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
