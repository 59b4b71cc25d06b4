//! A meeting's page, with the previous and next meeting of its group.
//! Must not look past its group for neighbours.

use serde_json::{Value, json};

use crate::czech::Lang;
use crate::render::context::RenderCtx;

/// A meeting's page, with the previous and next meeting of its group.
pub(super) fn meeting(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    let m = &site.meetings[i];
    let t = &site.territories[m.territory];
    let mut crumbs = vec![(t.name.clone(), t.path.clone())];
    let (mut prev, mut next) = (Value::Null, Value::Null);
    if let Some(g) = m.group {
        let grp = &site.groups[g];
        crumbs.push((grp.title.clone(), grp.path.clone()));
        if let Some(pos) = grp.meetings.iter().position(|x| *x == i) {
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
            "title": m.title, "title_where": ctx.title_where(&m.title, Some(m.territory)),
            "body": ctx.body(&m.body), "crumbs": ctx.crumbs(&crumbs),
            "meeting": ctx.meeting_row(i),
            "date_long": m.date.map(|d| d.format_long(lang)), "weekday": weekday,
            "place": m.place, "agenda": m.agenda,
            "attachments": m.attachments.iter().map(|a| ctx.file(a)).collect::<Vec<_>>(),
            "documents": m.documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
            "previous": prev, "next": next,
        }),
    )
}
