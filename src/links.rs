//! What a link in a body means: the one rule `resolve` checks links by (`rewrite_link`) and
//! `render` writes them by (`body_html`), below both stages so neither reaches into the other.
//! Must not do I/O: the targets are the site's `LinkMap` or the maps `resolve` builds.

use std::ops::Range;

use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, nearest_n};
use crate::fast::HashMap;
use crate::i18n::tr;
use crate::markdown::{self, LinkAction};
use crate::model::{Body, Site};

/// A link to a fragment of a file, to be checked once every body is scanned:
/// (file, fragment).
pub(crate) type FragmentCheck = Option<(String, String)>;

/// Where a Markdown link in `file` leads: `Ok(None)` leaves it alone (web, mail, root links),
/// `Ok(Some)` rewrites a link to a `.md` file or an attached file, `Err` is a broken link
/// (with a hint naming the closest pages only when `suggest`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn rewrite_link(
    dest: &str,
    file: &str,
    dir: &str,
    md_paths: &HashMap<String, String>,
    files: &HashMap<String, String>,
    base: &str,
    lang: Lang,
    suggest: bool,
) -> Result<Option<(String, FragmentCheck)>, Diagnostic> {
    if dest.is_empty()
        || dest.starts_with('/')
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
    {
        return Ok(None);
    }
    if let Some(frag) = dest.strip_prefix('#') {
        return Ok(Some((
            dest.to_string(),
            Some((file.to_string(), frag.to_string())),
        )));
    }
    if dest.contains(':') && !dest.starts_with("@/") {
        return Ok(None);
    }
    let (path_part, frag) = match dest.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (dest, None),
    };
    let Some(target) = link_file(path_part, dir) else {
        return Err(Diagnostic::error(
            file,
            None,
            match lang {
                Lang::Cs => format!("odkaz \"{dest}\" vede mimo složku content/"),
                Lang::En => format!("link \"{dest}\" leads outside content/"),
            },
        ));
    };
    if target.ends_with(".md") {
        if let Some(path) = md_paths.get(target.as_str()) {
            let mut url = crate::source::config::site_url(base, path);
            let mut check = None;
            if let Some(f) = frag {
                url.push('#');
                url.push_str(f);
                check = Some((target.clone(), f.to_string()));
            }
            return Ok(Some((url, check)));
        }
        let missing = Diagnostic::error(
            file,
            None,
            match lang {
                Lang::Cs => format!("odkaz na neexistující soubor \"{dest}\" ({target})"),
                Lang::En => format!("link to a missing file \"{dest}\" ({target})"),
            },
        );
        if !suggest {
            return Err(missing);
        }
        return Err(missing.with_hint(missing_page_hint(&target, file, md_paths, lang)));
    }
    if let Some(path) = files.get(&target) {
        return Ok(Some((crate::source::config::site_url(base, path), None)));
    }
    Err(Diagnostic::error(
        file,
        None,
        match lang {
            Lang::Cs => format!("odkaz na soubor \"{dest}\", který se nezveřejňuje ({target})"),
            Lang::En => format!("link to a file \"{dest}\" that is not published ({target})"),
        },
    )
    .with_hint(tr(
        lang,
        "odkazujte na stránku .md, nebo uveďte soubor jako `file`, `minutes` či `attachments` dokumentu nebo jednání",
        "link to a .md page, or list the file as `file`, `minutes` or `attachments` of a document or meeting",
    )))
}

/// The hint for a link to a missing `.md` file: the closest existing pages by file name, or
/// what the target folder does hold.
fn missing_page_hint(
    target: &str,
    file: &str,
    md_paths: &HashMap<String, String>,
    lang: Lang,
) -> String {
    // Suggest by file name: whole paths share `content/…` and all look alike.
    let name = target.rsplit('/').next().unwrap_or(target);
    let mut known: Vec<&str> = md_paths
        .keys()
        .map(String::as_str)
        .filter(|k| *k != file && (name == "_index.md" || !k.ends_with("/_index.md")))
        .collect();
    known.sort();
    let names: Vec<&str> = known
        .iter()
        .map(|k| k.rsplit('/').next().unwrap_or(k))
        .collect();
    let near_names = nearest_n(name, names.iter().copied(), 3);
    let near: Vec<String> = known
        .iter()
        .filter(|k| near_names.contains(&k.rsplit('/').next().unwrap_or(k)))
        .take(3)
        .map(|k| format!("@/{}", k.strip_prefix("content/").unwrap_or(k)))
        .collect();
    if near.is_empty() {
        // Nothing alike: say what the target folder does hold.
        let dir = target.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let here: Vec<String> = known
            .iter()
            .filter(|k| k.rsplit_once('/').map(|(d, _)| d) == Some(dir))
            .take(5)
            .map(|k| format!("@/{}", k.strip_prefix("content/").unwrap_or(k)))
            .collect();
        match (here.is_empty(), lang) {
            (true, Lang::Cs) => format!("složka {dir}/ neobsahuje žádnou stránku .md"),
            (true, Lang::En) => format!("the folder {dir}/ has no .md page"),
            (false, Lang::Cs) => format!("ve složce {dir}/ jsou: {}", here.join(", ")),
            (false, Lang::En) => format!("the folder {dir}/ has: {}", here.join(", ")),
        }
    } else {
        match lang {
            Lang::Cs => format!("nejbližší existující: {}", near.join(", ")),
            Lang::En => format!("closest existing: {}", near.join(", ")),
        }
    }
}

/// A body as HTML, its links rewritten as `resolve` checked them. Called when a page is
/// written; a link that fails here was already reported, so it is left as written.
pub fn body_html(site: &Site, body: &Body) -> String {
    let file: &str = &body.file;
    let dir = file.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
    let lang = site.config.language;
    let base = site.config.base_path.as_str();
    let link = |dest: &str, _: Range<usize>| -> LinkAction {
        // A broken link was reported by resolve: no hint is wanted here.
        match rewrite_link(
            dest,
            file,
            dir,
            &site.links.pages,
            &site.links.files,
            base,
            lang,
            false,
        ) {
            Ok(Some((url, _))) => LinkAction::Rewrite(url),
            _ => LinkAction::Keep,
        }
    };
    markdown::render(&body.markdown(), site.config.trust_html, &link).html
}

/// The root-relative file a link's path (without its fragment) names from folder `dir`:
/// `@/…` from `content/`, anything else from `dir`. `None` if it climbs out of `content/`.
pub(crate) fn link_file(path_part: &str, dir: &str) -> Option<String> {
    let joined = match path_part.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => format!("{dir}/{path_part}"),
    };
    normalise(&joined)
}

/// Resolve `.` and `..` in a `/`-separated path; `None` if it climbs out of `content/`.
pub(crate) fn normalise(p: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            x => out.push(x),
        }
    }
    if out.first() != Some(&"content") {
        return None;
    }
    Some(out.join("/"))
}
