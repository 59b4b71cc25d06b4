//! Standalone pages: a free page of `content/`, the accessibility statement, the 404 page.
//! Must not hold lists of the site's items.

use serde_json::{Value, json};

use crate::render::context::RenderCtx;

/// A free page of `content/`.
pub(super) fn page(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let p = &site.pages[i];
    (
        "page.html",
        json!({ "title": p.title, "body": ctx.body(&p.body), "crumbs": ctx.crumbs(&[(p.title.clone(), p.path.clone())]) }),
    )
}

/// The accessibility statement (`[accessibility]` of config.toml).
pub(super) fn accessibility(ctx: &RenderCtx) -> (&'static str, Value) {
    let site = ctx.site;
    let lang = ctx.lang;
    let a = site.config.accessibility.as_ref();
    let path = a.map(|a| a.path.clone()).unwrap_or_default();
    (
        "accessibility.html",
        json!({
            "title": ctx.t("accessibility"),
            "crumbs": ctx.crumbs(&[(ctx.t("accessibility"), path)]),
            "statement": a.map(|a| crate::accessibility::view(a, &site.config.base_url, lang)),
        }),
    )
}

/// The page shown for a missing path (`404.html`).
pub(super) fn not_found(ctx: &RenderCtx) -> (&'static str, Value) {
    (
        "404.html",
        json!({ "title": ctx.t("not_found"), "crumbs": [] }),
    )
}
