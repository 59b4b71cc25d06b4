//! Long lists: a list of more than `PER_PAGE` meetings is split into pages, and each page's
//! pager links the first and the last page and the two on either side of its own (not every
//! page: a 500-page list linked 500 pages from each), with the gaps marked; every page is
//! still reached from the first by the pagers.

use std::collections::{BTreeSet, VecDeque};

use crate::common::*;

#[test]
fn a_long_list_pages_with_a_pager_of_the_ends_and_the_neighbours() {
    let meetings: Vec<(String, String)> = (3..1503)
        .map(|n| {
            let day = date("2000-01-01")
                .checked_add(jiff::Span::new().days(n))
                .unwrap();
            (
                format!("content/jh/jednani/ps-deti-{n:04}.md"),
                format!(
                    "+++\ngroup = \"ps-deti\"\nnumber = {n}\ndate = {day}\nplace = \"MěÚ\"\n+++\nJednání {n}.\n"
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = meetings
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_dir, site) = basic_with(&files);
    let b = build_root(&site, "2026-11-25", None);
    let pages = html_files(&b.out);
    let total = (2..100)
        .take_while(|n| pages.contains_key(&format!("jednani/strana/{n}/index.html")))
        .last()
        .expect("the list has pages");
    let pager = |n: usize| -> Vec<String> {
        let path = if n == 1 {
            "jednani/index.html".to_string()
        } else {
            format!("jednani/strana/{n}/index.html")
        };
        texts(&pages[&path], "nav.pager li")
            .into_iter()
            .map(|t| t.replace("Strana ", ""))
            .collect()
    };
    let last = total.to_string();
    assert_eq!(total, 8, "1,500 meetings and the fixture's");
    let words = |n: usize| -> String {
        pager(n)
            .iter()
            .map(|s| s.split_whitespace().next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Page 2 of 8: 1, 2 (its own), 3, 4, a gap, 8; page 5: a gap of one page (2) is shown.
    assert_eq!(words(2), "Předchozí 1 2 3 4 … 8 Další");
    assert_eq!(words(5), "Předchozí 1 2 3 4 5 6 7 8 Další");
    assert_eq!(words(1), "1 2 3 … 8 Další");
    let first = pager(1);
    assert!(
        first.contains(&"…".to_string()) && first.contains(&last),
        "{first:?}"
    );
    assert!(!first.contains(&"5".to_string()), "{first:?}");
    // Every page is reached from the first by following the pagers' links.
    let links = |n: usize| -> Vec<usize> {
        let path = if n == 1 {
            "jednani/index.html".to_string()
        } else {
            format!("jednani/strana/{n}/index.html")
        };
        attrs(&pages[&path], "nav.pager a", "href")
            .iter()
            .map(
                |h| match h.strip_prefix(&format!("{}jednani/strana/", b.base)) {
                    Some(rest) => rest.trim_end_matches('/').parse().expect("a page number"),
                    None => {
                        assert_eq!(h, &format!("{}jednani/", b.base));
                        1
                    }
                },
            )
            .collect()
    };
    assert!(links(5).len() <= 11, "{:?}", links(5));
    let mut seen = BTreeSet::from([1usize]);
    let mut queue = VecDeque::from([1usize]);
    while let Some(n) = queue.pop_front() {
        for m in links(n) {
            if seen.insert(m) {
                queue.push_back(m);
            }
        }
    }
    assert_eq!(seen, (1..=total).collect::<BTreeSet<_>>());
}
