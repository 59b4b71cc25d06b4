//! The preview's memory of the outputs that list every meeting (the site's calendar, the
//! meetings' data, the OFN events; a territory's and a group's calendar too): each meeting's
//! piece of them, written once. After a meeting patch only the edited meetings' pieces are
//! written again ([`Pieces::refresh`]) and the files are put together from the pieces, in the
//! order the full build writes them, by the same code: the bytes are a full build's.

use rayon::prelude::*;

use super::{data, ical, ofn};
use crate::model::Site;
use crate::render::body::Bodies;
use crate::render::context::RenderCtx;

/// The pieces of one meeting.
#[derive(Default)]
struct Piece {
    /// Its `VEVENT` (`ical::event`), empty when it is not dated to the day.
    vevent: String,
    /// Its OFN `Událost` as `udalosti.jsonld` holds it, `None` when it is not dated to the day.
    event: Option<String>,
    /// Its record in `meetings.json` and `meetings.csv`.
    json: String,
    csv: String,
}

/// Every meeting's pieces, by index into `Site::meetings`. Valid for the site they were
/// written from and the meeting patches refreshed since: a resolved site starts afresh.
#[derive(Default)]
pub struct Pieces {
    meetings: Vec<Piece>,
}

impl Pieces {
    /// Every meeting's pieces (in parallel).
    pub fn new(site: &Site) -> Pieces {
        let ctx = RenderCtx::new(site, Bodies::Html);
        let stamp = ical::stamp(site);
        Pieces {
            meetings: (0..site.meetings.len())
                .into_par_iter()
                .map(|i| piece(&ctx, &stamp, i))
                .collect(),
        }
    }

    /// Write the pieces of `meetings` again (their place, date or time changed).
    pub fn refresh(&mut self, site: &Site, meetings: &[usize]) {
        let ctx = RenderCtx::new(site, Bodies::Html);
        let stamp = ical::stamp(site);
        for i in meetings {
            if let Some(p) = self.meetings.get_mut(*i) {
                *p = piece(&ctx, &stamp, *i);
            }
        }
    }

    /// Make room for a new meeting at index `i` (every later meeting's index moves up by one)
    /// and write its pieces.
    pub fn insert(&mut self, site: &Site, i: usize) {
        let ctx = RenderCtx::new(site, Bodies::Html);
        let stamp = ical::stamp(site);
        self.meetings.insert(i, piece(&ctx, &stamp, i));
    }

    pub(super) fn vevent(&self, i: usize) -> &str {
        &self.meetings[i].vevent
    }

    pub(super) fn event(&self, i: usize) -> Option<&str> {
        self.meetings[i].event.as_deref()
    }

    pub(super) fn json(&self, i: usize) -> &str {
        &self.meetings[i].json
    }

    pub(super) fn csv(&self, i: usize) -> &str {
        &self.meetings[i].csv
    }
}

fn piece(ctx: &RenderCtx, stamp: &str, i: usize) -> Piece {
    let site = ctx.site;
    let record = data::meeting_record(site, i);
    Piece {
        vevent: ical::event(site, &site.meetings[i], stamp).unwrap_or_default(),
        event: ofn::event(ctx, i).map(|e| ofn::item_text(&e)),
        json: data::json_piece(&record),
        csv: data::csv_piece(data::COLLECTIONS[data::MEETINGS].fields, &record),
    }
}

#[cfg(test)]
mod tests {
    use super::data::{COLLECTIONS, MEETINGS};

    #[test]
    fn the_pieces_are_the_meetings_collection() {
        assert_eq!(COLLECTIONS[MEETINGS].slug, "meetings");
    }
}
