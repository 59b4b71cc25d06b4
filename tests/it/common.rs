//! Shared helpers: build a fixture site into a temporary folder, read pages, check links.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use kpss::pipeline::{Options, Outcome, run};
use scraper::{Html, Selector};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/sites").join(name)
}

pub fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// Options for building `root` into `out` on `day`, as `kpss build` would.
pub fn build_options(root: &Path, out: &Path, day: &str) -> Options {
    Options {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        date: date(day),
        base_url: None,
        check_only: false,
        drafts: false,
        cache: false,
    }
}

/// Switch a site to English by putting `language = "en"` first in its config.toml.
pub fn make_english(site: &Path) {
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        format!("language = \"en\"\n{cfg}"),
    )
    .unwrap();
}

/// Build `root` into `out` with the given date and base URL; panics with the diagnostics if
/// the build fails.
pub fn build_into(root: &Path, out: &Path, day: &str, base_url: Option<&str>) -> usize {
    let opts = Options {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        date: date(day),
        base_url: base_url.map(str::to_string),
        check_only: false,
        drafts: false,
        cache: false,
    };
    match run(&opts).expect("build ran") {
        Outcome::Done { pages, .. } => pages,
        Outcome::ContentErrors(d, c) => panic!("content errors:\n{}", d.render_plain(c.language)),
        Outcome::ConfigErrors(d) => {
            panic!("config errors:\n{}", d.render_plain(Default::default()))
        }
    }
}

pub struct Built {
    pub _dir: tempfile::TempDir,
    pub out: PathBuf,
    pub base: String,
}

impl Built {
    pub fn page(&self, path: &str) -> Html {
        let p = self.out.join(path).join("index.html");
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        Html::parse_document(&text)
    }

    pub fn text(&self, path: &str) -> String {
        let p = self.out.join(path);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
}

pub fn build(name: &str, day: &str) -> Built {
    build_root(&fixture(name), day, None)
}

pub fn build_root(root: &Path, day: &str, base_url: Option<&str>) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    build_into(root, &out, day, base_url);
    let cfg = kpss::pipeline::read_config(root, base_url).ok().unwrap();
    Built {
        _dir: dir,
        out,
        base: cfg.base_path,
    }
}

/// Text of every element matching `sel`, whitespace folded.
pub fn texts(doc: &Html, sel: &str) -> Vec<String> {
    let s = Selector::parse(sel).unwrap();
    doc.select(&s)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_ascii_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn attrs(doc: &Html, sel: &str, attr: &str) -> Vec<String> {
    let s = Selector::parse(sel).unwrap();
    doc.select(&s)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every HTML file of the output, by site path (`jh/index.html`).
pub fn html_files(out: &Path) -> BTreeMap<String, Html> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if e.path().extension().is_some_and(|x| x == "html") {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(e.path()).unwrap();
            m.insert(rel, Html::parse_document(&text));
        }
    }
    m
}

/// Map a link found on page `from` to an output file and fragment, as a static host under
/// `base` would serve it. `None` for links that leave the site.
pub fn target(from: &str, href: &str, base: &str) -> Option<(String, Option<String>)> {
    if href.starts_with("http://")
        || href.starts_with("https://")
        || href.starts_with("mailto:")
        || href.starts_with("&#")
    {
        return None;
    }
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let site_path = if path.is_empty() {
        from.to_string()
    } else if let Some(rest) = path.strip_prefix('/') {
        let full = format!("/{rest}");
        let Some(inside) = full.strip_prefix(base) else {
            return Some((format!("OUTSIDE-BASE:{full}"), frag));
        };
        inside.to_string()
    } else {
        let dir = from
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        format!("{dir}{path}")
    };
    let file = if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path
    };
    Some((file, frag))
}

/// Every broken internal link or fragment of the output, as "page → href (why)".
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    let pages = html_files(out);
    let a = Selector::parse("a[href], link[href]").unwrap();
    let ids = Selector::parse("[id]").unwrap();
    let ids_of: BTreeMap<&String, BTreeSet<String>> = pages
        .iter()
        .map(|(k, doc)| {
            (
                k,
                doc.select(&ids)
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (from, doc) in &pages {
        for el in doc.select(&a) {
            let href = el.value().attr("href").unwrap();
            let Some((file, frag)) = target(from, href, base) else {
                continue;
            };
            if !out.join(&file).is_file() {
                broken.push(format!("{from} → {href} (no file {file})"));
                continue;
            }
            if let Some(f) = frag
                && let Some(set) = ids_of.get(&file)
                && !set.contains(&f)
            {
                broken.push(format!("{from} → {href} (no id {f})"));
            }
        }
    }
    broken
}

/// Pages reachable from the home page by following links.
pub fn reachable(out: &Path, base: &str) -> BTreeSet<String> {
    let pages = html_files(out);
    let a = Selector::parse("a[href]").unwrap();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(p) = queue.pop_front() {
        if !seen.insert(p.clone()) {
            continue;
        }
        let Some(doc) = pages.get(&p) else { continue };
        for el in doc.select(&a) {
            if let Some((file, _)) = target(&p, el.value().attr("href").unwrap(), base)
                && file.ends_with(".html")
                && !seen.contains(&file)
            {
                queue.push_back(file);
            }
        }
    }
    seen
}

/// Every file under `out` with its bytes, for byte-identical comparisons. The output's marker
/// (`.kpss-output`, kpss's note that it owns the folder), the build cache (`.kpss-cache`) and
/// the records of the commit's walk (`.kpss-folders`) are not site files and are left out, so an output on disk compares with the preview's
/// files in memory and a cached build with one from nothing.
pub fn snapshot_tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path() != out.join(kpss::output::owned::MARKER))
        .filter(|e| e.path() != out.join(kpss::output::owned::CACHE))
        .filter(|e| e.path() != out.join(kpss::output::owned::FOLDERS))
        .map(|e| {
            (
                e.path()
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A scratch copy of the `basic` fixture, with `files` (path under the site → text) written.
pub fn basic_with(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    for (path, text) in files {
        let p = site.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (dir, site)
}

/// Copy a folder tree (files and folders; what a fixture holds).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Standard error of a finished run, as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output of a finished run, as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A port free at the moment of asking, for a preview server.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether the browser tests can run (Debian chromium, node, the npm package under
/// tests/browser). Missing tools fail the test, unless `KPSS_SKIP_BROWSER=1` says to skip it
/// knowingly (then this says so and returns false): "ok" means it ran.
pub fn browser_ready(what: &str) -> bool {
    let dir = repo().join("tests/browser");
    let missing: Vec<&str> = [
        (!Path::new("/usr/bin/chromium").exists()).then_some("/usr/bin/chromium"),
        (!dir.join("node_modules/playwright-core").exists())
            .then_some("tests/browser/node_modules (npm ci --prefix tests/browser)"),
        std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("node"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("KPSS_SKIP_BROWSER").is_some(),
        "the browser test cannot run, missing: {}. Install them (scripts/test.sh does the npm part) or set KPSS_SKIP_BROWSER=1 to skip it knowingly",
        missing.join(", ")
    );
    eprintln!(
        "SKIPPED (KPSS_SKIP_BROWSER): {what}, missing {}",
        missing.join(", ")
    );
    false
}

/// `kpss build` of `site` into `out` on `day` (the binary, as a user runs it) with
/// `KPSS_TIMINGS` on and `extra` flags after; its standard error, after it succeeded.
pub fn kpss_build_timed(site: &Path, out: &Path, day: &str, extra: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(site)
        .args(["build", "--date", day, "--output"])
        .arg(out)
        .args(extra)
        .env("KPSS_TIMINGS", "1")
        .output()
        .expect("kpss runs");
    let err = stderr(&o);
    assert!(o.status.success(), "build failed:\n{err}");
    err
}
