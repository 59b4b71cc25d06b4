//! The preview's memory of the outputs that list every meeting (the site's calendar, the
//! meetings' data, the OFN events; a territory's and a group's calendar too): each meeting's
//! piece of them, written once. After a meeting patch only the edited meetings' pieces are
//! written again ([`Pieces::refresh`]) and the files are put together from the pieces, in the
//! order the full build writes them, by the same code: the bytes are a full build's.
//!
//! Each such file is put together by one function ([`Assembly`]) from its frame and the
//! meetings' pieces: into its text (`Text`, with or without kept pieces) or into its
//! fingerprint (`Digest`: the frame and each piece's digest, [`Digests`]), so a fingerprint
//! covers exactly what the text holds, and fingerprinting writes each meeting's event once,
//! not once per calendar, and no file of tens of MB.

use std::borrow::Cow;

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::splice::Layout;
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
}

/// Which piece of a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Vevent,
    Event,
    Json,
    Csv,
}

impl Piece {
    /// The piece of kind `k`; `None` when the meeting has none (no event when it is not
    /// dated to the day).
    fn get(&self, k: Kind) -> Option<&str> {
        match k {
            Kind::Vevent => Some(&self.vevent)
                .filter(|v| !v.is_empty())
                .map(String::as_str),
            Kind::Event => self.event.as_deref(),
            Kind::Json => Some(&self.json),
            Kind::Csv => Some(&self.csv),
        }
    }
}

/// Where a file listing meetings is put together: its frame's text and its meetings' pieces,
/// in order.
pub(super) trait Assembly {
    /// A part of the frame.
    fn text(&mut self, s: &str);
    /// `before` and then meeting `i`'s piece of kind `k`, when it has one (else nothing);
    /// whether it had one.
    fn piece(&mut self, k: Kind, i: usize, before: &str) -> bool;
    /// Room for the pieces of kind `k` of `meetings` (a hint).
    fn reserve(&mut self, _k: Kind, _meetings: &mut dyn Iterator<Item = usize>) {}
}

/// A file's text, from the preview's kept pieces or with each piece written as it comes.
pub(super) struct Text<'a, 's> {
    pub out: String,
    ctx: &'a RenderCtx<'s>,
    pieces: Option<&'a Pieces>,
    stamp: String,
    /// Where each piece went, when noted ([`Text::noting`]; `None` once it cannot be).
    layout: Option<Layout>,
}

impl<'a, 's> Text<'a, 's> {
    pub fn new(ctx: &'a RenderCtx<'s>, pieces: Option<&'a Pieces>) -> Self {
        Text {
            out: String::new(),
            ctx,
            pieces,
            stamp: ical::stamp(ctx.site),
            layout: None,
        }
    }

    /// This text, noting where each piece goes (for the next build: `splice`).
    pub fn noting(mut self) -> Self {
        self.layout = Some(Layout::default());
        self
    }

    /// The text and, when noted, its layout.
    pub fn into_parts(self) -> (String, Option<Layout>) {
        (self.out, self.layout)
    }
}

impl Assembly for Text<'_, '_> {
    fn text(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn piece(&mut self, k: Kind, i: usize, before: &str) -> bool {
        let own;
        let piece = match self.pieces {
            Some(p) => p.meetings[i].get(k),
            None => {
                own = one(self.ctx, &self.stamp, i, k);
                own.as_deref()
            }
        };
        let Some(piece) = piece else {
            return false;
        };
        if let Some(l) = self.layout.as_mut()
            && !l.note(i, self.out.len(), before, piece.len())
        {
            self.layout = None;
        }
        self.out.push_str(before);
        self.out.push_str(piece);
        true
    }

    fn reserve(&mut self, k: Kind, meetings: &mut dyn Iterator<Item = usize>) {
        // From the pieces the size is known: one allocation, not a doubling string copied
        // over and over (at 100,000 meetings most of a patch's time went to fresh pages).
        if let Some(p) = self.pieces {
            let size: usize = meetings
                .map(|i| p.meetings[i].get(k).map_or(0, |s| s.len() + 2))
                .sum();
            self.out.reserve(size + 4096);
            return;
        }
        // Without them, from the first pieces: the calendar of 100,000 meetings grew through
        // a dozen doublings, each a copy and new memory (and two copies at its peak).
        let mut sample = 0;
        let mut sampled = 0;
        let mut count = 0;
        for i in meetings {
            if sampled < SAMPLE {
                sample += one(self.ctx, &self.stamp, i, k).map_or(0, |s| s.len() + 2);
                sampled += 1;
            }
            count += 1;
        }
        // A tenth over the sample's average: one growth at most when later pieces run longer.
        if let Some(average) = sample.checked_div(sampled) {
            self.out.reserve(average * count / 10 * 11 + 4096);
        }
    }
}

/// How many pieces `Text::reserve` writes to guess the size of a file without kept pieces.
const SAMPLE: usize = 64;

/// One piece of meeting `i`, written alone (what [`piece`] writes of it); its `VEVENT` is the
/// render's, written once for every calendar (`RenderCtx::vevent`).
pub(super) fn one<'c>(ctx: &'c RenderCtx, stamp: &str, i: usize, k: Kind) -> Option<Cow<'c, str>> {
    let site = ctx.site;
    let fields = || data::COLLECTIONS[data::MEETINGS].fields;
    let s = match k {
        Kind::Vevent => return ctx.vevent(i, stamp).map(Cow::Borrowed),
        Kind::Event => ofn::item_text(&ofn::event(ctx, i)?),
        Kind::Json => data::json_piece(&data::meeting_record(site, i)),
        Kind::Csv => data::csv_piece(fields(), &data::meeting_record(site, i)),
    };
    Some(Cow::Owned(s))
}

/// Every meeting's pieces as digests (xxh3 of each piece's text, `None` for none): what a
/// fingerprint of a file listing meetings is made of.
pub(in crate::render) struct Digests {
    meetings: Vec<PieceDigests>,
}

/// One meeting's pieces' digests, in the order of [`Kind`].
pub type PieceDigests = [Option<u64>; 4];

impl Digests {
    /// Every meeting's (in parallel), with the context the fingerprints use.
    pub(in crate::render) fn new(ctx: &RenderCtx) -> Digests {
        let stamp = ical::stamp(ctx.site);
        Digests {
            meetings: (0..ctx.site.meetings.len())
                .into_par_iter()
                .map(|i| digests(ctx, &stamp, i))
                .collect(),
        }
    }

    /// `last`, every meeting's digests as a build of the same site but for the meetings
    /// `fresh` made them, with those meetings' written again. A piece is made of its meeting
    /// and of what the whole site shares (its address, names, the build date), never of
    /// another meeting: the caller has checked that the site is otherwise the same.
    pub(in crate::render) fn patched(
        ctx: &RenderCtx,
        mut last: Vec<PieceDigests>,
        fresh: &[usize],
    ) -> Digests {
        let stamp = ical::stamp(ctx.site);
        for &i in fresh {
            if let Some(d) = last.get_mut(i) {
                *d = digests(ctx, &stamp, i);
            }
        }
        Digests { meetings: last }
    }

    /// Every meeting's digests, by index.
    pub(in crate::render) fn into_meetings(self) -> Vec<PieceDigests> {
        self.meetings
    }
}

fn digests(ctx: &RenderCtx, stamp: &str, i: usize) -> PieceDigests {
    let p = piece(ctx, stamp, i);
    [Kind::Vevent, Kind::Event, Kind::Json, Kind::Csv]
        .map(|k| p.get(k).map(|s| xxh3_64(s.as_bytes())))
}

/// A file's fingerprint: its frame's text and its pieces' digests, each tagged and with its
/// length, so two different files never feed the same bytes.
pub(super) struct Digest<'a> {
    pub h: Xxh3,
    digests: &'a Digests,
}

impl<'a> Digest<'a> {
    pub fn new(digests: &'a Digests) -> Self {
        Digest {
            h: Xxh3::new(),
            digests,
        }
    }
}

impl Assembly for Digest<'_> {
    fn text(&mut self, s: &str) {
        self.h.update(&[0]);
        self.h.update(&(s.len() as u64).to_le_bytes());
        self.h.update(s.as_bytes());
    }

    fn piece(&mut self, k: Kind, i: usize, before: &str) -> bool {
        let Some(d) = self.digests.meetings[i][k as usize] else {
            return false;
        };
        self.text(before);
        self.h.update(&[1]);
        self.h.update(&d.to_le_bytes());
        true
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
