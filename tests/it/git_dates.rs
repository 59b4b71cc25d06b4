//! `[build] git_dates`: pages and the sitemap dated by the last commit that touched their files
//! (attached files included), dirty files at the build date, no repository → a warning and
//! exit 0, the same output twice; and the sitemap's `lastmod` without git.
//! The repositories are made here with commits at set dates and a set identity, so the tests
//! run on a fresh machine with no git configuration.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::copy_tree;
use crate::common::*;

/// `git args` in `dir`, committing at `when` as a fixed identity; the user's and the system's
/// git configuration left out. Panics with git's message on failure.
fn git(dir: &Path, when: &str, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .args([
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git is installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit_all(dir: &Path, when: &str, message: &str) {
    git(dir, when, &["add", "-A"]);
    git(dir, when, &["commit", "-q", "-m", message]);
}

/// The basic fixture in `dir/site` with `[build] git_dates = true` (when `on`).
fn site_in(dir: &Path, on: bool) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    if on {
        let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
        std::fs::write(
            site.join("config.toml"),
            format!("{cfg}\n[build]\ngit_dates = true\n"),
        )
        .unwrap();
    }
    site
}

/// A repository at `site` with three commits: everything on 21 Oct 2025, the group `rs` on
/// 5 Nov 2025, the minutes PDF of meeting `rs-01` on 1 Dec 2025 (late at night in Prague, still
/// the 1st in the committer's zone).
fn history(site: &Path) {
    git(site, "2025-10-21T10:00:00+02:00", &["init", "-q"]);
    commit_all(site, "2025-10-21T10:00:00+02:00", "první verze");
    let rs = site.join("content/jh/skupiny/rs.md");
    let text = std::fs::read_to_string(&rs).unwrap();
    std::fs::write(&rs, format!("{text}\nDoplněno.\n")).unwrap();
    commit_all(site, "2025-11-05T09:00:00+01:00", "skupina rs");
    std::fs::write(
        site.join("content/jh/jednani/rs-01.pdf"),
        b"%PDF-1.4 nova verze",
    )
    .unwrap();
    commit_all(site, "2025-12-01T23:30:00+01:00", "opravený zápis");
}

/// The `<time datetime>` of the page's "last changed" line, if it has one.
fn modified(b: &Built, page: &str) -> Option<String> {
    attrs(&b.page(page), "p.modified time", "datetime")
        .into_iter()
        .next()
}

/// Every `<url>` of the sitemap: address → `lastmod`.
fn lastmods(b: &Built) -> BTreeMap<String, Option<String>> {
    let xml = b.text("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").expect("every url has a loc"), child("lastmod"))
        })
        .collect()
}

const BASE: &str = "https://example.org/planovani/";

fn lastmod_of(b: &Built, page: &str) -> Option<String> {
    lastmods(b)
        .get(&format!("{BASE}{page}"))
        .unwrap_or_else(|| panic!("{page} is in the sitemap"))
        .clone()
}

#[test]
fn pages_and_the_sitemap_carry_the_day_of_their_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    history(&site);
    let b = build_root(&site, "2026-01-10", None);
    // Untouched since the first commit.
    assert_eq!(
        modified(&b, "jh/skupiny/ps-deti").as_deref(),
        Some("2025-10-21")
    );
    assert_eq!(
        texts(&b.page("jh/skupiny/ps-deti"), "p.modified"),
        ["Naposledy upraveno 21.\u{a0}10.\u{a0}2025"]
    );
    // Changed by the second commit.
    assert_eq!(modified(&b, "jh/skupiny/rs").as_deref(), Some("2025-11-05"));
    // A meeting whose minutes changed later has the later day.
    assert_eq!(
        modified(&b, "jh/jednani/rs-01").as_deref(),
        Some("2025-12-01")
    );
    assert_eq!(
        modified(&b, "jh/jednani/rs-02").as_deref(),
        Some("2025-10-21")
    );
    // The sitemap says the same; lists have no date.
    assert_eq!(
        lastmod_of(&b, "jh/skupiny/rs/").as_deref(),
        Some("2025-11-05")
    );
    assert_eq!(
        lastmod_of(&b, "jh/jednani/rs-01/").as_deref(),
        Some("2025-12-01")
    );
    assert_eq!(lastmod_of(&b, "jh/jednani/"), None);
    assert_eq!(modified(&b, "jh/jednani"), None);
    // The git date wins over the document's `published = 2019-12-01`.
    assert_eq!(
        lastmod_of(&b, "jh/dokumenty/kp/").as_deref(),
        Some("2025-10-21")
    );
}

#[test]
fn a_file_changed_since_the_last_commit_changed_at_the_build_date() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    history(&site);
    let page = site.join("content/o-nas.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nRozepsáno.\n")).unwrap();
    let b = build_root(&site, "2026-01-10", None);
    assert_eq!(modified(&b, "o-nas").as_deref(), Some("2026-01-10"));
    assert_eq!(lastmod_of(&b, "o-nas/").as_deref(), Some("2026-01-10"));
    // A new attached file, not committed yet, dates its meeting too.
    std::fs::write(site.join("content/jh/jednani/rs-02.pdf"), b"%PDF-1.4 jiny").unwrap();
    let b = build_root(&site, "2026-01-11", None);
    assert_eq!(
        modified(&b, "jh/jednani/rs-02").as_deref(),
        Some("2026-01-11")
    );
    assert_eq!(
        modified(&b, "jh/jednani/rs-03").as_deref(),
        Some("2025-10-21")
    );
}

#[test]
fn a_renamed_file_keeps_the_day_its_text_last_changed() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    history(&site);
    // Rename only, the content as it was: the page's text did not change.
    git(
        &site,
        "2025-12-10T10:00:00+01:00",
        &["mv", "content/o-nas.md", "content/o-planovani.md"],
    );
    let home = site.join("content/_index.md");
    let text = std::fs::read_to_string(&home).unwrap();
    std::fs::write(&home, text.replace("(o-nas.md)", "(o-planovani.md)")).unwrap();
    commit_all(&site, "2025-12-10T10:00:00+01:00", "přejmenování");
    let b = build_root(&site, "2026-01-10", None);
    assert_eq!(modified(&b, "o-planovani").as_deref(), Some("2025-10-21"));
    // The page linking to it did change.
    assert_eq!(modified(&b, "").as_deref(), Some("2025-12-10"));
}

#[test]
fn the_same_tree_history_and_date_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    history(&site);
    let read = |out: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(out).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build_into(&site, &a, "2026-01-10", None);
    build_into(&site, &b, "2026-01-10", None);
    let (a, b) = (read(&a), read(&b));
    assert!(a.len() > 30);
    assert!(a == b, "two builds of the same tree differ");
    assert!(String::from_utf8_lossy(&a["jh/index.html"]).contains("datetime=\"2025-10-21\""));
}

/// Runs the real binary: the warning on stderr, exit 0, pages without dates.
fn build_with_binary(site: &Path, out: &Path) -> (i32, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .args(["--date", "2026-01-10"])
        // No repository above the temporary folder may count.
        .env("GIT_CEILING_DIRECTORIES", site.parent().unwrap())
        .output()
        .unwrap();
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

#[test]
fn outside_a_repository_the_build_warns_and_succeeds_without_dates() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    let out = dir.path().join("out");
    let (code, stderr) = build_with_binary(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("git_dates: složka webu") && stderr.contains("není v repozitáři git"),
        "{stderr}"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("Naposledy upraveno"));
}

#[test]
fn a_shallow_clone_gives_dates_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    history(&site);
    let clone = dir.path().join("clone");
    let url = format!("file://{}", site.display());
    git(
        dir.path(),
        "2026-01-10T10:00:00+01:00",
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let out = dir.path().join("out");
    let (code, stderr) = build_with_binary(&clone, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("mělký klon"), "{stderr}");
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
    // All the clone knows is its one commit.
    let page = std::fs::read_to_string(out.join("jh/skupiny/ps-deti/index.html")).unwrap();
    assert!(page.contains("datetime=\"2025-12-01\""), "{page}");
}

#[test]
fn without_git_dates_the_sitemap_dates_what_says_when_it_was_published() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), false);
    history(&site);
    let b = build_root(&site, "2026-01-10", None);
    // `published = 2019-12-01`: the document's day.
    assert_eq!(
        lastmod_of(&b, "jh/dokumenty/kp/").as_deref(),
        Some("2019-12-01")
    );
    // A meeting's date is when it meets, not when its page changed.
    assert_eq!(lastmod_of(&b, "jh/jednani/rs-01/"), None);
    assert_eq!(modified(&b, "jh/jednani/rs-01"), None);
}

#[test]
fn the_preview_dates_an_edited_file_as_a_full_build_does() {
    use kpss::serve::{Rebuilt, Session, SessionOptions};
    let dir = tempfile::tempdir().unwrap();
    let site = site_in(dir.path(), true);
    history(&site);
    let opts = SessionOptions {
        root: site.clone(),
        date: "2026-01-10".parse().unwrap(),
        drafts: false,
        timings: false,
    };
    let mut live = Session::new(opts.clone());
    assert!(matches!(live.full(), Rebuilt::Full { .. }));
    let append = |rel: &str| {
        let path = site.join(rel);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice("\nDoplněno.\n".as_bytes());
        std::fs::write(&path, bytes).unwrap();
        path
    };
    // Each of the preview's ways: a meeting's body (the patch: its page alone), a meeting's
    // minutes PDF (the pages that show the meeting), a group (the fingerprint comparison).
    for (rel, page) in [
        ("content/jh/jednani/rs-02.md", "jh/jednani/rs-02/index.html"),
        (
            "content/jh/jednani/rs-03.pdf",
            "jh/jednani/rs-03/index.html",
        ),
        (
            "content/jh/skupiny/ps-deti.md",
            "jh/skupiny/ps-deti/index.html",
        ),
    ] {
        let path = append(rel);
        assert!(matches!(live.update(&[path]), Rebuilt::Partial { .. }));
        let mut fresh = Session::new(opts.clone());
        assert!(matches!(fresh.full(), Rebuilt::Full { .. }));
        let (a, b) = (live.files(), fresh.files());
        let html = String::from_utf8_lossy(&b[page]).into_owned();
        assert!(html.contains("datetime=\"2026-01-10\""), "{rel}: {html}");
        let mut differ: Vec<&std::sync::Arc<str>> =
            b.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
        differ.sort();
        assert!(
            differ.is_empty(),
            "after editing {rel}, pages differ from a full build: {differ:?}"
        );
        assert_eq!(a.len(), b.len());
    }
}

/// kpss runs as root on shared machines; a repository another user owns is refused by git
/// (`safe.directory`). kpss says so and builds without dates; it does not override git's check.
/// Needs root (to give the repository away); `KPSS_SKIP_ROOT_TESTS=1` skips it knowingly.
#[test]
fn a_repository_of_another_user_gives_a_warning_not_a_crash() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    // A file this process made belongs to its effective user.
    if std::fs::metadata(dir.path()).unwrap().uid() != 0 {
        assert!(
            std::env::var_os("KPSS_SKIP_ROOT_TESTS").is_some(),
            "this test needs root (chown); run it as root or set KPSS_SKIP_ROOT_TESTS=1 to skip it knowingly"
        );
        eprintln!(
            "SKIPPED (KPSS_SKIP_ROOT_TESTS): a_repository_of_another_user_gives_a_warning_not_a_crash"
        );
        return;
    }
    let site = site_in(dir.path(), true);
    history(&site);
    for e in walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
    {
        std::os::unix::fs::lchown(e.path(), Some(54321), Some(54321)).unwrap();
    }
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .args(["--date", "2026-01-10"])
        // No safe.directory of this machine's configuration may let it through.
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("patří jinému uživateli"), "{stderr}");
    assert!(stderr.contains("safe.directory"), "{stderr}");
    let page = std::fs::read_to_string(out.join("jh/index.html")).unwrap();
    assert!(!page.contains("Naposledy upraveno"));
}
