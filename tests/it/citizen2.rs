//! What a citizen and an editor see is right, second round: dates written wrongly are
//! explained as dates, a site without an accessibility statement is warned, `kpss new` takes a
//! unique bare group slug, and generated meeting titles decline the group's name. Fixtures are
//! copies of the `basic` site (two territories, `jh` and `ck`) and the starter of `kpss init`.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::*;

const DAY: &str = "2026-11-25";

fn kpss(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("kpss runs")
}

// 12. A date written as a TOML date that is no date gets a Czech message about the date.

#[test]
fn a_wrongly_written_date_is_explained_as_a_date() {
    let cases = [
        (
            "2025-13-45",
            "neplatné datum 2025-13-45: měsíc 13 neexistuje",
        ),
        (
            "2025-02-30",
            "neplatné datum 2025-02-30: 30. února neexistuje",
        ),
        ("17. 3. 2026", "datum pište jako 2026-03-17 (rok-měsíc-den)"),
    ];
    for (written, want) in cases {
        let meeting = format!("+++\ngroup = \"rs\"\nnumber = 9\ndate = {written}\n+++\n");
        let (_dir, site) = basic_with(&[("content/jh/jednani/rs-09.md", &meeting)]);
        let o = kpss(&site, &["check", "--date", DAY]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(want), "{written}: {err}");
        assert!(
            err.contains("datum pište jako 2026-03-17"),
            "{written}: {err}"
        );
        assert!(
            !err.contains("uvozovk"),
            "{written}: no advice about quotes: {err}"
        );

        make_english(&site);
        let err = stderr(&kpss(&site, &["check", "--date", DAY]));
        assert!(err.contains("write"), "{written}: {err}");
        assert!(!err.contains("datum pište"), "{written}: {err}");
    }
}

// 16a. `kpss new meeting --group ps-deti` finds the group's territory when it is unique.

#[test]
fn new_meeting_takes_a_bare_group_slug_unique_in_the_site() {
    // basic has two territories (jh, ck); ps-deti is only in jh.
    let (_dir, site) = basic_with(&[]);
    let o = kpss(&site, &["new", "meeting", "--group", "ps-deti"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = site.join("content/jh/jednani/ps-deti-03.md");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.contains("group = \"ps-deti\"\n"), "{text}");
    assert!(text.contains("number = 3\n"), "{text}");
    assert!(kpss(&site, &["check", "--date", DAY]).status.success());

    // A group of the same slug in ck: the editor must say which.
    let group = "+++\ntitle = \"Pracovní skupina Děti\"\nkind = \"pracovni\"\n+++\n";
    std::fs::create_dir_all(site.join("content/ck/skupiny")).unwrap();
    std::fs::write(site.join("content/ck/skupiny/ps-deti.md"), group).unwrap();
    let o = kpss(&site, &["new", "meeting", "--group", "ps-deti"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("skupina „ps-deti“ je ve více územích (ck, jh)"),
        "{err}"
    );
    assert!(err.contains("--group ck/ps-deti"), "{err}");
    assert!(err.contains("--territory ck"), "{err}");
    assert!(!site.join("content/jh/jednani/ps-deti-04.md").exists());
    assert!(!site.join("content/ck/jednani/ps-deti-01.md").exists());

    // Either way of naming the territory works.
    let o = kpss(&site, &["new", "meeting", "--group", "ck/ps-deti"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("content/ck/jednani/ps-deti-01.md").is_file());
    let o = kpss(
        &site,
        &["new", "meeting", "--group", "ps-deti", "--territory", "jh"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("content/jh/jednani/ps-deti-04.md").is_file());

    // A slug in no territory lists the groups there are.
    let err = stderr(&kpss(&site, &["new", "meeting", "--group", "ps-nic"]));
    assert!(
        err.contains("skupina „ps-nic“ není v žádném území"),
        "{err}"
    );
    assert!(err.contains("jh/rs"), "{err}");
}

// 13. The accessibility statement is law: a site without one is warned, the starter has one.

#[test]
fn a_site_without_an_accessibility_statement_is_warned_and_still_builds() {
    // basic has no [accessibility].
    let (dir, site) = basic_with(&[]);
    for args in [
        vec!["check", "--date", DAY],
        vec!["build", "--date", DAY, "--output"],
    ] {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        if args[0] == "build" {
            args.push(dir.path().join("dist").display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = kpss(&site, &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.contains("varování"), "{args:?}: {err}");
        assert!(err.contains("chybí tabulka `[accessibility]`"), "{err}");
        assert!(err.contains("zákon č. 99/2019 Sb."), "{err}");
        assert!(err.contains("oddíl „Prohlášení o přístupnosti“"), "{err}");
    }
    // The section the warning names is in the guide.
    let guide = std::fs::read_to_string(repo().join("docs/editor-guide.md")).unwrap();
    assert!(guide.contains("\n### Prohlášení o přístupnosti\n"));

    // With the table (the starter's), no such warning.
    let starter = std::fs::read_to_string(repo().join("starter/config.toml")).unwrap();
    let table = &starter[starter.find("[accessibility]").unwrap()..];
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(site.join("config.toml"), format!("{cfg}\n{table}")).unwrap();
    let err = stderr(&kpss(&site, &["check", "--date", DAY]));
    assert!(!err.contains("[accessibility]"), "{err}");
}

#[test]
fn a_new_site_has_its_accessibility_statement_from_the_first_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("novy-web");
    let o = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = kpss(&site, &["build", "--date", DAY]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("[accessibility]"), "{err}");
    let statement = site.join("dist/pristupnost/index.html");
    assert!(statement.is_file(), "{err}");
    let home = std::fs::read_to_string(site.join("dist/index.html")).unwrap();
    assert!(home.contains("href=\"/pristupnost/\""), "no footer link");
}

// 2. Generated meeting titles decline the group's name when it has no `short`.

#[test]
fn a_meeting_title_names_a_group_without_short_in_the_genitive() {
    let rs = "+++\ntitle = \"Řídicí skupina\"\nkind = \"ridici\"\n+++\n";
    let tym = "+++\ntitle = \"Realizační tým\"\nkind = \"jina\"\n+++\n";
    let odd = "+++\nkind = \"jina\"\ntitle = \"Senioři Strmilov\"\n+++\n";
    let named = "+++\ntitle = \"Senioři Strmilov\"\ntitle_genitive = \"skupiny Senioři Strmilov\"\nkind = \"jina\"\n+++\n";
    let meeting = |g: &str, n: u32| format!("+++\ngroup = \"{g}\"\nnumber = {n}\n+++\n");
    let (_dir, site) = basic_with(&[
        ("content/jh/skupiny/rs.md", rs),
        ("content/jh/skupiny/tym.md", tym),
        ("content/jh/skupiny/odd.md", odd),
        ("content/jh/skupiny/named.md", named),
        ("content/jh/jednani/rs-12.md", &meeting("rs", 12)),
        ("content/jh/jednani/tym-01.md", &meeting("tym", 1)),
        ("content/jh/jednani/odd-02.md", &meeting("odd", 2)),
        ("content/jh/jednani/named-03.md", &meeting("named", 3)),
    ]);
    let o = kpss(&site, &["check", "--date", DAY]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // Only the name no rule declines is warned, at its title (line 3 of the file).
    assert!(
        err.contains("název skupiny „Senioři Strmilov“ neumím dát do 2. pádu"),
        "{err}"
    );
    assert!(err.contains("content/jh/skupiny/odd.md:3:"), "{err}");
    assert!(err.contains("title_genitive"), "{err}");
    assert_eq!(err.matches("neumím dát do 2. pádu").count(), 1, "{err}");

    let built = build_root(&site, DAY, None);
    let h1 = |p: &str| texts(&built.page(p), "main h1").join(" ");
    assert_eq!(h1("jh/jednani/rs-12"), "12. jednání Řídicí skupiny");
    assert_eq!(h1("jh/jednani/tym-01"), "1. jednání Realizačního týmu");
    assert_eq!(h1("jh/jednani/odd-02"), "2. jednání Senioři Strmilov");
    assert_eq!(
        h1("jh/jednani/named-03"),
        "3. jednání skupiny Senioři Strmilov"
    );
    // The minutes are titled the same way.
    let docs = texts(&built.page("jh/dokumenty"), "main").join(" ");
    assert!(docs.contains("Zápis z 1. jednání Řídicí skupiny"), "{docs}");
}

/// An external `url` on the site's own host at a path the site will not have is a warning (a
/// placeholder left there is a broken link once deployed); one naming a page the site has, a
/// file, or a list page is not.
#[test]
fn an_address_into_the_site_itself_must_name_a_page_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&crate::common::fixture("basic"), &site);
    let doc = site.join("content/jh/dokumenty/navrh.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    let check = |url: &str| {
        std::fs::write(
            &doc,
            text.replace(
                "url = \"https://example.org/navrh\"",
                &format!("url = \"{url}\""),
            ),
        )
        .unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
            .args([
                "--root",
                site.to_str().unwrap(),
                "check",
                "--date",
                "2026-11-25",
            ])
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).to_string()
    };
    let warned = check("https://example.org/planovani/katalog-sluzeb");
    assert!(
        warned.contains("vede na tento web") && warned.contains("/katalog-sluzeb/"),
        "{warned}"
    );
    assert!(warned.contains("navrh.md:4"), "{warned}");
    for fine in [
        "https://example.org/planovani/jh/",
        "https://example.org/planovani/jednani/2024/",
        "https://example.org/planovani/jh/dokumenty/plan.pdf",
        "https://example.org/jinde/",
    ] {
        let out = check(fine);
        assert!(!out.contains("vede na tento web"), "{fine}: {out}");
    }
}
