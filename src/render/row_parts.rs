//! Rows' HTML taken from the page the last build wrote. A list page re-rendered in a warm
//! build (a meeting's date moved to a new year gives every list of the site's meetings a new
//! year in its navigation: 1,023 pages at 100,000 meetings) holds mostly the rows it held:
//! the theme writes a row with `row(macro, item, …)`, and a row whose text the last build
//! wrote on this page, by the same call, is copied from that page instead of built and
//! rendered again. Must not decide which pages are rendered (that is the cache's
//! fingerprints) nor how a row looks (that is the theme).
//!
//! The contract, which keeps a warm build's bytes a cold build's: a row's text is its macro's
//! output for the same arguments, and the macro depends on nothing but them and the globals
//! (a macro imported from another template, as the default theme's are). The row is named by
//! its digest (`RenderCtx::row_digests`, the digest of its whole template value), the call by
//! the macro's name and arguments' spec and the values of the other arguments; the templates
//! and globals are in the cache's key. The last page is read only when its bytes are the
//! ones the last build wrote (the caller's `LastPages::read`: by its inode stamp), and a
//! span is used only where its bytes are UTF-8.
//!
//! A row the last page holds is given to the template as its digest only (not built); if
//! the template reads it anywhere but in `row()` the page is rendered again with every row
//! built, and a page that did so notes no spans (its next build builds every row).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object, ObjectRepr, Rest};
use minijinja::{AutoEscape, Error, State, Value as Tv};

use crate::fast::HashMap;

/// Where the rows' texts stood in one page (for the next build's cache).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowSpans {
    /// The distinct calls (their `sig`) that wrote the page's rows.
    pub calls: Vec<u64>,
    /// Each row's text, in page order.
    pub spans: Vec<RowSpan>,
}

/// One row's text in a page: its key (the row's digest and the call, `key`), where it
/// starts, and its length in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowSpan {
    pub key: u64,
    pub start: u32,
    pub len: u32,
}

/// The last build's pages, for a warm build.
pub struct LastPages<'a> {
    /// Where its rows stood, by site path.
    pub spans: &'a HashMap<String, RowSpans>,
    /// The last build's bytes of the page at a site path, when they can be vouched for.
    pub read: &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
}

/// What one render knows of rows' texts: each meeting's row digest this build (by index;
/// `None` where none was made), the last build's pages, and the spans noted so far.
pub struct RowParts<'a> {
    digests: &'a [Option<u64>],
    last: Option<LastPages<'a>>,
    noted: Mutex<HashMap<String, RowSpans>>,
    /// How many rows were taken from the last build's pages, and how many pages were rendered
    /// a second time with every row built.
    pub reused: AtomicUsize,
    pub again: AtomicUsize,
}

impl<'a> RowParts<'a> {
    pub fn new(digests: &'a [Option<u64>], last: Option<LastPages<'a>>) -> Self {
        RowParts {
            digests,
            last,
            noted: Mutex::default(),
            reused: AtomicUsize::new(0),
            again: AtomicUsize::new(0),
        }
    }

    /// Meeting `i`'s row digest, if one was made.
    pub(super) fn digest(&self, i: usize) -> Option<u64> {
        self.digests.get(i).copied().flatten()
    }

    /// The state of one render of the page at `path`: the last build's bytes of it and its
    /// rows' spans when there are both.
    pub(super) fn page(&self, path: &str) -> Arc<Page> {
        let old = self.last.as_ref().and_then(|l| {
            let spans = l.spans.get(path)?;
            let text = (l.read)(path)?;
            let at = (spans.spans.iter())
                .map(|s| (s.key, (s.start, s.len)))
                .collect();
            Some(Arc::new(Old {
                text,
                calls: spans.calls.clone(),
                at,
            }))
        });
        Page::new(old, false)
    }

    /// Whether a render with `page` must be done again with every row built: it wanted a row
    /// that was not (the render may have failed for it).
    pub(super) fn again(&self, page: &Page) -> bool {
        let again = page.missing.load(Ordering::Relaxed) && !page.built;
        if again {
            self.again.fetch_add(1, Ordering::Relaxed);
        }
        again
    }

    /// After a render of `path` to `html` with `page` that stands: the spans of the rows it
    /// wrote noted, unless the template read a row outside `row()`.
    pub(super) fn rendered(&self, path: &str, html: &str, page: &Page) {
        self.reused
            .fetch_add(page.reused.load(Ordering::Relaxed), Ordering::Relaxed);
        let noted = std::mem::take(&mut *lock(&page.noted));
        if page.outside.load(Ordering::Relaxed) || noted.is_empty() {
            return;
        }
        let mut spans = RowSpans::default();
        let mut seen = crate::fast::HashSet::default();
        let mut from = 0;
        for (key, sig, text) in noted {
            let text = text.as_str().unwrap_or_default();
            if text.is_empty() || !seen.insert(key) {
                continue;
            }
            let Some(at) = find(&html.as_bytes()[from..], text.as_bytes()) else {
                continue;
            };
            let (Ok(start), Ok(len)) = (u32::try_from(from + at), u32::try_from(text.len())) else {
                break;
            };
            from += at + text.len();
            if !spans.calls.contains(&sig) {
                spans.calls.push(sig);
            }
            spans.spans.push(RowSpan { key, start, len });
        }
        lock(&self.noted).insert(path.to_string(), spans);
    }

    /// The spans noted, by site path.
    pub fn into_noted(self) -> HashMap<String, RowSpans> {
        self.noted
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Where `needle` first stands in `hay`: tried at each byte that is its first, which between
/// one row and the next is a few bytes of the template (a searcher built for each row was 3 %
/// of a warm build's CPU, perf).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let &first = needle.first()?;
    let mut from = 0;
    while let Some(at) = memchr::memchr(first, &hay[from..]) {
        if hay[from + at..].starts_with(needle) {
            return Some(from + at);
        }
        from += at + 1;
    }
    None
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The key of a row written by a call: its digest and the call's `sig` mixed.
fn key(digest: u64, sig: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(&digest.to_le_bytes(), sig)
}

/// The last build's bytes of a page and where its rows stood.
#[derive(Debug)]
struct Old {
    text: Vec<u8>,
    calls: Vec<u64>,
    at: HashMap<u64, (u32, u32)>,
}

/// One render of one page: what it may take from the last page, whether a row was read
/// outside `row()` (then no span is noted) and whether one was wanted that was not built
/// (then the page is rendered again), and the rows' texts written, in order (key, call,
/// text).
#[derive(Debug)]
pub(super) struct Page {
    old: Option<Arc<Old>>,
    built: bool,
    outside: AtomicBool,
    missing: AtomicBool,
    noted: Mutex<Vec<(u64, u64, Tv)>>,
    reused: AtomicUsize,
    /// The last macro `row()` was called with on this page and its part of `sig` (the same
    /// for every row of a list: made once, not again for each of the 201,960 rows a warm
    /// build after a date edit at 100,000 meetings takes).
    called: Mutex<Option<(Tv, Option<MacroPart>)>>,
}

impl Page {
    fn new(old: Option<Arc<Old>>, built: bool) -> Arc<Page> {
        Arc::new(Page {
            old,
            built,
            outside: AtomicBool::new(false),
            missing: AtomicBool::new(false),
            noted: Mutex::default(),
            reused: AtomicUsize::new(0),
            called: Mutex::default(),
        })
    }

    /// The call's part of a row's key (its `sig`): the macro's name and arguments' spec and
    /// the other arguments' values; `None` for what is not a macro, or one that takes a
    /// caller. Hashed value by value (formatting them as text first was 2 % of a warm
    /// build's CPU that took 200,000 rows from the last pages); the macro's part as made for
    /// the last call of the same macro (`f` equal: the same object, or one of the same name,
    /// arguments and caller, which are that part).
    fn sig(&self, f: &Tv, args: &[Tv]) -> Option<u64> {
        let mut called = lock(&self.called);
        let h = match &*called {
            Some((g, h)) if g == f => h.clone(),
            _ => {
                let h = macro_part(f);
                *called = Some((f.clone(), h.clone()));
                h
            }
        };
        drop(called);
        let mut h = h?.0;
        for a in args {
            hash_value(&mut h, a);
        }
        Some(h.digest())
    }

    /// The state of the second render of this page, with every row built (the last page's
    /// bytes as read for the first).
    pub(super) fn built(&self) -> Arc<Page> {
        Page::new(self.old.clone(), true)
    }

    /// Whether the last page holds the row of digest `digest`, by any of its calls: then it
    /// is given to the template unbuilt (unless this is the render with every row built).
    pub(super) fn holds(&self, digest: u64) -> bool {
        !self.built
            && self
                .old
                .as_ref()
                .is_some_and(|o| o.calls.iter().any(|&s| o.at.contains_key(&key(digest, s))))
    }

    /// The text the last page holds under `key`, when its bytes are UTF-8.
    fn old_text(&self, key: u64) -> Option<&str> {
        let o = self.old.as_ref()?;
        let &(start, len) = o.at.get(&key)?;
        let bytes = o.text.get(start as usize..start as usize + len as usize)?;
        simdutf8::basic::from_utf8(bytes).ok()
    }
}

/// A meeting's row as a template value: its digest, when one was made, and the row itself,
/// unless the last page holds its text (then only `row()` may use it).
#[derive(Debug)]
pub(super) struct Row {
    pub(super) digest: Option<u64>,
    pub(super) value: Option<Tv>,
    pub(super) page: Arc<Page>,
}

impl Row {
    /// The row read outside `row()`: noted, and the row if it was built.
    fn read(&self) -> Option<&Tv> {
        self.page.outside.store(true, Ordering::Relaxed);
        if self.value.is_none() {
            self.page.missing.store(true, Ordering::Relaxed);
        }
        self.value.as_ref()
    }
}

impl Object for Row {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Tv) -> Option<Tv> {
        self.read()?
            .get_item(key)
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.read().and_then(|v| v.try_iter().ok()) {
            Some(keys) => Enumerator::Values(keys.collect()),
            None => Enumerator::Empty,
        }
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.read() {
            Some(v) => std::fmt::Display::fmt(v, f),
            None => Ok(()),
        }
    }
}

/// The macro's part of `sig`: its name and arguments' spec hashed; `None` for what is not a
/// macro, or one that takes a caller.
fn macro_part(f: &Tv) -> Option<MacroPart> {
    let name = f.get_attr("name").ok()?;
    let name = name.as_str()?;
    if f.get_attr("caller").ok()?.is_true() {
        return None;
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(name.as_bytes());
    h.update(b"\0");
    for a in f.get_attr("arguments").ok()?.try_iter().ok()? {
        hash_value(&mut h, &a);
    }
    h.update(b"\0");
    Some(MacroPart(h))
}

/// A macro's part of a call's `sig`, hashed so far.
#[derive(Clone)]
struct MacroPart(xxhash_rust::xxh3::Xxh3);

impl std::fmt::Debug for MacroPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MacroPart")
    }
}

/// A value into `h`: its kind, then the value (its debug text for a kind not written out).
fn hash_value(h: &mut xxhash_rust::xxh3::Xxh3, v: &Tv) {
    use minijinja::value::ValueKind;
    let kind = v.kind();
    h.update(&[kind as u8]);
    match kind {
        ValueKind::Undefined | ValueKind::None => {}
        ValueKind::Bool => h.update(&[u8::from(v.is_true())]),
        ValueKind::String => {
            let s = v.as_str().unwrap_or_default();
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
            h.update(&[u8::from(v.is_safe())]);
        }
        _ => {
            let s = format!("{v:?}");
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    }
}

/// `row(macro, item, …)`: `macro(item, …)`, for an item that is a meeting's row taken from
/// the last build's page when it wrote the same row by the same call there.
pub(super) fn row(state: &mut State, f: Tv, item: Tv, args: Rest<Tv>) -> Result<Tv, Error> {
    let Some(r) = item.downcast_object_ref::<Row>() else {
        let all: Vec<Tv> = std::iter::once(item.clone()).chain(args.0).collect();
        return f.call(state, &all);
    };
    let sig = r.page.sig(&f, &args);
    let key = r.digest.zip(sig).map(|(d, s)| (key(d, s), s));
    if let Some((k, s)) = key
        && let Some(text) = r.page.old_text(k)
    {
        let text = match state.auto_escape() {
            AutoEscape::None => Tv::from(text),
            _ => Tv::from_safe_string(text.to_string()),
        };
        r.page.reused.fetch_add(1, Ordering::Relaxed);
        lock(&r.page.noted).push((k, s, text.clone()));
        return Ok(text);
    }
    let Some(value) = &r.value else {
        // Not built and not held: the page is rendered again with every row built.
        r.page.missing.store(true, Ordering::Relaxed);
        return Ok(Tv::from(""));
    };
    let all: Vec<Tv> = std::iter::once(value.clone()).chain(args.0).collect();
    let out = f.call(state, &all)?;
    if let Some((k, s)) = key
        && out.as_str().is_some()
    {
        lock(&r.page.noted).push((k, s, out.clone()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::templates::{ROW, Templates};
    use super::*;

    const PAGE: &str = "p.html";

    /// Three rows by their index: digest and title.
    type Rows = [(u64, &'static str); 3];

    fn templates(page: &str) -> Templates {
        let mut t = std::collections::BTreeMap::new();
        t.insert(
            "m.html".to_string(),
            "{% macro item(x, flag=false) %}<li>{{ x.title }}{% if flag %}!{% endif %}</li>{% endmacro %}"
                .to_string(),
        );
        t.insert(PAGE.to_string(), page.to_string());
        Templates::new(&t, serde_json::json!({})).unwrap()
    }

    /// `PAGE` rendered with `rows` as `Row`s in `parts` (a second time with every row built
    /// when it must be); the text and whether it was rendered again.
    fn render(t: &Templates, parts: &RowParts, rows: &Rows) -> (String, bool) {
        let view = serde_json::json!({ "xs": [{ ROW: 0 }, { ROW: 1 }, { ROW: 2 }] });
        let once = |first: Option<&Page>| {
            let page = first.map_or_else(|| parts.page(PAGE), Page::built);
            let html = t.render(PAGE, view.clone(), &|v, _| {
                let (digest, title) = rows[usize::try_from(v.as_u64()?).ok()?];
                let value =
                    (!page.holds(digest)).then(|| Tv::from_pairs([("title", Tv::from(title))]));
                Some(Tv::from_object(Row {
                    digest: Some(digest),
                    value,
                    page: Arc::clone(&page),
                }))
            });
            (html, page)
        };
        let (html, page) = once(None);
        let again = parts.again(&page);
        let (html, page) = if again {
            once(Some(&page))
        } else {
            (html, page)
        };
        let html = html.unwrap();
        parts.rendered(PAGE, &html, &page);
        (html, again)
    }

    /// A second build takes every row its page held by the same call from the last page's
    /// text (the same bytes as building them), builds a changed row, and notes where each
    /// row now stands.
    #[test]
    fn rows_held_by_the_last_page_are_taken_from_it_and_changed_ones_built() {
        let t = templates(
            "{% from \"m.html\" import item %}<ul>{% for x in xs %}{{ row(item, x, true) }}\n{% endfor %}</ul>",
        );
        let rows: Rows = [(1, "a & b"), (2, "č"), (3, "c")];
        let first = RowParts::new(&[], None);
        let (html, again) = render(&t, &first, &rows);
        assert_eq!(
            html,
            "<ul><li>a &amp; b!</li>\n<li>č!</li>\n<li>c!</li>\n</ul>"
        );
        assert!(!again);
        assert_eq!(first.reused.load(Ordering::Relaxed), 0);
        let noted = first.into_noted();
        let spans = &noted[PAGE];
        assert_eq!(spans.calls.len(), 1);
        let at: Vec<&str> = spans
            .spans
            .iter()
            .map(|s| &html[s.start as usize..(s.start + s.len) as usize])
            .collect();
        assert_eq!(at, ["<li>a &amp; b!</li>", "<li>č!</li>", "<li>c!</li>"]);

        let read = |p: &str| (p == PAGE).then(|| html.clone().into_bytes());
        let last = || {
            Some(LastPages {
                spans: &noted,
                read: &read,
            })
        };
        let second = RowParts::new(&[], last());
        assert_eq!(render(&t, &second, &rows), (html.clone(), false));
        assert_eq!(second.reused.load(Ordering::Relaxed), 3);
        assert_eq!(second.into_noted(), noted);

        // The second row changed (a new digest): built, the others taken.
        let changed: Rows = [(1, "a & b"), (9, "d"), (3, "c")];
        let third = RowParts::new(&[], last());
        let (text, again) = render(&t, &third, &changed);
        assert_eq!(
            text,
            "<ul><li>a &amp; b!</li>\n<li>d!</li>\n<li>c!</li>\n</ul>"
        );
        assert!(!again);
        assert_eq!(third.reused.load(Ordering::Relaxed), 2);
    }

    /// Another call of the same row (another argument) is not the text the last page holds:
    /// the page is rendered again with every row built; so is one that reads a row outside
    /// `row()`, and then notes no spans (its next build builds every row).
    #[test]
    fn another_call_or_a_row_read_outside_row_renders_the_page_with_rows_built() {
        let rows: Rows = [(1, "a"), (2, "b"), (3, "c")];
        let noted = {
            let t = templates(
                "{% from \"m.html\" import item %}{% for x in xs %}{{ row(item, x) }}{% endfor %}",
            );
            let first = RowParts::new(&[], None);
            let (html, _) = render(&t, &first, &rows);
            assert_eq!(html, "<li>a</li><li>b</li><li>c</li>");
            (html, first.into_noted())
        };
        let read = |p: &str| (p == PAGE).then(|| noted.0.clone().into_bytes());
        let last = || {
            Some(LastPages {
                spans: &noted.1,
                read: &read,
            })
        };
        let other_call = templates(
            "{% from \"m.html\" import item %}{% for x in xs %}{{ row(item, x, true) }}{% endfor %}",
        );
        let parts = RowParts::new(&[], last());
        let (html, again) = render(&other_call, &parts, &rows);
        assert_eq!(html, "<li>a!</li><li>b!</li><li>c!</li>");
        assert!(again);
        assert_eq!(parts.reused.load(Ordering::Relaxed), 0);

        let outside = templates(
            "{% from \"m.html\" import item %}{% for x in xs %}{{ x.title }}{{ row(item, x) }}{% endfor %}",
        );
        let parts = RowParts::new(&[], last());
        let (html, again) = render(&outside, &parts, &rows);
        assert_eq!(html, "a<li>a</li>b<li>b</li>c<li>c</li>");
        assert!(again);
        assert!(parts.into_noted().is_empty());
    }

    /// One page writing each row by two macros and by one macro with two arguments, call
    /// after call: the second build takes each text from the call that wrote it.
    #[test]
    fn calls_taking_turns_on_a_page_each_take_their_own_text() {
        let mut t = std::collections::BTreeMap::new();
        t.insert(
            "m.html".to_string(),
            "{% macro item(x, flag=false) %}<li>{{ x.title }}{% if flag %}!{% endif %}</li>{% endmacro %}\
             {% macro other(x, flag=false) %}<p>{{ x.title }}</p>{% endmacro %}"
                .to_string(),
        );
        t.insert(
            PAGE.to_string(),
            "{% from \"m.html\" import item, other %}{% for x in xs %}{{ row(item, x) }}{{ row(other, x) }}{{ row(item, x, true) }}{% endfor %}"
                .to_string(),
        );
        let t = Templates::new(&t, serde_json::json!({})).unwrap();
        let rows: Rows = [(1, "a"), (2, "b"), (3, "c")];
        let first = RowParts::new(&[], None);
        let (html, _) = render(&t, &first, &rows);
        assert!(html.starts_with("<li>a</li><p>a</p><li>a!</li><li>b</li>"));
        let noted = first.into_noted();
        assert_eq!(noted[PAGE].calls.len(), 3);
        let read = |p: &str| (p == PAGE).then(|| html.clone().into_bytes());
        let last = LastPages {
            spans: &noted,
            read: &read,
        };
        let second = RowParts::new(&[], Some(last));
        assert_eq!(render(&t, &second, &rows), (html.clone(), false));
        assert_eq!(second.reused.load(Ordering::Relaxed), 9);
    }

    /// A plain item (not a meeting's row) is passed to the macro as it is.
    #[test]
    fn a_plain_item_is_given_to_the_macro() {
        let t = templates(
            "{% from \"m.html\" import item %}{% for x in xs %}{{ row(item, x, true) }}{% endfor %}",
        );
        let html = t
            .render(
                PAGE,
                serde_json::json!({ "xs": [{ "title": "<x>" }] }),
                &super::super::templates::no_rows,
            )
            .unwrap();
        assert_eq!(html, "<li>&lt;x&gt;!</li>");
    }
}
