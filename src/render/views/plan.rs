//! A plan's page (its facts, status and the tree priorities → measures → activities with
//! their latest monitoring, counts per status, total cost) and its view of one year (the
//! activities that run that year, with that year's status). Must not sort codes: the model
//! keeps priorities, measures and activities in numeric code order.

use serde_json::{Value, json};

use crate::czech::size::format_czk;
use crate::i18n::label;
use crate::model::plan::MONITORING_STATUSES;
use crate::model::*;
use crate::render::context::RenderCtx;
use crate::render::plan_status::{plan_status, shown_on_territory};

impl RenderCtx<'_> {
    /// A plan as lists show it: title, link, period, status.
    pub(super) fn plan_row(&self, i: PlanId) -> Value {
        let p = &self.site.plans[i];
        let status = plan_status(self.site, i);
        json!({
            "title": p.title, "url": self.url(&p.path), "period": p.period,
            "territory": self.territory_link(p.territory),
            "status": { "key": status.key(), "label": status.label(self.lang) },
        })
    }

    /// A monitoring status as pages show it (`None`: not evaluated).
    pub(super) fn monitoring_status(&self, status: Option<&str>) -> Value {
        match status {
            Some(s) => json!({ "key": s, "label": label(self.lang, s) }),
            None => json!({ "key": "", "label": self.t("not_evaluated") }),
        }
    }

    /// An activity as a plan's tree and the back-link lists show it, with its latest status.
    pub(super) fn activity_row(&self, i: ActivityId) -> Value {
        let a = &self.site.activities[i];
        let p = &self.site.plans[a.plan];
        json!({
            "code": a.code, "title": a.title, "url": self.url(&a.path),
            "status": self.monitoring_status(a.latest_status()),
            "plan": self.link(&p.title, &p.path),
        })
    }

    /// The crumbs of a plan's pages: territory, its plans, the plan, then `more`.
    pub(super) fn plan_crumbs(&self, i: PlanId, more: &[(String, String)]) -> Value {
        let p = &self.site.plans[i];
        let t = &self.site.territories[p.territory];
        let mut items = vec![
            (t.name.clone(), t.path.clone()),
            (
                self.t("plans"),
                format!("{}{}/", t.path, self.site.config.folders.plans),
            ),
            (p.title.clone(), p.path.clone()),
        ];
        items.extend(more.iter().cloned());
        self.crumbs(&items)
    }

    /// Counts of activities per status (those without monitoring last), only those above zero.
    fn status_counts(&self, statuses: &[Option<&str>]) -> Vec<Value> {
        let mut out = Vec::new();
        for s in MONITORING_STATUSES.iter().map(|s| Some(*s)).chain([None]) {
            let n = statuses.iter().filter(|x| **x == s).count();
            if n > 0 {
                let mut v = self.monitoring_status(s);
                v["count"] = json!(n);
                out.push(v);
            }
        }
        out
    }

    /// The plans a territory's page shows (`plan_status::shown_on_territory`), each with its
    /// heading: "Platný plán", else the plan's status.
    pub(super) fn territory_plans(&self, plans: &[PlanId]) -> Vec<Value> {
        shown_on_territory(self.site, plans)
            .into_iter()
            .map(|(p, s)| {
                let heading = if s.is_valid() {
                    self.t("valid_plan")
                } else {
                    let l = s.label(self.lang);
                    let mut c = l.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                };
                let mut row = self.plan_row(p);
                row["heading"] = json!(heading);
                row["valid"] = json!(s.is_valid());
                row["document"] = json!(self.site.plans[p].document.map(|d| self.document_row(d)));
                row
            })
            .collect()
    }

    /// The years of a plan with their pages.
    fn plan_years(&self, i: PlanId, current: Option<i16>) -> Vec<Value> {
        let p = &self.site.plans[i];
        let (first, last) = p.valid_years();
        (first..=last)
            .map(|y| json!({ "year": y, "url": self.url(&format!("{}{y}/", p.path)), "current": Some(y) == current }))
            .collect()
    }
}

/// A plan's page.
pub(super) fn plan(ctx: &RenderCtx, i: PlanId) -> (&'static str, Value) {
    let site = ctx.site;
    let lang = ctx.lang;
    let p = &site.plans[i];
    let status = plan_status(site, i);
    let priorities: Vec<Value> = p
        .priorities
        .iter()
        .enumerate()
        .map(|(pi, pr)| {
            let measures: Vec<Value> = p
                .measures
                .iter()
                .enumerate()
                .filter(|(_, m)| m.priority == pi)
                .map(|(mi, m)| {
                    let activities: Vec<Value> = p
                        .activities
                        .iter()
                        .filter(|a| site.activities[**a].measure == mi)
                        .map(|a| ctx.activity_row(*a))
                        .collect();
                    json!({ "code": m.code, "title": m.title, "text": m.text, "activities": activities })
                })
                .collect();
            json!({
                "code": pr.code, "title": pr.title, "text": pr.text,
                "target_group": pr.target_group.map(|t| ctx.target_group_link(t)),
                "cross_cutting": pr.cross_cutting, "measures": measures,
            })
        })
        .collect();
    let latest: Vec<Option<&str>> = p
        .activities
        .iter()
        .map(|a| site.activities[*a].latest_status())
        .collect();
    let costs: Vec<i64> = p
        .activities
        .iter()
        .filter_map(|a| site.activities[*a].cost)
        .collect();
    let consultation = p.consultation.as_ref().map(|c| {
        json!({
            "from": ctx.date(c.from), "until": ctx.date(Some(c.until)), "to": c.to,
            "open": p.approval.is_none() && site.not_past(c.until),
            "settlement": c.settlement.map(|d| ctx.document_row(d)),
        })
    });
    (
        "plan.html",
        json!({
            "title": p.title, "title_where": plan_title_where(ctx, p),
            "body": ctx.body(&p.body),
            "crumbs": ctx.plan_crumbs(i, &[]),
            "territory": ctx.territory_link(p.territory),
            "period": p.period,
            "status": { "key": status.key(), "label": status.label(lang) },
            "approval": p.approval.as_ref().map(|a| json!({ "body": a.body, "date": ctx.date(Some(a.date)), "resolution": a.resolution })),
            "extensions": p.extensions.iter().map(|e| json!({ "until": e.until, "decided_by": e.decided_by, "date": ctx.date(e.date) })).collect::<Vec<_>>(),
            "consultation": consultation,
            "document": p.document.map(|d| ctx.document_row(d)),
            "previous": p.previous.map(|x| ctx.plan_row(x)),
            "next": p.next.iter().map(|x| ctx.plan_row(*x)).collect::<Vec<_>>(),
            "target_groups": p.target_groups.iter().map(|t| ctx.target_group_link(*t)).collect::<Vec<_>>(),
            "priorities": priorities,
            "counts": ctx.status_counts(&latest),
            "activity_count": p.activities.len(),
            "total_cost": (!costs.is_empty()).then(|| format_czk(costs.iter().fold(0i64, |a, c| a.saturating_add(*c)))),
            "years": ctx.plan_years(i, None),
        }),
    )
}

/// A plan's view of one year: the activities that run in it, each with that year's status.
pub(super) fn plan_year(ctx: &RenderCtx, i: PlanId, year: i16) -> (&'static str, Value) {
    let site = ctx.site;
    let lang = ctx.lang;
    let p = &site.plans[i];
    let mut statuses = Vec::new();
    let rows: Vec<Value> = p
        .activities
        .iter()
        .map(|a| (*a, &site.activities[*a]))
        .filter(|(_, a)| a.years.contains(&year))
        .map(|(ai, a)| {
            let m = a.monitoring.iter().find(|m| m.year == year);
            statuses.push(m.map(|m| m.status.as_str()));
            let mut row = ctx.activity_row(ai);
            row["status"] = ctx.monitoring_status(m.map(|m| m.status.as_str()));
            row["text"] = json!(m.map(|m| m.text.as_str()).unwrap_or(""));
            row["spent"] = json!(m.and_then(|m| m.spent).map(format_czk));
            row["organisations"] = json!(
                a.organisations
                    .iter()
                    .map(|o| {
                        let o = &site.organisations[*o];
                        ctx.link(&o.title, &o.path)
                    })
                    .collect::<Vec<_>>()
            );
            row
        })
        .collect();
    let title = match lang {
        crate::czech::Lang::Cs => format!("{} – rok {year}", p.title),
        crate::czech::Lang::En => format!("{} – the year {year}", p.title),
    };
    (
        "plan_year.html",
        json!({
            "title": title, "title_where": ctx.title_where(&p.title, Some(p.territory)),
            "crumbs": ctx.plan_crumbs(i, &[(year.to_string(), format!("{}{year}/", p.path))]),
            "plan": ctx.plan_row(i), "year": year,
            "activities": rows, "counts": ctx.status_counts(&statuses),
            "years": ctx.plan_years(i, Some(year)),
        }),
    )
}

/// What a plan's `<title>` adds to its name: the page is the plan as data, not the document
/// of the same name (whose page keeps the plain title), so two pages never share a title.
fn plan_title_where(ctx: &RenderCtx, p: &crate::model::Plan) -> Value {
    let what = ctx.t("plan_title_where");
    match ctx.title_where(&p.title, Some(p.territory)) {
        Value::String(place) => json!(format!("{place}, {what}")),
        _ => json!(what),
    }
}
