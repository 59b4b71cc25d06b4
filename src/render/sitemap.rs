//! `sitemap.xml` (split past [`SITEMAP_LIMIT`] URLs, with an index) and `robots.txt`.
//! Must not decide which pages exist: the sitemap lists the page plan as `plan` gives it.

use minijinja::Value as Tv;
use serde_json::{Value, json};

use super::context::RenderCtx;
use super::modified::lastmod;
use super::plan::Job;
use super::templates::Templates;
use super::{RenderError, Sink};
use crate::model::Site;

/// One `<url>` of the sitemap: the page's absolute address and, where known, the day it last
/// changed (`super::modified::lastmod`, ISO at day precision, as the protocol's W3C date).
#[derive(Clone, Debug, Hash, PartialEq, Eq, serde::Serialize)]
pub(super) struct SitemapUrl {
    pub(super) loc: String,
    pub(super) lastmod: Option<String>,
}

/// Every page's absolute URL and `lastmod`, in the order of the plan `all`.
pub(super) fn sitemap_urls(site: &Site, all: &[(String, Job)]) -> Vec<SitemapUrl> {
    let base_url = &site.config.base_url;
    all.iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(p, job)| SitemapUrl {
            loc: format!("{}{}", base_url, p.trim_end_matches("index.html")),
            lastmod: lastmod(site, job).map(|d| d.to_string()),
        })
        .collect()
}

/// URLs one sitemap file may list (the sitemap protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The sitemap job's path: the one sitemap, or the index of its parts.
pub const SITEMAP: &str = "sitemap.xml";

/// Whether `path` is a part of a sitemap split by [`SITEMAP_LIMIT`] (`sitemap-1.xml`, …):
/// a file the sitemap job writes besides [`SITEMAP`].
pub fn is_sitemap_part(path: &str) -> bool {
    path.strip_prefix("sitemap-")
        .and_then(|p| p.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `sitemap.xml` with every URL, or, past `limit` URLs, `sitemap-1.xml`, `sitemap-2.xml`, …
/// and `sitemap.xml` as their index.
pub(super) fn write_sitemaps(
    base_url: &str,
    templates: &Templates,
    sink: &dyn Sink,
    urls: &[SitemapUrl],
    limit: usize,
) -> Result<(), RenderError> {
    let render = |template: &str, path: &str, value: Tv| -> Result<(), RenderError> {
        let xml = templates
            .render_values(template, value)
            .map_err(|e| RenderError::Template {
                template: template.to_string(),
                path: path.to_string(),
                message: e,
            })?;
        sink.write(path, xml.as_bytes())
            .map_err(|source| RenderError::Io {
                path: path.to_string(),
                source,
            })
    };
    // Each address a template object, not a view taken apart: serializing 100,000 of them
    // as JSON and moving that into template values was some 2 % of a warm build after a date
    // edit at 100,000 meetings (perf).
    let view = |urls: &[SitemapUrl]| {
        let urls: Tv = urls.iter().map(UrlValue::of).map(Tv::from_object).collect();
        minijinja::context! { title => "", urls => urls }
    };
    if urls.len() <= limit {
        return render("sitemap.xml", SITEMAP, view(urls));
    }
    let mut parts = Vec::new();
    for (i, chunk) in urls.chunks(limit.max(1)).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        render("sitemap.xml", &path, view(chunk))?;
        parts.push(format!("{base_url}{path}"));
    }
    render(
        "sitemap_index.xml",
        SITEMAP,
        minijinja::context! { title => "", sitemaps => parts },
    )
}

/// One address of the sitemap as a template value: `loc` and `lastmod` (none when unknown),
/// as the view's JSON gave them.
#[derive(Debug)]
struct UrlValue {
    loc: Tv,
    lastmod: Tv,
}

impl UrlValue {
    fn of(u: &SitemapUrl) -> UrlValue {
        UrlValue {
            loc: Tv::from(u.loc.as_str()),
            lastmod: u.lastmod.as_deref().map_or(Tv::from(()), Tv::from),
        }
    }
}

impl minijinja::value::Object for UrlValue {
    fn get_value(self: &std::sync::Arc<Self>, key: &Tv) -> Option<Tv> {
        match key.as_str()? {
            "loc" => Some(self.loc.clone()),
            "lastmod" => Some(self.lastmod.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&["lastmod", "loc"])
    }
}

/// The view of `robots.txt`.
pub(super) fn robots(ctx: &RenderCtx) -> (&'static str, Value) {
    (
        "robots.txt",
        json!({ "title": "", "sitemap": format!("{}sitemap.xml", ctx.site.config.base_url) }),
    )
}

/// The view a sitemap job would have: never rendered through it ([`write_sitemaps`] writes
/// the sitemap), kept so every job has a view.
pub(super) fn sitemap_placeholder() -> (&'static str, Value) {
    ("sitemap.xml", json!({ "title": "", "urls": Value::Null }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Memory(Mutex<BTreeMap<String, String>>);

    impl Sink for Memory {
        fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            self.0
                .lock()
                .unwrap()
                .insert(path.into(), String::from_utf8_lossy(bytes).into());
            Ok(())
        }
        fn copy(&self, _: &std::path::Path, _: &str) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn sitemaps_split_past_the_limit_with_an_index() {
        let t = Templates::new(&BTreeMap::new(), json!({})).unwrap();
        let urls: Vec<SitemapUrl> = (1..=5)
            .map(|i| SitemapUrl {
                loc: format!("https://e.org/p{i}/"),
                lastmod: (i == 2).then(|| "2025-10-21".into()),
            })
            .collect();
        let one = Memory::default();
        write_sitemaps("https://e.org/", &t, &one, &urls, 5).unwrap();
        let one = one.0.into_inner().unwrap();
        assert_eq!(one.keys().collect::<Vec<_>>(), ["sitemap.xml"]);
        assert_eq!(one["sitemap.xml"].matches("<url>").count(), 5);
        assert_eq!(one["sitemap.xml"].matches("<lastmod>").count(), 1);
        assert!(
            one["sitemap.xml"]
                .contains("<url><loc>https://e.org/p2/</loc><lastmod>2025-10-21</lastmod></url>")
        );
        let split = Memory::default();
        write_sitemaps("https://e.org/", &t, &split, &urls, 2).unwrap();
        let split = split.0.into_inner().unwrap();
        assert_eq!(
            split.keys().collect::<Vec<_>>(),
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert_eq!(split["sitemap-3.xml"].matches("<url>").count(), 1);
        assert!(split["sitemap.xml"].contains("<sitemapindex"));
        assert!(split["sitemap.xml"].contains("<loc>https://e.org/sitemap-2.xml</loc>"));
        for xml in split.values() {
            assert!(xml.starts_with("<?xml"), "{xml}");
        }
        // A warm build takes the parts with the index: it knows them by their names.
        for path in split.keys() {
            assert_eq!(is_sitemap_part(path), path != SITEMAP, "{path}");
        }
        for other in [
            "sitemap-.xml",
            "sitemap-1a.xml",
            "jh/sitemap-1.xml",
            "sitemap-1.html",
        ] {
            assert!(!is_sitemap_part(other), "{other}");
        }
    }
}
