//! The `[accessibility]` table of `config.toml` read into a [`Statement`] (prohlášení o
//! přístupnosti, § 8 of zákon č. 99/2019 Sb.), and when its review is stale. Reading only: the
//! checks against the site and the statement page's view are in `crate::accessibility`, so the
//! source layer does not depend on the model. No I/O.

use std::sync::Arc;

use super::CONFIG_FILE;
use super::frontmatter::{Located, Reader};
use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;
/// How far the site complies (`status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// `plne`: fully compliant.
    Full,
    /// `castecne`: partially compliant.
    Partial,
    /// `ne`: not compliant.
    No,
}

/// How the statement was prepared (`method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `vlastni-posouzeni`: self-assessment by the publisher.
    SelfAssessment,
    /// `posouzeni-treti-stranou`: assessment by a third party.
    ThirdParty,
}

/// The `[accessibility]` table, validated.
#[derive(Clone, Debug, Hash)]
pub struct Statement {
    /// Who commits to accessibility (the obliged subject).
    pub publisher: String,
    pub status: Status,
    /// Content that does not comply, each item with its reason.
    pub non_compliant: Vec<String>,
    /// Content exempt as a disproportionate burden (§ 7), each with its justification.
    pub burden: Vec<String>,
    /// Content outside the scope of the law.
    pub out_of_scope: Vec<String>,
    /// How to get an accessible alternative of the content above.
    pub alternatives: String,
    pub prepared: PartialDate,
    pub method: Method,
    /// Who assessed, for a third-party assessment.
    pub assessor: String,
    pub reviewed: Located<PartialDate>,
    pub email: String,
    pub phone: String,
    /// Site path of the statement page, ending in `/` (`pristupnost/`).
    pub path: String,
    /// The text of config.toml, so a later warning can show its line.
    pub source: Arc<str>,
}

const STATUS_VALUES: &[&str] = &["plne", "castecne", "ne"];
const METHOD_VALUES: &[&str] = &["vlastni-posouzeni", "posouzeni-treti-stranou"];

/// Default URL slug of the statement page.
pub fn default_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Cs => "pristupnost",
        Lang::En => "accessibility",
    }
}

fn enum_error(key: &str, v: &Located<String>, allowed: &[&str], lang: Lang, d: &mut Diagnostics) {
    let list = allowed
        .iter()
        .map(|x| format!("\"{x}\""))
        .collect::<Vec<_>>()
        .join(", ");
    d.push(
        Diagnostic::error(
            CONFIG_FILE,
            Some(v.span.clone()),
            match lang {
                Lang::Cs => format!("pole `{key}`: neznámá hodnota \"{}\"", v.value),
                Lang::En => format!("field `{key}`: unknown value \"{}\"", v.value),
            },
        )
        .with_hint(match lang {
            Lang::Cs => format!("povolené hodnoty: {list}"),
            Lang::En => format!("allowed values: {list}"),
        }),
    );
}

/// A required date of day precision.
fn req_day(r: &mut Reader, key: &'static str, d: &mut Diagnostics) -> Option<Located<PartialDate>> {
    let present = r.string_present(key);
    let v = r.date(key, d);
    if !present {
        r.missing(key, "2026-03-31", d);
        return None;
    }
    let v = v?;
    if !v.value.is_precise() {
        d.push(
            Diagnostic::error(
                CONFIG_FILE,
                Some(v.span.clone()),
                match r.lang {
                    Lang::Cs => format!("pole `{key}` potřebuje celé datum i se dnem"),
                    Lang::En => format!("field `{key}` needs a full date with the day"),
                },
            )
            .with_hint(format!("{key} = 2026-03-31")),
        );
        return None;
    }
    Some(v)
}

fn texts(r: &mut Reader, key: &'static str, d: &mut Diagnostics) -> Vec<String> {
    r.strings(key, d)
        .unwrap_or_default()
        .into_iter()
        .map(|x| x.value)
        .filter(|x| !x.trim().is_empty())
        .collect()
}

/// Read the `[accessibility]` table (its reader `r` comes from `config::read`); every problem
/// goes into `d`. `None` when a required field is missing or wrong.
pub fn read(mut r: Reader, source: &Arc<str>, d: &mut Diagnostics) -> Option<Statement> {
    let lang = r.lang;
    let publisher = r.req_string("publisher", "\"Město Ukázkov\"", d);
    let status = r.req_string("status", "\"castecne\"", d);
    let present_nc = r.string_present("non_compliant");
    let non_compliant = texts(&mut r, "non_compliant", d);
    let burden = texts(&mut r, "burden", d);
    let out_of_scope = texts(&mut r, "out_of_scope", d);
    let alternatives = r.string("alternatives", d);
    let prepared = req_day(&mut r, "prepared", d);
    let method = r.req_string("method", "\"vlastni-posouzeni\"", d);
    let assessor = r.string("assessor", d);
    let reviewed = req_day(&mut r, "reviewed", d);
    let email = r.req_string("email", "\"pristupnost@example.org\"", d);
    let phone = r.string("phone", d);
    let path = r.string("path", d);
    let table_span = r.span();
    r.finish(d);

    let status = status.and_then(|s| match s.value.as_str() {
        "plne" => Some(Status::Full),
        "castecne" => Some(Status::Partial),
        "ne" => Some(Status::No),
        _ => {
            enum_error("status", &s, STATUS_VALUES, lang, d);
            None
        }
    });
    // A statement that is not fully compliant must say what is not accessible.
    if matches!(status, Some(Status::Partial | Status::No)) && non_compliant.is_empty() {
        d.push(
            Diagnostic::error(
                CONFIG_FILE,
                Some(table_span.clone()),
                match lang {
                    Lang::Cs => if present_nc {
                        "pole `non_compliant` je prázdné, ale stav souladu není \"plne\"".to_string()
                    } else {
                        "chybí povinné pole `non_compliant` (stav souladu není \"plne\")".to_string()
                    },
                    Lang::En => if present_nc {
                        "the field `non_compliant` is empty, but the status is not \"plne\"".to_string()
                    } else {
                        "the required field `non_compliant` is missing (the status is not \"plne\")".to_string()
                    },
                },
            )
            .with_hint(tr(
                lang,
                "vyjmenujte nepřístupný obsah a důvod: non_compliant = [\"Přiložené soubory PDF nemají strukturu (tagy) …\"]",
                "list the content that is not accessible and why: non_compliant = [\"The attached PDF files are not tagged …\"]",
            )),
        );
    }
    let method = method.and_then(|m| match m.value.as_str() {
        "vlastni-posouzeni" => Some(Method::SelfAssessment),
        "posouzeni-treti-stranou" => Some(Method::ThirdParty),
        _ => {
            enum_error("method", &m, METHOD_VALUES, lang, d);
            None
        }
    });
    if let (Some(p), Some(rv)) = (&prepared, &reviewed)
        && rv.value.to_civil() < p.value.to_civil()
    {
        d.push(
            Diagnostic::error(
                CONFIG_FILE,
                Some(rv.span.clone()),
                tr(
                    lang,
                    "datum přezkoumání `reviewed` je dřívější než datum vypracování `prepared`",
                    "the review date `reviewed` is earlier than the preparation date `prepared`",
                ),
            )
            .with_hint(format!("reviewed = {}", p.value.iso())),
        );
        return None;
    }
    let path = match path {
        Some(p) if crate::czech::slug::is_valid_slug(&p.value) => p.value,
        Some(p) => {
            d.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(p.span.clone()),
                    match lang {
                        Lang::Cs => format!("`path` \"{}\" není platný slug", p.value),
                        Lang::En => format!("`path` \"{}\" is not a valid slug", p.value),
                    },
                )
                .with_hint(format!(
                    "path = \"{}\"",
                    crate::czech::slug::slugify(&p.value)
                )),
            );
            return None;
        }
        None => default_path(lang).to_string(),
    };
    Some(Statement {
        publisher: publisher?.value,
        status: status?,
        non_compliant,
        burden,
        out_of_scope,
        alternatives: alternatives.map(|x| x.value).unwrap_or_default(),
        prepared: prepared?.value,
        method: method?,
        assessor: assessor.map(|x| x.value).unwrap_or_default(),
        reviewed: reviewed?,
        email: email?.value,
        phone: phone.map(|x| x.value).unwrap_or_default(),
        path: format!("{path}/"),
        source: source.clone(),
    })
}

/// The statement's review is stale when it is more than 12 months before the build date.
pub fn is_stale(reviewed: PartialDate, build_date: jiff::civil::Date) -> bool {
    let Some(r) = reviewed.to_civil() else {
        return false;
    };
    match build_date.checked_sub(jiff::Span::new().years(1)) {
        Ok(limit) => r < limit,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn a_review_more_than_twelve_months_old_is_stale() {
        let build: jiff::civil::Date = "2026-11-25".parse().unwrap();
        assert!(!is_stale(day("2026-11-25"), build));
        assert!(!is_stale(day("2025-11-25"), build));
        assert!(is_stale(day("2025-11-24"), build));
        assert!(
            !is_stale(day("2025"), build),
            "partial dates are refused earlier"
        );
    }
}
