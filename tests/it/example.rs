//! The example site at the repository root: it builds, every page is reachable from home,
//! every internal link and fragment resolves at the root and under a sub-path.

use crate::common::*;

#[test]
fn example_site_builds_with_every_link_resolving() {
    let b = build_root(&repo(), "2026-11-25", None);
    let broken = broken_links(&b.out, &b.base);
    assert!(broken.is_empty(), "{broken:#?}");
    let all: Vec<String> = html_files(&b.out)
        .into_keys()
        .filter(|p| p != "404.html")
        .collect();
    assert!(all.len() > 100, "only {} pages", all.len());
    let seen = reachable(&b.out, &b.base);
    let missing: Vec<&String> = all.iter().filter(|p| !seen.contains(*p)).collect();
    assert!(missing.is_empty(), "not reachable from home: {missing:?}");
}

#[test]
fn example_site_works_under_a_sub_path() {
    let b = build_root(
        &repo(),
        "2026-11-25",
        Some("https://example.org/planovani/"),
    );
    assert_eq!(b.base, "/planovani/");
    let broken = broken_links(&b.out, &b.base);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn example_site_says_it_is_a_demonstration() {
    let b = build_root(&repo(), "2026-11-25", None);
    let home = b.page("");
    let body = texts(&home, "main").join(" ").to_lowercase();
    assert!(
        body.contains("ukázk") || body.contains("demonstra"),
        "{body}"
    );
}
