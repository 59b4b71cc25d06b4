//! Texts left on disk (`source::text`): a site whose Markdown is past the budget of texts kept
//! in memory (`KPSS_TEXTS_IN_MEMORY`, here 0) builds byte for byte as with every text in
//! memory, cold and warm; a file that changes between load and a later read stops the build,
//! names the file and keeps the last output.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{copy_tree, fixture, repo, snapshot_tree, stderr};

const DAY: &str = "2026-11-25";

/// The binary with timings on, no failpoint, and the texts' budget `budget` (`None`: the
/// default).
fn kpss(budget: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kpss"));
    c.env("KPSS_TIMINGS", "1").env_remove("KPSS_FAILPOINT");
    match budget {
        Some(b) => c.env("KPSS_TEXTS_IN_MEMORY", b),
        None => c.env_remove("KPSS_TEXTS_IN_MEMORY"),
    };
    c
}

fn build(site: &Path, out: &Path, budget: Option<&str>, extra: &[&str]) -> Output {
    kpss(budget)
        .arg("--root")
        .arg(site)
        .args(["build", "--date", DAY, "--output"])
        .arg(out)
        .args(extra)
        .output()
        .expect("kpss runs")
}

/// The first meeting file of `site` (a `.md` under a `jednani/` folder).
fn a_meeting(site: &Path) -> std::path::PathBuf {
    walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .find(|p| {
            p.to_string_lossy().contains("/jednani/") && p.extension().is_some_and(|e| e == "md")
        })
        .expect("a meeting")
}

/// (in memory, on disk) from the `KPSS_TIMINGS` line.
fn texts(err: &str) -> (usize, usize) {
    let line = err
        .lines()
        .find(|l| l.starts_with("kpss: texts: "))
        .unwrap_or_else(|| panic!("no texts line in:\n{err}"));
    let n: Vec<usize> = line.split(' ').filter_map(|w| w.parse().ok()).collect();
    (n[0], n[1])
}

fn built(o: &Output) -> String {
    let err = stderr(o);
    assert!(o.status.success(), "build failed:\n{err}");
    err
}

#[test]
fn a_site_with_its_texts_on_disk_builds_byte_for_byte_as_in_memory() {
    for site in [
        repo(),
        fixture("basic"),
        fixture("plans"),
        fixture("catalogue"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (mem, disk) = (dir.path().join("mem"), dir.path().join("disk"));
        let err = built(&build(&site, &mem, None, &["--no-cache"]));
        let (kept, left) = texts(&err);
        assert!(kept > 0 && left == 0, "{kept} {left}");
        let err = built(&build(&site, &disk, Some("0"), &["--no-cache"]));
        assert_eq!(texts(&err), (0, kept), "every text left on disk");
        assert!(
            snapshot_tree(&mem) == snapshot_tree(&disk),
            "{}: the outputs differ",
            site.display()
        );
    }
}

#[test]
fn a_warm_build_with_texts_on_disk_equals_a_cold_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = dir.path().join("out");
    built(&build(&site, &out, Some("0"), &[]));
    // A body and a front matter edit of one meeting, then a warm build with texts on disk.
    let meeting = a_meeting(&site);
    let text = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(&meeting, format!("{text}\nDoplněno: **nový odstavec**.\n")).unwrap();
    let err = built(&build(&site, &out, Some("0"), &[]));
    assert!(texts(&err).1 > 0);
    let cold = dir.path().join("cold");
    built(&build(&site, &cold, None, &["--no-cache"]));
    let mut warm = snapshot_tree(&out);
    warm.remove(".kpss-cache");
    assert!(warm == snapshot_tree(&cold), "warm and cold outputs differ");
    assert!(
        warm.iter().any(|(k, v)| k.ends_with(".html")
            && String::from_utf8_lossy(v).contains("<strong>nový odstavec</strong>")),
        "the edit is on its page"
    );
}

#[test]
fn a_text_changed_between_load_and_render_stops_the_build_and_keeps_the_last_output() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = dir.path().join("out");
    built(&build(&site, &out, Some("0"), &["--no-cache"]));
    let before = snapshot_tree(&out);
    let meeting = a_meeting(&site);
    let rel = meeting.strip_prefix(&site).unwrap().display().to_string();
    let mut child = kpss(Some("0"))
        .arg("--root")
        .arg(&site)
        .args(["build", "--date", DAY, "--no-cache", "--output"])
        .arg(&out)
        .env("KPSS_FAILPOINT", "pause-after-load")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kpss runs");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("paused after load") {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "no pause line");
    }
    let text = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(&meeting, format!("{text}\nZměněno.\n")).unwrap();
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build must fail:\n{rest}");
    assert!(
        rest.contains(&rel) && rest.contains("se během sestavení změnil"),
        "{rest}"
    );
    assert!(
        snapshot_tree(&out) == before,
        "the last output stays as it was"
    );
}

#[test]
fn every_invalid_site_reports_the_same_with_its_texts_on_disk() {
    let cases: Vec<_> = std::fs::read_dir(repo().join("tests/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("content").is_dir())
        .collect();
    assert!(cases.len() > 30, "{} cases", cases.len());
    let mut left_on_disk = 0;
    for case in cases {
        let run = |budget: Option<&str>| {
            let o = kpss(budget)
                .arg("--root")
                .arg(&case)
                .args(["check", "--date", DAY])
                .output()
                .expect("kpss runs");
            let err = stderr(&o);
            let texts = err
                .lines()
                .find(|l| l.starts_with("kpss: texts: "))
                .map(texts);
            let report: String = err
                .lines()
                .filter(|l| !l.starts_with("kpss: "))
                .map(|l| format!("{l}\n"))
                .collect();
            (o.status.code(), report, texts)
        };
        let (code, report, _) = run(None);
        let (code0, report0, texts0) = run(Some("0"));
        left_on_disk += texts0.map_or(0, |t| t.1);
        assert_eq!(code, code0, "{}", case.display());
        assert_eq!(report, report0, "{}: the reports differ", case.display());
        assert!(
            code != Some(0),
            "{}: an invalid site passed",
            case.display()
        );
    }
    assert!(
        left_on_disk > 30,
        "the texts were left on disk: {left_on_disk}"
    );
}
