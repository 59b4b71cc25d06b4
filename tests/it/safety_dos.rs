//! Denial of service: inputs of a few hundred kilobytes that took minutes (deep raw HTML,
//! 30,000 broken links, 30,000 nested images, one 64 KiB broken link on a large site). Each
//! must finish within a bound (debug build, about five times its measured time) and still say
//! what is wrong, with file and line.

use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kpss::diagnostics::Diagnostics;
use kpss::pipeline::{Options, Outcome, run};

use crate::common::*;

const DAY: &str = "2026-11-25";
const FILE: &str = "content/jh/jednani/rs-01.md";

/// Run `f` on its own thread; panic if it takes longer than `secs` (the thread is left behind
/// and dies with the test binary), so a regression fails instead of hanging the suite.
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => {
            eprintln!("{what}: {:.2} s", start.elapsed().as_secs_f64());
            v
        }
        Err(_) => panic!("{what} took more than {secs} s"),
    }
}

/// A copy of tests/sites/basic whose meeting rs-01 has `body` as its body (line 6 on).
fn site_with_body(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), dir.path());
    let head = "+++\ngroup = \"rs\"\nnumber = 1\nminutes = \"rs-01.pdf\"\n+++\n";
    std::fs::write(dir.path().join(FILE), format!("{head}{body}")).unwrap();
    dir
}

/// `kpss check` in-process; the diagnostics if the site has content errors.
fn check(root: &Path) -> Option<Diagnostics> {
    let opts = Options {
        root: root.to_path_buf(),
        output: None,
        date: DAY.parse().unwrap(),
        base_url: None,
        check_only: true,
        drafts: false,
        cache: false,
    };
    match run(&opts).expect("check ran") {
        Outcome::Done { .. } => None,
        Outcome::ContentErrors(d, _) => Some(d),
        Outcome::ConfigErrors(d) => panic!("config errors: {}", d.render_plain(d.language())),
    }
}

/// `kpss check` as the binary runs it, with `extra` arguments; its stderr.
fn check_cli(root: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(root)
        .args(extra)
        .args(["check", "--date", DAY])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("kpss runs");
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// Old code (debug): over 5 minutes in the sanitiser (stopped). Now about 1 s.
#[test]
fn deep_raw_html_is_refused_before_the_sanitiser() {
    let site = site_with_body(&format!("Úvod.\n\n{}x\n", "<div>".repeat(100_000)));
    let root = site.path().to_path_buf();
    let d = within(20, "100,000 nested <div>", move || check(&root)).expect("refused");
    let text = d.render_plain(Default::default());
    assert!(
        text.contains("chyba: HTML v textu je zanořené příliš hluboko (víc než 512 prvků)"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.contains(&format!(" --> {FILE}:8:")),
        "{}",
        &text[..2000]
    );
    assert!(
        text.contains("= rada: uzavřete každý prvek"),
        "{}",
        &text[..2000]
    );
    assert_eq!(d.error_count(), 1, "{text}");
}

#[test]
fn wide_raw_html_still_builds() {
    // 100 levels deep, 1,000 blocks wide: far more than any page needs, still a page.
    let block = format!("{}x{}\n\n", "<div>".repeat(100), "</div>".repeat(100));
    let site = site_with_body(&block.repeat(1_000));
    let root = site.path().to_path_buf();
    let built = within(60, "1,000 × 100 nested <div>", move || {
        build_root(&root, DAY, None)
    });
    let page = built.text("jh/jednani/rs-01/index.html");
    assert_eq!(page.matches("<div>").count(), 100_000);
}

// Old code (release): 85 s; debug far longer. Now about 3 s in debug.
#[test]
fn thirty_thousand_broken_links_print_a_cap_and_count_them_all() {
    let site = site_with_body(&"[](x.md)\n".repeat(30_000));
    let root = site.path().to_path_buf();
    let err = within(30, "30,000 broken links", move || check_cli(&root, &[]));
    assert_eq!(
        err.matches("chyba: odkaz na neexistující soubor").count(),
        200
    );
    assert!(
        err.contains(&format!(" --> {FILE}:6:1\n")),
        "{}",
        &err[..1000]
    );
    assert!(err.contains(&format!(" --> {FILE}:205:1\n")));
    assert!(!err.contains(&format!(" --> {FILE}:206:1\n")));
    assert!(
        err.contains("… a dalších 29 800 chyb (všechny vypíše --message-format json)\n"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    assert!(
        err.ends_with("30 000 chyb v 1 souboru\n"),
        "{}",
        &err[err.len() - 300..]
    );

    let root = site.path().to_path_buf();
    let json = within(30, "the same as JSON", move || {
        check_cli(&root, &["--message-format", "json"])
    });
    let lines: Vec<&str> = json.lines().filter(|l| l.starts_with('{')).collect();
    assert_eq!(lines.len(), 30_000);
    let last: serde_json::Value = serde_json::from_str(lines[29_999]).unwrap();
    assert_eq!(last["line"], 30_005);
    assert_eq!(last["column"], 1);
}

#[test]
fn the_cap_line_is_english_in_an_english_site() {
    let site = site_with_body(&"[](x.md)\n".repeat(202));
    make_english(site.path());
    let err = check_cli(site.path(), &[]);
    assert!(err.contains("… and 2 more errors (--message-format json lists them all)\n"));
    assert!(err.ends_with("202 errors in 1 file\n"), "{err}");
}

// Old code (release): 357 s on a loaded machine, all in rendering 30,000 diagnostics whose
// spans each cover the rest of one 180 KB line. Now about 2 s in debug.
#[test]
fn thirty_thousand_nested_images_are_refused_quickly() {
    let body = format!("{}x{}\n", "![".repeat(30_000), "](x)".repeat(30_000));
    let site = site_with_body(&body);
    let root = site.path().to_path_buf();
    let err = within(30, "30,000 nested images", move || check_cli(&root, &[]));
    assert!(
        err.contains(&format!(" --> {FILE}:6:1\n")),
        "{}",
        &err[..2000]
    );
    assert!(
        err.contains("… a dalších 29 801 chyb"),
        "{}",
        &err[err.len() - 500..]
    );
    assert!(
        err.ends_with("30 001 chyb v 1 souboru\n"),
        "{}",
        &err[err.len() - 300..]
    );
    // The refusal sorts after the first 200 links (it is at the 512th image): look it up.
    let d = check(site.path()).expect("refused");
    let deep = d
        .items()
        .iter()
        .find(|e| e.message == "text je zanořený příliš hluboko (víc než 512 úrovní)")
        .expect("the nesting is refused");
    assert_eq!(deep.file, FILE);
    // The paragraph is one level, so the 512th image (column 2 × 511 + 1) passes 512.
    assert_eq!(d.line_col(deep), Some((6, 1023)));
}

#[test]
fn many_valid_images_still_build() {
    let site = site_with_body(&"![zápis](rs-01.pdf) ".repeat(10_000));
    let root = site.path().to_path_buf();
    let built = within(60, "10,000 images", move || build_root(&root, DAY, None));
    let page = built.text("jh/jednani/rs-01/index.html");
    assert_eq!(page.matches("<img ").count(), 10_000);
}

/// `n` more meetings of group rs in territory jh (numbers 4, 5, …).
fn add_meetings(root: &Path, n: usize) {
    for i in 0..n {
        let number = i + 4;
        let text = format!("+++\ngroup = \"rs\"\nnumber = {number}\n+++\nJednání {number}.\n");
        let path = root.join(format!("content/jh/jednani/rs-{number:04}.md"));
        std::fs::write(path, text).unwrap();
    }
}

// Old code (debug): the 64 KiB name compared with each of 2,000 page names; see the report.
#[test]
fn a_64_kib_broken_link_on_a_large_site_is_reported_quickly() {
    let site = site_with_body(&format!("Viz [zápis]({}.md).\n", "a".repeat(64 * 1024)));
    add_meetings(site.path(), 2_000);
    let root = site.path().to_path_buf();
    let d = within(30, "64 KiB link, 2,000 meetings", move || check(&root)).expect("broken");
    let text = d.render_plain(Default::default());
    assert!(
        text.contains("chyba: odkaz na neexistující soubor"),
        "{}",
        &text[..500]
    );
    assert!(
        text.contains(&format!(" --> {FILE}:6:5\n")),
        "{}",
        &text[..500]
    );
    assert_eq!(d.error_count(), 1);
}
