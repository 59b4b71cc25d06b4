//! References between items: the indexes by slug, lookups with "closest existing" hints, enum
//! values, URLs of the front matter and files beside the Markdown. No I/O: attached files are
//! looked up in what `load` read.

use crate::fast::HashMap;

use super::*;
use crate::czech::Lang;
use crate::czech::slug::slugify;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest_n};
use crate::i18n::tr;
use crate::model::Vocab;
use crate::source::frontmatter::Located;
use crate::source::load::Loaded;

/// Items of one kind by (territory, slug); region-wide items have territory "".
pub(super) type Index = HashMap<(String, String), usize>;

pub(super) struct Ctx<'a> {
    pub(super) lang: Lang,
    pub(super) loaded: &'a Loaded,
    pub(super) territories: HashMap<String, usize>,
    pub(super) groups: Index,
    pub(super) meetings: Index,
    pub(super) documents: Index,
    pub(super) projects: Index,
    /// Plans by (territory, slug of their folder).
    pub(super) plans: Index,
    pub(super) organisations: HashMap<String, usize>,
    /// Services of the catalogue by slug (region-wide, like organisations).
    pub(super) services: HashMap<String, usize>,
    /// The site's own absolute address (`base_url`) and the `url` values found under it, noted
    /// while resolving ([`own_host_missing`] is decided once all are known: a placeholder on
    /// the site's own host is a broken link once deployed).
    pub(super) base_url: String,
    pub(super) own_host: std::cell::RefCell<Vec<(String, Located<String>)>>,
}

/// The tables of a [`Ctx`], without what it borrows (to be freed elsewhere).
pub(super) type Tables = (
    [HashMap<String, usize>; 3],
    [Index; 5],
    std::cell::RefCell<Vec<(String, Located<String>)>>,
);

impl Ctx<'_> {
    /// Its tables, the borrowed load let go.
    pub(super) fn into_tables(self) -> Tables {
        (
            [self.territories, self.organisations, self.services],
            [
                self.groups,
                self.meetings,
                self.documents,
                self.projects,
                self.plans,
            ],
            self.own_host,
        )
    }

    /// Resolve a reference written in `file` inside territory `here`.
    pub(super) fn lookup(
        &self,
        index: &Index,
        here: Option<&str>,
        value: &Located<String>,
        what: (&str, &str),
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        let (t, slug) = match value.value.split_once('/') {
            Some((t, s)) => (t.to_string(), s.to_string()),
            None => (here.unwrap_or("").to_string(), value.value.clone()),
        };
        if let Some(id) = index.get(&(t.clone(), slug.clone())) {
            return Some(*id);
        }
        // A bare project slug inside a territory may name a region-wide project.
        if !value.value.contains('/')
            && let Some(id) = index.get(&(String::new(), slug.clone()))
        {
            return Some(*id);
        }
        let mut names: Vec<String> = index
            .keys()
            .map(|(kt, ks)| {
                if Some(kt.as_str()) == here || kt.is_empty() {
                    ks.clone()
                } else {
                    format!("{kt}/{ks}")
                }
            })
            .collect();
        names.sort();
        let near = nearest_n(&value.value, names.iter().map(String::as_str), 3);
        d.push(unresolved(self.lang, file, value, what, &near));
        None
    }

    pub(super) fn org(
        &self,
        value: &Located<String>,
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        self.global(
            &self.organisations,
            value,
            ("organizaci", "organisation"),
            file,
            d,
        )
    }

    /// A service of the catalogue by its slug (`content/sluzby/<slug>.md`), with the nearest
    /// slugs on a miss.
    pub(super) fn service(
        &self,
        value: &Located<String>,
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        self.global(&self.services, value, ("službu", "service"), file, d)
    }

    /// A slug of a site-wide kind (organisations, territories), with the nearest ones on a miss.
    pub(super) fn global(
        &self,
        index: &HashMap<String, usize>,
        value: &Located<String>,
        what: (&str, &str),
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        if let Some(id) = index.get(&value.value) {
            return Some(*id);
        }
        let mut names: Vec<&str> = index.keys().map(String::as_str).collect();
        names.sort();
        let near = nearest_n(&value.value, names, 3);
        d.push(unresolved(self.lang, file, value, what, &near));
        None
    }

    /// `organization` fields take a slug of a known organisation, or free text.
    pub(super) fn org_or_text(&self, value: &Option<Located<String>>) -> Option<OrgRef> {
        let value = value.as_ref()?;
        Some(match self.organisations.get(&value.value) {
            Some(id) => OrgRef::Known(*id),
            None => OrgRef::Text(value.value.clone()),
        })
    }

    pub(super) fn territory(
        &self,
        value: &Located<String>,
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<usize> {
        self.global(&self.territories, value, ("území", "territory"), file, d)
    }

    /// A URL field of the front matter (`web`, `url`): only `https://`, `http://` and
    /// `mailto:` addresses become links, so no `javascript:` or `data:` reaches an `href`.
    /// A bad value is an error at its span and is not kept.
    pub(super) fn url(
        &self,
        value: &Option<Located<String>>,
        field: &str,
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<String> {
        let value = value.as_ref()?;
        if is_web_url(&value.value) {
            if value.value.starts_with(&self.base_url) {
                self.own_host
                    .borrow_mut()
                    .push((file.to_string(), value.clone()));
            }
            return Some(value.value.clone());
        }
        let written = &value.value;
        // "www.example.org" is the common slip: suggest the same address with its scheme.
        let example = if !written.contains(':') && written.contains('.') && !written.contains(' ') {
            format!("https://{}", written.trim_start_matches('/'))
        } else {
            "https://example.org/".to_string()
        };
        d.push(
            Diagnostic::error(
                file,
                Some(value.span.clone()),
                match self.lang {
                    Lang::Cs => format!("pole `{field}` není webová ani e-mailová adresa: \"{written}\""),
                    Lang::En => format!("`{field}` is not a web or mail address: \"{written}\""),
                },
            )
            .with_hint(match self.lang {
                Lang::Cs => format!(
                    "adresa musí začínat https://, http:// nebo mailto: (např. {field} = \"{example}\")"
                ),
                Lang::En => format!(
                    "an address must start with https://, http:// or mailto: (e.g. {field} = \"{example}\")"
                ),
            }),
        );
        None
    }

    /// A value of the vocabulary `K`, parsed once; an unknown value is reported as
    /// [`Ctx::one_of`] reports it (with the nearest allowed value) and gives `None`.
    pub(super) fn vocab<K: Vocab>(
        &self,
        value: &Located<String>,
        field: &str,
        file: &str,
        d: &mut Diagnostics,
    ) -> Option<K> {
        let k = K::from_slug(&value.value);
        if k.is_none() {
            let allowed: Vec<&str> = K::ALL.iter().map(|k| k.slug()).collect();
            self.one_of(value, &allowed, field, file, d);
        }
        k
    }

    pub(super) fn one_of(
        &self,
        value: &Located<String>,
        allowed: &[&str],
        field: &str,
        file: &str,
        d: &mut Diagnostics,
    ) -> bool {
        if allowed.contains(&value.value.as_str()) {
            return true;
        }
        let near = nearest_n(&value.value, allowed.iter().copied(), 1);
        let all = allowed.join(", ");
        let hint = match (near.first(), self.lang) {
            (Some(n), Lang::Cs) => format!("měli jste na mysli \"{n}\"? Povolené hodnoty: {all}"),
            (Some(n), Lang::En) => format!("did you mean \"{n}\"? Allowed values: {all}"),
            (None, Lang::Cs) => format!("povolené hodnoty: {all}"),
            (None, Lang::En) => format!("allowed values: {all}"),
        };
        d.push(
            Diagnostic::error(
                file,
                Some(value.span.clone()),
                match self.lang {
                    Lang::Cs => format!("neplatná hodnota pole `{field}`: \"{}\"", value.value),
                    Lang::En => format!("invalid value of `{field}`: \"{}\"", value.value),
                },
            )
            .with_hint(hint),
        );
        false
    }

    /// A file named in front matter must sit beside the Markdown file (same folder).
    pub(super) fn attachment(
        &self,
        md_rel: &str,
        page_path: &str,
        name: &Located<String>,
        d: &mut Diagnostics,
    ) -> Option<Attachment> {
        attachment(&self.loaded.files, self.lang, md_rel, page_path, name, d)
    }
}

/// The file `name` attached to the page at `page_path` from `md_rel`: it must sit beside the
/// Markdown file (same folder) among `files` (root-relative, with sizes); published under a
/// slug of its name. `None` with the reason in `d`.
pub(super) fn attachment(
    files: &std::collections::BTreeMap<String, u64>,
    lang: Lang,
    md_rel: &str,
    page_path: &str,
    name: &Located<String>,
    d: &mut Diagnostics,
) -> Option<Attachment> {
    let dir = md_rel.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
    let n = &name.value;
    let source = format!("{dir}/{n}");
    if n.contains('/') || n.contains('\\') || n.is_empty() {
        d.push(
            Diagnostic::error(
                md_rel,
                Some(name.span.clone()),
                match lang {
                    Lang::Cs => {
                        format!("soubor \"{n}\" musí ležet vedle souboru .md, bez cesty")
                    }
                    Lang::En => {
                        format!("file \"{n}\" must sit beside the .md file, with no path")
                    }
                },
            )
            .with_hint(tr(
                lang,
                "zkopírujte soubor do stejné složky a uveďte jen jeho jméno",
                "copy the file into the same folder and give its name only",
            )),
        );
        return None;
    }
    let Some(size) = files.get(&source) else {
        let beside: Vec<&str> = files
            .keys()
            .filter_map(|k| k.strip_prefix(dir)?.strip_prefix('/'))
            .filter(|k| !k.contains('/'))
            .collect();
        let near = nearest_n(n, beside, 3);
        let hint = if near.is_empty() {
            match lang {
                Lang::Cs => format!("nahrajte soubor do složky {dir}/"),
                Lang::En => format!("put the file in the folder {dir}/"),
            }
        } else {
            match lang {
                Lang::Cs => format!("ve složce jsou: {}", near.join(", ")),
                Lang::En => format!("the folder has: {}", near.join(", ")),
            }
        };
        d.push(
            Diagnostic::error(
                md_rel,
                Some(name.span.clone()),
                match lang {
                    Lang::Cs => format!("soubor \"{n}\" neexistuje ({source})"),
                    Lang::En => format!("file \"{n}\" does not exist ({source})"),
                },
            )
            .with_hint(hint),
        );
        return None;
    };
    let (stem, ext) = match n.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e.to_ascii_lowercase()),
        _ => (n.as_str(), String::new()),
    };
    // Published names are slugs, so a file "komunitní plán_web.pdf" gets a stable URL.
    let out_stem = {
        let s = slugify(stem);
        if s.is_empty() {
            "soubor".to_string()
        } else {
            s
        }
    };
    let out_name = if ext.is_empty() {
        out_stem
    } else {
        format!("{out_stem}.{ext}")
    };
    Some(Attachment {
        name: n.clone(),
        path: format!("{page_path}{out_name}"),
        source,
        size: *size,
        format: ext.to_ascii_uppercase(),
    })
}

/// Whether a front matter URL may become a link: `https://` or `http://` with something after
/// it, or `mailto:` with an address; the scheme in any case, nothing before it, no whitespace
/// or control character anywhere (browsers drop those when they read a scheme).
pub(super) fn is_web_url(u: &str) -> bool {
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let Some(scheme) = ["https://", "http://", "mailto:"]
        .into_iter()
        .find(|s| lower.starts_with(s))
    else {
        return false;
    };
    u.len() > scheme.len()
}

/// "žádnou", "žádný" or "žádné" for a noun in the accusative as `unresolved` gets it
/// ("skupinu", "cílovou skupinu", "organizaci"; "projekt", "dokument"; "jednání", "území").
pub(super) fn no_accusative(noun: &str) -> &'static str {
    if noun.ends_with('u') || noun.ends_with('i') {
        "žádnou"
    } else if noun.ends_with('í') {
        "žádné"
    } else {
        "žádný"
    }
}

pub(super) fn unresolved(
    lang: Lang,
    file: &str,
    value: &Located<String>,
    what: (&str, &str),
    near: &[&str],
) -> Diagnostic {
    let hint = match (near.is_empty(), lang) {
        (true, Lang::Cs) => format!(
            "web nemá {} {} s podobným jménem",
            no_accusative(what.0),
            what.0
        ),
        (true, Lang::En) => format!("no {} has a similar name", what.1),
        (false, Lang::Cs) => format!("nejbližší existující: {}", near.join(", ")),
        (false, Lang::En) => format!("closest existing: {}", near.join(", ")),
    };
    Diagnostic::error(
        file,
        Some(value.span.clone()),
        match lang {
            Lang::Cs => format!("odkaz na neexistující {}: \"{}\"", what.0, value.value),
            Lang::En => format!("reference to a missing {}: \"{}\"", what.1, value.value),
        },
    )
    .with_hint(hint)
}

/// The site path `url` (under `base_url`) names when it names a page the site will not have;
/// files (a name with an extension) and the year and page folders of lists are not judged.
pub(super) fn missing_own_page(
    url: &str,
    base_url: &str,
    pages: &crate::fast::HashSet<&str>,
    lists: &[String],
) -> Option<String> {
    let rest = url.strip_prefix(base_url)?;
    let path = rest.split(['#', '?']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    if path.is_empty() || last.contains('.') {
        return None;
    }
    let dir = format!("{}/", path.trim_end_matches('/'));
    let known = pages.contains(dir.as_str()) || lists.iter().any(|l| dir.starts_with(l.as_str()));
    (!known).then_some(dir)
}

/// An external address that points into this very site, at a path it does not have: on the
/// deployed site it is a broken link (a placeholder left on the site's own host).
pub(super) fn own_host_missing(
    file: &str,
    value: &Located<String>,
    path: &str,
    lang: Lang,
) -> Diagnostic {
    Diagnostic::warning(
        file,
        Some(value.span.clone()),
        match lang {
            Lang::Cs => format!(
                "adresa \"{}\" vede na tento web, ale stránka /{path} na něm nebude",
                value.value
            ),
            Lang::En => format!(
                "the address \"{}\" points into this site, but it will have no page /{path}",
                value.value
            ),
        },
    )
    .with_hint(tr(
        lang,
        "odkazujte na stránku, kterou web má (nebo odkazem na soubor .md v textu), nebo adresu opravte",
        "link a page the site has (or a .md file from the text), or fix the address",
    ))
}
