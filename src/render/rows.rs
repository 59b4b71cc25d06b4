//! The rows of lists: one meeting, document, minutes entry, project or group as a list (or a
//! page's side panel) shows it. Must not choose, sort or cut lists: that is `lists`.

use serde_json::{Value, json};

use super::context::RenderCtx;
use super::lists::DocEntry;
use crate::i18n::{kind_label, kind_label_or_empty};
use crate::model::DocumentKind;

impl RenderCtx<'_> {
    /// A meeting as a row; for fingerprints, the digest of that row (the same for every list
    /// the meeting is in, so made once: `RenderCtx::row_digests`).
    pub(super) fn meeting_row(&self, i: usize) -> Value {
        if let Some(digests) = &self.row_digests {
            let digest = digests[i].get_or_init(|| {
                crate::model::reads::shared(|| super::fingerprints::digest(&self.row_of(i)))
            });
            return Value::from(*digest);
        }
        self.row_of(i)
    }

    fn row_of(&self, i: usize) -> Value {
        let m = &self.site.meetings[i];
        json!({
            "title": m.title,
            "url": self.url(&m.path),
            "date": self.date(m.date),
            "time": m.time.map(|(h, mi)| crate::czech::date::format_time(h, mi)),
            "number": m.number,
            "kind": kind_label(self.lang, m.kind),
            "is_event": m.kind.is_event(),
            "group": m.group.map(|g| self.group_link(g)),
            "territory": self.territory_link(m.territory),
            "minutes": m.minutes.as_ref().map(|a| self.file(a)),
            "minutes_title": m.minutes_title,
            "upcoming": self.site.is_upcoming(m),
        })
    }

    pub(super) fn document_row(&self, i: usize) -> Value {
        let x = &self.site.documents[i];
        json!({
            "title": x.title,
            "url": self.url(&x.path),
            "kind": kind_label_or_empty(self.lang, x.kind),
            "published": self.date(x.published),
            "period": x.period,
            "file": x.file.as_ref().map(|a| self.file(a)),
            "external": x.url,
            "territory": x.territory.map(|t| self.territory_link(t)),
            "draft": x.draft,
            "open": self.site.is_open_consultation(x),
        })
    }

    /// A meeting's minutes as a row of a document list (kind `zapis`).
    pub(super) fn minutes_row(&self, i: usize) -> Value {
        let m = &self.site.meetings[i];
        json!({
            "title": m.minutes_title,
            "url": self.url(&m.path),
            "kind": kind_label(self.lang, DocumentKind::Zapis),
            "published": self.date(m.date),
            "period": "",
            "file": m.minutes.as_ref().map(|a| self.file(a)),
            "external": null,
            "territory": self.territory_link(m.territory),
            "draft": false,
            "open": false,
        })
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
