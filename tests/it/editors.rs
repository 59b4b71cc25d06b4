//! What editors touch: `kpss new` and `kpss init` (valid as written, never overwriting, only
//! inside content/), builds interrupted by signals (the last good output survives, leftovers are
//! cleaned by the next run), sanitised Markdown and hidden e-mail addresses, and the Czech guide
//! for editors (its example files build, its error output is what kpss prints).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::*;

const DAY: &str = "2026-11-25";

fn kpss() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kpss"))
}

fn run_kpss(root: &Path, args: &[&str]) -> Output {
    kpss()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("kpss runs")
}

/// A temporary copy of a fixture site.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), dir.path());
    dir
}

fn check_passes(root: &Path) {
    let o = run_kpss(root, &["check", "--date", DAY]);
    assert!(
        o.status.success(),
        "kpss check failed:\n{}\n{}",
        stderr(&o),
        std::fs::read_to_string(root.join("content/jh/jednani/rs-04.md")).unwrap_or_default()
    );
}

/// Every file of a tree (relative path → bytes), skipping the output folder.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot_tree(root)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("dist"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// kpss new

#[test]
fn new_writes_a_valid_file_of_every_kind_and_only_inside_content() {
    let site = copy_of("basic");
    let root = site.path();
    let pdf = root.join("příloha plánu.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 test").unwrap();
    let before = tree(root);
    let steps: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["new", "territory", "Český Krumlov II"],
            vec!["content/cesky-krumlov-ii/_index.md"],
        ),
        (
            vec![
                "new",
                "group",
                "Pracovní skupina Senioři",
                "--territory",
                "jh",
            ],
            vec!["content/jh/skupiny/pracovni-skupina-seniori.md"],
        ),
        (
            vec!["new", "meeting", "--group", "rs", "--territory", "jh"],
            vec!["content/jh/jednani/rs-04.md"],
        ),
        (
            vec!["new", "meeting", "--group", "jh/rs", "--date", "2027-01-14"],
            vec!["content/jh/jednani/rs-05.md"],
        ),
        (
            vec![
                "new",
                "meeting",
                "--group",
                "pracovni-skupina-seniori",
                "--territory",
                "jh",
                "--date",
                "2027-02",
            ],
            vec!["content/jh/jednani/pracovni-skupina-seniori-01.md"],
        ),
        (
            vec![
                "new",
                "document",
                "Akční plán 2027",
                "--territory",
                "jh",
                "--file",
                pdf.to_str().unwrap(),
                "--date",
                "2026-11-01",
            ],
            vec![
                "content/jh/dokumenty/akcni-plan-2027.md",
                "content/jh/dokumenty/příloha plánu.pdf",
            ],
        ),
        (
            vec![
                "new",
                "document",
                "mapa-sluzeb",
                "--territory",
                "jh",
                "--url",
                "https://example.org/mapa",
                "--title",
                "Mapa služeb",
            ],
            vec!["content/jh/dokumenty/mapa-sluzeb.md"],
        ),
        (
            vec![
                "new",
                "project",
                "Projekt JH II",
                "--territory",
                "jh",
                "--date",
                "2027",
            ],
            vec!["content/jh/projekty/projekt-jh-ii.md"],
        ),
        (
            vec![
                "new",
                "project",
                "kraj-iii",
                "--title",
                "Plánování v kraji III.",
            ],
            vec!["content/projekty/kraj-iii.md"],
        ),
        (
            vec![
                "new",
                "service",
                "Pečovatelská služba Města JH",
                "--provider",
                "mesto-jh",
                "--territory",
                "jh",
            ],
            vec!["content/sluzby/pecovatelska-sluzba-mesta-jh.md"],
        ),
    ];
    let mut expected = before.keys().cloned().collect::<Vec<_>>();
    for (args, written) in steps {
        let o = run_kpss(root, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        for w in &written {
            assert!(root.join(w).is_file(), "{args:?} did not write {w}");
            assert!(
                stdout(&o).contains(&format!("vytvořeno: {}", root.join(w).display())),
                "{args:?} does not print {w}: {}",
                stdout(&o)
            );
            expected.push(w.to_string());
        }
        check_passes(root);
    }
    // Only the new files, all inside content/; nothing else touched.
    let after = tree(root);
    let mut got: Vec<String> = after.keys().cloned().collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    for (k, v) in &before {
        assert_eq!(&after[k], v, "{k} changed");
    }
    let meeting = std::fs::read_to_string(root.join("content/jh/jednani/rs-04.md")).unwrap();
    assert!(meeting.contains("number = 4\n"), "{meeting}");
    let meeting = std::fs::read_to_string(root.join("content/jh/jednani/rs-05.md")).unwrap();
    assert!(meeting.contains("number = 5\n"), "{meeting}");
    assert!(meeting.contains("date = 2027-01-14\n"), "{meeting}");
    let doc =
        std::fs::read_to_string(root.join("content/jh/dokumenty/akcni-plan-2027.md")).unwrap();
    assert!(doc.contains("file = \"příloha plánu.pdf\""), "{doc}");
    assert_eq!(
        std::fs::read(root.join("content/jh/dokumenty/příloha plánu.pdf")).unwrap(),
        b"%PDF-1.4 test"
    );
    // And the site builds with all of them: the pages exist, titled as written.
    let b = build_root(root, DAY, None);
    assert_eq!(texts(&b.page("jh/jednani/rs-04/"), "h1"), ["4. jednání ŘS"]);
    assert_eq!(
        texts(&b.page("jh/dokumenty/akcni-plan-2027/"), "h1"),
        ["Akční plán 2027"]
    );
    assert!(
        b.out
            .join("jh/dokumenty/akcni-plan-2027/priloha-planu.pdf")
            .is_file()
    );
    assert_eq!(texts(&b.page("cesky-krumlov-ii/"), "h1").len(), 1);
    let service = b.page("sluzby/pecovatelska-sluzba-mesta-jh/");
    assert_eq!(texts(&service, "h1"), ["Pečovatelská služba Města JH"]);
    assert_eq!(
        attrs(&service, ".facts a", "href")[1],
        "/planovani/organizace/mesto-jh/"
    );
    assert_eq!(
        texts(&b.page("jh/sluzby/"), "li.service > a"),
        ["Pečovatelská služba Města JH"]
    );
    assert_eq!(
        texts(&b.page("projekty/kraj-iii/"), "h1"),
        ["Plánování v kraji III."]
    );
    let broken = broken_links(&b.out, &b.base);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn new_refuses_to_overwrite_and_names_the_path() {
    let site = copy_of("basic");
    let root = site.path();
    let before = tree(root);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "new".into(),
                "group".into(),
                "rs".into(),
                "--territory".into(),
                "jh".into(),
            ],
            "content/jh/skupiny/rs.md",
        ),
        (
            vec!["new".into(), "territory".into(), "jh".into()],
            "content/jh/_index.md",
        ),
        (
            vec![
                "new".into(),
                "meeting".into(),
                "rs-01".into(),
                "--group".into(),
                "rs".into(),
                "--territory".into(),
                "jh".into(),
            ],
            "content/jh/jednani/rs-01.md",
        ),
        // The .md is new but the file beside it exists: nothing at all is written.
        (
            vec![
                "new".into(),
                "document".into(),
                "jiny-plan".into(),
                "--territory".into(),
                "jh".into(),
                "--file".into(),
                root.join("content/jh/dokumenty/kp.pdf")
                    .to_string_lossy()
                    .into_owned(),
            ],
            "content/jh/dokumenty/kp.pdf",
        ),
        (
            vec![
                "new".into(),
                "project".into(),
                "projekt-jh".into(),
                "--territory".into(),
                "jh".into(),
            ],
            "content/jh/projekty/projekt-jh.md",
        ),
    ];
    for (args, path) in cases {
        let o = run_kpss(root, &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("už existuje"), "{args:?}: {err}");
        assert!(
            err.contains(&root.join(path).display().to_string()),
            "{args:?} does not name {path}: {err}"
        );
        assert_eq!(tree(root), before, "{args:?} changed the tree");
    }
}

#[test]
fn new_refuses_what_would_not_build() {
    let site = copy_of("basic");
    let root = site.path();
    let before = tree(root);
    for (args, says) in [
        (vec!["new", "meeting", "--territory", "jh"], "--group"),
        (
            vec![
                "new",
                "meeting",
                "--group",
                "ps-senori",
                "--territory",
                "jh",
            ],
            "ps-deti, rs",
        ),
        (vec!["new", "group", "ps-x", "--territory", "xx"], "ck, jh"),
        // Two organisations: which one provides the service must be said, and must exist.
        (
            vec!["new", "service", "taxi"],
            "--provider <organizace> (existující: cpkp, mesto-jh",
        ),
        (
            vec!["new", "service", "taxi", "--provider", "mesto"],
            "organizace „mesto“ neexistuje",
        ),
        // Two territories: which one must be said.
        (vec!["new", "group", "ps-x"], "--territory"),
        (
            vec![
                "new",
                "meeting",
                "--group",
                "rs",
                "--territory",
                "jh",
                "--date",
                "2026-02-30",
            ],
            "RRRR-MM-DD",
        ),
        (vec!["new", "document", "x", "--territory", "jh"], "--file"),
        (
            vec![
                "new",
                "document",
                "x",
                "--territory",
                "jh",
                "--url",
                "www.example.org",
            ],
            "https://",
        ),
        (
            vec![
                "new",
                "document",
                "x",
                "--territory",
                "jh",
                "--file",
                "/nonexistent/a.pdf",
            ],
            "neexistuje",
        ),
        (vec!["new", "group", "!!!", "--territory", "jh"], "slug"),
        (vec!["new", "territory"], "kpss new territory"),
        (vec!["new", "territory", "organizace"], "vyhrazený"),
        (vec!["new", "territory", "Skupiny"], "vyhrazený"),
    ] {
        let o = run_kpss(root, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert_eq!(tree(root), before, "{args:?} changed the tree");
    }
    // Without config.toml there is no site to add to.
    let empty = tempfile::tempdir().unwrap();
    let o = run_kpss(empty.path(), &["new", "territory", "jh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("config.toml"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------------------------
// kpss init

#[test]
fn init_writes_a_starter_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("novy-web");
    let o = kpss().arg("init").arg(&site).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("config.toml"), "{}", stdout(&o));
    let o = run_kpss(&site, &["build", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.join("dist");
    for p in [
        "",
        "vzorov/",
        "vzorov/skupiny/ps-seniori/",
        "vzorov/jednani/ps-seniori-01/",
        "vzorov/dokumenty/komunitni-plan/",
        "o-planovani/",
        "organizace/mesto-vzorov/",
    ] {
        assert!(out.join(p).join("index.html").is_file(), "missing /{p}");
    }
    assert!(
        out.join("vzorov/dokumenty/komunitni-plan/komunitni-plan.pdf")
            .is_file()
    );
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{broken:#?}");
    // The starter takes kpss new as well.
    let o = run_kpss(&site, &["new", "meeting", "--group", "ps-seniori"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.join("content/vzorov/jednani/ps-seniori-02.md")
            .is_file()
    );
    let o = run_kpss(&site, &["check", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("poznamky.txt"), "moje").unwrap();
    let o = kpss().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("není prázdná"), "{}", stderr(&o));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("poznamky.txt")).unwrap(),
        "moje"
    );
    // An empty folder is fine.
    let empty = tempfile::tempdir().unwrap();
    let o = kpss().arg("init").arg(empty.path()).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(empty.path().join("config.toml").is_file());
}

// ---------------------------------------------------------------------------------------------
// Interrupted builds

/// `basic` with many more meetings, so a build takes long enough to be interrupted.
fn scaled_site(meetings: usize) -> tempfile::TempDir {
    let site = copy_of("basic");
    let dir = site.path().join("content/jh/jednani");
    for i in 0..meetings {
        std::fs::write(
            dir.join(format!("gen-{i:05}.md")),
            format!(
                "+++\ngroup = \"ps-deti\"\nnumber = {n}\ndate = 2018-{m:02}-{d:02}\nplace = \"Zasedačka {i}\"\nagenda = [\"Bod {i}\", \"Různé\"]\n+++\nJednání {i}. Viz [skupina](../skupiny/ps-deti.md) a [plán](@/jh/dokumenty/kp.md#cile).\n\n## Závěry\n\n- jeden\n- dva\n",
                n = i + 10,
                m = i % 12 + 1,
                d = i % 28 + 1,
            ),
        )
        .unwrap();
    }
    site
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kpss-staging-") || n.starts_with(".kpss-old-"))
        .collect()
}

fn interrupted_build_keeps_the_last_good_output(signal: &str) {
    let site = scaled_site(1200);
    let root = site.path();
    let out = root.join("dist");
    let started = Instant::now();
    let o = run_kpss(root, &["build", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
    let full = started.elapsed();
    let old = snapshot_tree(&out);
    // Change the content, so a new complete output differs from the old one.
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Testovací web\"\n+++\nNová verze úvodu.\n",
    )
    .unwrap();
    let reference = tempfile::tempdir().unwrap();
    let o = run_kpss(
        root,
        &[
            "build",
            "--date",
            DAY,
            "--output",
            reference.path().join("new").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let new = snapshot_tree(&reference.path().join("new"));
    assert_ne!(old, new);

    // Start a build, wait until it writes into its staging folder, then signal it: later in
    // the writing first, then right away (under a loaded CI the writing can be shorter than any
    // fraction of the first build). From nothing (`--no-cache`): a warm build is shorter still.
    let mut interrupted = false;
    for delay in [full / 8, full / 32, Duration::ZERO, Duration::ZERO] {
        let mut command = kpss();
        command
            .arg("--root")
            .arg(root)
            .args(["build", "--date", DAY, "--no-cache"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // A signal ignored by whatever started the tests (`nohup … &` ignores SIGHUP, SIGINT
        // and SIGQUIT) stays ignored in the child: give it the default, as a terminal does.
        // SAFETY: between fork and exec only sigaction, which is async-signal-safe, is called.
        unsafe {
            use std::os::unix::process::CommandExt;
            command.pre_exec(|| {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = libc::SIG_DFL;
                for sig in [libc::SIGINT, libc::SIGTERM] {
                    if libc::sigaction(sig, &action, std::ptr::null_mut()) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
        let mut child = command.spawn().unwrap();
        let deadline = Instant::now() + full * 4 + Duration::from_secs(10);
        while leftovers(root).is_empty()
            && child.try_wait().unwrap().is_none()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(delay);
        let still_running = child.try_wait().unwrap().is_none();
        let k = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        let now = snapshot_tree(&out);
        assert!(
            now == old || now == new,
            "after SIG{signal} the output is neither the last good one nor the new one ({} files, old {}, new {})",
            now.len(),
            old.len(),
            new.len()
        );
        if still_running && k.success() && !status.success() {
            interrupted = true;
            eprintln!(
                "SIG{signal} after {delay:?} of writing (full build {full:?}): output {}, leftovers {:?}",
                if now == old { "old" } else { "new" },
                leftovers(root)
            );
            break;
        }
    }
    assert!(interrupted, "the build always finished before SIG{signal}");

    // The next run completes and removes whatever the interrupted one left.
    let o = run_kpss(root, &["build", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(leftovers(root), Vec::<String>::new());
    assert!(
        snapshot_tree(&out) == new,
        "the full build did not write the new output"
    );
}

#[test]
fn sigint_during_a_build_keeps_the_last_good_output() {
    interrupted_build_keeps_the_last_good_output("INT");
}

#[test]
fn sigterm_during_a_build_keeps_the_last_good_output() {
    interrupted_build_keeps_the_last_good_output("TERM");
}

#[test]
fn sigkill_during_a_build_keeps_the_last_good_output() {
    interrupted_build_keeps_the_last_good_output("KILL");
}

#[test]
fn a_failed_build_keeps_the_last_good_output_and_leaves_nothing() {
    let site = copy_of("basic");
    let root = site.path();
    let o = run_kpss(root, &["build", "--date", DAY]);
    assert!(o.status.success(), "{}", stderr(&o));
    let old = snapshot_tree(&root.join("dist"));
    std::fs::write(
        root.join("content/jh/jednani/rs-01.md"),
        "+++\ngroup = \"rss\"\nnumber = 1\n+++\n",
    )
    .unwrap();
    let sources = tree(root);
    let o = run_kpss(root, &["build", "--date", DAY]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(snapshot_tree(&root.join("dist")) == old);
    assert_eq!(leftovers(root), Vec::<String>::new());
    // Neither build nor check writes anything beside the output.
    let o = run_kpss(root, &["check", "--date", DAY]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        tree(root) == sources,
        "a build or check changed the sources"
    );
}

// ---------------------------------------------------------------------------------------------
// Safe content

const HOSTILE: &str = "+++\ntitle = \"O nás\"\nmenu = true\n+++\n## Kdo jsme\n\n\
<script>alert('x')</script>\n\n\
<p>Text <a href=\"#\" onclick=\"steal()\">klikni</a> a <em>důraz</em>.</p>\n\n\
[odkaz](javascript:alert(1)) a <a href=\"javascript:alert(2)\">druhý</a>\n\n\
<img src=\"x.png\" onerror=\"alert(3)\" alt=\"obr\">\n";

fn main_html(out: &Path, page: &str) -> String {
    let text = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&text);
    let main = scraper::Selector::parse("main").unwrap();
    doc.select(&main).map(|m| m.html()).collect()
}

#[test]
fn raw_html_in_markdown_is_sanitised_by_default() {
    let site = copy_of("basic");
    std::fs::write(site.path().join("content/o-nas.md"), HOSTILE).unwrap();
    let b = build_root(site.path(), DAY, None);
    let main = main_html(&b.out, "o-nas/");
    for bad in ["<script", "alert('x')", "onclick", "javascript:", "onerror"] {
        assert!(!main.contains(bad), "{bad} survived:\n{main}");
    }
    assert!(main.contains("<em>důraz</em>"), "{main}");
    assert!(main.contains("klikni"), "{main}");
    assert!(main.contains("alt=\"obr\""), "{main}");
}

#[test]
fn trust_html_keeps_raw_html_as_written() {
    let site = copy_of("basic");
    std::fs::write(site.path().join("content/o-nas.md"), HOSTILE).unwrap();
    let cfg = site.path().join("config.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("\n[markdown]\ntrust_html = true\n");
    std::fs::write(&cfg, text).unwrap();
    let b = build_root(site.path(), DAY, None);
    let main = main_html(&b.out, "o-nas/");
    assert!(main.contains("<script>alert('x')</script>"), "{main}");
    assert!(main.contains("onclick=\"steal()\""), "{main}");
    assert!(main.contains("href=\"javascript:alert(2)\""), "{main}");
}

#[test]
fn e_mail_addresses_are_links_without_plain_text_addresses() {
    let b = build("basic", DAY);
    let raw = b.text("jh/index.html");
    assert!(!raw.contains("kpss@example.org"), "plain address in jh/");
    assert!(raw.contains("&#64;"), "no &#64; in jh/");
    let doc = b.page("jh/");
    let hrefs = attrs(&doc, "a[href^='mailto:']", "href");
    assert!(
        hrefs.contains(&"mailto:kpss@example.org".to_string()),
        "{hrefs:?}"
    );
    let shown = texts(&doc, "a[href^='mailto:']");
    assert!(shown.contains(&"kpss@example.org".to_string()), "{shown:?}");
    // No page of the site carries an address as plain text.
    for (page, _) in html_files(&b.out) {
        let raw = b.text(&page);
        for addr in [
            "kpss@example.org",
            "podatelna@example.org",
            "pripominky@example.org",
        ] {
            assert!(!raw.contains(addr), "{page} shows {addr} as plain text");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The guide for editors

const GUIDE: &str = "docs/editor-guide.md";

/// Blocks of the guide introduced by `<!-- MARKER: ARG -->` on the line before a fence.
fn marked_blocks(text: &str, marker: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let open = format!("<!-- {marker}:");
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        if let Some(rest) = l.strip_prefix(&open) {
            let arg = rest.trim_end_matches("-->").trim().to_string();
            let fence = lines.get(i + 1).map(|f| f.trim_start()).unwrap_or_default();
            assert!(
                fence.starts_with("```"),
                "{GUIDE}:{}: `{l}` is not followed by a fenced block",
                i + 1
            );
            let mut body = String::new();
            let mut j = i + 2;
            while j < lines.len() && !lines[j].trim_start().starts_with("```") {
                body.push_str(lines[j]);
                body.push('\n');
                j += 1;
            }
            out.push((arg, body));
            i = j;
        }
        i += 1;
    }
    out
}

#[test]
fn every_example_file_of_the_guide_builds() {
    let text = std::fs::read_to_string(repo().join(GUIDE)).unwrap();
    let examples = marked_blocks(&text, "soubor");
    assert!(examples.len() >= 12, "only {} examples", examples.len());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("web");
    kpss::scaffold::init(&root).unwrap();
    for (path, body) in &examples {
        assert!(
            path == "config.toml" || path.starts_with("content/"),
            "example path {path}"
        );
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, body).unwrap();
        // Files named in the front matter stand beside it as the guide tells editors to put them.
        if let Some(fm) = body
            .strip_prefix("+++\n")
            .and_then(|r| r.split_once("\n+++"))
            .map(|(fm, _)| fm)
        {
            let t: toml::Table = toml::from_str(fm).unwrap_or_else(|e| panic!("{path}: {e}"));
            let mut names: Vec<String> = Vec::new();
            for key in ["file", "minutes"] {
                if let Some(toml::Value::String(s)) = t.get(key) {
                    names.push(s.clone());
                }
            }
            if let Some(toml::Value::Array(a)) = t.get("attachments") {
                names.extend(a.iter().filter_map(|v| v.as_str().map(str::to_string)));
            }
            for n in names {
                let f = target.parent().unwrap().join(n);
                if !f.exists() {
                    std::fs::write(f, b"%PDF-1.4\n").unwrap();
                }
            }
        }
    }
    let out = dir.path().join("dist");
    build_into(&root, &out, DAY, None);
    let cfg = kpss::pipeline::read_config(&root, None).unwrap();
    let broken = broken_links(&out, &cfg.base_path);
    assert!(broken.is_empty(), "{broken:#?}");
    // Every example of a content file became a page.
    for (path, _) in &examples {
        let Some(rel) = path.strip_prefix("content/") else {
            continue;
        };
        let place = kpss::resolve::classify(rel, &cfg.folders);
        assert!(
            out.join(&place.path).join("index.html").is_file(),
            "{path} gave no page /{}",
            place.path
        );
    }
}

#[test]
fn the_error_shown_in_the_guide_is_what_kpss_prints() {
    let text = std::fs::read_to_string(repo().join(GUIDE)).unwrap();
    let outputs = marked_blocks(&text, "výstup");
    assert!(
        !outputs.is_empty(),
        "no `<!-- výstup: … -->` block in the guide"
    );
    for (case, shown) in outputs {
        let root: PathBuf = repo().join(&case);
        let o = run_kpss(&root, &["check", "--date", DAY]);
        assert_eq!(o.status.code(), Some(1), "{case}");
        let printed = stderr(&o);
        assert_eq!(
            shown.trim_end(),
            printed.trim_end(),
            "the guide shows another output than `kpss check` prints for {case}"
        );
    }
}

/// Split a command line of the guide into words: spaces separate, double quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

#[test]
fn the_kpss_new_commands_of_the_guide_work_on_the_starter_site() {
    let text = std::fs::read_to_string(repo().join(GUIDE)).unwrap();
    // Commands in ```sh blocks, in the order the guide gives them.
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("```") {
            in_sh = !in_sh && l == "```sh";
            continue;
        }
        if in_sh && l.starts_with("kpss new ") {
            commands.push(words(l));
        }
    }
    assert!(commands.len() >= 4, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("web");
    kpss::scaffold::init(&root).unwrap();
    let home = dir.path().join("home");
    for words in commands {
        let args: Vec<String> = words[1..]
            .iter()
            .map(|w| match w.strip_prefix("~/") {
                // A file "in the Downloads folder" of the guide: make one.
                Some(rest) => {
                    let f = home.join(rest);
                    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
                    std::fs::write(&f, b"%PDF-1.4\n").unwrap();
                    f.to_string_lossy().into_owned()
                }
                None => w.clone(),
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_kpss(&root, &args);
        assert!(o.status.success(), "{words:?}: {}", stderr(&o));
        let o = run_kpss(&root, &["check", "--date", DAY]);
        assert!(o.status.success(), "after {words:?}: {}", stderr(&o));
    }
    // What the guide says these commands write.
    for f in [
        "content/vzorov/jednani/ps-seniori-02.md",
        "content/vzorov/dokumenty/akcni-plan-2027.md",
        "content/vzorov/dokumenty/akcni-plan-2027.pdf",
        "content/vzorov/dokumenty/mapa-socialnich-sluzeb.md",
        "content/vzorov/skupiny/pracovni-skupina-deti-mladez-a-rodina.md",
    ] {
        assert!(root.join(f).is_file(), "{f} not written");
    }
    let doc =
        std::fs::read_to_string(root.join("content/vzorov/dokumenty/akcni-plan-2027.md")).unwrap();
    assert!(doc.contains("file = \"akcni-plan-2027.pdf\""), "{doc}");
    assert!(doc.contains("published = 2026-09-30"), "{doc}");
}

#[test]
fn new_plan_and_activity_write_files_that_build_with_the_next_free_code() {
    let dir = copy_of("plans");
    let root = dir.path();
    let o = run_kpss(root, &["new", "plan", "kp-2027-2029", "--territory", "jh"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plan =
        std::fs::read_to_string(root.join("content/jh/plany/kp-2027-2029/_index.md")).unwrap();
    assert!(plan.contains("period = \"2027–2029\""), "{plan}");
    // The fixture's measure 1.1 has 1.1.1, 1.1.2 and 1.1.10: the next is 1.1.11, not 1.1.3.
    for (args, file, code) in [
        (
            vec![
                "new",
                "activity",
                "--plan",
                "jh/kp-2020-2022",
                "--measure",
                "1.1",
                "--title",
                "Nová",
            ],
            "content/jh/plany/kp-2020-2022/1-1-11.md",
            "code = \"1.1.11\"",
        ),
        (
            vec![
                "new",
                "activity",
                "druha",
                "--plan",
                "kp-2020-2022",
                "--territory",
                "jh",
                "--measure",
                "1.1",
            ],
            "content/jh/plany/kp-2020-2022/druha.md",
            "code = \"1.1.12\"",
        ),
        (
            vec![
                "new",
                "activity",
                "--plan",
                "jh/kp-2027-2029",
                "--measure",
                "1.1",
            ],
            "content/jh/plany/kp-2027-2029/1-1-1.md",
            "code = \"1.1.1\"",
        ),
    ] {
        let o = run_kpss(root, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains(code), "{args:?}: {text}");
    }
    let o = run_kpss(root, &["check", "--date", "2023-05-01"]);
    assert!(o.status.success(), "kpss check failed:\n{}", stderr(&o));
    // What would not build is refused, naming the choices.
    for (args, says) in [
        (
            vec![
                "new",
                "activity",
                "--plan",
                "jh/kp-2020-2022",
                "--measure",
                "1.7",
            ],
            "1.1, 1.2, 2.1, 3.1",
        ),
        (
            vec![
                "new",
                "activity",
                "--plan",
                "jh/kp-2099",
                "--measure",
                "1.1",
            ],
            "kp-2017-2019",
        ),
        (
            vec!["new", "activity", "--plan", "jh/kp-2020-2022"],
            "--measure",
        ),
        (
            vec!["new", "plan", "novy-plan", "--territory", "jh"],
            "--period",
        ),
    ] {
        let o = run_kpss(root, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}
