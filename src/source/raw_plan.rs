//! The raw layer of plans and their activities (`<území>/plany/<plán>/_index.md` and
//! `<aktivita>.md`), as `../shared/spec/plan-and-catalogue.md` lists their fields: reading asks
//! the [`Reader`] for exactly those keys, so any other is reported as unknown. Only types and
//! required fields are judged here; codes, years, statuses and references are `resolve`'s.

use crate::czech::date::PartialDate;
use crate::diagnostics::Diagnostics;
use crate::source::frontmatter::Reader;
use crate::source::raw::L;

#[derive(Clone, Debug, Default)]
pub struct RawApproval {
    pub body: Option<L<String>>,
    pub date: Option<L<PartialDate>>,
    pub resolution: Option<L<String>>,
    /// The `[approval]` table itself (where a problem of the whole table is reported).
    pub span: std::ops::Range<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct RawExtension {
    pub until: Option<L<i64>>,
    pub decided_by: Option<L<String>>,
    pub date: Option<L<PartialDate>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawConsultation {
    pub from: Option<L<PartialDate>>,
    pub until: Option<L<PartialDate>>,
    pub to: Option<L<String>>,
    pub settlement: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawPriority {
    pub code: Option<L<String>>,
    pub title: Option<L<String>>,
    pub target_group: Option<L<String>>,
    pub cross_cutting: Option<L<bool>>,
    pub text: Option<L<String>>,
    /// The `[[priorities]]` table (for "neither a target group nor cross-cutting").
    pub span: std::ops::Range<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct RawMeasure {
    pub code: Option<L<String>>,
    pub title: Option<L<String>>,
    pub text: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawPlan {
    pub title: Option<L<String>>,
    pub period: Option<L<String>>,
    pub document: Option<L<String>>,
    pub previous: Option<L<String>>,
    pub target_groups: Vec<L<String>>,
    pub approval: Option<RawApproval>,
    pub extensions: Vec<RawExtension>,
    pub consultation: Option<RawConsultation>,
    pub priorities: Vec<RawPriority>,
    pub measures: Vec<RawMeasure>,
}

#[derive(Clone, Debug, Default)]
pub struct RawMonitoring {
    pub year: Option<L<i64>>,
    pub status: Option<L<String>>,
    pub text: Option<L<String>>,
    pub spent: Option<L<i64>>,
    pub document: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawActivity {
    pub code: Option<L<String>>,
    pub title: Option<L<String>>,
    pub organisations: Vec<L<String>>,
    pub groups: Vec<L<String>>,
    /// Slugs of services of the catalogue (`content/sluzby/<slug>.md`).
    pub services: Vec<L<String>>,
    pub target_groups: Vec<L<String>>,
    /// `None` when not written (then: every year of the plan's period).
    pub years: Option<Vec<L<i64>>>,
    pub cost: Option<L<i64>>,
    pub funding: Vec<L<String>>,
    pub indicators: Vec<L<String>>,
    pub monitoring: Vec<RawMonitoring>,
}

fn list(r: &mut Reader, key: &'static str, d: &mut Diagnostics) -> Vec<L<String>> {
    r.strings(key, d).unwrap_or_default()
}

pub fn plan(r: &mut Reader, d: &mut Diagnostics) -> RawPlan {
    let mut p = RawPlan {
        title: r.req_string(
            "title",
            "\"Komunitní plán sociálních služeb ORP Jindřichův Hradec 2020–2022\"",
            d,
        ),
        period: r.req_string("period", "\"2020–2022\"", d),
        document: r.string("document", d),
        previous: r.string("previous", d),
        target_groups: list(r, "target_groups", d),
        ..Default::default()
    };
    if let Some(mut a) = r.table("approval", d) {
        p.approval = Some(RawApproval {
            body: a.req_string("body", "\"Zastupitelstvo města Jindřichův Hradec\"", d),
            date: {
                let present = a.string_present("date");
                let v = a.date("date", d);
                if !present {
                    a.missing("date", "2019-12-16", d);
                }
                v
            },
            resolution: a.string("resolution", d),
            span: a.span(),
        });
        a.finish(d);
    }
    for mut e in r.tables("extensions", d) {
        let present = e.string_present("until");
        let until = e.integer("until", d);
        if !present {
            e.missing("until", "2023", d);
        }
        p.extensions.push(RawExtension {
            until,
            decided_by: e.string("decided_by", d),
            date: e.date("date", d),
        });
        e.finish(d);
    }
    if let Some(mut c) = r.table("consultation", d) {
        let present = c.string_present("until");
        let until = c.date("until", d);
        if !present {
            c.missing("until", "2019-06-25", d);
        }
        p.consultation = Some(RawConsultation {
            from: c.date("from", d),
            until,
            to: c.string("to", d),
            settlement: c.string("settlement", d),
        });
        c.finish(d);
    }
    for mut x in r.tables("priorities", d) {
        p.priorities.push(RawPriority {
            code: x.req_string("code", "\"1\"", d),
            title: x.req_string("title", "\"Senioři\"", d),
            target_group: x.string("target_group", d),
            cross_cutting: x.boolean("cross_cutting", d),
            text: x.string("text", d),
            span: x.span(),
        });
        x.finish(d);
    }
    for mut x in r.tables("measures", d) {
        p.measures.push(RawMeasure {
            code: x.req_string("code", "\"1.1\"", d),
            title: x.req_string("title", "\"Zachovat síť služeb pro seniory\"", d),
            text: x.string("text", d),
        });
        x.finish(d);
    }
    p
}

pub fn activity(r: &mut Reader, d: &mut Diagnostics) -> RawActivity {
    let mut a = RawActivity {
        code: r.req_string("code", "\"1.1.1\"", d),
        title: r.req_string("title", "\"Rozšíření kapacity pečovatelské služby\"", d),
        organisations: list(r, "organisations", d),
        groups: list(r, "groups", d),
        services: list(r, "services", d),
        target_groups: list(r, "target_groups", d),
        years: r.integers("years", d),
        cost: r.integer("cost", d),
        funding: list(r, "funding", d),
        indicators: list(r, "indicators", d),
        ..Default::default()
    };
    for mut m in r.tables("monitoring", d) {
        let present = m.string_present("year");
        let year = m.integer("year", d);
        if !present {
            m.missing("year", "2021", d);
        }
        a.monitoring.push(RawMonitoring {
            year,
            status: m.req_string("status", "\"plni-se\"", d),
            text: m.string("text", d),
            spent: m.integer("spent", d),
            document: m.string("document", d),
        });
        m.finish(d);
    }
    a
}
