//! The output is kpss's own, and nothing else is: refusals of paths kpss did not write, builds
//! of neighbouring outputs side by side, a kill at every step of the swap, a full disk.
//! Each runs the `kpss` binary, as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_tree, fixture, snapshot_tree, stderr};

const DAY: &str = "2026-11-25";

fn kpss() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kpss"));
    c.env_remove("KPSS_FAILPOINT")
        .env_remove("KPSS_NO_EXCHANGE");
    c
}

fn build(site: &Path, out: &Path) -> Output {
    kpss()
        .arg("--root")
        .arg(site)
        .args(["build", "--date", DAY, "--output"])
        .arg(out)
        .output()
        .unwrap()
}

fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    (dir, site)
}

/// Every path under `dir` with its bytes (symlinks as their target), to see that nothing
/// changed.
fn everything(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path().to_path_buf();
            let bytes = if e.path_is_symlink() {
                std::fs::read_link(&p)
                    .unwrap()
                    .to_string_lossy()
                    .as_bytes()
                    .to_vec()
            } else if e.file_type().is_file() {
                std::fs::read(&p).unwrap()
            } else {
                Vec::new()
            };
            (p, bytes)
        })
        .collect();
    v.sort();
    v
}

/// A file, a fifo, a symlink, a folder of the user's, the site and its source folders: each is
/// refused with exit 2 and a Czech message naming it, and nothing on the disk changes.
#[test]
fn targets_kpss_did_not_write_are_refused_and_left_alone() {
    let (dir, site) = scratch();
    let d = dir.path();
    std::fs::write(d.join("notes.txt"), "mine").unwrap();
    let fifo = d.join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir_all(d.join("deploy/.git")).unwrap();
    std::fs::write(d.join("deploy/CNAME"), "kpss.example.org").unwrap();
    std::fs::write(d.join("deploy/.git/HEAD"), "ref: refs/heads/main").unwrap();
    std::os::unix::fs::symlink(d.join("elsewhere"), d.join("link")).unwrap();
    let before = everything(d);
    let cases: Vec<(PathBuf, &str)> = vec![
        (d.join("notes.txt"), "je soubor"),
        (fifo.clone(), "je soubor"),
        (d.join("link"), "symbolický odkaz"),
        (d.join("deploy"), "nezapsal ji kpss"),
        (site.clone(), "je web sám"),
        (d.to_path_buf(), "je web sám"),
        (site.join("content"), "content/"),
        (site.join("content/jh"), "content/"),
        (site.join("static"), "static/"),
        (site.join("themes/x"), "themes/"),
    ];
    for (target, says) in &cases {
        // Twice: the first round of the old code moved the target aside, the second deleted it.
        for _ in 0..2 {
            let o = build(&site, target);
            assert_eq!(
                o.status.code(),
                Some(2),
                "{}: {}",
                target.display(),
                stderr(&o)
            );
            let e = stderr(&o);
            assert!(e.contains(says), "{}: {e}", target.display());
            assert!(e.contains(&target.display().to_string()), "{e}");
        }
    }
    assert!(everything(d) == before, "a refused build changed files");
    // Through config.toml's output_dir the same rule holds.
    let cfg = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        format!("{cfg}\n[build]\noutput_dir = \"content\"\n"),
    )
    .unwrap();
    let o = kpss()
        .arg("--root")
        .arg(&site)
        .args(["build", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("content/"), "{}", stderr(&o));
}

/// An empty folder is taken; a build's own output is replaced; a spare without the marker is
/// neither used nor removed.
#[test]
fn empty_and_own_outputs_are_replaced_and_an_unmarked_spare_is_left_alone() {
    let (dir, site) = scratch();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let spare = dir.path().join(".kpss-spare-out");
    std::fs::create_dir(&spare).unwrap();
    std::fs::write(spare.join("keep.txt"), "not kpss's").unwrap();
    for _ in 0..3 {
        let o = build(&site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(out.join("index.html").is_file());
        assert!(out.join(kpss::output::owned::MARKER).is_file());
    }
    assert_eq!(
        std::fs::read_to_string(spare.join("keep.txt")).unwrap(),
        "not kpss's"
    );
    assert_eq!(std::fs::read_dir(&spare).unwrap().count(), 1);
}

/// Builds of `out` and `out-2` side by side, several times: each ends complete, with its own
/// files, and neither takes the other's staging or spare.
#[test]
fn neighbouring_outputs_build_side_by_side() {
    let (dir, site) = scratch();
    let solo = dir.path().join("solo");
    assert!(build(&site, &solo).status.success());
    let expected = snapshot_tree(&solo);
    let a = dir.path().join("out");
    let b = dir.path().join("out-2");
    for round in 0..4 {
        let spawn = |out: &Path| {
            kpss()
                .arg("--root")
                .arg(&site)
                .args(["build", "--date", DAY, "--output"])
                .arg(out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (pa, pb, pa2) = (spawn(&a), spawn(&b), spawn(&a));
        for p in [pa, pb, pa2] {
            let o = p.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        assert!(snapshot_tree(&a) == expected, "round {round}: out differs");
        assert!(
            snapshot_tree(&b) == expected,
            "round {round}: out-2 differs"
        );
    }
    // Each output kept its own spare; no staging is left behind.
    for name in ["out", "out-2"] {
        assert!(dir.path().join(format!(".kpss-spare-{name}")).is_dir());
        assert!(!dir.path().join(format!(".kpss-staging-{name}")).exists());
    }
}

/// A build of `out` does not touch the leftovers of a killed build of `out-2`.
#[test]
fn a_build_leaves_a_neighbours_staging_and_spare_alone() {
    let (dir, site) = scratch();
    let d = dir.path();
    for f in [
        ".kpss-staging-out-2",
        ".kpss-spare-out-2",
        ".kpss-build-out-2-77",
    ] {
        std::fs::create_dir(d.join(f)).unwrap();
        std::fs::write(
            d.join(f).join(kpss::output::owned::MARKER),
            kpss::output::owned::marker_bytes(),
        )
        .unwrap();
        std::fs::write(d.join(f).join("index.html"), f).unwrap();
    }
    let before = everything(d);
    let out = d.join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let after: Vec<_> = everything(d)
        .into_iter()
        .filter(|(p, _)| {
            !p.starts_with(&out)
                && !p.starts_with(d.join(".kpss-spare-out"))
                && !p.starts_with(d.join("site"))
        })
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| !p.starts_with(d.join("site")))
        .collect();
    assert!(after == before, "the neighbour's folders changed");
}

/// A build killed at each step of the swap: the output path holds a complete output (the old or
/// the new) at every step where the exchange is used; with the two-rename fallback only the
/// step between the renames leaves it empty. The next build recovers and equals a fresh one.
#[test]
fn a_kill_at_every_step_of_the_swap_is_recovered() {
    let steps = [
        (false, "before-swap"),
        (false, "after-exchange"),
        (true, "before-swap"),
        (true, "between-renames"),
        (true, "after-renames"),
    ];
    for (no_exchange, step) in steps {
        let (dir, site) = scratch();
        let out = dir.path().join("out");
        assert!(build(&site, &out).status.success());
        let v1 = snapshot_tree(&out);
        let page = site.join("o-nas.md");
        let page = if page.exists() {
            page
        } else {
            site.join("content/o-nas.md")
        };
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\n\nNový odstavec po změně.\n")).unwrap();
        let fresh = dir.path().join("fresh");
        assert!(build(&site, &fresh).status.success());
        let v2 = snapshot_tree(&fresh);
        assert!(v1 != v2);
        let mut c = kpss();
        c.arg("--root")
            .arg(&site)
            .args(["build", "--date", DAY, "--output"])
            .arg(&out)
            .env("KPSS_FAILPOINT", step);
        if no_exchange {
            c.env("KPSS_NO_EXCHANGE", "1");
        }
        let o = c.output().unwrap();
        assert!(!o.status.success(), "{step}: the failpoint did not fire");
        let now = snapshot_tree(&out);
        if step == "between-renames" {
            assert!(!out.exists(), "{step}");
        } else {
            assert!(
                now == v1 || now == v2,
                "{step}: the output is neither old nor new"
            );
        }
        let o = build(&site, &out);
        assert!(o.status.success(), "{step}: {}", stderr(&o));
        assert!(
            snapshot_tree(&out) == v2,
            "{step}: recovered output differs"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(".kpss-") && n != ".kpss-spare-out" && !n.ends_with("fresh"))
            .collect();
        assert!(left.is_empty(), "{step}: leftovers {left:?}");
    }
}

/// A disk that fills up during a build: exit 2, a Czech message naming the output and the space
/// needed, the staging removed, the last good output intact. Runs kpss in a user and mount
/// namespace with a 4 MiB tmpfs (`unshare`, util-linux), so the disk is really full.
#[test]
fn a_full_disk_keeps_the_last_good_output_and_removes_the_staging() {
    let (dir, site) = scratch();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    std::fs::create_dir_all(site.join("static")).unwrap();
    let big = site.join("big.bin");
    std::fs::write(&big, vec![7u8; 8 << 20]).unwrap();
    let kpss = env!("CARGO_BIN_EXE_kpss");
    let script = format!(
        r#"set -e
mount -t tmpfs -o size=4m tmpfs {disk}
{kpss} --root {site} build --date {DAY} --output {disk}/out
ls -A {disk} > {disk}/../first.txt
cp -r {disk}/out {disk}/../good
cp {big} {site}/static/big.bin
set +e
{kpss} --root {site} build --date {DAY} --output {disk}/out 2> {disk}/../err.txt
echo $? > {disk}/../code.txt
ls -A {disk} > {disk}/../after.txt
diff -r {disk}/out {disk}/../good > {disk}/../diff.txt
echo $? >> {disk}/../code.txt
"#,
        disk = disk.display(),
        site = site.display(),
        big = big.display(),
    );
    let o = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) runs this test; it must be installed");
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let codes: Vec<String> = read("code.txt").lines().map(str::to_string).collect();
    let err = read("err.txt");
    assert_eq!(codes[0], "2", "exit status: {err}");
    assert_eq!(
        codes[1],
        "0",
        "the last good output changed: {}",
        read("diff.txt")
    );
    assert!(err.contains("došlo místo"), "{err}");
    assert!(err.contains(&format!("{}/out", disk.display())), "{err}");
    assert!(err.contains("potřebuje alespoň"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(
        read("after.txt").trim(),
        "out",
        "leftovers: {}",
        read("after.txt")
    );
}

/// Links planted in the spare output (which the next build writes into, as root): a link to a
/// file where a page goes, a link to a folder where a folder of pages goes, a link among the
/// attached files. The build writes through none of them: the files they point to stay as
/// they were, nothing appears in the folder, and the output equals a build from nothing.
#[test]
fn links_planted_in_the_spare_are_never_written_through() {
    let (dir, site) = scratch();
    let out = dir.path().join("out");
    for _ in 0..2 {
        let o = build(&site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let spare = dir.path().join(".kpss-spare-out");
    assert!(
        spare.join("jh/index.html").is_file(),
        "two builds leave a spare"
    );
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "VICTIM").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let attached = walkdir::WalkDir::new(&spare)
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .expect("the fixture has an attached file")
        .into_path();
    for link in [spare.join("jh/index.html"), attached.clone()] {
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(&victim, &link).unwrap();
    }
    std::fs::remove_dir_all(spare.join("ck")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, spare.join("ck")).unwrap();

    let o = kpss()
        .arg("--root")
        .arg(&site)
        .args(["build", "--no-cache", "--date", DAY, "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "VICTIM");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    let fresh = dir.path().join("fresh");
    let o = build(&site, &fresh);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot_tree(&out), snapshot_tree(&fresh));
    for e in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        assert!(!e.path_is_symlink(), "{} is a link", e.path().display());
    }
}
