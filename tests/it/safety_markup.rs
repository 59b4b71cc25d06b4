//! Markup safety: whatever an editor writes in a Markdown body or a URL field, the built page
//! carries no event handler and no link or source with a script scheme. Each test builds a
//! temporary copy of tests/sites/basic with one hostile file added or changed.

use kpss::diagnostics::Severity;
use kpss::pipeline::{Outcome, run};
use scraper::{Html, Selector};

use crate::common::{attrs, build_options, build_root, copy_tree, fixture, make_english};

const DAY: &str = "2026-11-25";

/// A temporary copy of the basic site with `files` (path under the root, text) written.
fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), dir.path());
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// A URL as a browser reads its scheme: ASCII whitespace and controls removed, lower case.
fn scheme_view(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Every problem of one page: an `on*` attribute anywhere, or a script or data scheme in an
/// attribute that browsers follow.
fn unsafe_markup(doc: &Html) -> Vec<String> {
    let all = Selector::parse("*").unwrap();
    let mut bad = Vec::new();
    for el in doc.select(&all) {
        for (name, value) in el.value().attrs() {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") {
                bad.push(format!("<{} {name}=\"{value}\">", el.value().name()));
            }
            if [
                "href",
                "src",
                "action",
                "formaction",
                "srcset",
                "xlink:href",
            ]
            .contains(&name.as_str())
            {
                let v = scheme_view(value);
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| v.starts_with(s))
                {
                    bad.push(format!("<{} {name}=\"{value}\">", el.value().name()));
                }
            }
        }
    }
    bad
}

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}")
}

#[test]
fn heading_attributes_cannot_carry_event_handlers() {
    // No raw HTML and no suspicious link: only the heading attributes extension.
    let site = site_with(&[(
        "content/utok.md",
        &page(
            "Útok",
            "## Vítejte {#x tabindex=0 autofocus onfocus=alert(1)}\n\n\
             ### Druhý {.info onmouseover=alert(2) style=color:red}\n\n\
             Text.\n",
        ),
    )]);
    let built = build_root(site.path(), DAY, None);
    let doc = built.page("utok");
    assert_eq!(unsafe_markup(&doc), Vec::<String>::new());
    assert_eq!(attrs(&doc, "main h2#x", "id"), ["x"]);
    assert!(attrs(&doc, "h2#x", "tabindex").is_empty());
    assert!(attrs(&doc, "h2#x", "autofocus").is_empty());
    assert!(attrs(&doc, "h3.info", "style").is_empty());
    assert_eq!(attrs(&doc, "h3.info", "class"), ["info"]);
}

#[test]
fn dropped_heading_attributes_are_reported_with_file_and_line() {
    let site = site_with(&[(
        "content/utok.md",
        &page("Útok", "Úvod.\n\n## Vítejte {#x onfocus=alert(1)}\n"),
    )]);
    let out = site.path().join("dist");
    let outcome = run(&build_options(site.path(), &out, DAY)).unwrap();
    let Outcome::Done { diagnostics, .. } = outcome else {
        panic!("the build failed");
    };
    let warnings: Vec<_> = diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.file == "content/utok.md")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0];
    assert!(w.message.contains("onfocus"), "{}", w.message);
    assert!(w.message.contains("nadpis"), "{}", w.message);
    // line 6 of the file: three lines of front matter, "Úvod.", an empty line
    assert_eq!(diagnostics.line_col(w).map(|(l, _)| l), Some(6));
}

#[test]
fn heading_ids_and_classes_cannot_break_out_of_their_attribute() {
    let site = site_with(&[(
        "content/utok.md",
        &page(
            "Útok",
            "## A {#a\"onfocus=alert(1) .b'x}\n\n## B {.c\"><img/src=x/onerror=alert(1)>}\n",
        ),
    )]);
    let built = build_root(site.path(), DAY, None);
    let doc = built.page("utok");
    assert_eq!(unsafe_markup(&doc), Vec::<String>::new());
    for id in attrs(&doc, "main h2", "id") {
        assert!(
            id.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_'),
            "{id:?}"
        );
    }
    for class in attrs(&doc, "main h2", "class") {
        assert!(!class.contains(['"', '\'', '<', '>']), "{class:?}");
    }
    assert!(texts_of(&doc, "main img").is_empty());
}

fn texts_of(doc: &Html, sel: &str) -> Vec<String> {
    let s = Selector::parse(sel).unwrap();
    doc.select(&s).map(|e| e.html()).collect()
}

#[test]
fn no_link_or_image_carries_a_script_scheme() {
    let body = "\
[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c]( vbscript:msgbox(1))\n\n\
[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n\
![e](data:image/svg+xml,<svg/onload=alert(1)>) ![f](javascript:alert(1) \"titulek\")\n\n\
<javascript:alert(1)> <vbscript:msgbox(1)>\n\n\
[g][ref] ![h][obr]\n\n\
[ref]: javascript:alert(1) \"x\\\" onmouseover=\\\"alert(1)\"\n\
[obr]: data:text/html,<script>alert(1)</script>\n\n\
[i](java&#09;script:alert(1)) [j](&#106;avascript:alert(1)) [k](javascript&colon;alert(1))\n\n\
[l](https://example.org/ \"\\\" onclick=\\\"alert(1)\") ![m](/obr.png \"\\\" onerror=\\\"alert(1)\")\n";
    // Each hostile body alone as well: a body with one such link must be as safe as a body
    // with all of them.
    let mut files: Vec<(String, String)> = vec![("content/utok.md".into(), page("Útok", body))];
    for (i, line) in body.lines().filter(|l| !l.is_empty()).enumerate() {
        files.push((format!("content/utok-{i}.md"), page("Útok", line)));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = site_with(&refs);
    let built = build_root(site.path(), DAY, None);
    for (path, _) in &files {
        let slug = path.trim_start_matches("content/").trim_end_matches(".md");
        let doc = built.page(slug);
        assert_eq!(unsafe_markup(&doc), Vec::<String>::new(), "{slug}");
    }
    // The safe link keeps its destination and its title stays one attribute.
    let doc = built.page("utok");
    assert!(attrs(&doc, "main a", "href").contains(&"https://example.org/".to_string()));
}

/// An organisation with `web = "javascript:…"`.
fn organisation_web(web: &str) -> String {
    format!("+++\ntitle = \"Útočník\"\nweb = \"{web}\"\n+++\n")
}

#[test]
fn a_script_url_in_a_front_matter_field_is_an_error_and_never_a_link() {
    for (path, text, shown) in [
        (
            "content/organizace/utocnik.md",
            organisation_web("javascript:alert(1)"),
            "web = \"javascript:alert(1)\"",
        ),
        (
            "content/organizace/utocnik.md",
            organisation_web(" JAVASCRIPT:alert(1)"),
            "web = \" JAVASCRIPT:alert(1)\"",
        ),
        (
            "content/organizace/utocnik.md",
            organisation_web("data:text/html,x"),
            "web = \"data:text/html,x\"",
        ),
        (
            "content/jh/dokumenty/odkaz.md",
            "+++\ntitle = \"Odkaz\"\nkind = \"jiny\"\nurl = \"javascript://example.org/%0aalert(1)\"\n+++\n"
                .to_string(),
            "url = \"javascript://example.org/%0aalert(1)\"",
        ),
    ] {
        let site = site_with(&[(path, &text)]);
        let out = site.path().join("dist");
        let outcome = run(&build_options(site.path(), &out, DAY)).unwrap();
        let Outcome::ContentErrors(d, c) = outcome else {
            panic!("{text}: the build passed");
        };
        let report = d.render_plain(c.language);
        let line = if path.contains("dokumenty") { 4 } else { 3 };
        assert!(report.contains(&format!("--> {path}:{line}:7")), "{report}");
        assert!(report.contains(shown), "{report}");
        assert!(
            report.contains("adresa musí začínat https://, http:// nebo mailto:"),
            "{report}"
        );
        assert!(!out.exists(), "{text}: an output was written");
    }
}

#[test]
fn a_script_url_is_reported_in_english_on_an_english_site() {
    let site = site_with(&[(
        "content/organizace/utocnik.md",
        &organisation_web("javascript:alert(1)"),
    )]);
    make_english(site.path());
    let out = site.path().join("dist");
    let Outcome::ContentErrors(d, c) = run(&build_options(site.path(), &out, DAY)).unwrap() else {
        panic!("the build passed");
    };
    let report = d.render_plain(c.language);
    assert!(
        report.contains("an address must start with https://, http:// or mailto:"),
        "{report}"
    );
    assert!(!report.contains("adresa"), "{report}");
}

#[test]
fn web_and_mail_urls_are_kept_as_links() {
    let site = site_with(&[
        (
            "content/organizace/web.md",
            &organisation_web("https://example.org/o-nas"),
        ),
        (
            "content/organizace/posta.md",
            &organisation_web("mailto:info@example.org"),
        ),
    ]);
    let built = build_root(site.path(), DAY, None);
    let web = built.page("organizace/web");
    assert!(attrs(&web, "a", "href").contains(&"https://example.org/o-nas".to_string()));
    let mail = built.page("organizace/posta");
    assert!(attrs(&mail, "a", "href").contains(&"mailto:info@example.org".to_string()));
    for doc in [web, mail] {
        assert_eq!(unsafe_markup(&doc), Vec::<String>::new());
    }
}
