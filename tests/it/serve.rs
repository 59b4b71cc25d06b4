//! `kpss serve` end to end: the real binary on a free loopback port, a copy of the basic
//! fixture edited while it runs, a hand-rolled HTTP/1.1 and WebSocket client on raw TCP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_tree, fixture, free_port};

pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    _dir: tempfile::TempDir,
    pub(crate) site: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start() -> Server {
    start_with(&[])
}

/// [`start`] on the basic fixture with `files` (root-relative path, text) written in first.
fn start_with(files: &[(String, String)]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    for (path, text) in files {
        std::fs::write(site.join(path), text).unwrap();
    }
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args([
            "--root",
            site.to_str().unwrap(),
            "serve",
            "--port",
            &port.to_string(),
            "--date",
            "2026-11-25",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let s = Server {
        child,
        port,
        _dir: dir,
        site,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok((200, _, _)) = try_get(port, "/planovani/") {
            return s;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("server did not come up");
}

fn raw(port: u16, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.write_all(request)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(out)
}

fn parse(resp: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(resp).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

fn try_get(port: u16, path: &str) -> std::io::Result<(u16, String, String)> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    Ok(parse(&raw(port, req.as_bytes())?))
}

pub(crate) fn get(port: u16, path: &str) -> (u16, String, String) {
    try_get(port, path).unwrap()
}

pub(crate) fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out waiting for {what}");
}

/// A WebSocket client: the handshake, then text frames from the server.
struct Ws(TcpStream);

impl Ws {
    fn connect(port: u16) -> Ws {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let req = format!(
            "GET /__kpss/livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut b).unwrap();
            head.push(b[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        assert!(head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{head}");
        Ws(s)
    }

    fn next_text(&mut self) -> String {
        loop {
            let mut h = [0u8; 2];
            self.0.read_exact(&mut h).unwrap();
            let mut len = (h[1] & 0x7f) as usize;
            if len == 126 {
                let mut l = [0u8; 2];
                self.0.read_exact(&mut l).unwrap();
                len = u16::from_be_bytes(l) as usize;
            } else if len == 127 {
                let mut l = [0u8; 8];
                self.0.read_exact(&mut l).unwrap();
                len = u64::from_be_bytes(l) as usize;
            }
            let mut payload = vec![0u8; len];
            self.0.read_exact(&mut payload).unwrap();
            if h[0] & 0x0f == 1 {
                return String::from_utf8(payload).unwrap();
            }
        }
    }
}

pub(crate) fn edit(site: &Path, rel: &str, text: &str) {
    std::fs::write(site.join(rel), text).unwrap();
}

#[test]
fn an_edit_is_served_and_open_tabs_are_told_to_reload() {
    let s = start();
    let (status, head, body) = get(s.port, "/planovani/jh/jednani/rs-02/");
    assert_eq!(status, 200);
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(
        body.contains("/__kpss/livereload"),
        "the preview injects its script"
    );
    let mut ws = Ws::connect(s.port);
    std::thread::sleep(Duration::from_millis(200));
    edit(
        &s.site,
        "content/jh/jednani/rs-02.md",
        "+++\ngroup = \"rs\"\nnumber = 2\nminutes = \"rs-02.pdf\"\nplace = \"Zasedací místnost ÚPRAVA\"\n+++\nNový text po úpravě.\n",
    );
    assert_eq!(ws.next_text(), r#"{"type":"reload"}"#);
    let (_, _, body) = get(s.port, "/planovani/jh/jednani/rs-02/");
    assert!(body.contains("Nový text po úpravě."), "{body}");
    assert!(body.contains("Zasedací místnost ÚPRAVA"));
}

/// kpss turns transparent huge pages off for itself at start (`main.rs`: with them a warm
/// build at 100,000 meetings paid twice the system time): the kernel says so of the running
/// process.
#[test]
fn the_process_runs_without_transparent_huge_pages() {
    let s = start();
    let status = std::fs::read_to_string(format!("/proc/{}/status", s.child.id())).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("THP_enabled:"))
        .unwrap_or_else(|| panic!("no THP_enabled line (Linux 5.0 or later has one):\n{status}"));
    assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
}

/// Meeting `n` of group `ps-deti` in `jh` (number `n + 3`, place „MěÚ“), `front` added to its
/// front matter (lines ending in a newline): its root-relative path and text.
fn ps_deti_meeting(n: usize, front: &str) -> (String, String) {
    (
        format!("content/jh/jednani/ps-deti-{n:04}.md"),
        format!(
            "+++\ngroup = \"ps-deti\"\nnumber = {}\n{front}place = \"MěÚ\"\n+++\nJednání {n}.\n",
            n + 3
        ),
    )
}

/// `date = <year>-MM-DD` for meeting `n`, spread over the year (a line of front matter).
fn date_in(year: u16, n: usize) -> String {
    format!("date = {year}-{:02}-{:02}\n", 1 + n % 12, 1 + n % 28)
}

/// The basic fixture with `files` (root-relative path, text) written in.
fn basic_plus(files: &[(String, String)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    crate::common::basic_with(&refs)
}

/// A new meeting shifts the list pages after it: the server renders them after the page and
/// then tells the tabs showing one of them, and only those, to reload.
#[test]
fn tabs_on_the_list_pages_a_new_meeting_shifts_are_told_to_reload() {
    let files: Vec<(String, String)> = (0..450)
        .map(|n| ps_deti_meeting(n, &date_in(2028, n)))
        .collect();
    let s = start_with(&files);
    let mut ws = Ws::connect(s.port);
    std::thread::sleep(Duration::from_millis(200));
    edit(
        &s.site,
        "content/jh/jednani/ps-deti-nove.md",
        "+++\ngroup = \"ps-deti\"\nnumber = 9999\ndate = 2028-12-31\nplace = \"Nový sál\"\n+++\n",
    );
    assert_eq!(ws.next_text(), r#"{"type":"reload"}"#);
    let (_, _, body) = get(s.port, "/planovani/jh/jednani/ps-deti-nove/");
    assert!(body.contains("Nový sál"), "{body}");
    let later: serde_json::Value = serde_json::from_str(&ws.next_text()).unwrap();
    assert_eq!(later["type"], "reload");
    let paths: Vec<&str> = later["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    // Newest of all, it heads page 1 (served first); pages 2 and 3 only shift.
    for shifted in [
        "/planovani/jh/jednani/strana/2/",
        "/planovani/jh/jednani/strana/3/",
    ] {
        assert!(paths.contains(&shifted), "{paths:?}");
    }
    assert!(!paths.contains(&"/planovani/jh/jednani/"), "{paths:?}");
    assert!(
        !paths.contains(&"/planovani/jh/jednani/ps-deti-nove/"),
        "{paths:?}"
    );
    let (_, _, page3) = get(s.port, "/planovani/jh/jednani/strana/3/");
    assert!(page3.contains("ps-deti-"), "page 3 is served");
}

#[test]
fn new_and_deleted_meetings_appear_and_disappear_with_their_links() {
    let s = start();
    edit(
        &s.site,
        "content/jh/jednani/rs-04.md",
        "+++\ngroup = \"rs\"\nnumber = 4\ndate = 2026-12-01\n+++\n",
    );
    wait_for("the new meeting", || {
        get(s.port, "/planovani/jh/jednani/rs-04/").0 == 200
    });
    assert!(
        get(s.port, "/planovani/jh/skupiny/rs/")
            .2
            .contains("4. jednání ŘS")
    );
    std::fs::remove_file(s.site.join("content/jh/jednani/rs-03.md")).unwrap();
    std::fs::remove_file(s.site.join("content/jh/jednani/rs-03.pdf")).unwrap();
    wait_for("the deleted meeting to go", || {
        get(s.port, "/planovani/jh/jednani/rs-03/").0 == 404
    });
    let group = get(s.port, "/planovani/jh/skupiny/rs/").2;
    assert!(!group.contains("3. jednání ŘS"), "{group}");
    assert!(!group.contains("/jh/jednani/rs-03/"));
}

#[test]
fn a_broken_edit_shows_errors_keeps_the_last_good_site_and_recovers() {
    let s = start();
    let mut ws = Ws::connect(s.port);
    std::thread::sleep(Duration::from_millis(200));
    let good = std::fs::read_to_string(s.site.join("content/jh/jednani/rs-01.md")).unwrap();
    edit(
        &s.site,
        "content/jh/jednani/rs-01.md",
        "+++\ngroup = \"neni\"\nnumber = 1\n+++\n",
    );
    let msg = ws.next_text();
    assert!(msg.contains("\"type\":\"error\""), "{msg}");
    assert!(msg.contains("content/jh/jednani/rs-01.md:2:9"), "{msg}");
    let (status, _, body) = get(s.port, "/planovani/jh/jednani/rs-01/");
    assert_eq!(status, 200, "the last good page stays served");
    assert!(body.contains("<h1>1. jednání ŘS</h1>"));
    assert!(
        body.contains("id=\"kpss-errors\""),
        "the page shows the errors"
    );
    edit(&s.site, "content/jh/jednani/rs-01.md", &good);
    assert_eq!(ws.next_text(), r#"{"type":"reload"}"#);
    assert!(
        !get(s.port, "/planovani/jh/jednani/rs-01/")
            .2
            .contains("id=\"kpss-errors\"")
    );
}

#[test]
fn no_request_escapes_the_site_and_sources_are_never_served() {
    let s = start();
    for path in [
        "/planovani/../config.toml",
        "/planovani/%2e%2e/config.toml",
        "/planovani/%2E%2E/%2e%2e/etc/passwd",
        "/planovani/..%2fconfig.toml",
        "/planovani/jh/..%5c..%5cconfig.toml",
        "/planovani\\..\\config.toml",
        "/planovani/%00",
        "/planovani//etc/passwd",
        "//etc/passwd",
        "/planovani/config.toml",
        "/planovani/content/jh/_index.md",
        "/content/jh/_index.md",
        "/config.toml",
    ] {
        let (status, _, body) = get(s.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("base_url"), "{path} leaked config.toml");
        assert!(!body.contains("+++"), "{path} leaked a source file");
    }
    let (status, head, body) = get(s.port, "/planovani/neni-tu/");
    assert_eq!(status, 404);
    assert!(head.contains("cache-control: no-store"));
    assert!(
        body.contains("Stránka nenalezena"),
        "the site's own 404 page"
    );
    let (status, head, _) = get(s.port, "/");
    assert_eq!(status, 302);
    assert!(head.contains("location: /planovani/"), "{head}");
}

#[test]
fn it_holds_up_under_parallel_clients_and_bad_requests() {
    let s = start();
    let port = s.port;
    let handles: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                (0..25)
                    .filter(|_| get(port, "/planovani/jh/").0 == 200)
                    .count()
            })
        })
        .collect();
    let ok: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(ok, 200);
    // Oversized headers, garbage bytes and a lying Content-Length: answered or dropped.
    let big = format!(
        "GET /planovani/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let _ = raw(port, big.as_bytes());
    let _ = raw(port, b"\x00\xff\xfe garbage \r\n\r\n\x16\x03\x01");
    if let Ok(mut c) = TcpStream::connect(("127.0.0.1", port)) {
        let _ = c.write_all(
            format!("POST /planovani/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 100000\r\n\r\nshort").as_bytes(),
        );
        // Leave it hanging and go on: the server must keep serving others.
        assert_eq!(get(port, "/planovani/").0, 200);
    }
    assert_eq!(get(port, "/planovani/").0, 200);
}

#[test]
fn a_taken_port_is_a_clear_error_with_exit_2() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args([
            "--root",
            fixture("basic").to_str().unwrap(),
            "serve",
            "--port",
            &port.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("obsazen"), "{err}");
}

/// The browser test (tests/browser/reload.mjs) needs Debian chromium and the npm package
/// (`scripts/test.sh` and `.ci/run` install the package). Without them it fails, unless
/// `KPSS_SKIP_BROWSER=1` says to skip it (and then it says so): "ok" means it ran.
#[test]
fn an_open_browser_tab_reloads_by_itself() {
    if !crate::common::browser_ready("browser test") {
        return;
    }
    let dir = crate::common::repo().join("tests/browser");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = Command::new("node")
        .arg(dir.join("reload.mjs"))
        .arg(env!("CARGO_BIN_EXE_kpss"))
        .arg(&site)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("tab reloaded by itself"), "{text}");
}

/// Every file the live session serves equals a fresh full build's, and none is left over.
fn same_as_full(live: &kpss::serve::Session, opts: &kpss::serve::SessionOptions, after: &str) {
    use kpss::serve::{Rebuilt, Session};
    let mut fresh = Session::new(opts.clone());
    assert!(matches!(fresh.full(), Rebuilt::Full { .. }));
    let (a, b) = (live.files(), fresh.files());
    let mut differ: Vec<&std::sync::Arc<str>> =
        b.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    differ.sort();
    assert!(
        differ.is_empty(),
        "after {after}, pages differ from a full build: {differ:?}"
    );
    let mut extra: Vec<&std::sync::Arc<str>> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    extra.sort();
    assert!(
        extra.is_empty(),
        "after {after}, stale files are served: {extra:?}"
    );
}

/// Save `text` into `file`: the session patches it in (more than the file's own page changes,
/// nothing is resolved), and every file it serves equals a full build's.
fn patched_like_full(
    live: &mut kpss::serve::Session,
    opts: &kpss::serve::SessionOptions,
    file: &std::path::Path,
    text: &str,
    what: &str,
) {
    use kpss::serve::Rebuilt;
    std::fs::write(file, text).unwrap();
    let resolves = live.resolves();
    let r = live.update(&[file.to_path_buf()]);
    assert!(
        matches!(r, Rebuilt::Partial { pages, .. } if pages > 1),
        "{what}: {r:?}"
    );
    assert_eq!(live.resolves(), resolves, "{what} is patched in");
    same_as_full(live, opts, what);
}

/// An activity of a plan, carried out by `cpkp`, looked after by `rs`, its 2026 status STATUS.
const PLAN_ACTIVITY: &str = "+++\ncode = \"1.1.1\"\ntitle = \"Pečovatelská služba\"\norganisations = [\"cpkp\"]\ngroups = [\"rs\"]\n\n[[monitoring]]\nyear = 2026\nstatus = \"STATUS\"\n+++\n";

/// A preview session of a copy of fixture `name` at build date `date`, built in full: the
/// folder (kept alive), the site root, the session and its options.
fn live_session(
    name: &str,
    date: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    kpss::serve::Session,
    kpss::serve::SessionOptions,
) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture(name), &site);
    let (live, opts) = session_at(&site, date);
    (dir, site, live, opts)
}

/// A preview session of the site at `site` at build date `date`, built in full, and its options.
fn session_at(
    site: &std::path::Path,
    date: &str,
) -> (kpss::serve::Session, kpss::serve::SessionOptions) {
    use kpss::serve::{Rebuilt, Session, SessionOptions};
    let opts = SessionOptions {
        root: site.to_path_buf(),
        date: date.parse().unwrap(),
        drafts: false,
        timings: false,
    };
    let mut live = Session::new(opts.clone());
    assert!(matches!(live.full(), Rebuilt::Full { .. }));
    (live, opts)
}

/// A body edit of a group, an organisation or a page, its front matter untouched, renders
/// only that page; a broken link in it, or a front matter change, goes through a resolve.
/// Each compared with a full build.
#[test]
fn a_body_edit_of_a_group_organisation_or_page_renders_only_its_page() {
    use kpss::serve::Rebuilt;
    let (_dir, site, mut live, opts) = live_session("basic", "2026-11-25");
    for rel in [
        "content/jh/skupiny/rs.md",
        "content/organizace/cpkp.md",
        "content/o-nas.md",
    ] {
        let file = site.join(rel);
        let good = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            format!("{good}\nNový odstavec, viz [jednání](@/jh/jednani/rs-01.md).\n"),
        )
        .unwrap();
        let resolves = live.resolves();
        let r = live.update(std::slice::from_ref(&file));
        assert!(matches!(r, Rebuilt::Partial { pages: 1, .. }), "{rel}");
        assert_eq!(
            live.resolves(),
            resolves,
            "{rel}: a body edit is patched in"
        );
        same_as_full(&live, &opts, rel);
        std::fs::write(&file, format!("{good}\nViz [nic](@/jh/jednani/neni.md).\n")).unwrap();
        match live.update(std::slice::from_ref(&file)) {
            Rebuilt::Failed(text) => assert!(text.contains("neni.md"), "{text}"),
            _ => panic!("{rel}: a broken link must fail"),
        }
        std::fs::write(&file, good.replacen("title = \"", "title = \"Nově ", 1)).unwrap();
        let r = live.update(std::slice::from_ref(&file));
        assert!(
            matches!(r, Rebuilt::Partial { pages, .. } if pages > 1),
            "{rel}: a new title"
        );
        // The broken link was resolved (and reported), then the new title.
        assert_eq!(
            live.resolves(),
            resolves + 2,
            "{rel}: a new title is resolved"
        );
        same_as_full(&live, &opts, &format!("{rel} renamed"));
        std::fs::write(&file, &good).unwrap();
        assert!(matches!(
            live.update(std::slice::from_ref(&file)),
            Rebuilt::Partial { .. }
        ));
        same_as_full(&live, &opts, &format!("{rel} back"));
    }
    // A new link to a page inside the site is a page of its own, as the walk sees it (not an
    // edit of the file it points to).
    let link = site.join("content/o-nas-kopie.md");
    std::os::unix::fs::symlink("o-nas.md", &link).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&link)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "a link to a page added");
}

/// An edit of an activity's monitoring renders only the pages that show it: the activity, its
/// plan (latest status, counts), the year's page, and the back-links that show its status
/// (its organisation, its group, its target group); its text alone only the two pages showing
/// it. Each compared with a full build.
#[test]
fn a_monitoring_edit_renders_only_the_pages_showing_it() {
    use kpss::serve::Rebuilt;
    let (_dir, site, mut live, opts) = live_session("plans", "2023-05-01");
    let file = site.join("content/jh/plany/kp-2020-2022/pecovatelska-sluzba.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let edits = [
        // The 2021 status: activity, plan, 2021, charita, ps-seniori, cilove-skupiny/seniori,
        // and the service the activity names (its page and the booklet show the status).
        (
            before.replace("status = \"castecne\"", "status = \"splneno\""),
            8,
        ),
        // The 2021 text: the activity and the year 2021 only.
        (
            before
                .replace("status = \"castecne\"", "status = \"splneno\"")
                .replace("Kapacita navýšena", "Kapacita zvýšena"),
            2,
        ),
    ];
    for (text, pages) in edits {
        assert_ne!(text, std::fs::read_to_string(&file).unwrap());
        std::fs::write(&file, &text).unwrap();
        match live.update(std::slice::from_ref(&file)) {
            Rebuilt::Partial { pages: p, .. } => assert_eq!(p, pages, "pages rendered"),
            Rebuilt::Full { .. } => panic!("a monitoring edit rebuilt everything"),
            Rebuilt::Failed(text) => panic!("{text}"),
        }
        same_as_full(&live, &opts, "a monitoring edit");
    }
}

/// The incremental path must give exactly what a full build of the edited tree gives.
#[test]
fn an_incremental_rebuild_equals_a_full_build() {
    use kpss::serve::{Rebuilt, Session, SessionOptions};
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    // Enough meetings that lists have several pages.
    for n in 4..=450 {
        let day = 1 + n % 28;
        let month = 1 + n % 12;
        std::fs::write(
            site.join(format!("content/jh/jednani/rs-{n:03}.md")),
            format!("+++\ngroup = \"rs\"\nnumber = {n}\ndate = 20{:02}-{month:02}-{day:02}\n+++\nJednání {n}.\n", 10 + n % 15),
        )
        .unwrap();
    }
    // A plan with an activity, whose monitoring is edited below (the fingerprint path).
    let plan_dir = site.join("content/jh/plany/kp-2025-2027");
    std::fs::create_dir_all(&plan_dir).unwrap();
    std::fs::write(
        plan_dir.join("_index.md"),
        "+++\ntitle = \"Plán 2025–2027\"\nperiod = \"2025–2027\"\n\n[approval]\nbody = \"Zastupitelstvo\"\ndate = 2024-12-10\n\n[[priorities]]\ncode = \"1\"\ntitle = \"Senioři\"\ntarget_group = \"seniori\"\n\n[[measures]]\ncode = \"1.1\"\ntitle = \"Terénní služby\"\n+++\n",
    )
    .unwrap();
    std::fs::write(
        plan_dir.join("pecovatelska.md"),
        PLAN_ACTIVITY.replace("STATUS", "plni-se"),
    )
    .unwrap();
    let opts = SessionOptions {
        root: site.clone(),
        date: "2026-11-25".parse().unwrap(),
        drafts: false,
        timings: false,
    };
    let mut live = Session::new(opts.clone());
    assert!(matches!(live.full(), Rebuilt::Full { .. }));
    let edits = [
        // body and place only: the fast path (its date stays 2020-05-17)
        (
            "rs-100.md",
            "+++\ngroup = \"rs\"\nnumber = 100\ndate = 2020-05-17\nplace = \"Sál\"\n+++\nJiný text.\n",
        ),
        // the body alone, with links to a meeting and a fragment of a document: only its page
        (
            "rs-100.md",
            "+++\ngroup = \"rs\"\nnumber = 100\ndate = 2020-05-17\nplace = \"Sál\"\n+++\n## Závěr\nViz [jednání 101](rs-101.md) a [cíle](@/jh/dokumenty/kp.md#cile).\n",
        ),
        // an upcoming meeting's time: the home page lists it (the fast path too)
        (
            "ps-deti-01.md",
            "+++\ngroup = \"ps-deti\"\nnumber = 1\ndate = 2030-03-05\ntime = \"10:15\"\nplace = \"MěÚ\"\nagenda = [\"Úvod\", \"Diskuse\"]\n+++\n",
        ),
        // a date within the same list pages' reach
        (
            "rs-100.md",
            "+++\ngroup = \"rs\"\nnumber = 100\ndate = 2015-05-05\n+++\nJiný text.\n",
        ),
        // a new date moves it across list pages and years
        (
            "rs-100.md",
            "+++\ngroup = \"rs\"\nnumber = 100\ndate = 2030-01-15\n+++\nBude.\n",
        ),
        // from the newest to among the oldest: every page of the lists in between shifts
        (
            "rs-100.md",
            "+++\ngroup = \"rs\"\nnumber = 100\ndate = 2010-01-03\n+++\nBylo.\n",
        ),
        // another group, another number
        (
            "rs-200.md",
            "+++\ngroup = \"ps-deti\"\nnumber = 7\n+++\nPřesunuto.\n",
        ),
        // the only meeting of a year, then moved away: that year's page must go
        (
            "rs-014.md",
            "+++\ngroup = \"rs\"\nnumber = 14\ndate = 2009-02-02\n+++\n",
        ),
        (
            "rs-014.md",
            "+++\ngroup = \"rs\"\nnumber = 14\ndate = 2031-02-02\n+++\n",
        ),
    ];
    for (file, text) in edits {
        let path = site.join("content/jh/jednani").join(file);
        std::fs::write(&path, text).unwrap();
        assert!(
            matches!(live.update(&[path]), Rebuilt::Partial { .. }),
            "{file} is a meeting edit"
        );
        same_as_full(&live, &opts, &format!("{file:?}"));
    }
    // A body with a broken link, or without the heading another file links to, is not taken
    // alone: resolving the site reports it, and the fixed body is served again.
    let rs3 = site.join("content/jh/jednani/rs-03.md");
    let good = std::fs::read_to_string(&rs3).unwrap();
    let head = &good[..good.rfind("+++").unwrap() + 4];
    for (bad, says) in [
        (format!("{head}Viz [nic](rs-999.md).\n"), "rs-999.md"),
        (
            format!("{head}## Závěr\nViz [cíle](@/jh/dokumenty/kp.md#neni).\n"),
            "#neni",
        ),
    ] {
        std::fs::write(&rs3, &bad).unwrap();
        match live.update(std::slice::from_ref(&rs3)) {
            Rebuilt::Failed(text) => assert!(text.contains(says), "{text}"),
            _ => panic!("a broken body must fail: {bad}"),
        }
        std::fs::write(&rs3, &good).unwrap();
        assert!(matches!(
            live.update(std::slice::from_ref(&rs3)),
            Rebuilt::Partial { .. }
        ));
        same_as_full(&live, &opts, "a fixed body");
    }
    // A heading another meeting links to stays, or the edit is refused.
    let rs1 = site.join("content/jh/jednani/rs-01.md");
    let rs1_text = std::fs::read_to_string(&rs1).unwrap();
    let head1 = &rs1_text[..rs1_text.rfind("+++").unwrap() + 4];
    for (file, text) in [
        (&rs1, format!("{head1}## Úvod\nText.\n")),
        (&rs3, format!("{head}Viz [úvod](rs-01.md#uvod).\n")),
    ] {
        std::fs::write(file, text).unwrap();
        // A body-only edit renders the meeting's own page and nothing else.
        let r = live.update(std::slice::from_ref(file));
        assert!(matches!(r, Rebuilt::Partial { pages: 1, .. }), "{file:?}");
        same_as_full(&live, &opts, "a link to a heading of a meeting");
    }
    std::fs::write(&rs1, format!("{head1}## Jiný nadpis\n")).unwrap();
    match live.update(std::slice::from_ref(&rs1)) {
        Rebuilt::Failed(text) => assert!(text.contains("#uvod"), "{text}"),
        _ => panic!("a heading linked from rs-03 was removed"),
    }
    std::fs::write(&rs1, format!("{head1}## Úvod\nZase.\n")).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs1)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the meeting's heading back");
    // Place and agenda show on the meeting's own page only: one page again. A front matter
    // with an error is not patched in: resolving reports it.
    let body3 = &good[head.len()..];
    let placed = format!(
        "+++\ngroup = \"rs\"\nnumber = 3\nminutes = \"rs-03.pdf\"\nplace = \"Malý sál\"\nagenda = [\"Úvod\", \"Různé\"]\n+++\n{body3}"
    );
    assert!(
        head.contains("number = 3") && !head.contains("place"),
        "{head}"
    );
    for (text, pages) in [(placed.clone(), 1), (good.clone(), 1)] {
        std::fs::write(&rs3, &text).unwrap();
        let r = live.update(std::slice::from_ref(&rs3));
        assert!(
            matches!(r, Rebuilt::Partial { pages: p, .. } if p == pages),
            "{text}"
        );
        same_as_full(&live, &opts, "a new place and agenda");
    }
    std::fs::write(&rs3, placed.replace("place =", "misto =")).unwrap();
    match live.update(std::slice::from_ref(&rs3)) {
        Rebuilt::Failed(text) => assert!(text.contains("misto"), "{text}"),
        _ => panic!("an unknown key must fail"),
    }
    std::fs::write(&rs3, placed.replace("number = 3", "number = 777")).unwrap();
    let r = live.update(std::slice::from_ref(&rs3));
    assert!(
        matches!(r, Rebuilt::Partial { pages, .. } if pages > 1),
        "a new number changes lists and titles"
    );
    same_as_full(&live, &opts, "a new number");
    std::fs::write(&rs3, &good).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs3)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the number back");
    // Titles and numbers are patched in (lists, neighbours, outputs); a number another meeting
    // of the group has, alone or in the same batch, is reported as a full resolve reports it.
    let rs4 = site.join("content/jh/jednani/rs-004.md");
    let good4 = std::fs::read_to_string(&rs4).unwrap();
    for (text, what) in [
        (
            good.replace("number = 3", "number = 3\ntitle = \"Mimořádné jednání\""),
            "a title",
        ),
        (
            good.replace("number = 3", "title = \"Bez čísla\""),
            "no number",
        ),
        (good.replace("number = 3", "number = 451"), "a free number"),
        (good.clone(), "the number and title back"),
    ] {
        patched_like_full(&mut live, &opts, &rs3, &text, what);
    }
    std::fs::write(&rs3, good.replace("number = 3", "number = 4")).unwrap();
    match live.update(std::slice::from_ref(&rs3)) {
        Rebuilt::Failed(text) => assert!(text.contains("rs-004.md"), "{text}"),
        _ => panic!("a number the group has must fail"),
    }
    std::fs::write(&rs3, &good).unwrap();
    std::fs::write(&rs4, good4.replace("number = 4", "number = 452")).unwrap();
    let rs5 = site.join("content/jh/jednani/rs-005.md");
    let good5 = std::fs::read_to_string(&rs5).unwrap();
    std::fs::write(&rs5, good5.replace("number = 5", "number = 452")).unwrap();
    match live.update(&[rs3.clone(), rs4.clone(), rs5.clone()]) {
        Rebuilt::Failed(text) => assert!(text.contains("452"), "{text}"),
        _ => panic!("two meetings given one number in one save must fail"),
    }
    std::fs::write(&rs4, &good4).unwrap();
    std::fs::write(&rs5, &good5).unwrap();
    assert!(matches!(
        live.update(&[rs3.clone(), rs4.clone(), rs5.clone()]),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "numbers back after duplicates");
    // Minutes uploaded: the PDF first (nothing names it yet: nothing to render), then the line
    // that names it; a PDF replaced under the same name; a named PDF deleted, then back.
    let jednani = site.join("content/jh/jednani");
    let new_pdf = jednani.join("rs-03-novy.pdf");
    std::fs::write(&new_pdf, "%PDF-1.4 nový zápis\n").unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&new_pdf)),
        Rebuilt::Partial { pages: 0, .. }
    ));
    let renamed = good.replace("minutes = \"rs-03.pdf\"", "minutes = \"rs-03-novy.pdf\"");
    assert_ne!(renamed, good);
    std::fs::write(&rs3, &renamed).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs3)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "new minutes named");
    std::fs::write(&new_pdf, "%PDF-1.4 opravený zápis, delší než předtím\n").unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&new_pdf)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the minutes replaced under the same name");
    std::fs::remove_file(&new_pdf).unwrap();
    match live.update(std::slice::from_ref(&new_pdf)) {
        Rebuilt::Failed(text) => assert!(text.contains("rs-03-novy.pdf"), "{text}"),
        _ => panic!("a deleted minutes file that is still named must fail"),
    }
    std::fs::write(&rs3, &good).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs3)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the old minutes named again");
    // Minutes added to a meeting that had none, and taken away; two meetings naming one new
    // file in one save; minutes another body links to, renamed: that link breaks, as a full
    // resolve reports.
    let one_pdf = jednani.join("spolecny.pdf");
    std::fs::write(&one_pdf, "%PDF-1.4 společný\n").unwrap();
    let _ = live.update(std::slice::from_ref(&one_pdf));
    for (text, what) in [
        (
            good4.replace("number = 4", "number = 4\nminutes = \"spolecny.pdf\""),
            "minutes added",
        ),
        (good4.clone(), "minutes taken away"),
    ] {
        patched_like_full(&mut live, &opts, &rs4, &text, what);
    }
    // A new file and the line naming it in one save: patched too, the file copied.
    let pdf4 = jednani.join("rs-004-zapis.pdf");
    std::fs::write(&pdf4, "%PDF-1.4 zápis 4\n").unwrap();
    std::fs::write(
        &rs4,
        good4.replace("number = 4", "number = 4\nminutes = \"rs-004-zapis.pdf\""),
    )
    .unwrap();
    let resolves = live.resolves();
    assert!(matches!(
        live.update(&[pdf4.clone(), rs4.clone()]),
        Rebuilt::Partial { .. }
    ));
    assert_eq!(
        live.resolves(),
        resolves,
        "new minutes in one save are patched in"
    );
    same_as_full(
        &live,
        &opts,
        "a new file and the line naming it in one save",
    );
    std::fs::write(&rs4, &good4).unwrap();
    std::fs::remove_file(&pdf4).unwrap();
    assert!(matches!(
        live.update(&[pdf4.clone(), rs4.clone()]),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "those minutes and their file gone");
    std::fs::write(
        &rs4,
        good4.replace("number = 4", "number = 4\nminutes = \"spolecny.pdf\""),
    )
    .unwrap();
    std::fs::write(
        &rs5,
        good5.replace("number = 5", "number = 5\nminutes = \"spolecny.pdf\""),
    )
    .unwrap();
    assert!(matches!(
        live.update(&[rs4.clone(), rs5.clone()]),
        Rebuilt::Partial { .. }
    ));
    same_as_full(
        &live,
        &opts,
        "one new file named by two meetings in one save",
    );
    std::fs::write(&rs4, &good4).unwrap();
    std::fs::write(&rs5, &good5).unwrap();
    assert!(matches!(
        live.update(&[rs4.clone(), rs5.clone()]),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the shared minutes taken away");
    let rs2 = jednani.join("rs-02.md");
    let good2 = std::fs::read_to_string(&rs2).unwrap();
    std::fs::write(
        &rs2,
        format!("{good2}\nViz [zápis ze 3. jednání](rs-03.pdf).\n"),
    )
    .unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs2)),
        Rebuilt::Partial { .. }
    ));
    std::fs::write(
        &rs3,
        good.replace("minutes = \"rs-03.pdf\"", "minutes = \"spolecny.pdf\""),
    )
    .unwrap();
    match live.update(std::slice::from_ref(&rs3)) {
        Rebuilt::Failed(text) => assert!(
            text.contains("rs-02.md") && text.contains("rs-03.pdf"),
            "{text}"
        ),
        _ => panic!("minutes another body links to were renamed"),
    }
    std::fs::write(&rs3, &good).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs3)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the linked minutes back");
    std::fs::write(&rs2, &good2).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&rs2)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the link to the minutes gone");
    let kp = site.join("content/jh/dokumenty/kp.md");
    let kp_good = std::fs::read_to_string(&kp).unwrap();
    std::fs::write(&kp, kp_good.replace("## Cíle", "## Záměry")).unwrap();
    match live.update(std::slice::from_ref(&kp)) {
        Rebuilt::Failed(text) => assert!(text.contains("#cile"), "{text}"),
        _ => panic!("a heading linked from elsewhere was removed"),
    }
    std::fs::write(&kp, &kp_good).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&kp)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the heading back");

    // Edits of other kinds go through the fingerprint path; a changed menu title changes
    // every page.
    let others = [
        (
            "content/jh/skupiny/rs.md",
            "+++\ntitle = \"Řídicí skupina JH\"\nshort = \"ŘS JH\"\nkind = \"ridici\"\n+++\n",
        ),
        (
            "content/jh/dokumenty/kp.md",
            "+++\ntitle = \"Komunitní plán 2020–2023\"\nkind = \"komunitni-plan\"\nfile = \"kp.pdf\"\nperiod = \"2020–2023\"\n+++\n## Cíle\nJiné cíle.\n",
        ),
        (
            "content/o-nas.md",
            "+++\ntitle = \"O projektu\"\nmenu = true\n+++\n## Kdo jsme\n",
        ),
        (
            "content/jh/_index.md",
            "+++\ntitle = \"Plánování na Jindřichohradecku\"\nname = \"Jindřichův Hradec\"\nkind = \"orp\"\n+++\nBez kontaktů.\n",
        ),
        (
            "content/jh/plany/kp-2025-2027/pecovatelska.md",
            &*PLAN_ACTIVITY.replace("STATUS", "splneno"),
        ),
    ];
    // A new meeting with its minutes, then a deleted one with its file.
    let new_meeting = site.join("content/jh/jednani/rs-451.md");
    let new_pdf = site.join("content/jh/jednani/rs-451.pdf");
    std::fs::write(&new_pdf, "%PDF-1.4 zkouška\n").unwrap();
    std::fs::write(
        &new_meeting,
        "+++\ngroup = \"rs\"\nnumber = 451\ndate = 2026-11-30\nminutes = \"rs-451.pdf\"\n+++\n",
    )
    .unwrap();
    let deleted = [
        site.join("content/jh/jednani/rs-02.md"),
        site.join("content/jh/jednani/rs-02.pdf"),
    ];
    for changed in [vec![new_meeting, new_pdf], deleted.to_vec()] {
        // Each change is made just before the update that is told of it (as the watcher
        // reports them): the new files are in the sources without reading the tree again.
        if changed == deleted {
            for p in &deleted {
                std::fs::remove_file(p).unwrap();
            }
        }
        assert!(
            matches!(live.update(&changed), Rebuilt::Partial { .. }),
            "{changed:?}"
        );
        same_as_full(&live, &opts, &format!("{changed:?}"));
    }
    for (rel, text) in others {
        let path = site.join(rel);
        std::fs::write(&path, text).unwrap();
        assert!(
            matches!(live.update(&[path]), Rebuilt::Partial { .. }),
            "{rel} is a content edit"
        );
        same_as_full(&live, &opts, &format!("{rel:?}"));
    }

    // The catalogue: a new service, then edits that each render only the pages showing it.
    std::fs::create_dir_all(site.join("content/sluzby")).unwrap();
    let taxi = site.join("content/sluzby/senior-taxi.md");
    let service = |title: &str, kind: &str, body: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nprovider = \"cpkp\"\ntype = \"{kind}\"\nforms = [\"terenni\"]\ntarget_groups = [\"seniori\"]\nterritories = [\"jh\"]\n+++\n{body}\n"
        )
    };
    std::fs::write(&taxi, service("Senior taxi", "souvisejici", "Odvoz.")).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&taxi)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "a new service");
    // Its text: its own page only (the lists show no text).
    std::fs::write(
        &taxi,
        service("Senior taxi", "souvisejici", "Odvoz k lékaři."),
    )
    .unwrap();
    let r = live.update(std::slice::from_ref(&taxi));
    assert!(matches!(r, Rebuilt::Partial { pages: 1, .. }), "{r:?}");
    same_as_full(&live, &opts, "a service's text");
    // Its title: its page, the catalogue, its kind's, form's and territory's pages, the
    // booklet, its provider's and its target group's pages; not the territory's own page.
    std::fs::write(
        &taxi,
        service(
            "Senior taxi Jindřichův Hradec",
            "souvisejici",
            "Odvoz k lékaři.",
        ),
    )
    .unwrap();
    let r = live.update(std::slice::from_ref(&taxi));
    assert!(matches!(r, Rebuilt::Partial { pages: 8, .. }), "{r:?}");
    same_as_full(&live, &opts, "a service's title");
    // Its kind: a page for the new kind appears, the old kind's goes.
    std::fs::write(
        &taxi,
        service("Senior taxi Jindřichův Hradec", "40", "Odvoz k lékaři."),
    )
    .unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&taxi)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "a service's kind");
    std::fs::remove_file(&taxi).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&taxi)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "a deleted service");
}

/// Editors that save by writing a new file and renaming it over config.toml: every save is
/// seen, not only the first.
#[test]
fn config_saved_by_rename_is_picked_up_every_time() {
    let s = start();
    let cfg = std::fs::read_to_string(s.site.join("config.toml")).unwrap();
    for title in ["Nový název webu", "Ještě novější název"] {
        let tmp = s.site.join(".config.toml.tmp");
        std::fs::write(&tmp, cfg.replace("Testovací web", title)).unwrap();
        std::fs::rename(&tmp, s.site.join("config.toml")).unwrap();
        wait_for(title, || get(s.port, "/planovani/o-nas/").2.contains(title));
    }
    // Other files in the root do not trigger rebuilds that would matter; the site still serves.
    std::fs::write(s.site.join("poznamky.txt"), "x").unwrap();
    assert_eq!(get(s.port, "/planovani/").0, 200);
}

/// Meeting patches on lists of several pages: a site-wide list of 1,000 meetings, years of
/// 450 (three pages), 250 and 200, undated meetings, and 500 minutes (three pages of them
/// among the documents). A meeting moved within its year (from its first page to its last), its
/// number and its title changed, new minutes for it: each patched in (nothing resolved), each
/// equal to a full build, so every list page between its old and new place was rendered.
#[test]
fn meeting_patches_on_long_lists_render_every_page_between() {
    use kpss::serve::Rebuilt;
    let mut files: Vec<(String, String)> = Vec::new();
    for n in 0..1000 {
        let date = match n {
            0..450 => date_in(2028, n),
            450..700 => date_in(2027, n),
            700..900 => date_in(2029, n),
            _ => String::new(),
        };
        let minutes = if n % 2 == 0 {
            let pdf = format!("content/jh/jednani/ps-deti-{n:04}.pdf");
            files.push((pdf, "%PDF-1.4\n".to_string()));
            format!("minutes = \"ps-deti-{n:04}.pdf\"\n")
        } else {
            String::new()
        };
        files.push(ps_deti_meeting(n, &format!("{date}{minutes}")));
    }
    let (_dir, site) = basic_plus(&files);
    let (mut live, opts) = session_at(&site, "2026-11-25");
    let file = site.join("content/jh/jednani/ps-deti-0012.md");
    let pdf = site.join("content/jh/jednani/novy-zapis.pdf");
    let head = "+++\ngroup = \"ps-deti\"\nplace = \"MěÚ\"\n";
    for (what, front) in [
        // The newest of 2028 (page 1 of its year) to the oldest (page 3).
        (
            "a date within the year",
            "number = 15\ndate = 2028-01-01\nminutes = \"ps-deti-0012.pdf\"\n",
        ),
        (
            "back again",
            "number = 15\ndate = 2028-12-28\nminutes = \"ps-deti-0012.pdf\"\n",
        ),
        (
            "a number",
            "number = 5000\ndate = 2028-12-28\nminutes = \"ps-deti-0012.pdf\"\n",
        ),
        (
            "a title",
            "number = 5000\ndate = 2028-12-28\ntitle = \"Mimořádné\"\nminutes = \"ps-deti-0012.pdf\"\n",
        ),
        (
            "new minutes",
            "number = 5000\ndate = 2028-06-15\nminutes = \"novy-zapis.pdf\"\n",
        ),
    ] {
        let mut changed = vec![file.clone()];
        if front.contains("novy-zapis") {
            // Minutes copied in and named in one save.
            std::fs::write(&pdf, "%PDF-1.4\n").unwrap();
            // Copied in before the line naming it: nothing to do yet.
            let resolves = live.resolves();
            assert!(matches!(
                live.update(std::slice::from_ref(&pdf)),
                Rebuilt::Partial { .. }
            ));
            assert_eq!(live.resolves(), resolves);
            changed.push(pdf.clone());
        }
        std::fs::write(&file, format!("{head}{front}+++\nUpraveno: {what}.\n")).unwrap();
        let resolves = live.resolves();
        let r = live.update(&changed);
        assert!(matches!(r, Rebuilt::Partial { .. }), "{what}: {r:?}");
        assert_eq!(live.resolves(), resolves, "{what} is patched in");
        same_as_full(&live, &opts, what);
    }
}

/// The preview serves a patched meeting's pages first: after `update_first` the meeting's page
/// and its territory's calendar show the new place while the outputs listing every meeting
/// (the site's calendar, the meetings' data, the OFN events) are still the last ones; `finish`
/// renders those, and then every file equals a full build's.
#[test]
fn the_outputs_listing_every_meeting_follow_the_pages() {
    use kpss::serve::Rebuilt;
    let (_dir, site, mut live, opts) = live_session("basic", "2026-11-25");
    let file = site.join("content/jh/jednani/ps-deti-01.md");
    let head = "+++\ngroup = \"ps-deti\"\nnumber = 1\nagenda = [\"Úvod\", \"Diskuse\"]\n";
    let every = [
        "kalendar.ics",
        "data/meetings.json",
        "data/meetings.csv",
        "data/udalosti.jsonld",
    ];
    // A place, then a date in the same year: both patched in (no year or list page appears).
    for (date, place) in [("2030-03-05", "Sál A"), ("2030-04-09", "Sál B")] {
        let text = format!("{head}date = {date}\nplace = \"{place}\"\n+++\nText.\n");
        std::fs::write(&file, text).unwrap();
        let before = live.files();
        let resolves = live.resolves();
        assert!(
            matches!(
                live.update_first(std::slice::from_ref(&file)),
                Rebuilt::Partial { .. }
            ),
            "{place}"
        );
        assert_eq!(live.resolves(), resolves, "{place} is patched in");
        let first = live.files();
        let page = String::from_utf8_lossy(&first["jh/jednani/ps-deti-01/index.html"]).to_string();
        assert!(page.contains(place), "the page first: {place}");
        let territory = String::from_utf8_lossy(&first["jh/kalendar.ics"]).to_string();
        assert!(
            territory.contains(place),
            "a territory's calendar with the pages"
        );
        for output in every {
            assert_eq!(first[output], before[output], "{output} comes later");
        }
        let n = live.finish();
        assert!(n >= every.len(), "{place}: the outputs rendered: {n}");
        assert_eq!(live.finish(), 0, "nothing left the second time");
        let files = live.files();
        for output in every {
            let text = String::from_utf8_lossy(&files[output]).to_string();
            assert!(text.contains(place), "{output} after finish: {place}");
        }
        same_as_full(&live, &opts, place);
    }
}

/// A meeting's place, time and date show in the outputs that list every meeting (calendars,
/// `meetings.json`/`.csv`, `udalosti.jsonld`): the preview keeps each meeting's piece of them
/// and writes only the edited one's again. Each edit equals a full build, and the site's
/// calendar and data show the new place.
#[test]
fn a_place_or_date_edit_puts_the_outputs_together_from_kept_pieces() {
    use kpss::serve::Rebuilt;
    let (_dir, site, mut live, opts) = live_session("basic", "2026-11-25");
    let file = site.join("content/jh/jednani/ps-deti-01.md");
    let head = "+++\ngroup = \"ps-deti\"\nnumber = 1\nagenda = [\"Úvod\", \"Diskuse\"]\n";
    for (n, (date, time, place)) in [
        ("2030-03-05", "\ntime = \"9:30\"", "Sál A"),
        ("2030-03-05", "\ntime = \"14:00\"", "Sál B"),
        ("2030-03-05", "", "Sál C"),
        ("2029-01-07", "\ntime = \"8:00\"", "Sál D"),
        ("2012-11-30", "", "Sál E"),
    ]
    .into_iter()
    .enumerate()
    {
        let text = format!("{head}date = {date}{time}\nplace = \"{place}\"\n+++\nText {n}.\n");
        std::fs::write(&file, text).unwrap();
        match live.update(std::slice::from_ref(&file)) {
            Rebuilt::Partial { .. } => {}
            other => panic!("{place}: {other:?}"),
        }
        let files = live.files();
        for output in [
            "kalendar.ics",
            "jh/kalendar.ics",
            "data/meetings.json",
            "data/meetings.csv",
            "data/udalosti.jsonld",
        ] {
            let text = String::from_utf8_lossy(&files[output]).to_string();
            assert!(text.contains(place), "{output} after {place}");
        }
        same_as_full(&live, &opts, place);
    }
}

/// A new meeting file is patched in (nothing resolved) where a full build puts it: among the
/// meetings in file order (every index after it renumbered), in its lists newest first, in its
/// group by number; the list pages after it shift (all of them when the list grows a page).
/// Then edits of other meetings and a resolve still equal a full build. A new meeting that is more than a plain meeting of its group (a
/// taken number, minutes, a new year, a broken link) is resolved, and errors are reported.
#[test]
fn a_new_meeting_is_patched_in_where_a_full_build_puts_it() {
    use kpss::serve::Rebuilt;
    // With the fixture's six, 600 meetings in `jh`: three full pages of its list.
    let files: Vec<(String, String)> = (0..594)
        .map(|n| match n {
            0..250 => ps_deti_meeting(n, &date_in(2028, n)),
            250..420 => ps_deti_meeting(n, &date_in(2027, n)),
            _ => ps_deti_meeting(n, ""),
        })
        .collect();
    let (_dir, site) = basic_plus(&files);
    let (mut live, opts) = session_at(&site, "2026-11-25");
    let jednani = site.join("content/jh/jednani");
    let patched = |live: &mut kpss::serve::Session, name: &str, text: &str, what: &str| {
        let file = jednani.join(name);
        std::fs::write(&file, text).unwrap();
        let resolves = live.resolves();
        let r = live.update(&[file]);
        assert!(
            matches!(r, Rebuilt::Partial { pages, .. } if pages > 0),
            "{what}: {r:?}"
        );
        assert_eq!(live.resolves(), resolves, "{what} is patched in");
        same_as_full(live, &opts, what);
    };
    let page = |live: &kpss::serve::Session, path: &str| {
        String::from_utf8_lossy(&live.files()[path]).to_string()
    };
    // Undated, last of its lists.
    patched(
        &mut live,
        "zzz-bez-data.md",
        "+++\ngroup = \"ps-deti\"\nnumber = 30000\nplace = \"Sál W\"\n+++\nText.\n",
        "an undated meeting",
    );
    // The 601st, last: a fourth page of the territory's list, every page's pager redone.
    assert!(live.files().contains_key("jh/jednani/strana/4/index.html"));
    // In the middle of 2028, its group's number between others, a link and a fragment.
    patched(
        &mut live,
        "ps-deti-0100b.md",
        "+++\ngroup = \"ps-deti\"\nnumber = 10000\ndate = 2028-05-20\nplace = \"Sál U\"\n+++\n# Úvod\n\nViz [minule](ps-deti-0001.md) a [úvod](#uvod).\n",
        "a meeting in the middle",
    );
    assert!(page(&live, "jh/jednani/ps-deti-0100b/index.html").contains("Sál U"));
    // First among the files (every meeting index after it moves), upcoming (the lists' head),
    // its title written.
    patched(
        &mut live,
        "aaa-prvni.md",
        "+++\ngroup = \"ps-deti\"\nnumber = 20000\ndate = 2027-12-31\ntime = \"10:00\"\ntitle = \"Mimořádné jednání\"\nplace = \"Sál V\"\n+++\nText.\n",
        "an upcoming meeting first among the files",
    );
    assert!(
        page(&live, "kalendar.ics").contains("Sál V"),
        "the site's calendar"
    );
    // The list pages that only shift by a row come after the pages, and their tabs reload.
    let file = jednani.join("aaa-druhy.md");
    std::fs::write(
        &file,
        "+++\ngroup = \"ps-deti\"\nnumber = 20001\ndate = 2027-12-30\nplace = \"Sál V2\"\n+++\n",
    )
    .unwrap();
    let before = live.files();
    assert!(matches!(
        live.update_first(std::slice::from_ref(&file)),
        Rebuilt::Partial { .. }
    ));
    // After the 250 meetings of 2028 it stands on page 2 of its territory's list; page 3
    // only shifts.
    let shifted = "jh/jednani/strana/3/index.html";
    assert!(
        live.files()[shifted] == before[shifted],
        "a shifted page comes later"
    );
    assert!(page(&live, "jh/jednani/aaa-druhy/index.html").contains("Sál V2"));
    let own = page(&live, "jh/jednani/strana/2/index.html");
    assert!(own.contains("aaa-druhy"), "its own list page comes first");
    let (n, pages) = live.finish_pages();
    assert!(
        n > 0 && pages.contains(&"/planovani/jh/jednani/strana/3/".to_string()),
        "{pages:?}"
    );
    assert!(
        !pages.contains(&"/planovani/jh/jednani/strana/2/".to_string()),
        "{pages:?}"
    );
    same_as_full(&live, &opts, "a second upcoming meeting");
    // Edits after the inserts: a date that moves a meeting, and a place (the outputs' pieces).
    for (what, front) in [
        (
            "a date after the inserts",
            "date = 2027-02-03\nplace = \"MěÚ\"",
        ),
        (
            "a place after the inserts",
            "date = 2027-02-03\nplace = \"Sál X\"",
        ),
    ] {
        patched(
            &mut live,
            "ps-deti-0007.md",
            &format!("+++\ngroup = \"ps-deti\"\nnumber = 10\n{front}\n+++\nJednání 7.\n"),
            what,
        );
    }
    assert!(
        page(&live, "data/meetings.csv").contains("Sál X"),
        "the pieces"
    );
    // A resolve after the inserts scans only the file that changed: the kept scans took the
    // new pages' link signature.
    let group = site.join("content/jh/skupiny/ps-deti.md");
    let text = std::fs::read_to_string(&group).unwrap();
    std::fs::write(
        &group,
        text.replacen("+++\n", "+++\nlocality = \"Jindřichův Hradec\"\n", 1),
    )
    .unwrap();
    let (resolves, scanned) = (live.resolves(), live.bodies_scanned());
    assert!(matches!(
        live.update(std::slice::from_ref(&group)),
        Rebuilt::Partial { .. }
    ));
    assert_eq!(
        live.resolves(),
        resolves + 1,
        "a group's front matter is resolved"
    );
    assert_eq!(
        live.bodies_scanned(),
        scanned + 1,
        "only the group's body is scanned"
    );
    same_as_full(&live, &opts, "a group edit after the inserts");
    // Resolved instead: a taken number (an error, the last good site kept), then the same file
    // fixed, minutes, a year no meeting had.
    let resolves = live.resolves();
    let taken = jednani.join("ps-deti-dup.md");
    std::fs::write(
        &taken,
        "+++\ngroup = \"ps-deti\"\nnumber = 10\nplace = \"Sál\"\n+++\n",
    )
    .unwrap();
    let r = live.update(std::slice::from_ref(&taken));
    assert!(
        matches!(&r, Rebuilt::Failed(e) if e.contains("ps-deti-0007.md")),
        "{r:?}"
    );
    assert_eq!(live.resolves(), resolves + 1, "a taken number is resolved");
    std::fs::remove_file(&taken).unwrap();
    assert!(matches!(
        live.update(std::slice::from_ref(&taken)),
        Rebuilt::Partial { .. }
    ));
    same_as_full(&live, &opts, "the duplicate removed");
    let pdf = jednani.join("ps-deti-z.pdf");
    std::fs::write(&pdf, "%PDF-1.4\n").unwrap();
    // Copied in before the line naming it: nothing to do yet.
    let resolves = live.resolves();
    assert!(matches!(
        live.update(std::slice::from_ref(&pdf)),
        Rebuilt::Partial { .. }
    ));
    assert_eq!(live.resolves(), resolves);
    for (name, text, what) in [
        (
            "ps-deti-z.md",
            "+++\ngroup = \"ps-deti\"\nnumber = 40000\ndate = 2028-01-01\nminutes = \"ps-deti-z.pdf\"\n+++\n",
            "a new meeting with minutes",
        ),
        (
            "ps-deti-2031.md",
            "+++\ngroup = \"ps-deti\"\nnumber = 50000\ndate = 2031-01-01\n+++\n",
            "a new meeting in a new year",
        ),
    ] {
        let file = jednani.join(name);
        std::fs::write(&file, text).unwrap();
        let resolves = live.resolves();
        let r = live.update(&[file]);
        assert!(matches!(r, Rebuilt::Partial { .. }), "{what}: {r:?}");
        assert_eq!(live.resolves(), resolves + 1, "{what} is resolved");
        same_as_full(&live, &opts, what);
    }
    let broken = jednani.join("ps-deti-broken.md");
    std::fs::write(
        &broken,
        "+++\ngroup = \"ps-deti\"\nnumber = 60000\ndate = 2028-01-01\n+++\n[x](nic.md)\n",
    )
    .unwrap();
    let r = live.update(std::slice::from_ref(&broken));
    assert!(
        matches!(&r, Rebuilt::Failed(e) if e.contains("nic.md")),
        "{r:?}"
    );
}
