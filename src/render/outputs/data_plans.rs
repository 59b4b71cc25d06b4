//! The plain collections of plans, activities and services (see [`super::data`]): their
//! records only, in the model's order. A plan's `id` is `territory/plan`, an activity's
//! `territory/plan/activity`; a plan's `status` is its status at the build date
//! (`render::plan_status`). An activity's monitoring is an array of objects in JSON and, in
//! CSV, `year:status` pairs joined by "; " (oldest first), beside `latest_year` and
//! `latest_status`; its texts, sums and documents are in the JSON only.

use super::absolute;
use super::data::{Cell, Record, Records, date, opt, reference, text};
use crate::law;
use crate::model::Site;
use crate::render::plan_status::plan_status;

/// `territory/plan` of a plan.
fn plan_id(site: &Site, i: usize) -> String {
    let p = &site.plans[i];
    reference(site, Some(p.territory), &p.slug)
}

fn doc_ref(site: &Site, d: usize) -> String {
    let d = &site.documents[d];
    reference(site, d.territory, &d.slug)
}

fn slugs<I: IntoIterator<Item = usize>>(site: &Site, tgs: I) -> Cell {
    Cell::List(
        tgs.into_iter()
            .map(|t| site.config.target_groups[t].slug.clone())
            .collect(),
    )
}

pub(super) fn plans(site: &Site) -> Records<'_> {
    Box::new((0..site.plans.len()).map(move |i| {
        let p = &site.plans[i];
        let approval = p.approval.as_ref();
        Record::default()
            .with("id", Cell::Text(plan_id(site, i)))
            .with(
                "territory",
                Cell::Text(site.territories[p.territory].slug.clone()),
            )
            .with("slug", Cell::Text(p.slug.clone()))
            .with("url", Cell::Text(absolute(site, &p.path)))
            .with("title", Cell::Text(p.title.clone()))
            .with("period", Cell::Text(p.period.clone()))
            .with("from", Cell::Int(p.years.0.into()))
            .with("to", Cell::Int(p.years.1.into()))
            .with("status", Cell::Text(plan_status(site, i).key().into()))
            .with("approved", date(approval.map(|a| a.date)))
            .with("approved_by", opt(approval.map(|a| a.body.clone())))
            .with("resolution", opt(approval.map(|a| a.resolution.clone())))
            .with(
                "extended_until",
                p.extensions
                    .iter()
                    .map(|e| e.until)
                    .max()
                    .map_or(Cell::None, |y| Cell::Int(y.into())),
            )
            .with(
                "consultation_until",
                date(p.consultation.as_ref().map(|c| c.until)),
            )
            .with("document", opt(p.document.map(|d| doc_ref(site, d))))
            .with("previous", opt(p.previous.map(|x| plan_id(site, x))))
            .with(
                "next",
                Cell::List(p.next.iter().map(|x| plan_id(site, *x)).collect()),
            )
            .with(
                "target_groups",
                slugs(site, p.target_groups.iter().copied()),
            )
            .with("priorities", Cell::Int(p.priorities.len() as i64))
            .with("measures", Cell::Int(p.measures.len() as i64))
            .with("activities", Cell::Int(p.activities.len() as i64))
    }))
}

/// An activity's monitoring: the JSON objects and the CSV's `year:status; …`.
fn monitoring(site: &Site, a: &crate::model::Activity) -> Cell {
    let rows = a
        .monitoring
        .iter()
        .map(|m| {
            Record::default()
                .with("year", Cell::Int(m.year.into()))
                .with("status", Cell::Text(m.status.clone()))
                .with("text", text(&m.text))
                .with("spent", m.spent.map_or(Cell::None, Cell::Int))
                .with("document", opt(m.document.map(|d| doc_ref(site, d))))
        })
        .collect();
    let flat = a
        .monitoring
        .iter()
        .map(|m| format!("{}:{}", m.year, m.status))
        .collect::<Vec<_>>()
        .join("; ");
    Cell::Rows(rows, flat)
}

pub(super) fn activities(site: &Site) -> Records<'_> {
    Box::new(site.activities.iter().map(move |a| {
        let p = &site.plans[a.plan];
        let m = &p.measures[a.measure];
        let pid = plan_id(site, a.plan);
        let latest = a.monitoring.last();
        Record::default()
            .with("id", Cell::Text(format!("{pid}/{}", a.slug)))
            .with(
                "territory",
                Cell::Text(site.territories[p.territory].slug.clone()),
            )
            .with("plan", Cell::Text(pid))
            .with("slug", Cell::Text(a.slug.clone()))
            .with("url", Cell::Text(absolute(site, &a.path)))
            .with("code", Cell::Text(a.code.clone()))
            .with("title", Cell::Text(a.title.clone()))
            .with(
                "priority",
                Cell::Text(p.priorities[m.priority].code.clone()),
            )
            .with("measure", Cell::Text(m.code.clone()))
            .with(
                "organisations",
                Cell::List(
                    a.organisations
                        .iter()
                        .map(|o| site.organisations[*o].slug.clone())
                        .collect(),
                ),
            )
            .with(
                "groups",
                Cell::List(
                    a.groups
                        .iter()
                        .map(|g| {
                            let g = &site.groups[*g];
                            reference(site, Some(g.territory), &g.slug)
                        })
                        .collect(),
                ),
            )
            .with(
                "services",
                Cell::List(
                    a.services
                        .iter()
                        .map(|s| site.services[*s].slug.clone())
                        .collect(),
                ),
            )
            .with(
                "target_groups",
                slugs(site, a.target_groups.iter().copied()),
            )
            .with(
                "years",
                Cell::List(a.years.iter().map(|y| y.to_string()).collect()),
            )
            .with("cost", a.cost.map_or(Cell::None, Cell::Int))
            .with("funding", Cell::List(a.funding.clone()))
            .with("indicators", Cell::List(a.indicators.clone()))
            .with(
                "latest_year",
                latest.map_or(Cell::None, |m| Cell::Int(m.year.into())),
            )
            .with("latest_status", opt(latest.map(|m| m.status.clone())))
            .with("monitoring", monitoring(site, a))
    }))
}

pub(super) fn services(site: &Site) -> Records<'_> {
    Box::new(site.services.iter().map(move |s| {
        let kind = law::kind(&s.kind).unwrap_or(&law::RELATED_KIND);
        Record::default()
            .with("slug", Cell::Text(s.slug.clone()))
            .with("url", Cell::Text(absolute(site, &s.path)))
            .with("title", Cell::Text(s.title.clone()))
            .with("type", Cell::Text(s.kind.clone()))
            .with("kind", Cell::Text(kind.name.into()))
            .with("category", Cell::Text(kind.category.slug().into()))
            .with("forms", Cell::List(s.forms.clone()))
            .with(
                "provider",
                Cell::Text(site.organisations[s.provider].slug.clone()),
            )
            .with("identifier", text(&s.identifier))
            .with(
                "target_groups",
                slugs(site, s.target_groups.iter().copied()),
            )
            .with(
                "territories",
                Cell::List(
                    s.territories
                        .iter()
                        .map(|t| site.territories[*t].slug.clone())
                        .collect(),
                ),
            )
            .with("municipalities", Cell::List(s.municipalities.clone()))
            .with("capacity", text(&s.capacity))
            .with("fee", text(&s.fee))
            .with("since", date(s.since))
            .with("email", text(&s.email))
            .with("phone", text(&s.phone))
            .with("web", text(&s.web))
            .with(
                "activities",
                Cell::List(
                    s.activities
                        .iter()
                        .map(|a| {
                            let a = &site.activities[*a];
                            format!("{}/{}", plan_id(site, a.plan), a.slug)
                        })
                        .collect(),
                ),
            )
    }))
}
