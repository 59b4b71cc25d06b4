//! `[build] git_dates`: the day each file of the site last changed, read from its git history
//! in one pass (`git log` once, `git status` once), as a plain map (root-relative path → date)
//! that `render` reads. The only code that runs git; it must not write anything (no index
//! refresh: `--no-optional-locks`) nor change the user's git configuration.
//!
//! Why the `git` command and not a library (gix): one `git log --name-status` streams exactly
//! the walk we need (first-parent, renames detected, merges diffed against their first parent)
//! in a few milliseconds per hundred commits, it honours the repository's own setup (worktrees,
//! alternates, `safe.directory`) the way the editor's git does, and it adds no dependency tree
//! to a static site generator. Without git on the machine the build only warns.
//!
//! The walk: `HEAD` back along first parents (a merge counts as changing what it brought into
//! the branch, on the day of the merge: the day the change reached the site's branch). The
//! newest commit touching a path gives its date, in the committer's own time zone (no time zone
//! database, so the result does not depend on the machine). A rename with unchanged content
//! (`R100`) carries the file's older date over to its new name. Files `git status` reports
//! (modified, staged, untracked) changed at the build date. So the same tree, history and build
//! date give the same map.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use jiff::civil::Date;

use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fast::HashMap;
use crate::i18n::tr;

/// Where every dated file lies (pages and attached files); the output folder and the rest of
/// the repository are not asked about.
const CONTENT: &str = "content";

/// Root-relative path (`content/jh/jednani/rs-01.md`) → the day it last changed.
pub type FileDates = HashMap<String, Date>;

/// What reading the history found, before the working tree is looked at.
#[derive(Debug, Default)]
pub struct History {
    pub dates: FileDates,
    /// The clone is shallow: files older than its oldest commit get that commit's date.
    pub shallow: bool,
}

/// Why there are no dates.
#[derive(Debug)]
pub enum GitError {
    /// No `git` program.
    NotInstalled,
    /// The site root is not inside a git repository.
    NotARepository,
    /// git refuses a repository owned by another user (`safe.directory`).
    DubiousOwnership,
    /// Anything else git said (its first line of errors).
    Failed(String),
}

/// The dates of every file of the site at `root` (history, then the working tree's changes at
/// `build_date`), or an empty map and a warning in `d` saying why there are none. A shallow
/// clone gives dates and a warning.
pub fn file_dates(root: &Path, build_date: Date, lang: Lang, d: &mut Diagnostics) -> FileDates {
    let read = history(root).and_then(|mut h| {
        for path in dirty(root)? {
            h.dates.insert(path, build_date);
        }
        Ok(h)
    });
    match read {
        Ok(h) => {
            if h.shallow {
                d.push(shallow_warning(lang));
            }
            h.dates
        }
        Err(e) => {
            d.push(warning(&e, root, lang));
            FileDates::default()
        }
    }
}

/// A git command at `root` that reads only: no pager, no colour, no fsmonitor hook, no
/// optional locks (so `status` does not rewrite the index), English messages to tell errors
/// apart. The user's configuration is never written; `safe.directory` is not overridden.
fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(root)
        .env("LC_ALL", "C")
        .env_remove("LANGUAGE")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args([
            "--no-pager",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "color.ui=false",
        ])
        .stdin(Stdio::null());
    c
}

/// Run `git args` at `root` to its end: stdout, or the error.
fn run(root: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = git(root).args(args).output().map_err(spawn_error)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(failure(&out.stderr))
    }
}

fn spawn_error(e: std::io::Error) -> GitError {
    match e.kind() {
        std::io::ErrorKind::NotFound => GitError::NotInstalled,
        _ => GitError::Failed(e.to_string()),
    }
}

fn failure(stderr: &[u8]) -> GitError {
    let text = String::from_utf8_lossy(stderr);
    if text.contains("dubious ownership") {
        GitError::DubiousOwnership
    } else if text.contains("not a git repository") {
        GitError::NotARepository
    } else {
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        GitError::Failed(line.trim().to_string())
    }
}

/// The history pass alone: every path under `root`/`content` that a first-parent commit
/// touched, with the day of the newest such commit. Streams `git log`, so memory grows with
/// the number of paths, not the length of the history.
pub fn history(root: &Path) -> Result<History, GitError> {
    let probe = run(root, &["rev-parse", "--is-shallow-repository"])?;
    let shallow = String::from_utf8_lossy(&probe).trim() == "true";
    if run(root, &["rev-parse", "-q", "--verify", "HEAD"]).is_err() {
        // A repository without commits: every file is untracked, `status` dates them.
        return Ok(History {
            dates: FileDates::default(),
            shallow,
        });
    }
    let mut child = git(root)
        .args([
            "log",
            "-m",
            "--first-parent",
            "--root",
            "--no-show-signature",
            "--name-status",
            "-M",
            "-z",
            "--relative",
            "--format=%x01%cI",
            "HEAD",
            "--",
            CONTENT,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| GitError::Failed("git log".into()))?;
    let dates = parse_log(BufReader::new(stdout));
    let mut stderr = Vec::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_end(&mut stderr);
    }
    let status = child.wait().map_err(spawn_error)?;
    if !status.success() {
        return Err(failure(&stderr));
    }
    Ok(History { dates, shallow })
}

/// Read `git log -z --name-status --format=%x01%cI` output, newest commit first: each path's
/// first appearance is its date; a pure rename (`R100`) sends the older name's dates to the
/// current name instead of dating it.
pub fn parse_log(input: impl BufRead) -> FileDates {
    let mut dates = FileDates::default();
    // An older name → the name the file has now (after renames without changes).
    let mut now_called: HashMap<String, String> = HashMap::default();
    let mut date: Option<Date> = None;
    let mut tokens = input.split(0).map_while(Result::ok).map(|t| {
        String::from_utf8_lossy(&t)
            .trim_start_matches('\n')
            .to_string()
    });
    while let Some(t) = tokens.next() {
        if let Some(iso) = t.strip_prefix('\u{1}') {
            date = iso.get(..10).and_then(|d| d.parse::<Date>().ok());
            continue;
        }
        if t.is_empty() {
            continue;
        }
        let renamed = t.starts_with('R') || t.starts_with('C');
        let Some(path) = tokens.next() else { break };
        let Some(day) = date else { continue };
        if renamed {
            let Some(new) = tokens.next() else { break };
            let current = now_called.get(&new).cloned().unwrap_or(new);
            if t == "R100" && !dates.contains_key(&current) {
                now_called.insert(path, current);
                continue;
            }
            dates.entry(current).or_insert(day);
        } else {
            let current = now_called.get(&path).cloned().unwrap_or(path);
            dates.entry(current).or_insert(day);
        }
    }
    dates
}

/// The paths under `root`/`content` that differ from `HEAD` (modified, staged, added,
/// untracked), root-relative.
fn dirty(root: &Path) -> Result<Vec<String>, GitError> {
    let prefix = run(root, &["rev-parse", "--show-prefix"])?;
    let prefix = String::from_utf8_lossy(&prefix)
        .trim_end_matches('\n')
        .to_string();
    let out = run(
        root,
        &[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            CONTENT,
        ],
    )?;
    Ok(parse_status(&out, &prefix))
}

/// `git status --porcelain=v1 -z` entries (`XY path`, paths from the repository's top) under
/// `prefix`, made relative to it.
pub fn parse_status(out: &[u8], prefix: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut entries = out.split(|b| *b == 0);
    while let Some(e) = entries.next() {
        let e = String::from_utf8_lossy(e);
        let Some(path) = e.get(3..) else { continue };
        if e.starts_with('R') || e.starts_with('C') {
            entries.next(); // the old name
        }
        if let Some(rel) = path.strip_prefix(prefix) {
            paths.push(rel.to_string());
        }
    }
    paths
}

fn shallow_warning(lang: Lang) -> Diagnostic {
    Diagnostic::warning(
        super::CONFIG_FILE,
        None,
        tr(
            lang,
            "git_dates: repozitář je mělký klon (shallow), soubory starší než jeho nejstarší commit mají datum toho commitu",
            "git_dates: the repository is a shallow clone, files older than its oldest commit get that commit's date",
        ),
    )
    .with_hint(tr(
        lang,
        "v GitHub Actions nastavte u actions/checkout `fetch-depth: 0`, v GitLab CI `GIT_DEPTH: 0`; jinde `git fetch --unshallow`",
        "in GitHub Actions set `fetch-depth: 0` on actions/checkout, in GitLab CI `GIT_DEPTH: 0`; elsewhere `git fetch --unshallow`",
    ))
}

/// The warning when there are no dates at all (the build goes on without them).
fn warning(e: &GitError, root: &Path, lang: Lang) -> Diagnostic {
    let root = root.display();
    let (cs, en, hint_cs, hint_en) = match e {
        GitError::NotInstalled => (
            "git_dates: program git není nainstalován, stránky jsou bez data poslední úpravy".to_string(),
            "git_dates: git is not installed, pages have no date of last change".to_string(),
            "nainstalujte git (např. apt-get install git), nebo v config.toml nastavte git_dates = false".to_string(),
            "install git (e.g. apt-get install git), or set git_dates = false in config.toml".to_string(),
        ),
        GitError::NotARepository => (
            format!("git_dates: složka webu {root} není v repozitáři git, stránky jsou bez data poslední úpravy"),
            format!("git_dates: the site folder {root} is not in a git repository, pages have no date of last change"),
            "sestavujte z klonu repozitáře (ne z vybalené kopie), nebo v config.toml nastavte git_dates = false".to_string(),
            "build from a clone of the repository (not an unpacked copy), or set git_dates = false in config.toml".to_string(),
        ),
        GitError::DubiousOwnership => (
            format!("git_dates: git odmítl číst repozitář {root}, protože patří jinému uživateli (dubious ownership), stránky jsou bez data poslední úpravy"),
            format!("git_dates: git refused to read the repository {root} because another user owns it (dubious ownership), pages have no date of last change"),
            format!("spusťte kpss jako vlastník repozitáře; jestli mu důvěřujete, povolte ho příkazem git config --global --add safe.directory {root}"),
            format!("run kpss as the repository's owner; if you trust it, allow it with git config --global --add safe.directory {root}"),
        ),
        GitError::Failed(msg) => (
            format!("git_dates: historii repozitáře nelze přečíst ({msg}), stránky jsou bez data poslední úpravy"),
            format!("git_dates: the repository's history cannot be read ({msg}), pages have no date of last change"),
            "zkuste v téže složce git log; nebo v config.toml nastavte git_dates = false".to_string(),
            "try git log in the same folder; or set git_dates = false in config.toml".to_string(),
        ),
    };
    Diagnostic::warning(super::CONFIG_FILE, None, tr(lang, &cs, &en))
        .with_hint(tr(lang, &hint_cs, &hint_en))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn newest_commit_wins_and_pure_renames_keep_the_older_date() {
        let log = b"\x012025-12-01T10:00:00+01:00\0\nR100\0content/a.md\0content/c.md\0M\0content/b.md\0\
\x012025-11-01T23:30:00+01:00\0\nM\0content/b.md\0\
\x012025-10-21T10:00:00+02:00\0\nA\0content/a.md\0A\0content/b.md\0R087\0content/x.md\0content/y.md\0";
        let d = parse_log(&log[..]);
        assert_eq!(d["content/b.md"], day("2025-12-01"));
        // Renamed unchanged: dated by the commit that last changed its content.
        assert_eq!(d["content/c.md"], day("2025-10-21"));
        assert!(!d.contains_key("content/a.md"));
        // Renamed with changes: the rename is a change.
        assert_eq!(d["content/y.md"], day("2025-10-21"));
    }

    #[test]
    fn the_committers_own_day_counts() {
        let d = parse_log(&b"\x012025-11-01T23:30:00-05:00\0\nA\0f\0"[..]);
        assert_eq!(d["f"], day("2025-11-01"));
    }

    #[test]
    fn status_paths_under_the_prefix_only() {
        let out = b" M site/content/a.md\0?? site/content/n\xc3\xa9.md\0R  site/c.md\0site/b.md\0 M other/x.md\0";
        assert_eq!(
            parse_status(out, "site/"),
            ["content/a.md", "content/n\u{e9}.md", "c.md"]
        );
    }
}
