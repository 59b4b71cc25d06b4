//! `config.toml`: the site settings, read with the same spanned reader as front matter so a
//! mistake there is reported with its line and the nearest valid key. No I/O: the caller
//! passes the text in.

use std::sync::Arc;

use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;
use crate::source::frontmatter::{Reader, Split, parse};

pub use super::CONFIG_FILE;

/// Folder names, in `content/` and in URLs alike (`[folders]` renames them).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Folders {
    pub groups: String,
    pub meetings: String,
    pub documents: String,
    pub projects: String,
    pub organisations: String,
    pub news: String,
    pub target_groups: String,
    /// The catalogue of services (`content/sluzby/`, `/sluzby/`).
    pub services: String,
    /// A territory's plans (`<území>/plany/<plán>/`) and the site-wide list of plans.
    pub plans: String,
}

impl Default for Folders {
    fn default() -> Self {
        Folders {
            groups: "skupiny".into(),
            meetings: "jednani".into(),
            documents: "dokumenty".into(),
            projects: "projekty".into(),
            organisations: "organizace".into(),
            news: "aktuality".into(),
            target_groups: "cilove-skupiny".into(),
            services: "sluzby".into(),
            plans: "plany".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TargetGroup {
    pub slug: String,
    pub name: String,
}

/// The validated settings.
#[derive(Clone, Debug, Hash)]
pub struct Config {
    pub title: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/` (`/planovani/`).
    pub base_path: String,
    pub language: Lang,
    pub description: String,
    pub theme: String,
    pub folders: Folders,
    pub target_groups: Vec<TargetGroup>,
    pub output_dir: String,
    pub drafts: bool,
    /// `[build] git_dates`: pages show the day their files last changed in git.
    pub git_dates: bool,
    /// Raw HTML in Markdown is sanitised unless the site says it trusts its editors.
    pub trust_html: bool,
    /// The accessibility statement (`[accessibility]`), when the site has one.
    pub accessibility: Option<super::accessibility::Statement>,
    /// `[open_data]`: who publishes the open data (the local catalogue needs it).
    pub open_data: super::open_data::OpenData,
    /// `[search] enabled` (default true): the page /hledat/, the header's search box and the
    /// index under `pagefind/`. Off also in a binary built without the feature `search`.
    pub search: bool,
    /// `[search] pages_per_part` (default 1,000: a site of up to that many pages has one
    /// part): how many pages one part of the search index holds at most on average; a warm
    /// build rebuilds only the parts whose pages changed.
    pub search_pages_per_part: usize,
}

/// The site URL of a site path: the one place that joins the base path (`/planovani/`) and a
/// path inside the site (`jh/skupiny/rs/`). Every link kpss writes is made here.
pub fn site_url(base_path: &str, path: &str) -> String {
    let mut url = String::with_capacity(base_path.len() + path.len());
    url.push_str(base_path);
    url.push_str(path.strip_prefix('/').unwrap_or(path));
    url
}

impl Config {
    /// The site URL of `path` (see [`site_url`]).
    pub fn url(&self, path: &str) -> String {
        site_url(&self.base_path, path)
    }

    /// Replace `base_url` (the `--base-url` flag); `None` if it is not an absolute URL.
    pub fn with_base_url(mut self, url: &str) -> Option<Config> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Some(self)
    }
}

/// `https://example.org/planovani` → (`https://example.org/planovani/`, `/planovani/`).
pub fn split_base_url(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 || rest.contains(['?', '#', ' ']) {
        return None;
    }
    let mut path = rest[host_end..].to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme_len = url.len() - rest.len();
    let base = format!("{}{}{}", &url[..scheme_len], &rest[..host_end], path);
    Some((base, path))
}

/// The language a `config.toml` that TOML cannot read asks for: a top-level line
/// `language = "en"` (before any `[table]`) means English, anything else Czech.
fn language_of_text(text: &str) -> Lang {
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            break;
        }
        if let Some(rest) = line.strip_prefix("language")
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            let value = value.split('#').next().unwrap_or("").trim();
            if value == "\"en\"" || value == "'en'" {
                return Lang::En;
            }
        }
    }
    Lang::Cs
}

/// Read `config.toml` text; every problem goes into `d`.
pub fn read(text: &Arc<str>, d: &mut Diagnostics) -> Option<Config> {
    d.add_source(CONFIG_FILE, text.clone());
    let split = Split {
        toml: text,
        toml_offset: 0,
        body: "",
        body_offset: text.len(),
    };
    // The language decides the wording of every later message, so it is read first; a
    // syntax error is reported in the language the text seems to ask for.
    let doc = match parse(CONFIG_FILE, &split, language_of_text(text)) {
        Ok(doc) => doc,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let lang = match doc.get_ref().get("language").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::String(s)) if s.as_ref() == "en" => Lang::En,
        _ => Lang::Cs,
    };
    d.set_language(lang);
    let errors_before = d.error_count();
    let mut r = Reader::new(CONFIG_FILE, 0, &doc, lang);
    let title = r.req_string("title", "\"Komunitní plánování …\"", d);
    let base = r.req_string("base_url", "\"https://example.org/\"", d);
    let language = r.string("language", d);
    let description = r.string("description", d);
    let theme = r.string("theme", d);
    let mut base_url = String::new();
    let mut base_path = "/".to_string();
    if let Some(b) = &base {
        match split_base_url(&b.value) {
            Some((u, p)) => {
                base_url = u;
                base_path = p;
            }
            None => d.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(b.span.clone()),
                    match lang {
                        Lang::Cs => format!("`base_url` není absolutní adresa: \"{}\"", b.value),
                        Lang::En => format!("`base_url` is not an absolute URL: \"{}\"", b.value),
                    },
                )
                .with_hint("base_url = \"https://example.org/planovani/\""),
            ),
        }
    }
    if let Some(l) = &language
        && !matches!(l.value.as_str(), "cs" | "en")
    {
        d.push(
            Diagnostic::error(
                CONFIG_FILE,
                Some(l.span.clone()),
                match lang {
                    Lang::Cs => format!("neznámý jazyk \"{}\"", l.value),
                    Lang::En => format!("unknown language \"{}\"", l.value),
                },
            )
            .with_hint(tr(
                lang,
                "povolené hodnoty: \"cs\", \"en\"",
                "allowed values: \"cs\", \"en\"",
            )),
        );
    }
    let folders = read_folders(&mut r, lang, d);
    let target_groups = read_target_groups(&mut r, lang, d);
    let (output_dir, drafts, git_dates) = read_build(&mut r, d);
    let trust_html = read_markdown(&mut r, d);
    let (search, search_pages_per_part) = read_search(&mut r, lang, d);
    let accessibility = r
        .table("accessibility", d)
        .and_then(|a| super::accessibility::read(a, text, d));
    let open_data = super::open_data::read(&mut r, lang, d);
    r.finish(d);
    if d.error_count() > errors_before {
        return None;
    }
    Some(Config {
        title: title?.value,
        base_url,
        base_path,
        language: lang,
        description: description.map(|x| x.value).unwrap_or_default(),
        theme: theme.map(|x| x.value).unwrap_or_else(|| "default".into()),
        folders,
        target_groups,
        output_dir,
        drafts,
        git_dates,
        trust_html,
        accessibility,
        open_data,
        search,
        search_pages_per_part,
    })
}

/// `[build]`: the output folder, whether drafts are published, dates from git.
fn read_build(r: &mut Reader<'_, '_>, d: &mut Diagnostics) -> (String, bool, bool) {
    let mut output_dir = "dist".to_string();
    // Documents under public consultation are public by nature: published unless a site
    // says `drafts = false` (then `kpss build --drafts` previews them).
    let mut drafts = true;
    let mut git_dates = false;
    if let Some(mut b) = r.table("build", d) {
        if let Some(o) = b.string("output_dir", d) {
            output_dir = o.value;
        }
        if let Some(x) = b.boolean("drafts", d) {
            drafts = x.value;
        }
        if let Some(x) = b.boolean("git_dates", d) {
            git_dates = x.value;
        }
        b.finish(d);
    }
    (output_dir, drafts, git_dates)
}

/// `[markdown] trust_html` (default false).
fn read_markdown(r: &mut Reader<'_, '_>, d: &mut Diagnostics) -> bool {
    let mut trust_html = false;
    if let Some(mut m) = r.table("markdown", d) {
        if let Some(x) = m.boolean("trust_html", d) {
            trust_html = x.value;
        }
        m.finish(d);
    }
    trust_html
}

/// `[search] enabled` (default true; a binary without the feature `search` has none) and
/// `pages_per_part` (a whole number from 1 to 1,000,000; default 1,000).
fn read_search(r: &mut Reader<'_, '_>, lang: Lang, d: &mut Diagnostics) -> (bool, usize) {
    const DEFAULT_PER_PART: usize = 1000;
    let mut search = true;
    let mut per_part = DEFAULT_PER_PART;
    if let Some(mut t) = r.table("search", d) {
        if let Some(x) = t.boolean("enabled", d) {
            search = x.value;
        }
        if let Some(x) = t.integer("pages_per_part", d) {
            match usize::try_from(x.value) {
                Ok(n @ 1..=1_000_000) => per_part = n,
                _ => d.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        Some(x.span),
                        tr(
                            lang,
                            &format!(
                                "`pages_per_part = {}`: část vyhledávacího indexu musí mít 1 až 1 000 000 stránek",
                                x.value
                            ),
                            &format!(
                                "`pages_per_part = {}`: a part of the search index holds 1 to 1,000,000 pages",
                                x.value
                            ),
                        ),
                    )
                    .with_hint(format!("pages_per_part = {DEFAULT_PER_PART}")),
                ),
            }
        }
        t.finish(d);
    }
    (search && cfg!(feature = "search"), per_part)
}

/// `[folders]`: each folder name a slug, else the default stays and the error says which slug.
fn read_folders(r: &mut Reader<'_, '_>, lang: Lang, d: &mut Diagnostics) -> Folders {
    let mut folders = Folders::default();
    let mut folder_tables = r.table("folders", d);
    if let Some(f) = folder_tables.as_mut() {
        for (key, slot) in [
            ("groups", &mut folders.groups),
            ("meetings", &mut folders.meetings),
            ("documents", &mut folders.documents),
            ("projects", &mut folders.projects),
            ("organisations", &mut folders.organisations),
            ("news", &mut folders.news),
            ("target_groups", &mut folders.target_groups),
            ("services", &mut folders.services),
            ("plans", &mut folders.plans),
        ] {
            if let Some(v) = f.string(key, d) {
                if crate::czech::slug::is_valid_slug(&v.value) {
                    *slot = v.value;
                } else {
                    d.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            Some(v.span),
                            match lang {
                                Lang::Cs => {
                                    format!("název složky \"{}\" není platný slug", v.value)
                                }
                                Lang::En => {
                                    format!("folder name \"{}\" is not a valid slug", v.value)
                                }
                            },
                        )
                        .with_hint(format!(
                            "{key} = \"{}\"",
                            crate::czech::slug::slugify(&v.value)
                        )),
                    );
                }
            }
        }
    }
    if let Some(f) = folder_tables {
        f.finish(d);
    }
    folders
}

/// `[[target_groups]]`: each with a slug and a name.
fn read_target_groups(r: &mut Reader<'_, '_>, lang: Lang, d: &mut Diagnostics) -> Vec<TargetGroup> {
    let mut target_groups = Vec::new();
    for mut t in r.tables("target_groups", d) {
        let slug = t.req_string("slug", "\"seniori\"", d);
        let name = t.req_string("name", "\"Senioři\"", d);
        if let (Some(s), Some(n)) = (slug, name) {
            if !crate::czech::slug::is_valid_slug(&s.value) {
                d.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        Some(s.span),
                        match lang {
                            Lang::Cs => format!("\"{}\" není platný slug", s.value),
                            Lang::En => format!("\"{}\" is not a valid slug", s.value),
                        },
                    )
                    .with_hint(format!(
                        "slug = \"{}\"",
                        crate::czech::slug::slugify(&s.value)
                    )),
                );
            } else {
                target_groups.push(TargetGroup {
                    slug: s.value,
                    name: n.value,
                });
            }
        }
        t.finish(d);
    }
    target_groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_is_normalised() {
        assert_eq!(
            split_base_url("https://example.org/planovani"),
            Some((
                "https://example.org/planovani/".into(),
                "/planovani/".into()
            ))
        );
        assert_eq!(
            split_base_url("https://example.org"),
            Some(("https://example.org/".into(), "/".into()))
        );
        assert_eq!(split_base_url("example.org/"), None);
        assert_eq!(split_base_url("https:///x"), None);
    }

    #[test]
    fn missing_base_url_and_unknown_key_are_reported() {
        let mut d = Diagnostics::default();
        let text: Arc<str> = "title = \"X\"\ntitel = \"Y\"\n".into();
        assert!(read(&text, &mut d).is_none());
        let msgs: Vec<_> = d.items().iter().map(|x| x.message.clone()).collect();
        assert!(msgs.iter().any(|m| m.contains("`base_url`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("`titel`")), "{msgs:?}");
    }

    fn syntax_error_of(text: &str) -> String {
        let mut d = Diagnostics::default();
        assert!(read(&Arc::from(text), &mut d).is_none());
        d.items()[0].message.clone()
    }

    #[test]
    fn a_config_syntax_error_is_in_the_language_the_config_asks_for() {
        let cs = syntax_error_of("title = Web\nbase_url = \"https://example.org/\"\n");
        assert_eq!(
            cs,
            "chyba v zápisu TOML: text musí být v uvozovkách; očekáváno: text v apostrofech"
        );
        let en = syntax_error_of("language = \"en\"\ntitle = Web\n");
        assert!(
            en.starts_with("TOML syntax error: string values must be quoted"),
            "{en}"
        );
        let en = syntax_error_of("language = 'en' # English\n[build\n");
        assert!(en.starts_with("TOML syntax error: unclosed table"), "{en}");
    }
}
