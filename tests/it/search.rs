//! Search: the page /hledat/, the header's box, which pages the index holds and what it says
//! of them, byte-identical index files across builds, `[search] enabled = false`; and the
//! browser test (tests/browser/search.mjs: "strmilov" and "zapis" typed into the example
//! site's /hledat/, axe with the results shown).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::common::*;

const DAY: &str = "2026-11-25";

/// Every fragment of the index (one per indexed page) as JSON: url, meta, content.
fn fragments(out: &Path) -> Vec<serde_json::Value> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("pagefind's signature");
        v.push(serde_json::from_str(json).unwrap());
    }
    v
}

/// The files under `pagefind/`, by path.
fn index_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot_tree(out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .collect()
}

#[test]
fn the_index_holds_the_pages_of_items_with_their_kind_and_territory() {
    let b = build("basic", DAY);
    let frags = fragments(&b.out);
    let urls: Vec<&str> = frags.iter().map(|f| f["url"].as_str().unwrap()).collect();
    // Items are indexed, under the site's sub-path; lists, the home page, the search page and
    // 404 are not (their rows repeat the pages they list).
    for u in [
        "/planovani/jh/",
        "/planovani/jh/skupiny/rs/",
        "/planovani/jh/jednani/rs-01/",
        "/planovani/jh/dokumenty/kp/",
        "/planovani/organizace/cpkp/",
    ] {
        assert!(urls.contains(&u), "{u} not in the index: {urls:?}");
    }
    for u in [
        "/planovani/",
        "/planovani/jednani/",
        "/planovani/skupiny/",
        "/planovani/hledat/",
    ] {
        assert!(!urls.contains(&u), "{u} is in the index");
    }
    assert!(!urls.iter().any(|u| u.contains("404")), "{urls:?}");
    // Every indexed URL is a page of the output, and the entry counts them all.
    for u in &urls {
        let path = u.strip_prefix("/planovani/").unwrap();
        assert!(b.out.join(path).join("index.html").is_file(), "{u}");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&b.text("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["cs"]["page_count"], urls.len());
    // A meeting's result names its kind and territory; the header and footer stay out.
    let meeting = frags
        .iter()
        .find(|f| f["url"] == "/planovani/jh/jednani/rs-01/")
        .unwrap();
    assert_eq!(meeting["meta"]["kind"], "Jednání", "{meeting}");
    assert_eq!(
        meeting["meta"]["territory"], "Jindřichův Hradec",
        "{meeting}"
    );
    let content = meeting["content"].as_str().unwrap();
    // The facts of the page stay words of their own (not "ÚzemíJindřichův").
    let group = frags
        .iter()
        .find(|f| f["url"] == "/planovani/jh/skupiny/rs/")
        .unwrap();
    let text = group["content"].as_str().unwrap();
    assert!(text.contains("Území Jindřichův Hradec"), "{text}");
    assert!(!content.contains("Vytvořeno generátorem kpss"), "{content}");
    assert!(!content.contains("Přeskočit na obsah"), "{content}");
    let document = frags
        .iter()
        .find(|f| f["url"] == "/planovani/jh/dokumenty/kp/")
        .unwrap();
    assert_eq!(document["meta"]["kind"], "Komunitní plán", "{document}");
    // pagefind's search script and its wasm are there; its ready-made UIs are not.
    assert!(b.out.join("pagefind/pagefind.js").is_file());
    assert!(b.out.join("pagefind/wasm.unknown.pagefind").is_file());
    assert!(!b.out.join("pagefind/pagefind-ui.js").exists());
}

#[test]
fn the_search_page_works_without_javascript_by_linking_the_indexes() {
    let b = build("basic", DAY);
    let page = b.page("hledat");
    assert_eq!(texts(&page, "h1"), ["Hledání na webu"]);
    assert_eq!(attrs(&page, "label[for=hledat]", "for"), ["hledat"]);
    assert_eq!(attrs(&page, "input#hledat", "name"), ["q"]);
    let noscript = b.text("hledat/index.html");
    assert!(noscript.contains("<noscript>"), "{noscript}");
    let links = attrs(&page, "main nav a", "href");
    for u in [
        "/planovani/jednani/",
        "/planovani/dokumenty/",
        "/planovani/skupiny/",
        "/planovani/jh/",
    ] {
        assert!(links.iter().any(|l| l == u), "{u} not in {links:?}");
    }
    // The script and the index come from the site itself.
    assert_eq!(attrs(&page, "script[src]", "src"), ["/planovani/search.js"]);
    assert_eq!(
        attrs(&page, "script[data-bundle]", "data-bundle"),
        ["/planovani/pagefind/pagefind.js"]
    );
    assert!(b.out.join("search.js").is_file());
    // Every other page has the box in its header, sending the query to /hledat/.
    let meeting = b.page("jh/jednani/rs-01");
    assert_eq!(
        attrs(&meeting, "header form[role=search]", "action"),
        ["/planovani/hledat/"]
    );
    assert_eq!(
        texts(&meeting, "header label[for=hledat-web]"),
        ["Hledaný výraz"]
    );
    assert_eq!(attrs(&meeting, "header input#hledat-web", "name"), ["q"]);
}

#[test]
fn the_search_page_speaks_english_on_an_english_site() {
    let (_dir, site) = basic_with(&[]);
    make_english(&site);
    let b = build_root(&site, DAY, None);
    let page = b.page("hledat");
    assert_eq!(texts(&page, "h1"), ["Search this site"]);
    assert_eq!(texts(&page, "label[for=hledat]"), ["Search for"]);
    let strings = texts(&page, "script#hledat-texty").join("");
    assert!(strings.contains("results found"), "{strings}");
    let entry = b.text("pagefind/pagefind-entry.json");
    assert!(entry.contains("\"en\""), "{entry}");
}

#[test]
fn two_builds_of_the_same_tree_give_identical_index_files() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_into(&repo(), &a, DAY, None);
    build_into(&repo(), &b, DAY, None);
    let (ia, ib) = (index_files(&a), index_files(&b));
    assert!(ia.len() > 10, "{:?}", ia.keys());
    assert_eq!(ia.keys().collect::<Vec<_>>(), ib.keys().collect::<Vec<_>>());
    for (path, bytes) in &ia {
        assert!(ib[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn search_can_be_turned_off() {
    let (_dir, site) = basic_with(&[]);
    let config = site.join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[search]\nenabled = false\n");
    std::fs::write(&config, text).unwrap();
    let b = build_root(&site, DAY, None);
    assert!(!b.out.join("hledat").exists());
    assert!(!b.out.join("pagefind").exists());
    let page = b.text("jh/jednani/rs-01/index.html");
    assert!(!page.contains("role=\"search\""), "{page}");
    assert!(!page.contains("data-pagefind"), "{page}");
    assert!(!page.contains("/hledat/"), "{page}");
}

/// The browser test (tests/browser/search.mjs) needs Debian chromium, node and the npm
/// packages of tests/browser (playwright-core, axe-core; `scripts/test.sh` installs them).
/// Without them it fails, unless `KPSS_SKIP_BROWSER=1` says to skip it.
#[test]
fn typing_into_the_search_page_finds_pages_without_diacritics() {
    let dir = repo().join("tests/browser");
    let axe = dir.join("node_modules/axe-core/axe.min.js");
    let missing: Vec<String> = [
        (!Path::new("/usr/bin/chromium").exists()).then_some("/usr/bin/chromium".to_string()),
        (!dir.join("node_modules/playwright-core").exists())
            .then_some("tests/browser/node_modules (npm ci --prefix tests/browser)".into()),
        (!axe.exists())
            .then(|| "tests/browser/node_modules/axe-core (npm ci --prefix tests/browser)".into()),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("node".into()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("KPSS_SKIP_BROWSER").is_some(),
            "the search browser test cannot run, missing: {}. Install them or set KPSS_SKIP_BROWSER=1 to skip it knowingly",
            missing.join(", ")
        );
        eprintln!(
            "SKIPPED (KPSS_SKIP_BROWSER): search browser test, missing {}",
            missing.join(", ")
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build_into(&repo(), &out, DAY, None);
    let one = run_search_page(&dir, &out, &axe);
    assert!(
        one.contains("index parts beyond the first asked: 0"),
        "{one}"
    );
    // The same site with its index in parts: the same results, every part merged.
    let site = tmp.path().join("site");
    for part in ["content", "themes"] {
        copy_tree(&repo().join(part), &site.join(part));
    }
    let text = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    let config = text + "\n[search]\npages_per_part = 8\n";
    std::fs::write(site.join("config.toml"), config).unwrap();
    let split = tmp.path().join("split");
    build_into(&site, &split, DAY, None);
    let parts = run_search_page(&dir, &split, &axe);
    // The count "zapis" finds: no fewer with the parts merged (pagefind widens a short
    // query to the words it may be a prefix or stem of within each index it asks, so a part,
    // with fewer words, may add a match: 61 against 60 here, "zapojování").
    let count = |text: &str| -> usize {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("\"zapis\" status: "));
        let line = line.unwrap_or_else(|| panic!("no status in {text}"));
        let digits: String = line.chars().filter(char::is_ascii_digit).collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("no count in {line}"))
    };
    assert!(count(&one) > 10, "{one}");
    assert!(count(&parts) >= count(&one), "{parts}\n{one}");
    let asked: usize = parts
        .lines()
        .find_map(|l| l.strip_prefix("index parts beyond the first asked: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{parts}"));
    let listed: Vec<String> =
        serde_json::from_slice(&std::fs::read(split.join("pagefind/kpss-parts.json")).unwrap())
            .unwrap();
    assert!(listed.len() > 4, "{listed:?}");
    assert_eq!(asked, listed.len(), "{parts}");
}

/// tests/browser/search.mjs on the built site `out`; its output, after it passed.
fn run_search_page(dir: &Path, out: &Path, axe: &Path) -> String {
    let run = Command::new("node")
        .arg(dir.join("search.mjs"))
        .arg(out)
        .arg(axe)
        .arg("wcag2a,wcag2aa,wcag21a,wcag21aa,wcag22aa")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{text}");
    assert!(text.contains("\"strmilov\""), "{text}");
    assert!(text.contains("\"zapis\""), "{text}");
    assert!(text.contains("no violations"), "{text}");
    text
}
