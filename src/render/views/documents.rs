//! The document lists: each kind with its newest rows, or one kind's rows a page at a time.
//! Must not sort the list itself: its order comes from `lists`, sorted once per render.

use serde_json::{Value, json};

use crate::i18n::kind_plural;
use crate::model::DocumentKind;
use crate::render::context::RenderCtx;
use crate::render::lists::{
    DocEntry, PER_PAGE, Year, by_year, doc_entries, entries_any, entry_date, pager, pages_for,
    year_of,
};

/// A document list: every kind with its newest rows, or one page of one kind.
pub(super) fn documents(
    ctx: &RenderCtx,
    territory: Option<usize>,
    kind: Option<DocumentKind>,
    page: usize,
) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    let entries = doc_entries(ctx, territory, kind);
    let prefix = territory
        .map(|t| site.territories[t].path.clone())
        .unwrap_or_default();
    let base = format!("{prefix}{}/", f.documents);
    let mut crumbs = Vec::new();
    let mut title = ctx.t("documents");
    if let Some(t) = territory {
        let t = &site.territories[t];
        crumbs.push((t.name.clone(), t.path.clone()));
        title = format!("{title} – {}", t.name);
    }
    crumbs.push((ctx.t("documents"), base.clone()));
    let kinds_nav: Vec<Value> = if territory.is_none() {
        DocumentKind::ALL
            .iter()
            .copied()
            .filter(|k| {
                entries_any(site, *k)
            })
            .map(|k| json!({ "title": kind_plural(lang, k), "url": ctx.url(&format!("{base}{}/", k.slug())), "current": kind == Some(k) }))
            .collect()
    } else {
        Vec::new()
    };
    match kind {
        Some(k) => {
            let path = format!("{base}{}/", k.slug());
            title = kind_plural(lang, k);
            crumbs.push((title.clone(), path.clone()));
            let total = pages_for(entries.len());
            let rows: Vec<(Year, Value)> = entries
                .iter()
                .skip((page - 1) * PER_PAGE)
                .take(PER_PAGE)
                .map(|e| (year_of(entry_date(site, *e)), ctx.entry_row(*e)))
                .collect();
            if page > 1 {
                title = format!("{title} ({} {page})", ctx.t("page").to_lowercase());
            }
            (
                "documents.html",
                object!({
                    "title": title, "crumbs": ctx.crumbs(&crumbs), "kinds": kinds_nav,
                    "sections": vec![object!({ "kind": Value::Null, "years": by_year(rows), "more": Value::Null })],
                    "pager": pager(ctx, &path, page, total),
                }),
            )
        }
        None => {
            // Each kind with its newest rows; the full list is on the kind's page.
            let mut sections = Vec::new();
            for &k in DocumentKind::ALL {
                let of_kind: Vec<DocEntry> = entries
                    .iter()
                    .copied()
                    .filter(|e| e.kind(site) == Some(k))
                    .collect();
                if of_kind.is_empty() {
                    continue;
                }
                let limit = if territory.is_some() { PER_PAGE } else { 20 };
                let rows: Vec<(Year, Value)> = of_kind
                    .iter()
                    .take(limit)
                    .map(|e| (year_of(entry_date(site, *e)), ctx.entry_row(*e)))
                    .collect();
                let more = (of_kind.len() > limit).then(|| {
                    json!({ "url": ctx.url(&format!("{}/{}/", f.documents, k.slug())), "count": of_kind.len() })
                });
                sections.push(object!({ "kind": kind_plural(lang, k), "slug": k.slug(), "years": by_year(rows), "more": more }));
            }
            (
                "documents.html",
                object!({ "title": title, "crumbs": ctx.crumbs(&crumbs), "kinds": kinds_nav, "sections": sections, "pager": Value::Null }),
            )
        }
    }
}
