//! The raw layer of a service of the catalogue (`content/sluzby/<service>.md`): its front
//! matter as written (plan-and-catalogue.md, "service"), every value with its span. Asks the
//! [`Reader`] for exactly the spec's keys, so any other is unknown; judges types and required
//! fields only (the §, forms, references and the identifier are `resolve`'s).

use crate::czech::date::PartialDate;
use crate::diagnostics::Diagnostics;
use crate::source::frontmatter::Reader;
use crate::source::raw::L;

#[derive(Clone, Debug, Default)]
pub struct RawPlace {
    pub address: Option<L<String>>,
    pub hours: Option<L<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct RawService {
    pub title: Option<L<String>>,
    pub provider: Option<L<String>>,
    /// The § (`"40"`, `"60a"`) or `"souvisejici"`; named `type` in the file.
    pub kind: Option<L<String>>,
    pub forms: Vec<L<String>>,
    pub identifier: Option<L<String>>,
    pub target_groups: Vec<L<String>>,
    pub clients: Vec<L<String>>,
    pub ages: Vec<L<String>>,
    pub territories: Vec<L<String>>,
    pub municipalities: Vec<L<String>>,
    pub capacity: Option<L<String>>,
    pub places: Vec<RawPlace>,
    pub email: Option<L<String>>,
    pub phone: Option<L<String>>,
    pub web: Option<L<String>>,
    pub fee: Option<L<String>>,
    pub since: Option<L<PartialDate>>,
}

pub fn service(r: &mut Reader, d: &mut Diagnostics) -> RawService {
    let mut list = |r: &mut Reader, key| r.strings(key, d).unwrap_or_default();
    let forms = list(r, "forms");
    let target_groups = list(r, "target_groups");
    let clients = list(r, "clients");
    let ages = list(r, "ages");
    let territories = list(r, "territories");
    let municipalities = list(r, "municipalities");
    let mut s = RawService {
        title: r.req_string("title", "\"Pečovatelská služba Charity Kaplice\"", d),
        provider: r.req_string("provider", "\"charita-kaplice\"", d),
        kind: r.req_string("type", "\"40\"", d),
        forms,
        identifier: r.string("identifier", d),
        target_groups,
        clients,
        ages,
        territories,
        municipalities,
        capacity: r.string("capacity", d),
        email: r.string("email", d),
        phone: r.string("phone", d),
        web: r.string("web", d),
        fee: r.string("fee", d),
        since: r.date("since", d),
        places: Vec::new(),
    };
    for mut p in r.tables("places", d) {
        s.places.push(RawPlace {
            address: p.req_string("address", "\"Náměstí 1, 382 41 Kaplice\"", d),
            hours: p.string("hours", d),
        });
        p.finish(d);
    }
    s
}
