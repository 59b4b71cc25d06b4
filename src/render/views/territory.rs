//! A territory's page: its plan, projects, groups, meetings, documents by kind, news, contacts.
//! Must not list more than ten past meetings: the full list is the territory's meeting list.

use serde_json::{Value, json};

use crate::i18n::{kind_plural, label};
use crate::render::context::RenderCtx;
use crate::render::lists::DOCUMENT_KINDS;

/// A territory's page: its plan, groups, meetings, documents by kind, news, contacts.
pub(super) fn territory(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    let t = &site.territories[i];
    let plan = t
        .documents
        .iter()
        .find(|d| site.documents[**d].kind == "komunitni-plan")
        .map(|d| ctx.document_row(*d));
    let mut kinds: Vec<(usize, Value)> = Vec::new();
    for k in DOCUMENT_KINDS {
        let docs: Vec<Value> = t
            .documents
            .iter()
            .filter(|d| site.documents[**d].kind == *k)
            .map(|d| ctx.document_row(*d))
            .collect();
        if !docs.is_empty() {
            kinds.push((
                docs.len(),
                json!({ "kind": kind_plural(lang, k), "slug": k, "items": docs }),
            ));
        }
    }
    let contacts: Vec<Value> = t
        .contacts
        .iter()
        .map(|c| json!({ "name": c.name, "role": c.role, "organization": ctx.org_ref(&c.organization), "email": c.email, "phone": c.phone, "address": c.address }))
        .collect();
    let history: Vec<Value> = t
        .history
        .iter()
        .map(|h| json!({ "period": h.period, "title": h.title, "text": h.text }))
        .collect();
    let upcoming: Vec<Value> = t
        .meetings
        .iter()
        .filter(|m| site.is_upcoming(&site.meetings[**m]))
        .map(|m| ctx.meeting_row(*m))
        .collect();
    let recent: Vec<Value> = t
        .meetings
        .iter()
        .filter(|m| !site.is_upcoming(&site.meetings[**m]))
        .take(10)
        .map(|m| ctx.meeting_row(*m))
        .collect();
    (
        "territory.html",
        json!({
            "title": t.title, "name": t.name, "body": ctx.body(&t.body),
            "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone())]),
            "kind": label(lang, &t.kind), "code": t.code, "region": t.region,
            "municipalities": t.municipalities, "planning_since": t.planning_since,
            "current_plan": plan,
            "projects": t.projects.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>(),
            "groups": t.groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
            "upcoming": upcoming, "recent_meetings": recent,
            "meeting_count": t.meetings.len(),
            "document_kinds": kinds.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            "news": t.news.iter().map(|n| { let n = &site.news[*n]; json!({"title": n.title, "url": ctx.url(&n.path), "date": ctx.date(Some(n.date))}) }).collect::<Vec<_>>(),
            "contacts": contacts, "history": history,
            "urls": {
                "groups": ctx.url(&format!("{}{}/", t.path, f.groups)),
                "meetings": ctx.url(&format!("{}{}/", t.path, f.meetings)),
                "documents": ctx.url(&format!("{}{}/", t.path, f.documents)),
            },
        }),
    )
}
