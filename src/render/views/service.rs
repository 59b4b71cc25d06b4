//! A service's page (`/sluzby/<service>/`): every field of the catalogue's record, the § with
//! its name and category, the provider, and the activities of plans that name it. `details` is
//! the record as the printable booklet shows it too. Must not list other services.

use serde_json::{Value, json};

use crate::i18n::label;
use crate::law;
use crate::render::context::RenderCtx;

/// Every field of a service, as its page and the booklet show it.
pub(super) fn details(ctx: &RenderCtx, i: usize) -> Value {
    let site = ctx.site;
    let s = &site.services[i];
    let mut v = ctx.service_row(i);
    let places: Vec<Value> = s
        .places
        .iter()
        .map(|p| json!({ "address": p.address, "hours": p.hours }))
        .collect();
    let activities: Vec<Value> = s.activities.iter().map(|a| ctx.activity_row(*a)).collect();
    let extra = json!({
        "identifier": s.identifier,
        "clients": s.clients,
        "ages": s.ages,
        "municipalities": s.municipalities,
        "capacity": s.capacity,
        "places": places,
        "email": s.email,
        "phone": s.phone,
        "web": s.web,
        "fee": (!s.fee.is_empty()).then(|| label(ctx.lang, &s.fee)),
        "since": ctx.date(s.since),
        "activities": activities,
        "page_url": crate::render::outputs::absolute(site, &s.path),
    });
    if let (Value::Object(v), Value::Object(extra)) = (&mut v, extra) {
        v.extend(extra);
    }
    v
}

/// A service's page.
pub(super) fn service(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let s = &site.services[i];
    let kind = law::kind(&s.kind).unwrap_or(&law::RELATED_KIND);
    let mut v = details(ctx, i);
    v["body"] = json!(ctx.body(&s.body));
    v["crumbs"] = ctx.crumbs(&[
        (ctx.t("services"), format!("{}/", f.services)),
        (s.title.clone(), s.path.clone()),
    ]);
    v["registered"] = json!(kind.category != law::Category::Related);
    // A service is often named like its provider: its kind tells the two pages apart.
    v["title_where"] = json!(match ctx.lang {
        crate::czech::Lang::Cs => kind.name,
        crate::czech::Lang::En => kind.name_en,
    });
    ("service.html", v)
}
