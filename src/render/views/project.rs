//! A project's page and the list of projects.
//! Must not collect documents beyond the project's own (its outputs first).

use serde_json::{Value, json};

use crate::model::*;
use crate::render::context::RenderCtx;

/// A project's page.
pub(super) fn project(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let p = &site.projects[i];
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
            "title": p.title, "title_where": ctx.title_where(&p.title, p.territory),
            "body": ctx.body(&p.body), "crumbs": ctx.crumbs(&crumbs),
            "project": ctx.project_row(i),
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

/// The list of projects, newest first.
pub(super) fn projects(ctx: &RenderCtx) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
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
