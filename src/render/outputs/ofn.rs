//! Open data by the Czech open formal norms (OFN, § 3a odst. 3 zákona č. 106/1999 Sb.):
//! `/data/udalosti.jsonld` by OFN *Události* (2020-07-01) and `/data/aktuality.jsonld` by OFN
//! *Aktuality* (2020-07-01). Each file is a JSON array of items shaped as the norms' examples,
//! each with the norm's `@context`, so a harvester of other Czech publishers reads them
//! unchanged. Only what the norms can say is written: a time instant (`Časový okamžik`) holds a
//! day (`datum`) or a day and time (`datum_a_čas`), so events and news known only to the month
//! or year are left out here (they stay in `meetings.json`).

use serde_json::{Value, json};

use super::absolute;
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
fn event(ctx: &RenderCtx, i: usize) -> Option<Value> {
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

/// A JSON array of `items`, written one item at a time (an item's `Value` lives only while it
/// is written, so memory does not grow with the number of items).
fn array(items: impl Iterator<Item = Value>) -> String {
    let mut s = String::from("[");
    for (n, item) in items.enumerate() {
        s.push_str(if n == 0 { "\n" } else { ",\n" });
        s.push_str(&serde_json::to_string_pretty(&item).unwrap_or_default());
    }
    s.push_str("\n]\n");
    s
}

/// The text of `udalosti.jsonld`: every meeting dated to the day, in the model's order.
pub(in crate::render) fn events(ctx: &RenderCtx) -> String {
    array((0..ctx.site.meetings.len()).filter_map(|i| event(ctx, i)))
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
        if let Some(p) = meta::first_sentence(n.body.markdown()) {
            v["popis"] = json!({ l: p });
        }
        v
    });
    array(items)
}
