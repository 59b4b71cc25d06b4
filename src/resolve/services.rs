//! The resolver of a service of the catalogue: its § against the law's table (`crate::law`),
//! forms and fee against the vocabulary, provider, target groups and territories by slug, the
//! registry identifier (seven digits, unique). A form the § does not allow is a warning (the
//! registry decides what a service is; the table may lag the law). No I/O.

use crate::fast::HashMap;

use super::kinds::{At, target_groups};
use super::read::{list, v};
use super::refs::Ctx;
use super::*;
use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest_n};
use crate::i18n::label;
use crate::law;
use crate::model::service::{Place as ServicePlace, RELATED_SERVICE, SERVICE_FEES, SERVICE_FORMS};
use crate::source::frontmatter::Located;
use crate::source::raw_service::RawService;

/// A service: every reference resolved, every value judged; `identifiers` holds the files
/// that gave each identifier so far (a second one is an error naming the first).
pub(super) fn service<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &RawService,
    config: &Config,
    d: &mut Diagnostics,
    identifiers: &mut HashMap<String, &'a str>,
) {
    let file = at.file;
    let lang = ctx.lang;
    let provider = r.provider.as_ref().and_then(|p| ctx.org(p, file, d));
    let kind = r.kind.as_ref().and_then(|k| service_kind(k, file, lang, d));
    let mut forms: Vec<String> = Vec::new();
    for f in &r.forms {
        if !ctx.one_of(f, SERVICE_FORMS, "forms", file, d) || forms.contains(&f.value) {
            continue;
        }
        if let Some(k) = kind
            && !k.forms.contains(&f.value.as_str())
        {
            d.push(form_not_allowed(k, f, file, lang));
        }
        forms.push(f.value.clone());
    }
    forms.sort_by_key(|f| SERVICE_FORMS.iter().position(|x| x == f));
    if let Some(fee) = &r.fee {
        ctx.one_of(fee, SERVICE_FEES, "fee", file, d);
    }
    let identifier = r
        .identifier
        .as_ref()
        .map(|i| check_identifier(i, file, lang, d, identifiers))
        .unwrap_or_default();
    let places = r
        .places
        .iter()
        .map(|p| ServicePlace {
            address: v(&p.address),
            hours: v(&p.hours),
        })
        .collect();
    let mut target_groups = target_groups(config, lang, &r.target_groups, file, d);
    dedup_in_order(&mut target_groups);
    let mut territories: Vec<usize> = r
        .territories
        .iter()
        .filter_map(|t| ctx.territory(t, file, d))
        .collect();
    dedup_in_order(&mut territories);
    site.services.push(Service {
        slug: at.slug.clone(),
        path: at.path.clone(),
        source: file.to_string(),
        title: v(&r.title),
        // Only a site without errors is returned, so the 0 of a missing provider never shows.
        provider: provider.unwrap_or(0),
        kind: kind.map(|k| k.section.to_string()).unwrap_or_default(),
        forms,
        identifier,
        target_groups,
        clients: list(&r.clients),
        ages: list(&r.ages),
        territories,
        municipalities: list(&r.municipalities),
        capacity: v(&r.capacity),
        places,
        email: v(&r.email),
        phone: v(&r.phone),
        web: ctx.url(&r.web, "web", file, d).unwrap_or_default(),
        fee: r
            .fee
            .as_ref()
            .filter(|f| SERVICE_FEES.contains(&f.value.as_str()))
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        since: r.since.as_ref().map(|s| s.value),
        body: Body::default(),
        activities: Vec::new(),
    });
}

/// A list named twice shows once, where it was first named.
fn dedup_in_order(v: &mut Vec<usize>) {
    let mut seen = crate::fast::HashSet::default();
    v.retain(|x| seen.insert(*x));
}

/// The kind a `type` names; a value that is no § of the law (nor `souvisejici`) is an error
/// naming the nearest §§.
fn service_kind(
    k: &Located<String>,
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> Option<&'static law::ServiceKind> {
    if let Some(found) = law::kind(&k.value) {
        return Some(found);
    }
    let bare = k.value.trim_start_matches('§').trim();
    let hint = if let Some(found) = law::kind(bare) {
        match lang {
            Lang::Cs => format!("pište jen číslo paragrafu: type = \"{}\"", found.section),
            Lang::En => format!(
                "write the section number only: type = \"{}\"",
                found.section
            ),
        }
    } else {
        let sections: Vec<&str> = law::all_kinds().map(|k| k.section).collect();
        let near = nearest_n(bare, sections, 3).join(", ");
        let near = if near.is_empty() {
            "—".to_string()
        } else {
            near
        };
        match lang {
            Lang::Cs => format!(
                "nejbližší: {near}; zákon zná § 37, § 39–52 a § 54–70 (i 60a), pro neregistrovanou službu napište type = \"{RELATED_SERVICE}\""
            ),
            Lang::En => format!(
                "nearest: {near}; the Act has § 37, § 39–52 and § 54–70 (and 60a); for an unregistered service write type = \"{RELATED_SERVICE}\""
            ),
        }
    };
    d.push(
        Diagnostic::error(
            file,
            Some(k.span.clone()),
            match lang {
                Lang::Cs => format!(
                    "\"{}\" není druh sociální služby podle zákona č. 108/2006 Sb.",
                    k.value
                ),
                Lang::En => format!(
                    "\"{}\" is not a kind of social service under Act No. 108/2006 Coll.",
                    k.value
                ),
            },
        )
        .with_hint(hint),
    );
    None
}

/// A warning: the § does not list this form.
fn form_not_allowed(
    k: &law::ServiceKind,
    f: &Located<String>,
    file: &str,
    lang: Lang,
) -> Diagnostic {
    let allowed: Vec<String> = k.forms.iter().map(|x| label(lang, x)).collect();
    let allowed = allowed.join(", ");
    let form = label(lang, &f.value);
    Diagnostic::warning(
        file,
        Some(f.span.clone()),
        match lang {
            Lang::Cs => format!(
                "§ {} ({}) se podle zákona poskytuje jen takto: {allowed}; ne jako {form}",
                k.section, k.name
            ),
            Lang::En => format!(
                "under the Act, § {} ({}) is provided only as: {allowed}; not {form}",
                k.section, k.name_en
            ),
        },
    )
    .with_hint(match lang {
        Lang::Cs => {
            "ověřte formu v registru poskytovatelů sociálních služeb a opravte `forms` nebo `type`"
                .to_string()
        }
        Lang::En => {
            "check the form in the registry of social service providers and fix `forms` or `type`"
                .to_string()
        }
    })
}

/// The registry's identifier: seven digits, and no other service's.
fn check_identifier<'a>(
    i: &Located<String>,
    file: &'a str,
    lang: Lang,
    d: &mut Diagnostics,
    identifiers: &mut HashMap<String, &'a str>,
) -> String {
    let value = i.value.trim();
    if value.len() != 7 || !value.bytes().all(|b| b.is_ascii_digit()) {
        d.push(
            Diagnostic::error(
                file,
                Some(i.span.clone()),
                match lang {
                    Lang::Cs => format!("identifikátor služby \"{}\" nemá sedm číslic", i.value),
                    Lang::En => {
                        format!("the service identifier \"{}\" is not seven digits", i.value)
                    }
                },
            )
            .with_hint(match lang {
                Lang::Cs => "opište identifikátor z registru poskytovatelů sociálních služeb, např. identifier = \"1234567\"",
                Lang::En => "copy the identifier from the registry of social service providers, e.g. identifier = \"1234567\"",
            }),
        );
        return String::new();
    }
    if let Some(other) = identifiers.insert(value.to_string(), file) {
        d.push(
            Diagnostic::error(
                file,
                Some(i.span.clone()),
                match lang {
                    Lang::Cs => format!("identifikátor {value} už má služba v {other}"),
                    Lang::En => format!("the identifier {value} is already given in {other}"),
                },
            )
            .with_hint(match lang {
                Lang::Cs => {
                    "každá registrovaná služba má vlastní identifikátor; opravte jeden z obou"
                }
                Lang::En => "each registered service has its own identifier; fix one of the two",
            }),
        );
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::load::Loaded;

    #[test]
    fn a_service_is_found_by_slug_and_a_miss_names_the_nearest() {
        let loaded = Loaded::default();
        let ctx = Ctx {
            lang: Lang::Cs,
            loaded: &loaded,
            territories: HashMap::default(),
            groups: HashMap::default(),
            meetings: HashMap::default(),
            documents: HashMap::default(),
            projects: HashMap::default(),
            organisations: HashMap::default(),
            plans: HashMap::default(),
            services: HashMap::from_iter([
                ("pecovatelska-sluzba-kaplice".to_string(), 0),
                ("senior-taxi".to_string(), 1),
            ]),
            base_url: String::new(),
            own_host: Default::default(),
        };
        let mut d = Diagnostics::default();
        let at = |s: &str| Located::new(s.to_string(), 10..12);
        assert_eq!(ctx.service(&at("senior-taxi"), "a.md", &mut d), Some(1));
        assert!(!d.has_errors());
        assert_eq!(
            ctx.service(&at("pecovatelska-sluzba"), "a.md", &mut d),
            None
        );
        let e = &d.sorted()[0];
        assert_eq!(
            e.message,
            "odkaz na neexistující službu: \"pecovatelska-sluzba\""
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("nejbližší existující: pecovatelska-sluzba-kaplice")
        );
    }
}
