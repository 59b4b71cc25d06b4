//! One file's front matter read into the raw layer of its kind (`RawItem`), and the small
//! conversions of raw values. Reads text already loaded; no I/O, no references resolved.

use std::sync::Arc;

use super::*;
use crate::czech::Lang;
use crate::diagnostics::Diagnostics;
use crate::source::frontmatter::{Located, Reader, parse, split};
use crate::source::{raw, raw_plan};

#[derive(Clone, Debug)]
pub(super) enum RawItem {
    Home(raw::RawPage),
    Territory(raw::RawTerritory),
    Group(raw::RawGroup),
    Meeting(raw::RawMeeting),
    Document(raw::RawDocument),
    Project(raw::RawProject),
    Organisation(raw::RawOrganisation),
    News(raw::RawNews),
    Page(raw::RawPage),
    Service(crate::source::raw_service::RawService),
    Plan(raw_plan::RawPlan),
    Activity(raw_plan::RawActivity),
}

/// A file's front matter read; its body (the text from `body_offset`) is scanned later, from
/// the loaded text again (`links::scan_bodies`), so no text is held between the two steps.
pub(super) struct Parsed<'a> {
    pub(super) rel: &'a str,
    pub(super) place: Place,
    pub(super) item: Arc<RawItem>,
    pub(super) body_offset: usize,
}

pub(super) fn read_file<'a>(
    rel: &'a str,
    text: &str,
    place: Place,
    lang: Lang,
    d: &mut Diagnostics,
) -> Option<Parsed<'a>> {
    let s = match split(rel, text, lang) {
        Ok(s) => s,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let doc = match parse(rel, &s, lang) {
        Ok(doc) => doc,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let mut r = Reader::new(rel, s.toml_offset, &doc, lang);
    let item = match place.kind {
        Kind::Home => RawItem::Home(raw::page(&mut r, d)),
        Kind::Territory => RawItem::Territory(raw::territory(&mut r, d)),
        Kind::Group => RawItem::Group(raw::group(&mut r, d)),
        Kind::Meeting => RawItem::Meeting(raw::meeting(&mut r, d)),
        Kind::Document => RawItem::Document(raw::document(&mut r, d)),
        Kind::Project => RawItem::Project(raw::project(&mut r, d)),
        Kind::Organisation => RawItem::Organisation(raw::organisation(&mut r, d)),
        Kind::News => RawItem::News(raw::news(&mut r, d)),
        Kind::Page => RawItem::Page(raw::page(&mut r, d)),
        Kind::Service => RawItem::Service(crate::source::raw_service::service(&mut r, d)),
        Kind::Plan => RawItem::Plan(raw_plan::plan(&mut r, d)),
        Kind::Activity => RawItem::Activity(raw_plan::activity(&mut r, d)),
    };
    r.finish(d);
    Some(Parsed {
        rel,
        place,
        item: Arc::new(item),
        body_offset: s.body_offset,
    })
}

pub(super) fn v(s: &Option<Located<String>>) -> String {
    s.as_ref().map(|l| l.value.clone()).unwrap_or_default()
}

pub(super) fn list(s: &[Located<String>]) -> Vec<String> {
    s.iter().map(|l| l.value.clone()).collect()
}
