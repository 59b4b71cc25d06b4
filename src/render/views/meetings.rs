//! The meeting lists (the site's, a territory's, a year's), [`PER_PAGE`] rows a page.
//! Must not sort the list itself: its order comes from `lists`, sorted once per render. A page
//! shows its own slice, the pager and the year links, and nothing else of the whole list (no
//! count): the preview renders only the pages a new or moved meeting shifts
//! (`render::affected::Spots`).

use serde_json::{Value, json};

use crate::render::context::RenderCtx;
use crate::render::lists::{
    PER_PAGE, Year, by_year, meeting_list, pager, pages_for, year_label, year_of, year_slug,
};

/// One page of a meeting list (site-wide, a territory's or a year's), grouped by year.
pub(super) fn meetings(
    ctx: &RenderCtx,
    territory: Option<usize>,
    year: Option<Year>,
    page: usize,
) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let all = meeting_list(ctx, territory);
    let list: &[usize] = match year {
        Some(y) => ctx
            .meetings_by_year()
            .iter()
            .find(|(x, _)| *x == y)
            .map(|(_, l)| l.as_slice())
            .unwrap_or_default(),
        None => all,
    };
    let upcoming: Vec<Value> = if page == 1 && year.is_none() {
        let mut u: Vec<usize> = list
            .iter()
            .copied()
            .filter(|m| site.is_upcoming(&site.meetings[*m]))
            .collect();
        u.sort_by_key(|m| (site.meetings[*m].date, site.meetings[*m].time));
        u.into_iter().map(|m| ctx.meeting_row(m)).collect()
    } else {
        Vec::new()
    };
    let prefix = territory
        .map(|t| site.territories[t].path.clone())
        .unwrap_or_default();
    let base = format!("{prefix}{}/", f.meetings);
    let path = match year {
        Some(y) => format!("{base}{}/", year_slug(y)),
        None => base.clone(),
    };
    let total = pages_for(list.len());
    let start = (page - 1) * PER_PAGE;
    let slice = &list[start.min(list.len())..(start + PER_PAGE).min(list.len())];
    let rows: Vec<(Year, Value)> = slice
        .iter()
        .map(|m| (year_of(site.meetings[*m].date), ctx.meeting_row(*m)))
        .collect();
    let year_links: Vec<Value> = if territory.is_none() {
        ctx.meetings_by_year()
            .iter()
            .map(|(y, _)| json!({ "title": year_label(*y), "url": ctx.url(&format!("{base}{}/", year_slug(*y))), "current": Some(*y) == year }))
            .collect()
    } else {
        Vec::new()
    };
    let filters: Vec<Value> = site
        .territories
        .iter()
        .map(|t| json!({ "title": t.name, "url": ctx.url(&format!("{}{}/", t.path, f.meetings)), "current": territory.is_some_and(|x| site.territories[x].path == t.path) }))
        .collect();
    let mut crumbs = Vec::new();
    let mut title = ctx.t("meetings");
    if let Some(t) = territory {
        let t = &site.territories[t];
        crumbs.push((t.name.clone(), t.path.clone()));
        title = format!("{} – {}", title, t.name);
    }
    crumbs.push((ctx.t("meetings"), base.clone()));
    if let Some(y) = year {
        let label = match y {
            Year::Known(y) => y.to_string(),
            Year::Undated => ctx.t("undated"),
        };
        title = format!("{title} – {label}");
        crumbs.push((label, path.clone()));
    }
    if page > 1 {
        title = format!("{title} ({} {page})", ctx.t("page").to_lowercase());
    }
    (
        "meetings.html",
        object!({
            "title": title, "crumbs": ctx.crumbs(&crumbs),
            "upcoming": upcoming, "sections": by_year(rows),
            "years": year_links, "filters": filters,
            "all_url": ctx.url(&format!("{}/", f.meetings)),
            "pager": pager(ctx, &path, page, total),
        }),
    )
}
