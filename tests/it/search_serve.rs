//! Search in the preview (`kpss serve`): the index of its in-memory pages equals a build's,
//! an edit does not index (the index comes after a pause of edits, on a thread of its own),
//! and the running preview serves the index.

use std::collections::BTreeMap;

use kpss::serve::{Rebuilt, Session, SessionOptions};

use crate::common::*;
use crate::serve::{edit, get, start, wait_for};

const DAY: &str = "2026-11-25";

fn index_of(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .search_input()
        .expect("the site has search")
        .index()
        .unwrap()
        .into_iter()
        .collect()
}

fn served_index(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files()
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect()
}

/// The index `kpss build` writes for `site` into `out`: the files under `pagefind/`.
fn built_index(site: &std::path::Path, out: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    build_into(site, out, DAY, None);
    snapshot_tree(out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .collect()
}

#[test]
fn the_preview_indexes_like_a_build_and_not_on_each_edit() {
    let (dir, site) = basic_with(&[]);
    // In parts: the preview builds them one after another, a build in parallel.
    let config = site.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text + "\n[search]\npages_per_part = 3\n").unwrap();
    let opts = SessionOptions {
        root: site.clone(),
        date: DAY.parse().unwrap(),
        drafts: false,
        timings: false,
    };
    let mut live = Session::new(opts);
    assert!(matches!(live.full(), Rebuilt::Full { .. }));
    assert!(served_index(&live).is_empty(), "a rebuild indexed");
    let index = index_of(&live);
    // The same pages give the same index as `kpss build` writes.
    let built = built_index(&site, &dir.path().join("dist"));
    assert_eq!(
        index.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    assert!(
        index == built,
        "the preview's index differs from the build's"
    );
    assert!(
        index.keys().any(|p| {
            let first = p["pagefind/".len()..].split('/').next().unwrap_or("");
            p.contains("/fragment/") && first.bytes().all(|b| b.is_ascii_digit())
        }),
        "not in parts: {:?}",
        index.keys()
    );
    live.set_search_index(index.clone().into_iter().collect());
    assert_eq!(served_index(&live), index);
    // An edit re-renders its page and leaves the index as it was (the next comes after a
    // pause); indexing again then sees the edit.
    let rel = "content/jh/jednani/rs-02.md";
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    std::fs::write(site.join(rel), format!("{text}\nSlovo Pštrosí vejce.\n")).unwrap();
    assert!(matches!(
        live.update(&[site.join(rel)]),
        Rebuilt::Partial { .. }
    ));
    assert_eq!(served_index(&live), index, "an edit changed the index");
    // Indexing again: the parts the edit left alone are taken from the index served, the
    // edited page's part is built; the whole equals what `kpss build` writes now.
    let again = index_of(&live);
    assert_ne!(again, index, "the edit is not in a new index");
    let built2 = built_index(&site, &dir.path().join("dist2"));
    assert!(
        again == built2,
        "the preview's second index differs from the build's"
    );
    // And a part whose served files were changed is built again, not taken.
    live.set_search_index(again.clone().into_iter().collect());
    let part = again
        .keys()
        .find(|p| p.starts_with("pagefind/1/") || p.starts_with("pagefind/2/"))
        .expect("a part beyond the first")
        .clone();
    let mut tampered: BTreeMap<String, Vec<u8>> = again.clone();
    tampered.insert(part.clone(), b"not the part".to_vec());
    live.set_search_index(tampered.into_iter().collect());
    assert!(
        index_of(&live) == built2,
        "a changed file of the served index was taken: {part}"
    );
}

#[test]
fn the_running_preview_serves_the_search_page_and_its_index() {
    let s = start();
    let (status, _, body) = get(s.port, "/planovani/hledat/");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"hledat\""), "{body}");
    wait_for("the search index", || {
        get(s.port, "/planovani/pagefind/pagefind-entry.json").0 == 200
    });
    let (_, _, entry) = get(s.port, "/planovani/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"cs\""), "{entry}");
    // After an edit the page is served at once, the index stays served meanwhile.
    edit(
        &s.site,
        "content/jh/jednani/rs-02.md",
        "+++\ngroup = \"rs\"\nnumber = 2\nminutes = \"rs-02.pdf\"\n+++\nNový text.\n",
    );
    wait_for("the edit", || {
        get(s.port, "/planovani/jh/jednani/rs-02/")
            .2
            .contains("Nový text.")
    });
    assert_eq!(get(s.port, "/planovani/pagefind/pagefind.js").0, 200);
}
