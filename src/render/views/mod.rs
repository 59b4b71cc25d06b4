//! The view of each page: `view` builds the JSON a job's template gets, and `globals` are the
//! values every template sees. Must not write anything nor list pages; a view builds only the
//! slice of the site its page shows.

use serde_json::{Value, json};

use super::context::RenderCtx;
use super::lists::*;
use super::plan::Job;
use super::sitemap::{robots, sitemap_placeholder};
use crate::czech::Lang;
use crate::i18n::{UI, kind_plural, label, tr};
use crate::model::*;

/// The template and the view (JSON) of one job.
pub(super) fn view(ctx: &RenderCtx, job: &Job) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    match job {
        Job::Home => {
            let upcoming: Vec<Value> = {
                let mut v: Vec<usize> = (0..site.meetings.len())
                    .filter(|i| site.is_upcoming(&site.meetings[*i]))
                    .collect();
                v.sort_by_key(|i| (site.meetings[*i].date, site.meetings[*i].time));
                v.into_iter().take(10).map(|i| ctx.meeting_row(i)).collect()
            };
            let newest: Vec<Value> = doc_entries(ctx, None, None)
                .into_iter()
                .filter(|e| matches!(e, DocEntry::Doc(_)))
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
                        "kind": label(lang, &t.kind),
                        "group_count": t.groups.len(), "meeting_count": t.meetings.len(),
                        "document_count": t.documents.len(),
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
        Job::Territory(i) => {
            let t = &site.territories[*i];
            let plan = t
                .documents
                .iter()
                .find(|d| site.documents[**d].kind == "komunitni-plan")
                .map(|d| ctx.document_row(*d));
            let mut kinds: Vec<(usize, Value)> = Vec::new();
            for k in crate::resolve::DOCUMENT_KINDS {
                let docs: Vec<Value> = t
                    .documents
                    .iter()
                    .filter(|d| site.documents[**d].kind == *k)
                    .map(|d| ctx.document_row(*d))
                    .collect();
                if !docs.is_empty() {
                    kinds.push((
                        docs.len(),
                        json!({ "kind": kind_plural(lang, k), "slug": k, "items": docs }),
                    ));
                }
            }
            let contacts: Vec<Value> = t
                .contacts
                .iter()
                .map(|c| json!({ "name": c.name, "role": c.role, "organization": ctx.org_ref(&c.organization), "email": c.email, "phone": c.phone, "address": c.address }))
                .collect();
            let history: Vec<Value> = t
                .history
                .iter()
                .map(|h| json!({ "period": h.period, "title": h.title, "text": h.text }))
                .collect();
            let upcoming: Vec<Value> = t
                .meetings
                .iter()
                .filter(|m| site.is_upcoming(&site.meetings[**m]))
                .map(|m| ctx.meeting_row(*m))
                .collect();
            let recent: Vec<Value> = t
                .meetings
                .iter()
                .filter(|m| !site.is_upcoming(&site.meetings[**m]))
                .take(10)
                .map(|m| ctx.meeting_row(*m))
                .collect();
            (
                "territory.html",
                json!({
                    "title": t.title, "name": t.name, "body": ctx.body(&t.body),
                    "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone())]),
                    "kind": label(lang, &t.kind), "code": t.code, "region": t.region,
                    "municipalities": t.municipalities, "planning_since": t.planning_since,
                    "current_plan": plan,
                    "projects": t.projects.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>(),
                    "groups": t.groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
                    "upcoming": upcoming, "recent_meetings": recent,
                    "meeting_count": t.meetings.len(),
                    "document_kinds": kinds.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
                    "news": t.news.iter().map(|n| { let n = &site.news[*n]; json!({"title": n.title, "url": ctx.url(&n.path), "date": ctx.date(Some(n.date))}) }).collect::<Vec<_>>(),
                    "contacts": contacts, "history": history,
                    "urls": {
                        "groups": ctx.url(&format!("{}{}/", t.path, f.groups)),
                        "meetings": ctx.url(&format!("{}{}/", t.path, f.meetings)),
                        "documents": ctx.url(&format!("{}{}/", t.path, f.documents)),
                    },
                }),
            )
        }
        Job::Group(i) => {
            let g = &site.groups[*i];
            let t = &site.territories[g.territory];
            let members: Vec<Value> = {
                let mut m: Vec<&Member> = g.members.iter().collect();
                let coll = crate::czech::collate::Collator::new();
                m.sort_by(|a, b| {
                    coll.compare(
                        &crate::czech::collate::Collator::person_key(&a.name),
                        &crate::czech::collate::Collator::person_key(&b.name),
                    )
                });
                m.iter()
                    .map(|x| json!({ "name": x.name, "role": x.role, "organization": ctx.org_ref(&x.organization) }))
                    .collect()
            };
            (
                "group.html",
                json!({
                    "title": g.title, "short": g.short, "body": ctx.body(&g.body),
                    "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone()), (g.title.clone(), g.path.clone())]),
                    "kind": label(lang, &g.kind), "territory": ctx.territory_link(g.territory),
                    "target_groups": g.target_groups.iter().map(|x| ctx.target_group_link(*x)).collect::<Vec<_>>(),
                    "locality": g.locality, "active": g.active, "members": members,
                    "meetings": g.meetings.iter().map(|m| ctx.meeting_row(*m)).collect::<Vec<_>>(),
                    "documents": g.documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                }),
            )
        }
        Job::Meeting(i) => {
            let m = &site.meetings[*i];
            let t = &site.territories[m.territory];
            let mut crumbs = vec![(t.name.clone(), t.path.clone())];
            let (mut prev, mut next) = (Value::Null, Value::Null);
            if let Some(g) = m.group {
                let grp = &site.groups[g];
                crumbs.push((grp.title.clone(), grp.path.clone()));
                if let Some(pos) = grp.meetings.iter().position(|x| x == i) {
                    if pos > 0 {
                        prev = ctx.meeting_row(grp.meetings[pos - 1]);
                    }
                    if let Some(n) = grp.meetings.get(pos + 1) {
                        next = ctx.meeting_row(*n);
                    }
                }
            } else {
                crumbs.push((ctx.t("meetings"), format!("{}{}/", t.path, f.meetings)));
            }
            crumbs.push((m.title.clone(), m.path.clone()));
            let weekday = m
                .date
                .and_then(|d| d.to_civil())
                .filter(|_| lang == Lang::Cs)
                .map(crate::czech::date::weekday_cs);
            (
                "meeting.html",
                json!({
                    "title": m.title, "body": ctx.body(&m.body), "crumbs": ctx.crumbs(&crumbs),
                    "meeting": ctx.meeting_row(*i),
                    "date_long": m.date.map(|d| d.format_long(lang)), "weekday": weekday,
                    "place": m.place, "agenda": m.agenda,
                    "attachments": m.attachments.iter().map(|a| ctx.file(a)).collect::<Vec<_>>(),
                    "documents": m.documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                    "previous": prev, "next": next,
                }),
            )
        }
        Job::Document(i) => {
            let x = &site.documents[*i];
            let mut crumbs = Vec::new();
            if let Some(t) = x.territory {
                let t = &site.territories[t];
                crumbs.push((t.name.clone(), t.path.clone()));
                crumbs.push((ctx.t("documents"), format!("{}{}/", t.path, f.documents)));
            }
            crumbs.push((x.title.clone(), x.path.clone()));
            (
                "document.html",
                json!({
                    "title": x.title, "body": ctx.body(&x.body), "crumbs": ctx.crumbs(&crumbs),
                    "document": ctx.document_row(*i),
                    "status": if x.status.is_empty() { String::new() } else if x.status == "pracovni" { label(lang, "pracovni-verze") } else { label(lang, &x.status) },
                    "project": x.project.map(|p| ctx.link(&site.projects[p].title, &site.projects[p].path)),
                    "group": x.group.map(|g| ctx.group_link(g)),
                    "meeting": x.meeting.map(|m| ctx.link(&site.meetings[m].title, &site.meetings[m].path)),
                    "comments_until": ctx.date(x.comments_until),
                    "comments_to": x.comments_to,
                }),
            )
        }
        Job::Project(i) => {
            let p = &site.projects[*i];
            let mut crumbs = Vec::new();
            if let Some(t) = p.territory {
                let t = &site.territories[t];
                crumbs.push((t.name.clone(), t.path.clone()));
            } else {
                crumbs.push((ctx.t("projects"), format!("{}/", f.projects)));
            }
            crumbs.push((p.title.clone(), p.path.clone()));
            (
                "project.html",
                json!({
                    "title": p.title, "body": ctx.body(&p.body), "crumbs": ctx.crumbs(&crumbs),
                    "project": ctx.project_row(*i),
                    "programme": p.programme, "funding": p.funding,
                    "implementer": p.implementer.map(|o| ctx.org_ref(&Some(OrgRef::Known(o)))),
                    "partners": p.partners.iter().map(|o| ctx.org_ref(&Some(OrgRef::Known(*o)))).collect::<Vec<_>>(),
                    "budget": p.budget.map(crate::czech::size::format_czk),
                    "goals": p.goals, "activities": p.activities, "outputs": p.outputs,
                    "output_documents": p.output_documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                    "documents": p.documents.iter().filter(|d| !p.output_documents.contains(d)).map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
                }),
            )
        }
        Job::Organisation(i) => {
            let o = &site.organisations[*i];
            let docs: Vec<Value> = {
                // Documents of the projects this organisation runs or partners in.
                let mut v: Vec<usize> = o
                    .projects
                    .iter()
                    .flat_map(|p| site.projects[*p].documents.iter().copied())
                    .collect();
                v.sort();
                v.dedup();
                v.into_iter().map(|d| ctx.document_row(d)).collect()
            };
            (
                "organisation.html",
                json!({
                    "title": o.title, "body": ctx.body(&o.body),
                    "crumbs": ctx.crumbs(&[(ctx.t("organisations"), format!("{}/", f.organisations)), (o.title.clone(), o.path.clone())]),
                    "kind": o.kind, "ico": o.ico, "web": o.web, "address": o.address,
                    "email": o.email, "phone": o.phone,
                    "projects": o.projects.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>(),
                    "groups": o.groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
                    "territories": o.territories.iter().map(|t| ctx.territory_link(*t)).collect::<Vec<_>>(),
                    "documents": docs,
                }),
            )
        }
        Job::News(i) => {
            let n = &site.news[*i];
            let t = &site.territories[n.territory];
            (
                "news.html",
                json!({
                    "title": n.title, "body": ctx.body(&n.body), "published": ctx.date(Some(n.date)),
                    "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone()), (n.title.clone(), n.path.clone())]),
                    "territory": ctx.territory_link(n.territory),
                }),
            )
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
            (
                "page.html",
                json!({ "title": p.title, "body": ctx.body(&p.body), "crumbs": ctx.crumbs(&[(p.title.clone(), p.path.clone())]) }),
            )
        }
        Job::Meetings {
            territory,
            year,
            page,
        } => {
            let all = meeting_list(ctx, *territory);
            let list: &[usize] = match year {
                Some(y) => ctx
                    .meetings_by_year()
                    .iter()
                    .find(|(x, _)| x == y)
                    .map(|(_, l)| l.as_slice())
                    .unwrap_or_default(),
                None => all,
            };
            let upcoming: Vec<Value> = if *page == 1 && year.is_none() {
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
                Some(y) => format!("{base}{}/", year_slug(*y)),
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
                    .map(|(y, _)| json!({ "title": year_label(*y), "url": ctx.url(&format!("{base}{}/", year_slug(*y))), "current": Some(*y) == *year }))
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
                let t = &site.territories[*t];
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
            if *page > 1 {
                title = format!("{title} ({} {page})", ctx.t("page").to_lowercase());
            }
            (
                "meetings.html",
                json!({
                    "title": title, "crumbs": ctx.crumbs(&crumbs),
                    "upcoming": upcoming, "sections": by_year(rows),
                    "years": year_links, "filters": filters,
                    "all_url": ctx.url(&format!("{}/", f.meetings)),
                    "pager": pager(ctx, &path, *page, total), "count": all.len(),
                }),
            )
        }
        Job::Documents {
            territory,
            kind,
            page,
        } => {
            let entries = doc_entries(ctx, *territory, kind.as_deref());
            let prefix = territory
                .map(|t| site.territories[t].path.clone())
                .unwrap_or_default();
            let base = format!("{prefix}{}/", f.documents);
            let mut crumbs = Vec::new();
            let mut title = ctx.t("documents");
            if let Some(t) = territory {
                let t = &site.territories[*t];
                crumbs.push((t.name.clone(), t.path.clone()));
                title = format!("{title} – {}", t.name);
            }
            crumbs.push((ctx.t("documents"), base.clone()));
            let kinds_nav: Vec<Value> = if territory.is_none() {
                crate::resolve::DOCUMENT_KINDS
                    .iter()
                    .filter(|k| {
                        entries_any(site, k)
                    })
                    .map(|k| json!({ "title": kind_plural(lang, k), "url": ctx.url(&format!("{base}{k}/")), "current": kind.as_deref() == Some(*k) }))
                    .collect()
            } else {
                Vec::new()
            };
            match kind {
                Some(k) => {
                    let path = format!("{base}{k}/");
                    title = kind_plural(lang, k);
                    crumbs.push((title.clone(), path.clone()));
                    let total = pages_for(entries.len());
                    let rows: Vec<(Year, Value)> = entries
                        .iter()
                        .skip((page - 1) * PER_PAGE)
                        .take(PER_PAGE)
                        .map(|e| (year_of(entry_date(site, *e)), ctx.entry_row(*e)))
                        .collect();
                    if *page > 1 {
                        title = format!("{title} ({} {page})", ctx.t("page").to_lowercase());
                    }
                    (
                        "documents.html",
                        json!({
                            "title": title, "crumbs": ctx.crumbs(&crumbs), "kinds": kinds_nav,
                            "sections": [{ "kind": null, "years": by_year(rows), "more": null }],
                            "pager": pager(ctx, &path, *page, total),
                        }),
                    )
                }
                None => {
                    // Each kind with its newest rows; the full list is on the kind's page.
                    let mut sections = Vec::new();
                    for k in crate::resolve::DOCUMENT_KINDS {
                        let of_kind: Vec<DocEntry> = entries
                            .iter()
                            .copied()
                            .filter(|e| match e {
                                DocEntry::Doc(i) => site.documents[*i].kind == *k,
                                DocEntry::Minutes(_) => *k == "zapis",
                            })
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
                            json!({ "url": ctx.url(&format!("{}/{k}/", f.documents)), "count": of_kind.len() })
                        });
                        sections.push(json!({ "kind": kind_plural(lang, k), "slug": k, "years": by_year(rows), "more": more }));
                    }
                    (
                        "documents.html",
                        json!({ "title": title, "crumbs": ctx.crumbs(&crumbs), "kinds": kinds_nav, "sections": sections, "pager": null }),
                    )
                }
            }
        }
        Job::Groups(territory) => {
            let list: Vec<usize> = match territory {
                Some(t) => site.territories[*t].groups.clone(),
                None => site
                    .territories
                    .iter()
                    .flat_map(|t| t.groups.iter().copied())
                    .collect(),
            };
            let mut sections = Vec::new();
            for k in crate::resolve::GROUP_KINDS {
                let of_kind: Vec<usize> = list
                    .iter()
                    .copied()
                    .filter(|g| site.groups[*g].kind == *k)
                    .collect();
                if of_kind.is_empty() {
                    continue;
                }
                // Then by target group: groups of each target group, and those of none.
                let mut subs = Vec::new();
                for (ti, tg) in site.config.target_groups.iter().enumerate() {
                    let rows: Vec<Value> = of_kind
                        .iter()
                        .filter(|g| site.groups[**g].target_groups.first() == Some(&ti))
                        .map(|g| ctx.group_row(*g))
                        .collect();
                    if !rows.is_empty() {
                        subs.push(json!({ "title": tg.name, "items": rows }));
                    }
                }
                let rest: Vec<Value> = of_kind
                    .iter()
                    .filter(|g| site.groups[**g].target_groups.is_empty())
                    .map(|g| ctx.group_row(*g))
                    .collect();
                if !rest.is_empty() {
                    subs.push(json!({ "title": null, "items": rest }));
                }
                sections.push(json!({ "kind": kind_plural(lang, k), "subs": subs }));
            }
            let mut crumbs = Vec::new();
            let mut title = ctx.t("groups");
            if let Some(t) = territory {
                let t = &site.territories[*t];
                crumbs.push((t.name.clone(), t.path.clone()));
                crumbs.push((title.clone(), format!("{}{}/", t.path, f.groups)));
                title = format!("{title} – {}", t.name);
            } else {
                crumbs.push((title.clone(), format!("{}/", f.groups)));
            }
            (
                "groups.html",
                json!({ "title": title, "crumbs": ctx.crumbs(&crumbs), "sections": sections, "show_territory": territory.is_none() }),
            )
        }
        Job::TargetGroups => {
            let items: Vec<Value> = (0..site.config.target_groups.len())
                .map(|i| {
                    let mut l = ctx.target_group_link(i);
                    l["count"] = json!(
                        site.groups
                            .iter()
                            .filter(|g| g.target_groups.contains(&i))
                            .count()
                    );
                    l
                })
                .collect();
            (
                "target_groups.html",
                json!({ "title": ctx.t("target_groups"), "crumbs": ctx.crumbs(&[(ctx.t("target_groups"), format!("{}/", f.target_groups))]), "items": items }),
            )
        }
        Job::TargetGroup(i) => {
            let tg = &site.config.target_groups[*i];
            let groups: Vec<usize> = site
                .territories
                .iter()
                .flat_map(|t| t.groups.iter().copied())
                .filter(|g| site.groups[*g].target_groups.contains(i))
                .collect();
            let mut meetings: Vec<usize> = groups
                .iter()
                .flat_map(|g| site.groups[*g].meetings.iter().copied())
                .collect();
            meetings.sort_by(|a, b| {
                let (x, y) = (&site.meetings[*a], &site.meetings[*b]);
                match (x.date, y.date) {
                    (Some(p), Some(q)) => q.cmp(&p),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| x.path.cmp(&y.path))
            });
            let meeting_count = meetings.len();
            let mut docs: Vec<usize> = groups
                .iter()
                .flat_map(|g| site.groups[*g].documents.iter().copied())
                .collect();
            docs.sort();
            docs.dedup();
            (
                "target_group.html",
                json!({
                    "title": tg.name,
                    "crumbs": ctx.crumbs(&[(ctx.t("target_groups"), format!("{}/", f.target_groups)), (tg.name.clone(), format!("{}/{}/", f.target_groups, tg.slug))]),
                    "groups": groups.iter().map(|g| ctx.group_row(*g)).collect::<Vec<_>>(),
                    "meetings": meetings.into_iter().take(PER_PAGE).map(|m| ctx.meeting_row(m)).collect::<Vec<_>>(),
                    "meeting_count": meeting_count,
                    "documents": docs.into_iter().map(|d| ctx.document_row(d)).collect::<Vec<_>>(),
                }),
            )
        }
        Job::Projects => {
            let mut list: Vec<usize> = (0..site.projects.len()).collect();
            list.sort_by(|a, b| {
                let (x, y) = (&site.projects[*a], &site.projects[*b]);
                y.start.cmp(&x.start).then_with(|| x.path.cmp(&y.path))
            });
            (
                "projects.html",
                json!({ "title": ctx.t("projects"), "crumbs": ctx.crumbs(&[(ctx.t("projects"), format!("{}/", f.projects))]), "items": list.iter().map(|p| ctx.project_row(*p)).collect::<Vec<_>>() }),
            )
        }
        Job::Organisations => {
            let coll = crate::czech::collate::Collator::new();
            let mut list: Vec<usize> = (0..site.organisations.len()).collect();
            list.sort_by(|a, b| {
                coll.compare(&site.organisations[*a].title, &site.organisations[*b].title)
                    .then_with(|| a.cmp(b))
            });
            let items: Vec<Value> = list
                .iter()
                .map(|o| {
                    let o = &site.organisations[*o];
                    json!({ "title": o.title, "url": ctx.url(&o.path), "kind": o.kind, "project_count": o.projects.len(), "group_count": o.groups.len() })
                })
                .collect();
            (
                "organisations.html",
                json!({ "title": ctx.t("organisations"), "crumbs": ctx.crumbs(&[(ctx.t("organisations"), format!("{}/", f.organisations))]), "items": items }),
            )
        }
        Job::Accessibility => {
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
        Job::NotFound => (
            "404.html",
            json!({ "title": ctx.t("not_found"), "crumbs": [] }),
        ),
        Job::Sitemap => sitemap_placeholder(),
        Job::Robots => robots(ctx),
    }
}

/// The site-wide values every template sees as `site` and `t`.
pub fn globals(site: &Site) -> Value {
    let lang = site.config.language;
    let base = site.config.base_path.as_str();
    let t: serde_json::Map<String, Value> = UI
        .iter()
        .map(|(k, cs, en)| (k.to_string(), json!(tr(lang, cs, en))))
        .collect();
    let f = &site.config.folders;
    let menu: Vec<Value> = site
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| json!({ "title": p.title, "url": format!("{base}{}", p.path) }))
        .collect();
    json!({
        "site": {
            "title": site.config.title,
            "description": site.config.description,
            "lang": match lang { Lang::Cs => "cs", Lang::En => "en" },
            "base": base,
            "base_url": site.config.base_url,
            "build_date": site.build_date.to_string(),
            "menu": menu,
            "urls": {
                "groups": format!("{base}{}/", f.groups),
                "meetings": format!("{base}{}/", f.meetings),
                "documents": format!("{base}{}/", f.documents),
                "projects": format!("{base}{}/", f.projects),
                "organisations": format!("{base}{}/", f.organisations),
                "target_groups": format!("{base}{}/", f.target_groups),
                "accessibility": site.config.accessibility.as_ref().map(|a| format!("{base}{}", a.path)),
            },
        },
        "t": t,
    })
}
