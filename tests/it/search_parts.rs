//! The search index in parts (`[search] pages_per_part`): together the parts hold every page
//! one index holds, each part beyond the first is only index files listed in
//! `pagefind/kpss-parts.json`, and a warm build rebuilds only the parts whose pages changed,
//! writing exactly what a build from nothing writes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{copy_tree, fixture, snapshot_tree, stderr};

const DAY: &str = "2026-11-25";

/// `kpss build` of `site` into `out` with `KPSS_TIMINGS`; its stderr.
fn kpss_build(site: &Path, out: &Path, extra: &[&str]) -> String {
    crate::common::kpss_build_timed(site, out, DAY, extra)
}

/// A scratch copy of the `basic` fixture with `config` appended to its `config.toml`.
fn site_with(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let path = site.join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text + config).unwrap();
    (dir, site)
}

/// The folders of the index's parts: `pagefind/` and those `kpss-parts.json` lists.
fn part_dirs(out: &Path) -> Vec<String> {
    let listed = std::fs::read(out.join("pagefind/kpss-parts.json")).expect("the list of parts");
    let listed: Vec<String> = serde_json::from_slice(&listed).expect("a JSON list");
    let mut dirs = vec!["pagefind/".to_string()];
    dirs.extend(listed.iter().map(|d| format!("pagefind/{d}")));
    dirs
}

/// The fragment files (one per indexed page) of the part at `dir`: none when it holds no page
/// (the first part may not).
fn fragment_files(out: &Path, dir: &str) -> Vec<PathBuf> {
    match std::fs::read_dir(out.join(dir).join("fragment")) {
        Ok(files) => files.map(|e| e.unwrap().path()).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{dir}: {e}"),
    }
}

/// The URLs of the fragments (one per indexed page) in the part at `dir`.
fn part_urls(out: &Path, dir: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for f in fragment_files(out, dir) {
        let bytes = std::fs::read(f).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(text.strip_prefix("pagefind_dcd").expect("signature")).unwrap();
        urls.push(json["url"].as_str().unwrap().to_string());
    }
    urls
}

/// The pages of the part at `dir` as its `pagefind-entry.json` counts them.
fn entry_pages(out: &Path, dir: &str) -> u64 {
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(dir).join("pagefind-entry.json")).unwrap())
            .unwrap();
    entry["languages"]
        .as_object()
        .expect("languages")
        .values()
        .map(|l| l["page_count"].as_u64().unwrap())
        .sum()
}

/// `(parts, taken)` of the `KPSS_TIMINGS` line of the search index.
fn parts_line(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("kpss: cache: search index of "))
        .unwrap_or_else(|| panic!("no search index line in:\n{stderr}"));
    let num = |s: &str| s.split(' ').next().unwrap().parse::<usize>().unwrap();
    let parts = num(line.strip_prefix("kpss: cache: search index of ").unwrap());
    let taken = num(line.split_once('(').unwrap().1);
    (parts, taken)
}

#[test]
fn the_parts_together_hold_every_page_of_one_index() {
    let (dir, one) = site_with("");
    let whole = dir.path().join("one");
    kpss_build(&one, &whole, &["--no-cache"]);
    assert_eq!(
        part_dirs(&whole),
        ["pagefind/"],
        "a small site has one part"
    );
    let all: BTreeSet<String> = part_urls(&whole, "pagefind/").into_iter().collect();
    assert!(all.len() > 8, "the fixture indexes {} pages", all.len());

    let (dir2, split) = site_with("\n[search]\npages_per_part = 3\n");
    let out = dir2.path().join("parts");
    kpss_build(&split, &out, &["--no-cache"]);
    let dirs = part_dirs(&out);
    // A power of two of parts, none above 3 pages on average: the listed ones hold pages.
    let count = all.len().div_ceil(3).next_power_of_two();
    assert!(dirs.len() > 2 && dirs.len() <= count, "{dirs:?} of {count}");
    let mut seen = BTreeSet::new();
    for d in &dirs {
        let urls = part_urls(&out, d);
        assert_eq!(entry_pages(&out, d), urls.len() as u64, "{d}");
        assert!(d == "pagefind/" || !urls.is_empty(), "{d} is listed empty");
        for u in urls {
            assert!(seen.insert(u.clone()), "{u} in two parts");
        }
        let has = |f: &str| out.join(d).join(f).exists();
        if d == "pagefind/" {
            assert!(has("pagefind.js"), "the first part has the script");
        } else {
            assert!(!has("pagefind.js") && !has("pagefind-worker.js"), "{d}");
            assert!(
                std::fs::read_dir(out.join(d)).unwrap().all(|e| !e
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("wasm.")),
                "{d} has its own WebAssembly"
            );
        }
    }
    assert_eq!(seen, all, "the parts hold the pages of one index");
    // Nothing else under pagefind/ but the parts.
    for path in snapshot_tree(&out)
        .keys()
        .filter(|p| p.starts_with("pagefind/"))
    {
        let rest = &path["pagefind/".len()..];
        let first = rest.split('/').next().unwrap();
        assert!(
            rest == "kpss-parts.json"
                || !first.bytes().all(|b| b.is_ascii_digit())
                || dirs.contains(&format!("pagefind/{first}/")),
            "{path} belongs to no listed part"
        );
    }
}

/// What a warm build wrote differs from a cold build of the same tree.
fn assert_same_as_cold(site: &Path, warm: &Path, scratch: &Path, what: &str) {
    let cold_out = scratch.join(format!("cold-{}", what.replace(' ', "-")));
    kpss_build(site, &cold_out, &["--no-cache"]);
    let cold = snapshot_tree(&cold_out);
    let warm: BTreeMap<String, Vec<u8>> = snapshot_tree(warm);
    let differ: Vec<&String> = warm
        .keys()
        .chain(cold.keys())
        .filter(|k| warm.get(*k) != cold.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: warm differs from cold: {differ:?}"
    );
}

#[test]
fn a_warm_build_rebuilds_only_the_parts_whose_pages_changed() {
    let (dir, site) = site_with("\n[search]\npages_per_part = 3\n");
    let out = dir.path().join("out");
    let first = kpss_build(&site, &out, &[]);
    let (parts, taken) = parts_line(&first);
    assert!(parts > 2 && taken == 0, "{parts} {taken}");

    // Nothing changed: every part taken.
    let again = kpss_build(&site, &out, &[]);
    assert_eq!(parts_line(&again), (parts, parts));
    assert_same_as_cold(&site, &out, dir.path(), "unchanged");

    // One meeting's body: only its page changes, so only its part is built.
    let meeting = site.join("content/jh/jednani/rs-01.md");
    let text = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(&meeting, text + "\nSlovo navíc: kanafas.\n").unwrap();
    let body = kpss_build(&site, &out, &[]);
    assert_eq!(parts_line(&body), (parts, parts - 1), "{body}");
    assert_same_as_cold(&site, &out, dir.path(), "body edit");
    let found = part_dirs(&out)
        .iter()
        .flat_map(|d| fragment_files(&out, d))
        .any(|f| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&std::fs::read(f).unwrap()[..])
                .read_to_string(&mut text)
                .unwrap();
            text.contains("kanafas")
        });
    assert!(found, "the edited page's new word is in the index");

    // A file of a part edited in the output: that part is built again, not taken.
    let part = part_dirs(&out).pop().unwrap();
    let entry = out.join(&part).join("pagefind-entry.json");
    let bytes = std::fs::read(&entry).unwrap();
    std::fs::remove_file(&entry).unwrap();
    std::fs::write(&entry, [&bytes[..], b" "].concat()).unwrap();
    let tampered = kpss_build(&site, &out, &[]);
    assert_eq!(parts_line(&tampered), (parts, parts - 1), "{tampered}");
    assert_same_as_cold(&site, &out, dir.path(), "edited part");

    // A new page: the parts it and the list of parts touch are built, the output is right.
    let new = site.join("content/jh/jednani/rs-09.md");
    std::fs::write(
        &new,
        "+++\ngroup = \"rs\"\nnumber = 9\n+++\nNové jednání.\n",
    )
    .unwrap();
    let added = kpss_build(&site, &out, &[]);
    let (now, taken) = parts_line(&added);
    assert!(taken < now, "{added}");
    assert_same_as_cold(&site, &out, dir.path(), "new page");
}

/// `pages_per_part` outside 1 to 1,000,000 is a config error naming the value and the fix;
/// the site is not built.
#[test]
fn a_part_size_out_of_range_is_a_config_error() {
    for bad in ["0", "-5", "2000000"] {
        let (dir, site) = site_with(&format!("\n[search]\npages_per_part = {bad}\n"));
        let out = dir.path().join("out");
        let o = Command::new(env!("CARGO_BIN_EXE_kpss"))
            .arg("--root")
            .arg(&site)
            .args(["build", "--date", DAY, "--output"])
            .arg(&out)
            .output()
            .expect("kpss runs");
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(2),
            "config errors exit 2: {bad}: {err}"
        );
        assert!(
            err.contains(&format!("pages_per_part = {bad}")) && err.contains("1 000 000"),
            "{bad}: {err}"
        );
        assert!(err.contains("config.toml"), "{err}");
        assert!(err.contains("pages_per_part = 1000"), "the fix: {err}");
        assert!(!out.exists(), "{bad}: built anyway");
    }
}
