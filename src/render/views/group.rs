//! A working group's page and the lists of groups (by kind, then by target group).
//! Must not re-sort a group's meetings: the model keeps them in reading order.

use serde_json::{Value, json};

use crate::i18n::{kind_label_or_empty, kind_plural};
use crate::model::*;
use crate::render::context::RenderCtx;

/// A working group's page: members, meetings, documents.
pub(super) fn group(ctx: &RenderCtx, i: usize) -> (&'static str, Value) {
    let site = ctx.site;
    let lang = ctx.lang;
    let g = &site.groups[i];
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
        object!({
            "title": g.title.as_str(), "title_where": ctx.title_where(&g.title, Some(g.territory)),
            "short": g.short.clone(), "body": ctx.body(&g.body),
            "crumbs": ctx.crumbs(&[(t.name.clone(), t.path.clone()), (g.title.clone(), g.path.clone())]),
            "kind": kind_label_or_empty(lang, g.kind), "territory": ctx.territory_link(g.territory),
            "target_groups": g.target_groups.iter().map(|x| ctx.target_group_link(*x)).collect::<Vec<_>>(),
            "locality": g.locality.clone(), "active": g.active.clone(), "members": members,
            "meetings": g.meetings.iter().map(|m| ctx.meeting_row(*m)).collect::<Vec<_>>(),
            "documents": g.documents.iter().map(|d| ctx.document_row(*d)).collect::<Vec<_>>(),
            "activities": g.activities.iter().map(|a| ctx.activity_row(*a)).collect::<Vec<_>>(),
        }),
    )
}

/// The list of groups (site-wide or a territory's), by kind, then by target group.
pub(super) fn groups(ctx: &RenderCtx, territory: Option<usize>) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let lang = ctx.lang;
    let list: Vec<usize> = match territory {
        Some(t) => site.territories[t].groups.clone(),
        None => site
            .territories
            .iter()
            .flat_map(|t| t.groups.iter().copied())
            .collect(),
    };
    let mut sections = Vec::new();
    for &k in GroupKind::ALL {
        let of_kind: Vec<usize> = list
            .iter()
            .copied()
            .filter(|g| site.groups[*g].kind == Some(k))
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
                subs.push(object!({ "title": tg.name.as_str(), "items": rows }));
            }
        }
        let rest: Vec<Value> = of_kind
            .iter()
            .filter(|g| site.groups[**g].target_groups.is_empty())
            .map(|g| ctx.group_row(*g))
            .collect();
        if !rest.is_empty() {
            subs.push(object!({ "title": Value::Null, "items": rest }));
        }
        sections.push(object!({ "kind": kind_plural(lang, k), "subs": subs }));
    }
    let mut crumbs = Vec::new();
    let mut title = ctx.t("groups");
    if let Some(t) = territory {
        let t = &site.territories[t];
        crumbs.push((t.name.clone(), t.path.clone()));
        crumbs.push((title.clone(), format!("{}{}/", t.path, f.groups)));
        title = format!("{title} – {}", t.name);
    } else {
        crumbs.push((title.clone(), format!("{}/", f.groups)));
    }
    (
        "groups.html",
        object!({ "title": title, "crumbs": ctx.crumbs(&crumbs), "sections": sections, "show_territory": territory.is_none() }),
    )
}
