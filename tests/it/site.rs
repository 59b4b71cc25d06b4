//! The `basic` fixture site: every page kind, cross-links both ways, Czech conventions,
//! build-date judgements, links under a sub-path, atomic and reproducible output.

use crate::common::*;

const DAY: &str = "2026-11-25";

#[test]
fn every_page_kind_and_index_is_written() {
    let b = build("basic", DAY);
    for p in [
        "",
        "jh/",
        "jh/skupiny/rs/",
        "jh/jednani/rs-01/",
        "jh/dokumenty/kp/",
        "jh/projekty/projekt-jh/",
        "projekty/kraj/",
        "organizace/cpkp/",
        "o-nas/",
        "skupiny/",
        "jednani/",
        "jednani/2019/",
        "jednani/bez-data/",
        "dokumenty/",
        "dokumenty/zapis/",
        "dokumenty/komunitni-plan/",
        "jh/skupiny/",
        "jh/jednani/",
        "jh/dokumenty/",
        "cilove-skupiny/seniori/",
        "projekty/",
        "organizace/",
    ] {
        assert!(b.out.join(p).join("index.html").is_file(), "missing /{p}");
    }
    for f in [
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "jh/dokumenty/kp/kp.pdf",
        "jh/jednani/rs-02/rs-02.pdf",
    ] {
        assert!(b.out.join(f).is_file(), "missing {f}");
    }
    let sitemap = b.text("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://example.org/planovani/jh/jednani/rs-01/"),
        "{locs:?}"
    );
    assert!(
        b.text("robots.txt")
            .contains("Sitemap: https://example.org/planovani/sitemap.xml")
    );
}

#[test]
fn a_group_lists_its_meetings_in_order_with_minutes_titled_z_ze() {
    let b = build("basic", DAY);
    let g = b.page("jh/skupiny/rs/");
    assert_eq!(
        texts(&g, "#s-jednani + ul > li.meeting > a:not(.download)"),
        ["1. jednání ŘS", "2. jednání ŘS", "3. jednání ŘS"]
    );
    let minutes = texts(&g, "#s-jednani + ul .minutes a");
    assert!(
        minutes[0].starts_with("Zápis z 1. jednání ŘS"),
        "{minutes:?}"
    );
    assert!(
        minutes[1].starts_with("Zápis ze 2. jednání ŘS"),
        "{minutes:?}"
    );
    assert!(
        minutes[2].starts_with("Zápis ze 3. jednání ŘS"),
        "{minutes:?}"
    );
    // Members sort by surname, Czech order, titles ignored.
    let members = texts(&g, ".members li");
    assert!(members[0].starts_with("Mgr. Aleš Adamec"), "{members:?}");
    assert!(
        members[1].starts_with("Mgr. Zdeňka Šindelářová"),
        "{members:?}"
    );
}

#[test]
fn a_meeting_links_its_group_neighbours_and_minutes() {
    let b = build("basic", DAY);
    let m = b.page("jh/jednani/rs-02/");
    assert_eq!(texts(&m, "h1"), ["2. jednání ŘS"]);
    assert!(attrs(&m, ".facts a", "href").contains(&"/planovani/jh/skupiny/rs/".to_string()));
    assert_eq!(
        attrs(&m, ".prevnext a[rel=prev]", "href"),
        ["/planovani/jh/jednani/rs-01/"]
    );
    assert_eq!(
        attrs(&m, ".prevnext a[rel=next]", "href"),
        ["/planovani/jh/jednani/rs-03/"]
    );
    assert_eq!(
        attrs(&m, "#s-zapis + p a", "href"),
        ["/planovani/jh/jednani/rs-02/rs-02.pdf"]
    );
    // Breadcrumbs: Home › Territory › Group › Meeting.
    assert_eq!(
        texts(&m, ".crumbs li"),
        [
            "Úvod",
            "› Jindřichův Hradec",
            "› Řídicí skupina",
            "› 2. jednání ŘS"
        ]
        .map(|s| s.trim_start_matches("› ").to_string())
    );
    // An undated meeting says so instead of inventing a date.
    assert!(
        texts(&m, ".facts dd")
            .iter()
            .any(|t| t == "Datum jednání nebylo zveřejněno.")
    );
}

#[test]
fn dates_are_czech_at_their_precision() {
    let b = build("basic", DAY);
    let g = b.page("jh/skupiny/ps-deti/");
    let when = texts(&g, "#s-jednani + ul .when");
    assert_eq!(when[0], "5.\u{a0}3.\u{a0}2030 9:30");
    assert_eq!(when[1], "červen\u{a0}2019");
    let m = b.page("jh/jednani/ps-deti-01/");
    assert!(texts(&m, ".facts time")[0].contains("úterý 5.\u{a0}března\u{a0}2030"));
    assert_eq!(attrs(&m, ".facts time", "datetime"), ["2030-03-05"]);
}

#[test]
fn downloads_state_format_and_size() {
    let b = build("basic", DAY);
    let d = b.page("jh/dokumenty/kp/");
    let link = texts(&d, ".download-box a")[0].clone();
    assert!(link.contains("(PDF, 1,2\u{a0}MB)"), "{link}");
    assert!(link.contains("megabajtu"), "{link}");
    assert!(texts(&d, ".facts dd").contains(&"2020–2022".to_string()));
}

#[test]
fn upcoming_meetings_and_consultations_follow_the_build_date() {
    let before = build("basic", DAY);
    let home = before.page("");
    assert_eq!(
        texts(&home, "#s-nadchazejici + ul .meeting > a")
            .first()
            .map(String::as_str),
        Some("1. jednání PS Děti")
    );
    assert_eq!(texts(&home, "#s-pripominky + ul a"), ["Návrh plánu"]);
    let after = build("basic", "2031-01-01");
    let home = after.page("");
    assert!(texts(&home, "#s-nadchazejici + ul .meeting").is_empty());
    assert!(texts(&home, "#s-pripominky").is_empty());
    let doc = after.page("jh/dokumenty/navrh/");
    assert!(texts(&doc, ".notice p")[0].starts_with("Připomínkové řízení skončilo"));
}

#[test]
fn references_are_links_both_ways() {
    let b = build("basic", DAY);
    let org = b.page("organizace/mesto-jh/");
    let hrefs = attrs(&org, "main a", "href");
    assert!(
        hrefs.contains(&"/planovani/jh/projekty/projekt-jh/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/planovani/jh/skupiny/rs/".to_string()),
        "{hrefs:?}"
    );
    let p = b.page("jh/projekty/projekt-jh/");
    assert!(attrs(&p, "main a", "href").contains(&"/planovani/organizace/cpkp/".to_string()));
    assert!(
        attrs(&p, "#s-vystupy ~ ul a, #s-vystupy + ul a", "href")
            .iter()
            .any(|h| h == "/planovani/jh/dokumenty/kp/")
    );
    let d = b.page("jh/dokumenty/kp/");
    assert!(
        attrs(&d, ".facts a", "href").contains(&"/planovani/jh/projekty/projekt-jh/".to_string())
    );
    let regional = b.page("projekty/kraj/");
    let t = texts(&regional, ".facts dd a");
    assert!(
        t.contains(&"Jindřichův Hradec".to_string()) && t.contains(&"Český Krumlov".to_string()),
        "{t:?}"
    );
    // Both territories list the region-wide project.
    assert!(
        attrs(&b.page("ck/"), "#s-projekty + ul a", "href")
            .contains(&"/planovani/projekty/kraj/".to_string())
    );
}

#[test]
fn minutes_are_documents_of_kind_zapis() {
    let b = build("basic", DAY);
    let z = b.page("dokumenty/zapis/");
    let titles = texts(&z, "li.document > a");
    assert!(
        titles.contains(&"Zápis ze 3. jednání ŘS".to_string()),
        "{titles:?}"
    );
    assert_eq!(titles.len(), 3);
}

#[test]
fn markdown_links_to_md_files_are_rewritten() {
    let b = build("basic", DAY);
    let home = b.page("");
    let hrefs = attrs(&home, ".body a", "href");
    assert_eq!(
        hrefs,
        ["/planovani/jh/dokumenty/kp/#cile", "/planovani/o-nas/"]
    );
    let jh = b.page("jh/");
    assert_eq!(attrs(&jh, ".body a", "href"), ["/planovani/jh/skupiny/rs/"]);
}

#[test]
fn territories_sort_in_czech_order() {
    let b = build("basic", DAY);
    // "Český Krumlov" sorts after "Cheb"-less C… but before "Jindřichův Hradec".
    assert_eq!(
        texts(&b.page(""), "#s-uzemi + ul.cards li > a"),
        ["Český Krumlov", "Jindřichův Hradec"]
    );
}

#[test]
fn every_internal_link_resolves_under_a_sub_path_and_at_the_root() {
    let sub = build("basic", DAY);
    assert_eq!(sub.base, "/planovani/");
    assert_eq!(broken_links(&sub.out, &sub.base), Vec::<String>::new());
    let root = build_root(&fixture("basic"), DAY, Some("https://example.org/"));
    assert_eq!(root.base, "/");
    assert_eq!(broken_links(&root.out, &root.base), Vec::<String>::new());
    let a = attrs(&root.page("jh/"), ".body a", "href");
    assert_eq!(a, ["/jh/skupiny/rs/"]);
}

#[test]
fn the_link_checker_catches_a_broken_link() {
    let b = build("basic", DAY);
    std::fs::remove_dir_all(b.out.join("jh/skupiny/rs")).unwrap();
    let broken = broken_links(&b.out, &b.base);
    assert!(
        broken
            .iter()
            .any(|x| x.contains("/planovani/jh/skupiny/rs/")),
        "{broken:?}"
    );
}

#[test]
fn every_page_is_reachable_from_home() {
    let b = build("basic", DAY);
    let all: Vec<String> = html_files(&b.out)
        .into_keys()
        .filter(|p| p != "404.html")
        .collect();
    let seen = reachable(&b.out, &b.base);
    let missing: Vec<&String> = all.iter().filter(|p| !seen.contains(*p)).collect();
    assert!(missing.is_empty(), "not reachable: {missing:?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = build("basic", DAY);
    let b = build("basic", DAY);
    let (x, y) = (snapshot_tree(&a.out), snapshot_tree(&b.out));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (k, v) in &x {
        assert!(y[k] == *v, "{k} differs");
    }
}

#[test]
fn a_failed_build_leaves_the_last_good_output() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = dir.path().join("dist");
    build_into(&site, &out, DAY, None);
    let before = snapshot_tree(&out);
    std::fs::write(
        site.join("content/jh/jednani/rs-01.md"),
        "+++\ngroup = \"neni\"\n+++\n",
    )
    .unwrap();
    let opts = build_options(&site, &out, DAY);
    assert!(matches!(
        kpss::pipeline::run(&opts).unwrap(),
        kpss::pipeline::Outcome::ContentErrors(..)
    ));
    assert!(
        snapshot_tree(&out) == before,
        "output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn english_ui_when_language_is_en() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    make_english(&site);
    let out = dir.path().join("dist");
    build_into(&site, &out, DAY, None);
    let html = std::fs::read_to_string(out.join("jh/skupiny/rs/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(attrs(&doc, "html", "lang"), ["en"]);
    assert_eq!(
        texts(&doc, "#s-jednani + ul > li.meeting > a:not(.download)")[0],
        "Meeting 1 of ŘS"
    );
    assert!(texts(&doc, "#s-clenove").contains(&"Members".to_string()));
}

fn scratch_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    (dir, site)
}

#[test]
fn drafts_false_leaves_consultation_documents_out_and_drafts_flag_brings_them_back() {
    let (dir, site) = scratch_copy();
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        format!("{cfg}\n[build]\ndrafts = false\n"),
    )
    .unwrap();
    let out = dir.path().join("dist");
    build_into(&site, &out, DAY, None);
    assert!(!out.join("jh/dokumenty/navrh/index.html").exists());
    assert!(out.join("jh/dokumenty/kp/index.html").exists());
    assert_eq!(broken_links(&out, "/planovani/"), Vec::<String>::new());
    let opts = kpss::pipeline::Options {
        drafts: true,
        cache: false,
        ..build_options(&site, &out, DAY)
    };
    assert!(matches!(
        kpss::pipeline::run(&opts).unwrap(),
        kpss::pipeline::Outcome::Done { .. }
    ));
    assert!(out.join("jh/dokumenty/navrh/index.html").exists());
}

#[test]
fn a_site_theme_overrides_single_templates_and_static_files_are_copied() {
    let (dir, site) = scratch_copy();
    std::fs::create_dir_all(site.join("themes/default/templates")).unwrap();
    std::fs::write(
        site.join("themes/default/templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"mine\">{{ title }}</h1>{{ body|safe }}{% endblock %}",
    )
    .unwrap();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::write(
        site.join("static/img/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let out = dir.path().join("dist");
    build_into(&site, &out, DAY, None);
    let page = std::fs::read_to_string(out.join("o-nas/index.html")).unwrap();
    assert!(page.contains("<h1 class=\"mine\">O nás</h1>"), "{page}");
    // Other templates still come from the embedded default theme.
    assert!(
        std::fs::read_to_string(out.join("jh/index.html"))
            .unwrap()
            .contains("class=\"facts\"")
    );
    assert!(out.join("img/logo.svg").is_file());
}

#[test]
fn the_binary_builds_with_source_date_epoch_as_the_build_date() {
    let (dir, site) = scratch_copy();
    let run = |epoch: &str| {
        let st = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
            .args(["--root", site.to_str().unwrap(), "build"])
            .env("SOURCE_DATE_EPOCH", epoch)
            .status()
            .unwrap();
        assert!(st.success());
        std::fs::read_to_string(site.join("dist/index.html")).unwrap()
    };
    // 2026-11-25 and 2031-01-01: the 2030 meeting is upcoming only in the first.
    assert!(run("1795564800").contains("1. jednání PS Děti"));
    assert!(!run("1924992000").contains("1. jednání PS Děti"));
    let _ = dir;
}

#[test]
fn a_build_killed_between_the_two_renames_gets_its_last_good_output_back() {
    let (dir, site) = scratch_copy();
    let out = dir.path().join("dist");
    build_into(&site, &out, DAY, None);
    let before = snapshot_tree(&out);
    // What a kill between `output → old` and `staged → output` leaves behind.
    let old = dir.path().join(".kpss-old-dist");
    std::fs::create_dir(&old).unwrap();
    std::fs::rename(&out, old.join("output")).unwrap();
    // The next build fails on content, yet the last good output is back in place.
    std::fs::write(
        site.join("content/jh/jednani/rs-01.md"),
        "+++\ngroup = 5\n+++\n",
    )
    .unwrap();
    let opts = build_options(&site, &out, DAY);
    let _ = kpss::pipeline::run(&opts).unwrap();
    assert!(
        snapshot_tree(&out) == before,
        "the last good output was not restored"
    );
    assert!(!old.exists());
}

/// A rebuild writes into the output the build before last left as the spare: unchanged files
/// keep their inode (not deleted, not rewritten), changed ones are updated, pages that are gone
/// are removed, and the result equals a build into an empty folder.
#[test]
fn a_rebuild_reuses_the_spare_output_and_equals_a_fresh_build() {
    use std::os::unix::fs::MetadataExt;
    let (dir, site) = scratch_copy();
    let out = dir.path().join("dist");
    let spare = dir.path().join(".kpss-spare-dist");
    let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    build_into(&site, &out, DAY, None);
    assert!(!spare.exists(), "nothing to keep after the first build");
    let first_home = ino("index.html");
    let first_rs3 = ino("jh/jednani/rs-03/index.html");
    let mtime = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
    let first_deti_written = mtime("jh/jednani/ps-deti-01/index.html");
    let first_pdf = ino("jh/jednani/rs-03/rs-03.pdf");
    build_into(&site, &out, DAY, None);
    assert!(spare.is_dir(), "the replaced output is kept as the spare");
    // Between the second and third build: one page changes, one meeting and its file go, one
    // attached file changes.
    std::fs::write(
        site.join("content/_index.md"),
        "+++\ntitle = \"Testovací web\"\n+++\nJiný úvod.\n",
    )
    .unwrap();
    let rs2 = std::fs::read_to_string(site.join("content/jh/jednani/rs-02.md")).unwrap();
    std::fs::remove_file(site.join("content/jh/jednani/rs-02.md")).unwrap();
    std::fs::remove_file(site.join("content/jh/jednani/rs-02.pdf")).unwrap();
    std::fs::write(
        site.join("content/jh/jednani/rs-03.pdf"),
        "%PDF-1.4 nová verze\n",
    )
    .unwrap();
    assert!(!rs2.is_empty());
    build_into(&site, &out, DAY, None);
    // The third build wrote into the first one's folders.
    assert_eq!(ino("jh/jednani/rs-03/index.html"), first_rs3);
    assert_eq!(
        mtime("jh/jednani/ps-deti-01/index.html"),
        first_deti_written,
        "an unchanged page is not written again"
    );
    assert_eq!(
        ino("index.html"),
        first_home,
        "a changed file is rewritten in place"
    );
    assert_eq!(ino("jh/jednani/rs-03/rs-03.pdf"), first_pdf);
    assert!(
        !out.join("jh/jednani/rs-02").exists(),
        "a removed meeting's page is gone"
    );
    assert!(!out.join("jh/jednani/rs-02/rs-02.pdf").exists());
    let fresh = dir.path().join("fresh");
    build_into(&site, &fresh, DAY, None);
    assert!(
        snapshot_tree(&out) == snapshot_tree(&fresh),
        "a rebuild into the spare differs from a build into an empty folder"
    );
}

/// A path that was a file in the spare and must be a folder now, and the other way round
/// (possible through `static/`): the rebuild still equals a build into an empty folder.
#[test]
fn a_rebuild_into_the_spare_replaces_files_by_folders_and_back() {
    let (dir, site) = scratch_copy();
    let out = dir.path().join("dist");
    let stat = site.join("static");
    std::fs::create_dir_all(&stat).unwrap();
    let as_file = || {
        let _ = std::fs::remove_dir_all(stat.join("loga"));
        std::fs::write(stat.join("loga"), "soubor").unwrap();
    };
    let as_folder = || {
        let _ = std::fs::remove_file(stat.join("loga"));
        std::fs::create_dir_all(stat.join("loga")).unwrap();
        std::fs::write(stat.join("loga/mesto.svg"), "<svg/>").unwrap();
    };
    // Builds 1–2 leave a spare with `loga` as a file; build 3 needs it as a folder. Build 4
    // writes into build 2's output, build 5 into build 3's, where `loga` is a folder again.
    for (n, folder) in [false, false, true, false, false].into_iter().enumerate() {
        if folder {
            as_folder();
        } else {
            as_file();
        }
        build_into(&site, &out, DAY, None);
        let fresh = dir.path().join(format!("fresh-{n}"));
        build_into(&site, &fresh, DAY, None);
        assert!(
            snapshot_tree(&out) == snapshot_tree(&fresh),
            "build {} differs from a build into an empty folder",
            n + 1
        );
    }
}

/// The build's last line counts every file written, pages apart from the rest, in Czech
/// plural forms: here attached PDFs, robots.txt, sitemap.xml and static files are all in.
#[test]
fn the_build_summary_counts_every_file_written() {
    let (dir, site) = scratch_copy();
    std::fs::create_dir_all(site.join("static/loga")).unwrap();
    std::fs::write(site.join("static/loga/kraj.svg"), "<svg/>").unwrap();
    let out = dir.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args([
            "--root",
            site.to_str().unwrap(),
            "build",
            "--date",
            DAY,
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "{err}");
    let files: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .to_string()
        })
        .filter(|p| {
            ![
                kpss::output::owned::MARKER,
                kpss::output::owned::CACHE,
                kpss::output::owned::FOLDERS,
            ]
            .contains(&p.as_str())
        })
        .collect();
    let pages = files.iter().filter(|p| p.ends_with(".html")).count();
    let other = files.len() - pages;
    assert!(
        files.iter().any(|p| p.ends_with(".pdf")),
        "the fixture has attached files"
    );
    let plural = |n: usize| match n {
        1 => "další soubor",
        2..=4 => "další soubory",
        _ => "dalších souborů",
    };
    let want = format!("hotovo: {pages} stránek a {other} {}", plural(other));
    assert!(err.contains(&want), "want {want:?} in {err}");
}

/// The theme's meeting row writes out what the `date` and `file_link` macros write instead of
/// calling them (speed, `macros.html`): a meeting's date and minutes link read the same in its
/// row as where those macros write them (the documents list, the meeting's page).
#[test]
fn a_meeting_row_writes_its_date_and_minutes_as_the_macros_do() {
    let (_dir, site) = basic_with(&[(
        "content/jh/jednani/rs-01.md",
        "+++\ngroup = \"rs\"\nnumber = 1\ndate = 2025-03-10\nminutes = \"rs-01.pdf\"\n+++\nJednání.\n",
    )]);
    let b = build_root(&site, DAY, None);
    // The outer HTML of what `inner` selects in each `item` that links to the meeting's page.
    let within = |doc: &scraper::Html, item: &str, inner: &str| -> Vec<String> {
        let (item, inner) = (
            scraper::Selector::parse(item).unwrap(),
            scraper::Selector::parse(inner).unwrap(),
        );
        let link = scraper::Selector::parse(":scope > a").unwrap();
        doc.select(&item)
            .filter(|li| {
                li.select(&link)
                    .any(|a| a.value().attr("href") == Some("/planovani/jh/jednani/rs-01/"))
            })
            .flat_map(|li| li.select(&inner).map(|e| e.html()).collect::<Vec<_>>())
            .collect()
    };
    let territory = b.page("jh/");
    let row_date = within(&territory, "li.meeting", ".when time");
    let row_minutes = within(&territory, "li.meeting", ".minutes a");
    let listed_date = within(&b.page("jh/dokumenty/"), "li.document", ".meta time");
    let page = b.page("jh/jednani/rs-01/");
    let page_minutes: Vec<String> = page
        .select(&scraper::Selector::parse("section[aria-labelledby=s-zapis] p > a").unwrap())
        .map(|e| e.html())
        .collect();
    assert_eq!(row_date.len(), 1, "{row_date:?}");
    assert!(row_date[0].contains("2025-03-10"), "{row_date:?}");
    assert_eq!(row_date, listed_date);
    assert_eq!(row_minutes.len(), 1, "{row_minutes:?}");
    assert!(row_minutes[0].contains("rs-01.pdf"), "{row_minutes:?}");
    assert_eq!(row_minutes, page_minutes);
}
