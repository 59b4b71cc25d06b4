//! What changed on disk, as the session takes it: the changed paths made root-relative, the
//! edits, additions and deletions of Markdown files under `content/` read into [`ContentEdits`]
//! (no tree walk), and the loaded sources updated with them.

use super::*;

impl Session {
    /// The changed paths that lie under the site root, root-relative with `/`.
    pub(super) fn root_relative(&self, changed: &[PathBuf]) -> Vec<String> {
        let Ok(root) = self.opts.root.canonicalize() else {
            return Vec::new();
        };
        changed
            .iter()
            .filter_map(|p| relative_to(&root, p))
            .map(|(_, rel)| rel)
            .collect()
    }

    /// Whether every changed path lies under `content/` (files added, deleted or renamed too).
    pub(super) fn only_content(&self, changed: &[PathBuf]) -> bool {
        let content = self.opts.root.join("content");
        let canonical = content.canonicalize().ok();
        !changed.is_empty()
            && changed.iter().all(|p| {
                p.starts_with(&content) || canonical.as_ref().is_some_and(|c| p.starts_with(c))
            })
    }

    /// The root-relative paths and new texts of changed Markdown files, and the other files
    /// under `content/` that changed (with their size, `None` when deleted), if every Markdown
    /// change is an edit of a file that existed before and can be read as UTF-8; and whether all
    /// of those are meetings. `None` for anything else (a Markdown file added or deleted, a
    /// folder): the tree is read again.
    pub(super) fn content_edits(&self, changed: &[PathBuf]) -> Option<ContentEdits> {
        let loaded = self.loaded.as_ref()?;
        let config = self.config.as_ref()?;
        self.site.as_ref()?;
        let root = self.opts.root.canonicalize().ok()?;
        let mut out = Vec::new();
        let mut files = Vec::new();
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        let mut only_meetings = true;
        for given in changed {
            // A link is judged by the walk (where it points, what it is called there).
            if given.is_symlink() {
                return None;
            }
            let (p, rel) = relative_to(&root, given)?;
            let inner = rel.strip_prefix("content/")?;
            let name = p.file_name()?.to_string_lossy().to_string();
            if crate::source::load::is_ignored(&name) {
                continue;
            }
            if !inner.ends_with(".md") {
                if p.is_dir() {
                    return None;
                }
                let size = std::fs::metadata(&p).ok().map(|m| m.len());
                files.push((rel, size));
                continue;
            }
            let known = loaded.sources.iter().any(|s| s.rel == rel);
            if !p.exists() {
                // Deleted: taken out of the sources.
                if !known {
                    return None;
                }
                removed.push(rel);
                continue;
            }
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            if known {
                only_meetings &=
                    crate::resolve::classify(inner, &config.folders).kind == Kind::Meeting;
                out.push((rel, Arc::from(text)));
            } else if p.is_file() {
                added.push((rel, Arc::from(text)));
            } else {
                return None;
            }
        }
        (!out.is_empty() || !files.is_empty() || !added.is_empty() || !removed.is_empty())
            .then_some(ContentEdits {
                edits: out,
                only_meetings: only_meetings && added.is_empty() && removed.is_empty(),
                files,
                added,
                removed,
            })
    }
}

/// The loaded sources with the edited texts, the deleted files out and the added ones in, in
/// the walk's order (sorted paths) as a full read would give them.
pub(super) fn update_sources(
    loaded: &mut Loaded,
    edits: &[Edit],
    added: &[Edit],
    removed: &[String],
) {
    for (rel, text) in edits {
        if let Some(s) = loaded.sources.iter_mut().find(|s| &s.rel == rel) {
            s.text = crate::source::text::Text::Plain(text.clone());
        }
    }
    loaded.sources.retain(|s| !removed.contains(&s.rel));
    for (rel, text) in added.iter().cloned() {
        let at = loaded
            .sources
            .partition_point(|s| Path::new(&s.rel) < Path::new(&rel));
        loaded.sources.insert(
            at,
            crate::source::load::Source {
                rel,
                text: crate::source::text::Text::Plain(text),
                read_at: None,
            },
        );
    }
}

/// `p` made absolute and its path relative to `root` (canonical), with `/`; `None` outside.
/// A deleted file cannot be canonicalised; its folder can.
pub(super) fn relative_to(root: &Path, p: &Path) -> Option<(PathBuf, String)> {
    let p = match p.canonicalize() {
        Ok(c) => c,
        Err(_) => p.parent()?.canonicalize().ok()?.join(p.file_name()?),
    };
    let rel = p
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Some((p, rel))
}

/// An edited file: its root-relative path and new text.
pub(super) type Edit = (String, Arc<str>);

/// What changed under `content/`, when it is edits of existing files (see
/// [`Session::content_edits`]).
pub(super) struct ContentEdits {
    pub(super) edits: Vec<Edit>,
    /// Every edited Markdown file is a meeting.
    pub(super) only_meetings: bool,
    /// Other files (attachments): root-relative path, size (`None`: deleted).
    pub(super) files: Vec<(String, Option<u64>)>,
    /// Markdown files added (a regular file, not a link) and deleted: the sources change
    /// without reading the whole tree again.
    pub(super) added: Vec<Edit>,
    pub(super) removed: Vec<String>,
}
