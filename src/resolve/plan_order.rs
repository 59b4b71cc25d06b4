//! The back-links of plans and activities and their orders: a territory's plans newest period
//! first, a plan's activities and the next plan, the activities an organisation carries out
//! a group looks after and a service is named by (by plan, then code, numerically). No I/O.

use crate::model::plan::code_order;
use crate::model::*;

/// Each plan in its territory's list and its previous plan's `next`; each activity in its
/// plan's list and in the lists of its organisations, groups and services.
pub(super) fn fill_back_links(site: &mut Site) {
    for (i, p) in site.plans.iter().enumerate() {
        site.territories[p.territory].plans.push(i);
    }
    let previous: Vec<(usize, usize)> = site
        .plans
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.previous.map(|prev| (prev, i)))
        .collect();
    for (prev, i) in previous {
        site.plans[prev].next.push(i);
    }
    for (i, a) in site.activities.iter().enumerate() {
        site.plans[a.plan].activities.push(i);
        for o in &a.organisations {
            if !site.organisations[*o].activities.contains(&i) {
                site.organisations[*o].activities.push(i);
            }
        }
        for g in &a.groups {
            if !site.groups[*g].activities.contains(&i) {
                site.groups[*g].activities.push(i);
            }
        }
        for s in &a.services {
            if !site.services[*s].activities.contains(&i) {
                site.services[*s].activities.push(i);
            }
        }
    }
}

/// The order of plans: newest period first, then by path.
pub fn plan_order(plans: &[Plan], a: PlanId, b: PlanId) -> std::cmp::Ordering {
    let (x, y) = (&plans[a], &plans[b]);
    y.years.cmp(&x.years).then_with(|| x.path.cmp(&y.path))
}

/// The order of activities across plans: by territory, plan (newest first), then code.
pub fn activity_order(site: &Site, a: ActivityId, b: ActivityId) -> std::cmp::Ordering {
    let (x, y) = (&site.activities[a], &site.activities[b]);
    let (px, py) = (&site.plans[x.plan], &site.plans[y.plan]);
    px.territory
        .cmp(&py.territory)
        .then_with(|| plan_order(&site.plans, x.plan, y.plan))
        .then_with(|| code_order(&x.code, &y.code))
        .then_with(|| x.path.cmp(&y.path))
}

pub(super) fn sort_lists(site: &mut Site) {
    let plans = std::mem::take(&mut site.plans);
    for t in site.territories.iter_mut() {
        t.plans.sort_by(|a, b| plan_order(&plans, *a, *b));
    }
    site.plans = plans;
    let acts = std::mem::take(&mut site.activities);
    for p in site.plans.iter_mut() {
        p.activities
            .sort_by(|a, b| code_order(&acts[*a].code, &acts[*b].code).then_with(|| a.cmp(b)));
        p.next.sort();
    }
    site.activities = acts;
    let order =
        |v: &mut Vec<ActivityId>, site: &Site| v.sort_by(|a, b| activity_order(site, *a, *b));
    for i in 0..site.organisations.len() {
        let mut v = std::mem::take(&mut site.organisations[i].activities);
        order(&mut v, site);
        site.organisations[i].activities = v;
    }
    for i in 0..site.groups.len() {
        let mut v = std::mem::take(&mut site.groups[i].activities);
        order(&mut v, site);
        site.groups[i].activities = v;
    }
    for i in 0..site.services.len() {
        let mut v = std::mem::take(&mut site.services[i].activities);
        order(&mut v, site);
        site.services[i].activities = v;
    }
}
