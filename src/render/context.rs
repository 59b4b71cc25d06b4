//! What one render shares between its jobs: the site, its language and base path, the lists
//! sorted at most once, and the small view pieces (links, dates, files, crumbs) every page uses.
//! Must not build a page's view (that is `views/`) nor decide which pages exist (`plan`).

use std::sync::OnceLock;

use minijinja::Value as Tv;
use serde_json::{Value, json};

use super::body::Bodies;
use super::lists::{DocEntry, Year, meetings_by_year, sort_doc_entries, sort_meetings};
use crate::czech::Lang;
use crate::czech::size::{file_size, file_size_spoken};
use crate::i18n::{UI, tr};
use crate::model::reads::shared;
use crate::model::*;

/// The state one render shares between its jobs (named apart from `resolve`'s own context).
pub(super) struct RenderCtx<'a> {
    pub(super) site: &'a Site,
    pub(super) lang: Lang,
    base: &'a str,
    /// Every meeting, newest first, undated last: sorted at most once per render (when a page
    /// needs it), sliced by jobs.
    meetings_sorted: OnceLock<Vec<usize>>,
    /// Every document and minutes entry, newest first: sorted at most once per render.
    docs_sorted: OnceLock<Vec<DocEntry>>,
    /// The site-wide meeting list cut by year, in its order (years newest first, undated last).
    meetings_by_year: OnceLock<Vec<(Year, Vec<usize>)>>,
    /// How bodies appear in views: as HTML, or as fingerprints of their source (see
    /// [`super::fingerprints`]).
    bodies: Bodies,
    /// For fingerprints only: each meeting's row as the digest of its view, made once per
    /// render (a meeting is a row of four lists or more: `meeting_row`).
    pub(super) row_digests: Option<Vec<OnceLock<u64>>>,
    /// Each group's and each territory's link as a template value, made once per render (every
    /// meeting's row holds both: 200 rows a list page).
    group_links: Vec<OnceLock<Tv>>,
    territory_links: Vec<OnceLock<Tv>>,
    /// Each meeting's `VEVENT` (`ical::event`; `None` when it has none), written once per
    /// render when first asked for: a meeting is an event of the site's, its territory's and
    /// its group's calendar, and each calendar guesses its size from its first events. Made
    /// when the first calendar is written without the preview's pieces.
    vevents: OnceLock<Vec<OnceLock<Option<String>>>>,
    /// The preview's pieces of the outputs that list every meeting, when it keeps them.
    pub(super) pieces: Option<&'a super::outputs::Pieces>,
    /// A warm build's outputs put together from the last build's files where they can be.
    pub(super) splicing: Option<&'a super::outputs::splice::Splicing<'a>>,
    /// A build's rows' texts noted, and taken from the last build's pages where they can be.
    pub(super) row_parts: Option<&'a super::row_parts::RowParts<'a>>,
}

impl<'a> RenderCtx<'a> {
    pub(super) fn new(site: &'a Site, bodies: Bodies) -> RenderCtx<'a> {
        RenderCtx {
            site,
            lang: site.config.language,
            base: &site.config.base_path,
            meetings_sorted: OnceLock::new(),
            docs_sorted: OnceLock::new(),
            meetings_by_year: OnceLock::new(),
            row_digests: matches!(bodies, Bodies::Fingerprints)
                .then(|| (0..site.meetings.len()).map(|_| OnceLock::new()).collect()),
            bodies,
            group_links: (0..site.groups.len()).map(|_| OnceLock::new()).collect(),
            territory_links: (0..site.territories.len())
                .map(|_| OnceLock::new())
                .collect(),
            vevents: OnceLock::new(),
            pieces: None,
            splicing: None,
            row_parts: None,
        }
    }

    /// This context with the preview's output pieces, so outputs are put together from them.
    pub(super) fn with_pieces(mut self, pieces: Option<&'a super::outputs::Pieces>) -> Self {
        self.pieces = pieces;
        self
    }

    /// This context with the site-wide meeting order already known (the preview server has it
    /// after an edit), so it is not sorted again.
    pub(super) fn with_meetings_sorted(self, sorted: Vec<usize>) -> RenderCtx<'a> {
        let _ = self.meetings_sorted.set(sorted);
        self
    }

    /// The site-wide meeting order, if this render sorted it (for the next render of the
    /// same site: a warm build's fingerprints hand it to the render).
    pub(super) fn into_meetings_sorted(self) -> Option<Vec<usize>> {
        self.meetings_sorted.into_inner()
    }

    pub(super) fn meetings_sorted(&self) -> &[usize] {
        self.meetings_sorted
            .get_or_init(|| shared(|| sort_meetings(self.site)))
    }

    pub(super) fn docs_sorted(&self) -> &[DocEntry] {
        self.docs_sorted
            .get_or_init(|| shared(|| sort_doc_entries(self.site)))
    }

    pub(super) fn meetings_by_year(&self) -> &[(Year, Vec<usize>)] {
        self.meetings_by_year
            .get_or_init(|| shared(|| meetings_by_year(self.site, self.meetings_sorted())))
    }

    /// A body as its view shows it.
    pub(super) fn body(&self, b: &Body) -> String {
        self.bodies.show(self.site, b)
    }

    pub(super) fn url(&self, path: &str) -> String {
        crate::source::config::site_url(self.base, path)
    }

    pub(super) fn t(&self, key: &str) -> String {
        UI.iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, cs, en)| tr(self.lang, cs, en))
            .unwrap_or_else(|| key.to_string())
    }

    pub(super) fn link(&self, title: &str, path: &str) -> Value {
        json!({ "title": title, "url": self.url(path) })
    }

    pub(super) fn date(&self, d: Option<crate::czech::date::PartialDate>) -> Value {
        match d {
            Some(d) => json!({ "text": d.format(self.lang), "iso": d.iso() }),
            None => Value::Null,
        }
    }

    pub(super) fn file(&self, a: &Attachment) -> Value {
        let [size, spoken, spoken_label] = self.file_texts(a);
        json!({
            "url": self.url(&a.path),
            "name": a.name,
            "format": a.format,
            "size": size,
            "spoken": spoken,
            "spoken_label": spoken_label,
        })
    }

    /// An attached file's size as written, as spoken, and what a screen reader says after the
    /// link text ("soubor PDF, 1,2 megabajtu").
    fn file_texts(&self, a: &Attachment) -> [String; 3] {
        let spoken = file_size_spoken(a.size, self.lang);
        let label = match (self.lang, a.format.is_empty()) {
            (Lang::Cs, false) => format!("soubor {}, {spoken}", a.format),
            (Lang::En, false) => format!("{} file, {spoken}", a.format),
            (Lang::Cs, true) => format!("soubor, {spoken}"),
            (Lang::En, true) => format!("file, {spoken}"),
        };
        [file_size(a.size, self.lang), spoken, label]
    }

    /// A map of fixed keys as a template value: minijinja's map by `&'static str`, built
    /// without a key made as a value, and a template's `r.title` found by comparing strings.
    pub(super) fn fields<const N: usize>(pairs: [(&'static str, Tv); N]) -> Tv {
        Tv::from_object(std::collections::BTreeMap::from(pairs))
    }

    /// `date` as a template value (a row is built as one: `rows`), its keys in the order a
    /// view's are (sorted), as everything of this kind below.
    pub(super) fn date_value(&self, d: Option<crate::czech::date::PartialDate>) -> Tv {
        match d {
            Some(d) => Self::fields([
                ("iso", Tv::from(d.iso())),
                ("text", Tv::from(d.format(self.lang))),
            ]),
            None => Tv::from(()),
        }
    }

    /// `link` as a template value.
    pub(super) fn link_value(&self, title: &str, path: &str) -> Tv {
        Self::fields([
            ("title", Tv::from(title)),
            ("url", Tv::from(self.url(path))),
        ])
    }

    /// `file` as a template value.
    pub(super) fn file_value(&self, a: &Attachment) -> Tv {
        let [size, spoken, spoken_label] = self.file_texts(a);
        Self::fields([
            ("format", Tv::from(a.format.as_str())),
            ("name", Tv::from(a.name.as_str())),
            ("size", Tv::from(size)),
            ("spoken", Tv::from(spoken)),
            ("spoken_label", Tv::from(spoken_label)),
            ("url", Tv::from(self.url(&a.path))),
        ])
    }

    /// `territory_link` as a template value.
    pub(super) fn territory_value(&self, t: usize) -> Tv {
        self.territory_links[t]
            .get_or_init(|| {
                let t = &self.site.territories[t];
                self.link_value(&t.name, &t.path)
            })
            .clone()
    }

    /// `group_link` as a template value.
    pub(super) fn group_value(&self, g: usize) -> Tv {
        self.group_links[g]
            .get_or_init(|| {
                let g = &self.site.groups[g];
                self.link_value(&g.title, &g.path)
            })
            .clone()
    }

    pub(super) fn territory_link(&self, t: usize) -> Value {
        let t = &self.site.territories[t];
        self.link(&t.name, &t.path)
    }

    /// The territory a page's `<title>` names after its own title (`title_where`): titles
    /// repeat across territories ("Pracovní skupina Senioři" in three), so a page of a
    /// territory always says which, unless its title already does. Always, not only where a
    /// title happens to repeat: then no page's title depends on another page, and the preview
    /// re-renders exactly what an edit changes.
    pub(super) fn title_where(&self, title: &str, territory: Option<usize>) -> Value {
        match territory.map(|t| &self.site.territories[t]) {
            Some(t) if !title.contains(t.name.as_str()) => json!(t.name),
            _ => Value::Null,
        }
    }

    /// Meeting `i`'s `VEVENT` with `DTSTAMP` `stamp` (the build's, the same for every
    /// event), written at most once per render; `None` when it is not dated to the day.
    pub(super) fn vevent(&self, i: usize, stamp: &str) -> Option<&str> {
        let all = self.vevents.get_or_init(|| {
            (0..self.site.meetings.len())
                .map(|_| OnceLock::new())
                .collect()
        });
        all.get(i)?
            .get_or_init(|| {
                super::outputs::ical::event(self.site, &self.site.meetings[i], stamp)
                    .filter(|v| !v.is_empty())
            })
            .as_deref()
    }

    pub(super) fn group_link(&self, g: usize) -> Value {
        let g = &self.site.groups[g];
        self.link(&g.title, &g.path)
    }

    pub(super) fn org_ref(&self, o: &Option<OrgRef>) -> Value {
        match o {
            Some(OrgRef::Known(i)) => {
                let o = &self.site.organisations[*i];
                self.link(&o.title, &o.path)
            }
            Some(OrgRef::Text(s)) => json!({ "title": s, "url": null }),
            None => Value::Null,
        }
    }

    pub(super) fn target_group_link(&self, i: usize) -> Value {
        let tg = &self.site.config.target_groups[i];
        self.link(
            &tg.name,
            &format!("{}/{}/", self.site.config.folders.target_groups, tg.slug),
        )
    }

    pub(super) fn crumbs(&self, items: &[(String, String)]) -> Value {
        let mut v = vec![self.link(&self.t("home"), "")];
        v.extend(items.iter().map(|(t, p)| self.link(t, p)));
        Value::Array(v)
    }
}
