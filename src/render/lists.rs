//! Lists and their pages: the orders of meetings and documents (sorted once per render, or
//! repaired after an edit), years, [`PER_PAGE`] and page paths, pagers, rows grouped by year.
//! Must not build rows (that is `rows`) nor list the pages of the site (`plan`).

use serde_json::{Value, json};

use super::context::RenderCtx;
use super::standing::document_date;
use crate::czech::date::PartialDate;
/// The meeting order, as the model defines it.
pub(super) use crate::model::newest_first;
use crate::model::*;

/// Rows on one list page; a page never lists more.
pub const PER_PAGE: usize = 200;

/// A year of a meeting list, or the meetings without a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Year {
    Known(i16),
    Undated,
}

pub fn year_of(d: Option<PartialDate>) -> Year {
    d.map(|d| Year::Known(d.year)).unwrap_or(Year::Undated)
}

pub(super) fn year_slug(y: Year) -> String {
    match y {
        Year::Known(y) => y.to_string(),
        Year::Undated => "bez-data".to_string(),
    }
}

/// Page `n` (from 1) of a list at `path`: `path` itself, then `path/strana/n/`.
pub(super) fn page_path(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_string()
    } else {
        format!("{path}strana/{n}/")
    }
}

/// How many pages a list of `len` rows takes.
pub fn pages_for(len: usize) -> usize {
    len.div_ceil(PER_PAGE).max(1)
}

/// The page numbers a pager on page `n` of `total` links: the first, the last and the two on
/// either side of `n`; `None` where pages are left out (a gap of one page is shown instead).
/// A list of 500 pages linked every page from each of them: 50 kB of each page, and 500 links
/// for a screen reader to pass.
pub(super) fn pager_window(n: usize, total: usize) -> Vec<Option<usize>> {
    let shown = |i: usize| i == 1 || i == total || i.abs_diff(n) <= 2;
    let mut out = Vec::new();
    for i in 1..=total {
        if shown(i) || (i > 1 && i < total && shown(i - 1) && shown(i + 1)) {
            out.push(Some(i));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

/// A pager view for page `n` of `total`.
pub(super) fn pager(ctx: &RenderCtx, path: &str, n: usize, total: usize) -> Value {
    if total <= 1 {
        return Value::Null;
    }
    let pages: Vec<Value> = pager_window(n, total)
        .into_iter()
        .map(|i| match i {
            Some(i) => json!({ "n": i, "url": ctx.url(&page_path(path, i)), "current": i == n }),
            None => json!({ "gap": true }),
        })
        .collect();
    json!({
        "current": n,
        "total": total,
        "prev": (n > 1).then(|| ctx.url(&page_path(path, n - 1))),
        "next": (n < total).then(|| ctx.url(&page_path(path, n + 1))),
        "pages": pages,
    })
}

/// Meetings of one list (all, or one territory's), newest first, undated last.
pub(super) fn meeting_list<'c>(ctx: &'c RenderCtx, territory: Option<usize>) -> &'c [usize] {
    match territory {
        Some(t) => &ctx.site.territories[t].meetings,
        None => ctx.meetings_sorted(),
    }
}

/// Every meeting of the site, newest first, undated last.
pub fn sort_meetings(site: &Site) -> Vec<usize> {
    // Sorted as compact keys, not through the meetings: at 100,000 meetings every comparison
    // reaching into two large structs was most of the time an edit in `serve` took.
    let mut keys: Vec<(Option<PartialDate>, &str, usize)> = site
        .meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.date, m.path.as_str(), i))
        .collect();
    // Paths are unique, so the order is total and an unstable sort gives the one result; in
    // parallel (rayon), as a warm build after a date edit waits for it (at 100,000 meetings
    // some 20 ms on one core).
    use rayon::slice::ParallelSliceMut;
    keys.par_sort_unstable_by(|(da, pa, _), (db, pb, _)| newest_first((*da, pa), (*db, pb)));
    keys.into_iter().map(|(_, _, i)| i).collect()
}

/// `sorted` (the order [`sort_meetings`] gave) after the meetings `moved` changed their
/// dates: each is taken out and put back where it now belongs, without sorting everything.
pub fn resort_meetings(site: &Site, mut sorted: Vec<usize>, moved: &[usize]) -> Vec<usize> {
    let key = |i: usize| (site.meetings[i].date, site.meetings[i].path.as_str());
    sorted.retain(|i| !moved.contains(i));
    for &m in moved {
        let at = sorted.partition_point(|&x| newest_first(key(x), key(m)).is_lt());
        sorted.insert(at, m);
    }
    sorted
}

/// `meetings` newest first for a short list of the latest ("Poslední jednání"): by date, then
/// by number (highest first, so the undated meetings of a group show its latest, not its
/// first), undated after dated.
pub(super) fn newest_meetings(site: &Site, mut meetings: Vec<usize>) -> Vec<usize> {
    meetings.sort_by_cached_key(|m| {
        let m = &site.meetings[*m];
        newest_key(m.date, m.number, &m.path)
    });
    meetings
}

/// Entries of a document list newest first the same way (a territory page's latest minutes).
pub(super) fn newest_entries(site: &Site, entries: &mut [DocEntry]) {
    entries.sort_by_cached_key(|e| match *e {
        DocEntry::Doc(i) => {
            let d = &site.documents[i];
            newest_key(document_date(d), None, &d.path)
        }
        DocEntry::Minutes(i) => {
            let m = &site.meetings[i];
            newest_key(m.date, m.number, &m.path)
        }
    });
}

type NewestKey<'a> = (
    bool,
    std::cmp::Reverse<Option<PartialDate>>,
    std::cmp::Reverse<Option<u32>>,
    &'a str,
);

fn newest_key(date: Option<PartialDate>, number: Option<u32>, path: &str) -> NewestKey<'_> {
    (
        date.is_none(),
        std::cmp::Reverse(date),
        std::cmp::Reverse(number),
        path,
    )
}

/// An entry of a document list: a document, or a meeting's minutes.
#[derive(Clone, Copy)]
pub(super) enum DocEntry {
    Doc(usize),
    Minutes(usize),
}

impl DocEntry {
    /// The kind the entry is listed under: a document's own, `zapis` for minutes.
    pub(super) fn kind(self, site: &Site) -> Option<DocumentKind> {
        match self {
            DocEntry::Doc(i) => site.documents[i].kind,
            DocEntry::Minutes(_) => Some(DocumentKind::Zapis),
        }
    }
}

/// Entries of one document list (a territory's, a kind's), in the global order.
pub(super) fn doc_entries(
    ctx: &RenderCtx,
    territory: Option<usize>,
    kind: Option<DocumentKind>,
) -> Vec<DocEntry> {
    let site = ctx.site;
    ctx.docs_sorted()
        .iter()
        .copied()
        .filter(|e| {
            let here = match *e {
                DocEntry::Doc(i) => site.documents[i].territory,
                DocEntry::Minutes(i) => Some(site.meetings[i].territory),
            };
            (territory.is_none() || here == territory)
                && kind.is_none_or(|k| e.kind(site) == Some(k))
        })
        .collect()
}

/// Every document and every meeting's minutes, newest first, undated last. A document without
/// a `published` date is filed by its period's first year ([`document_date`]).
pub(super) fn sort_doc_entries(site: &Site) -> Vec<DocEntry> {
    let mut v: Vec<(Option<PartialDate>, &str, DocEntry)> = Vec::new();
    for (i, x) in site.documents.iter().enumerate() {
        v.push((document_date(x), &x.path, DocEntry::Doc(i)));
    }
    for (i, m) in site.meetings.iter().enumerate() {
        if m.minutes.is_some() {
            v.push((m.date, &m.path, DocEntry::Minutes(i)));
        }
    }
    v.sort_by(|a, b| match (a.0, b.0) {
        (Some(p), Some(q)) => q.cmp(&p).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    });
    v.into_iter().map(|x| x.2).collect()
}

pub(super) fn entry_date(site: &Site, e: DocEntry) -> Option<PartialDate> {
    match e {
        DocEntry::Doc(i) => document_date(&site.documents[i]),
        DocEntry::Minutes(i) => site.meetings[i].date,
    }
}

/// Rows grouped under year headings, in the order given.
pub(super) fn by_year(rows: Vec<(Year, Value)>) -> Value {
    let mut out: Vec<Value> = Vec::new();
    let mut current: Option<Year> = None;
    let mut items: Vec<Value> = Vec::new();
    for (y, row) in rows {
        if current != Some(y) {
            if let Some(c) = current {
                out.push(object!({ "year": year_label(c), "items": std::mem::take(&mut items) }));
            }
            current = Some(y);
        }
        items.push(row);
    }
    if let Some(c) = current {
        out.push(object!({ "year": year_label(c), "items": items }));
    }
    Value::Array(out)
}

pub(super) fn year_label(y: Year) -> Value {
    match y {
        Year::Known(y) => json!(y.to_string()),
        Year::Undated => Value::Null,
    }
}

/// The site-wide meeting list `sorted` cut by year, in its order.
pub(super) fn meetings_by_year(site: &Site, sorted: &[usize]) -> Vec<(Year, Vec<usize>)> {
    let mut by_year: Vec<(Year, Vec<usize>)> = Vec::new();
    for m in sorted {
        let y = year_of(site.meetings[*m].date);
        match by_year.last_mut() {
            Some((last, list)) if *last == y => list.push(*m),
            _ => by_year.push((y, vec![*m])),
        }
    }
    by_year
}

/// Whether any document (or minutes entry, for `zapis`) of kind `kind` exists.
pub(super) fn entries_any(site: &Site, kind: DocumentKind) -> bool {
    let minutes = kind.holds_minutes() && site.meetings.iter().any(|m| m.minutes.is_some());
    minutes || site.documents.iter().any(|d| d.kind == Some(kind))
}

#[cfg(test)]
mod tests {
    use super::pager_window;

    fn shown(n: usize, total: usize) -> String {
        pager_window(n, total)
            .iter()
            .map(|i| i.map_or("…".to_string(), |i| i.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_pager_links_the_ends_and_the_pages_around_the_current_one() {
        assert_eq!(shown(250, 500), "1 … 248 249 250 251 252 … 500");
        assert_eq!(shown(1, 500), "1 2 3 … 500");
        assert_eq!(shown(500, 500), "1 … 498 499 500");
        assert_eq!(shown(2, 3), "1 2 3");
        // A gap of one page shows the page.
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(shown(6, 12), "1 … 4 5 6 7 8 … 12");
        for total in 1..40 {
            for n in 1..=total {
                let w = pager_window(n, total);
                assert!(w.contains(&Some(n)) && w.contains(&Some(1)) && w.contains(&Some(total)));
                let nums: Vec<usize> = w.iter().flatten().copied().collect();
                assert!(nums.windows(2).all(|p| p[0] < p[1]), "{n}/{total}: {w:?}");
                assert!(w.len() <= 9, "{n}/{total}: {w:?}");
            }
        }
    }
}
