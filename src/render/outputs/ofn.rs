//! Open data by the Czech open formal norms (OFN, § 3a odst. 3 zákona č. 106/1999 Sb.):
//! `/data/udalosti.jsonld` by OFN *Události* (2020-07-01) and `/data/aktuality.jsonld` by OFN
//! *Aktuality* (2020-07-01). Each file is a JSON array of items shaped as the norms' examples,
//! each with the norm's `@context`, so a harvester of other Czech publishers reads them
//! unchanged. Only what the norms can say is written: a time instant (`Časový okamžik`) holds a
//! day (`datum`) or a day and time (`datum_a_čas`), so events and news known only to the month
//! or year are left out here (they stay in `meetings.json`).

use serde_json::{Value, json};

use super::absolute;
use super::pieces::{Assembly, Kind, Pieces, Text};
use super::time::rfc3339;
use crate::czech::Lang;
use crate::model::Meeting;
use crate::render::context::RenderCtx;
use crate::render::meta;

pub const EVENTS_FILE: &str = "udalosti.jsonld";
pub const NEWS_FILE: &str = "aktuality.jsonld";
/// The norm's published JSON-LD context and page.
pub const EVENTS_CONTEXT: &str = "https://ofn.gov.cz/události/2020-07-01/kontexty/událost.jsonld";
pub const EVENTS_NORM: &str = "https://ofn.gov.cz/události/2020-07-01/";
pub const NEWS_CONTEXT: &str = "https://ofn.gov.cz/aktuality/2020-07-01/kontexty/aktualita.jsonld";
pub const NEWS_NORM: &str = "https://ofn.gov.cz/aktuality/2020-07-01/";

fn lang_key(ctx: &RenderCtx) -> &'static str {
    match ctx.lang {
        Lang::Cs => "cs",
        Lang::En => "en",
    }
}

/// A `Časový okamžik` of a day, with the time when known.
fn instant(m: &Meeting) -> Option<Value> {
    let d = m.date.filter(|d| d.is_precise())?;
    Some(match m.time {
        Some(_) => json!({ "typ": "Časový okamžik", "datum_a_čas": rfc3339(d, m.time)? }),
        None => json!({ "typ": "Časový okamžik", "datum": d.iso() }),
    })
}

/// One meeting as an OFN `Událost`, or `None` when it is not dated to the day.
pub(super) fn event(ctx: &RenderCtx, i: usize) -> Option<Value> {
    let site = ctx.site;
    let m = &site.meetings[i];
    let start = instant(m)?;
    let l = lang_key(ctx);
    let url = absolute(site, &m.path);
    let place = if m.place.is_empty() {
        site.territories[m.territory].name.clone()
    } else {
        m.place.clone()
    };
    let mut e = json!({
        "@context": EVENTS_CONTEXT,
        "typ": "Událost",
        "iri": url,
        "url": url,
        "název": { l: m.title },
        "popis": { l: meta::meeting_summary(ctx, i) },
        "doba_trvání": [{
            "typ": "Časová specifikace",
            "časový_interval": { "typ": "Časový interval", "začátek": start },
        }],
        "umístění": [{ "typ": "Umístění", "název": { l: place } }],
    });
    if let Some(g) = m.group {
        e["pořadatel"] = json!([{ "typ": "Osoba", "název": { l: site.groups[g].title } }]);
    }
    Some(e)
}

/// One item as `array` writes it.
pub(super) fn item_text(item: &Value) -> String {
    serde_json::to_string_pretty(item).unwrap_or_default()
}

/// A JSON array of items written by [`item_text`], one item at a time (an item's `Value` lives
/// only while it is written, so memory does not grow with the number of items).
/// `size`: the items' length, when known (one allocation).
fn array<S: AsRef<str>>(items: impl Iterator<Item = S>, size: usize) -> String {
    let mut s = String::with_capacity(size + 4);
    s.push('[');
    for (n, item) in items.enumerate() {
        s.push_str(super::json_item_before(n == 0));
        s.push_str(item.as_ref());
    }
    s.push_str(ARRAY_END);
    s
}

/// The end of an array (also of an empty one).
const ARRAY_END: &str = "\n]\n";

/// The text of `udalosti.jsonld`: every meeting dated to the day, in the model's order; with
/// `pieces` (the preview's), each event is taken from them instead of written again.
pub(in crate::render) fn events(ctx: &RenderCtx, pieces: Option<&Pieces>) -> String {
    let mut out = Text::new(ctx, pieces);
    events_into(ctx.site.meetings.len(), &mut out);
    out.out
}

/// `udalosti.jsonld` put together into `out` (its text or its fingerprint), as [`array`]
/// writes it.
pub(super) fn events_into(n: usize, out: &mut dyn Assembly) {
    out.reserve(Kind::Event, &mut (0..n));
    out.text("[");
    let mut first = true;
    for i in 0..n {
        if out.piece(Kind::Event, i, super::json_item_before(first)) {
            first = false;
        }
    }
    out.text(ARRAY_END);
}

/// The text of `aktuality.jsonld`: every news item dated to the day.
pub(in crate::render) fn news(ctx: &RenderCtx) -> String {
    let site = ctx.site;
    let l = lang_key(ctx);
    let items = site.news.iter().filter(|n| n.date.is_precise()).map(|n| {
        let url = absolute(site, &n.path);
        let mut v = json!({
            "@context": NEWS_CONTEXT,
            "typ": "Aktualita",
            "iri": url,
            "url": url,
            "název": { l: n.title },
            "vytvořeno": { "typ": "Časový okamžik", "datum": n.date.iso() },
        });
        if let Some(p) = meta::first_sentence(&n.body.markdown()) {
            v["popis"] = json!({ l: p });
        }
        v
    });
    array(items.map(|v| item_text(&v)), 0)
}
