//! The outputs people subscribe to (issue #13): Atom feeds, iCalendar files, open data as JSON
//! and CSV, the OFN JSON-LD and the local catalogue, each read back with an independent parser
//! (roxmltree, csv, serde_json; feedparser and the `icalendar` Python package) and checked
//! against the built site: every URL is a built page or file, counts match the content, undated
//! meetings are in the data and in no calendar. The Python parsers are required: without them
//! the tests fail unless `KPSS_SKIP_PYTHON_PARSERS=1` says to skip those checks knowingly.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{Built, attrs, basic_with, build, build_root, html_files, snapshot_tree};

const DAY: &str = "2026-11-25";
const BASE_URL: &str = "https://example.org/planovani/";

/// The file an absolute URL of the site names in `out` (a page's `index.html` for a folder).
fn file_of(out: &Path, url: &str) -> std::path::PathBuf {
    let rel = url
        .strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{url} is not under {BASE_URL}"));
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

fn assert_resolves(b: &Built, url: &str) {
    let f = file_of(&b.out, url);
    assert!(f.is_file(), "{url} names no built file ({})", f.display());
}

fn json(b: &Built, path: &str) -> Value {
    serde_json::from_str(&b.text(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Run a Python script with `args`; `None` when the module it needs is missing and
/// `KPSS_SKIP_PYTHON_PARSERS` says to skip, a failure when it is missing otherwise.
fn python(module: &str, script: &str, args: &[&Path]) -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("KPSS_SKIP_PYTHON_PARSERS").is_some(),
            "the Python package `{module}` is missing: pip install {module} (scripts/test.sh says how; .ci/run installs it), or set KPSS_SKIP_PYTHON_PARSERS=1 to skip this check knowingly"
        );
        eprintln!("SKIPPED (KPSS_SKIP_PYTHON_PARSERS): the {module} check");
        return None;
    }
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{module} check failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// basic's dated items: meetings dated at all (3: one to the month), documents with
/// `published`, news.
fn dated_items(b: &Built) -> usize {
    let meetings = json(b, "data/meetings.json");
    let documents = json(b, "data/documents.json");
    let dated = |v: &Value, f: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|r| !r[f].is_null())
            .count()
    };
    dated(&meetings, "date") + dated(&documents, "published")
}

#[test]
fn atom_feeds_list_the_newest_items_with_absolute_urls_and_parse() {
    let b = build("basic", DAY);
    let ns = "http://www.w3.org/2005/Atom";
    let mut counts = Vec::new();
    for feed in ["atom.xml", "jh/atom.xml", "ck/atom.xml"] {
        let text = b.text(feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let root = doc.root_element();
        assert!(root.has_tag_name((ns, "feed")), "{feed}");
        let child = |n: roxmltree::Node<'_, '_>, name: &str| {
            n.children()
                .find(|c| c.has_tag_name((ns, name)))
                .unwrap_or_else(|| panic!("{feed}: no <{name}>"))
                .text()
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(child(root, "id"), format!("{BASE_URL}{feed}"));
        let entries: Vec<_> = root
            .children()
            .filter(|c| c.has_tag_name((ns, "entry")))
            .collect();
        let mut ids = BTreeSet::new();
        let mut previous: Option<jiff::Timestamp> = None;
        for e in &entries {
            let id = child(*e, "id");
            assert!(ids.insert(id.clone()), "{feed}: id {id} twice");
            let href = e
                .children()
                .find(|c| c.has_tag_name((ns, "link")))
                .and_then(|l| l.attribute("href"))
                .unwrap();
            assert_resolves(&b, href);
            let updated: jiff::Timestamp = child(*e, "updated").parse().unwrap();
            assert!(
                previous.is_none_or(|p| p >= updated),
                "{feed}: not newest first"
            );
            previous = Some(updated);
        }
        counts.push(entries.len());
    }
    // Every dated item of basic is in the site's feed (fewer than the feed's limit), jh holds
    // them all, ck none.
    assert_eq!(counts, [dated_items(&b), dated_items(&b), 0]);
    // A meeting's `updated` is its date at its precision, with its time in Prague time.
    let site = b.text("atom.xml");
    assert!(
        site.contains("<updated>2030-03-05T09:30:00+01:00</updated>"),
        "{site}"
    );
    assert!(
        site.contains("<updated>2019-06-01T00:00:00+02:00</updated>"),
        "{site}"
    );
    let script = "import sys, feedparser\nfor f in sys.argv[1:]:\n    d = feedparser.parse(f)\n    assert not d.bozo, (f, d.get('bozo_exception'))\n    assert d.feed.title, f\n    print(len(d.entries))\n";
    let files = ["atom.xml", "jh/atom.xml", "ck/atom.xml"].map(|f| b.out.join(f));
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    if let Some(out) = python("feedparser", script, &paths) {
        let parsed: Vec<usize> = out.lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(parsed, counts);
    }
}

/// Unfold an iCalendar text (RFC 5545 3.1) into its content lines.
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

#[test]
fn calendars_hold_every_meeting_dated_to_the_day_once() {
    // A long title and place, so lines must fold (at 75 octets, never inside a character).
    let long =
        "Společné jednání pracovních skupin Děti, mládež a rodiny a Senioři o střednědobém plánu";
    let (_dir, site) = basic_with(&[(
        "content/jh/jednani/spolecne.md",
        &format!(
            "+++\nkind = \"akce\"\ntitle = \"{long}\"\ndate = 2030-07-01\ntime = \"16:00\"\nplace = \"Zasedací místnost městského úřadu; Klášterská 135/II, Jindřichův Hradec\"\n+++\n"
        ),
    )]);
    let b = build_root(&site, DAY, None);
    for cal in [
        "kalendar.ics",
        "jh/kalendar.ics",
        "ck/kalendar.ics",
        "jh/skupiny/ps-deti/kalendar.ics",
        "jh/skupiny/rs/kalendar.ics",
    ] {
        let bytes = std::fs::read(b.out.join(cal)).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{cal}");
        for line in text.split("\r\n") {
            assert!(
                line.len() <= 75,
                "{cal}: a line of {} octets: {line}",
                line.len()
            );
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "{cal}: a bare line end"
            );
        }
        let lines = unfold(&text);
        let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
        let unique: BTreeSet<&String> = uids.iter().copied().collect();
        assert_eq!(uids.len(), unique.len(), "{cal}: a UID twice");
        assert_eq!(
            lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
            uids.len(),
            "{cal}"
        );
        let timed = lines
            .iter()
            .any(|l| l.starts_with("DTSTART;TZID=Europe/Prague:"));
        assert_eq!(
            timed,
            lines.iter().any(|l| l == "TZID:Europe/Prague"),
            "{cal}: VTIMEZONE"
        );
        for l in lines.iter().filter(|l| l.starts_with("URL:")) {
            assert_resolves(&b, &l["URL:".len()..]);
        }
    }
    let site_cal = unfold(&b.text("kalendar.ics"));
    let has = |l: &str| site_cal.iter().any(|x| x == l);
    // Day-dated: den-poskytovatelu (all day), ps-deti-01 (9:30), the new one (16:00); not the
    // month-only ps-deti-02, not the undated rs-01..03.
    assert_eq!(site_cal.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 3);
    assert!(has("DTSTART;VALUE=DATE:20190612"), "{site_cal:?}");
    assert!(has("DTEND;VALUE=DATE:20190613"), "{site_cal:?}");
    assert!(
        has("DTSTART;TZID=Europe/Prague:20300305T093000"),
        "{site_cal:?}"
    );
    assert!(
        has("DTSTART;TZID=Europe/Prague:20300701T160000"),
        "{site_cal:?}"
    );
    // Folded text unfolds to the title, its comma escaped (RFC 5545 3.3.11).
    assert!(
        has(&format!("SUMMARY:{}", long.replace(',', "\\,"))),
        "{site_cal:?}"
    );
    assert!(has("UID:jh/jednani/ps-deti-01@example.org"), "{site_cal:?}");
    assert!(has("DTSTAMP:20261125T000000Z"), "{site_cal:?}");
    for absent in ["ps-deti-02", "rs-01", "rs-02", "rs-03"] {
        assert!(
            !site_cal
                .iter()
                .any(|l| l.contains(&format!("/jednani/{absent}"))),
            "{absent}"
        );
    }
    let group = unfold(&b.text("jh/skupiny/ps-deti/kalendar.ics"));
    assert_eq!(group.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    assert!(
        group
            .iter()
            .any(|l| l == "UID:jh/jednani/ps-deti-01@example.org"),
        "{group:?}"
    );
    // A meeting's event (written once per build, `RenderCtx::vevent`) is the same in the
    // site's, its territory's and its group's calendar, and only its own territory's has it.
    let events = |lines: &[String]| -> Vec<String> {
        lines
            .split(|l| l == "BEGIN:VEVENT")
            .skip(1)
            .map(|e| {
                e.split(|l| l == "END:VEVENT")
                    .next()
                    .unwrap_or(&[])
                    .join("\n")
            })
            .collect()
    };
    let site_events = events(&site_cal);
    let territory = events(&unfold(&b.text("jh/kalendar.ics")));
    assert_eq!(territory.len(), 3, "{territory:?}");
    for e in territory.iter().chain(&events(&group)) {
        assert!(site_events.contains(e), "{e}");
        assert!(e.contains("UID:jh/"), "{e}");
    }
    assert!(events(&unfold(&b.text("ck/kalendar.ics"))).is_empty());
    let script = "import sys, icalendar, datetime\nfor f in sys.argv[1:]:\n    cal = icalendar.Calendar.from_ical(open(f, 'rb').read())\n    events = cal.walk('VEVENT')\n    for e in events:\n        s = e.decoded('DTSTART')\n        if isinstance(s, datetime.datetime):\n            assert s.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2)), (f, s)\n    print(len(events))\n    for e in events:\n        print(e.decoded('DTSTART').isoformat(), str(e.get('SUMMARY')))\n";
    let f = b.out.join("kalendar.ics");
    if let Some(out) = python("icalendar", script, &[&f]) {
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("3"), "{out}");
        assert!(out.contains("2030-03-05T09:30:00+01:00"), "{out}");
        assert!(out.contains("2030-07-01T16:00:00+02:00"), "{out}");
        assert!(
            out.contains(&format!("2030-07-01T16:00:00+02:00 {long}")),
            "{out}"
        );
        assert!(out.contains("2019-06-12 Den poskytovatelů 2019"), "{out}");
    }
}

/// The JSON and CSV of `collection` hold `count` records with the same fields (the CSV's
/// header), each `url` a built page; returns the JSON records and the CSV rows by header.
fn same_records(
    b: &Built,
    collection: &str,
    count: usize,
) -> (Vec<Value>, Vec<Vec<(String, String)>>) {
    let records = json(b, &format!("data/{collection}.json"));
    let records = records.as_array().unwrap().clone();
    assert_eq!(records.len(), count, "{collection}");
    let csv_text = b.text(&format!("data/{collection}.csv"));
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        records.len(),
        "{collection}: CSV and JSON differ"
    );
    for (row, rec) in rows.iter().zip(&records) {
        // (serde_json's map here is sorted; the CSV keeps the collection's order.)
        let keys: BTreeSet<&String> = rec.as_object().unwrap().keys().collect();
        assert_eq!(keys, header.iter().collect(), "{collection}: fields");
        assert_eq!(keys.len(), header.len(), "{collection}: a field twice");
        let url = rec["url"].as_str().unwrap();
        assert_resolves(b, url);
        assert_eq!(&row[header.iter().position(|h| h == "url").unwrap()], url);
    }
    let rows = rows
        .iter()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (records, rows)
}

#[test]
fn open_data_json_and_csv_hold_the_same_records_with_urls_that_resolve() {
    let b = build("basic", DAY);
    let expected = [
        ("territories", 2),
        ("groups", 2),
        ("meetings", 6),
        ("documents", 2),
        ("projects", 2),
    ];
    for (collection, count) in expected {
        same_records(&b, collection, count);
    }
    let meetings = json(&b, "data/meetings.json");
    let by_slug = |s: &str| {
        meetings
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["slug"] == s)
            .unwrap()
            .clone()
    };
    // Undated meetings are data too; dates keep their precision.
    assert!(by_slug("rs-01")["date"].is_null());
    assert_eq!(by_slug("ps-deti-02")["date"], "2019-06");
    assert_eq!(by_slug("ps-deti-01")["date"], "2030-03-05");
    assert_eq!(by_slug("ps-deti-01")["time"], "09:30");
    // References are slugs that name records of the other collections.
    let groups = json(&b, "data/groups.json");
    let ids: BTreeSet<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(by_slug("rs-01")["group"], "jh/rs");
    assert!(ids.contains("jh/rs"), "{ids:?}");
    assert_resolves(&b, by_slug("rs-01")["minutes"].as_str().unwrap());
}

#[test]
fn plans_activities_and_services_are_open_data_with_their_monitoring() {
    // Within the extension of kp-2020-2022, while kp-2024-2026 is a draft.
    let b = build("plans", "2023-05-01");
    let (plans, _) = same_records(&b, "plans", 3);
    let (activities, rows) = same_records(&b, "activities", 7);
    let (services, service_rows) = same_records(&b, "services", 1);
    let plan = |id: &str| plans.iter().find(|p| p["id"] == id).unwrap().clone();
    let current = plan("jh/kp-2020-2022");
    assert_eq!(current["status"], "platny");
    assert_eq!(current["extended_until"], 2023);
    assert_eq!(current["from"], 2020);
    assert_eq!(current["next"], serde_json::json!(["jh/kp-2024-2026"]));
    assert_eq!(plan("jh/kp-2024-2026")["status"], "navrh");
    assert_eq!(plan("jh/kp-2017-2019")["status"], "nahrazeny");
    // An activity's monitoring survives: objects in JSON, `year:status` pairs in CSV.
    let i = activities
        .iter()
        .position(|a| a["id"] == "jh/kp-2020-2022/pecovatelska-sluzba")
        .unwrap();
    let a = &activities[i];
    assert_eq!(a["plan"], "jh/kp-2020-2022");
    assert_eq!(a["code"], "1.1.1");
    assert_eq!(a["organisations"], serde_json::json!(["charita"]));
    assert_eq!(a["services"], serde_json::json!(["pecovatelska-sluzba-jh"]));
    let m = a["monitoring"].as_array().unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m[0]["year"], 2020);
    assert_eq!(m[0]["status"], "plni-se");
    assert_eq!(m[1]["year"], 2021);
    assert_eq!(m[1]["status"], "castecne");
    assert_eq!(m[1]["spent"], 3_000_000);
    assert_eq!(m[1]["text"], "Kapacita navýšena o jednoho pracovníka.");
    assert_eq!(m[1]["document"], "jh/vyhodnoceni-2021");
    let cell =
        |row: &Vec<(String, String)>, k: &str| row.iter().find(|(h, _)| h == k).unwrap().1.clone();
    assert_eq!(cell(&rows[i], "monitoring"), "2020:plni-se; 2021:castecne");
    assert_eq!(cell(&rows[i], "latest_year"), "2021");
    assert_eq!(cell(&rows[i], "latest_status"), "castecne");
    // A service: § type, kind, category, provider and the activities naming it.
    let s = &services[0];
    assert_eq!(s["slug"], "pecovatelska-sluzba-jh");
    assert_eq!(s["type"], "40");
    assert_eq!(s["kind"], "pečovatelská služba");
    assert_eq!(s["provider"], "charita");
    assert_eq!(s["identifier"], "7654321");
    assert_eq!(s["forms"], serde_json::json!(["terenni"]));
    assert_eq!(s["territories"], serde_json::json!(["jh"]));
    assert_eq!(s["target_groups"], serde_json::json!(["seniori"]));
    assert_eq!(
        s["activities"],
        serde_json::json!([
            "jh/kp-2024-2026/terenni",
            "jh/kp-2020-2022/pecovatelska-sluzba"
        ])
    );
    assert_eq!(
        cell(&service_rows[0], "activities"),
        "jh/kp-2024-2026/terenni; jh/kp-2020-2022/pecovatelska-sluzba"
    );
}

#[test]
fn the_ofn_files_carry_the_norms_context_and_every_item_dated_to_the_day() {
    let (_dir, site) = basic_with(&[
        (
            "content/jh/aktuality/den.md",
            "+++\ntitle = \"Den otevřených dveří\"\ndate = 2024-05-02\n+++\nPozvánka na den otevřených dveří. Další věta.\n",
        ),
        (
            "content/jh/aktuality/jaro.md",
            "+++\ntitle = \"Na jaře\"\ndate = \"2024-04\"\n+++\n",
        ),
    ]);
    let b = build_root(&site, DAY, None);
    let events = json(&b, "data/udalosti.jsonld");
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 2, "den-poskytovatelu and ps-deti-01");
    for e in events {
        assert_eq!(
            e["@context"],
            "https://ofn.gov.cz/události/2020-07-01/kontexty/událost.jsonld"
        );
        assert_eq!(e["typ"], "Událost");
        assert_resolves(&b, e["iri"].as_str().unwrap());
        assert!(e["název"]["cs"].is_string());
    }
    let start = &events
        .iter()
        .find(|e| e["iri"].as_str().unwrap().contains("ps-deti-01"))
        .unwrap()["doba_trvání"][0]["časový_interval"]["začátek"];
    assert_eq!(start["datum_a_čas"], "2030-03-05T09:30:00+01:00");
    // News known to the day only: a `Časový okamžik` is a day.
    let news = json(&b, "data/aktuality.jsonld");
    let news = news.as_array().unwrap();
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(
        news[0]["@context"],
        "https://ofn.gov.cz/aktuality/2020-07-01/kontexty/aktualita.jsonld"
    );
    assert_eq!(news[0]["typ"], "Aktualita");
    assert_eq!(news[0]["vytvořeno"]["datum"], "2024-05-02");
    assert_eq!(news[0]["popis"]["cs"], "Pozvánka na den otevřených dveří.");
    assert_resolves(&b, news[0]["iri"].as_str().unwrap());
}

#[test]
fn the_catalogue_lists_a_dataset_per_collection_with_distributions_that_exist() {
    let b = build("basic", DAY);
    let cat = json(&b, "data/katalog.jsonld");
    assert_eq!(cat["typ"], "Katalog");
    assert_eq!(cat["iri"], format!("{BASE_URL}data/katalog.jsonld"));
    assert!(cat["poskytovatel"].as_str().unwrap().ends_with("/00000001"));
    let sets = cat["datová_sada"].as_array().unwrap();
    // territories, groups, meetings, documents, projects, plans, activities, services,
    // události, aktuality.
    assert_eq!(sets.len(), 10);
    for c in ["plans", "activities", "services"] {
        let iri = format!("{BASE_URL}data/katalog/{c}.jsonld");
        assert!(
            sets.iter().any(|s| s == &Value::String(iri.clone())),
            "{iri}"
        );
    }
    let mut media = BTreeSet::new();
    for iri in sets {
        let iri = iri.as_str().unwrap();
        let text = std::fs::read_to_string(file_of(&b.out, iri)).unwrap();
        let set: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(set["iri"], iri);
        assert_eq!(set["typ"], "Datová sada");
        assert_eq!(set["kontaktní_bod"]["e-mail"], "mailto:data@example.org");
        for d in set["distribuce"].as_array().unwrap() {
            assert_resolves(&b, d["soubor_ke_stažení"].as_str().unwrap());
            assert_eq!(
                d["podmínky_užití"]["autorské_dílo"],
                "https://creativecommons.org/licenses/by/4.0/"
            );
            media.insert(d["typ_média"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(media.len(), 3, "{media:?}");
    let meetings = std::fs::read_to_string(b.out.join("data/katalog/meetings.jsonld")).unwrap();
    let meetings: Value = serde_json::from_str(&meetings).unwrap();
    assert_eq!(meetings["časové_pokrytí"]["začátek"], "2019-06-01");
    assert_eq!(meetings["časové_pokrytí"]["konec"], "2030-03-05");
    let events = std::fs::read_to_string(b.out.join("data/katalog/udalosti.jsonld")).unwrap();
    assert!(events.contains("https://ofn.gov.cz/události/2020-07-01/"));
}

#[test]
fn without_open_data_settings_no_catalogue_is_written_and_check_says_what_is_missing() {
    let (_dir, site) = basic_with(&[]);
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    let without = &cfg[..cfg.find("[open_data]").unwrap()];
    std::fs::write(
        site.join("config.toml"),
        format!("{without}[open_data]\npublisher = \"Obec\"\n"),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(&site)
        .args(["check", "--date", DAY])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("config.toml"), "{err}");
    assert!(
        err.contains("v tabulce [open_data] chybí ico, contact_email, license"),
        "{err}"
    );
    let b = build_root(&site, DAY, None);
    assert!(!b.out.join("data/katalog.jsonld").exists());
    assert!(!b.out.join("data/katalog").exists());
    assert!(b.out.join("data/meetings.json").is_file(), "the data stays");
}

#[test]
fn every_page_has_its_canonical_url_a_description_of_its_own_and_open_graph() {
    let b = build("basic", DAY);
    let pages = html_files(&b.out);
    let mut descriptions = BTreeSet::new();
    for (path, doc) in &pages {
        if path == "404.html" {
            continue;
        }
        let page = path.trim_end_matches("index.html");
        let canonical = attrs(doc, "link[rel=canonical]", "href");
        assert_eq!(canonical, [format!("{BASE_URL}{page}")], "{path}");
        assert_eq!(
            attrs(doc, "meta[property='og:url']", "content"),
            canonical,
            "{path}"
        );
        let d = attrs(doc, "meta[name=description]", "content");
        assert_eq!(d.len(), 1, "{path}");
        assert!(!d[0].is_empty(), "{path}");
        assert_eq!(
            attrs(doc, "meta[property='og:description']", "content"),
            d,
            "{path}"
        );
        assert_eq!(
            attrs(doc, "meta[property='og:title']", "content").len(),
            1,
            "{path}"
        );
        descriptions.insert(d[0].clone());
    }
    // Descriptions are the pages' own, not one for the whole site.
    assert!(
        descriptions.len() * 10 >= pages.len() * 9,
        "{} of {}",
        descriptions.len(),
        pages.len()
    );
    let meeting = b.page("jh/jednani/den-poskytovatelu");
    assert_eq!(
        attrs(&meeting, "meta[name=description]", "content"),
        ["Den poskytovatelů 2019, 12.\u{a0}6.\u{a0}2019, Jindřichův Hradec"]
    );
    let rs = b.page("jh/jednani/rs-01");
    assert_eq!(
        attrs(&rs, "meta[name=description]", "content"),
        ["1. jednání ŘS, Jindřichův Hradec"]
    );
    assert!(
        attrs(&rs, "script[type='application/ld+json']", "type").is_empty(),
        "undated: no Event"
    );
    // schema.org Event on a dated meeting's page.
    let doc = b.page("jh/jednani/ps-deti-01");
    let s = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let ld: Value = serde_json::from_str(&doc.select(&s).next().unwrap().inner_html()).unwrap();
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2030-03-05T09:30:00+01:00");
    assert_eq!(ld["url"], format!("{BASE_URL}jh/jednani/ps-deti-01/"));
    // "Přidat do kalendáře": on the group's page and the dated meeting's, to a built calendar.
    for (page, sel) in [
        ("jh/skupiny/ps-deti", "a[type='text/calendar']"),
        ("jh/jednani/ps-deti-01", "main a[type='text/calendar']"),
    ] {
        let hrefs = attrs(&b.page(page), sel, "href");
        assert!(
            hrefs.contains(&"/planovani/jh/skupiny/ps-deti/kalendar.ics".to_string()),
            "{page}: {hrefs:?}"
        );
        assert!(b.out.join("jh/skupiny/ps-deti/kalendar.ics").is_file());
    }
    assert!(
        attrs(&rs, "main a[type='text/calendar']", "href").is_empty(),
        "undated: no link"
    );
}

#[test]
fn the_outputs_are_byte_identical_for_the_same_tree_and_build_date() {
    let a = build("basic", DAY);
    let b = build("basic", DAY);
    let outputs = |t: std::collections::BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        t.into_iter()
            .filter(|(p, _)| {
                p.starts_with("data/") || p.ends_with(".ics") || p.ends_with("atom.xml")
            })
            .collect()
    };
    let (x, y) = (
        outputs(snapshot_tree(&a.out)),
        outputs(snapshot_tree(&b.out)),
    );
    assert!(x.len() > 20, "{}", x.len());
    assert_eq!(x, y);
}

#[test]
fn markup_in_a_title_stays_text_in_every_output() {
    let title = "Akce </script><script>alert(1)</script> & \"spol.\"";
    let (_dir, site) = basic_with(&[(
        "content/jh/jednani/xss.md",
        &format!("+++\nkind = \"akce\"\ntitle = '{title}'\ndate = 2030-07-01\n+++\n"),
    )]);
    let b = build_root(&site, DAY, None);
    let page = b.text("jh/jednani/xss/index.html");
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the JSON-LD: {page}"
    );
    let doc = scraper::Html::parse_document(&page);
    let s = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let ld: Value = serde_json::from_str(&doc.select(&s).next().unwrap().inner_html()).unwrap();
    assert_eq!(ld["name"], title);
    let atom = b.text("atom.xml");
    let feed = roxmltree::Document::parse(&atom).unwrap();
    assert!(
        feed.descendants()
            .any(|n| n.has_tag_name("title") && n.text() == Some(title))
    );
    let events = json(&b, "data/udalosti.jsonld");
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["název"]["cs"] == title)
    );
    let csv_text = b.text("data/meetings.csv");
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    assert!(
        r.records()
            .any(|row| row.unwrap().iter().any(|f| f == title))
    );
}
