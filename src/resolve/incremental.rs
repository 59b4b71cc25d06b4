//! What `serve` reuses between runs: `BodyCache` (front matter and body checks keyed by
//! text), and the meeting patch (`check_meeting_edit`, `apply_meeting_edit`, `recheck_body`)
//! that takes a meeting edit without resolving the site again. A plain value passed in and
//! out; no I/O.

use std::sync::Arc;

use super::links::scan_body;
use super::read::{list, v};
use super::*;
use crate::czech::date::PartialDate;
use crate::diagnostics::Diagnostics;
use crate::fast::HashMap;
use crate::source::frontmatter::Located;
use crate::source::raw;
use crate::source::text::Text;

/// For `serve`: take the new text of `rel` into `cache` if its body (from `body_offset`) alone
/// can be checked against the last resolved `site`: every link of it resolves, every fragment
/// it links to exists, and it keeps every heading id it had (another file may link to it).
/// `false`: resolve the site again (which reports what is wrong).
pub(super) fn recheck_body(
    site: &Site,
    cache: &mut BodyCache,
    rel: &str,
    text: &Arc<str>,
    body_offset: usize,
) -> bool {
    let Some(old) = cache.entries.get(rel) else {
        return false;
    };
    let Some(body) = text.get(body_offset..) else {
        return false;
    };
    let result = scan_body(
        rel,
        body,
        body_offset,
        &site.links.pages,
        &site.links.files,
        &site.config.base_path,
        site.config.language,
    );
    // Headings may be added; one that disappears may be the target of another file's link.
    let keeps_headings = old
        .result
        .heading_ids
        .iter()
        .all(|id| result.heading_ids.contains(id));
    if !result.diagnostics.is_empty() || !keeps_headings {
        return false;
    }
    if !fragments_exist(cache, rel, &result) {
        return false;
    }
    let signature = old.signature;
    cache.entries.insert(
        rel.to_string(),
        CachedBody {
            text: Text::Plain(text.clone()),
            signature,
            result: Arc::new(result),
        },
    );
    true
}

/// Whether every fragment the body of `rel` (scanned as `result`) links to is a heading id of
/// its target: its own, or a kept scan's.
pub(super) fn fragments_exist(cache: &BodyCache, rel: &str, result: &BodyResult) -> bool {
    result.fragments.iter().all(|(_, target, frag, _)| {
        let ids = if target == rel {
            Some(&result.heading_ids)
        } else {
            cache.entries.get(target).map(|e| &e.result.heading_ids)
        };
        ids.is_some_and(|ids| ids.contains(frag))
    })
}

/// For `serve`: what a new text of meeting `i` changes, when [`check_meeting_edit`] can take it
/// without resolving the site again; [`apply_meeting_edit`] puts it in.
pub struct MeetingEdit {
    pub(super) i: usize,
    pub(super) place: String,
    pub(super) agenda: Vec<String>,
    pub(super) date: Option<PartialDate>,
    pub(super) time: Option<(u8, u8)>,
    pub(super) number: Option<u32>,
    pub(super) minutes: Option<Attachment>,
    /// Written or derived, as resolve gives it (`order::meeting_titles`).
    pub(super) title: String,
    pub(super) minutes_title: String,
    pub(super) body: Body,
    pub(super) parse: CachedParse,
}

impl MeetingEdit {
    /// The index of the edited meeting.
    pub fn meeting(&self) -> usize {
        self.i
    }

    /// Its new date.
    pub fn date(&self) -> Option<PartialDate> {
        self.date
    }

    /// The source of its new minutes.
    pub fn minutes_source(&self) -> Option<&str> {
        self.minutes.as_ref().map(|a| a.source.as_str())
    }

    /// Its new number.
    pub fn number(&self) -> Option<u32> {
        self.number
    }

    /// Whether the edit changes what the outputs beside the pages show of the meeting (feeds,
    /// calendars, data, OFN events: `render::outputs`): its place, date, time, number or
    /// titles. Its body and agenda are shown by its own page only. Every field is named,
    /// without `..`: a new one does not compile until someone decides.
    pub fn shown_by_outputs(&self, site: &Site) -> bool {
        let MeetingEdit {
            i,
            place,
            agenda: _,
            date,
            time,
            number,
            minutes,
            title,
            minutes_title,
            body: _,
            parse: _,
        } = self;
        let m = &site.meetings[*i];
        m.place != *place
            || m.date != *date
            || m.time != *time
            || m.number != *number
            || minutes_differ(&m.minutes, minutes)
            || m.title != *title
            || m.minutes_title != *minutes_title
    }

    /// Whether the meeting's date or time changed: then it may move in its lists.
    pub fn moves(&self, site: &Site) -> bool {
        let m = &site.meetings[self.i];
        m.date != self.date || m.time != self.time
    }

    /// The file its minutes were in before, when they are not in it any more (its site path is
    /// not served now), and the file they are in now, when it is new (to be copied).
    pub fn minutes_moved(&self, site: &Site) -> (Option<String>, Option<(String, String)>) {
        let old = &site.meetings[self.i].minutes;
        if !minutes_differ(old, &self.minutes) {
            return (None, None);
        }
        let path = |a: &Option<Attachment>| a.as_ref().map(|a| a.path.clone());
        (
            old.as_ref()
                .filter(|_| path(old) != path(&self.minutes))
                .map(|a| a.path.clone()),
            self.minutes
                .as_ref()
                .map(|a| (a.source.clone(), a.path.clone())),
        )
    }

    /// Whether the lists showing the meeting change: it moves (date, time), moves in its
    /// group (number), or its row reads differently (titles).
    pub fn changes_lists(&self, site: &Site) -> bool {
        let m = &site.meetings[self.i];
        self.moves(site)
            || m.number != self.number
            || minutes_differ(&m.minutes, &self.minutes)
            || m.title != self.title
            || m.minutes_title != self.minutes_title
    }
}

/// Whether two minutes are different files (by name, source, site path or size).
fn minutes_differ(a: &Option<Attachment>, b: &Option<Attachment>) -> bool {
    let key = |x: &Option<Attachment>| {
        x.as_ref()
            .map(|x| (x.name.clone(), x.source.clone(), x.path.clone(), x.size))
    };
    key(a) != key(b)
}

/// For `serve`: meeting `i` has a new text. If its front matter differs from the last one at
/// most in `place`, `agenda`, `date`, `time`, `number` (still unique in its group), `title`
/// and `minutes` (a file beside it, among `files`, that nothing else attaches; the old one
/// linked from no body), and its body passes [`recheck_body`], return the edit. `None`:
/// resolve the site again, which reports whatever is wrong.
pub fn check_meeting_edit(
    site: &Site,
    cache: &mut BodyCache,
    files: &std::collections::BTreeMap<String, u64>,
    i: usize,
    text: &Arc<str>,
) -> Option<MeetingEdit> {
    let m = site.meetings.get(i)?;
    let rel = m.source.clone();
    let Some(CachedParse {
        item: Some((place, old_item, _)),
        diagnostics,
        ..
    }) = cache.parsed.get(&rel)
    else {
        return None;
    };
    if !diagnostics.is_empty() {
        return None;
    }
    let (place, old_item) = (place.clone(), old_item.clone());
    let RawItem::Meeting(old) = &*old_item else {
        return None;
    };
    let mut fd = Diagnostics::default();
    let new = read_file(&rel, text, place, site.config.language, &mut fd)?;
    let RawItem::Meeting(r) = &*new.item else {
        return None;
    };
    if !fd.is_empty() || !same_elsewhere(old, r) {
        return None;
    }
    let time = match &r.time {
        Some(t) => Some(crate::czech::date::parse_time(&t.value).ok()?),
        None => None,
    };
    let lang = site.config.language;
    let number = super::kinds::meeting_number(&r.number, &rel, lang, &mut fd);
    let minutes = match &r.minutes {
        Some(name) => Some(super::refs::attachment(
            files, lang, &rel, &m.path, name, &mut fd,
        )?),
        None => None,
    };
    // A number another meeting of the group has, or a public event left without a title:
    // resolving reports it.
    let taken = |n: u32, g: usize| {
        site.groups[g]
            .meetings
            .iter()
            .any(|j| *j != i && site.meetings[*j].number == Some(n))
    };
    if !fd.is_empty()
        || number.zip(m.group).is_some_and(|(n, g)| taken(n, g))
        || (m.group.is_none() && r.title.is_none())
        || (minutes_differ(&m.minutes, &minutes) && !minutes_may_move(site, cache, i, &minutes))
    {
        return None;
    }
    let (title, minutes_title) = super::order::meeting_titles(
        &site.groups,
        m.group,
        number,
        minutes.is_some(),
        v(&r.title),
        lang,
    );
    if !recheck_body(site, cache, &rel, text, new.body_offset) {
        return None;
    }
    Some(MeetingEdit {
        i,
        place: v(&r.place),
        agenda: list(&r.agenda),
        date: r.date.as_ref().map(|l| l.value),
        time,
        number,
        minutes,
        title,
        minutes_title,
        body: Body {
            text: Text::Plain(text.clone()),
            start: new.body_offset,
            file: m.body.file.clone(),
        },
        parse: CachedParse {
            text: Text::Plain(text.clone()),
            item: Some((new.place, new.item.clone(), new.body_offset)),
            diagnostics: fd,
        },
    })
}

/// Whether meeting `i`'s minutes may become `new` without resolving the site: no other item
/// attaches either file (the site's map from sources to paths stays one to one) and no body
/// links to the old one (its link would break). Whether the list of minutes keeps its number
/// of pages is asked of the whole save (`session::patch::together_fine`).
fn minutes_may_move(site: &Site, cache: &BodyCache, i: usize, new: &Option<Attachment>) -> bool {
    let old = &site.meetings[i].minutes;
    let sources: Vec<&str> = old.iter().chain(new).map(|a| a.source.as_str()).collect();
    let elsewhere = site
        .meetings
        .iter()
        .enumerate()
        .flat_map(|(j, m)| {
            let minutes = m.minutes.iter().filter(move |_| j != i);
            minutes.chain(&m.attachments)
        })
        .chain(site.documents.iter().filter_map(|x| x.file.as_ref()))
        .any(|a| sources.contains(&a.source.as_str()));
    let linked = old.as_ref().is_some_and(|a| {
        cache
            .entries
            .values()
            .any(|e| e.result.files.contains(&a.source))
    });
    !elsewhere && !linked
}

/// Put a checked edit into the site: the meeting's fields, and the order of its territory's and
/// its group's meetings when the date, time or number changed (as `link_up` sorts them).
pub fn apply_meeting_edit(site: &mut Site, cache: &mut BodyCache, e: MeetingEdit) {
    let moves = e.moves(site);
    let renumbered = site.meetings[e.i].number != e.number;
    if let Some(old) = &site.meetings[e.i].minutes {
        site.links.files.remove(&old.source);
    }
    if let Some(new) = &e.minutes {
        site.links
            .files
            .insert(new.source.clone(), new.path.clone());
    }
    let m = &mut site.meetings[e.i];
    m.place = e.place;
    m.agenda = e.agenda;
    m.date = e.date;
    m.time = e.time;
    m.number = e.number;
    m.minutes = e.minutes;
    m.title = e.title;
    m.minutes_title = e.minutes_title;
    m.body = e.body;
    let (territory, group, rel) = (m.territory, m.group, m.source.clone());
    cache.parsed.insert(rel, e.parse);
    if moves {
        let meetings = &site.meetings;
        site.territories[territory]
            .meetings
            .sort_by(|a, b| meetings_newest_first(meetings, *a, *b));
    }
    if moves || renumbered {
        let meetings = &site.meetings;
        if let Some(g) = group {
            site.groups[g]
                .meetings
                .sort_by(|a, b| group_order(&meetings[*a], &meetings[*b]));
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct CachedBody {
    pub(super) text: Text,
    pub(super) signature: u64,
    pub(super) result: std::sync::Arc<BodyResult>,
}

/// Body scans of the previous run, for `serve` (and, as `stored`, of the last `kpss build`):
/// a body whose text and link targets did not change is not scanned again (bodies stay
/// Markdown; nothing here is HTML). A plain value passed in and out; resolve stays pure.
#[derive(Default)]
pub struct BodyCache {
    pub(super) entries: HashMap<String, CachedBody>,
    pub(super) parsed: HashMap<String, CachedParse>,
    /// The scans the last build stored (`stored::Scans`), taken by digest.
    pub(super) stored: HashMap<String, super::stored::StoredScan>,
    /// The meetings' front matter read (or taken) by this build with no report, to store
    /// with their scans (`stored_meetings`).
    pub(super) meetings: HashMap<String, Arc<[u8]>>,
    /// How many meetings were taken from `stored_meetings`.
    pub(super) meetings_taken: std::sync::atomic::AtomicUsize,
    /// A build's cache (`BodyCache::for_build`): no front matter is kept.
    pub(super) build: bool,
    /// The files whose front matter a build's cache keeps all the same (`keep_parsed`).
    pub(super) parse_kept: crate::fast::HashSet<String>,
    /// How many bodies were taken from `stored`.
    pub(super) taken: std::sync::atomic::AtomicUsize,
    /// How many bodies were scanned anew (neither kept nor taken from `stored`), in every
    /// resolve given this cache.
    pub(super) scanned: std::sync::atomic::AtomicUsize,
    /// The link targets the last scan of every body was checked against, and their signature.
    pub(super) links: Option<(super::links::LinkSums, u64)>,
}

/// A file's front matter as read last time, with what reading it reported.
#[derive(Clone)]
pub(super) struct CachedParse {
    pub(super) text: Text,
    pub(super) item: Option<(Place, Arc<RawItem>, usize)>,
    pub(super) diagnostics: Diagnostics,
}

/// Whether two texts of a meeting agree in every field but the ones a patch may change. Every
/// field of `RawMeeting` is named here, without `..`: a new field does not compile until
/// someone decides whether an edit of it may be patched (nothing another file refers to or
/// checks, and nothing that moves the meeting between lists `serve::Spots` does not follow).
fn same_elsewhere(old: &raw::RawMeeting, new: &raw::RawMeeting) -> bool {
    fn value<T>(x: &Option<Located<T>>) -> Option<&T> {
        x.as_ref().map(|l| &l.value)
    }
    fn values(x: &[Located<String>]) -> Vec<&String> {
        x.iter().map(|l| &l.value).collect()
    }
    let raw::RawMeeting {
        // Patched: only this meeting's page shows them, its place in date-ordered lists, its
        // place in its group (number, unique there), or its rows (titles).
        place: _,
        agenda: _,
        date: _,
        time: _,
        number: _,
        title: _,
        // A file beside it, checked by `minutes_may_move`.
        minutes: _,
        // Not patched: other files refer to them, they name files, or they move it between
        // groups and kinds' lists.
        group,
        kind,
        attachments,
        documents,
    } = old;
    value(group) == value(&new.group)
        && value(kind) == value(&new.kind)
        && values(attachments) == values(&new.attachments)
        && values(documents) == values(&new.documents)
}

/// An item whose body no page but its own shows (in its text and its description).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnBody {
    Group(usize),
    Organisation(usize),
    Project(usize),
    Page(usize),
}

/// For `serve`: the file `rel` of a group, an organisation, a project or a page has a new text
/// whose front matter is byte for byte the last one's, and whose body passes
/// [`recheck_body`]: put the body into `site` and return the item (only its page changes).
/// `None`: anything else, left to resolving the site again.
pub fn patch_own_body(
    site: &mut Site,
    cache: &mut BodyCache,
    rel: &str,
    text: &Arc<str>,
) -> Option<OwnBody> {
    fn find<'s>(mut sources: impl Iterator<Item = &'s String>, rel: &str) -> Option<usize> {
        sources.position(|s| s == rel)
    }
    let item = find(site.groups.iter().map(|x| &x.source), rel)
        .map(OwnBody::Group)
        .or_else(|| {
            find(site.organisations.iter().map(|x| &x.source), rel).map(OwnBody::Organisation)
        })
        .or_else(|| find(site.projects.iter().map(|x| &x.source), rel).map(OwnBody::Project))
        .or_else(|| find(site.pages.iter().map(|x| &x.source), rel).map(OwnBody::Page))?;
    let last = cache.parsed.get(rel)?;
    let (_, _, start) = last.item.as_ref()?;
    let start = *start;
    // The same front matter, to the byte: the same item, the body where it was.
    let old = last.text.get();
    if !last.diagnostics.is_empty() || text.get(..start)? != old.get(..start)? {
        return None;
    }
    if !recheck_body(site, cache, rel, text, start) {
        return None;
    }
    let body = match item {
        OwnBody::Group(i) => &mut site.groups[i].body,
        OwnBody::Organisation(i) => &mut site.organisations[i].body,
        OwnBody::Project(i) => &mut site.projects[i].body,
        OwnBody::Page(i) => &mut site.pages[i].body,
    };
    body.text = Text::Plain(text.clone());
    if let Some(p) = cache.parsed.get_mut(rel) {
        p.text = Text::Plain(text.clone());
    }
    Some(item)
}
