//! A news item's page.
//! Must not list other news: the territory page does.

use serde_json::{Value, json};

use crate::render::context::RenderCtx;

/// A news item.
pub(super) fn news(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let n = &site.news[i];
    let t = &site.territories[n.territory];
    (
        "news.html",
        json!({
            "title": n.title, "title_where": ctx.title_where(&n.title, Some(n.territory)),
            "body": ctx.body(&n.body), "published": ctx.date(Some(n.date)),
            "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone()), (n.title.clone(), n.path.clone())]),
            "territory": ctx.territory_link(n.territory),
        }),
    )
}
