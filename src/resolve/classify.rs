//! Where a file sits decides what it is: path → kind, territory, slug and site path; the
//! allowed values of each kind's enums; slug checks of names; the paths kpss generates itself.
//! Judges names only, never what a file says; no I/O.

use crate::czech::Lang;
use crate::czech::slug::{is_valid_slug, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;
use crate::source::config::Config;

/// What a file under `content/` is, by its place in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Home,
    Territory,
    Group,
    Meeting,
    Document,
    Project,
    Organisation,
    News,
    Page,
    /// A service of the catalogue (`content/sluzby/<service>.md`), region-wide.
    Service,
    /// `<území>/plany/<plán>/_index.md`.
    Plan,
    /// `<území>/plany/<plán>/<aktivita>.md` (and, as a mistake `resolve` reports, a file
    /// directly in `plany/`: then `Place::plan` is `None`).
    Activity,
}

/// How many kinds there are (the size of per-kind counts): the last variant's number + 1.
pub(super) const KINDS: usize = Kind::Activity as usize + 1;

#[derive(Clone, Debug)]
pub struct Place {
    pub kind: Kind,
    pub territory: Option<String>,
    pub slug: String,
    /// Site path without the base (`jh/skupiny/rs/`), or `""` for the home page.
    pub path: String,
    /// An activity's plan (the folder it sits in), `None` for every other kind.
    pub plan: Option<String>,
}

/// Where a file sits decides what it is; `rel` is relative to `content/`.
pub fn classify(rel: &str, f: &crate::source::config::Folders) -> Place {
    let parts: Vec<&str> = rel.split('/').collect();
    let stem = |s: &str| s.strip_suffix(".md").unwrap_or(s).to_string();
    let place = |kind, territory: Option<&str>, slug: String, path: String| Place {
        kind,
        territory: territory.map(str::to_string),
        slug,
        path,
        plan: None,
    };
    let outside =
        |t: &str| t != f.projects && t != f.organisations && t != f.plans && t != f.services;
    match parts.as_slice() {
        ["_index.md"] => place(Kind::Home, None, String::new(), String::new()),
        [p, file] if *p == f.projects && *file != "_index.md" => {
            let s = stem(file);
            place(Kind::Project, None, s.clone(), format!("{p}/{s}/"))
        }
        [o, file] if *o == f.organisations && *file != "_index.md" => {
            let s = stem(file);
            place(Kind::Organisation, None, s.clone(), format!("{o}/{s}/"))
        }
        [s, file] if *s == f.services && *file != "_index.md" => {
            let slug = stem(file);
            place(Kind::Service, None, slug.clone(), format!("{s}/{slug}/"))
        }
        [t, "_index.md"] if outside(t) => {
            place(Kind::Territory, Some(t), t.to_string(), format!("{t}/"))
        }
        [t, p, plan, "_index.md"] if *p == f.plans && outside(t) => place(
            Kind::Plan,
            Some(t),
            plan.to_string(),
            format!("{t}/{p}/{plan}/"),
        ),
        [t, p, plan, file] if *p == f.plans && outside(t) => {
            let s = stem(file);
            Place {
                plan: Some(plan.to_string()),
                ..place(
                    Kind::Activity,
                    Some(t),
                    s.clone(),
                    format!("{t}/{p}/{plan}/{s}/"),
                )
            }
        }
        [t, p, file] if *p == f.plans && *file != "_index.md" && outside(t) => {
            let s = stem(file);
            place(Kind::Activity, Some(t), s.clone(), format!("{t}/{p}/{s}/"))
        }
        [t, folder, file] if *file != "_index.md" && outside(t) => {
            let s = stem(file);
            let kind = if *folder == f.groups {
                Some(Kind::Group)
            } else if *folder == f.meetings {
                Some(Kind::Meeting)
            } else if *folder == f.documents {
                Some(Kind::Document)
            } else if *folder == f.projects {
                Some(Kind::Project)
            } else if *folder == f.news {
                Some(Kind::News)
            } else {
                None
            };
            match kind {
                Some(k) => place(k, Some(t), s.clone(), format!("{t}/{folder}/{s}/")),
                None => page_place(rel),
            }
        }
        _ => page_place(rel),
    }
}

pub(super) fn page_place(rel: &str) -> Place {
    let no_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let path = match no_ext.strip_suffix("_index") {
        Some(dir) => dir.to_string(),
        None => format!("{no_ext}/"),
    };
    let slug = no_ext.rsplit('/').next().unwrap_or(no_ext).to_string();
    Place {
        kind: Kind::Page,
        territory: None,
        slug,
        path,
        plan: None,
    }
}

/// Paths kpss itself generates; a content file may not take them.
pub(super) fn generated_paths(c: &Config) -> Vec<String> {
    let f = &c.folders;
    vec![
        format!("{}/", f.groups),
        format!("{}/", f.meetings),
        format!("{}/", f.documents),
        format!("{}/", f.projects),
        format!("{}/", f.organisations),
        format!("{}/", f.target_groups),
        format!("{}/", f.services),
        format!("{}/{}/", f.services, crate::model::service::KIND_FOLDER),
        format!("{}/{}/", f.services, crate::model::service::FORM_FOLDER),
        format!("{}/{}/", f.services, crate::model::service::BOOKLET_FOLDER),
        format!("{}/", f.plans),
    ]
}

/// A file name that is no slug is an error that names the slug it should have.
pub(super) fn check_slugs(
    rel: &str,
    rel_in: &str,
    place: &mut Place,
    lang: Lang,
    d: &mut Diagnostics,
) {
    let parts: Vec<&str> = rel_in.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let name = if i + 1 == parts.len() {
            part.strip_suffix(".md").unwrap_or(part)
        } else {
            part
        };
        if name == "_index" || is_valid_slug(name) {
            continue;
        }
        let good = slugify(name);
        let what = if i + 1 == parts.len() {
            tr(lang, "jméno souboru", "file name")
        } else {
            tr(lang, "jméno složky", "folder name")
        };
        d.push(
            Diagnostic::error(
                rel,
                None,
                match lang {
                    Lang::Cs => format!("{what} \"{name}\" není platný slug (jen malá písmena bez diakritiky, číslice a pomlčky)"),
                    Lang::En => format!("{what} \"{name}\" is not a valid slug (lower-case ASCII letters, digits and hyphens only)"),
                },
            )
            .with_hint(match lang {
                Lang::Cs => format!("přejmenujte na \"{good}\""),
                Lang::En => format!("rename it to \"{good}\""),
            }),
        );
        if i + 1 == parts.len() {
            place.slug = good;
        }
    }
}
