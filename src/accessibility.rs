//! The accessibility statement (prohlášení o přístupnosti, § 8 of zákon č. 99/2019 Sb.) over
//! the site: the checks that need the whole site or the build date (a review older than 12
//! months is a warning), and the statement page's view. The wording follows the model
//! statement of Commission Implementing Decision (EU) 2018/1523 as Czech statements use it:
//! compliance status, non-accessible content with reasons, preparation, feedback and contact,
//! enforcement procedure. The `[accessibility]` table itself is read in
//! `source::accessibility`. No I/O.

use serde_json::{Value, json};

use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;
use crate::source::CONFIG_FILE;
pub use crate::source::accessibility::{Method, Statement, Status, default_path, is_stale};
/// The body that handles complaints when the publisher's answer does not satisfy: the
/// Digitální a informační agentura (since 1 April 2023, zákon č. 471/2022 Sb.; before it the
/// Ministry of the Interior).
pub const ENFORCEMENT_BODY_CS: &str = "Digitální a informační agentura";
pub const ENFORCEMENT_BODY_EN: &str =
    "Digital and Information Agency (Digitální a informační agentura)";
pub const ENFORCEMENT_URL: &str = "https://dia.gov.cz/";

/// Checks that need the whole site or the build date: the statement's URL must be free, and a
/// review older than 12 months is a warning (the statement is reviewed at least once a year).
pub fn check(site: &crate::model::Site, d: &mut Diagnostics) {
    let Some(s) = &site.config.accessibility else {
        // Only on a site that builds: in a report of errors it would repeat on every run.
        if !d.has_errors() {
            d.push(missing_statement(site.config.language));
        }
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
        &f.plans,
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
                        "adresu prohlášení o přístupnosti {} už používá jiná stránka",
                        site.config.url(&s.path)
                    ),
                    Lang::En => format!(
                        "the URL of the accessibility statement {} is already taken by another page",
                        site.config.url(&s.path)
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

/// The warning for a site without `[accessibility]`: public bodies must publish a statement
/// (zákon č. 99/2019 Sb.), and the guide's section says how to write the table.
fn missing_statement(lang: Lang) -> Diagnostic {
    Diagnostic::warning(
        CONFIG_FILE,
        None,
        tr(
            lang,
            "chybí tabulka `[accessibility]`, a tak web nemá prohlášení o přístupnosti; weby obcí, krajů a jiných veřejných subjektů ho mít musí (zákon č. 99/2019 Sb.)",
            "the table `[accessibility]` is missing, so the site has no accessibility statement; websites of public bodies must have one (Czech Act No. 99/2019 Coll.)",
        ),
    )
    .with_hint(tr(
        lang,
        "doplňte do config.toml tabulku `[accessibility]` podle průvodce pro editory (docs/editor-guide.md), oddíl „Prohlášení o přístupnosti“",
        "add the table `[accessibility]` to config.toml as the editor guide (docs/editor-guide.md) shows in its section „Prohlášení o přístupnosti“ (accessibility statement)",
    ))
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
