//! The outputs people subscribe to or download, beside the pages: Atom feeds (`feeds`),
//! iCalendar files (`ical`), plain open data as JSON and CSV (`data`), the OFN JSON-LD of events
//! and news (`ofn`) and the local open-data catalogue (`catalog`). Each is a job of the page
//! plan ([`Output`]), so the preview re-renders it like a page and says what of the meetings it
//! shows. Must not read anything but the `Site`: same tree and build date, same bytes; every
//! output is built in time linear in the items it lists (a feed picks its newest entries
//! without sorting them all).

use serde_json::Value;

use super::context::RenderCtx;
use super::plan::{Job, MeetingsShown};
use crate::model::Site;

pub mod catalog;
pub mod data;
mod data_plans;
pub mod feeds;
pub mod ical;
pub mod ofn;
mod pieces;
pub mod splice;
pub mod time;

pub(super) use self::pieces::Digests;
pub use self::pieces::{PieceDigests, Pieces};

/// The template name of an output written as its view's text, not through a template.
pub const VERBATIM: &str = "(verbatim)";

/// Which calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Site,
    Territory(usize),
    Group(usize),
}

/// The format of a plain data collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// One output file beside the pages.
#[derive(Clone, Debug)]
pub enum Output {
    /// `atom.xml` of the site (`None`) or of a territory.
    Feed(Option<usize>),
    /// `kalendar.ics` of the site, a territory or a group.
    Calendar(Scope),
    /// `data/<collection>.json|csv`, by index into [`data::COLLECTIONS`].
    Data(usize, Format),
    /// `data/udalosti.jsonld` (OFN Události).
    Events,
    /// `data/aktuality.jsonld` (OFN Aktuality).
    News,
    /// `data/katalog.jsonld`, the local catalogue (only with `[open_data]`).
    Catalog,
    /// `data/katalog/<collection>.jsonld`: one dataset record of the catalogue.
    Dataset(usize),
}

impl Output {
    /// Whether the file holds every meeting (tens of MB at 100,000 meetings, plus its buffer's
    /// growth): render writes these one after another, beside the other jobs, so no two are
    /// in memory at once.
    pub fn holds_every_meeting(&self) -> bool {
        matches!(
            self,
            Output::Calendar(Scope::Site) | Output::Data(..) | Output::Events
        )
    }
}

/// What stands before an item of a pretty-printed JSON array (the first or a later one), in
/// the data files and the OFN files alike.
pub(super) fn json_item_before(first: bool) -> &'static str {
    if first { "\n" } else { ",\n" }
}

/// The folder of the data files and of the catalogue.
pub const DATA: &str = "data";

/// The absolute URL of a site path (`jh/jednani/rs-01/` → `https://example.org/jh/…`).
pub fn absolute(site: &Site, path: &str) -> String {
    format!("{}{}", site.config.base_url, path.trim_start_matches('/'))
}

/// The file of a calendar.
pub fn calendar_file(site: &Site, scope: Scope) -> String {
    match scope {
        Scope::Site => "kalendar.ics".into(),
        Scope::Territory(t) => format!("{}kalendar.ics", site.territories[t].path),
        Scope::Group(g) => format!("{}kalendar.ics", site.groups[g].path),
    }
}

/// The file of a feed.
pub fn feed_file(site: &Site, territory: Option<usize>) -> String {
    match territory {
        None => "atom.xml".into(),
        Some(t) => format!("{}atom.xml", site.territories[t].path),
    }
}

/// Every output of the site, appended to the page plan.
pub(super) fn jobs(site: &Site, jobs: &mut Vec<(String, Job)>) {
    let mut push = |path: String, o: Output| jobs.push((path, Job::Output(o)));
    push(feed_file(site, None), Output::Feed(None));
    push(
        calendar_file(site, Scope::Site),
        Output::Calendar(Scope::Site),
    );
    for t in 0..site.territories.len() {
        push(feed_file(site, Some(t)), Output::Feed(Some(t)));
        push(
            calendar_file(site, Scope::Territory(t)),
            Output::Calendar(Scope::Territory(t)),
        );
    }
    for g in 0..site.groups.len() {
        push(
            calendar_file(site, Scope::Group(g)),
            Output::Calendar(Scope::Group(g)),
        );
    }
    for (i, c) in data::COLLECTIONS.iter().enumerate() {
        push(
            format!("{DATA}/{}.json", c.slug),
            Output::Data(i, Format::Json),
        );
        push(
            format!("{DATA}/{}.csv", c.slug),
            Output::Data(i, Format::Csv),
        );
    }
    push(format!("{DATA}/{}", ofn::EVENTS_FILE), Output::Events);
    push(format!("{DATA}/{}", ofn::NEWS_FILE), Output::News);
    if site.config.open_data.complete().is_some() {
        push(format!("{DATA}/{}", catalog::CATALOG_FILE), Output::Catalog);
        for (i, _) in catalog::datasets().iter().enumerate() {
            push(catalog::dataset_file(i), Output::Dataset(i));
        }
    }
}

/// The outputs that show any of `meetings`: a meeting edit that moves no list renders these
/// beside the meetings' own pages (the preview's fastest path), as they list place and time.
pub fn jobs_showing(site: &Site, meetings: &[usize]) -> Vec<(String, Job)> {
    let mut all = Vec::new();
    jobs(site, &mut all);
    let shows = |shown: MeetingsShown| match shown {
        MeetingsShown::Every => true,
        MeetingsShown::Territory(t) => meetings.iter().any(|m| site.meetings[*m].territory == t),
        MeetingsShown::Group(g) => meetings.iter().any(|m| site.meetings[*m].group == Some(g)),
        _ => false,
    };
    all.retain(|(_, j)| shows(j.meetings_shown()));
    all
}

impl Output {
    /// What of the meetings this output shows (see [`MeetingsShown`]).
    pub fn meetings_shown(&self) -> MeetingsShown {
        use MeetingsShown as S;
        match self {
            Output::Feed(None) | Output::Calendar(Scope::Site) => S::Every,
            Output::Feed(Some(t)) | Output::Calendar(Scope::Territory(t)) => S::Territory(*t),
            Output::Calendar(Scope::Group(g)) => S::Group(*g),
            Output::Data(i, _) => {
                if data::COLLECTIONS[*i].shows_meetings {
                    S::Every
                } else {
                    S::Nothing
                }
            }
            // The catalogue's temporal coverage comes from the meetings' dates.
            Output::Events | Output::Catalog | Output::Dataset(_) => S::Every,
            Output::News => S::Nothing,
        }
    }
}

/// Whether output `o` is put together from the meetings' pieces (a calendar, the meetings'
/// data, the OFN events).
pub(super) fn from_pieces(o: &Output) -> bool {
    matches!(
        o,
        Output::Calendar(_) | Output::Data(data::MEETINGS, _) | Output::Events
    )
}

/// Put output `o` together into `a` from the meetings' pieces, when it is made of them.
fn assemble(site: &Site, o: &Output, a: &mut dyn pieces::Assembly) {
    match o {
        Output::Calendar(scope) => ical::calendar_into(site, *scope, a),
        Output::Data(data::MEETINGS, f) => data::meetings_into(site, *f, a),
        Output::Events => ofn::events_into(site.meetings.len(), a),
        _ => {}
    }
}

/// The fingerprint of an output put together from the meetings' pieces, from their digests;
/// `None` for the others.
pub(super) fn fingerprint(site: &Site, o: &Output, digests: &Digests) -> Option<u64> {
    let mut d = pieces::Digest::new(digests);
    d.h.update(match o {
        Output::Calendar(_) => b"ics",
        Output::Data(data::MEETINGS, Format::Json) => b"jsn",
        Output::Data(data::MEETINGS, Format::Csv) => b"csv",
        Output::Events => b"ofn",
        _ => return None,
    });
    assemble(site, o, &mut d);
    Some(d.h.digest())
}

/// The template and view of an output: a feed goes through the theme's `atom.xml`; everything
/// else is its own text ([`VERBATIM`]).
pub(super) fn view(ctx: &RenderCtx, o: &Output) -> (&'static str, Value) {
    let site = ctx.site;
    let text = match o {
        Output::Feed(t) => return ("atom.xml", feeds::feed(ctx, *t)),
        Output::Calendar(scope) => ical::calendar(ctx, *scope, ctx.pieces),
        Output::Data(i, f) => data::write(ctx, *i, *f, ctx.pieces),
        Output::Events => ofn::events(ctx, ctx.pieces),
        Output::News => ofn::news(ctx),
        Output::Catalog => catalog::catalog(site),
        Output::Dataset(i) => catalog::dataset(site, *i),
    };
    (VERBATIM, Value::String(text))
}
