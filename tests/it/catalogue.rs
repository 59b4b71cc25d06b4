//! The `catalogue` fixture site: the catalogue of services grouped and ordered by the law,
//! its static filter pages, a service's page, the booklet, back-links from organisations,
//! territories and target groups, and the invalid services' reports in English.

use std::sync::OnceLock;

use crate::common::*;

const DAY: &str = "2026-11-25";

/// One build of the fixture shared by the read-only tests (a build per test is slow).
fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build("catalogue", DAY))
}

/// The titles of the services a page lists, in order.
fn services(b: &Built, path: &str) -> Vec<String> {
    texts(&b.page(path), "li.service > a")
}

#[test]
fn the_catalogue_groups_services_by_category_and_kind_in_the_laws_order() {
    let b = built();
    let doc = b.page("sluzby");
    assert_eq!(
        texts(&doc, ".catalogue h2"),
        [
            "Sociální poradenství",
            "Služby sociální péče",
            "Služby sociální prevence",
            "Související služby"
        ]
    );
    assert_eq!(
        texts(&doc, ".catalogue h3"),
        [
            "§ 37 Odborné sociální poradenství",
            "§ 39 Osobní asistence",
            "§ 40 Pečovatelská služba",
            "§ 49 Domovy pro seniory",
            "§ 52 Sociální služby poskytované ve zdravotnických zařízeních lůžkové péče",
            "§ 62 Nízkoprahová zařízení pro děti a mládež",
            "§ 65 Sociálně aktivizační služby pro rodiny s dětmi",
            "Související služby",
        ]
    );
    let all = services(b, "sluzby");
    assert_eq!(all.len(), 10, "{all:?}");
    // Czech order inside a kind: C, H, Ch (byte order would put Ch before H).
    let pecovatelske: Vec<&String> = all
        .iter()
        .filter(|t| t.starts_with("Pečovatelská"))
        .collect();
    assert_eq!(
        pecovatelske,
        [
            "Pečovatelská služba Cetviny",
            "Pečovatelská služba Horní Dvořiště",
            "Pečovatelská služba Chvalšiny"
        ]
    );
    // Each row: provider, forms, target groups, territories, and what the filter reads.
    let row = texts(&doc, "li.service")
        .into_iter()
        .find(|t| t.starts_with("Osobní asistence"))
        .unwrap();
    assert!(
        row.contains("Poskytovatel: Charita Kaplice; forma poskytování: terénní"),
        "{row}"
    );
    assert!(
        row.contains("Cílové skupiny: Osoby se zdravotním postižením, Senioři"),
        "{row}"
    );
    assert!(row.contains("Území: Kaplice, Český Krumlov"), "{row}");
    assert_eq!(
        attrs(&doc, "li.service[data-kind=\"39\"]", "data-territories"),
        ["kaplice ck"]
    );
    // A territory named twice (nzdm-kaplice.md) is listed once.
    assert_eq!(
        attrs(&doc, "li.service[data-kind=\"62\"]", "data-territories"),
        ["kaplice"]
    );
    // § 52 is shown with its note; the related service is not under any §.
    assert!(
        texts(&doc, ".note")
            .iter()
            .any(|n| n.contains("zákon č. 38/2025 Sb.")),
        "{:?}",
        texts(&doc, ".note")
    );
    // The main menu has "Služby" on every page.
    assert!(texts(&b.page(""), ".main-nav a").contains(&"Služby".to_string()));
}

#[test]
fn the_filter_works_without_javascript_through_static_pages() {
    let b = built();
    let doc = b.page("sluzby");
    // The in-place form is hidden until the script shows it; its selects are labelled.
    assert_eq!(attrs(&doc, "form#filtr-sluzeb", "hidden"), [""]);
    for sel in ["kind", "target_groups", "forms", "territories"] {
        assert_eq!(
            attrs(&doc, &format!("label[for=\"filtr-{sel}\"]"), "for").len(),
            1,
            "{sel}"
        );
    }
    assert_eq!(attrs(&doc, "#filtr-stav", "role"), ["status"]);
    assert_eq!(attrs(&doc, "script", "src"), ["/planovani/catalogue.js"]);
    // Options only for what some service has (no "Etnické menšiny", no Tábor).
    assert_eq!(
        texts(&doc, "#filtr-territories option"),
        ["vše", "Český Krumlov", "Kaplice"]
    );
    assert!(!texts(&doc, "#filtr-target_groups option").contains(&"Etnické menšiny".into()));
    // The links lead to the static pages, and those list exactly the matching services.
    let links = attrs(&doc, "#filtr-odkazy a", "href");
    for href in [
        "/planovani/sluzby/druh/pecovatelska-sluzba/",
        "/planovani/sluzby/forma/pobytova/",
        "/planovani/kaplice/sluzby/",
        "/planovani/cilove-skupiny/deti/#sluzby",
    ] {
        assert!(links.contains(&href.to_string()), "{href} in {links:?}");
    }
    assert_eq!(
        services(b, "sluzby/druh/pecovatelska-sluzba"),
        [
            "Pečovatelská služba Cetviny",
            "Pečovatelská služba Horní Dvořiště",
            "Pečovatelská služba Chvalšiny"
        ]
    );
    assert_eq!(
        services(b, "sluzby/forma/pobytova"),
        [
            "Domov pro seniory Český Krumlov",
            "Sociální lůžka nemocnice Český Krumlov"
        ]
    );
    assert_eq!(
        services(b, "kaplice/sluzby"),
        [
            "Osobní asistence Charity Kaplice",
            "Pečovatelská služba Cetviny",
            "Pečovatelská služba Horní Dvořiště",
            "Nízkoprahový klub Kaplice",
            "Senior taxi Kaplice"
        ]
    );
    assert_eq!(
        services(b, "sluzby/druh/souvisejici-sluzby"),
        ["Senior taxi Kaplice"]
    );
    // A territory without services has an (empty) catalogue; a kind without any has no page.
    assert!(services(b, "tabor/sluzby").is_empty());
    assert!(!b.out.join("sluzby/druh/azylove-domy").exists());
    assert!(!b.out.join("sluzby/forma/neni").exists());
    // The static page says which filter it is and offers the way back to all.
    let kind = b.page("sluzby/forma/pobytova");
    assert_eq!(texts(&kind, "h1"), ["Forma: pobytová"]);
    assert_eq!(texts(&kind, "#filtr-odkazy a[aria-current]"), ["pobytová"]);
    assert!(
        attrs(&kind, "script", "src").is_empty(),
        "no script on static pages"
    );
    assert!(
        broken_links(&b.out, &b.base).is_empty(),
        "{:?}",
        broken_links(&b.out, &b.base)
    );
}

#[test]
fn a_service_page_shows_every_field() {
    let b = built();
    let doc = b.page("sluzby/pecovatelska-sluzba-cetviny");
    assert_eq!(texts(&doc, "h1"), ["Pečovatelská služba Cetviny"]);
    let facts: Vec<String> = texts(&doc, ".facts dt")
        .into_iter()
        .zip(texts(&doc, ".facts dd"))
        .map(|(t, d)| format!("{t}: {d}"))
        .collect();
    for f in [
        "Druh služby: § 40 Pečovatelská služba (Služby sociální péče)",
        "Poskytovatel: Charita Kaplice",
        "Identifikátor v registru poskytovatelů: 1234567",
        "Forma poskytování: ambulantní, terénní",
        "Cílové skupiny: Senioři, Osoby se zdravotním postižením",
        "Okruh osob: senioři, osoby se zdravotním postižením",
        "Věkové kategorie: mladší senioři (65–80 let), starší senioři (nad 80 let)",
        "Území: Kaplice",
        "Obce: Cetviny, Dolní Dvořiště",
        "Kapacita: 40 klientů",
        "Úhrada: hrazená",
        "Poskytuje se od: 1.\u{a0}1.\u{a0}2007",
        "Telefon: +420 380 000 111",
        "E-mail: pecovatelska@example.org",
        "Web: https://example.org/pecovatelska",
    ] {
        assert!(facts.contains(&f.to_string()), "{f} not in {facts:?}");
    }
    assert_eq!(
        texts(&doc, "#s-mista + ul li"),
        [
            "Cetviny 1, 382 72 Dolní Dvořiště Provozní doba: po–pá 7:00–15:30",
            "Náměstí 5, 382 41 Kaplice"
        ]
    );
    assert_eq!(
        texts(&doc, ".body"),
        ["Pomáháme seniorům zůstat doma: nákupy, úklid, dovoz obědů."]
    );
    assert_eq!(
        attrs(&doc, ".facts a", "href")[..2],
        [
            "/planovani/sluzby/druh/pecovatelska-sluzba/",
            "/planovani/organizace/charita-kaplice/"
        ]
    );
    // A related service says it is not registered; § 52 says it was removed.
    let taxi = b.page("sluzby/senior-taxi-kaplice");
    assert!(texts(&taxi, ".note").contains(&"Související služba (neregistrovaná)".into()));
    let removed = b.page("sluzby/lecebna-dlouhodobe-pece");
    assert!(
        texts(&removed, ".note")[0].starts_with("Tento druh služby zrušil zákon č. 38/2025 Sb."),
        "{:?}",
        texts(&removed, ".note")
    );
}

#[test]
fn organisations_territories_and_target_groups_list_their_services() {
    let b = built();
    assert_eq!(
        services(b, "organizace/charita-kaplice"),
        [
            "Osobní asistence Charity Kaplice",
            "Pečovatelská služba Cetviny",
            "Pečovatelská služba Horní Dvořiště",
            "Nízkoprahový klub Kaplice"
        ]
    );
    assert!(services(b, "organizace/mesto-kaplice") == ["Senior taxi Kaplice"]);
    let t = b.page("ck");
    assert_eq!(
        attrs(&t, "#s-sluzby + p a", "href"),
        ["/planovani/ck/sluzby/"]
    );
    assert!(texts(&t, "#s-sluzby + p")[0].ends_with("(počet služeb: 6)"));
    let tg = b.page("cilove-skupiny/deti");
    assert_eq!(texts(&tg, "h2#sluzby"), ["Služby (3)"]);
    assert_eq!(
        services(b, "cilove-skupiny/deti"),
        [
            "Poradna pro rodinu, manželství a mezilidské vztahy",
            "Nízkoprahový klub Kaplice",
            "Sociálně aktivizační služba pro rodiny Český Krumlov"
        ]
    );
    assert!(texts(&b.page("cilove-skupiny/etnika"), "h2#sluzby").is_empty());
}

#[test]
fn the_booklet_is_the_whole_catalogue_one_category_per_printed_page() {
    let b = built();
    let doc = b.page("sluzby/tisk");
    assert_eq!(texts(&doc, "article.booklet-service h4").len(), 10);
    assert_eq!(texts(&doc, "section.booklet-category > h2").len(), 4);
    assert_eq!(
        texts(&doc, ".booklet-contents > ol > li > a"),
        texts(&doc, "section.booklet-category > h2")
    );
    let first = texts(&doc, "article.booklet-service")
        .into_iter()
        .find(|t| t.contains("Cetviny"))
        .unwrap();
    assert!(
        first.contains(
            "Místa poskytováníCetviny 1, 382 72 Dolní Dvořiště; po–pá 7:00–15:30Náměstí 5"
        ),
        "{first}"
    );
    assert!(
        first.contains("https://example.org/planovani/sluzby/pecovatelska-sluzba-cetviny/"),
        "{first}"
    );
    let css = b.text("style.css");
    let print = &css[css.find("@media print").unwrap()..];
    for rule in [
        ".booklet-category { break-before: page; }",
        ".main-nav",
        "attr(href)",
    ] {
        assert!(print.contains(rule), "{rule}");
    }
    // The sitemap lists the catalogue's pages.
    let sitemap = b.text("sitemap.xml");
    for p in [
        "sluzby/",
        "sluzby/tisk/",
        "sluzby/druh/domovy-pro-seniory/",
        "ck/sluzby/",
        "sluzby/sas-rodiny/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/planovani/{p}</loc>")),
            "{p}"
        );
    }
}

#[test]
fn the_catalogue_speaks_english_when_the_site_does() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("catalogue"), &site);
    make_english(&site);
    let b = build_root(&site, DAY, None);
    let doc = b.page("sluzby");
    assert_eq!(texts(&doc, ".catalogue h2")[1], "Social care services");
    assert_eq!(texts(&doc, ".catalogue h3")[2], "§ 40 Home care service");
    assert_eq!(
        attrs(&doc, "#filtr-sluzeb", "data-count-label"),
        ["Services shown: {shown} of {total}"]
    );
    let s = b.page("sluzby/domov-pro-seniory-ck");
    assert!(texts(&s, ".facts dd").contains(&"residential".to_string()));
}

/// A form the § does not allow is a warning at the form, and the site still builds.
#[test]
fn a_form_the_law_does_not_allow_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("catalogue"), &site);
    let f = site.join("content/sluzby/domov-pro-seniory-ck.md");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace(
            "forms = [\"pobytova\"]",
            "forms = [\"pobytova\", \"terenni\"]",
        ),
    )
    .unwrap();
    let opts = kpss::pipeline::Options {
        root: site.clone(),
        output: None,
        date: date(DAY),
        base_url: None,
        check_only: true,
        drafts: false,
        cache: false,
    };
    let kpss::pipeline::Outcome::Done { diagnostics, .. } = kpss::pipeline::run(&opts).unwrap()
    else {
        panic!("a disallowed form must not stop the build");
    };
    let text = diagnostics.render_plain(kpss::czech::Lang::Cs);
    assert!(
        text.contains("--> content/sluzby/domov-pro-seniory-ck.md:5:22"),
        "{text}"
    );
    assert!(
        text.contains("§ 49 (domovy pro seniory) se podle zákona poskytuje jen takto: pobytová; ne jako terénní"),
        "{text}"
    );
    assert!(
        text.contains("rada: ověřte formu v registru poskytovatelů"),
        "{text}"
    );
}

/// The invalid services of tests/invalid/service-* (snapshotted in Czech by `diagnostics`)
/// report in English too when the site is English: each snapshotted as `<case>-en`.
#[test]
fn invalid_services_report_in_english() {
    let root = repo().join("tests/invalid");
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("service-"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "{cases:?}");
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_tree(&root.join(&case), &site);
        make_english(&site);
        let opts = kpss::pipeline::Options {
            root: site,
            output: None,
            date: date(DAY),
            base_url: None,
            check_only: true,
            drafts: false,
            cache: false,
        };
        let kpss::pipeline::Outcome::ContentErrors(d, _) = kpss::pipeline::run(&opts).unwrap()
        else {
            panic!("{case}: an invalid site passed");
        };
        let text = d.render_plain(kpss::czech::Lang::En);
        assert!(
            !text.contains("chyba") && !text.contains("rada:"),
            "{case}: {text}"
        );
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("{case}-en"), text);
        });
    }
}

/// The filter in place and the print view in Chromium (tests/browser/catalogue.mjs): the right
/// services hidden and shown, the count announced, no navigation on paper. Screenshots and the
/// printed booklet go to `KPSS_SCREENSHOTS` (CI keeps it), else target/kpss-screenshots.
#[test]
fn the_filter_works_in_place_in_a_browser_and_the_booklet_prints() {
    if !browser_ready("catalogue browser test") {
        return;
    }
    let b = built();
    let shots = std::env::var_os("KPSS_SCREENSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo().join("target/kpss-screenshots"));
    let out = std::process::Command::new("node")
        .arg(repo().join("tests/browser/catalogue.mjs"))
        .arg(&b.out)
        .arg(&b.base)
        .arg(&shots)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed, 0 failed"), "{text}");
    assert!(shots.join("catalogue-filtered-1280.png").is_file());
    assert!(shots.join("katalog.pdf").is_file());
}

/// The theme's rules (tests/it/a11y.rs) hold on every page of the catalogue, the one site with
/// services: one h1, headings in order, labelled navigation, the filter script only beside the
/// links that work without it.
#[test]
fn every_catalogue_page_follows_the_theme_rules() {
    let b = built();
    let pages = html_files(&b.out);
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|(path, doc)| crate::a11y::problems_of(path, doc))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
