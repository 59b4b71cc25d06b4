//! `kpss new service <slug>`: a service of the catalogue (`content/sluzby/<slug>.md`), valid as
//! written: its provider an existing organisation (`--provider`, or the site's only one), its
//! territory one that exists (`--territory`, optional), the law's kinds listed in comments.
//! Writes nothing itself (see `new_item`).

use std::path::Path;

use super::new::{Planned, body_hint};
use super::*;

pub(super) fn service_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let name = args.name.as_deref().ok_or_else(|| {
        missing_name(
            "service",
            "\"Pečovatelská služba Charity Kaplice\" --provider <organizace>",
            lang,
        )
    })?;
    let (slug, from_title) = slug_or_title(name, "služba", lang)?;
    let f = &config.folders;
    let orgs = slugs_in(&content.join(&f.organisations));
    let provider = match args.provider.as_deref().map(str::trim) {
        Some(p) if orgs.iter().any(|o| o == p) => p.to_string(),
        None if orgs.len() == 1 => orgs[0].clone(),
        given => {
            return Err(Refusal::Refused(match (lang, given) {
                (Lang::Cs, Some(p)) => format!(
                    "organizace „{p}“ neexistuje (chybí content/{}/{p}.md); existující: {}",
                    f.organisations,
                    choices(&orgs)
                ),
                (Lang::En, Some(p)) => format!(
                    "organisation \"{p}\" does not exist (no content/{}/{p}.md); organisations: {}",
                    f.organisations,
                    choices(&orgs)
                ),
                (Lang::Cs, None) => format!(
                    "zadejte poskytovatele: --provider <organizace> (existující: {}; novou založte v content/{}/)",
                    choices(&orgs),
                    f.organisations
                ),
                (Lang::En, None) => format!(
                    "give the provider: --provider <organisation> (organisations: {}; add one in content/{}/)",
                    choices(&orgs),
                    f.organisations
                ),
            }));
        }
    };
    let territories = match args.territory.as_deref() {
        Some(t) => {
            let t = pick_territory(content, f, Some(t), lang)?;
            format!("territories = [{}]\n", toml_string(&t))
        }
        None => {
            let all: Vec<String> = territories(content, f)
                .iter()
                .map(|t| toml_string(t))
                .collect();
            format!("# territories = [{}]\n", all.join(", "))
        }
    };
    let title = toml_string(&args.title.clone().or(from_title).unwrap_or(slug.clone()));
    let kinds: String = crate::law::SERVICE_KINDS
        .iter()
        .map(|k| {
            let removed = k
                .removed_by
                .map(|r| format!(" (zrušen: {r})"))
                .unwrap_or_default();
            format!("#   \"{}\" {}{removed}\n", k.section, k.name)
        })
        .collect();
    let text = format!(
        "+++\n\
         # název, jak je služba registrována\n\
         title = {title}\n\
         # slug organizace z content/{orgs}/\n\
         provider = {provider}\n\
         # druh služby: § zákona č. 108/2006 Sb., nebo \"souvisejici\" pro neregistrovanou službu:\n\
         {kinds}\
         type = \"40\"\n\
         # ambulantni | terenni | pobytova\n\
         forms = [\"terenni\"]\n\
         # identifikátor z registru poskytovatelů (sedm číslic):\n\
         # identifier = \"1234567\"\n\
         # target_groups = [\"…\"]   (slugy z config.toml)\n\
         {territories}\
         # clients = [\"senioři\"]\n\
         # ages = [\"mladší senioři (65–80 let)\"]\n\
         # municipalities = [\"…\"]\n\
         # capacity = \"25 lůžek\"\n\
         # email = \"sluzba@example.org\"\n\
         # phone = \"+420 123 456 789\"\n\
         # web = \"https://example.org/\"\n\
         # bezplatna | hrazena\n\
         # fee = \"hrazena\"\n\
         # since = 2007-01-01\n\
         \n\
         # [[places]]\n\
         # address = \"Náměstí 1, 382 41 Kaplice\"\n\
         # hours = \"po–pá 7:00–15:30\"\n\
         {hint}\
         +++\n",
        orgs = f.organisations,
        provider = toml_string(&provider),
        hint = body_hint(),
    );
    Ok((
        content.join(&f.services).join(format!("{slug}.md")),
        text,
        None,
    ))
}
