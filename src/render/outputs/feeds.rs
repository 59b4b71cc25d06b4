//! Atom feeds (RFC 4287): `/atom.xml` and `/<territory>/atom.xml`, the newest news, documents
//! and meetings, newest first, with absolute URLs. An entry's id is its page's absolute URL
//! (stable while the page keeps its address); `updated` is the item's date at its precision
//! (`time::rfc3339`). Undated items have no place in a feed. Must not sort every item: the
//! newest [`FEED_ENTRIES`] are picked in linear time, then only they are sorted.

use serde_json::{Value, json};

use super::absolute;
use super::time::rfc3339;
use crate::czech::date::PartialDate;
use crate::i18n::kind_label_or_empty;
use crate::model::newest_first;
use crate::render::context::RenderCtx;
use crate::render::meta;

/// How many entries a feed carries: a reader wants what is new, not the archive (that is
/// `data/`).
pub const FEED_ENTRIES: usize = 50;

#[derive(Clone, Copy)]
enum Item {
    News(usize),
    Document(usize),
    Meeting(usize),
}

/// A dated item with its page path, in the model's newest-first order.
struct Dated<'s> {
    date: PartialDate,
    time: Option<(u8, u8)>,
    path: &'s str,
    item: Item,
}

/// The dated items of the site or of one territory (from the territory's own lists, so the
/// feeds of all territories together cost one pass over the items).
fn dated<'s>(ctx: &RenderCtx<'s>, territory: Option<usize>) -> Vec<Dated<'s>> {
    let site = ctx.site;
    let all = |n: usize| (0..n).collect::<Vec<usize>>();
    let (news, documents, meetings) = match territory {
        Some(t) => {
            let t = &site.territories[t];
            (t.news.clone(), t.documents.clone(), t.meetings.clone())
        }
        None => (
            all(site.news.len()),
            all(site.documents.len()),
            all(site.meetings.len()),
        ),
    };
    let mut out = Vec::new();
    for i in news {
        let n = &site.news[i];
        out.push(Dated {
            date: n.date,
            time: None,
            path: &n.path,
            item: Item::News(i),
        });
    }
    for i in documents {
        let d = &site.documents[i];
        if let Some(date) = d.published {
            out.push(Dated {
                date,
                time: None,
                path: &d.path,
                item: Item::Document(i),
            });
        }
    }
    for i in meetings {
        let m = &site.meetings[i];
        if let Some(date) = m.date {
            out.push(Dated {
                date,
                time: m.time,
                path: &m.path,
                item: Item::Meeting(i),
            });
        }
    }
    out
}

/// The newest `n` of `items`, newest first: a linear selection, then a sort of `n`.
fn newest(mut items: Vec<Dated<'_>>, n: usize) -> Vec<Dated<'_>> {
    let cmp = |a: &Dated, b: &Dated| {
        newest_first((Some(a.date), ""), (Some(b.date), ""))
            .then_with(|| b.time.cmp(&a.time))
            .then_with(|| a.path.cmp(b.path))
    };
    if items.len() > n && n > 0 {
        items.select_nth_unstable_by(n - 1, cmp);
        items.truncate(n);
    }
    items.sort_by(cmp);
    items
}

/// The view of a feed for the theme's `atom.xml`.
pub(in crate::render) fn feed(ctx: &RenderCtx, territory: Option<usize>) -> Value {
    let site = ctx.site;
    let lang = ctx.lang;
    let entries: Vec<Value> = newest(dated(ctx, territory), FEED_ENTRIES)
        .into_iter()
        .map(|d| {
            let (title, kind, summary) = match d.item {
                Item::News(i) => {
                    let n = &site.news[i];
                    (
                        n.title.clone(),
                        ctx.t("news"),
                        meta::first_sentence(&n.body.markdown()),
                    )
                }
                Item::Document(i) => {
                    let x = &site.documents[i];
                    (
                        x.title.clone(),
                        kind_label_or_empty(lang, x.kind),
                        meta::first_sentence(&x.body.markdown()),
                    )
                }
                Item::Meeting(i) => {
                    let m = &site.meetings[i];
                    (
                        m.title.clone(),
                        ctx.t("meeting"),
                        Some(meta::meeting_summary(ctx, i)),
                    )
                }
            };
            json!({
                "title": title,
                "id": absolute(site, d.path),
                "url": absolute(site, d.path),
                "updated": rfc3339(d.date, d.time),
                "category": kind,
                "summary": summary,
            })
        })
        .collect();
    let (title, page) = match territory {
        Some(t) => {
            let t = &site.territories[t];
            (
                format!("{} – {}", t.name, site.config.title),
                t.path.as_str(),
            )
        }
        None => (site.config.title.clone(), ""),
    };
    // The feed changed when its newest entry did; an empty feed dates from the build.
    let updated = entries
        .iter()
        .filter_map(|e| e["updated"].as_str())
        .max()
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}T00:00:00Z", site.build_date));
    json!({
        "title": title,
        "feed": {
            "title": title,
            "subtitle": site.config.description,
            "lang": match lang { crate::czech::Lang::Cs => "cs", crate::czech::Lang::En => "en" },
            "id": absolute(site, &super::feed_file(site, territory)),
            "self": absolute(site, &super::feed_file(site, territory)),
            "alternate": absolute(site, page),
            "updated": updated,
            "author": site.config.title,
        },
        "entries": entries,
    })
}
