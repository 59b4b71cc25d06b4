//! Derived titles, back-links both ways and every list in reading order (`link_up`), and
//! dropping unpublished drafts. The meeting and date orders themselves live in the model;
//! no I/O.

use super::*;
use crate::czech::Lang;
use crate::czech::collate::Collator;

/// Leave out documents under consultation (`draft = true`) when the site does not publish
/// drafts: they were validated like everything else, and every list that named them forgets
/// them, so no link points at a page that is not written.
pub(super) fn drop_drafts(site: &mut Site) {
    let keep: Vec<bool> = site.documents.iter().map(|d| !d.draft).collect();
    let mut new_id = vec![usize::MAX; keep.len()];
    let mut n = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            new_id[i] = n;
            n += 1;
        }
    }
    let remap = |v: &mut Vec<DocumentId>| {
        v.retain(|d| keep[*d]);
        for d in v.iter_mut() {
            *d = new_id[*d];
        }
    };
    for t in site.territories.iter_mut() {
        remap(&mut t.documents);
    }
    for g in site.groups.iter_mut() {
        remap(&mut g.documents);
    }
    for m in site.meetings.iter_mut() {
        remap(&mut m.documents);
    }
    for p in site.projects.iter_mut() {
        remap(&mut p.documents);
        remap(&mut p.output_documents);
    }
    // A plan may name a draft (its own text under consultation): unpublished, it is not named.
    let one = |d: &mut Option<DocumentId>| *d = d.filter(|x| keep[*x]).map(|x| new_id[x]);
    for p in site.plans.iter_mut() {
        one(&mut p.document);
        if let Some(c) = p.consultation.as_mut() {
            one(&mut c.settlement);
        }
    }
    for a in site.activities.iter_mut() {
        for m in a.monitoring.iter_mut() {
            one(&mut m.document);
        }
    }
    let mut i = 0;
    site.documents.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// A group kind's place in `GroupKind::ALL`; groups without a kind come last.
pub(super) fn group_kind_rank(kind: Option<GroupKind>) -> usize {
    GroupKind::ALL
        .iter()
        .position(|k| Some(*k) == kind)
        .unwrap_or(GroupKind::ALL.len())
}

/// Derived titles, back-links both ways, and every list in reading order.
pub(super) fn link_up(site: &mut Site) {
    let collator = Collator::new();
    derive_titles(site);
    sort_territories(site, &collator);
    fill_back_links(site);
    sort_lists(site, &collator);
}

/// Meeting titles from their group and number when they have none, and the titles of minutes.
fn derive_titles(site: &mut Site) {
    use rayon::prelude::*;
    let lang = site.config.language;
    let groups = &site.groups;
    // In parallel: some 12 ms on one core at 100,000 meetings.
    site.meetings.par_iter_mut().for_each(|m| {
        let written = std::mem::take(&mut m.title);
        (m.title, m.minutes_title) = meeting_titles(
            groups,
            m.group,
            m.number,
            m.minutes.is_some(),
            written,
            lang,
        );
    });
}

/// The title of a meeting of `group` numbered `number` (`written`, or derived from its group
/// and number when empty) and the title of its minutes (empty without them). Resolve and the
/// preview's patch both call it.
pub(super) fn meeting_titles(
    groups: &[Group],
    group: Option<GroupId>,
    number: Option<u32>,
    has_minutes: bool,
    written: String,
    lang: Lang,
) -> (String, String) {
    let label = group
        .map(|g| groups[g].genitive.as_str())
        .unwrap_or_default();
    let title = if written.is_empty() {
        crate::czech::preposition::meeting_title(number, label, lang)
    } else {
        written
    };
    let minutes_title = match (has_minutes, group) {
        (false, _) => String::new(),
        (true, Some(_)) => crate::czech::preposition::minutes_title(number, label, lang),
        (true, None) => match lang {
            Lang::Cs => format!("Zápis: {title}"),
            Lang::En => format!("Minutes: {title}"),
        },
    };
    (title, minutes_title)
}

/// Territories by name (Czech order), every territory index renumbered to match.
fn sort_territories(site: &mut Site, collator: &Collator) {
    let mut order: Vec<usize> = (0..site.territories.len()).collect();
    order.sort_by(|a, b| {
        collator
            .compare(&site.territories[*a].name, &site.territories[*b].name)
            .then_with(|| site.territories[*a].slug.cmp(&site.territories[*b].slug))
    });
    let remap: Vec<usize> = {
        let mut r = vec![0; order.len()];
        for (new, old) in order.iter().enumerate() {
            r[*old] = new;
        }
        r
    };
    let mut old = std::mem::take(&mut site.territories)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    site.territories = order.iter().filter_map(|i| old[*i].take()).collect();
    for g in site.groups.iter_mut() {
        g.territory = remap[g.territory];
    }
    for m in site.meetings.iter_mut() {
        m.territory = remap[m.territory];
    }
    for x in site.documents.iter_mut() {
        x.territory = x.territory.map(|t| remap[t]);
    }
    for p in site.projects.iter_mut() {
        p.territory = p.territory.map(|t| remap[t]);
        for t in p.territories.iter_mut() {
            *t = remap[*t];
        }
    }
    for n in site.news.iter_mut() {
        n.territory = remap[n.territory];
    }
    for s in site.services.iter_mut() {
        for t in s.territories.iter_mut() {
            *t = remap[*t];
        }
    }
    for p in site.plans.iter_mut() {
        p.territory = remap[p.territory];
    }
}

/// Back-links: each item in the lists of what it names (territory, group, project,
/// organisation), each once.
fn fill_back_links(site: &mut Site) {
    for (i, g) in site.groups.iter().enumerate() {
        site.territories[g.territory].groups.push(i);
    }
    for (i, m) in site.meetings.iter().enumerate() {
        site.territories[m.territory].meetings.push(i);
        if let Some(g) = m.group {
            site.groups[g].meetings.push(i);
        }
    }
    for (i, x) in site.documents.iter().enumerate() {
        if let Some(t) = x.territory {
            site.territories[t].documents.push(i);
        }
        if let Some(p) = x.project {
            site.projects[p].documents.push(i);
        }
        if let Some(g) = x.group {
            site.groups[g].documents.push(i);
        }
        if let Some(m) = x.meeting
            && !site.meetings[m].documents.contains(&i)
        {
            site.meetings[m].documents.push(i);
        }
    }
    for (i, p) in site.projects.iter().enumerate() {
        for t in &p.territories {
            site.territories[*t].projects.push(i);
        }
        for o in p.implementer.iter().chain(p.partners.iter()) {
            if !site.organisations[*o].projects.contains(&i) {
                site.organisations[*o].projects.push(i);
            }
        }
    }
    // Output documents belong to their project too, when they do not say so themselves.
    let extra: Vec<(usize, usize)> = site
        .projects
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.output_documents.iter().map(move |x| (i, *x)))
        .collect();
    for (i, x) in extra {
        if !site.projects[i].documents.contains(&x) {
            site.projects[i].documents.push(x);
        }
    }
    for (i, g) in site.groups.iter().enumerate() {
        for m in &g.members {
            if let Some(OrgRef::Known(o)) = m.organization
                && !site.organisations[o].groups.contains(&i)
            {
                site.organisations[o].groups.push(i);
            }
        }
    }
    for (i, t) in site.territories.iter().enumerate() {
        for c in &t.contacts {
            if let Some(OrgRef::Known(o)) = c.organization
                && !site.organisations[o].territories.contains(&i)
            {
                site.organisations[o].territories.push(i);
            }
        }
    }
    for (i, n) in site.news.iter().enumerate() {
        site.territories[n.territory].news.push(i);
    }
    for (i, s) in site.services.iter().enumerate() {
        site.organisations[s.provider].services.push(i);
        for t in &s.territories {
            if !site.territories[*t].services.contains(&i) {
                site.territories[*t].services.push(i);
            }
        }
    }
    super::plan_order::fill_back_links(site);
}

/// Every list in reading order: groups by kind and title, meetings newest first (in a group by
/// number), documents and news newest first, projects and pages by title.
fn sort_lists(site: &mut Site, collator: &Collator) {
    let meetings = &site.meetings;
    let documents = &site.documents;
    let groups = &site.groups;
    let by_date_m = |a: &usize, b: &usize| meetings_newest_first(meetings, *a, *b);
    let by_date_d = |a: &usize, b: &usize| {
        newest_first(
            (documents[*a].published, &documents[*a].path),
            (documents[*b].published, &documents[*b].path),
        )
    };
    let group_cmp = |a: &usize, b: &usize| {
        let (x, y) = (&groups[*a], &groups[*b]);
        group_kind_rank(x.kind)
            .cmp(&group_kind_rank(y.kind))
            .then_with(|| collator.compare(&x.title, &y.title))
            .then_with(|| x.path.cmp(&y.path))
    };
    // The territories' and the groups' lists of meetings in parallel (rayon): at 100,000
    // meetings sorting them was most of the 26 ms this took on one core.
    use rayon::prelude::*;
    let news = &site.news;
    site.territories.par_iter_mut().for_each(|t| {
        t.groups.sort_by(group_cmp);
        t.meetings.sort_by(by_date_m);
        t.documents.sort_by(by_date_d);
        t.news.sort_by(|a, b| {
            newest_first(
                (Some(news[*a].date), &news[*a].path),
                (Some(news[*b].date), &news[*b].path),
            )
        });
    });
    let mut group_meetings: Vec<Vec<usize>> =
        site.groups.iter().map(|g| g.meetings.clone()).collect();
    group_meetings
        .par_iter_mut()
        .for_each(|gm| gm.sort_by(|a, b| group_order(&meetings[*a], &meetings[*b])));
    let mut group_docs: Vec<Vec<usize>> = site.groups.iter().map(|g| g.documents.clone()).collect();
    for gd in group_docs.iter_mut() {
        gd.sort_by(by_date_d);
    }
    let mut org_groups: Vec<Vec<usize>> = site
        .organisations
        .iter()
        .map(|o| o.groups.clone())
        .collect();
    for og in org_groups.iter_mut() {
        og.sort_by(group_cmp);
    }
    for ((g, gm), gd) in site.groups.iter_mut().zip(group_meetings).zip(group_docs) {
        g.meetings = gm;
        g.documents = gd;
    }
    for m in site.meetings.iter_mut() {
        m.documents.sort_by(by_date_d);
    }
    for p in site.projects.iter_mut() {
        p.documents.sort_by(by_date_d);
    }
    let projects = &site.projects;
    for (o, og) in site.organisations.iter_mut().zip(org_groups) {
        o.groups = og;
        o.projects
            .sort_by(|a, b| collator.compare(&projects[*a].title, &projects[*b].title));
    }
    let services = &site.services;
    let catalogue =
        |a: &usize, b: &usize| crate::model::service::catalogue_order(services, collator, *a, *b);
    for o in site.organisations.iter_mut() {
        o.services.sort_by(catalogue);
    }
    for t in site.territories.iter_mut() {
        t.services.sort_by(catalogue);
    }
    super::plan_order::sort_lists(site);
    site.pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| collator.compare(&a.title, &b.title))
            .then_with(|| a.path.cmp(&b.path))
    });
}
