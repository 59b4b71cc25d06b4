//! The raw layer: each kind's front matter as written, every value with its span. Reading a
//! kind asks the [`Reader`] for exactly the fields content-format.md lists, so any other key
//! is reported as unknown. Values are not judged here (enums, references and files are
//! `resolve`'s job); only types and required fields are.

use crate::czech::date::PartialDate;
use crate::diagnostics::Diagnostics;
use crate::source::frontmatter::{Located, Reader};

pub type L<T> = Located<T>;

#[derive(Clone, Debug, Default)]
pub struct RawContact {
    pub name: Option<L<String>>,
    pub role: Option<L<String>>,
    pub organization: Option<L<String>>,
    pub email: Option<L<String>>,
    pub phone: Option<L<String>>,
    pub address: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawHistory {
    pub period: Option<L<String>>,
    pub title: Option<L<String>>,
    pub text: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawTerritory {
    pub title: Option<L<String>>,
    pub name: Option<L<String>>,
    pub kind: Option<L<String>>,
    pub code: Option<L<String>>,
    pub region: Option<L<String>>,
    pub municipalities: Vec<L<String>>,
    pub planning_since: Option<L<i64>>,
    pub contacts: Vec<RawContact>,
    pub history: Vec<RawHistory>,
}

#[derive(Clone, Debug, Default)]
pub struct RawMember {
    pub name: Option<L<String>>,
    pub role: Option<L<String>>,
    pub organization: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawGroup {
    pub title: Option<L<String>>,
    pub short: Option<L<String>>,
    pub title_genitive: Option<L<String>>,
    pub kind: Option<L<String>>,
    pub target_groups: Vec<L<String>>,
    pub locality: Option<L<String>>,
    pub active: Option<L<String>>,
    pub members: Vec<RawMember>,
}

#[derive(Clone, Debug, Default)]
pub struct RawMeeting {
    pub group: Option<L<String>>,
    pub date: Option<L<PartialDate>>,
    pub time: Option<L<String>>,
    pub number: Option<L<i64>>,
    pub title: Option<L<String>>,
    pub kind: Option<L<String>>,
    pub place: Option<L<String>>,
    pub agenda: Vec<L<String>>,
    pub minutes: Option<L<String>>,
    pub attachments: Vec<L<String>>,
    pub documents: Vec<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawDocument {
    pub title: Option<L<String>>,
    pub kind: Option<L<String>>,
    pub file: Option<L<String>>,
    pub url: Option<L<String>>,
    pub published: Option<L<PartialDate>>,
    pub period: Option<L<String>>,
    pub project: Option<L<String>>,
    pub group: Option<L<String>>,
    pub meeting: Option<L<String>>,
    pub draft: Option<L<bool>>,
    pub comments_until: Option<L<PartialDate>>,
    pub comments_to: Option<L<String>>,
    pub status: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawProject {
    pub title: Option<L<String>>,
    pub registration: Option<L<String>>,
    pub programme: Option<L<String>>,
    pub funding: Vec<L<String>>,
    pub implementer: Option<L<String>>,
    pub partners: Vec<L<String>>,
    pub start: Option<L<PartialDate>>,
    pub end: Option<L<PartialDate>>,
    pub budget: Option<L<i64>>,
    pub territories: Vec<L<String>>,
    pub goals: Vec<L<String>>,
    pub activities: Vec<L<String>>,
    pub outputs: Vec<L<String>>,
    pub output_documents: Vec<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawOrganisation {
    pub title: Option<L<String>>,
    pub kind: Option<L<String>>,
    pub ico: Option<L<String>>,
    pub web: Option<L<String>>,
    pub address: Option<L<String>>,
    pub email: Option<L<String>>,
    pub phone: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawNews {
    pub title: Option<L<String>>,
    pub date: Option<L<PartialDate>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawPage {
    pub title: Option<L<String>>,
    pub weight: Option<L<i64>>,
    pub menu: Option<L<bool>>,
}

fn list(r: &mut Reader, key: &'static str, d: &mut Diagnostics) -> Vec<L<String>> {
    r.strings(key, d).unwrap_or_default()
}

pub fn territory(r: &mut Reader, d: &mut Diagnostics) -> RawTerritory {
    let mut t = RawTerritory {
        title: r.req_string("title", "\"Komunitní plánování na Jindřichohradecku\"", d),
        name: r.req_string("name", "\"Jindřichův Hradec\"", d),
        kind: r.req_string("kind", "\"orp\"", d),
        code: r.string("code", d),
        region: r.string("region", d),
        municipalities: list(r, "municipalities", d),
        planning_since: r.integer("planning_since", d),
        ..Default::default()
    };
    for mut c in r.tables("contacts", d) {
        t.contacts.push(RawContact {
            name: c.string("name", d),
            role: c.string("role", d),
            organization: c.string("organization", d),
            email: c.string("email", d),
            phone: c.string("phone", d),
            address: c.string("address", d),
        });
        c.finish(d);
    }
    for mut h in r.tables("history", d) {
        t.history.push(RawHistory {
            period: h.string("period", d),
            title: h.string("title", d),
            text: h.string("text", d),
        });
        h.finish(d);
    }
    t
}

pub fn group(r: &mut Reader, d: &mut Diagnostics) -> RawGroup {
    let mut g = RawGroup {
        title: r.req_string("title", "\"Pracovní skupina Senioři\"", d),
        short: r.string("short", d),
        title_genitive: r.string("title_genitive", d),
        kind: r.req_string("kind", "\"pracovni\"", d),
        target_groups: list(r, "target_groups", d),
        locality: r.string("locality", d),
        active: r.string("active", d),
        ..Default::default()
    };
    for mut m in r.tables("members", d) {
        g.members.push(RawMember {
            name: m.req_string("name", "\"Mgr. Jana Nováková\"", d),
            role: m.string("role", d),
            organization: m.string("organization", d),
        });
        m.finish(d);
    }
    g
}

pub fn meeting(r: &mut Reader, d: &mut Diagnostics) -> RawMeeting {
    RawMeeting {
        group: r.string("group", d),
        date: r.date("date", d),
        time: r.string("time", d),
        number: r.integer("number", d),
        title: r.string("title", d),
        kind: r.string("kind", d),
        place: r.string("place", d),
        agenda: list(r, "agenda", d),
        minutes: r.string("minutes", d),
        attachments: list(r, "attachments", d),
        documents: list(r, "documents", d),
    }
}

pub fn document(r: &mut Reader, d: &mut Diagnostics) -> RawDocument {
    RawDocument {
        title: r.req_string("title", "\"Komunitní plán 2020–2022\"", d),
        kind: r.req_string("kind", "\"komunitni-plan\"", d),
        file: r.string("file", d),
        url: r.string("url", d),
        published: r.date("published", d),
        period: r.string("period", d),
        project: r.string("project", d),
        group: r.string("group", d),
        meeting: r.string("meeting", d),
        draft: r.boolean("draft", d),
        comments_until: r.date("comments_until", d),
        comments_to: r.string("comments_to", d),
        status: r.string("status", d),
    }
}

pub fn project(r: &mut Reader, d: &mut Diagnostics) -> RawProject {
    RawProject {
        title: r.req_string("title", "\"Komunitní plánování …\"", d),
        registration: r.string("registration", d),
        programme: r.string("programme", d),
        funding: list(r, "funding", d),
        implementer: r.string("implementer", d),
        partners: list(r, "partners", d),
        // content-format.md marks `start` required, but old records lack it (Kaplice's
        // project only states its end); kpss shows "start unknown" instead of inventing one.
        start: r.date("start", d),
        end: r.date("end", d),
        budget: r.integer("budget", d),
        territories: list(r, "territories", d),
        goals: list(r, "goals", d),
        activities: list(r, "activities", d),
        outputs: list(r, "outputs", d),
        output_documents: list(r, "output_documents", d),
    }
}

pub fn organisation(r: &mut Reader, d: &mut Diagnostics) -> RawOrganisation {
    RawOrganisation {
        title: r.req_string("title", "\"Město Kaplice\"", d),
        kind: r.string("kind", d),
        ico: r.string("ico", d),
        web: r.string("web", d),
        address: r.string("address", d),
        email: r.string("email", d),
        phone: r.string("phone", d),
    }
}

pub fn news(r: &mut Reader, d: &mut Diagnostics) -> RawNews {
    let title = r.req_string("title", "\"…\"", d);
    let present = r.string_present("date");
    let date = r.date("date", d);
    if !present {
        r.missing("date", "2019-06-12", d);
    }
    RawNews { title, date }
}

pub fn page(r: &mut Reader, d: &mut Diagnostics) -> RawPage {
    RawPage {
        title: r.req_string("title", "\"O plánování\"", d),
        weight: r.integer("weight", d),
        menu: r.boolean("menu", d),
    }
}
