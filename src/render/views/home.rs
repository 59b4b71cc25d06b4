//! The home page: upcoming meetings, newest documents, open consultations, territories.
//! Must not show more than ten upcoming meetings or ten newest documents, nor more than
//! [`PER_KIND`] documents of one kind among them: a run of press releases must not push the
//! plans off the page (minutes are left to the meeting and document lists).

use crate::fast::HashMap;

use serde_json::{Value, json};

use crate::i18n::kind_label_or_empty;
use crate::model::DocumentKind;
use crate::render::context::RenderCtx;
use crate::render::lists::{DocEntry, doc_entries};

/// Newest documents of one kind on the home page, at most.
const PER_KIND: usize = 3;

/// The home page: upcoming meetings, newest documents, open consultations, territories.
pub(super) fn home(ctx: &RenderCtx) -> (&'static str, Value) {
    let site = ctx.site;
    let lang = ctx.lang;
    let upcoming: Vec<Value> = {
        let mut v: Vec<usize> = (0..site.meetings.len())
            .filter(|i| site.is_upcoming(&site.meetings[*i]))
            .collect();
        v.sort_by_key(|i| (site.meetings[*i].date, site.meetings[*i].time));
        v.into_iter().take(10).map(|i| ctx.meeting_row(i)).collect()
    };
    let mut per_kind: HashMap<Option<DocumentKind>, usize> = HashMap::default();
    let newest: Vec<Value> = doc_entries(ctx, None, None)
        .into_iter()
        .filter(|e| match e {
            DocEntry::Doc(i) => {
                let n = per_kind.entry(site.documents[*i].kind).or_default();
                *n += 1;
                *n <= PER_KIND
            }
            DocEntry::Minutes(_) => false,
        })
        .take(10)
        .map(|e| ctx.entry_row(e))
        .collect();
    let consultations: Vec<Value> = (0..site.documents.len())
        .filter(|i| site.is_open_consultation(&site.documents[*i]))
        .map(|i| {
            let mut r = ctx.document_row(i);
            r["comments_until"] = ctx.date(site.documents[i].comments_until);
            r
        })
        .collect();
    let territories: Vec<Value> = site
        .territories
        .iter()
        .map(|t| {
            json!({
                "name": t.name, "title": t.title, "url": ctx.url(&t.path),
                "kind": kind_label_or_empty(lang, t.kind),
                "group_count": t.groups.len(), "meeting_count": t.meetings.len(),
                // Minutes count as documents (kind `zapis`), as in the territory's list.
                "document_count": t.documents.len()
                    + t.meetings.iter().filter(|m| site.meetings[**m].minutes.is_some()).count(),
            })
        })
        .collect();
    (
        "home.html",
        json!({
            "title": site.home.title, "body": ctx.body(&site.home.body), "crumbs": [],
            "territories": territories, "upcoming": upcoming,
            "newest_documents": newest, "consultations": consultations,
        }),
    )
}
