//! For `serve`: a new meeting file taken into the last resolved site without resolving it
//! again (`check_new_meeting`, `insert_meeting`). Only a plain meeting of a group is taken:
//! no `kind`, `minutes`, `attachments` or `documents` (those name other files or move it
//! between lists), a number free in its group, a URL no file has, and a body whose every
//! link resolves. Anything else returns `None`, and the site is resolved again, which reports
//! whatever is wrong. A plain value passed in and out; no I/O.

use std::path::Path;

use super::incremental::{CachedBody, CachedParse, fragments_exist};
use super::links::{LinkSums, scan_body};
use super::read::{list, v};
use super::*;
use crate::source::text::Text;

/// A new meeting checked against the last resolved site, ready for [`insert_meeting`].
pub struct NewMeeting {
    meeting: Meeting,
    parse: CachedParse,
    result: Arc<BodyResult>,
}

impl NewMeeting {
    /// The meeting as the site will hold it.
    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }
}

/// For `serve`: the file `rel` (root-relative, new since the last resolve) with `text`, if it
/// is a meeting a full resolve would take as it is (see the module). `None`: resolve again.
pub fn check_new_meeting(
    site: &Site,
    cache: &BodyCache,
    rel: &str,
    text: &Arc<str>,
) -> Option<NewMeeting> {
    let config = &site.config;
    let lang = config.language;
    let inner = rel.strip_prefix("content/")?;
    let mut place = classify(inner, &config.folders);
    if place.kind != Kind::Meeting {
        return None;
    }
    let mut fd = Diagnostics::default();
    check_slugs(rel, inner, &mut place, lang, &mut fd);
    let parsed = read_file(rel, text, place, lang, &mut fd)?;
    let RawItem::Meeting(r) = &*parsed.item else {
        return None;
    };
    if !fd.is_empty()
        || r.kind.is_some()
        || r.minutes.is_some()
        || !r.attachments.is_empty()
        || !r.documents.is_empty()
    {
        return None;
    }
    let here = parsed.place.territory.as_deref()?;
    let tid = site.territories.iter().position(|t| t.slug == here)?;
    // The group as `Ctx::lookup` finds it: `slug` in this territory, or `territory/slug`.
    let group = &r.group.as_ref()?.value;
    let (gt, gs) = group.split_once('/').unwrap_or((here, group));
    let g = site
        .groups
        .iter()
        .position(|x| x.slug == gs && site.territories[x.territory].slug == gt)?;
    let number = super::kinds::meeting_number(&r.number, rel, lang, &mut fd);
    let taken = |n: u32| {
        site.groups[g]
            .meetings
            .iter()
            .any(|j| site.meetings[*j].number == Some(n))
    };
    let time = match &r.time {
        Some(t) => Some(crate::czech::date::parse_time(&t.value).ok()?),
        None => None,
    };
    // Two files, one URL (`check_urls`): no other file and no index kpss generates has it.
    let path = parsed.place.path.clone();
    if !fd.is_empty()
        || number.is_some_and(taken)
        || generated_paths(config).contains(&path)
        || site.links.pages.values().any(|p| *p == path)
    {
        return None;
    }
    let body_offset = parsed.body_offset;
    let result = scan_body(
        rel,
        text.get(body_offset..)?,
        body_offset,
        &site.links.pages,
        &site.links.files,
        &config.base_path,
        lang,
    );
    if !result.diagnostics.is_empty() || !fragments_exist(cache, rel, &result) {
        return None;
    }
    let (title, minutes_title) =
        super::order::meeting_titles(&site.groups, Some(g), number, false, v(&r.title), lang);
    let meeting = Meeting {
        territory: tid,
        slug: parsed.place.slug.clone(),
        path,
        source: rel.to_string(),
        group: Some(g),
        date: r.date.as_ref().map(|x| x.value),
        time,
        number,
        title,
        kind: MeetingKind::Jednani,
        place: v(&r.place),
        agenda: list(&r.agenda),
        minutes: None,
        minutes_title,
        attachments: Vec::new(),
        documents: Vec::new(),
        body: Body {
            text: Text::Plain(text.clone()),
            start: body_offset,
            file: Arc::from(rel),
        },
    };
    Some(NewMeeting {
        meeting,
        parse: CachedParse {
            text: Text::Plain(text.clone()),
            item: Some((parsed.place, parsed.item.clone(), body_offset)),
            diagnostics: fd,
        },
        result: Arc::new(result),
    })
}

/// Put a checked new meeting into the site where a full resolve puts it (among the meetings in
/// the order of their files, in its territory's and its group's lists), renumbering every
/// meeting index after it; return its index. Every kept body scan is still valid (a scan
/// without diagnostics links to no file that was missing), so the cache takes the site's new
/// link signature.
pub fn insert_meeting(site: &mut Site, cache: &mut BodyCache, new: NewMeeting) -> usize {
    let NewMeeting {
        meeting,
        parse,
        result,
    } = new;
    let rel = meeting.source.clone();
    let at = site
        .meetings
        .partition_point(|m| Path::new(&m.source) < Path::new(&rel));
    let shift = |i: &mut usize| {
        if *i >= at {
            *i += 1;
        }
    };
    for t in site.territories.iter_mut() {
        t.meetings.iter_mut().for_each(shift);
    }
    for g in site.groups.iter_mut() {
        g.meetings.iter_mut().for_each(shift);
    }
    for d in site.documents.iter_mut() {
        d.meeting.iter_mut().for_each(shift);
    }
    let (tid, group) = (meeting.territory, meeting.group);
    // The sums the bodies were last scanned against, with this page: no map is hashed again.
    let (sums, old) = cache.links.unwrap_or_else(|| {
        let sums = LinkSums::of(&site.links.pages, &site.links.files);
        (sums, sums.signature(&site.config))
    });
    let sums = sums.with_page(&rel, &meeting.path);
    let signature = sums.signature(&site.config);
    cache.links = Some((sums, signature));
    site.links.pages.insert(rel.clone(), meeting.path.clone());
    site.meetings.insert(at, meeting);
    let meetings = &site.meetings;
    let list = &mut site.territories[tid].meetings;
    let p = list.partition_point(|x| meetings_newest_first(meetings, *x, at).is_lt());
    list.insert(p, at);
    if let Some(g) = group {
        let list = &mut site.groups[g].meetings;
        let p = list.partition_point(|x| group_order(&meetings[*x], &meetings[at]).is_lt());
        list.insert(p, at);
    }
    for e in cache.entries.values_mut() {
        if e.signature == old {
            e.signature = signature;
        }
    }
    cache.entries.insert(
        rel.clone(),
        CachedBody {
            text: parse.text.clone(),
            signature,
            result,
        },
    );
    cache.parsed.insert(rel, parse);
    at
}
