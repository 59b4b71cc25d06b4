//! The `[open_data]` table of `config.toml`: who publishes the site's open data (publisher,
//! IČO, contact, licence), which the local catalogue (`/data/katalog.jsonld`) needs. Reading and
//! judging the values only; the catalogue itself is `render::outputs::catalog`. No I/O.

use std::ops::Range;

use super::CONFIG_FILE;
use super::frontmatter::Reader;
use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;

/// The keys of `[open_data]`, in the order the docs and the warning list them.
pub const KEYS: [&str; 4] = ["publisher", "ico", "contact_email", "license"];

/// `[open_data]` as written: every key may be missing (then no catalogue is written and
/// [`OpenData::missing_warning`] says why).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OpenData {
    /// The publisher's name ("Město Jindřichův Hradec").
    pub publisher: Option<String>,
    /// The publisher's IČO, eight digits.
    pub ico: Option<String>,
    pub contact_email: Option<String>,
    /// The licence of the data: an absolute URL (`https://creativecommons.org/licenses/by/4.0/`).
    pub license: Option<String>,
    /// Where the table is, when there is one (for the warning's position).
    pub span: Option<Range<usize>>,
}

/// The complete settings the catalogue is written from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Publisher<'a> {
    pub name: &'a str,
    pub ico: &'a str,
    pub contact_email: &'a str,
    pub license: &'a str,
}

impl OpenData {
    /// All four settings, or `None` when any is missing.
    pub fn complete(&self) -> Option<Publisher<'_>> {
        Some(Publisher {
            name: self.publisher.as_deref()?,
            ico: self.ico.as_deref()?,
            contact_email: self.contact_email.as_deref()?,
            license: self.license.as_deref()?,
        })
    }

    /// The keys not given.
    pub fn missing(&self) -> Vec<&'static str> {
        let given = [
            self.publisher.is_some(),
            self.ico.is_some(),
            self.contact_email.is_some(),
            self.license.is_some(),
        ];
        KEYS.iter()
            .zip(given)
            .filter(|(_, g)| !g)
            .map(|(k, _)| *k)
            .collect()
    }

    /// A warning naming config.toml and the keys still missing, or `None` when the catalogue
    /// can be written.
    pub fn missing_warning(&self, lang: Lang) -> Option<Diagnostic> {
        let missing = self.missing();
        if missing.is_empty() {
            return None;
        }
        let list = missing.join(", ");
        let message = match (lang, self.span.is_some()) {
            (Lang::Cs, true) => format!(
                "katalog otevřených dat (data/katalog.jsonld) se nezapíše: v tabulce [open_data] chybí {list}"
            ),
            (Lang::Cs, false) => format!(
                "katalog otevřených dat (data/katalog.jsonld) se nezapíše: config.toml nemá tabulku [open_data] ({list})"
            ),
            (Lang::En, true) => format!(
                "the open data catalogue (data/katalog.jsonld) is not written: [open_data] lacks {list}"
            ),
            (Lang::En, false) => format!(
                "the open data catalogue (data/katalog.jsonld) is not written: config.toml has no [open_data] table ({list})"
            ),
        };
        let example: Vec<String> = missing.iter().map(|k| example_line(k)).collect();
        Some(
            Diagnostic::warning(CONFIG_FILE, self.span.clone(), message).with_hint(format!(
                "{}\n[open_data]\n{}",
                tr(
                    lang,
                    "doplňte do config.toml (viz docs/otevrena-data.md):",
                    "add to config.toml (see docs/otevrena-data.md):"
                ),
                example.join("\n")
            )),
        )
    }
}

fn example_line(key: &str) -> String {
    let value = match key {
        "publisher" => "\"Město Příklad\"",
        "ico" => "\"00000000\"",
        "contact_email" => "\"data@example.org\"",
        _ => "\"https://creativecommons.org/licenses/by/4.0/\"",
    };
    format!("{key} = {value}")
}

/// Read `[open_data]`; a value of the wrong shape is an error naming its line.
pub fn read(r: &mut Reader<'_, '_>, lang: Lang, d: &mut Diagnostics) -> OpenData {
    let Some(mut t) = r.table("open_data", d) else {
        return OpenData::default();
    };
    let mut out = OpenData {
        span: Some(t.span()),
        ..OpenData::default()
    };
    out.publisher = t.string("publisher", d).map(|x| x.value);
    if let Some(ico) = t.string("ico", d) {
        if ico.value.len() == 8 && ico.value.bytes().all(|b| b.is_ascii_digit()) {
            out.ico = Some(ico.value);
        } else {
            d.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(ico.span),
                    tr(
                        lang,
                        &format!("IČO \"{}\" nemá osm číslic", ico.value),
                        &format!("IČO \"{}\" is not eight digits", ico.value),
                    ),
                )
                .with_hint("ico = \"00245836\""),
            );
        }
    }
    if let Some(e) = t.string("contact_email", d) {
        if e.value.contains('@') && !e.value.contains([' ', ':']) {
            out.contact_email = Some(e.value);
        } else {
            d.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(e.span),
                    tr(
                        lang,
                        &format!("\"{}\" není e-mailová adresa", e.value),
                        &format!("\"{}\" is not an e-mail address", e.value),
                    ),
                )
                .with_hint("contact_email = \"data@example.org\""),
            );
        }
    }
    if let Some(l) = t.string("license", d) {
        if l.value.starts_with("https://") || l.value.starts_with("http://") {
            out.license = Some(l.value);
        } else {
            d.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(l.span),
                    tr(
                        lang,
                        &format!("licence \"{}\" není adresa (URL) licence", l.value),
                        &format!(
                            "licence \"{}\" is not the address (URL) of a licence",
                            l.value
                        ),
                    ),
                )
                .with_hint("license = \"https://creativecommons.org/licenses/by/4.0/\""),
            );
        }
    }
    t.finish(d);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_lists_exactly_the_missing_keys() {
        let none = OpenData::default();
        let w = none.missing_warning(Lang::Cs).unwrap();
        assert!(
            w.message
                .contains("nemá tabulku [open_data] (publisher, ico, contact_email, license)"),
            "{}",
            w.message
        );
        let some = OpenData {
            publisher: Some("Město".into()),
            license: Some("https://x.org/".into()),
            span: Some(0..1),
            ..OpenData::default()
        };
        let w = some.missing_warning(Lang::En).unwrap();
        assert!(
            w.message.ends_with("lacks ico, contact_email"),
            "{}",
            w.message
        );
        assert!(some.complete().is_none());
        let full = OpenData {
            ico: Some("00245836".into()),
            contact_email: Some("a@b.cz".into()),
            ..some
        };
        assert!(full.missing_warning(Lang::Cs).is_none());
        assert_eq!(full.complete().unwrap().ico, "00245836");
    }
}
