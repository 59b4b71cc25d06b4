//! Symlinks never carry files from outside the site into the output or the preview, loops are
//! reported instead of followed, and a relative `--root` means the same site as an absolute one.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_tree, fixture, free_port, stderr};

const DAY: &str = "2026-11-25";
const SECRET: &str = "root:$6$tajne-heslo";

/// A copy of the basic site in `dir/site`, and a secret file beside it, outside the site.
fn scratch() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let secret = dir.path().join("etc");
    std::fs::create_dir(&secret).unwrap();
    std::fs::write(secret.join("shadow"), SECRET).unwrap();
    (dir, site, secret)
}

fn kpss(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpss"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

/// Does any file under `dir` hold the secret?
fn leaked(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(SECRET))
        })
}

/// A link to a file outside the site in `static/`, in a theme's `static/` and among the attached
/// files under `content/`, and a link to a whole folder outside: each is an error naming the
/// link and its target, and nothing of the target reaches the output.
#[test]
fn links_out_of_the_site_are_errors_and_publish_nothing() {
    let cases: [(&str, bool); 4] = [
        ("static/shadow.txt", false),
        ("themes/vlastni/static/shadow.txt", false),
        ("content/jh/dokumenty/shadow.pdf", false),
        ("static/etc", true),
    ];
    for (link, whole_folder) in cases {
        let (dir, site, secret) = scratch();
        if link.starts_with("themes/") {
            let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
            std::fs::write(
                site.join("config.toml"),
                format!("theme = \"vlastni\"\n{cfg}"),
            )
            .unwrap();
        }
        let at = site.join(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        let target = if whole_folder {
            secret.clone()
        } else {
            secret.join("shadow")
        };
        symlink(&target, &at).unwrap();
        let out = dir.path().join("out");
        let root = site.to_str().unwrap();
        let o = kpss(
            dir.path(),
            &["--root", root, "build", "--date", DAY, "--output", "out"],
        );
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{link}: {e}");
        assert!(e.contains(link), "{link}: the message names the link: {e}");
        assert!(e.contains("vede mimo web"), "{link}: {e}");
        assert!(
            e.contains(
                &std::fs::canonicalize(&target)
                    .unwrap()
                    .display()
                    .to_string()
            ),
            "{link}: the message names the target: {e}"
        );
        assert!(
            !out.exists() || !leaked(&out),
            "{link}: the secret was published"
        );
        // `check` finds the same.
        let o = kpss(dir.path(), &["--root", root, "check", "--date", DAY]);
        assert_eq!(o.status.code(), Some(1), "{link}: {}", stderr(&o));
    }
}

/// Links that stay inside the site are fine (a logo kept once under `content/`), and a loop is
/// reported, not followed.
#[test]
fn links_inside_the_site_work_and_loops_are_reported() {
    let (dir, site, _) = scratch();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::write(site.join("content/logo.svg"), "<svg/>").unwrap();
    symlink("../../content/logo.svg", site.join("static/img/logo.svg")).unwrap();
    let root = site.to_str().unwrap();
    let o = kpss(
        dir.path(),
        &["--root", root, "build", "--date", DAY, "--output", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/img/logo.svg")).unwrap(),
        "<svg/>"
    );
    symlink("..", site.join("static/img/loop")).unwrap();
    let started = Instant::now();
    let o = kpss(
        dir.path(),
        &["--root", root, "build", "--date", DAY, "--output", "out"],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("static/img/loop") && e.contains("smyčku"), "{e}");
}

/// GET `path` from the preview on `port`: status and body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text))
}

struct Serve(std::process::Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(cwd: &Path, root: &str, port: u16) -> Serve {
    Serve(
        Command::new(env!("CARGO_BIN_EXE_kpss"))
            .current_dir(cwd)
            .args([
                "--root",
                root,
                "serve",
                "--port",
                &port.to_string(),
                "--date",
                DAY,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

fn wait_until(mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// `kpss serve` started on a site with a link out of it serves no byte of the target, also when
/// the link is added while it runs.
#[test]
fn the_preview_serves_nothing_from_outside_the_site() {
    let (dir, site, secret) = scratch();
    std::fs::create_dir_all(site.join("static")).unwrap();
    symlink(secret.join("shadow"), site.join("static/shadow.txt")).unwrap();
    let port = free_port();
    let _s = serve(dir.path(), site.to_str().unwrap(), port);
    // The first build fails (the link), so the server answers with its error page.
    assert!(wait_until(|| get(port, "/planovani/shadow.txt").is_some()));
    let (status, body) = get(port, "/planovani/shadow.txt").unwrap();
    assert_ne!(status, 200);
    assert!(!body.contains(SECRET));
    // Remove it: the site comes up; add one under content/ while it runs.
    std::fs::remove_file(site.join("static/shadow.txt")).unwrap();
    assert!(wait_until(
        || get(port, "/planovani/").is_some_and(|(s, _)| s == 200)
    ));
    symlink(secret.join("shadow"), site.join("content/jh/shadow.pdf")).unwrap();
    symlink(&secret, site.join("static/etc")).unwrap();
    std::thread::sleep(Duration::from_secs(2));
    for p in ["/planovani/jh/shadow.pdf", "/planovani/etc/shadow"] {
        let (status, body) = get(port, p).unwrap();
        assert_ne!(status, 200, "{p}");
        assert!(!body.contains(SECRET), "{p}");
    }
}

/// `--root site` and `--root ../site`, with `static/`: build (into the default `dist/` too),
/// check and serve work as with an absolute root.
#[test]
fn a_relative_root_works_for_build_check_and_serve() {
    let (dir, site, _) = scratch();
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/robots-extra.txt"), "x").unwrap();
    let o = kpss(dir.path(), &["--root", "site", "build", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("dist/robots-extra.txt").is_file());
    let port = free_port();
    let s = serve(dir.path(), "site", port);
    assert!(
        wait_until(|| get(port, "/planovani/").is_some_and(|(s, _)| s == 200)),
        "serve --root site did not answer"
    );
    assert_eq!(get(port, "/planovani/robots-extra.txt").unwrap().0, 200);
    drop(s);
    let cwd = dir.path().join("jinde");
    std::fs::create_dir(&cwd).unwrap();
    let o = kpss(
        &cwd,
        &[
            "--root", "../site", "build", "--date", DAY, "--output", "../out",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("out/robots-extra.txt").is_file());
    assert!(dir.path().join("out/index.html").is_file());
    let o = kpss(&cwd, &["--root", "../site", "check", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
    let port = free_port();
    let _s = serve(&cwd, "../site/", port);
    assert!(wait_until(
        || get(port, "/planovani/").is_some_and(|(s, _)| s == 200)
    ));
    assert_eq!(get(port, "/planovani/robots-extra.txt").unwrap().0, 200);
    let o = kpss(&cwd, &["--root", "../neni", "build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("../neni"), "{}", stderr(&o));
}

/// `kpss new` does not write through a symlink that leads out of `content/`.
#[test]
fn new_files_are_not_written_through_a_link_out_of_content() {
    let (dir, site, secret) = scratch();
    // The meetings folder of `jh` replaced by a link to a folder outside the site.
    std::fs::rename(site.join("content/jh/jednani"), dir.path().join("moved")).unwrap();
    symlink(&secret, site.join("content/jh/jednani")).unwrap();
    let root = site.to_str().unwrap();
    let o = kpss(
        dir.path(),
        &[
            "--root",
            root,
            "new",
            "meeting",
            "--group",
            "jh/rs",
            "--date",
            "2026-12-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("mimo složku content/"),
        "{}",
        stderr(&o)
    );
    let written: Vec<_> = walkdir::WalkDir::new(&secret)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(written.len(), 1, "only the secret is there: {written:?}");
}
