//! Which pages an edit of meetings changes, and which attached files to copy again. Derived
//! from the page plan, not mirrored: each page says what of the meetings it shows
//! ([`super::plan::MeetingsShown`], an exhaustive match beside [`Job`]); here an edit is turned
//! into the meetings, groups, territories and list pages it touches, and every page is asked.

use std::path::Path;

use super::plan::{Job, MeetingsShown};
use crate::fast::{HashMap, HashSet};
use crate::model::{DocumentKind, Site};
use crate::output::Sink;

/// Whether an edit of the meetings in `rels` leaves the shape of every list alone: the same
/// meetings at the same indexes, the same years, and as many pages in every paginated list
/// (all meetings, each year, each territory, minutes). Then the pages that change are the
/// ranges [`affected`] computes; dates, numbers, groups and minutes may all have changed.
pub(crate) fn same_shape(old: &Site, new: &Site, rels: &HashSet<String>) -> bool {
    same_but_years(old, new, rels) && same_years(old, new)
}

/// [`same_shape`] but for the years: a year may appear or go, or a year's list have another
/// number of pages. Those change the site-wide meeting lists (each links every year) and the
/// years' own lists, not the pages [`affected`] finds besides.
pub(crate) fn same_but_years(old: &Site, new: &Site, rels: &HashSet<String>) -> bool {
    use crate::render::pages_for;
    let minutes =
        |site: &Site| pages_for(site.meetings.iter().filter(|m| m.minutes.is_some()).count());
    old.meetings.len() == new.meetings.len()
        && old.meetings.iter().zip(&new.meetings).all(|(a, b)| {
            !rels.contains(&a.source) || (a.source == b.source && a.territory == b.territory)
        })
        && minutes(old) == minutes(new)
}

/// The same years, each with as many pages of meetings.
pub(crate) fn same_years(old: &Site, new: &Site) -> bool {
    year_pages(old, &HashMap::default()) == year_pages(new, &HashMap::default())
}

/// How many pages each year's meeting list takes, with some meetings' dates replaced.
pub(crate) fn year_pages(
    site: &Site,
    dates: &HashMap<usize, Option<crate::czech::date::PartialDate>>,
) -> HashMap<crate::render::Year, usize> {
    use crate::render::{pages_for, year_of};
    let mut n: HashMap<crate::render::Year, usize> = HashMap::default();
    for (i, m) in site.meetings.iter().enumerate() {
        let date = dates.get(&i).copied().unwrap_or(m.date);
        *n.entry(year_of(date)).or_insert(0) += 1;
    }
    n.into_iter().map(|(y, c)| (y, pages_for(c))).collect()
}

/// Copy into `sink` the attached files that are new in `site` or changed on disk (`recopy`);
/// return the site paths of those `old` had and `site` has not.
pub(crate) fn sync_attachments(
    old: &Site,
    site: &Site,
    recopy: &HashSet<String>,
    sink: &dyn Sink,
) -> Result<Vec<String>, String> {
    let old_files: HashSet<(&str, &str)> = attachments(old).collect();
    for (source, path) in attachments(site) {
        if !old_files.contains(&(source, path)) || recopy.contains(source) {
            sink.copy(Path::new(source), path)
                .map_err(|e| format!("{source}: {e}"))?;
        }
    }
    let keep: HashSet<&str> = attachments(site).map(|(_, p)| p).collect();
    Ok(old_files
        .into_iter()
        .filter(|(_, p)| !keep.contains(p))
        .map(|(_, p)| p.to_string())
        .collect())
}

/// `attached_files` as (root-relative source, site path) pairs.
fn attachments(site: &Site) -> impl Iterator<Item = (&str, &str)> {
    super::attachments::attached_files(site).map(|a| (a.source.as_str(), a.path.as_str()))
}

/// The pages an edit of the meetings in `rels` can change: the meetings and their neighbours
/// in the old and new order, their groups (old and new), territories, documents naming them,
/// the home page, the list pages whose slice holds one of them (in the old or the new order),
/// the group indexes, and the target-group and organisation pages that show those groups.
/// `new_sorted` is `new`'s site-wide meeting order (`render::sort_meetings`).
pub(crate) fn affected<'n>(
    old: &Site,
    new: &'n Site,
    rels: &HashSet<String>,
    new_sorted: &[usize],
) -> impl Fn(&Job) -> bool + Sync + use<'n> {
    let edited = |site: &Site| -> Vec<usize> {
        (site.meetings.iter().enumerate())
            .filter(|(_, m)| rels.contains(&m.source))
            .map(|(i, _)| i)
            .collect()
    };
    let (old_edited, new_edited) = (edited(old), edited(new));
    let old_sorted = order_before(old, new, new_sorted, &old_edited);
    let mut spots = Spots::default();
    spots.add(0, old, &old_edited, &old_sorted);
    spots.add(1, new, &new_edited, new_sorted);
    spots.keep(new)
}

/// `old`'s site-wide meeting order (`render::sort_meetings`) from `new`'s, `new_sorted`, when
/// the two sites differ only in a few meetings, `edited` (the same meetings in the same places,
/// each other one with the same date and path): those are put back where `old` has them
/// (`resort_meetings`), which is what sorting `old` gives as the order is total. Otherwise
/// `old` is sorted whole. Two whole sorts were 40 of the 56 ms this took in a warm build after
/// a date edit at 100,000 meetings.
fn order_before(old: &Site, new: &Site, new_sorted: &[usize], edited: &[usize]) -> Vec<usize> {
    let few = edited.len() <= 64 && new_sorted.len() == new.meetings.len();
    let same_else = || {
        old.meetings.len() == new.meetings.len()
            && (old.meetings.iter().zip(&new.meetings).enumerate())
                .all(|(i, (a, b))| (a.date == b.date && a.path == b.path) || edited.contains(&i))
    };
    if few && same_else() {
        crate::render::resort_meetings(old, new_sorted.to_vec(), edited)
    } else {
        crate::render::sort_meetings(old)
    }
}

/// One of the paginated meeting lists a meeting stands in.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum List {
    All,
    Year(crate::render::Year),
    Territory(usize),
    /// Minutes among the documents.
    Minutes,
}

/// Where meetings stand: meeting → (list, index in it, list length).
type Places = HashMap<usize, Vec<(List, usize, usize)>>;

/// What an edit of some meetings touches, gathered from the site before it (side 0) and after
/// it (side 1); [`Spots::keep`] turns it into the pages to render.
#[derive(Default)]
pub(crate) struct Spots {
    meetings: HashSet<usize>,
    groups: HashSet<usize>,
    territories: HashSet<usize>,
    /// (territory filter, year filter, page) of every list page showing a changed meeting.
    list_pages: HashSet<(Option<usize>, Option<crate::render::Year>, usize)>,
    zapis_pages: HashSet<usize>,
    /// Where each changed meeting stands in each list, per side.
    places: [Places; 2],
}

impl Spots {
    /// Note where the meetings `edited` (indexes) stand in `site`, whose meetings in
    /// site-wide order are `global`. Only their own places are looked up: at 100,000 meetings
    /// a pass over every meeting (per side) was 13–14 % of the preview's samples during date
    /// edits (perf).
    pub(crate) fn add(&mut self, side: usize, site: &Site, edited: &[usize], global: &[usize]) {
        use crate::render::{Year, year_of};
        let Spots {
            meetings,
            groups,
            territories,
            list_pages,
            places,
            ..
        } = self;
        // `global` is newest first: by year first, undated last, so each year's meetings are
        // one run of it, found by binary search.
        let rank = |y: Year| match y {
            Year::Known(y) => (0, -i32::from(y)),
            Year::Undated => (1, 0),
        };
        let rank_at = |k: &usize| rank(year_of(site.meetings[*k].date));
        let run = |y: Year| {
            let start = global.partition_point(|k| rank_at(k) < rank(y));
            let end = global.partition_point(|k| rank_at(k) <= rank(y));
            (start, end)
        };
        for &i in edited {
            let Some(m) = site.meetings.get(i) else {
                continue;
            };
            meetings.insert(i);
            territories.insert(m.territory);
            // Upcoming meetings head the first page of the site's and the territory's list.
            if site.is_upcoming(m) {
                list_pages.insert((None, None, 1));
                list_pages.insert((Some(m.territory), None, 1));
            }
            let y = year_of(m.date);
            let mut at = Vec::new();
            let (start, end) = run(y);
            if let Some(p) = global.iter().position(|x| *x == i) {
                at.push((List::All, p, global.len()));
                at.push((List::Year(y), p.saturating_sub(start), end - start));
            }
            let tm = &site.territories[m.territory].meetings;
            if let Some(p) = tm.iter().position(|x| *x == i) {
                at.push((List::Territory(m.territory), p, tm.len()));
            }
            // Minutes sit among documents too; their position there follows the same order.
            if m.minutes.is_some() {
                let with_minutes = |k: &&usize| site.meetings[**k].minutes.is_some();
                let p = global
                    .iter()
                    .take_while(|k| **k != i)
                    .filter(with_minutes)
                    .count();
                at.push((List::Minutes, p, global.iter().filter(with_minutes).count()));
            }
            places[side].insert(i, at);
            if let Some(g) = m.group {
                groups.insert(g);
                let list = &site.groups[g].meetings;
                if let Some(pos) = list.iter().position(|x| *x == i) {
                    if pos > 0 {
                        meetings.insert(list[pos - 1]);
                    }
                    if let Some(n) = list.get(pos + 1) {
                        meetings.insert(*n);
                    }
                }
            }
        }
    }

    /// [`Spots::keep`], and which of those pages to show first: all but the list pages that
    /// only shift by a row (a list page holding a changed meeting, in the new order, and the
    /// first page of every list come first). The preview renders the rest after it served
    /// the first (`Session::finish`): hundreds of pages when a meeting joins or crosses a long
    /// list.
    pub(crate) fn keep_split(
        self,
        new: &Site,
    ) -> (impl Fn(&Job) -> bool + Sync, impl Fn(&Job) -> bool + Sync) {
        use crate::render::PER_PAGE;
        let mut standing = HashSet::default();
        let mut zapis = HashSet::default();
        for &(list, q, _) in self.places[1].values().flatten() {
            let page = q / PER_PAGE + 1;
            match list {
                List::All => standing.insert((None, None, page)),
                List::Year(y) => standing.insert((None, Some(y), page)),
                List::Territory(t) => standing.insert((Some(t), None, page)),
                List::Minutes => zapis.insert(page),
            };
        }
        let first = move |job: &Job| match job.meetings_shown() {
            MeetingsShown::MeetingList {
                territory,
                year,
                page,
            } => page == 1 || standing.contains(&(territory, year, page)),
            MeetingsShown::DocumentList {
                territory, page, ..
            } => page == 1 || (territory.is_none() && zapis.contains(&page)),
            _ => true,
        };
        (self.keep(new), first)
    }

    pub(crate) fn keep(self, new: &Site) -> impl Fn(&Job) -> bool + Sync {
        use crate::render::{PER_PAGE, pages_for};
        let Spots {
            meetings,
            groups,
            territories,
            mut list_pages,
            mut zapis_pages,
            places,
        } = self;
        // Every page between a meeting's old and new place shifts by one row; a meeting that left a
        // list (or joined one, a new meeting every list it is in) shifts every page after its
        // place there.
        let page = |index: usize| index / PER_PAGE + 1;
        let mut ranges: Vec<(List, usize, usize)> = Vec::new();
        let changed: HashSet<&usize> = places[0].keys().chain(places[1].keys()).collect();
        for i in changed {
            let at_old = places[0].get(i).map(Vec::as_slice).unwrap_or_default();
            let at_new = places[1].get(i).map(Vec::as_slice).unwrap_or_default();
            for &(list, p, len) in at_old {
                match at_new.iter().find(|(l, _, _)| *l == list) {
                    Some(&(_, q, _)) => ranges.push((list, page(p.min(q)), page(p.max(q)))),
                    None => ranges.push((list, page(p), pages_for(len))),
                }
            }
            for &(list, q, len) in at_new {
                if !at_old.iter().any(|(l, _, _)| *l == list) {
                    // A list that grew a page by it changes on every page (the pager).
                    let from = if pages_for(len) != pages_for(len - 1) {
                        1
                    } else {
                        page(q)
                    };
                    ranges.push((list, from, pages_for(len)));
                }
            }
        }
        for (list, from, to) in ranges {
            for n in from..=to {
                match list {
                    List::All => list_pages.insert((None, None, n)),
                    List::Year(y) => list_pages.insert((None, Some(y), n)),
                    List::Territory(t) => list_pages.insert((Some(t), None, n)),
                    List::Minutes => zapis_pages.insert(n),
                };
            }
        }
        let documents: HashSet<usize> = new
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.meeting.is_some_and(|m| meetings.contains(&m)))
            .map(|(i, _)| i)
            .collect();
        let target_groups: HashSet<usize> = groups
            .iter()
            .flat_map(|g| new.groups[*g].target_groups.iter().copied())
            .collect();
        let organisations: HashSet<usize> = new
            .organisations
            .iter()
            .enumerate()
            .filter(|(_, o)| o.groups.iter().any(|g| groups.contains(g)))
            .map(|(i, _)| i)
            .collect();
        // Documents of kind `zapis` share those list pages; then every such page is redone.
        let zapis_documents = new
            .documents
            .iter()
            .any(|d| d.kind.is_some_and(DocumentKind::holds_minutes));
        move |job: &Job| match job.meetings_shown() {
            MeetingsShown::Nothing => false,
            MeetingsShown::Every => true,
            MeetingsShown::Meeting(i) => meetings.contains(&i),
            MeetingsShown::Group(g) => groups.contains(&g),
            MeetingsShown::Territory(t) => territories.contains(&t),
            MeetingsShown::Document(d) => documents.contains(&d),
            MeetingsShown::MeetingList {
                territory,
                year,
                page,
            } => list_pages.contains(&(territory, year, page)),
            MeetingsShown::DocumentList {
                territory,
                kind,
                page,
            } => match (territory, kind) {
                (Some(t), _) => territories.contains(&t),
                (None, None) => true,
                (None, Some(k)) => {
                    k.holds_minutes() && (zapis_documents || zapis_pages.contains(&page))
                }
            },
            MeetingsShown::GroupIndex(t) => t.is_none_or(|t| territories.contains(&t)),
            MeetingsShown::TargetGroup(t) => target_groups.contains(&t),
            MeetingsShown::Organisation(o) => organisations.contains(&o),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::czech::date::PartialDate;
    use crate::model::{Meeting, MeetingKind};

    fn meeting(path: &str, date: Option<(i16, u8, u8)>) -> Meeting {
        Meeting {
            territory: 0,
            slug: path.into(),
            path: path.into(),
            source: format!("content/{path}.md"),
            group: None,
            date: date.map(|(year, month, day)| PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            }),
            time: None,
            number: None,
            title: path.into(),
            kind: MeetingKind::Jednani,
            place: String::new(),
            agenda: Vec::new(),
            minutes: None,
            minutes_title: String::new(),
            attachments: Vec::new(),
            documents: Vec::new(),
            body: Default::default(),
        }
    }

    fn site(meetings: Vec<Meeting>) -> Site {
        Site {
            meetings,
            ..Site::empty_for_tests("2026-12-01")
        }
    }

    /// The last site's order taken from this one's is the order sorting it gives: with the
    /// edited meetings moved (to another year, to no date, to a tie broken by path), and when
    /// a meeting not named as edited differs too (then it is sorted whole).
    #[test]
    fn the_order_before_an_edit_is_the_sorted_order() {
        let dates = |i: usize| match i % 7 {
            0 => None,
            k => Some((2020 + (i % 4) as i16, k as u8, 1 + (i % 3) as u8)),
        };
        let new = site(
            (0..60)
                .map(|i| meeting(&format!("m{:02}", (i * 37) % 60), dates(i)))
                .collect(),
        );
        let new_sorted = crate::render::sort_meetings(&new);
        let mut old = new.clone();
        let edits = [(3, Some((1999, 1, 1))), (10, None), (20, dates(21))];
        for &(i, d) in &edits {
            old.meetings[i] = meeting(&new.meetings[i].path, d);
        }
        let edited: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let want = crate::render::sort_meetings(&old);
        assert_ne!(want, new_sorted, "the edit moves meetings");
        assert_eq!(order_before(&old, &new, &new_sorted, &edited), want);
        // A meeting that moved but is not among `edited`: sorted whole, not put back.
        old.meetings[40].date = Some(PartialDate {
            year: 1990,
            month: None,
            day: None,
        });
        let want = crate::render::sort_meetings(&old);
        assert_eq!(order_before(&old, &new, &new_sorted, &edited), want);
    }

    /// The clone a warm build patches back (`Site::clone_in_parallel`) is the site: the same
    /// digest, meetings, links and documents included.
    #[test]
    fn a_site_cloned_in_parallel_is_the_site() {
        let mut s = site((0..50).map(|i| meeting(&format!("m{i}"), None)).collect());
        s.links.pages.insert("content/a.md".into(), "a/".into());
        s.links.files.insert("content/a.pdf".into(), "a.pdf".into());
        let clone = s.clone_in_parallel();
        assert_eq!(clone.digest(), s.digest());
        assert_eq!(clone.links.pages, s.links.pages);
        s.meetings[49].title = "jiný".into();
        assert_ne!(
            clone.digest(),
            s.digest(),
            "the digest sees a meeting's title"
        );
    }
}
