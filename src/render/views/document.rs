//! A document's page.
//! Must not copy or read its file: `attachments` copies it, `resolve` measured it.

use serde_json::{Value, json};

use crate::i18n::kind_label_or_empty;
use crate::render::context::RenderCtx;

/// A document's page.
pub(super) fn document(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    let x = &site.documents[i];
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
            "title": x.title, "title_where": ctx.title_where(&x.title, x.territory),
            "body": ctx.body(&x.body), "crumbs": ctx.crumbs(&crumbs),
            "document": ctx.document_row(i),
            "status": kind_label_or_empty(lang, x.status),
            "project": x.project.map(|p| ctx.link(&site.projects[p].title, &site.projects[p].path)),
            "group": x.group.map(|g| ctx.group_link(g)),
            "meeting": x.meeting.map(|m| ctx.link(&site.meetings[m].title, &site.meetings[m].path)),
            "comments_until": ctx.date(x.comments_until),
            "comments_to": x.comments_to,
        }),
    )
}
