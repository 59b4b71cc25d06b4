//! `kpss init`: a starter site (from `starter/`) in a new or empty folder, and `--ci`
//! workflows (GitHub Actions, GitLab CI) written beside a site, never over one.

use std::path::{Path, PathBuf};

use include_dir::Dir;

use super::*;

/// The starter site of `kpss init`, embedded in the binary.
pub(super) static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

/// The CI service `kpss init --ci` writes a workflow for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// `.github/workflows/kpss.yml`: check, build, GitHub Pages
    Github,
    /// `.gitlab-ci.yml`: check (Code Quality report), build, GitLab Pages
    Gitlab,
}

impl Ci {
    /// Where the service looks for its workflow, from the repository root.
    pub fn path(self) -> &'static str {
        match self {
            Ci::Github => ".github/workflows/kpss.yml",
            Ci::Gitlab => ".gitlab-ci.yml",
        }
    }

    /// The workflow itself. The same files are what docs/nasazeni.md describes, so the guide
    /// and the binary cannot drift apart; tests/it/publish.rs checks both against the
    /// services' schemas (and actionlint).
    fn template(self) -> &'static str {
        match self {
            Ci::Github => include_str!("../../docs/nasazeni/github-kpss.yml"),
            Ci::Gitlab => include_str!("../../docs/nasazeni/gitlab-ci.yml"),
        }
    }
}

/// `kpss init --ci SERVICE DIR`: in a missing or empty `dir`, the starter site and the
/// workflow; in an existing site (`dir` holds `config.toml`), only the workflow, so a site
/// that already exists can start publishing. Never over an existing workflow (a second run
/// must not undo the editor's changes to it, such as the filled-in kpss commit).
pub fn init_ci(dir: &Path, ci: Ci) -> Result<Vec<PathBuf>, Refusal> {
    let lang = Lang::Cs;
    let path = dir.join(ci.path());
    let mut written = if dir.join("config.toml").is_file() {
        Vec::new()
    } else {
        init(dir)?
    };
    let kept = || {
        Refusal::Refused(format!(
            "{} už existuje; kpss init --ci ho nepřepíše (upravte ho ručně, nebo ho přejmenujte a spusťte příkaz znovu)",
            path.display()
        ))
    };
    if path.symlink_metadata().is_ok() {
        return Err(kept());
    }
    create(&path, ci.template().as_bytes(), lang)?;
    written.push(path);
    Ok(written)
}

/// `kpss init DIR`: write the starter site into `dir`, which must be missing or empty.
/// Returns the paths written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Refusal> {
    let lang = Lang::Cs;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Refusal::Refused(format!(
                "{} existuje a není složka; kpss init potřebuje prázdnou nebo novou složku",
                dir.display()
            )));
        }
        let mut entries = fs::read_dir(dir).map_err(|e| io_refusal(lang, dir, e))?;
        if entries.next().is_some() {
            return Err(Refusal::Refused(format!(
                "složka {} není prázdná; kpss init nic nepřepisuje (zvolte novou nebo prázdnou složku)",
                dir.display()
            )));
        }
    }
    fs::create_dir_all(dir).map_err(|e| io_refusal(lang, dir, e))?;
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        create(&path, bytes, lang)?;
        written.push(path);
    }
    Ok(written)
}

pub(super) fn collect(d: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for f in d.files() {
        out.push((f.path().to_path_buf(), f.contents()));
    }
    for sub in d.dirs() {
        collect(sub, out);
    }
}
