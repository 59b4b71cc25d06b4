//! The build cache (`kpss build` without `--no-cache`): a warm build after every kind of edit
//! writes exactly what a build from nothing writes, takes the unchanged pages from the output it
//! replaces, and never trusts a cache or an output file it cannot vouch for.

use std::path::Path;
use std::process::Command;

use crate::common::{copy_tree, fixture, snapshot_tree, stderr};

const DAY: &str = "2026-11-25";

/// `kpss build` of `site` into `out` (the binary, as a user runs it); `extra` flags after.
fn kpss_build(site: &Path, out: &Path, extra: &[&str]) -> String {
    crate::common::kpss_build_timed(site, out, DAY, extra)
}

/// How many pages the build took from its cache (from the `KPSS_TIMINGS` line).
fn taken(stderr: &str) -> usize {
    cache_count(stderr, " pages taken ")
}

/// The count that starts the `KPSS_TIMINGS` line `kpss: cache: N …` holding `what`.
fn cache_count(stderr: &str, what: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("kpss: cache:") && l.contains(what))
        .unwrap_or_else(|| panic!("no cache line with {what:?} in:\n{stderr}"));
    line.strip_prefix("kpss: cache: ")
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line}"))
}

/// A scratch copy of the `basic` fixture built once into `out` with the cache.
fn warm_site() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    warm_fixture("basic")
}

/// A scratch copy of the fixture `name` built once into `out` with the cache.
fn warm_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    warm_fixture_with(name, "")
}

/// `warm_fixture` with `config` appended to the copy's `config.toml` first.
fn warm_fixture_with(
    name: &str,
    config: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture(name), &site);
    let path = site.join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text + config).unwrap();
    let out = dir.path().join("out");
    let first = kpss_build(&site, &out, &[]);
    assert_eq!(taken(&first), 0, "a first build has nothing to take");
    assert!(out.join(".kpss-cache").is_file(), "the cache is written");
    (dir, site, out)
}

/// The output of a build from nothing of the same tree, beside the warm one.
fn cold(site: &Path, dir: &Path, name: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = dir.join(name);
    kpss_build(site, &out, &["--no-cache"]);
    assert!(!out.join(".kpss-cache").exists(), "--no-cache writes none");
    snapshot_tree(&out)
}

fn assert_same(warm: &Path, cold: &std::collections::BTreeMap<String, Vec<u8>>, what: &str) {
    let warm = snapshot_tree(warm);
    let only_warm: Vec<_> = warm.keys().filter(|k| !cold.contains_key(*k)).collect();
    let only_cold: Vec<_> = cold.keys().filter(|k| !warm.contains_key(*k)).collect();
    let differ: Vec<_> = warm
        .iter()
        .filter(|(k, v)| cold.get(*k).is_some_and(|c| c != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        only_warm.is_empty() && only_cold.is_empty() && differ.is_empty(),
        "{what}: warm build differs from a cold one: only warm {only_warm:?}, only cold {only_cold:?}, different {differ:?}"
    );
}

fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let p = site.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// Every kind of edit an editor commits, one after another into the same output: each warm
/// build equals a cold build of the same tree and takes the pages the edit did not touch.
#[test]
fn a_warm_build_after_each_edit_equals_a_build_from_nothing() {
    let (dir, site, out) = warm_site();
    let total = snapshot_tree(&out)
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    let unchanged = kpss_build(&site, &out, &[]);
    assert!(
        taken(&unchanged) >= total,
        "an unchanged tree takes every page ({total} HTML pages): {}",
        taken(&unchanged)
    );
    assert_same(&out, &cold(&site, dir.path(), "cold0"), "no edit");
    // Pages, feeds, calendars, data: every job of the site.
    let all = taken(&unchanged);

    let rs01 = "content/jh/jednani/rs-01.md";
    type Edit = Box<dyn Fn(&Path)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a meeting's body",
            Box::new(move |s: &Path| {
                edit(s, rs01, "Jednání číslo 1.", "Jednání číslo 1, opravené.")
            }),
        ),
        (
            "a meeting's date",
            Box::new(|s: &Path| {
                edit(
                    s,
                    "content/jh/jednani/ps-deti-01.md",
                    "2030-03-05",
                    "2024-02-01",
                )
            }),
        ),
        (
            "a meeting's number",
            Box::new(move |s: &Path| edit(s, rs01, "number = 1", "number = 7")),
        ),
        (
            "a group's title",
            Box::new(|s: &Path| {
                edit(
                    s,
                    "content/jh/skupiny/rs.md",
                    "Řídicí skupina",
                    "Řídící skupina města",
                )
            }),
        ),
        (
            "a new meeting",
            Box::new(|s: &Path| {
                std::fs::write(
                    s.join("content/jh/jednani/rs-09.md"),
                    "+++\ngroup = \"rs\"\nnumber = 9\ndate = 2026-12-10\n+++\nNové jednání.\n",
                )
                .unwrap()
            }),
        ),
        (
            "a deleted meeting",
            Box::new(|s: &Path| {
                std::fs::remove_file(s.join("content/jh/jednani/rs-09.md")).unwrap()
            }),
        ),
        (
            "config.toml",
            Box::new(|s: &Path| edit(s, "config.toml", "title = \"", "title = \"Nový název: ")),
        ),
    ];
    for (i, (what, apply)) in edits.iter().enumerate() {
        apply(&site);
        let warm = kpss_build(&site, &out, &[]);
        assert_same(
            &out,
            &cold(&site, dir.path(), &format!("cold{}", i + 1)),
            what,
        );
        let n = taken(&warm);
        if *what == "a meeting's date" {
            // Every list of the site's meetings gains a year: its rows are taken from the
            // last output's page (`render::row_parts`).
            let rows = cache_count(&warm, " rows taken ");
            assert!(rows > 0, "{what}: rows taken from the last pages:\n{warm}");
        }
        if *what == "config.toml" {
            assert_eq!(n, 0, "{what}: another key, nothing taken");
            assert!(
                warm.contains("poznámka: mezipaměť"),
                "{what}: the note says why:\n{warm}"
            );
        } else {
            assert!(n > 0 && n < all, "{what}: took {n} of {all} files");
        }
    }
}

/// The plan fixture: an activity's monitoring status, a service's name, and on the basic
/// fixture a new minutes file with the line naming it: each warm build equals a cold one.
#[test]
fn a_warm_build_after_plan_service_and_attachment_edits_equals_a_build_from_nothing() {
    let (dir, site, out) = warm_fixture("plans");
    let act = "content/jh/plany/kp-2020-2022/pecovatelska-sluzba.md";
    edit(&site, act, "status = \"plni-se\"", "status = \"splneno\"");
    let warm = kpss_build(&site, &out, &[]);
    assert!(taken(&warm) > 0);
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold-status"),
        "a monitoring status",
    );
    let service = "content/sluzby/pecovatelska-sluzba-jh.md";
    let text = std::fs::read_to_string(site.join(service)).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title = "))
        .expect("the service has a title")
        .to_string();
    edit(
        &site,
        service,
        &title,
        "title = \"Pečovatelská služba města\"",
    );
    kpss_build(&site, &out, &[]);
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold-service"),
        "a service's title",
    );

    let (dir, site, out) = warm_site();
    std::fs::write(
        site.join("content/jh/jednani/ps-deti-01.pdf"),
        b"%PDF-1.4 zapis\n",
    )
    .unwrap();
    edit(
        &site,
        "content/jh/jednani/ps-deti-01.md",
        "group = \"ps-deti\"",
        "group = \"ps-deti\"\nminutes = \"ps-deti-01.pdf\"",
    );
    let warm = kpss_build(&site, &out, &[]);
    assert!(taken(&warm) > 0);
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold-minutes"),
        "new minutes",
    );
}

/// A theme template of the site changed: the key changes, nothing is taken, the output is right.
#[test]
fn a_changed_template_takes_nothing_from_the_cache() {
    let (dir, site, out) = warm_site();
    // A site's own template overrides the built-in one of the same name.
    let theme = site.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"mine\">{{ title }}</h1>{{ body|safe }}{% endblock %}",
    )
    .unwrap();
    let warm = kpss_build(&site, &out, &[]);
    assert_eq!(taken(&warm), 0, "{warm}");
    assert_same(&out, &cold(&site, dir.path(), "cold"), "a template");
}

/// A page of the last output edited by hand, or replaced by a symlink to a secret: the cache's
/// hash of the page no longer matches, so it is rendered again; the link is never followed.
#[test]
fn an_edited_or_planted_output_file_is_rendered_not_taken() {
    let (dir, site, out) = warm_site();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TAJNE-HESLO").unwrap();
    let page = out.join("jh/index.html");
    let group = out.join("jh/skupiny/rs/index.html");
    assert!(page.is_file() && group.is_file());
    std::fs::write(&page, "<p>podvržená stránka</p>").unwrap();
    // The spare (the output before, which this build writes into) edited too.
    kpss_build(&site, &out, &[]);
    let spare = dir.path().join(".kpss-spare-out");
    let spare_page = spare.join("o-nas/index.html");
    assert!(spare_page.is_file(), "a third build leaves a spare");
    std::fs::write(&spare_page, "<p>podvržená v záloze</p>").unwrap();
    std::fs::write(&page, "<p>podvržená stránka</p>").unwrap();
    std::fs::remove_file(&group).unwrap();
    std::os::unix::fs::symlink(&secret, &group).unwrap();
    let warm = kpss_build(&site, &out, &[]);
    assert!(taken(&warm) > 0);
    let cold = cold(&site, dir.path(), "cold");
    assert_same(&out, &cold, "edited output");
    for (path, bytes) in snapshot_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TAJNE-HESLO"),
            "{path} holds the secret"
        );
    }
    assert!(!out.join("jh/skupiny/rs/index.html").is_symlink());
}

/// A corrupt, truncated or foreign cache is ignored with a note; the build is right.
#[test]
fn a_corrupt_or_truncated_cache_is_ignored_with_a_note() {
    let (dir, site, out) = warm_site();
    let cache = out.join(".kpss-cache");
    let bytes = std::fs::read(&cache).unwrap();
    for (what, bad) in [
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("flipped", {
            let mut b = bytes.clone();
            let i = b.len() / 3;
            b[i] ^= 1;
            b
        }),
        ("foreign", b"not a cache at all".to_vec()),
    ] {
        std::fs::write(&cache, &bad).unwrap();
        let warm = kpss_build(&site, &out, &[]);
        assert_eq!(taken(&warm), 0, "{what}");
        assert!(warm.contains("poznámka: mezipaměť"), "{what}: {warm}");
        assert_same(
            &out,
            &cold(&site, dir.path(), &format!("cold-{what}")),
            what,
        );
    }
    // The build after them wrote a good cache again.
    let warm = kpss_build(&site, &out, &[]);
    assert!(taken(&warm) > 0);
}

/// A build killed just before the swap leaves the last output and its cache as a pair: the
/// next build uses them and is right.
#[test]
fn a_build_killed_before_the_swap_leaves_a_usable_cache() {
    let (dir, site, out) = warm_site();
    edit(
        &site,
        "content/jh/jednani/rs-01.md",
        "Jednání číslo 1.",
        "Jednání č. 1.",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(&site)
        .args(["build", "--date", DAY, "--output"])
        .arg(&out)
        .env("KPSS_FAILPOINT", "before-swap")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the failpoint aborts the build");
    let warm = kpss_build(&site, &out, &[]);
    assert!(taken(&warm) > 0, "{warm}");
    assert_same(&out, &cold(&site, dir.path(), "cold"), "after a kill");
}

/// How many pages the build linked from the last output (from the `KPSS_TIMINGS` line).
fn linked(stderr: &str) -> usize {
    pages_count(stderr, 1, " linked")
}

/// How many of the pages linked were linked unread, by their stamp (the `KPSS_TIMINGS` line).
fn linked_unread(stderr: &str) -> usize {
    pages_count(stderr, 2, " of them unread)")
}

/// The number in the `nth` part (split at ", ") of the `KPSS_TIMINGS` line on the pages
/// taken, before `suffix`.
fn pages_count(stderr: &str, nth: usize, suffix: &str) -> usize {
    let line = pages_line(stderr);
    line.split(", ")
        .nth(nth)
        .and_then(|s| s.strip_suffix(suffix))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before {suffix:?} in {line}"))
}

/// The `KPSS_TIMINGS` line on the pages taken.
fn pages_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("kpss: cache:") && l.contains(" pages taken "))
        .unwrap_or_else(|| panic!("no pages line in:\n{stderr}"))
}

/// A build into a new folder (no spare yet) links the pages it takes from the output it
/// replaces instead of copying them, so the two share those files. The build after it writes
/// into that replaced output (now the spare): a page it renders anew there gets a file of its
/// own, never written in place, so a kill before its swap leaves the live output as it was.
#[test]
fn pages_linked_from_the_last_output_are_never_written_in_place() {
    use std::os::unix::fs::MetadataExt;
    // The search index on: it notes the linked pages too.
    let (dir, site, out) = warm_site();
    let page = out.join("jh/jednani/rs-01/index.html");
    let second = kpss_build(&site, &out, &[]);
    assert!(
        linked(&second) > 10,
        "a new folder links what it takes: {second}"
    );
    // With the search index on too, the pages go unread by their stamp: the cache knows
    // which of them the index held, and their hashes (the output equals a cold one below).
    let html_linked = crate::common::snapshot_tree(&out)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .filter(|p| std::fs::metadata(out.join(p)).unwrap().nlink() == 2)
        .count();
    assert!(html_linked > 10, "{second}");
    assert!(
        linked_unread(&second) >= html_linked,
        "{html_linked} pages linked, not all unread: {second}"
    );
    assert!(out.join("pagefind").is_dir(), "the search index is built");
    assert_same(&out, &cold(&site, dir.path(), "cold0"), "linked pages");
    assert_eq!(
        std::fs::metadata(&page).unwrap().nlink(),
        2,
        "the page has a name in the output and one in the spare"
    );
    let before = std::fs::read_to_string(&page).unwrap();
    edit(
        &site,
        "content/jh/jednani/rs-01.md",
        "Jednání číslo 1.",
        "Jednání číslo 1, opravené.",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(&site)
        .args(["build", "--date", DAY, "--output"])
        .arg(&out)
        .env("KPSS_FAILPOINT", "before-swap")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the failpoint aborts the build");
    assert!(
        std::fs::read_to_string(&page).unwrap() == before,
        "the live output is as it was after a killed build"
    );
    let third = kpss_build(&site, &out, &[]);
    assert_eq!(
        linked(&third),
        0,
        "a reused spare keeps, it does not link: {third}"
    );
    let now = std::fs::read_to_string(&page).unwrap();
    assert!(now.contains("opravené"), "the edit is published");
    assert_same(&out, &cold(&site, dir.path(), "cold"), "after linking");
}

/// Rewrite the page at `page` in place with other bytes of the same length (`<main` made
/// `<MAIN`) and set its modification time back: only its change time tells.
fn forge_in_place(page: &Path) {
    forge(page, |text| text.replacen("<main", "<MAIN", 1));
}

/// Rewrite the file at `page` in place with `how` of its text, which must keep its length
/// and change it, and set its modification time back.
fn forge(page: &Path, how: impl Fn(&str) -> String) {
    let bytes = std::fs::read(page).unwrap();
    let at = std::fs::metadata(page).unwrap().modified().unwrap();
    let forged = how(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(forged.len(), bytes.len());
    assert_ne!(forged.as_bytes(), &bytes[..]);
    let f = std::fs::OpenOptions::new().write(true).open(page).unwrap();
    std::io::Write::write_all(&mut &f, forged.as_bytes()).unwrap();
    f.set_modified(at).unwrap();
    drop(f);
    assert_eq!(std::fs::metadata(page).unwrap().modified().unwrap(), at);
}

/// The basic fixture's children's group meeting moved from 2030 to 2024: 2030 goes, 2024
/// comes, so every list of the site's meetings is rendered again.
fn meeting_to_2024(site: &Path) {
    edit(
        site,
        "content/jh/jednani/ps-deti-01.md",
        "2030-03-05",
        "2024-02-01",
    );
}

/// Rows of a list page are taken only from a last page its inode stamp vouches for: the
/// site's meeting list rewritten in the output with other bytes of the same length (each row
/// made `MEETING`) and its modification time set back is not read, and the date edit that
/// renders it again writes what a cold build writes.
#[test]
fn rows_are_taken_only_from_a_last_page_its_stamp_vouches_for() {
    let (dir, site, out) = warm_site();
    let list = out.join("jednani/index.html");
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(text.contains("<li class=\"meeting"), "{text}");
    forge(&list, |text| {
        text.replace("<li class=\"meeting", "<li class=\"MEETING")
    });
    meeting_to_2024(&site);
    let warm = kpss_build(&site, &out, &[]);
    assert!(cache_count(&warm, " rows taken ") > 0, "{warm}");
    assert_same(&out, &cold(&site, dir.path(), "cold"), "a forged list page");
    let now = std::fs::read_to_string(&list).unwrap();
    assert!(!now.contains("MEETING") && now.contains("<li class=\"meeting"));
}

/// A build into a new folder links each page of the last output whose inode stamp is the one
/// the last build recorded, unread. A page there rewritten with other bytes of the same length
/// and its modification time set back is caught by its change time, read, and rendered anew.
#[test]
fn pages_are_linked_unread_by_their_stamp_and_a_rewritten_one_is_caught() {
    let (dir, site, out) = warm_fixture_with("basic", "\n[search]\nenabled = false\n");
    forge_in_place(&out.join("o-nas/index.html"));
    let second = kpss_build(&site, &out, &[]);
    assert!(taken(&second) > 10, "{second}");
    assert_eq!(
        linked_unread(&second),
        taken(&second),
        "every page taken is linked unread: {second}"
    );
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold"),
        "pages linked unread",
    );
}

/// How many pages the build kept unread by their inode stamp (from the `KPSS_TIMINGS` line).
fn kept_unread(stderr: &str) -> usize {
    let line = pages_line(stderr);
    line.rsplit_once('(')
        .and_then(|(_, s)| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no unread count in {line}"))
}

/// From the third build on, the folder being written is an output whose cache stamped its
/// files: an unchanged page there is kept by its inode stamp, unread. A page of it rewritten
/// with other bytes of the same length and its modification time set back is still caught
/// (its change time moved), read, and replaced with the right bytes. (With the search index
/// on, every page is read anyway: the index needs its text.)
#[test]
fn pages_are_kept_by_their_stamp_and_a_rewritten_one_is_caught() {
    let (dir, site, out) = warm_fixture_with("basic", "\n[search]\nenabled = false\n");
    // The page forged below is rendered by the second build, not linked (a file of its own).
    edit(&site, "content/o-nas.md", "Text.", "Text, upravený.");
    let second = kpss_build(&site, &out, &[]);
    assert_eq!(kept_unread(&second), 0, "no spare yet: {second}");
    // The second build linked the pages it took: that moved their change time, so the spare's
    // cache (the first build's) vouches for none of them; but each is the very file of the
    // last output, whose cache stamped it after the link: kept by that stamp, unread.
    let again = kpss_build(&site, &out, &[]);
    assert_eq!(
        kept_unread(&again),
        taken(&again) - 1,
        "the last output's stamps vouch for the linked files: {again}"
    );
    // It wrote into the first build's output, whose edited page was not the wanted one: that
    // one it linked from the second build's output (moving its change time again).
    assert_eq!(linked(&again), 1, "{again}");
    // The third writes into the second build's output: every page kept by a stamp, the one
    // linked by the build before by the last output's.
    let third = kpss_build(&site, &out, &[]);
    assert!(taken(&third) > 0);
    assert_eq!(
        kept_unread(&third),
        taken(&third),
        "every page taken is kept by its stamp: {third}"
    );
    // Under the build lock taken first, the spare's files were looked at while the site was
    // loaded (`cache::look_ahead`), not when the pages were taken.
    assert!(
        pages_line(&third).contains("the spare looked at ahead"),
        "{third}"
    );
    let cold = cold(&site, dir.path(), "cold");
    assert_same(&out, &cold, "kept by stamps");
    // The spare is now the second build's output: the fourth build writes into it. Its
    // edited page is the live output's too (the link): rewriting it forges both names.
    let page = dir.path().join(".kpss-spare-out/o-nas/index.html");
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(&page).unwrap().nlink(), 2, "shared");
    forge_in_place(&page);
    let fourth = kpss_build(&site, &out, &[]);
    assert_eq!(
        taken(&fourth),
        taken(&third) - 1,
        "the rewritten page is neither kept by its stamp nor taken: {fourth}"
    );
    assert_eq!(kept_unread(&fourth), taken(&fourth), "{fourth}");
    assert!(
        pages_line(&fourth).contains("the spare looked at ahead"),
        "{fourth}"
    );
    assert_same(&out, &cold, "a rewritten spare page");
}

/// A Markdown file whose inode stamp is the one the last build recorded is taken by its record
/// (front matter, length, hash), unread, and the output equals a cold build; a file rewritten
/// with the same length and its mtime set back is caught by its change time and read. Files
/// written in the two seconds before a load get no record, hence the wait.
#[test]
fn texts_are_taken_by_their_stamp_and_a_rewritten_one_is_read() {
    let (dir, site, out) = warm_fixture_with("basic", "\n[search]\nenabled = false\n");
    let texts = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        // A draft's front matter gets no record (the fixture has one document in consultation).
        .filter(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let front = text
                .split("\n+++")
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            !front.contains("draft")
        })
        .count();
    assert!(texts > 10, "the fixture has texts besides its draft");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    kpss_build(&site, &out, &[]);
    let third = kpss_build(&site, &out, &[]);
    assert_eq!(texts_taken(&third), texts, "{third}");
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold"),
        "texts by their record",
    );
    // The same length, the mtime set back: only the change time tells.
    let page = site.join("content/o-nas.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let at = std::fs::metadata(&page).unwrap().modified().unwrap();
    let changed = text.replacen("Text.", "Txet.", 1);
    assert_eq!(changed.len(), text.len());
    assert_ne!(changed, text);
    let f = std::fs::OpenOptions::new().write(true).open(&page).unwrap();
    std::io::Write::write_all(&mut &f, changed.as_bytes()).unwrap();
    f.set_modified(at).unwrap();
    drop(f);
    let fourth = kpss_build(&site, &out, &[]);
    assert_eq!(texts_taken(&fourth), texts - 1, "{fourth}");
    let page_out = std::fs::read_to_string(out.join("o-nas/index.html")).unwrap();
    assert!(page_out.contains("Txet."), "the rewritten text is read");
    assert_same(&out, &cold(&site, dir.path(), "cold2"), "a rewritten text");
}

/// What a CI runner does: a fresh checkout of the site at another path (every file new, with
/// new inodes and times) and the last output restored beside it from the CI cache
/// (`actions/cache`, GitLab `cache:`: new inodes too, no spare). After one meeting's body is
/// edited the build takes every other page from the restored output: no text and no page is
/// taken by its stamp (none matches), each is read and checked by its hash, the body scans
/// are taken, and the output equals a cold build's.
#[test]
fn a_restored_output_beside_a_fresh_checkout_is_used() {
    let (dir, site, out) = warm_fixture_with("basic", "\n[search]\nenabled = false\n");
    // A second build: the local output has a spare, so the local build below takes its pages
    // there, by another road than the restored one.
    kpss_build(&site, &out, &[]);
    let pages = snapshot_tree(&out)
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    let runner = dir.path().join("runner");
    let checkout = runner.join("repo");
    copy_tree(&site, &checkout);
    let restored = checkout.join("public");
    copy_tree(&out, &restored);
    assert!(
        restored.join(".kpss-cache").is_file(),
        "the cache is restored"
    );
    let rs01 = "content/jh/jednani/rs-01.md";
    edit(
        &checkout,
        rs01,
        "Jednání číslo 1.",
        "Jednání číslo 1, opravené.",
    );
    let warm = kpss_build(&checkout, &restored, &[]);
    assert!(
        !warm.contains("poznámka"),
        "the restored cache is used: {warm}"
    );
    assert_eq!(texts_taken(&warm), 0, "new files keep no stamp: {warm}");
    assert_eq!(
        kept_unread(&warm),
        0,
        "restored pages keep no stamp: {warm}"
    );
    assert!(
        linked(&warm) > 10,
        "taken pages are linked, not copied: {warm}"
    );
    assert!(
        scans_taken(&warm) > 10,
        "unchanged bodies are not scanned again: {warm}"
    );
    let (kept, learned) = fingerprints_kept(&warm);
    assert!(
        learned && kept >= pages - 3,
        "the site at another path is the same site: fingerprints kept: {warm}"
    );
    // The same edit built where the output was made takes the same files.
    edit(
        &site,
        rs01,
        "Jednání číslo 1.",
        "Jednání číslo 1, opravené.",
    );
    let local = kpss_build(&site, &out, &[]);
    assert_eq!(
        taken(&warm),
        taken(&local),
        "the restored output gives what the local one does:\n{warm}\n{local}"
    );
    assert!(taken(&warm) >= pages - 3, "{pages} HTML pages: {warm}");
    let page = std::fs::read_to_string(restored.join("jh/jednani/rs-01/index.html")).unwrap();
    assert!(page.contains("opravené"), "the edited body is rendered");
    assert_same(
        &restored,
        &cold(&checkout, &runner, "cold"),
        "a restored output",
    );
}

/// How many Markdown files the build took by their record (from the `KPSS_TIMINGS` line).
fn texts_taken(stderr: &str) -> usize {
    cache_count(stderr, " texts taken by their record")
}

/// `--no-cache` neither reads nor writes the cache, and a cached build after it starts over.
#[test]
fn no_cache_builds_from_nothing_and_removes_the_cache() {
    let (_dir, site, out) = warm_site();
    let o = kpss_build(&site, &out, &["--no-cache"]);
    assert!(!o.contains("kpss: cache:"), "{o}");
    assert!(!out.join(".kpss-cache").exists());
    let warm = kpss_build(&site, &out, &[]);
    assert_eq!(taken(&warm), 0, "no cache to take from: {warm}");
    assert!(
        !warm.contains("poznámka"),
        "a missing cache is no news: {warm}"
    );
    assert!(out.join(".kpss-cache").is_file());
}

/// How many body scans the build took from its cache (from the `KPSS_TIMINGS` line).
fn scans_taken(stderr: &str) -> usize {
    cache_count(stderr, " body scans taken")
}

/// `kpss build` that must fail; its stderr.
fn kpss_build_fails(site: &Path, out: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(site)
        .args(["build", "--date", DAY, "--output"])
        .arg(out)
        .env("KPSS_TIMINGS", "1")
        .output()
        .expect("kpss runs");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "the build must fail:\n{err}");
    err
}

/// The body scans a build stores are taken only for the same text and the same link targets:
/// a heading another file links to removed, or a page a body links to deleted, fails the warm
/// build as it fails a cold one, and a warning is reported by every build, not only the first.
#[test]
fn a_stored_scan_never_hides_a_broken_link() {
    let (dir, site, out) = warm_site();
    let unchanged = kpss_build(&site, &out, &[]);
    let all = scans_taken(&unchanged);
    assert!(all >= 10, "every body taken: {unchanged}");

    let rs01 = "content/jh/jednani/rs-01.md";
    edit(
        &site,
        rs01,
        "Jednání číslo 1.",
        "Jednání číslo 1, opravené.",
    );
    let warm = kpss_build(&site, &out, &[]);
    assert_eq!(scans_taken(&warm), all - 1, "only the edited body again");
    assert_same(&out, &cold(&site, dir.path(), "cold-body"), "a body edit");

    // `content/_index.md` links to `kp.md#cile`: the heading goes, the link breaks.
    let kp = "content/jh/dokumenty/kp.md";
    edit(&site, kp, "## Cíle", "## Záměry");
    let err = kpss_build_fails(&site, &out);
    assert!(
        err.contains("content/_index.md") && err.contains("cile"),
        "the link to the removed heading is reported: {err}"
    );
    edit(&site, kp, "## Záměry", "## Cíle");

    // `content/_index.md` links to `o-nas.md`: the page goes, every body is scanned again.
    let o_nas = site.join("content/o-nas.md");
    let text = std::fs::read(&o_nas).unwrap();
    std::fs::remove_file(&o_nas).unwrap();
    let err = kpss_build_fails(&site, &out);
    assert!(
        err.contains("content/_index.md") && err.contains("o-nas.md"),
        "the link to the deleted page is reported: {err}"
    );
    std::fs::write(&o_nas, text).unwrap();

    // A warning is not stored: the next build reports it again.
    edit(
        &site,
        "content/o-nas.md",
        "## Kdo jsme",
        "## Kdo jsme {#kdo onclick=x}",
    );
    for run in ["first", "second"] {
        let warm = kpss_build(&site, &out, &[]);
        assert!(
            warm.contains("onclick"),
            "the {run} build reports the dropped attribute: {warm}"
        );
    }
    assert_same(&out, &cold(&site, dir.path(), "cold-end"), "after it all");
}

/// How many fingerprints the build kept from the last one (`… (K kept from the last build,
/// reads learned)`), and whether it learned the pages' reads.
fn fingerprints_kept(stderr: &str) -> (usize, bool) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("kpss: cache: fingerprints of "))
        .unwrap_or_else(|| panic!("no fingerprints line in:\n{stderr}"));
    let kept = line
        .split_once(" ms (")
        .and_then(|(_, r)| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no kept count in {line}"));
    (kept, line.ends_with("reads learned)"))
}

/// A body edited (its first sentence, which page descriptions, feeds and open data quote),
/// one file of each kind of the example site after another: the build keeps the last build's
/// fingerprint of every page none of whose bodies changed, and equals a cold build. An edit of
/// front matter keeps none.
#[test]
fn a_body_edit_keeps_the_other_pages_fingerprints_and_equals_a_cold_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path());
    let out = dir.path().join("out");
    kpss_build(&site, &out, &[]);
    let again = kpss_build(&site, &out, &[]);
    let (all, learned) = fingerprints_kept(&again);
    assert!(
        learned && all > 100,
        "an unchanged site keeps every fingerprint:\n{again}"
    );
    // One Markdown file of each folder kind (the folder's name, or the file's at the top).
    let mut kinds = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(site.join("content")).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if rel.ends_with(".md") {
            let parts: Vec<&str> = rel.split('/').collect();
            let kind = match parts.len() {
                2 => rel.clone(),
                3 => format!("territory {}", parts[2]),
                n => parts[n - 2].to_string(),
            };
            kinds.entry(kind).or_insert(rel);
        }
    }
    assert!(kinds.len() >= 8, "{kinds:?}");
    for (i, rel) in kinds.values().enumerate() {
        let p = site.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        let end = text[3..]
            .find("\n+++")
            .map(|n| n + 3 + 4)
            .expect("front matter");
        let body_at = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
        let edited = format!(
            "{}Věta {i} navíc na začátek. {}",
            &text[..body_at],
            &text[body_at..]
        );
        std::fs::write(&p, edited).unwrap();
        let warm = kpss_build(&site, &out, &[]);
        assert_same(&out, &cold(&site, dir.path(), &format!("cold{i}")), rel);
        let (kept, learned) = fingerprints_kept(&warm);
        assert!(learned, "{rel}: the reads are learned:\n{warm}");
        assert!(
            kept > 0 && kept < all,
            "{rel}: kept {kept} of {all} fingerprints (the pages reading it are built)"
        );
    }
    // A group's front matter: the site is another, so every view is built.
    let group = kinds
        .iter()
        .find(|(k, _)| k.as_str() == "skupiny")
        .map(|(_, rel)| rel.clone())
        .expect("a group");
    edit(&site, &group, "title = \"", "title = \"Nová ");
    let (kept, _) = fingerprints_kept(&kpss_build(&site, &out, &[]));
    assert_eq!(kept, 0, "a group's front matter edit keeps no fingerprint");
    assert_same(&out, &cold(&site, dir.path(), "cold-group"), &group);
}

/// A site of `n` meetings of the working group `ps-deti` (three years of them, so every list
/// of meetings runs over several pages), beside the `basic` fixture's, built once into `out`.
fn many_meetings(n: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    for k in 0..n {
        let day = format!("{}-{:02}-{:02}", 2016 + k % 3, 1 + k % 12, 1 + k % 27);
        let text = format!(
            "+++\ngroup = \"ps-deti\"\nnumber = {}\ndate = {day}\nplace = \"MěÚ\"\n+++\nJednání {k}.\n",
            k + 10
        );
        std::fs::write(site.join(format!("content/jh/jednani/m-{k:03}.md")), text).unwrap();
    }
    let out = dir.path().join("out");
    kpss_build(&site, &out, &[]);
    (dir, site, out)
}

/// How many meetings' row digests the build kept from the last one (`KPSS_TIMINGS` line).
fn rows_kept(stderr: &str) -> usize {
    stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("kpss: cache: ")?
                .strip_suffix(" meetings' row digests kept from the last build")
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no rows line in:\n{stderr}"))
}

/// Meeting `k`'s text: this replaced by that.
type Change<'a> = (usize, &'a str, &'a str);

/// Edits of meetings' front matter that the preview patches (a date within its year or into
/// another, a time, a number, a title, a place, two files at once), each built warm into the
/// same output: the build patches the last site back, keeps the fingerprints of the pages such
/// an edit leaves alone, builds the others' views, puts the outputs of every meeting together
/// from the last output's files, and equals a cold build; so does a date in a year the site
/// did not have (every list of the whole site's meetings gains a link), and back.
#[test]
fn a_meetings_front_matter_edit_keeps_the_untouched_pages_fingerprints() {
    let (dir, site, out) = many_meetings(450);
    let again = kpss_build(&site, &out, &[]);
    let (all, learned) = fingerprints_kept(&again);
    assert!(learned && all > 500, "{again}");
    let m = |k: usize| format!("content/jh/jednani/m-{k:03}.md");
    let edits: [(&str, &[Change]); 6] = [
        (
            "the day of a date",
            &[(7, "date = 2017-08-08", "date = 2017-08-28")],
        ),
        (
            "a date into another year",
            &[(9, "date = 2016-10-10", "date = 2018-03-02")],
        ),
        (
            "a time added",
            &[(10, "place =", "time = \"14:00\"\nplace =")],
        ),
        ("a number", &[(11, "number = 21", "number = 900")]),
        (
            "a title",
            &[(12, "place =", "title = \"Mimořádné jednání\"\nplace =")],
        ),
        (
            "a place and a date, two files",
            &[
                (13, "place = \"MěÚ\"", "place = \"Radnice\""),
                (300, "date = 2016-01-04", "date = 2017-12-31"),
            ],
        ),
    ];
    for (i, (what, changes)) in edits.iter().enumerate() {
        for (k, from, to) in *changes {
            edit(&site, &m(*k), from, to);
        }
        let warm = kpss_build(&site, &out, &[]);
        assert!(
            warm.contains("the last site patched back"),
            "{what}: {warm}"
        );
        assert!(
            warm.contains("kpss: cache: 4 outputs put together from the last output's files"),
            "{what}: the site's calendar, the meetings' JSON and CSV, the OFN events: {warm}"
        );
        let (kept, learned) = fingerprints_kept(&warm);
        assert!(learned, "{what}: the reads are learned:\n{warm}");
        // Every meeting's row digest but the edited ones' is the last build's.
        assert!(rows_kept(&warm) >= 450, "{what}: {warm}");
        assert!(
            kept > all / 2 && kept < all,
            "{what}: kept {kept} of {all} fingerprints"
        );
        assert_same(&out, &cold(&site, dir.path(), &format!("cold{i}")), what);
    }
    // The last output's calendar rewritten to the same length: it is not copied from.
    let cal = out.join("kalendar.ics");
    let text = std::fs::read_to_string(&cal).unwrap();
    std::fs::write(&cal, text.replace("SUMMARY:", "SUMMARX:")).unwrap();
    edit(&site, &m(7), "date = 2017-08-28", "date = 2017-08-27");
    let warm = kpss_build(&site, &out, &[]);
    assert!(
        warm.contains("kpss: cache: 3 outputs put together"),
        "the calendar is rendered: {warm}"
    );
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold-forged"),
        "a forged calendar",
    );
    edit(&site, &m(7), "date = 2017-08-27", "date = 2017-08-28");
    // Back to where it began, then a year the site has no meeting in.
    for (_, changes) in edits.iter().rev() {
        for (k, from, to) in *changes {
            edit(&site, &m(*k), to, from);
        }
    }
    let warm = kpss_build(&site, &out, &[]);
    assert!(fingerprints_kept(&warm).0 > all / 2, "{warm}");
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold-back"),
        "every edit undone",
    );
    // A year the site did not have, and back (the year goes again).
    for (i, (from, to)) in [("2017-08-08", "1999-08-08"), ("1999-08-08", "2017-08-08")]
        .into_iter()
        .enumerate()
    {
        edit(&site, &m(7), from, to);
        let warm = kpss_build(&site, &out, &[]);
        let (kept, _) = fingerprints_kept(&warm);
        assert!(kept > all / 2 && kept < all, "{to}: kept {kept} of {all}");
        assert!(
            warm.contains("kpss: cache: 4 outputs put together"),
            "{to}: the outputs of every meeting: {warm}"
        );
        assert_same(&out, &cold(&site, dir.path(), &format!("cold-y{i}")), to);
    }
}

/// How many meetings' front matter the build took from its cache (the second count of the
/// `KPSS_TIMINGS` line of the body scans).
fn meetings_taken(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.contains(" body scans taken, "))
        .unwrap_or_else(|| panic!("no body scans line in:\n{stderr}"));
    line.split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no meetings' count in {line}"))
}

/// A warm build takes every meeting whose text is unchanged as the last build read it,
/// without parsing its TOML again: an edited meeting is read anew, an error in one is reported
/// though the others are taken, and the output is a cold build's.
#[test]
fn meetings_front_matter_is_taken_unless_its_text_changed() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path());
    let meetings: Vec<String> = walkdir::WalkDir::new(site.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("jednani")))
        .map(|p| p.strip_prefix(&site).unwrap().to_string_lossy().to_string())
        .collect();
    assert!(meetings.len() > 20, "{meetings:?}");
    let out = dir.path().join("out");
    let first = kpss_build(&site, &out, &[]);
    assert_eq!(meetings_taken(&first), 0, "nothing stored yet: {first}");
    let again = kpss_build(&site, &out, &[]);
    assert_eq!(meetings_taken(&again), meetings.len(), "{again}");
    // One meeting's place edited: read anew, the others taken.
    let edited = &meetings[0];
    let text = std::fs::read_to_string(site.join(edited)).unwrap();
    let text = if text.contains("\nplace = \"") {
        text.replacen("\nplace = \"", "\nplace = \"Jinde, ", 1)
    } else {
        text.replacen("\n+++\n", "\nplace = \"Jinde\"\n+++\n", 1)
    };
    std::fs::write(site.join(edited), text).unwrap();
    let warm = kpss_build(&site, &out, &[]);
    assert_eq!(meetings_taken(&warm), meetings.len() - 1, "{warm}");
    // A key nobody reads in another: the error is reported, the build fails.
    let broken = site.join(&meetings[1]);
    let text = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(
        &broken,
        text.replacen("+++\n", "+++\nbarva = \"modrá\"\n", 1),
    )
    .unwrap();
    let failed = kpss_build_fails(&site, &out);
    assert!(failed.contains("barva"), "{failed}");
    // Put back: as the last good build read it, so taken.
    std::fs::write(&broken, text).unwrap();
    let back = kpss_build(&site, &out, &[]);
    assert_eq!(meetings_taken(&back), meetings.len(), "{back}");
    assert_same(&out, &cold(&site, dir.path(), "cold"), "meetings taken");
    let shown = snapshot_tree(&out)
        .into_iter()
        .any(|(k, v)| k.ends_with("index.html") && String::from_utf8_lossy(&v).contains("Jinde"));
    assert!(shown, "the edited place is on a page");
}

/// A copy of the example site (the repository's `content/` and `config.toml`) in `dir`.
fn example_site(dir: &Path) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_tree(
        &crate::common::repo().join("content"),
        &site.join("content"),
    );
    std::fs::copy(
        crate::common::repo().join("config.toml"),
        site.join("config.toml"),
    )
    .unwrap();
    site
}

/// A theme whose list reads a row outside `row()` only when the site has meetings of 2024:
/// the last build noted where the rows of the site's meeting list went (no 2024 then), the
/// date edit brings 2024, and the page, given its held rows unbuilt, is rendered again with
/// every row built: what a cold build writes.
#[test]
fn a_list_reading_a_row_outside_row_is_rendered_again_with_its_rows() {
    let (dir, site, out) = warm_site();
    let default = std::fs::read_to_string(
        crate::common::repo().join("themes/default/templates/meetings.html"),
    )
    .unwrap();
    let call = "{{ row(meeting_item, m, true, true, false) }}";
    assert!(default.contains(call));
    let mine = default.replace(
        call,
        &format!(
            "{call}{{% if \"2024\" in years|map(attribute=\"title\")|map(\"string\")|list %}}<!-- {{{{ m.number }}}} -->{{% endif %}}"
        ),
    );
    let theme = site.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("meetings.html"), mine).unwrap();
    kpss_build(&site, &out, &[]);
    meeting_to_2024(&site);
    let warm = kpss_build(&site, &out, &[]);
    let again = warm
        .lines()
        .find(|l| l.contains(" rows taken "))
        .unwrap_or_else(|| panic!("{warm}"));
    assert!(
        !again.contains("(0 pages rendered again"),
        "the list is rendered again: {again}"
    );
    assert_same(
        &out,
        &cold(&site, dir.path(), "cold"),
        "a row read outside row()",
    );
    let list = std::fs::read_to_string(out.join("jednani/index.html")).unwrap();
    assert!(
        list.contains("<!-- 1 -->"),
        "the row read outside row() is written"
    );
}
