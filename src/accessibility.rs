//! The accessibility statement (prohlášení o přístupnosti, § 8 of zákon č. 99/2019 Sb.):
//! the `[accessibility]` table of `config.toml`, the checks that need the build date (a review
//! older than 12 months is a warning), and the statement page's view. The wording follows the
//! model statement of Commission Implementing Decision (EU) 2018/1523 as Czech statements use
//! it: compliance status, non-accessible content with reasons, preparation, feedback and
//! contact, enforcement procedure. No I/O.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::config::CONFIG_FILE;
use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{Located, Reader};
use crate::i18n::tr;

/// The body that handles complaints when the publisher's answer does not satisfy: the
/// Digitální a informační agentura (since 1 April 2023, zákon č. 471/2022 Sb.; before it the
/// Ministry of the Interior).
pub const ENFORCEMENT_BODY_CS: &str = "Digitální a informační agentura";
pub const ENFORCEMENT_BODY_EN: &str =
    "Digital and Information Agency (Digitální a informační agentura)";
pub const ENFORCEMENT_URL: &str = "https://dia.gov.cz/";

/// How far the site complies (`status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `plne`: fully compliant.
    Full,
    /// `castecne`: partially compliant.
    Partial,
    /// `ne`: not compliant.
    No,
}

/// How the statement was prepared (`method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `vlastni-posouzeni`: self-assessment by the publisher.
    SelfAssessment,
    /// `posouzeni-treti-stranou`: assessment by a third party.
    ThirdParty,
}

/// The `[accessibility]` table, validated.
#[derive(Clone, Debug)]
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

/// Checks that need the whole site or the build date: the statement's URL must be free, and a
/// review older than 12 months is a warning (the statement is reviewed at least once a year).
pub fn check(site: &crate::model::Site, d: &mut Diagnostics) {
    let Some(s) = &site.config.accessibility else {
        return;
    };
    let lang = site.config.language;
    let f = &site.config.folders;
    let taken = [
        &f.groups,
        &f.meetings,
        &f.documents,
        &f.projects,
        &f.organisations,
        &f.news,
        &f.target_groups,
    ]
    .iter()
    .any(|x| format!("{x}/") == s.path)
        || site.pages.iter().any(|p| p.path == s.path)
        || site.territories.iter().any(|t| t.path == s.path);
    if taken {
        d.add_source(CONFIG_FILE, s.source.clone());
        d.push(
            Diagnostic::error(
                CONFIG_FILE,
                None,
                match lang {
                    Lang::Cs => format!(
                        "adresu prohlášení o přístupnosti {}{} už používá jiná stránka",
                        site.config.base_path, s.path
                    ),
                    Lang::En => format!(
                        "the URL of the accessibility statement {}{} is already taken by another page",
                        site.config.base_path, s.path
                    ),
                },
            )
            .with_hint(tr(
                lang,
                "zvolte jinou adresu v [accessibility]: path = \"prohlaseni-o-pristupnosti\"",
                "choose another URL in [accessibility]: path = \"accessibility-statement\"",
            )),
        );
    }
    if is_stale(s.reviewed.value, site.build_date) {
        d.add_source(CONFIG_FILE, s.source.clone());
        let build = PartialDate::from_ymd(
            site.build_date.year(),
            Some(site.build_date.month() as u8),
            Some(site.build_date.day() as u8),
        )
        .ok();
        let build_text = build.map(|b| b.format(lang)).unwrap_or_default();
        let build_iso = build.map(|b| b.iso()).unwrap_or_default();
        d.push(
            Diagnostic::warning(
                CONFIG_FILE,
                Some(s.reviewed.span.clone()),
                match lang {
                    Lang::Cs => format!(
                        "prohlášení o přístupnosti bylo naposledy přezkoumáno {}, víc než 12 měsíců před datem sestavení ({build_text})",
                        s.reviewed.value.format(lang)
                    ),
                    Lang::En => format!(
                        "the accessibility statement was last reviewed on {}, more than 12 months before the build date ({build_text})",
                        s.reviewed.value.format(lang)
                    ),
                },
            )
            .with_hint(match lang {
                Lang::Cs => format!(
                    "prohlášení se přezkoumává nejméně jednou ročně: projděte web i prohlášení a zapište `reviewed = {build_iso}`"
                ),
                Lang::En => format!(
                    "review the statement at least once a year: check the site and the statement, then set `reviewed = {build_iso}`"
                ),
            }),
        );
    }
}

/// The statement page's view: every sentence in the site's language, so a theme only lays it
/// out.
pub fn view(s: &Statement, site_url: &str, lang: Lang) -> Value {
    let date = |p: &PartialDate| json!({ "text": p.format(lang), "iso": p.iso() });
    let intro = match lang {
        Lang::Cs => format!(
            "{} se zavazuje zpřístupnit své webové stránky v souladu se zákonem č.\u{a0}99/2019\u{a0}Sb., o přístupnosti internetových stránek a mobilních aplikací. Toto prohlášení o přístupnosti se vztahuje na webové stránky {site_url}.",
            s.publisher
        ),
        Lang::En => format!(
            "{} is committed to making its website accessible in accordance with Act No.\u{a0}99/2019\u{a0}Coll., on the accessibility of websites and mobile applications. This accessibility statement applies to the website {site_url}.",
            s.publisher
        ),
    };
    let status = match (s.status, lang) {
        (Status::Full, Lang::Cs) => {
            "Tyto webové stránky jsou plně v souladu se zákonem č.\u{a0}99/2019\u{a0}Sb."
        }
        (Status::Partial, Lang::Cs) => {
            "Tyto webové stránky jsou částečně v souladu se zákonem č.\u{a0}99/2019\u{a0}Sb., a to kvůli nesouladu a výjimkám uvedeným níže."
        }
        (Status::No, Lang::Cs) => {
            "Tyto webové stránky nejsou v souladu se zákonem č.\u{a0}99/2019\u{a0}Sb. Nesoulad je popsán níže."
        }
        (Status::Full, Lang::En) => {
            "This website is fully compliant with Act No.\u{a0}99/2019\u{a0}Coll."
        }
        (Status::Partial, Lang::En) => {
            "This website is partially compliant with Act No.\u{a0}99/2019\u{a0}Coll., due to the non-compliances and exemptions listed below."
        }
        (Status::No, Lang::En) => {
            "This website is not compliant with Act No.\u{a0}99/2019\u{a0}Coll. The non-compliances are listed below."
        }
    };
    let standard = tr(
        lang,
        "Požadavky zákona splňuje web, který odpovídá harmonizované normě EN\u{a0}301\u{a0}549; ta pro webový obsah přebírá kritéria úrovní A a AA standardu WCAG\u{a0}2.1.",
        "A website meets the requirements of the Act when it conforms to the harmonised standard EN\u{a0}301\u{a0}549, which adopts the level A and AA success criteria of WCAG 2.1 for web content.",
    );
    let method = match (s.method, lang) {
        (Method::SelfAssessment, Lang::Cs) => "na základě vlastního posouzení".to_string(),
        (Method::SelfAssessment, Lang::En) => "on the basis of a self-assessment".to_string(),
        (Method::ThirdParty, Lang::Cs) if !s.assessor.is_empty() => {
            format!("na základě posouzení třetí stranou ({})", s.assessor)
        }
        (Method::ThirdParty, Lang::En) if !s.assessor.is_empty() => {
            format!(
                "on the basis of an assessment by a third party ({})",
                s.assessor
            )
        }
        (Method::ThirdParty, Lang::Cs) => "na základě posouzení třetí stranou".to_string(),
        (Method::ThirdParty, Lang::En) => {
            "on the basis of an assessment by a third party".to_string()
        }
    };
    let feedback = match lang {
        Lang::Cs => format!(
            "Pokud na těchto stránkách narazíte na obsah, který pro vás není přístupný, nebo potřebujete informace z obsahu vyloučeného z působnosti zákona v přístupné podobě, {}. Váš podnět vyřídíme bez zbytečného odkladu.",
            if s.phone.is_empty() {
                "napište nám"
            } else {
                "napište nám nebo zavolejte"
            }
        ),
        Lang::En => format!(
            "If you find content on this website that is not accessible to you, or you need information from content exempt from the Act in an accessible form, {}. We will deal with your request without undue delay.",
            if s.phone.is_empty() {
                "write to us"
            } else {
                "write to us or call us"
            }
        ),
    };
    let enforcement = match lang {
        Lang::Cs => format!(
            "Pokud vás naše odpověď na oznámení nebo žádost neuspokojí, můžete podat podnět podle zákona č.\u{a0}99/2019\u{a0}Sb. orgánu, který na dodržování zákona dohlíží: {ENFORCEMENT_BODY_CS} (DIA)."
        ),
        Lang::En => format!(
            "If our answer to your notice or request does not satisfy you, you may file a complaint under Act No.\u{a0}99/2019\u{a0}Coll. with the body that supervises compliance with the Act: the {ENFORCEMENT_BODY_EN}."
        ),
    };
    json!({
        "intro": intro,
        "status": match s.status { Status::Full => "plne", Status::Partial => "castecne", Status::No => "ne" },
        "status_text": status,
        "standard": standard,
        "non_compliant": s.non_compliant,
        "burden": s.burden,
        "out_of_scope": s.out_of_scope,
        "alternatives": s.alternatives,
        "prepared": date(&s.prepared),
        "reviewed": date(&s.reviewed.value),
        "method": method,
        "feedback": feedback,
        "email": s.email,
        "phone": s.phone,
        "enforcement": enforcement,
        "enforcement_body": match lang { Lang::Cs => ENFORCEMENT_BODY_CS, Lang::En => ENFORCEMENT_BODY_EN },
        "enforcement_url": ENFORCEMENT_URL,
    })
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
