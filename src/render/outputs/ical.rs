//! iCalendar files (RFC 5545): `/kalendar.ics`, `/<territory>/kalendar.ics` and
//! `/<territory>/skupiny/<group>/kalendar.ics`, so a member can subscribe to their group.
//! Every meeting dated to the day is one event, once; a meeting with a time starts at that
//! time in Europe/Prague (with the `VTIMEZONE` below), one without is an all-day event; a
//! month-only or undated meeting has no event (a calendar cannot say "some day in May").
//! UIDs are the page path at the site's host, stable across builds; `DTSTAMP` is the build
//! date, so the same tree and date give the same bytes.
//!
//! The `icalendar` crate writes the frame and each event: text escaping, CRLF, and folding at
//! 75 octets on character boundaries, the parts that are easy to get wrong. It cannot write a
//! `VTIMEZONE` (its `Other` component has no public constructor without its parser), so that
//! fixed block is written here, stating the EU rule `time::prague_offset` uses.

use icalendar::{Calendar, Component, EventLike, Property};

use super::pieces::{Assembly, Kind, Pieces, Text};
use super::{Scope, absolute};
use crate::model::{Meeting, Site};
use crate::render::context::RenderCtx;

/// Europe/Prague since 1996: CEST from the last Sunday of March, 02:00, to the last Sunday of
/// October, 03:00.
pub const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Prague\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19960331T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19961027T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The host of the site's base URL, the right-hand side of every UID.
fn host(site: &Site) -> &str {
    let rest = site.config.base_url.split("://").nth(1).unwrap_or("");
    rest.split('/').next().unwrap_or(rest)
}

/// The meetings of a calendar (indexes), in the model's order (the order of events does not
/// matter to a calendar; a fixed one keeps the bytes stable).
fn meetings(site: &Site, scope: Scope) -> Box<dyn Iterator<Item = usize> + '_> {
    match scope {
        Scope::Site => Box::new(0..site.meetings.len()),
        Scope::Territory(t) => Box::new(site.territories[t].meetings.iter().copied()),
        Scope::Group(g) => Box::new(site.groups[g].meetings.iter().copied()),
    }
}

/// The `DTSTAMP` of every event: the build date.
pub(super) fn stamp(site: &Site) -> String {
    format!("{}T000000Z", site.build_date.strftime("%Y%m%d"))
}

/// One meeting as a `VEVENT`, or `None` when it is not dated to the day.
pub(in crate::render) fn event(site: &Site, m: &Meeting, stamp: &str) -> Option<String> {
    let day = m.date?.to_civil()?;
    let mut e = icalendar::Event::new();
    e.uid(&format!("{}@{}", m.path.trim_end_matches('/'), host(site)))
        .append_property(Property::new("DTSTAMP", stamp))
        .summary(&m.title)
        .url(&absolute(site, &m.path));
    let ymd = day.strftime("%Y%m%d").to_string();
    match m.time {
        Some((h, mi)) => {
            e.append_property(
                Property::new("DTSTART", format!("{ymd}T{h:02}{mi:02}00"))
                    .add_parameter("TZID", "Europe/Prague")
                    .done(),
            );
        }
        None => {
            let next = day.tomorrow().ok()?.strftime("%Y%m%d").to_string();
            e.append_property(
                Property::new("DTSTART", ymd)
                    .add_parameter("VALUE", "DATE")
                    .done(),
            )
            .append_property(
                Property::new("DTEND", next)
                    .add_parameter("VALUE", "DATE")
                    .done(),
            );
        }
    }
    let territory = &site.territories[m.territory].name;
    let location = if m.place.is_empty() {
        territory.clone()
    } else {
        m.place.clone()
    };
    e.location(&location);
    let mut about: Vec<&str> = Vec::new();
    if let Some(g) = m.group {
        about.push(&site.groups[g].title);
    }
    about.push(territory);
    e.description(&about.join(", "));
    Component::try_into_string(&e).ok()
}

/// The text of a calendar; with `pieces` (the preview's), each event is taken from them
/// instead of written again.
pub(in crate::render) fn calendar(
    ctx: &RenderCtx,
    scope: Scope,
    pieces: Option<&Pieces>,
) -> String {
    let mut out = Text::new(ctx, pieces);
    calendar_into(ctx.site, scope, &mut out);
    out.out
}

/// A calendar put together into `out` (its text or its fingerprint): the frame, the time zone
/// when an event has a time, each meeting's event.
pub(super) fn calendar_into(site: &Site, scope: Scope, out: &mut dyn Assembly) {
    let name = match scope {
        Scope::Site => site.config.title.clone(),
        Scope::Territory(t) => format!("{} – {}", site.territories[t].name, site.config.title),
        Scope::Group(g) => {
            let g = &site.groups[g];
            format!("{} – {}", g.title, site.territories[g.territory].name)
        }
    };
    let mut frame = Calendar::empty();
    frame
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//kpss//kpss//CS"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name(&name);
    let frame = frame.to_string();
    let (head, tail) = frame.split_at(frame.rfind("END:VCALENDAR").unwrap_or(frame.len()));
    out.reserve(Kind::Vevent, &mut meetings(site, scope));
    out.text(head);
    if meetings(site, scope).any(|i| {
        let m = &site.meetings[i];
        m.time.is_some() && m.date.is_some_and(|d| d.is_precise())
    }) {
        out.text(VTIMEZONE);
    }
    for i in meetings(site, scope) {
        out.piece(Kind::Vevent, i, "");
    }
    out.text(tail);
}
