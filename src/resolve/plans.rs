//! Plans and their activities (`<území>/plany/<plán>/`): the raw items resolved into
//! [`Plan`] and [`Activity`], with every rule of `plan-and-catalogue.md` checked where it was
//! written (codes and their parents, duplicates, years within the period and its extensions,
//! monitoring statuses, references). Also the folder rules: an activity lies in a plan's
//! folder, and that folder has its `_index.md`. No I/O.

use crate::fast::{HashMap, HashSet};

use super::kinds::{At, target_group};
use super::plan_checks::{Parent, duplicate, missing_parent, negative, parent, year_outside};
use super::read::{list, v};
use super::refs::Ctx;
use super::*;
use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;
use crate::model::plan::{
    Approval, Consultation, Extension, MONITORING_STATUSES, Measure, Monitoring, Priority,
    code_order,
};
use crate::source::config::Config;
use crate::source::frontmatter::Located;
use crate::source::raw_plan::{RawActivity, RawMonitoring, RawPlan};

/// The most years a period, or an extension past it, may span.
const MAX_YEARS: i16 = 20;

/// A plan: its period, references, approval, extensions, consultation, priorities and
/// measures (sorted by code, numerically).
pub(super) fn plan(
    site: &mut Site,
    ctx: &Ctx,
    at: &At,
    r: &RawPlan,
    d: &mut Diagnostics,
    config: &Config,
) {
    let file = at.file;
    let here = at.here;
    let lang = ctx.lang;
    let (period, years) = match &r.period {
        Some(p) => period(p, file, lang, d),
        None => (String::new(), (0, 0)),
    };
    let document = r
        .document
        .as_ref()
        .and_then(|x| ctx.lookup(&ctx.documents, here, x, ("dokument", "document"), file, d));
    let previous = r.previous.as_ref().and_then(|x| {
        let id = ctx.lookup(&ctx.plans, here, x, ("plán", "plan"), file, d)?;
        if ctx
            .plans
            .get(&(here.unwrap_or("").to_string(), at.slug.clone()))
            == Some(&id)
        {
            d.push(
                Diagnostic::error(
                    file,
                    Some(x.span.clone()),
                    tr(
                        lang,
                        "plán nemůže navazovat sám na sebe",
                        "a plan cannot follow itself",
                    ),
                )
                .with_hint(tr(
                    lang,
                    "do `previous` uveďte slug předchozího plánu (jméno jeho složky v plany/)",
                    "give `previous` the slug of the plan before (its folder name in plany/)",
                )),
            );
            return None;
        }
        Some(id)
    });
    let target_groups = r
        .target_groups
        .iter()
        .filter_map(|tg| target_group(config, tg, file, lang, d))
        .collect();
    let approval = r.approval.as_ref().map(|a| Approval {
        body: v(&a.body),
        date: a.date.as_ref().map(|x| x.value).unwrap_or(PartialDate {
            year: years.0,
            month: None,
            day: None,
        }),
        resolution: v(&a.resolution),
    });
    let extensions = extensions(r, &period, years, file, lang, d);
    let consultation = r.consultation.as_ref().map(|c| Consultation {
        from: c.from.as_ref().map(|x| x.value),
        until: c.until.as_ref().map(|x| x.value).unwrap_or(PartialDate {
            year: years.0,
            month: None,
            day: None,
        }),
        to: v(&c.to),
        settlement: c
            .settlement
            .as_ref()
            .and_then(|x| ctx.lookup(&ctx.documents, here, x, ("dokument", "document"), file, d)),
    });
    let priorities = priorities(r, file, lang, config, d);
    let measures = measures(r, &priorities, file, lang, d);
    site.plans.push(Plan {
        territory: at.tid,
        slug: at.slug.clone(),
        path: at.path.clone(),
        source: file.to_string(),
        title: v(&r.title),
        period,
        years,
        document,
        previous,
        next: Vec::new(),
        target_groups,
        approval,
        extensions,
        consultation,
        priorities,
        measures,
        activities: Vec::new(),
        body: Body::default(),
    });
}

/// The extensions of a plan's validity; each ends after the period, within [`MAX_YEARS`].
fn extensions(
    r: &RawPlan,
    period: &str,
    years: (i16, i16),
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> Vec<Extension> {
    r.extensions
        .iter()
        .map(|e| {
            let until = e.until.as_ref().map(|u| {
                if u.value <= years.1 as i64 || u.value > (years.1 + MAX_YEARS) as i64 {
                    d.push(
                        Diagnostic::error(
                            file,
                            Some(u.span.clone()),
                            match lang {
                                Lang::Cs => format!(
                                    "prodloužení do roku {} nekončí po období plánu {period}",
                                    u.value
                                ),
                                Lang::En => format!(
                                    "an extension until {} does not end after the plan's period {period}",
                                    u.value
                                ),
                            },
                        )
                        .with_hint(format!("until = {}", years.1 + 1)),
                    );
                }
                u.value.clamp(0, i16::MAX as i64) as i16
            });
            Extension {
                until: until.unwrap_or(years.1),
                decided_by: v(&e.decided_by),
                date: e.date.as_ref().map(|x| x.value),
            }
        })
        .collect()
}

/// "2020–2022" (or "2020-2022", "2021") → the period as shown and its first and last year.
fn period(
    p: &Located<String>,
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> (String, (i16, i16)) {
    let shown = crate::czech::date::format_period(&p.value);
    let year = |s: &str| {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let years = match shown.split_once('–') {
        Some((a, b)) => year(a).zip(year(b)),
        None => year(&shown).map(|y| (y, y)),
    };
    match years {
        // A period is a few years; a typo of a century would make a page for every year.
        Some(y) if y.1 >= y.0 && y.1 - y.0 <= MAX_YEARS => (shown, y),
        _ => {
            d.push(
                Diagnostic::error(
                    file,
                    Some(p.span.clone()),
                    match lang {
                        Lang::Cs => format!("období plánu \"{}\" nejsou roky od–do (nejvýš {MAX_YEARS} let)", p.value),
                        Lang::En => {
                            format!("the plan's period \"{}\" is not a range of years (at most {MAX_YEARS})", p.value)
                        }
                    },
                )
                .with_hint("period = \"2020–2022\""),
            );
            (p.value.clone(), (0, 0))
        }
    }
}

/// The priorities, sorted by code; each names a target group or is cross-cutting (exactly one).
fn priorities(
    r: &RawPlan,
    file: &str,
    lang: Lang,
    config: &Config,
    d: &mut Diagnostics,
) -> Vec<Priority> {
    let mut seen: HashSet<&str> = HashSet::default();
    let mut out = Vec::new();
    for p in &r.priorities {
        if let Some(c) = &p.code
            && !seen.insert(&c.value)
        {
            let other = tr(lang, "jiná priorita", "another priority");
            d.push(duplicate(file, c, &other, lang));
        }
        let cross = p.cross_cutting.as_ref().is_some_and(|c| c.value);
        let tg = p
            .target_group
            .as_ref()
            .and_then(|tg| target_group(config, tg, file, lang, d));
        match (&p.target_group, &p.cross_cutting) {
            (None, c) if !cross => d.push(
                Diagnostic::error(
                    file,
                    Some(c.as_ref().map(|c| c.span.clone()).unwrap_or(p.span.clone())),
                    match lang {
                        Lang::Cs => format!(
                            "priorita {} nemá cílovou skupinu ani není průřezová",
                            p.code.as_ref().map(|c| c.value.as_str()).unwrap_or("")
                        ),
                        Lang::En => format!(
                            "priority {} has no target group and is not cross-cutting",
                            p.code.as_ref().map(|c| c.value.as_str()).unwrap_or("")
                        ),
                    },
                )
                .with_hint(tr(
                    lang,
                    "doplňte `target_group = \"seniori\"` (slug z config.toml), nebo u priority pro všechny `cross_cutting = true`",
                    "add `target_group = \"seniori\"` (a slug of config.toml), or `cross_cutting = true` for a priority for everyone",
                )),
            ),
            (Some(_), Some(c)) if cross => d.push(
                Diagnostic::error(
                    file,
                    Some(c.span.clone()),
                    tr(
                        lang,
                        "průřezová priorita nemá vlastní cílovou skupinu",
                        "a cross-cutting priority has no target group of its own",
                    ),
                )
                .with_hint(tr(
                    lang,
                    "ponechte buď `target_group`, nebo `cross_cutting = true`",
                    "keep either `target_group` or `cross_cutting = true`",
                )),
            ),
            _ => {}
        }
        out.push(Priority {
            code: v(&p.code),
            title: v(&p.title),
            target_group: tg,
            cross_cutting: cross,
            text: v(&p.text),
        });
    }
    out.sort_by(|a, b| code_order(&a.code, &b.code));
    out
}

/// The measures, sorted by code; each code's part before its last dot is a priority.
fn measures(
    r: &RawPlan,
    priorities: &[Priority],
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> Vec<Measure> {
    let mut seen: HashSet<&str> = HashSet::default();
    let codes: Vec<&str> = priorities.iter().map(|p| p.code.as_str()).collect();
    let mut out = Vec::new();
    for m in &r.measures {
        let mut priority = 0;
        if let Some(c) = &m.code {
            if !seen.insert(&c.value) {
                let other = tr(lang, "jiné opatření", "another measure");
                d.push(duplicate(file, c, &other, lang));
            }
            match parent(&c.value).and_then(|p| codes.iter().position(|x| *x == p)) {
                Some(i) => priority = i,
                None => d.push(missing_parent(file, c, &codes, Parent::Priority, lang)),
            }
        }
        out.push(Measure {
            code: v(&m.code),
            priority,
            title: v(&m.title),
            text: v(&m.text),
        });
    }
    out.sort_by(|a, b| code_order(&a.code, &b.code));
    out
}

/// An activity of a plan: its code under an existing measure and unique in the plan, its
/// references, years and monitoring. `codes` holds the codes seen so far per plan.
#[allow(clippy::too_many_arguments)]
pub(super) fn activity<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    plan_slug: Option<&str>,
    r: &'a RawActivity,
    d: &mut Diagnostics,
    config: &Config,
    codes: &mut HashMap<(PlanId, String), &'a str>,
) {
    let file = at.file;
    let here = at.here;
    let lang = ctx.lang;
    let plan_id = plan_slug.and_then(|p| {
        ctx.plans
            .get(&(here.unwrap_or("").to_string(), p.to_string()))
            .copied()
    });
    if at.slug.len() == 4 && at.slug.bytes().all(|b| b.is_ascii_digit()) {
        d.push(named_a_year(file, &at.slug, lang));
    }
    let mut measure = 0;
    let mut default_tgs = Vec::new();
    let mut years = Vec::new();
    if let Some(pid) = plan_id {
        let plan = &site.plans[pid];
        if let Some(c) = &r.code {
            if let Some(other) = codes.insert((pid, c.value.clone()), file) {
                d.push(duplicate(file, c, other, lang));
            }
            let known: Vec<&str> = plan.measures.iter().map(|m| m.code.as_str()).collect();
            match parent(&c.value).and_then(|p| known.iter().position(|x| *x == p)) {
                Some(i) => {
                    measure = i;
                    // A measure whose priority is missing (already an error) has none.
                    if let Some(pr) = plan.priorities.get(plan.measures[i].priority) {
                        default_tgs.extend(pr.target_group);
                    }
                }
                None => d.push(missing_parent(file, c, &known, Parent::Measure, lang)),
            }
        }
        years = match &r.years {
            Some(ys) => ys
                .iter()
                .filter_map(|y| match year_outside(file, y, plan, lang) {
                    Some(e) => {
                        d.push(e);
                        None
                    }
                    None => Some(y.value as i16),
                })
                .collect(),
            None => (plan.years.0..=plan.years.1).collect(),
        };
        years.sort();
        years.dedup();
    }
    let monitoring = monitoring(&r.monitoring, plan_id.map(|p| &site.plans[p]), ctx, at, d);
    let target_groups = if r.target_groups.is_empty() {
        default_tgs
    } else {
        r.target_groups
            .iter()
            .filter_map(|tg| target_group(config, tg, file, lang, d))
            .collect()
    };
    let organisations = r
        .organisations
        .iter()
        .filter_map(|o| ctx.org(o, file, d))
        .collect();
    let groups = r
        .groups
        .iter()
        .filter_map(|g| ctx.lookup(&ctx.groups, here, g, ("skupinu", "group"), file, d))
        .collect();
    let services = r
        .services
        .iter()
        .filter_map(|s| ctx.service(s, file, d))
        .collect();
    if let Some(c) = r.cost.as_ref().filter(|c| c.value < 0) {
        d.push(negative(file, "cost", c, lang));
    }
    site.activities.push(Activity {
        plan: plan_id.unwrap_or(0),
        measure,
        slug: at.slug.clone(),
        path: at.path.clone(),
        source: file.to_string(),
        code: v(&r.code),
        title: v(&r.title),
        organisations,
        groups,
        services,
        target_groups,
        years,
        cost: r.cost.as_ref().map(|c| c.value),
        funding: list(&r.funding),
        indicators: list(&r.indicators),
        monitoring,
        body: Body::default(),
    });
}

/// An activity whose file name is a year would take the address of the plan's year view.
fn named_a_year(file: &str, slug: &str, lang: Lang) -> Diagnostic {
    Diagnostic::error(
        file,
        None,
        match lang {
            Lang::Cs => format!(
                "jméno souboru aktivity \"{slug}\" je rok: tuto adresu má přehled plánu za rok {slug}"
            ),
            Lang::En => format!(
                "the activity's file name \"{slug}\" is a year: that address is the plan's view of the year {slug}"
            ),
        },
    )
    .with_hint(tr(
        lang,
        "pojmenujte soubor podle aktivity, např. 1-1-1-pecovatelska-sluzba.md",
        "name the file after the activity, e.g. 1-1-1-home-care.md",
    ))
}

/// The monitoring of an activity, sorted by year: each year once and within the plan, each
/// status one of [`MONITORING_STATUSES`].
fn monitoring(
    raw: &[RawMonitoring],
    plan: Option<&Plan>,
    ctx: &Ctx,
    at: &At,
    d: &mut Diagnostics,
) -> Vec<Monitoring> {
    let file = at.file;
    let lang = ctx.lang;
    let mut seen: HashSet<i64> = HashSet::default();
    let mut out = Vec::new();
    for m in raw {
        let Some(year) = &m.year else { continue };
        if !seen.insert(year.value) {
            d.push(
                Diagnostic::error(
                    file,
                    Some(year.span.clone()),
                    match lang {
                        Lang::Cs => {
                            format!("rok {} je v plnění aktivity uveden dvakrát", year.value)
                        }
                        Lang::En => format!(
                            "the year {} appears twice in the activity's monitoring",
                            year.value
                        ),
                    },
                )
                .with_hint(tr(
                    lang,
                    "každý rok má jednu tabulku [[monitoring]]: sloučte je, nebo opravte rok",
                    "each year has one [[monitoring]] table: merge them or fix the year",
                )),
            );
            continue;
        }
        if let Some(e) = plan.and_then(|p| year_outside(file, year, p, lang)) {
            d.push(e);
        }
        let status = match &m.status {
            Some(s) if ctx.one_of(s, MONITORING_STATUSES, "status", file, d) => s.value.clone(),
            _ => String::new(),
        };
        if let Some(s) = m.spent.as_ref().filter(|s| s.value < 0) {
            d.push(negative(file, "spent", s, lang));
        }
        out.push(Monitoring {
            year: year.value.clamp(i16::MIN as i64, i16::MAX as i64) as i16,
            status,
            text: v(&m.text),
            spent: m.spent.as_ref().map(|s| s.value),
            document: m.document.as_ref().and_then(|x| {
                ctx.lookup(
                    &ctx.documents,
                    at.here,
                    x,
                    ("dokument", "document"),
                    file,
                    d,
                )
            }),
        });
    }
    out.sort_by_key(|m| m.year);
    out
}
