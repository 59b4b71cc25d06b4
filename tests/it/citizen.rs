//! What a citizen and an editor see is right: a plan is called valid only when it is, unknown
//! counts are not zeros, upcoming meetings and events say what they are, recent lists show the
//! newest, documents are filed by their period, every `<title>` is unique, and so on. Each test
//! names the defect it covers; fixtures are the `basic` site (copied and edited where needed)
//! and the repository's example site.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::Selector;

use crate::common::*;

const DAY: &str = "2026-11-25";

fn built(site: &Path, day: &str) -> Built {
    build_root(site, day, None)
}

// 1. „Platný plán“ only for a plan that is valid at the build date.

#[test]
fn a_plan_is_called_valid_only_inside_its_period_and_a_draft_says_it_is_one() {
    // kp.md: period 2020–2022, not a draft; navrh.md: a draft, comments until 25. 6. 2030.
    let later = build("basic", DAY);
    let plans = texts(&later.page("jh"), "#s-plan + ul .standing");
    assert_eq!(
        plans,
        [
            "Návrh plánu, připomínky do 25.\u{a0}6.\u{a0}2030",
            "Poslední plán, platnost skončila 2022",
        ]
    );
    let page = texts(&later.page("jh"), "main").join(" ");
    assert!(!page.contains("Platný plán"), "{page}");

    let during = build("basic", "2021-03-01");
    let plans = texts(&during.page("jh"), "#s-plan + ul .standing");
    assert_eq!(plans[0], "Platný plán", "{plans:?}");
    assert_eq!(
        texts(&during.page("jh"), "#s-plan + ul li > a")[0],
        "Komunitní plán 2020–2022"
    );
}

// 3. Unknown is not zero.

#[test]
fn group_and_territory_cards_show_only_counts_above_zero() {
    let b = build("basic", DAY);
    let jh = b.page("jh");
    let cards = texts(&jh, "li.group");
    // ps-deti lists no members: no „Členů: 0“; rs has two members and three meetings.
    assert!(cards.iter().all(|c| !c.contains(": 0")), "{cards:?}");
    assert!(
        cards.iter().any(|c| c.contains("Členů: 2, jednání: 3")),
        "{cards:?}"
    );
    let home = texts(&b.page(""), "#s-uzemi + ul li");
    assert!(home.iter().all(|c| !c.contains(": 0")), "{home:?}");
}

// 4. Upcoming meetings and events have no „Zápis … nebyl zveřejněn“.

#[test]
fn an_upcoming_meeting_says_when_and_where_and_an_event_has_no_minutes_section() {
    let b = build("basic", DAY);
    // ps-deti-01: 5. 3. 2030, 9:30, MěÚ; upcoming at the build date.
    let upcoming = b.page("jh/jednani/ps-deti-01");
    let main = texts(&upcoming, "main").join(" ");
    assert!(!main.contains("nebyl zveřejněn"), "{main}");
    assert_eq!(
        texts(&upcoming, "#s-konani + p"),
        ["Jednání se uskuteční 5.\u{a0}března\u{a0}2030 od 9:30, místo: MěÚ."]
    );
    // den-poskytovatelu: an event (`akce`) in the past without minutes.
    let event = b.page("jh/jednani/den-poskytovatelu");
    assert!(texts(&event, "#s-zapis").is_empty());
    assert!(!texts(&event, "main").join(" ").contains("nebyl zveřejněn"));
    // A past meeting of a group without minutes still says so.
    let past = b.page("jh/jednani/ps-deti-02");
    assert_eq!(
        texts(&past, "#s-zapis + p"),
        ["Zápis z tohoto jednání nebyl zveřejněn."]
    );
}

// 5. „Poslední jednání“ and the home page's newest documents show the newest.

#[test]
fn recent_meetings_are_the_newest_even_when_undated() {
    // rs-01..03 are undated: the newest is the highest number.
    let b = build("basic", DAY);
    let recent = texts(&b.page("jh"), "#s-jednani + ul li.meeting > a");
    let rs: Vec<&String> = recent.iter().filter(|t| t.contains("ŘS")).collect();
    assert_eq!(rs, ["3. jednání ŘS", "2. jednání ŘS", "1. jednání ŘS"]);
    // The dated ones come first, newest first (12. 6. 2019, then June 2019).
    assert_eq!(
        recent[..2],
        ["Den poskytovatelů 2019", "2. jednání PS Děti"],
        "{recent:?}"
    );
}

#[test]
fn press_releases_do_not_crowd_the_plans_off_the_home_page() {
    let releases: Vec<(String, String)> = (1..=12)
        .map(|i| {
            (
                format!("content/jh/dokumenty/tz-{i:02}.md"),
                format!(
                    "+++\ntitle = \"Tisková zpráva {i}\"\nkind = \"tiskova-zprava\"\nurl = \"https://noviny.example.net/{i}\"\npublished = 2025-{i:02}-01\n+++\n"
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = releases
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_dir, site) = basic_with(&files);
    let b = built(&site, DAY);
    let newest = texts(&b.page(""), "#s-dokumenty + ul li.document > a");
    let releases = newest.iter().filter(|t| t.starts_with("Tisková")).count();
    assert_eq!(releases, 3, "{newest:?}");
    assert!(newest.contains(&"Komunitní plán 2020–2022".to_string()));
    // The three are the newest releases.
    assert_eq!(newest[0], "Tisková zpráva 12");
}

// 6. A document with a period and no `published` date is filed under its period's first year.

#[test]
fn a_document_without_a_published_date_is_filed_by_its_period() {
    let (_dir, site) = basic_with(&[(
        "content/jh/dokumenty/ap-2019.md",
        "+++\ntitle = \"Akční plán 2019\"\nkind = \"akcni-plan\"\nurl = \"https://plan.example.net/ap\"\nperiod = \"2019\"\n+++\n",
    )]);
    let b = built(&site, DAY);
    let page = b.page("dokumenty/akcni-plan");
    assert_eq!(texts(&page, "main h2"), ["2019"]);
    let index = texts(&b.page("jh/dokumenty"), "#s-druh-akcni-plan ~ h3");
    assert!(!index.iter().any(|h| h == "Bez data"), "{index:?}");
}

// 7. Every page's <title> is unique on the example site.

#[test]
fn every_title_of_the_example_site_is_unique() {
    let b = build_root(&repo(), DAY, None);
    let title = Selector::parse("title").unwrap();
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, doc) in html_files(&b.out) {
        let t: String = doc.select(&title).flat_map(|e| e.text()).collect();
        seen.entry(t).or_default().push(path);
    }
    let repeated: Vec<(&String, &Vec<String>)> = seen.iter().filter(|(_, p)| p.len() > 1).collect();
    assert!(repeated.is_empty(), "{repeated:#?}");
    // A group's title names its territory when its own name does not.
    let g = b.page("trebon/skupiny/ps-seniori");
    assert_eq!(
        texts(&g, "title")[0],
        "Pracovní skupina Senioři – Třeboň – Komunitní plánování sociálních služeb – ukázka"
    );
}

// 8. Tap targets: the links under a list item are at least 24 px high (the validator's axe
// run with `wcag22aa` is the real check; this keeps the rule from being dropped).

#[test]
fn links_under_list_items_are_tap_targets_of_24_px() {
    let b = build("basic", DAY);
    let css = b.text("style.css");
    let rule = css
        .lines()
        .find(|l| l.starts_with(".list .meta a, .list .file a, .list .minutes a"))
        .expect("the tap-target rule");
    assert!(rule.contains("display: inline-block") && rule.contains("min-height: 24px"));
}

// 9. Group pages number meetings once; a territory's headings are distinct; documents counted
// the same everywhere (minutes are documents of kind `zapis`).

#[test]
fn a_group_page_lists_numbered_meetings_without_a_second_number() {
    let b = build("basic", DAY);
    let g = b.page("jh/skupiny/rs");
    assert!(texts(&g, "#s-jednani ~ ol").is_empty());
    assert_eq!(texts(&g, "#s-jednani + ul > li.meeting > a").len(), 3);
}

#[test]
fn no_territory_page_of_the_example_repeats_a_heading() {
    let b = build_root(&repo(), DAY, None);
    for t in [
        "bechynsko",
        "cesky-krumlov",
        "jindrichuv-hradec",
        "kaplice",
        "trebon",
        "trhove-sviny",
    ] {
        let h2 = texts(&b.page(t), "main h2");
        let mut unique = h2.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), h2.len(), "{t}: {h2:?}");
    }
}

#[test]
fn minutes_count_as_documents_on_the_territory_page_and_the_home_card() {
    let b = build("basic", DAY);
    // jh: two documents (kp, navrh) and three meetings with minutes.
    let index = texts(&b.page("jh/dokumenty"), "li.document").len();
    assert_eq!(index, 5);
    let jh = b.page("jh");
    assert_eq!(
        texts(&jh, "#s-dokumenty-zapis + ul li.document > a"),
        [
            "Zápis ze 3. jednání ŘS",
            "Zápis ze 2. jednání ŘS",
            "Zápis z 1. jednání ŘS"
        ]
    );
    let all = texts(&jh, "#s-dokumenty ~ p a");
    assert!(all.iter().any(|a| a.ends_with("(5)")), "{all:?}");
    let cards = texts(&b.page(""), "#s-uzemi + ul li");
    let card = cards
        .iter()
        .find(|c| c.starts_with("Jindřichův Hradec"))
        .unwrap();
    assert!(card.contains("dokumenty: 5"), "{card}");
}

// 10. The example's placeholders are not on the site's own host.

#[test]
fn the_example_links_no_placeholder_on_its_own_host() {
    let b = build_root(&repo(), DAY, None);
    let own: Vec<String> = html_files(&b.out)
        .iter()
        .flat_map(|(p, doc)| {
            attrs(doc, "a[href]", "href")
                .into_iter()
                .filter(|h| h.starts_with("https://example.org/"))
                .map(move |h| format!("{p}: {h}"))
        })
        .collect();
    assert!(own.is_empty(), "{own:#?}");
}

// 15. robots.txt ends with a newline; the guide says what crawlers read under a sub-path.

#[test]
fn robots_txt_ends_with_a_newline_and_the_guide_explains_sub_paths() {
    let b = build("basic", DAY);
    let robots = b.text("robots.txt");
    assert!(robots.ends_with("sitemap.xml\n"), "{robots:?}");
    let guide = std::fs::read_to_string(repo().join("docs/editor-guide.md")).unwrap();
    assert!(guide.contains("**robots.txt a mapa webu pod cestou.**"));
    assert!(guide.contains("`/robots.txt`"));
}
