//! Plain open data: `/data/<collection>.json` and `/data/<collection>.csv` for every collection
//! of [`COLLECTIONS`]. A collection is one small function returning [`Record`]s; the writer
//! turns the same records into a JSON array of objects and into CSV (header, UTF-8, RFC 4180
//! quoting by the `csv` crate), so both files always hold the same records with the same
//! fields. Every record has its absolute `url`; references are slugs (`territory/slug` for
//! items that live in a territory, as the content format writes a reference from elsewhere);
//! dates are ISO strings at their precision ("2019", "2019-06", "2019-06-12").
//! To add a collection: write its function and add a line to [`COLLECTIONS`] (those of plans,
//! activities and services are in `data_plans`). Must not sort: records follow the model's
//! order.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::data_plans::{activities, plans, services};
use super::pieces::{Assembly, Kind, Pieces, Text};
use super::{Format, absolute};
use crate::czech::date::PartialDate;
use crate::model::{DocumentKind, DocumentStatus, GroupKind, Site, TerritoryKind};
use crate::render::context::RenderCtx;

/// One field's value.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    /// Missing: `null` in JSON, empty in CSV.
    None,
    Int(i64),
    Bool(bool),
    /// A list (slugs, names): an array in JSON, joined by "; " in CSV.
    List(Vec<String>),
    /// Nested records (an activity's monitoring): an array of objects in JSON; in CSV the
    /// flat text given beside them.
    Rows(Vec<Record>, String),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::None => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::List(l) => l.join("; "),
            Cell::Rows(_, flat) => flat.clone(),
        }
    }
}

pub(super) fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::None
    } else {
        Cell::Text(s.to_string())
    }
}

pub(super) fn date(d: Option<PartialDate>) -> Cell {
    d.map_or(Cell::None, |d| Cell::Text(d.iso()))
}

pub(super) fn opt(s: Option<String>) -> Cell {
    s.map_or(Cell::None, Cell::Text)
}

/// A collection's records, made one at a time.
pub type Records<'a> = Box<dyn Iterator<Item = Record> + 'a>;

/// One record: its fields in the order of the CSV columns.
#[derive(Clone, Debug, Default)]
pub struct Record(pub Vec<(&'static str, Cell)>);

impl Record {
    pub(super) fn with(mut self, key: &'static str, value: Cell) -> Record {
        self.0.push((key, value));
        self
    }

    /// A field's value (for the catalogue's temporal coverage).
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(t) => s.serialize_str(t),
            Cell::None => s.serialize_none(),
            Cell::Int(i) => s.serialize_i64(*i),
            Cell::Bool(b) => s.serialize_bool(*b),
            Cell::List(l) => l.serialize(s),
            Cell::Rows(rows, _) => rows.serialize(s),
        }
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A published collection: its file name, names for the catalogue, and its records.
pub struct Collection {
    /// The file name without extension (`meetings`).
    pub slug: &'static str,
    /// The dataset's name in the catalogue (Czech, English).
    pub title: (&'static str, &'static str),
    pub description: (&'static str, &'static str),
    /// The field whose dates give the dataset's temporal coverage, if any.
    pub date_field: Option<&'static str>,
    /// The fields of every record, in order: the CSV header, also of an empty collection
    /// (a test checks that the records have exactly these).
    pub fields: &'static [&'static str],
    /// Whether a record shows meeting data (the preview re-renders it after a meeting edit).
    pub shows_meetings: bool,
    /// The records one at a time: a file is written as they come, so 100,000 meetings are
    /// never all held as records.
    pub records: fn(&Site) -> Records<'_>,
}

/// Every collection, in the order of the catalogue.
pub const COLLECTIONS: &[Collection] = &[
    Collection {
        slug: "territories",
        title: (
            "Území komunitního plánování",
            "Territories of community planning",
        ),
        description: (
            "Území (ORP, pověřené obce, mikroregiony), v nichž probíhá komunitní plánování sociálních služeb.",
            "The territories where social services are planned.",
        ),
        date_field: None,
        shows_meetings: false,
        fields: &[
            "slug",
            "url",
            "title",
            "name",
            "kind",
            "code",
            "region",
            "municipalities",
            "planning_since",
        ],
        records: territories,
    },
    Collection {
        slug: "groups",
        title: ("Pracovní skupiny", "Working groups"),
        description: (
            "Řídicí, koordinační a pracovní skupiny komunitního plánování.",
            "Steering, coordination and working groups of the planning.",
        ),
        date_field: None,
        shows_meetings: true,
        fields: &[
            "id",
            "territory",
            "slug",
            "url",
            "title",
            "short",
            "kind",
            "target_groups",
            "locality",
            "active",
            "members",
            "meetings",
            "calendar",
        ],
        records: groups,
    },
    Collection {
        slug: "meetings",
        title: ("Jednání a akce", "Meetings and events"),
        description: (
            "Jednání skupin, veřejná projednání a další akce komunitního plánování, i ta bez známého data.",
            "Meetings of the groups, public hearings and other events, also those without a known date.",
        ),
        date_field: Some("date"),
        shows_meetings: true,
        fields: &[
            "id",
            "territory",
            "slug",
            "url",
            "title",
            "kind",
            "group",
            "number",
            "date",
            "time",
            "place",
            "minutes",
            "documents",
        ],
        records: meetings,
    },
    Collection {
        slug: "documents",
        title: ("Dokumenty", "Documents"),
        description: (
            "Komunitní plány, akční plány, analýzy a další zveřejněné dokumenty.",
            "Community plans, action plans, analyses and other published documents.",
        ),
        date_field: Some("published"),
        shows_meetings: false,
        fields: &[
            "id",
            "territory",
            "slug",
            "url",
            "title",
            "kind",
            "status",
            "published",
            "period",
            "file",
            "external_url",
            "project",
            "group",
            "meeting",
            "draft",
        ],
        records: documents,
    },
    Collection {
        slug: "projects",
        title: ("Projekty", "Projects"),
        description: (
            "Projekty, z nichž bylo plánování financováno.",
            "The funded projects of the planning.",
        ),
        date_field: Some("start"),
        shows_meetings: false,
        fields: &[
            "id",
            "territory",
            "slug",
            "url",
            "title",
            "registration",
            "programme",
            "start",
            "end",
            "budget",
            "implementer",
            "partners",
            "territories",
        ],
        records: projects,
    },
    Collection {
        slug: "plans",
        title: ("Komunitní plány", "Community plans"),
        description: (
            "Komunitní plány sociálních služeb: období, schválení, prodloužení a stav ke dni sestavení webu.",
            "Community plans of social services: period, approval, extensions and status at the build date.",
        ),
        date_field: Some("approved"),
        shows_meetings: false,
        fields: &[
            "id",
            "territory",
            "slug",
            "url",
            "title",
            "period",
            "from",
            "to",
            "status",
            "approved",
            "approved_by",
            "resolution",
            "extended_until",
            "consultation_until",
            "document",
            "previous",
            "next",
            "target_groups",
            "priorities",
            "measures",
            "activities",
        ],
        records: plans,
    },
    Collection {
        slug: "activities",
        title: (
            "Aktivity komunitních plánů",
            "Activities of community plans",
        ),
        description: (
            "Aktivity komunitních plánů s realizátory, náklady a vyhodnocením plnění po letech.",
            "Activities of the plans with who carries them out, costs and their monitoring by year.",
        ),
        date_field: None,
        shows_meetings: false,
        fields: &[
            "id",
            "territory",
            "plan",
            "slug",
            "url",
            "code",
            "title",
            "priority",
            "measure",
            "organisations",
            "groups",
            "services",
            "target_groups",
            "years",
            "cost",
            "funding",
            "indicators",
            "latest_year",
            "latest_status",
            "monitoring",
        ],
        records: activities,
    },
    Collection {
        slug: "services",
        title: (
            "Katalog sociálních a souvisejících služeb",
            "Catalogue of social and related services",
        ),
        description: (
            "Sociální služby podle zákona č. 108/2006 Sb. a související služby: druh, formy, poskytovatel, cílové skupiny a území.",
            "Social services under Act No. 108/2006 Coll. and related services: kind, forms, provider, target groups and territories.",
        ),
        date_field: None,
        shows_meetings: false,
        fields: &[
            "slug",
            "url",
            "title",
            "type",
            "kind",
            "category",
            "forms",
            "provider",
            "identifier",
            "target_groups",
            "territories",
            "municipalities",
            "capacity",
            "fee",
            "since",
            "email",
            "phone",
            "web",
            "activities",
        ],
        records: services,
    },
];

/// A reference to an item of a territory (`jindrichuv-hradec/ps-seniori`), or to a
/// region-wide one (`slug`).
pub(super) fn reference(site: &Site, territory: Option<usize>, slug: &str) -> String {
    match territory {
        Some(t) => format!("{}/{slug}", site.territories[t].slug),
        None => slug.to_string(),
    }
}

fn territories(site: &Site) -> Records<'_> {
    Box::new(site.territories.iter().map(move |t| {
        Record::default()
            .with("slug", Cell::Text(t.slug.clone()))
            .with("url", Cell::Text(absolute(site, &t.path)))
            .with("title", Cell::Text(t.title.clone()))
            .with("name", Cell::Text(t.name.clone()))
            .with(
                "kind",
                Cell::Text(t.kind.map_or("", TerritoryKind::slug).into()),
            )
            .with("code", text(&t.code))
            .with("region", text(&t.region))
            .with("municipalities", Cell::List(t.municipalities.clone()))
            .with(
                "planning_since",
                t.planning_since.map_or(Cell::None, Cell::Int),
            )
    }))
}

fn groups(site: &Site) -> Records<'_> {
    Box::new(site.groups.iter().map(move |g| {
        let tgs = g
            .target_groups
            .iter()
            .map(|i| site.config.target_groups[*i].slug.clone());
        Record::default()
            .with(
                "id",
                Cell::Text(reference(site, Some(g.territory), &g.slug)),
            )
            .with(
                "territory",
                Cell::Text(site.territories[g.territory].slug.clone()),
            )
            .with("slug", Cell::Text(g.slug.clone()))
            .with("url", Cell::Text(absolute(site, &g.path)))
            .with("title", Cell::Text(g.title.clone()))
            .with("short", text(&g.short))
            .with(
                "kind",
                Cell::Text(g.kind.map_or("", GroupKind::slug).into()),
            )
            .with("target_groups", Cell::List(tgs.collect()))
            .with("locality", text(&g.locality))
            .with("active", text(&g.active))
            .with("members", Cell::Int(g.members.len() as i64))
            .with("meetings", Cell::Int(g.meetings.len() as i64))
            .with(
                "calendar",
                Cell::Text(absolute(site, &format!("{}kalendar.ics", g.path))),
            )
    }))
}

fn meetings(site: &Site) -> Records<'_> {
    Box::new((0..site.meetings.len()).map(move |i| meeting_record(site, i)))
}

/// The record of meeting `i` in [`COLLECTIONS`]`[`[`MEETINGS`]`]`.
pub(super) fn meeting_record(site: &Site, i: usize) -> Record {
    let m = &site.meetings[i];
    let group = m.group.map(|g| {
        let g = &site.groups[g];
        reference(site, Some(g.territory), &g.slug)
    });
    let docs = m.documents.iter().map(|d| {
        let d = &site.documents[*d];
        reference(site, d.territory, &d.slug)
    });
    Record::default()
        .with(
            "id",
            Cell::Text(reference(site, Some(m.territory), &m.slug)),
        )
        .with(
            "territory",
            Cell::Text(site.territories[m.territory].slug.clone()),
        )
        .with("slug", Cell::Text(m.slug.clone()))
        .with("url", Cell::Text(absolute(site, &m.path)))
        .with("title", Cell::Text(m.title.clone()))
        .with("kind", Cell::Text(m.kind.slug().into()))
        .with("group", opt(group))
        .with(
            "number",
            m.number.map_or(Cell::None, |n| Cell::Int(n.into())),
        )
        .with("date", date(m.date))
        .with("time", opt(m.time.map(|(h, mi)| format!("{h:02}:{mi:02}"))))
        .with("place", text(&m.place))
        .with(
            "minutes",
            opt(m.minutes.as_ref().map(|a| absolute(site, &a.path))),
        )
        .with("documents", Cell::List(docs.collect()))
}

fn documents(site: &Site) -> Records<'_> {
    Box::new(site.documents.iter().map(move |d| {
        let project = d.project.map(|p| {
            let p = &site.projects[p];
            reference(site, p.territory, &p.slug)
        });
        let group = d.group.map(|g| {
            let g = &site.groups[g];
            reference(site, Some(g.territory), &g.slug)
        });
        let meeting = d.meeting.map(|m| {
            let m = &site.meetings[m];
            reference(site, Some(m.territory), &m.slug)
        });
        Record::default()
            .with("id", Cell::Text(reference(site, d.territory, &d.slug)))
            .with(
                "territory",
                opt(d.territory.map(|t| site.territories[t].slug.clone())),
            )
            .with("slug", Cell::Text(d.slug.clone()))
            .with("url", Cell::Text(absolute(site, &d.path)))
            .with("title", Cell::Text(d.title.clone()))
            .with(
                "kind",
                Cell::Text(d.kind.map_or("", DocumentKind::slug).into()),
            )
            .with("status", text(d.status.map_or("", DocumentStatus::slug)))
            .with("published", date(d.published))
            .with("period", text(&d.period))
            .with(
                "file",
                opt(d.file.as_ref().map(|a| absolute(site, &a.path))),
            )
            .with("external_url", opt(d.url.clone()))
            .with("project", opt(project))
            .with("group", opt(group))
            .with("meeting", opt(meeting))
            .with("draft", Cell::Bool(d.draft))
    }))
}

fn projects(site: &Site) -> Records<'_> {
    Box::new(site.projects.iter().map(move |p| {
        let org = |o: usize| site.organisations[o].slug.clone();
        let territories = p
            .territories
            .iter()
            .map(|t| site.territories[*t].slug.clone());
        Record::default()
            .with("id", Cell::Text(reference(site, p.territory, &p.slug)))
            .with(
                "territory",
                opt(p.territory.map(|t| site.territories[t].slug.clone())),
            )
            .with("slug", Cell::Text(p.slug.clone()))
            .with("url", Cell::Text(absolute(site, &p.path)))
            .with("title", Cell::Text(p.title.clone()))
            .with("registration", text(&p.registration))
            .with("programme", text(&p.programme))
            .with("start", date(p.start))
            .with("end", date(p.end))
            .with("budget", p.budget.map_or(Cell::None, Cell::Int))
            .with("implementer", opt(p.implementer.map(org)))
            .with(
                "partners",
                Cell::List(p.partners.iter().map(|o| org(*o)).collect()),
            )
            .with("territories", Cell::List(territories.collect()))
    }))
}

/// The text of one collection's file; with `pieces` (the preview's), the meetings' records
/// are taken from them instead of written again.
pub(in crate::render) fn write(
    ctx: &RenderCtx,
    i: usize,
    format: Format,
    pieces: Option<&Pieces>,
) -> String {
    let site = ctx.site;
    let c = &COLLECTIONS[i];
    if i == MEETINGS {
        let mut out = Text::new(ctx, pieces);
        meetings_into(site, format, &mut out);
        return out.out;
    }
    let records = (c.records)(site);
    match format {
        Format::Json => json_text(records.map(|r| json_piece(&r)), 0),
        Format::Csv => csv_text(c.fields, records.map(|r| csv_piece(c.fields, &r)), 0),
    }
}

/// The meetings' file put together into `out` (its text or its fingerprint), as
/// [`json_text`] and [`csv_text`] write the other collections.
pub(super) fn meetings_into(site: &Site, format: Format, out: &mut dyn Assembly) {
    let n = site.meetings.len();
    match format {
        Format::Json => {
            out.reserve(Kind::Json, &mut (0..n));
            out.text("[");
            for m in 0..n {
                out.piece(Kind::Json, m, super::json_item_before(m == 0));
            }
            out.text(json_end(n == 0));
        }
        Format::Csv => {
            out.reserve(Kind::Csv, &mut (0..n));
            out.text(&csv_line(COLLECTIONS[MEETINGS].fields));
            for m in 0..n {
                out.piece(Kind::Csv, m, "");
            }
        }
    }
}

/// The index of the meetings in [`COLLECTIONS`].
pub(super) const MEETINGS: usize = 2;

/// One record as it stands in the JSON array (pretty, indented one level; a string written
/// by serde_json holds no line break, so indenting every line indents the record).
pub(super) fn json_piece(r: &Record) -> String {
    let own = serde_json::to_string_pretty(r).unwrap_or_default();
    format!("  {}", own.replace('\n', "\n  "))
}

/// Records written by [`json_piece`] as a JSON array: what `serde_json::to_string_pretty` makes
/// of them all, and a line end. `size`: the pieces' length, when known (one allocation).
fn json_text<S: AsRef<str>>(pieces: impl Iterator<Item = S>, size: usize) -> String {
    let mut s = String::with_capacity(size + 4);
    s.push('[');
    let mut empty = true;
    for p in pieces {
        s.push_str(super::json_item_before(empty));
        s.push_str(p.as_ref());
        empty = false;
    }
    s.push_str(json_end(empty));
    s
}

/// The end of a JSON array of records (empty or not).
fn json_end(empty: bool) -> &'static str {
    if empty { "]\n" } else { "\n]\n" }
}

/// One record as a CSV line: its values in the order of `fields`; CRLF line ends as RFC 4180
/// has them.
pub(super) fn csv_piece(fields: &[&str], r: &Record) -> String {
    csv_line(
        fields
            .iter()
            .map(|f| r.get(f).map(Cell::csv).unwrap_or_default()),
    )
}

fn csv_line<I: IntoIterator<Item = T>, T: AsRef<[u8]>>(values: I) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(values);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Records as CSV: the header, then each record's line ([`csv_piece`]). `size`: the lines'
/// length, when known (one allocation).
fn csv_text<S: AsRef<str>>(fields: &[&str], lines: impl Iterator<Item = S>, size: usize) -> String {
    let header = csv_line(fields);
    let mut s = String::with_capacity(header.len() + size);
    s.push_str(&header);
    for l in lines {
        s.push_str(l.as_ref());
    }
    s
}
