//! The `plans` fixture site: a territory with three plans (replaced, valid with an extension,
//! a draft under consultation) and their activities; a second territory with a plan only as a
//! document. Pages of plans, years and activities checked by selector; statuses at chosen
//! build dates; numeric code order; every back-link; plan errors in Czech and English.

use crate::common::*;

/// Within the extension of kp-2020-2022 (to 2023), during the draft's consultation.
const DAY: &str = "2023-05-01";
const PLAN: &str = "jh/plany/kp-2020-2022/";

fn nb(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

#[test]
fn plan_pages_years_and_activities_are_written_and_in_the_sitemap() {
    let b = build("plans", DAY);
    for p in [
        "plany/",
        "jh/plany/",
        PLAN,
        "jh/plany/kp-2020-2022/2020/",
        "jh/plany/kp-2020-2022/2023/",
        "jh/plany/kp-2020-2022/pecovatelska-sluzba/",
        "jh/plany/kp-2024-2026/terenni/",
        "jh/plany/kp-2017-2019/2019/",
    ] {
        assert!(b.out.join(p).join("index.html").is_file(), "missing /{p}");
    }
    // Years outside the plan and its extension have no page; a territory without plans no list.
    assert!(!b.out.join("jh/plany/kp-2020-2022/2024").exists());
    assert!(!b.out.join("ck/plany").exists());
    let sitemap = b.text("sitemap.xml");
    for p in [
        PLAN,
        "plany/",
        "jh/plany/kp-2020-2022/2021/",
        "jh/plany/kp-2020-2022/sas/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.org/planovani/{p}<")),
            "{p} not in the sitemap"
        );
    }
}

#[test]
fn the_plan_page_shows_status_approval_tree_counts_and_cost() {
    let b = build("plans", DAY);
    let page = b.page(PLAN);
    assert_eq!(
        texts(&page, ".facts .plan-status"),
        ["platný (prodloužen do 2023)"]
    );
    let facts = texts(&page, ".facts dd").join(" | ");
    assert!(facts.contains("usnesení č. 123/2019"), "{facts}");
    assert!(
        facts.contains("Komunitní plán ORP Jindřichův Hradec 2017–2019 (nahrazený)"),
        "{facts}"
    );
    assert_eq!(nb(&texts(&page, ".total-cost")[0]), "13 040 000 Kč");
    // Codes in numeric order: 1.1.2 before 1.1.10; priorities 1, 2, 3 though written 2, 1, 3.
    assert_eq!(
        texts(&page, ".activities .code"),
        ["1.1.1", "1.1.2", "1.1.10", "1.2.1", "2.1.1", "3.1.1"]
    );
    assert_eq!(
        texts(&page, ".priority h3"),
        [
            "1 Senioři (Senioři)",
            "2 Rodiny s dětmi (Děti, mládež a rodiny)",
            "3 Průřezová opatření průřezová"
        ]
    );
    // Each activity with its latest status (1.1.1: 2020 plní se, 2021 částečně).
    assert_eq!(
        texts(&page, ".activities .monitoring-status")[0],
        "částečně splněno"
    );
    assert_eq!(
        texts(&page, ".status-counts tbody th"),
        [
            "splněno",
            "částečně splněno",
            "odloženo",
            "zrušeno",
            "bez hodnocení"
        ]
    );
    assert_eq!(
        texts(&page, ".status-counts tbody td"),
        ["1", "1", "1", "1", "2"]
    );
    // The consultation closed, its settlement linked; the PDF through `document`.
    assert!(texts(&page, ".consultation p")[0].starts_with("Připomínkové řízení skončilo"));
    assert!(
        attrs(&page, ".consultation a", "href")
            .contains(&"/planovani/jh/dokumenty/vyporadani-2019/".to_string())
    );
    assert!(
        attrs(&page, "a.download", "href")
            .contains(&"/planovani/jh/dokumenty/kp-2020/kp-2020.pdf".to_string())
    );
}

#[test]
fn the_year_view_lists_the_activities_of_that_year_with_that_years_status() {
    let b = build("plans", DAY);
    let y2020 = b.page("jh/plany/kp-2020-2022/2020/");
    // 2.1.1 runs in 2021 and 2022 only, 1.1.10 in 2022 and 2023.
    assert_eq!(
        texts(&y2020, ".plan-year tbody th"),
        ["1.1.1", "1.1.2", "1.2.1", "3.1.1"]
    );
    assert_eq!(
        texts(&y2020, ".plan-year tbody td:nth-child(3)"),
        ["plní se", "bez hodnocení", "bez hodnocení", "splněno"]
    );
    let y2023 = b.page("jh/plany/kp-2020-2022/2023/");
    assert_eq!(texts(&y2023, ".plan-year tbody th"), ["1.1.10"]);
    assert_eq!(
        attrs(&y2023, ".plan-years a[aria-current]", "href"),
        ["/planovani/jh/plany/kp-2020-2022/2023/"]
    );
}

#[test]
fn the_activity_page_shows_every_field_and_its_monitoring_by_year() {
    let b = build("plans", DAY);
    let page = b.page("jh/plany/kp-2020-2022/pecovatelska-sluzba/");
    assert_eq!(texts(&page, "h1"), ["1.1.1 Rozšíření pečovatelské služby"]);
    assert_eq!(nb(&texts(&page, ".cost")[0]), "12 500 000 Kč");
    assert_eq!(
        attrs(&page, ".organisations a", "href"),
        ["/planovani/organizace/charita/"]
    );
    assert_eq!(
        attrs(&page, ".groups a", "href"),
        ["/planovani/jh/skupiny/ps-seniori/"]
    );
    assert_eq!(texts(&page, ".years a"), ["2020", "2021", "2022"]);
    assert_eq!(texts(&page, ".monitoring tbody th"), ["2020", "2021"]);
    let row = nb(&texts(&page, ".monitoring tbody tr")[1]);
    assert!(row.contains("částečně splněno"), "{row}");
    assert!(row.contains("3 000 000 Kč"), "{row}");
    assert!(
        attrs(&page, ".monitoring a", "href")
            .contains(&"/planovani/jh/dokumenty/vyhodnoceni-2021/".to_string())
    );
    // Target groups default to the priority's.
    let facts = texts(&page, ".facts dd").join(" | ");
    assert!(facts.contains("Senioři"), "{facts}");
}

#[test]
fn statuses_follow_the_build_date() {
    let status = |day: &str, path: &str| {
        let b = build("plans", day);
        nb(&texts(&b.page(path), ".facts .plan-status")[0])
    };
    assert_eq!(status("2019-11-01", PLAN), "schválený, platí od 2020");
    assert_eq!(status("2021-05-01", PLAN), "platný");
    // Its successor (kp-2024-2026) is still a draft: a draft replaces nothing.
    assert_eq!(status("2024-02-01", PLAN), "ukončený");
    assert_eq!(status("2021-05-01", "jh/plany/kp-2017-2019/"), "nahrazený");
    assert_eq!(
        status("2023-06-25", "jh/plany/kp-2024-2026/"),
        "návrh, připomínky do 25. 6. 2023"
    );
    assert_eq!(status("2023-06-26", "jh/plany/kp-2024-2026/"), "návrh");
}

#[test]
fn the_territory_shows_its_valid_plan_and_the_draft_under_consultation() {
    let b = build("plans", DAY);
    let jh = b.page("jh/");
    let standing: Vec<String> = texts(&jh, ".territory-plans .standing")
        .iter()
        .map(|s| nb(s))
        .collect();
    assert_eq!(
        standing,
        ["Platný plán", "Návrh, připomínky do 25. 6. 2023"]
    );
    assert_eq!(
        attrs(&jh, ".territory-plans li > a", "href"),
        [
            "/planovani/jh/plany/kp-2020-2022/",
            "/planovani/jh/plany/kp-2024-2026/"
        ]
    );
    // After the extension and the consultation: no valid plan, the last plan with its status.
    let later = build("plans", "2024-02-01");
    let jh = later.page("jh/");
    assert_eq!(texts(&jh, ".territory-plans .standing"), ["Návrh"]);
    assert!(
        !texts(&jh, ".territory-plans")
            .join(" ")
            .contains("Platný plán")
    );
    // A territory without plan data keeps the judgement by its documents.
    let ck = b.page("ck/");
    assert_eq!(texts(&ck, "#s-plan + ul .standing"), ["Platný plán"]);
    let plans = b.page("plany/");
    assert_eq!(texts(&plans, ".plans .plan-status").len(), 3);
}

#[test]
fn organisations_groups_and_target_groups_link_their_activities() {
    let b = build("plans", DAY);
    let charita = b.page("organizace/charita/");
    assert_eq!(texts(&charita, ".activities .code"), ["1.1.1", "1.1.2"]);
    let mesto = b.page("organizace/mesto-jh/");
    assert_eq!(texts(&mesto, ".activities .code"), ["1.1.2", "1.1.10"]);
    let ps = b.page("jh/skupiny/ps-seniori/");
    assert_eq!(texts(&ps, ".activities .code"), ["1.1.1", "3.1.1"]);
    let deti = b.page("jh/skupiny/ps-deti/");
    assert_eq!(texts(&deti, ".activities .code"), ["2.1.1", "3.1.1"]);
    let tg = b.page("cilove-skupiny/seniori/");
    // Priorities of every plan naming it (newest plan first), activities by plan then code.
    assert_eq!(texts(&tg, ".priorities .priority > a").len(), 3);
    assert_eq!(
        texts(&tg, ".activities .code"),
        ["1.1.1", "1.1.1", "1.1.2", "1.1.10", "1.2.1"]
    );
    let tg = b.page("cilove-skupiny/deti/");
    assert_eq!(texts(&tg, ".activities .code"), ["2.1.1"]);
}

#[test]
fn an_activity_links_its_services_and_the_service_page_links_back() {
    let b = build("plans", DAY);
    let page = b.page("jh/plany/kp-2020-2022/pecovatelska-sluzba/");
    assert_eq!(
        attrs(&page, ".facts .services a", "href"),
        ["/planovani/sluzby/pecovatelska-sluzba-jh/"]
    );
    assert_eq!(
        texts(&page, ".facts .services a"),
        ["Pečovatelská služba Jindřichův Hradec"]
    );
    // An activity naming no service shows no row.
    let other = b.page("jh/plany/kp-2020-2022/katalog/");
    assert!(texts(&other, ".facts .services a").is_empty());
    // The service lists both activities naming it: by plan (newest first), then code.
    let service = b.page("sluzby/pecovatelska-sluzba-jh/");
    assert_eq!(
        attrs(&service, ".activities .activity > a", "href"),
        [
            "/planovani/jh/plany/kp-2024-2026/terenni/",
            "/planovani/jh/plany/kp-2020-2022/pecovatelska-sluzba/",
        ]
    );
    assert_eq!(texts(&service, ".activities .code"), ["1.1.1", "1.1.1"]);
    assert_eq!(
        nb(&texts(&service, ".activities .status-castecne")[0]),
        "částečně splněno"
    );
}

#[test]
fn the_plan_pages_speak_english() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("plans"), &site);
    make_english(&site);
    let b = build_root(&site, DAY, None);
    let page = b.page(PLAN);
    assert_eq!(
        texts(&page, ".facts .plan-status"),
        ["valid (extended until 2023)"]
    );
    assert_eq!(
        texts(&page, ".activities .monitoring-status")[0],
        "partly done"
    );
    let draft = b.page("jh/plany/kp-2024-2026/");
    assert_eq!(
        texts(&draft, ".facts .plan-status"),
        ["draft, comments until 25 June 2023"]
    );
}

/// Every invalid plan case (`tests/invalid/plan-*`) also in English: the same errors at the
/// same places, the report snapshotted (`<case>.en`), with no Czech left in it.
#[test]
fn plan_errors_are_reported_in_english_too() {
    let root = repo().join("tests/invalid");
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("plan-"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "{cases:?}");
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_tree(&root.join(case), &site);
        make_english(&site);
        let report = |root: &std::path::Path| {
            let mut opts = build_options(root, &dir.path().join("out"), "2026-11-25");
            opts.check_only = true;
            opts.output = None;
            match kpss::pipeline::run(&opts).unwrap() {
                kpss::pipeline::Outcome::ContentErrors(d, c) => {
                    (d.sorted().len(), d.render_plain(c.language))
                }
                _ => panic!("{case}: no content errors"),
            }
        };
        let (n_en, en) = report(&site);
        let (n_cs, _) = report(&root.join(case));
        assert_eq!(n_en, n_cs, "{case}: {en}");
        for czech in ["chyba", "rada", "plán ", "neexistující", "období"] {
            assert!(!en.contains(czech), "{case}: Czech \"{czech}\" in\n{en}");
        }
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("{case}.en"), en);
        });
    }
}

/// Amounts as large as TOML allows: the plan's total saturates instead of overflowing.
#[test]
fn huge_costs_do_not_overflow_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("plans"), &site);
    for f in ["domov.md", "pecovatelska-sluzba.md"] {
        let p = site.join("content/jh/plany/kp-2020-2022").join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text
            .lines()
            .map(|l| {
                if l.starts_with("cost =") {
                    "cost = 9223372036854775807"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&p, text + "\n").unwrap();
    }
    let b = build_root(&site, DAY, None);
    assert_eq!(
        nb(&texts(&b.page(PLAN), ".total-cost")[0]),
        "9 223 372 036 854 775 807 Kč"
    );
}

/// No edit of a plan or an activity panics the pipeline: every front matter line of the
/// fixture's plan and activity files deleted, or its value replaced by an odd one (empty, a
/// code without its parent, a year far away, a huge or negative number), checked in turn; the
/// pipeline ends with a result (errors or pages), never a panic.
#[test]
fn no_edit_of_a_plan_or_activity_panics() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("plans"), &site);
    let files = [
        "content/jh/plany/kp-2020-2022/_index.md",
        "content/jh/plany/kp-2020-2022/pecovatelska-sluzba.md",
        "content/jh/plany/kp-2020-2022/domov.md",
        "content/jh/plany/kp-2024-2026/_index.md",
    ];
    let odd_strings = ["\"\"", "\"9.9\"", "\"1.1.1\"", "\"2020–2090\"", "[\"x\"]"];
    let odd_numbers = ["0", "-1", "32768", "9223372036854775807", "[2099]"];
    let mut checked = 0;
    for rel in files {
        let path = site.join(rel);
        let good = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = good.lines().collect();
        let end = lines.iter().skip(1).position(|l| *l == "+++").unwrap() + 1;
        for i in 1..end {
            let (key, value) = match lines[i].split_once(" = ") {
                Some(kv) => kv,
                None => (lines[i], ""),
            };
            let mut variants = vec![String::new()];
            if !value.is_empty() {
                let odd: &[&str] = if value.starts_with(['"', '[']) {
                    &odd_strings
                } else {
                    &odd_numbers
                };
                variants.extend(odd.iter().map(|v| format!("{key} = {v}")));
            }
            for v in variants {
                let mut edited: Vec<&str> = lines.clone();
                edited[i] = &v;
                std::fs::write(&path, edited.join("\n") + "\n").unwrap();
                let mut opts = build_options(&site, &dir.path().join("out"), DAY);
                opts.check_only = true;
                opts.output = None;
                let outcome = kpss::pipeline::run(&opts)
                    .unwrap_or_else(|e| panic!("{rel} line {i} as {v:?}: {e:#}"));
                if let kpss::pipeline::Outcome::ContentErrors(d, c) = outcome {
                    let _ = d.render_plain(c.language);
                }
                checked += 1;
            }
        }
        std::fs::write(&path, &good).unwrap();
    }
    assert!(checked > 150, "only {checked} edits checked");
}
