//! A territory's page: its plan, projects, groups, meetings, documents by kind, news, contacts.
//! Must not list more than ten past meetings: the full list is the territory's meeting list.

use serde_json::{Value, json};

use crate::i18n::{kind_label_or_empty, kind_plural};
use crate::model::DocumentKind;
use crate::render::context::RenderCtx;
use crate::render::lists::{DocEntry, doc_entries, newest_entries, newest_meetings};

/// Rows of one document kind on a territory's page; all of them are in its document list.
const PER_KIND: usize = 10;

/// A territory's page: its plan, groups, meetings, documents by kind, news, contacts.
pub(super) fn territory(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    let t = &site.territories[i];
    // A territory with plan data is judged by it; without, by its documents (`standing`).
    let (plans, plan_data) = if t.plans.is_empty() {
        (ctx.plans(&t.documents), Vec::new())
    } else {
        (Vec::new(), ctx.territory_plans(&t.plans))
    };
    // Documents by kind as the territory's document list has them: minutes of its meetings
    // are documents of kind `zapis` there, so here too (and in every count of documents).
    let entries = doc_entries(ctx, Some(i), None);
    let mut kinds: Vec<Value> = Vec::new();
    for &k in DocumentKind::ALL {
        let mut of_kind: Vec<DocEntry> = entries
            .iter()
            .copied()
            .filter(|e| e.kind(site) == Some(k))
            .collect();
        if k.holds_minutes() {
            // The latest minutes, also of undated meetings (by number), as "Poslední jednání".
            newest_entries(site, &mut of_kind);
        }
        if !of_kind.is_empty() {
            let rows: Vec<Value> = of_kind
                .iter()
                .take(PER_KIND)
                .map(|e| ctx.entry_row(*e))
                .collect();
            kinds.push(json!({
                "kind": kind_plural(lang, k), "slug": k.slug(), "items": rows,
                "count": of_kind.len(), "more": of_kind.len() > PER_KIND,
            }));
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
    let past: Vec<usize> = t
        .meetings
        .iter()
        .copied()
        .filter(|m| !site.is_upcoming(&site.meetings[*m]))
        .collect();
    let recent: Vec<Value> = newest_meetings(site, past)
        .into_iter()
        .take(10)
        .map(|m| ctx.meeting_row(m))
        .collect();
    (
        "territory.html",
        json!({
            "title": t.title, "name": t.name, "body": ctx.body(&t.body),
            "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone())]),
            "kind": kind_label_or_empty(lang, t.kind), "code": t.code, "region": t.region,
            "municipalities": t.municipalities, "planning_since": t.planning_since,
            "plans": plans, "plan_data": plan_data, "document_count": entries.len(),
            "projects": t.projects.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>(),
            "groups": t.groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
            "upcoming": upcoming, "recent_meetings": recent,
            "meeting_count": t.meetings.len(),
            "document_kinds": kinds,
            "news": t.news.iter().map(|n| { let n = &site.news[*n]; json!({"title": n.title, "url": ctx.url(&n.path), "date": ctx.date(Some(n.date))}) }).collect::<Vec<_>>(),
            "contacts": contacts, "history": history,
            "urls": {
                "groups": ctx.url(&format!("{}{}/", t.path, f.groups)),
                "meetings": ctx.url(&format!("{}{}/", t.path, f.meetings)),
                "documents": ctx.url(&format!("{}{}/", t.path, f.documents)),
                "services": ctx.url(&format!("{}{}/", t.path, f.services)),
                "plans": (!t.plans.is_empty()).then(|| ctx.url(&format!("{}{}/", t.path, f.plans))),
            },
            "service_count": t.services.len(),
        }),
    )
}
