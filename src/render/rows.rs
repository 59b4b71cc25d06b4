//! The rows of lists: one meeting, document, minutes entry, project or group as a list (or a
//! page's side panel) shows it. Must not choose, sort or cut lists: that is `lists`.
//! A meeting's, a document's and a minutes entry's row (the rows of the long lists) is built
//! as a template value when its page is rendered: the view holds its stand-in
//! (`templates::ROW`), or for fingerprints its digest.

use std::sync::Arc;

use minijinja::Value as Tv;
use serde_json::{Value, json};

use super::context::RenderCtx;
use super::lists::DocEntry;
use super::row_parts::{Page, Row};
use crate::i18n::{kind_label, kind_label_or_empty};
use crate::model::DocumentKind;

/// The kinds of row built as template values (`templates::ROW`): a view holds a stand-in,
/// its kind and index, and the row is made when the page is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowKind {
    Meeting = 0,
    Document = 1,
    Minutes = 2,
}

impl RowKind {
    const ALL: [RowKind; 3] = [RowKind::Meeting, RowKind::Document, RowKind::Minutes];
}

impl RenderCtx<'_> {
    /// A meeting as a row; for fingerprints, the digest of that row (the same for every list
    /// the meeting is in, so made once: `RenderCtx::row_digests`).
    pub(super) fn meeting_row(&self, i: usize) -> Value {
        if let Some(digests) = &self.row_digests {
            let digest = digests[i].get_or_init(|| {
                crate::model::reads::shared(|| {
                    super::fingerprints::template_digest(&self.row_value(RowKind::Meeting, i))
                })
            });
            return stand_in(json!(*digest));
        }
        stand_in(json!([RowKind::Meeting as u8, i]))
    }

    pub(super) fn document_row(&self, i: usize) -> Value {
        self.row(RowKind::Document, i)
    }

    /// A meeting's minutes as a row of a document list (kind `zapis`).
    pub(super) fn minutes_row(&self, i: usize) -> Value {
        self.row(RowKind::Minutes, i)
    }

    /// A row's stand-in in a view: its kind and index, or for fingerprints its digest.
    fn row(&self, kind: RowKind, i: usize) -> Value {
        if self.row_digests.is_some() {
            let digest = super::fingerprints::template_digest(&self.row_value(kind, i));
            stand_in(json!(digest))
        } else {
            stand_in(json!([kind as u8, i]))
        }
    }

    /// The row a stand-in names (`Templates::render` asks); `None` for anything else. A
    /// meeting's row alone (no keys added by the view) in a render with rows' parts is a
    /// `row_parts::Row`, unbuilt when `page` holds its text from the last build.
    pub(super) fn stood_in(&self, v: &Value, alone: bool, page: Option<&Arc<Page>>) -> Option<Tv> {
        let [kind, i] = v.as_array()?.as_slice() else {
            return None;
        };
        let kind = *RowKind::ALL.get(usize::try_from(kind.as_u64()?).ok()?)?;
        let i = usize::try_from(i.as_u64()?).ok()?;
        let len = match kind {
            RowKind::Meeting | RowKind::Minutes => self.site.meetings.len(),
            RowKind::Document => self.site.documents.len(),
        };
        if i >= len {
            return None;
        }
        if let (true, RowKind::Meeting, Some(parts), Some(page)) =
            (alone, kind, self.row_parts, page)
        {
            let digest = parts.digest(i);
            let value = match digest {
                Some(d) if page.holds(d) => None,
                _ => Some(self.row_value(kind, i)),
            };
            return Some(Tv::from_object(Row {
                digest,
                value,
                page: Arc::clone(page),
            }));
        }
        Some(self.row_value(kind, i))
    }

    /// A row as a template value, its keys in the order a view's are (sorted).
    fn row_value(&self, kind: RowKind, i: usize) -> Tv {
        let none = || Tv::from(());
        match kind {
            RowKind::Meeting => {
                let m = &self.site.meetings[i];
                Self::fields([
                    ("date", self.date_value(m.date)),
                    ("group", m.group.map_or_else(none, |g| self.group_value(g))),
                    ("is_event", Tv::from(m.kind.is_event())),
                    ("kind", Tv::from(kind_label(self.lang, m.kind))),
                    (
                        "minutes",
                        m.minutes.as_ref().map_or_else(none, |a| self.file_value(a)),
                    ),
                    ("minutes_title", Tv::from(m.minutes_title.as_str())),
                    (
                        "number",
                        m.number.map_or_else(none, |n| Tv::from(u64::from(n))),
                    ),
                    ("territory", self.territory_value(m.territory)),
                    (
                        "time",
                        m.time.map_or_else(none, |(h, mi)| {
                            Tv::from(crate::czech::date::format_time(h, mi))
                        }),
                    ),
                    ("title", Tv::from(m.title.as_str())),
                    ("upcoming", Tv::from(self.site.is_upcoming(m))),
                    ("url", Tv::from(self.url(&m.path))),
                ])
            }
            RowKind::Document => {
                let x = &self.site.documents[i];
                Self::fields([
                    ("draft", Tv::from(x.draft)),
                    ("external", x.url.as_deref().map_or_else(none, Tv::from)),
                    (
                        "file",
                        x.file.as_ref().map_or_else(none, |a| self.file_value(a)),
                    ),
                    ("kind", Tv::from(kind_label_or_empty(self.lang, x.kind))),
                    ("open", Tv::from(self.site.is_open_consultation(x))),
                    ("period", Tv::from(x.period.as_str())),
                    ("published", self.date_value(x.published)),
                    (
                        "territory",
                        x.territory.map_or_else(none, |t| self.territory_value(t)),
                    ),
                    ("title", Tv::from(x.title.as_str())),
                    ("url", Tv::from(self.url(&x.path))),
                ])
            }
            RowKind::Minutes => {
                let m = &self.site.meetings[i];
                Self::fields([
                    ("draft", Tv::from(false)),
                    ("external", none()),
                    (
                        "file",
                        m.minutes.as_ref().map_or_else(none, |a| self.file_value(a)),
                    ),
                    ("kind", Tv::from(kind_label(self.lang, DocumentKind::Zapis))),
                    ("open", Tv::from(false)),
                    ("period", Tv::from("")),
                    ("published", self.date_value(m.date)),
                    ("territory", self.territory_value(m.territory)),
                    ("title", Tv::from(m.minutes_title.as_str())),
                    ("url", Tv::from(self.url(&m.path))),
                ])
            }
        }
    }

    pub(super) fn project_row(&self, i: usize) -> Value {
        let p = &self.site.projects[i];
        json!({
            "title": p.title,
            "url": self.url(&p.path),
            "start": self.date(p.start),
            "end": self.date(p.end),
            "registration": p.registration,
            "territories": p.territories.iter().map(|t| self.territory_link(*t)).collect::<Vec<_>>(),
        })
    }

    pub(super) fn group_row(&self, i: usize) -> Value {
        let g = &self.site.groups[i];
        let last = g
            .meetings
            .iter()
            .filter(|m| self.site.meetings[**m].date.is_some())
            .max_by_key(|m| self.site.meetings[**m].date)
            .or(g.meetings.last());
        let next = g
            .meetings
            .iter()
            .filter(|m| self.site.is_upcoming(&self.site.meetings[**m]))
            .min_by_key(|m| self.site.meetings[**m].date);
        let last = last.filter(|m| !self.site.is_upcoming(&self.site.meetings[**m]));
        json!({
            "title": g.title,
            "short": g.short,
            "url": self.url(&g.path),
            "kind": kind_label_or_empty(self.lang, g.kind),
            "territory": self.territory_link(g.territory),
            "locality": g.locality,
            "target_groups": g.target_groups.iter().map(|t| self.target_group_link(*t)).collect::<Vec<_>>(),
            "member_count": g.members.len(),
            "meeting_count": g.meetings.len(),
            "last_meeting": last.map(|m| self.meeting_row(*m)),
            "next_meeting": next.map(|m| self.meeting_row(*m)),
        })
    }

    /// An entry of a document list as its row.
    pub(super) fn entry_row(&self, e: DocEntry) -> Value {
        match e {
            DocEntry::Doc(i) => self.document_row(i),
            DocEntry::Minutes(i) => self.minutes_row(i),
        }
    }
}

/// A row's stand-in: an object holding `which` under the key `templates::ROW`. A view may
/// add keys to it (a consultation's row on the home page gets its `comments_until`).
fn stand_in(which: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(super::templates::ROW.to_string(), which);
    Value::Object(m)
}
