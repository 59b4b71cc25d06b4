//! Accessibility (zákon č. 99/2019 Sb., WCAG 2.1 AA): the accessibility statement from
//! `[accessibility]` and its footer link on every page, the warning for a stale review, config
//! errors, and a scan of every page of the example site for what a checker of the rules of
//! the default theme looks at first (language, one h1, heading order, skip link, link texts,
//! file links with format and size, nothing loaded from another host).

use std::path::Path;

use kpss::diagnostics::{Diagnostics, Severity};
use kpss::pipeline::{Options, Outcome, run};
use scraper::{ElementRef, Html, Selector};

use crate::common::*;

const DAY: &str = "2026-11-25";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const STATEMENT: &str = r#"
[accessibility]
publisher = "Město Testov"
status = "castecne"
non_compliant = ["Přiložené soubory PDF nejsou tagované."]
prepared = 2024-01-15
method = "vlastni-posouzeni"
reviewed = REVIEWED
email = "pristupnost@example.org"
"#;

/// The basic fixture with `extra` appended to its config.toml.
fn site_with(extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(site.join("config.toml"), format!("{cfg}\n{extra}")).unwrap();
    (dir, site)
}

fn run_at(root: &Path, out: &Path, day: &str) -> Outcome {
    run(&Options {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        date: date(day),
        base_url: None,
        check_only: false,
        drafts: false,
        cache: false,
    })
    .unwrap()
}

fn done_diagnostics(o: Outcome) -> Diagnostics {
    match o {
        Outcome::Done { diagnostics, .. } => diagnostics,
        Outcome::ContentErrors(d, c) => panic!("{}", d.render_plain(c.language)),
        Outcome::ConfigErrors(d) => panic!("{}", d.render_plain(Default::default())),
    }
}

#[test]
fn every_page_of_the_example_site_links_the_statement_in_its_footer() {
    let b = build_root(&repo(), DAY, None);
    let link = sel("footer a[href=\"/pristupnost/\"]");
    let pages = html_files(&b.out);
    // The page kinds by name, so a missing kind fails loudly, then every page.
    for kind in [
        "index.html",
        "jindrichuv-hradec/index.html",
        "jindrichuv-hradec/skupiny/rs/index.html",
        "dokumenty/index.html",
        "jednani/index.html",
        "404.html",
        "pristupnost/index.html",
    ] {
        assert!(pages.contains_key(kind), "no page {kind}");
    }
    for (path, doc) in &pages {
        let links: Vec<String> = doc.select(&link).map(text_of).collect();
        assert_eq!(links, ["Prohlášení o přístupnosti"], "{path}");
    }
}

#[test]
fn the_statement_has_the_sections_the_law_asks_for() {
    let b = build_root(&repo(), DAY, None);
    let doc = b.page("pristupnost");
    assert_eq!(texts(&doc, "h1"), ["Prohlášení o přístupnosti"]);
    assert_eq!(
        texts(&doc, "main h2"),
        [
            "Stav souladu",
            "Nepřístupný obsah",
            "Vypracování prohlášení",
            "Zpětná vazba a kontaktní údaje",
            "Postupy pro prosazování práva",
        ]
    );
    let main = texts(&doc, "main").join(" ").replace('\u{a0}', " ");
    for needle in [
        "zákonem č. 99/2019 Sb.",
        "https://example.org/",
        "částečně v souladu",
        "PDF",
        "1. 9. 2026",
        "vlastního posouzení",
        "pristupnost@example.org",
        "Digitální a informační agentura",
    ] {
        assert!(main.contains(needle), "no {needle:?} in {main}");
    }
    assert!(
        texts(&doc, "#s-nesoulad + ul li")[0].contains("PDF"),
        "the placeholder PDFs are declared as not accessible"
    );
    // Listed in the sitemap like every page.
    assert!(b.text("sitemap.xml").contains("/pristupnost/"));
}

#[test]
fn the_statement_is_in_english_for_an_english_site() {
    let (dir, site) = site_with(&STATEMENT.replace("REVIEWED", "2026-06-01"));
    make_english(&site);
    let out = dir.path().join("dist");
    build_into(&site, &out, DAY, None);
    let doc = Html::parse_document(
        &std::fs::read_to_string(out.join("accessibility/index.html")).unwrap(),
    );
    assert_eq!(texts(&doc, "h1"), ["Accessibility statement"]);
    assert_eq!(texts(&doc, "main h2")[0], "Compliance status");
    let main = texts(&doc, "main").join(" ");
    assert!(main.contains("partially compliant"), "{main}");
    assert!(main.contains("Digital and Information Agency"), "{main}");
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(
        attrs(&home, "footer a:not([href$='/hledat/'])", "href"),
        ["/planovani/accessibility/"]
    );
}

#[test]
fn a_review_more_than_twelve_months_before_the_build_date_warns_without_failing() {
    let (dir, site) = site_with(&STATEMENT.replace("REVIEWED", "2025-11-24"));
    let out = dir.path().join("dist");
    let d = done_diagnostics(run_at(&site, &out, DAY));
    assert!(
        out.join("pristupnost/index.html").is_file(),
        "the site is built"
    );
    let items = d.items();
    assert_eq!(items.len(), 1, "{items:?}");
    let w = &items[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.file, "config.toml");
    assert!(
        w.message.replace('\u{a0}', " ").contains("24. 11. 2025"),
        "{}",
        w.message
    );
    assert!(
        w.hint
            .as_deref()
            .unwrap_or("")
            .contains("reviewed = 2026-11-25"),
        "{w:?}"
    );
    // The span points at the date, and the rendered report shows the line.
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    assert_eq!(&cfg[w.span.clone().unwrap()], "2025-11-24");
    let report = d.render_plain(Default::default());
    assert!(report.contains("reviewed = 2025-11-24"), "{report}");
    assert!(report.contains("varování"), "{report}");
}

#[test]
fn a_review_within_twelve_months_gives_no_warning() {
    for reviewed in ["2025-11-25", "2026-06-01", "2026-11-25"] {
        let (dir, site) = site_with(&STATEMENT.replace("REVIEWED", reviewed));
        let out = dir.path().join("dist");
        let d = done_diagnostics(run_at(&site, &out, DAY));
        assert!(d.is_empty(), "{reviewed}: {:?}", d.items());
    }
}

#[test]
fn a_site_without_the_table_has_no_statement_and_no_footer_link() {
    let b = build("basic", DAY);
    assert!(!b.out.join("pristupnost").exists());
    assert!(attrs(&b.page(""), "footer a:not([href$='/hledat/'])", "href").is_empty());
}

fn config_errors(extra: &str) -> Diagnostics {
    let (dir, site) = site_with(extra);
    match run_at(&site, &dir.path().join("dist"), DAY) {
        Outcome::ConfigErrors(d) => d,
        _ => panic!("expected config errors for:\n{extra}"),
    }
}

#[test]
fn a_missing_required_field_is_a_config_error_with_span_and_hint() {
    let extra = STATEMENT
        .replace("REVIEWED", "2026-06-01")
        .replace("email = \"pristupnost@example.org\"\n", "");
    let d = config_errors(&extra);
    let e = d
        .items()
        .iter()
        .find(|x| x.message.contains("`email`"))
        .unwrap_or_else(|| panic!("{:?}", d.items()));
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.file, "config.toml");
    // The span is in the [accessibility] table, and the report shows that line.
    assert!(d.line_col(e).is_some(), "{e:?}");
    let cfg = std::fs::read_to_string(fixture("basic").join("config.toml")).unwrap();
    assert!(e.span.as_ref().unwrap().start >= cfg.len(), "{e:?}");
    assert!(e.hint.as_deref().unwrap().contains("email = "), "{e:?}");
}

#[test]
fn wrong_values_in_the_table_are_config_errors() {
    for (from, to, needle) in [
        ("status = \"castecne\"", "status = \"castecna\"", "castecna"),
        (
            "non_compliant = [\"Přiložené soubory PDF nejsou tagované.\"]",
            "",
            "`non_compliant`",
        ),
        (
            "prepared = 2024-01-15",
            "prepared = \"2026-01\"",
            "`prepared`",
        ),
        (
            "method = \"vlastni-posouzeni\"",
            "method = \"audit\"",
            "audit",
        ),
        (
            "reviewed = 2026-06-01",
            "reviewed = 2023-06-01",
            "`reviewed`",
        ),
        ("email", "e_mail", "`e_mail`"),
    ] {
        let extra = STATEMENT
            .replace("REVIEWED", "2026-06-01")
            .replace(from, to);
        let d = config_errors(&extra);
        let e = d
            .items()
            .iter()
            .find(|x| x.message.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {:?}", d.items()));
        assert!(e.span.is_some() && e.hint.is_some(), "{e:?}");
    }
}

/// File extensions of downloads: a link to one must state format and size.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "zip", "csv",
    "txt", "jpg", "png",
];

/// "(PDF, 1,2 MB)": the format and a size with a unit, as the visible text says it.
fn states_format_and_size(text: &str, ext: &str) -> bool {
    let open = format!("({}, ", ext.to_uppercase());
    let Some(start) = text.find(&open) else {
        return false;
    };
    let rest = &text[start + open.len()..];
    let Some(end) = rest.find(')') else {
        return false;
    };
    let size = rest[..end].replace('\u{a0}', " ");
    let Some((number, unit)) = size.split_once(' ') else {
        return false;
    };
    !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == ',')
        && ["B", "kB", "MB", "GB"].contains(&unit)
}

pub(crate) fn problems_of(path: &str, doc: &Html) -> Vec<String> {
    let mut p = Vec::new();
    let lang = sel("html");
    match doc
        .select(&lang)
        .next()
        .and_then(|h| h.value().attr("lang"))
    {
        Some("cs") => {}
        other => p.push(format!("html lang is {other:?}")),
    }
    let h1 = doc.select(&sel("h1")).count();
    if h1 != 1 {
        p.push(format!("{h1} h1 elements"));
    }
    // Headings in document order: the first is h1, none skips a level going down.
    let mut prev = 0;
    for h in doc.select(&sel("h1, h2, h3, h4, h5, h6")) {
        let level = h.value().name()[1..].parse::<usize>().unwrap();
        if level > prev + 1 {
            p.push(format!("h{level} \"{}\" after h{prev}", text_of(h)));
        }
        prev = level;
    }
    // The skip link: the first link of the page, to a target that exists.
    match doc.select(&sel("body a[href]")).next() {
        Some(a) if a.value().attr("href").is_some_and(|h| h.starts_with('#')) => {
            let id = &a.value().attr("href").unwrap()[1..];
            if doc
                .select(&sel(&format!("main[id=\"{id}\"]")))
                .next()
                .is_none()
            {
                p.push(format!("skip link to #{id}, which is not the main element"));
            }
        }
        _ => p.push("the first link is not a skip link".into()),
    }
    for (landmark, count) in [("header", 1), ("main", 1), ("footer", 1)] {
        let n = doc.select(&sel(landmark)).count();
        if n != count {
            p.push(format!("{n} {landmark} elements"));
        }
    }
    for nav in doc.select(&sel("nav")) {
        if nav.value().attr("aria-label").is_none_or(str::is_empty) {
            p.push("a nav without aria-label".into());
        }
    }
    // Scripts are progressive enhancement only: the catalogue's filter beside the links that
    // filter without it, the search page's script beside its <noscript>; JSON-LD (a meeting's
    // schema.org Event) is data, not a script. Any other script means the site needs JavaScript.
    let enhancement = |e: &scraper::ElementRef| {
        let src = e.value().attr("src").unwrap_or("");
        (src.ends_with("/catalogue.js") && doc.select(&sel("#filtr-odkazy a")).next().is_some())
            || (src.ends_with("/search.js") && doc.select(&sel("noscript")).next().is_some())
    };
    if doc
        .select(&sel(
            "script:not([type='application/ld+json']):not([type='application/json'])",
        ))
        .any(|e| !enhancement(&e))
    {
        p.push("a script element (the site must work without JavaScript)".into());
    }
    // Nothing is loaded from another host: no absolute URL in any src or in link elements
    // (the canonical URL names the page itself, absolute by definition, and loads nothing).
    for e in doc.select(&sel(
        "[src], link[href]:not([rel=canonical]), object[data], [srcset]",
    )) {
        for attr in ["src", "href", "data", "srcset"] {
            if let Some(v) = e.value().attr(attr)
                && (v.contains("http:") || v.contains("https:") || v.starts_with("//"))
            {
                p.push(format!("<{} {attr}=\"{v}\">", e.value().name()));
            }
        }
    }
    // Links to other hosts only inside the page body (main), never in header or footer.
    for a in doc.select(&sel("header a[href], footer a[href], nav a[href]")) {
        let href = a.value().attr("href").unwrap();
        if href.starts_with("http:") || href.starts_with("https:") || href.starts_with("//") {
            p.push(format!("external link {href} outside main"));
        }
    }
    for a in doc.select(&sel("a[href]")) {
        let text = text_of(a);
        let bare = text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if [
            "zde",
            "here",
            "sem",
            "klikněte",
            "klikněte zde",
            "click here",
            "více",
            "more",
        ]
        .contains(&bare.as_str())
            || bare.contains("klikněte")
            || bare.contains("click here")
        {
            p.push(format!("link text \"{text}\""));
        }
        if bare.is_empty() {
            p.push(format!("link without text to {:?}", a.value().attr("href")));
        }
        let href = a.value().attr("href").unwrap();
        let file = href.split(['#', '?']).next().unwrap_or("");
        if let Some((_, ext)) = file.rsplit_once('.')
            && !file.ends_with('/')
            && !file.rsplit('/').next().unwrap_or("").starts_with('.')
            && FILE_EXTENSIONS.contains(&ext.to_lowercase().as_str())
        {
            if !states_format_and_size(&text, ext) {
                p.push(format!(
                    "file link \"{text}\" → {href} without format and size"
                ));
            }
            // Read out in full by a screen reader: "soubor PDF, 1,2 megabajtu".
            let spoken = a
                .select(&sel(".visually-hidden"))
                .map(text_of)
                .collect::<String>();
            if !spoken.contains(&ext.to_uppercase()) || !spoken.contains("bajt") {
                p.push(format!(
                    "file link \"{text}\" without a spoken size: {spoken:?}"
                ));
            }
        }
    }
    p.into_iter().map(|x| format!("{path}: {x}")).collect()
}

#[test]
fn every_page_of_the_example_site_follows_the_theme_rules() {
    let b = build_root(&repo(), DAY, None);
    let pages = html_files(&b.out);
    assert!(pages.len() > 100);
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|(path, doc)| problems_of(path, doc))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // The style sheet loads nothing either: no @import, no url() to another host.
    let css = b.text("style.css");
    assert!(!css.contains("@import"), "style.css imports");
    assert!(!css.contains("url(http") && !css.contains("url(\"http") && !css.contains("url('http"));
}

#[test]
fn the_rules_catch_what_they_are_meant_to() {
    let bad = Html::parse_document(
        r##"<!DOCTYPE html><html><head><script src="https://cdn.example.com/x.js"></script>
        <link rel="stylesheet" href="https://fonts.example.com/f.css"></head><body>
        <header><a href="/">Home</a></header><main id="x"><h1>A</h1><h3>B</h3>
        <a href="/a.pdf">Plán</a> <a href="/b">ZDE</a><h1>C</h1></main></body></html>"##,
    );
    let p = problems_of("bad.html", &bad).join("\n");
    for needle in [
        "html lang",
        "2 h1",
        "h3 \"B\" after h1",
        "skip link",
        "0 footer",
        "script element",
        "https://cdn.example.com/x.js",
        "https://fonts.example.com/f.css",
        "link text \"ZDE\"",
        "without format and size",
    ] {
        assert!(p.contains(needle), "{needle} not in\n{p}");
    }
    assert!(states_format_and_size("Plán (PDF, 1,2\u{a0}MB)", "pdf"));
    assert!(states_format_and_size("Plán (DOCX, 850 B)", "docx"));
    assert!(!states_format_and_size("Plán (PDF)", "pdf"));
}
