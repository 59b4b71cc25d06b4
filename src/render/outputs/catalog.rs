//! The local open-data catalogue (lokální katalog otevřených dat, LKOD) by the OFN
//! *Rozhraní katalogů otevřených dat* (DCAT-AP-CZ), the variant with records in files:
//! `/data/katalog.jsonld` is the catalogue and lists one dataset record per published
//! collection, each in its own file `/data/katalog/<collection>.jsonld` with its
//! distributions (absolute URLs of files this build writes, media types), the norm it
//! conforms to, publisher (by IČO), contact point, licence terms and temporal coverage. The
//! national catalogue (NKOD) harvests it once registered (docs/otevrena-data.md). Written only
//! when `[open_data]` is complete (`render::outputs::jobs` decides).

use serde_json::{Value, json};

use super::data::{COLLECTIONS, Cell};
use super::{DATA, absolute, ofn};
use crate::czech::date::PartialDate;
use crate::model::Site;

pub const CATALOG_FILE: &str = "katalog.jsonld";
pub const CONTEXT: &str = "https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/rozhraní-katalogů-otevřených-dat.jsonld";
const THEME_SOCIAL: &str = "http://publications.europa.eu/resource/authority/data-theme/SOCI";
const IRREGULAR: &str = "http://publications.europa.eu/resource/authority/frequency/IRREG";
const CZECHIA: &str = "https://linked.cuzk.cz/resource/ruian/stat/1";
const NO_PERSONAL_DATA: &str = "https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/";

/// One dataset of the catalogue.
#[derive(Clone, Copy, Debug)]
pub enum Dataset {
    /// A plain collection, by index into `COLLECTIONS` (JSON and CSV).
    Collection(usize),
    /// `udalosti.jsonld`.
    Events,
    /// `aktuality.jsonld`.
    News,
}

/// Every dataset, in the catalogue's order.
pub fn datasets() -> Vec<Dataset> {
    (0..COLLECTIONS.len())
        .map(Dataset::Collection)
        .chain([Dataset::Events, Dataset::News])
        .collect()
}

fn slug(d: Dataset) -> &'static str {
    match d {
        Dataset::Collection(i) => COLLECTIONS[i].slug,
        Dataset::Events => "udalosti",
        Dataset::News => "aktuality",
    }
}

/// The site path of a dataset's record.
pub fn dataset_file(i: usize) -> String {
    format!("{DATA}/katalog/{}.jsonld", slug(datasets()[i]))
}

/// Earliest and latest of some dates, as the first and last day of their periods.
fn coverage(dates: impl Iterator<Item = PartialDate>) -> Option<Value> {
    let (mut lo, mut hi): (Option<PartialDate>, Option<PartialDate>) = (None, None);
    for d in dates {
        lo = Some(lo.map_or(d, |x| x.min(d)));
        hi = Some(hi.map_or(d, |x| x.max(d)));
    }
    let (lo, hi) = (lo?, hi?);
    let first = super::time::first_day(lo)?;
    let last = match (hi.month, hi.day) {
        (Some(_), Some(_)) => super::time::first_day(hi)?,
        (Some(_), None) => super::time::first_day(hi)?.last_of_month(),
        _ => jiff::civil::Date::new(hi.year, 12, 31).ok()?,
    };
    Some(
        json!({ "typ": "Časový interval", "začátek": first.to_string(), "konec": last.to_string() }),
    )
}

fn temporal(site: &Site, d: Dataset) -> Option<Value> {
    match d {
        Dataset::Collection(i) => {
            let c = &COLLECTIONS[i];
            let field = c.date_field?;
            let records = (c.records)(site);
            coverage(records.filter_map(|r| match r.get(field) {
                Some(Cell::Text(s)) => PartialDate::parse(s).ok(),
                _ => None,
            }))
        }
        Dataset::Events => coverage(
            site.meetings
                .iter()
                .filter_map(|m| m.date.filter(|d| d.is_precise())),
        ),
        Dataset::News => coverage(site.news.iter().map(|n| n.date).filter(|d| d.is_precise())),
    }
}

/// (file, IANA media type, EU file type) of each distribution.
fn files(d: Dataset) -> Vec<(String, &'static str, &'static str)> {
    match d {
        Dataset::Collection(i) => vec![
            (
                format!("{DATA}/{}.json", COLLECTIONS[i].slug),
                "application/json",
                "JSON",
            ),
            (
                format!("{DATA}/{}.csv", COLLECTIONS[i].slug),
                "text/csv",
                "CSV",
            ),
        ],
        Dataset::Events => vec![(
            format!("{DATA}/{}", ofn::EVENTS_FILE),
            "application/ld+json",
            "JSON_LD",
        )],
        Dataset::News => vec![(
            format!("{DATA}/{}", ofn::NEWS_FILE),
            "application/ld+json",
            "JSON_LD",
        )],
    }
}

fn title(d: Dataset) -> (&'static str, &'static str) {
    match d {
        Dataset::Collection(i) => (COLLECTIONS[i].title.0, COLLECTIONS[i].description.0),
        Dataset::Events => (
            "Události komunitního plánování (OFN Události)",
            "Jednání a akce se známým dnem konání podle otevřené formální normy Události.",
        ),
        Dataset::News => (
            "Aktuality komunitního plánování (OFN Aktuality)",
            "Aktuality webu podle otevřené formální normy Aktuality.",
        ),
    }
}

/// The publisher as the catalogue names it: the public body by its IČO in the register
/// of rights and obligations (RPP).
fn publisher(ico: &str) -> String {
    format!("https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/{ico}")
}

fn contact(name: &str, email: &str) -> Value {
    json!({ "typ": "Organizace", "jméno": { "cs": name }, "e-mail": format!("mailto:{email}") })
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The text of `data/katalog.jsonld` (empty when `[open_data]` is incomplete; then the plan
/// has no such job).
pub(in crate::render) fn catalog(site: &Site) -> String {
    let Some(p) = site.config.open_data.complete() else {
        return String::new();
    };
    let sets: Vec<String> = (0..datasets().len())
        .map(|i| absolute(site, &dataset_file(i)))
        .collect();
    pretty(&json!({
        "@context": CONTEXT,
        "iri": absolute(site, &format!("{DATA}/{CATALOG_FILE}")),
        "typ": "Katalog",
        "název": { "cs": format!("Otevřená data – {}", site.config.title) },
        "popis": { "cs": "Lokální katalog otevřených dat komunitního plánování sociálních služeb." },
        "poskytovatel": publisher(p.ico),
        "kontaktní_bod": contact(p.name, p.contact_email),
        "domovská_stránka": site.config.base_url,
        "datová_sada": sets,
    }))
}

/// The text of one dataset record, `data/katalog/<collection>.jsonld`.
pub(in crate::render) fn dataset(site: &Site, i: usize) -> String {
    let Some(p) = site.config.open_data.complete() else {
        return String::new();
    };
    let d = datasets()[i];
    let iri = absolute(site, &dataset_file(i));
    let terms = json!({
        "typ": "Specifikace podmínek užití",
        "autorské_dílo": p.license,
        "autor": { "cs": p.name },
        "databáze_jako_autorské_dílo": p.license,
        "autor_databáze": { "cs": p.name },
        "databáze_chráněná_zvláštními_právy": p.license,
        "osobní_údaje": NO_PERSONAL_DATA,
    });
    let distributions: Vec<Value> = files(d)
        .into_iter()
        .map(|(file, media, format)| {
            let url = absolute(site, &file);
            json!({
                "typ": "Distribuce",
                "iri": format!("{iri}#{}", format.to_lowercase()),
                "název": { "cs": file.rsplit('/').next().unwrap_or(&file) },
                "podmínky_užití": terms,
                "soubor_ke_stažení": url,
                "přístupové_url": url,
                "typ_média": format!("http://www.iana.org/assignments/media-types/{media}"),
                "formát": format!("http://publications.europa.eu/resource/authority/file-type/{format}"),
            })
        })
        .collect();
    let (name, description) = title(d);
    let mut v = json!({
        "@context": CONTEXT,
        "iri": iri,
        "typ": "Datová sada",
        "název": { "cs": name },
        "popis": { "cs": description },
        "poskytovatel": publisher(p.ico),
        "kontaktní_bod": contact(p.name, p.contact_email),
        "téma": [THEME_SOCIAL],
        "periodicita_aktualizace": IRREGULAR,
        "klíčové_slovo": { "cs": ["komunitní plánování", "sociální služby"] },
        "prvek_rúian": [CZECHIA],
        "dokumentace": absolute(site, ""),
        "distribuce": distributions,
    });
    if let Some(t) = temporal(site, d) {
        v["časové_pokrytí"] = t;
    }
    match d {
        Dataset::Events => v["specifikace"] = json!([ofn::EVENTS_NORM]),
        Dataset::News => v["specifikace"] = json!([ofn::NEWS_NORM]),
        Dataset::Collection(_) => {}
    }
    pretty(&v)
}
