//! What kpss may replace. kpss runs as root on shared machines, so an output folder is
//! replaced or reused only when kpss wrote it: every output carries a marker file
//! (`.kpss-output`), and a target that exists without it is refused before anything is
//! read or written. The output may also never be the site itself, a folder the site is read
//! from (`content/`, `static/`, `themes/`) or a folder that contains the site root.
//!
//! The names of the folders a build keeps beside its output (staging, spare, the old output
//! during a swap) belong to exactly one output: `.kpss-staging-dist` is `dist`'s and never
//! `dist-2`'s. This module owns those names and the checks; `write` does the moving.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::czech::Lang;

/// The file that marks a folder as kpss's own output (or staging, or spare).
pub const MARKER: &str = ".kpss-output";
/// The build cache inside an output (`pipeline::cache`): written into the staging folder
/// before the swap, so it always describes the output it sits in.
pub const CACHE: &str = ".kpss-cache";
/// The records of the folders the last commit's walk left (`staging::folders`), inside the
/// output.
pub const FOLDERS: &str = ".kpss-folders";
/// Its first line; a file of that name with other contents is not ours.
const MARKER_TEXT: &str = "kpss output\n\
Tuto složku zapsal kpss a při každém sestavení ji nahrazuje. Nic do ní neukládejte.\n\
kpss wrote this folder and replaces it on every build. Keep nothing else here.\n";

/// The marker's bytes, written into every staging folder (first) and output (last).
pub fn marker_bytes() -> &'static [u8] {
    MARKER_TEXT.as_bytes()
}

/// The paths a build of one output may touch besides the output itself.
#[derive(Clone, Debug)]
pub struct Owned {
    /// The output folder, absolute.
    pub output: PathBuf,
    /// Its parent folder (locked while a build runs).
    pub parent: PathBuf,
    /// The folder being filled: `.kpss-staging-<name>`.
    pub staging: PathBuf,
    /// The replaced output, kept for the next build to write into: `.kpss-spare-<name>`.
    pub spare: PathBuf,
    /// Where the old output waits during a two-rename swap: `.kpss-old-<name>`.
    pub old: PathBuf,
}

impl Owned {
    /// The old output inside `.kpss-old-<name>` during a two-rename swap.
    pub fn aside(&self) -> PathBuf {
        self.old.join("output")
    }

    /// The names for `output` (made absolute against the current folder).
    pub fn new(output: &Path) -> io::Result<Owned> {
        let output = normalise(&std::path::absolute(output)?);
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no folder name"))?;
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        Ok(Owned {
            staging: parent.join(format!(".kpss-staging-{name}")),
            spare: parent.join(format!(".kpss-spare-{name}")),
            old: parent.join(format!(".kpss-old-{name}")),
            output,
            parent,
        })
    }
}

/// `.` and `..` taken out lexically (symlinks are judged separately, on the real path).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `p` with every symlink of its existing part resolved; the part that does not exist yet is
/// appended as written.
fn real_path(p: &Path) -> PathBuf {
    let mut cur = PathBuf::from("/");
    for c in p.components() {
        match c {
            Component::Normal(n) => {
                let next = cur.join(n);
                cur = fs::canonicalize(&next).unwrap_or(next);
            }
            Component::ParentDir => {
                cur.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    cur
}

/// Is `dir` a real folder (not a symlink) that carries the marker?
pub fn is_marked(dir: &Path) -> bool {
    let Ok(m) = fs::symlink_metadata(dir) else {
        return false;
    };
    if !m.is_dir() {
        return false;
    }
    let marker = dir.join(MARKER);
    fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file() && m.len() < 4096)
        && fs::read(&marker).is_ok_and(|b| b.starts_with(b"kpss output\n"))
}

/// Why `output` may not be written, in the site's language; `None` when it may.
/// `root` is the site root. Called before a build reads anything, and by `serve` for
/// `output_dir`.
pub fn refuse_output(root: &Path, output: &Path, lang: Lang) -> Option<String> {
    let shown = output.display();
    let Ok(owned) = Owned::new(output) else {
        return Some(msg(
            lang,
            format!("výstup {shown} není platná cesta ke složce"),
            format!("the output {shown} is not a valid folder path"),
        ));
    };
    if let Some(why) = refuse_place(root, &owned.output, lang) {
        return Some(why);
    }
    let m = match fs::symlink_metadata(&owned.output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            return Some(msg(
                lang,
                format!("výstup {shown} nelze přečíst: {e}"),
                format!("cannot read the output {shown}: {e}"),
            ));
        }
        Ok(m) => m,
    };
    if m.is_symlink() {
        return Some(msg(
            lang,
            format!(
                "výstup {shown} je symbolický odkaz; kpss zapisuje jen do skutečné složky (zvolte cestu, kam odkaz vede, nebo jinou)"
            ),
            format!(
                "the output {shown} is a symbolic link; kpss writes only into a real folder (give the path it points to, or another)"
            ),
        ));
    }
    if !m.is_dir() {
        return Some(msg(
            lang,
            format!("výstup {shown} je soubor, ne složka; kpss ho nepřepíše (zvolte novou složku)"),
            format!(
                "the output {shown} is a file, not a folder; kpss will not replace it (choose a new folder)"
            ),
        ));
    }
    let empty = fs::read_dir(&owned.output).is_ok_and(|mut r| r.next().is_none());
    if empty || is_marked(&owned.output) {
        return None;
    }
    Some(msg(
        lang,
        format!(
            "složka {shown} už existuje a nezapsal ji kpss (chybí v ní {MARKER}); kpss ji nepřepíše. Zvolte prázdnou nebo novou složku; je-li to výstup starší verze kpss, smažte ho jednou sami"
        ),
        format!(
            "the folder {shown} exists and kpss did not write it (it has no {MARKER}); kpss will not replace it. Choose an empty or new folder; if it is the output of an older kpss, delete it once yourself"
        ),
    ))
}

/// The output is the site root, one of the folders the site is read from, or contains the
/// site root.
fn refuse_place(root: &Path, output: &Path, lang: Lang) -> Option<String> {
    let root = real_path(&normalise(&std::path::absolute(root).ok()?));
    let out = real_path(output);
    let shown = output.display();
    if root.starts_with(&out) {
        return Some(msg(
            lang,
            format!(
                "výstup {shown} je web sám nebo složka, která ho obsahuje; kpss do ní nezapíše (zvolte např. dist/)"
            ),
            format!(
                "the output {shown} is the site itself or a folder containing it; kpss will not write there (choose e.g. dist/)"
            ),
        ));
    }
    for source in ["content", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return Some(msg(
                lang,
                format!(
                    "výstup {shown} leží ve složce {source}/, ze které se web čte; kpss do ní nezapíše (zvolte např. dist/)"
                ),
                format!(
                    "the output {shown} lies in {source}/, which the site is read from; kpss will not write there (choose e.g. dist/)"
                ),
            ));
        }
    }
    None
}

fn msg(lang: Lang, cs: String, en: String) -> String {
    match lang {
        Lang::Cs => cs,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in ["content", "static", "themes"] {
            fs::create_dir(d.path().join(f)).unwrap();
        }
        d
    }

    #[test]
    fn names_belong_to_exactly_one_output() {
        let a = Owned::new(Path::new("/x/out")).unwrap();
        let b = Owned::new(Path::new("/x/out-2")).unwrap();
        assert_eq!(a.staging, Path::new("/x/.kpss-staging-out"));
        assert_eq!(b.staging, Path::new("/x/.kpss-staging-out-2"));
        assert!(!b.staging.starts_with(&a.staging));
        assert_eq!(
            Owned::new(Path::new("/x/y/../out/.")).unwrap().output,
            Path::new("/x/out")
        );
    }

    #[test]
    fn only_new_empty_or_marked_folders_outside_the_sources_are_accepted() {
        let s = site();
        let root = s.path();
        let ok = |p: &Path| refuse_output(root, p, Lang::Cs).is_none();
        assert!(ok(&root.join("dist")), "a new folder");
        fs::create_dir(root.join("empty")).unwrap();
        assert!(ok(&root.join("empty")), "an empty folder");
        fs::create_dir(root.join("mine")).unwrap();
        fs::write(root.join("mine/.git"), "x").unwrap();
        assert!(!ok(&root.join("mine")), "a folder without the marker");
        fs::write(root.join("mine").join(MARKER), "something else").unwrap();
        assert!(!ok(&root.join("mine")), "a marker with foreign text");
        fs::write(root.join("mine").join(MARKER), marker_bytes()).unwrap();
        assert!(ok(&root.join("mine")), "a marked folder");
        fs::write(root.join("file"), "x").unwrap();
        assert!(!ok(&root.join("file")), "a file");
        assert!(!ok(Path::new("/dev/null")), "a device");
        std::os::unix::fs::symlink(root.join("mine"), root.join("link")).unwrap();
        assert!(
            !ok(&root.join("link")),
            "a symlink, even to a marked folder"
        );
        for p in ["", "content", "content/new", "static", "themes/x", ".."] {
            assert!(!ok(&root.join(p)), "{p:?} must be refused");
        }
        // The same folder reached through a symlink is judged by its real place.
        let other = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(root.join("content"), other.path().join("c")).unwrap();
        assert!(
            !ok(&other.path().join("c/sub")),
            "content/ through a symlink"
        );
        let why = refuse_output(root, &root.join("mine/.git"), Lang::Cs).unwrap();
        assert!(why.contains("je soubor"), "{why}");
    }
}
