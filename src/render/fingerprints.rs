//! Fingerprints of every page's view, for the preview server to render only what an edit
//! changed. Must not render templates or Markdown: bodies count as hashes of their source.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;
use xxhash_rust::xxh3::Xxh3;

use super::body::Bodies;
use super::context::RenderCtx;
use super::outputs::{Digests, PieceDigests};
use super::plan::{Job, jobs};
use super::sitemap::sitemap_urls;
use super::views::view;
use crate::fast::{HashMap, HashSet};
use crate::model::Site;

/// A fingerprint of every page's view, by output path, with bodies as fingerprints of their
/// source: two sites give a page the same fingerprint exactly when its output would be the same
/// (for the same templates and `globals`). The preview server renders only the pages whose
/// fingerprint changed after an edit; this costs the views, not the templates or the HTML.
pub fn fingerprints(site: &Site) -> HashMap<String, u64> {
    run(site, None, false).fresh
}

/// What [`fingerprints_since`] gives.
pub struct Fingerprints {
    /// Every page's fingerprint, by path.
    pub fresh: HashMap<String, u64>,
    /// What this run learned; `None` when a read escaped the records.
    pub learned: Option<Learned>,
    /// How many fingerprints were the last build's, kept without building the view.
    pub kept: usize,
    /// When the last build's site is this one but for bodies and the front matter of some
    /// meetings, and no piece of the outputs read a body then, those meetings (indexes; none
    /// when only bodies changed): every other meeting's pieces of the outputs are the last
    /// build's (`outputs::splice`).
    pub edited: Option<Vec<usize>>,
    /// How many meetings' row digests were the last build's, kept without building the row.
    pub rows_kept: usize,
    /// The site-wide meeting order, when a view wanted it (the render of the same site takes
    /// it instead of sorting again: `render_except`).
    pub meetings_sorted: Option<Vec<usize>>,
}

/// What a fingerprinting learned besides the fingerprints: the site's digest without its
/// bodies' texts (`Site::digest`), and which bodies each page's view read, so the next build
/// keeps the fingerprint of a page none of whose bodies changed ([`fingerprints_since`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Learned {
    /// `Site::digest` of the site fingerprinted.
    pub site: u64,
    /// Every body some page read: its file and its text's digest then.
    pub bodies: Vec<(Arc<str>, u64)>,
    /// Per page path, the bodies its view read (indices into `bodies`), sorted.
    pub reads: HashMap<String, Box<[u32]>>,
    /// Every meeting's pieces' digests (`outputs::Digests`), by index; empty when not made,
    /// or when a piece read a body (then a piece is more than its meeting and the site).
    pub pieces: Vec<PieceDigests>,
    /// Every meeting's row digest (`RenderCtx::row_digests`), by index, where one was made or
    /// kept; a row reads no body (a read in one makes the run unsound: nothing is learned).
    pub rows: Vec<Option<u64>>,
}

/// The last build's fingerprints and what it learned, for [`fingerprints_since`].
pub struct Last<'a> {
    pub learned: &'a Learned,
    /// A page's fingerprint in the last build.
    pub fingerprint: &'a (dyn Fn(&str) -> Option<u64> + Sync),
    /// The last build's site (`resolve::site_before`) when only the front matter of the
    /// meetings in the set changed since (as far as the caller knows: its digest decides).
    pub before: Option<(&'a Site, &'a HashSet<String>)>,
}

/// [`fingerprints`], keeping the last build's fingerprint of every page whose view can only
/// have changed with a body it read (when the site's digest is the last one's) and none of
/// those changed; the others' views are built.
pub fn fingerprints_since(site: &Site, last: Option<Last>) -> Fingerprints {
    run(site, last, true)
}

/// [`fingerprints_since`]; the site's digest and its bodies' only when there is a last build
/// to compare with or something to `learn` (the preview learns nothing).
fn run(site: &Site, last: Option<Last>, learn: bool) -> Fingerprints {
    let armed = crate::model::reads::Armed::new();
    let ctx = RenderCtx::new(site, Bodies::Fingerprints);
    // Apart, side by side: each some 35 ms of one core at 100,000 meetings (the last site's
    // digest when it was patched back: `judge`).
    let before = last.as_ref().and_then(|l| l.before).map(|(old, _)| old);
    let (jobs, (digest, before)) = rayon::join(
        || jobs(&ctx),
        || {
            rayon::join(
                || (learn || last.is_some()).then(|| site.digest()),
                || before.map(Site::digest),
            )
        },
    );
    let Judged {
        last,
        moved,
        edited,
        stored,
        rows,
    } = judge(site, digest, last, before, &|| ctx.meetings_sorted());
    // The last build's row digests stand for every meeting but the edited ones: a row is its
    // meeting and what the whole site shares, which is the same (`judge`).
    let mut rows_kept = 0;
    if let (Some((rows, changed)), Some(cells)) = (rows, &ctx.row_digests) {
        for (i, (cell, row)) in cells.iter().zip(rows).enumerate() {
            if let Some(d) = row
                && changed.binary_search(&i).is_err()
                && cell.set(*d).is_ok()
            {
                rows_kept += 1;
            }
        }
    }
    // Every body's digest now, when they are compared or learned.
    let now: HashMap<&str, u64> = if learn || last.is_some() {
        site.bodies().collect()
    } else {
        HashMap::default()
    };
    // Which of the last build's bodies still say the same (by its `bodies` index).
    let same: Vec<bool> = match &last {
        Some(l) => {
            let same = |(f, d): &(Arc<str>, u64)| now.get(&**f) == Some(d);
            l.learned.bodies.iter().map(same).collect()
        }
        None => Vec::new(),
    };
    let kept = |path: &str, job: &Job| -> Option<(u64, &[u32])> {
        let l = last.as_ref()?;
        if moved.as_ref().is_some_and(|m| m(job)) {
            return None;
        }
        let reads = l.learned.reads.get(path).map_or(&[][..], |r| &r[..]);
        if !reads.iter().all(|&i| same.get(i as usize) == Some(&true)) {
            return None;
        }
        Some(((l.fingerprint)(path)?, reads))
    };
    let keep: Vec<Option<(u64, &[u32])>> = jobs.par_iter().map(|(p, j)| kept(p, j)).collect();
    // The outputs put together from the meetings' pieces take their digests, each meeting's
    // written once (a meeting stands in three calendars); made only when one is fingerprinted.
    let outputs = jobs
        .iter()
        .zip(&keep)
        .any(|((_, j), k)| k.is_none() && matches!(j, Job::Output(_)));
    let (digests, piece_reads) = crate::model::reads::recording(|| {
        outputs.then(|| match (stored, &edited) {
            (Some(p), Some(edited)) => Digests::patched(&ctx, p.to_vec(), edited),
            _ => Digests::new(&ctx),
        })
    });
    // The views to build, the longest first (the sitemap, the outputs, then the lists), in
    // parts of at most `JOBS_AT_ONCE`, as the render's: left to split the whole list of jobs, rayon ran the ~1,000
    // pages a date edit moves at 100,000 meetings mostly on one thread, the other idle
    // (a per-thread timeline of a warm build: ~50 ms of one core alone).
    let mut todo: Vec<usize> = (keep.iter().enumerate())
        .filter_map(|(i, k)| k.is_none().then_some(i))
        .collect();
    todo.sort_by_key(|&i| std::cmp::Reverse(weight(&jobs[i].1)));
    let built: Vec<(u64, Vec<Arc<str>>)> = todo
        .par_iter()
        .with_max_len(super::JOBS_AT_ONCE)
        .map(|&i| {
            let (path, job) = &jobs[i];
            let (f, mut files) =
                crate::model::reads::recording(|| one(&ctx, &jobs, path, job, digests.as_ref()));
            if matches!(job, Job::Output(_)) {
                files.extend(piece_reads.iter().cloned());
            }
            (f, files)
        })
        .collect();
    let mut done: Vec<(u64, Reads)> = keep
        .iter()
        .map(|k| match k {
            Some((f, reads)) => (*f, Reads::Kept(reads)),
            None => (0, Reads::Kept(&[])),
        })
        .collect();
    for (i, (f, files)) in todo.into_iter().zip(built) {
        done[i] = (f, Reads::Files(files));
    }
    let pieces = match digests {
        Some(d) if piece_reads.is_empty() => d.into_meetings(),
        // Made of the same site: the last ones hold.
        None if edited.as_ref().is_some_and(Vec::is_empty) => {
            stored.map(<[_]>::to_vec).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let learned = digest.filter(|_| learn && armed.sound()).map(|digest| {
        let mut l = learned(digest, &now, &jobs, &done, last.as_ref());
        l.pieces = pieces;
        l.rows = (ctx.row_digests.iter().flatten())
            .map(|cell| cell.get().copied())
            .collect();
        l
    });
    let kept = keep.iter().filter(|k| k.is_some()).count();
    let fresh = jobs
        .into_iter()
        .zip(done)
        .map(|((path, _), (f, _))| (path, f))
        .collect();
    Fingerprints {
        fresh,
        learned,
        kept,
        edited,
        rows_kept,
        meetings_sorted: ctx.into_meetings_sorted(),
    }
}

/// Whether a page may have changed with an edit of meetings.
type Moved<'a> = Box<dyn Fn(&Job) -> bool + Sync + 'a>;

/// What of the last build holds for this site ([`judge`]).
struct Judged<'a> {
    /// The last build, when some of its fingerprints may be kept.
    last: Option<Last<'a>>,
    /// Which pages an edit of meetings' front matter can change (the others keep theirs).
    moved: Option<Moved<'a>>,
    /// The meetings edited since the last build, when it is known to be of this site but for
    /// them and for bodies (none: only bodies changed), and its pieces' digests are known.
    edited: Option<Vec<usize>>,
    /// The last build's pieces' digests of every meeting, then.
    stored: Option<&'a [PieceDigests]>,
    /// The last build's row digests of every meeting, when it is known to be of this site but
    /// for bodies and the meetings given (indexes, ascending), whose rows do not hold.
    rows: Option<(&'a [Option<u64>], Vec<usize>)>,
}

/// The same site but for bodies (`digest` is the last one's); or the last site patched back
/// (`Last::before`, whose digest is `before_digest`) is the one the last build fingerprinted,
/// and then, when the lists keep their shape but for the years, the pages its meetings' edit
/// can change (`affected`, as the preview asks after such a patch; the sitemap dates
/// meetings; with other years, every list of the whole site's meetings); or neither.
/// `sorted` gives the site-wide meeting order of `site` (the render's own, made once).
fn judge<'a, 's>(
    site: &'a Site,
    digest: Option<u64>,
    last: Option<Last<'a>>,
    before_digest: Option<u64>,
    sorted: &dyn Fn() -> &'s [usize],
) -> Judged<'a> {
    let none = Judged {
        last: None,
        moved: None,
        edited: None,
        stored: None,
        rows: None,
    };
    let Some(l) = last else {
        return none;
    };
    // Kept only while no piece read a body: then a piece is its meeting and the site, and the
    // outputs may be put together from the last ones (`edited`), not otherwise.
    let pieces = Some(&l.learned.pieces[..]).filter(|p| p.len() == site.meetings.len());
    let rows = Some(&l.learned.rows[..]).filter(|r| r.len() == site.meetings.len());
    if Some(l.learned.site) == digest {
        return Judged {
            edited: pieces.map(|_| Vec::new()),
            stored: pieces,
            rows: rows.map(|r| (r, Vec::new())),
            last: Some(l),
            ..none
        };
    }
    let Some((old, rels)) = l.before.filter(|_| before_digest == Some(l.learned.site)) else {
        return none;
    };
    let changed: Vec<usize> = (site.meetings.iter().enumerate())
        .filter(|(_, m)| rels.contains(&m.source))
        .map(|(i, _)| i)
        .collect();
    let edited: Option<Vec<usize>> = pieces.map(|_| changed.clone());
    let rows = rows.map(|r| (r, changed));
    if !super::affected::same_but_years(old, site, rels) {
        return Judged {
            edited,
            stored: pieces,
            rows,
            ..none
        };
    }
    // Years that come, go or gain a page change every list of meetings of the whole site
    // (its year links, its pager).
    let years = !super::affected::same_years(old, site);
    let affected = super::affected::affected(old, site, rels, sorted());
    Judged {
        last: Some(l),
        moved: Some(Box::new(move |job: &Job| {
            matches!(job, Job::Sitemap)
                || affected(job)
                || (years
                    && matches!(
                        job.meetings_shown(),
                        super::plan::MeetingsShown::MeetingList {
                            territory: None,
                            ..
                        }
                    ))
        })),
        edited,
        stored: pieces,
        rows,
    }
}

/// The bodies a page's fingerprint stands on: kept from the last build (indices into its
/// `bodies`), or recorded now.
enum Reads<'a> {
    Kept(&'a [u32]),
    Files(Vec<Arc<str>>),
}

/// This run's [`Learned`]: its bodies' table and each page's reads as indices into it.
fn learned(
    digest: u64,
    now: &HashMap<&str, u64>,
    jobs: &[(String, Job)],
    done: &[(u64, Reads)],
    last: Option<&Last>,
) -> Learned {
    // As large as the last table (the bodies are mostly the same ones): no growing.
    let size = last.map_or(0, |l| l.learned.bodies.len());
    let mut index: HashMap<Arc<str>, u32> =
        HashMap::with_capacity_and_hasher(size, Default::default());
    let mut bodies: Vec<(Arc<str>, u64)> = Vec::with_capacity(size);
    let mut id = |f: &Arc<str>| -> u32 {
        if let Some(&i) = index.get(f) {
            return i;
        }
        bodies.push((f.clone(), now.get(&**f).copied().unwrap_or_default()));
        let i = (bodies.len() - 1) as u32;
        index.insert(f.clone(), i);
        i
    };
    let table = last.map_or(&[][..], |l| &l.learned.bodies[..]);
    // The id of each body of the last table, given when it is first read: by its index, not
    // by a hash of its file's name for every read of every kept page.
    let mut ids_of_last: Vec<u32> = vec![u32::MAX; table.len()];
    let mut reads = HashMap::with_capacity_and_hasher(jobs.len(), Default::default());
    for ((path, _), (_, r)) in jobs.iter().zip(done) {
        let ids: Box<[u32]> = match r {
            Reads::Kept(old) => old
                .iter()
                .filter_map(|&i| {
                    let (f, _) = table.get(i as usize)?;
                    let slot = &mut ids_of_last[i as usize];
                    if *slot == u32::MAX {
                        *slot = id(f);
                    }
                    Some(*slot)
                })
                .collect(),
            Reads::Files(files) => files.iter().map(&mut id).collect(),
        };
        if !ids.is_empty() {
            reads.insert(path.clone(), ids);
        }
    }
    Learned {
        site: digest,
        bodies,
        reads,
        pieces: Vec::new(),
        rows: Vec::new(),
    }
}

/// How long a job's view takes to build, roughly: the sitemap and the outputs (every page or
/// meeting), then the lists, then one item's page.
fn weight(job: &Job) -> u8 {
    match job {
        Job::Sitemap => 3,
        Job::Output(_) => 2,
        Job::Meeting(_)
        | Job::Document(_)
        | Job::Project(_)
        | Job::Organisation(_)
        | Job::News(_)
        | Job::Page(_) => 0,
        _ => 1,
    }
}

/// One page's fingerprint.
fn one(ctx: &RenderCtx, jobs: &[(String, Job)], path: &str, job: &Job, d: Option<&Digests>) -> u64 {
    if let Job::Sitemap = job {
        // Its addresses and their `lastmod`: a page that became dirty changes it.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        sitemap_urls(ctx.site, jobs).hash(&mut h);
        return h.finish();
    }
    if let (Job::Output(o), Some(d)) = (job, d)
        && let Some(f) = super::outputs::fingerprint(ctx.site, o, d)
    {
        return f;
    }
    let (template, mut value) = view(ctx, job);
    super::meta::add(ctx, path, job, &mut value);
    let mut h = Xxh3::new();
    h.update(template.as_bytes());
    h.update(&[0xff]);
    hash_value(&value, &mut h);
    h.digest()
}

/// The digest of a row (`rows`, a template value): it stands for its row in the fingerprints
/// of the pages listing it. Fed as `hash_value` feeds a view: every value tagged with its
/// kind, every string, list and map with its length.
pub(super) fn template_digest(v: &minijinja::Value) -> u64 {
    let mut buf = Vec::with_capacity(1024);
    feed_template_value(v, &mut buf);
    xxhash_rust::xxh3::xxh3_64(&buf)
}

/// `v`'s bytes for a digest, into `h` (hashed at once: fed piece by piece to a streaming
/// hasher, a row took twice as long).
fn feed_template_value(v: &minijinja::Value, h: &mut Vec<u8>) {
    use minijinja::value::ValueKind;
    let len = |n: Option<usize>| (n.unwrap_or(0) as u64).to_le_bytes();
    match v.kind() {
        ValueKind::Undefined => h.push(9),
        ValueKind::None => h.push(0),
        ValueKind::Bool => h.extend_from_slice(&[1, u8::from(v.is_true())]),
        ValueKind::Number => {
            h.push(2);
            // A float that is a whole number converts to i64 too, and prints otherwise.
            let int = v.is_integer().then_some(v);
            if let Some(i) = int.and_then(|v| i64::try_from(v.clone()).ok()) {
                h.push(0);
                h.extend_from_slice(&i.to_le_bytes());
            } else if let Some(u) = int.and_then(|v| u64::try_from(v.clone()).ok()) {
                h.push(1);
                h.extend_from_slice(&u.to_le_bytes());
            } else {
                h.push(2);
                let f = f64::try_from(v.clone()).unwrap_or(f64::NAN);
                h.extend_from_slice(&f.to_bits().to_le_bytes());
            }
        }
        ValueKind::String => feed_text(v.as_str().unwrap_or_default(), v.is_safe(), h),
        ValueKind::Seq => {
            h.push(4);
            h.extend_from_slice(&len(v.len()));
            for x in v.try_iter().into_iter().flatten() {
                feed_template_value(&x, h);
            }
        }
        ValueKind::Map => {
            h.push(5);
            h.extend_from_slice(&len(v.len()));
            // The maps kpss makes walked as they are (a quarter of the time of asking a map
            // for each key's value): a row's (`RenderCtx::fields`), a view's
            // (`templates::template_value`), and one made by `Value::from_pairs` (as a
            // template's own `{...}` is). Keys fed as text values are.
            type Fields = std::collections::BTreeMap<&'static str, minijinja::Value>;
            type ByName = std::collections::BTreeMap<String, minijinja::Value>;
            type Pairs = std::collections::BTreeMap<minijinja::Value, minijinja::Value>;
            let mut feed_named = |pairs: &mut dyn Iterator<Item = (&str, &minijinja::Value)>| {
                for (k, x) in pairs {
                    feed_text(k, false, h);
                    feed_template_value(x, h);
                }
            };
            if let Some(m) = v.downcast_object_ref::<Fields>() {
                return feed_named(&mut m.iter().map(|(k, x)| (*k, x)));
            }
            if let Some(m) = v.downcast_object_ref::<ByName>() {
                return feed_named(&mut m.iter().map(|(k, x)| (k.as_str(), x)));
            }
            if let Some(m) = v.downcast_object_ref::<Pairs>() {
                for (k, x) in m {
                    feed_template_value(k, h);
                    feed_template_value(x, h);
                }
                return;
            }
            for k in v.try_iter().into_iter().flatten() {
                feed_template_value(&k, h);
                feed_template_value(&v.get_item(&k).unwrap_or_default(), h);
            }
        }
        // Nothing a row holds; told apart by its text.
        _ => {
            let s = v.to_string();
            h.push(6);
            h.extend_from_slice(&(s.len() as u64).to_le_bytes());
            h.extend_from_slice(s.as_bytes());
        }
    }
}

/// Text into `h`, tagged safe (printed as it is) or not (escaped): not the same value.
fn feed_text(s: &str, safe: bool, h: &mut Vec<u8>) {
    h.push(if safe { 7 } else { 3 });
    h.extend_from_slice(&(s.len() as u64).to_le_bytes());
    h.extend_from_slice(s.as_bytes());
}

/// Feed a view into `h` as it is, without printing it first (printing a view as JSON cost
/// more than building it). Every value is tagged with its kind and every string and list with
/// its length, so two different views never feed the same bytes.
fn hash_value(v: &Value, h: &mut Xxh3) {
    match v {
        Value::Null => h.update(&[0]),
        Value::Bool(b) => h.update(&[1, u8::from(*b)]),
        Value::Number(n) => {
            h.update(&[2]);
            if let Some(i) = n.as_i64() {
                h.update(&[0]);
                h.update(&i.to_le_bytes());
            } else if let Some(u) = n.as_u64() {
                h.update(&[1]);
                h.update(&u.to_le_bytes());
            } else {
                h.update(&[2]);
                h.update(&n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
            }
        }
        Value::String(s) => {
            h.update(&[3]);
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        Value::Array(a) => {
            h.update(&[4]);
            h.update(&(a.len() as u64).to_le_bytes());
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(m) => {
            h.update(&[5]);
            h.update(&(m.len() as u64).to_le_bytes());
            for (k, x) in m {
                h.update(&(k.len() as u64).to_le_bytes());
                h.update(k.as_bytes());
                hash_value(x, h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fp(v: &Value) -> u64 {
        let mut h = Xxh3::new();
        hash_value(v, &mut h);
        h.digest()
    }

    /// Views that differ in a value, a kind, a key or where a string ends hash differently.
    #[test]
    fn different_views_hash_differently() {
        let views = [
            json!({"a": "bc"}),
            json!({"a": "b", "c": ""}),
            json!({"ab": "c"}),
            json!({"a": ["bc"]}),
            json!({"a": ["b", "c"]}),
            json!({"a": 1}),
            json!({"a": 1.0}),
            json!({"a": "1"}),
            json!({"a": null}),
            json!({"a": false}),
            json!({"a": true}),
            json!({}),
            json!([]),
        ];
        let hashes: crate::fast::HashSet<u64> = views.iter().map(fp).collect();
        assert_eq!(hashes.len(), views.len());
        assert_eq!(fp(&views[0]), fp(&json!({"a": "bc"})));
    }

    /// Rows (template values) that differ in a value, a kind, a key or where a string ends
    /// digest differently; the same row digests the same.
    #[test]
    fn different_rows_digest_differently() {
        use minijinja::Value as Tv;
        let rows = [
            Tv::from_pairs([("a", Tv::from("bc"))]),
            Tv::from_pairs([("a", Tv::from("b")), ("c", Tv::from(""))]),
            Tv::from_pairs([("ab", Tv::from("c"))]),
            Tv::from_pairs([("a", Tv::from(vec!["bc"]))]),
            Tv::from_pairs([("a", Tv::from(vec!["b", "c"]))]),
            Tv::from_pairs([("a", Tv::from(1))]),
            Tv::from_pairs([("a", Tv::from(1.0))]),
            Tv::from_pairs([("a", Tv::from(u64::MAX))]),
            Tv::from_pairs([("a", Tv::from("1"))]),
            Tv::from_pairs([("a", Tv::from(()))]),
            Tv::from_pairs([("a", Tv::from(false))]),
            Tv::from_pairs([("a", Tv::from(true))]),
            Tv::from_pairs([("a", Tv::from_pairs([("b", 1)]))]),
            Tv::from_pairs([("a", Tv::from_safe_string("bc".into()))]),
            Tv::from_pairs(Vec::<(&str, Tv)>::new()),
            Tv::from(Vec::<Tv>::new()),
        ];
        let digests: crate::fast::HashSet<u64> = rows.iter().map(template_digest).collect();
        assert_eq!(digests.len(), rows.len());
        assert_eq!(
            template_digest(&rows[1]),
            template_digest(&Tv::from_pairs([("a", Tv::from("b")), ("c", Tv::from(""))]))
        );
        // The maps of rows (by value or by fixed name) and of views are walked as they are,
        // another map key by key: the same bytes each way.
        type Pairs = std::collections::BTreeMap<Tv, Tv>;
        assert!(rows[1].downcast_object_ref::<Pairs>().is_some());
        let by_name: std::collections::BTreeMap<String, Tv> =
            [("c".into(), Tv::from("")), ("a".into(), Tv::from("b"))].into();
        let by_name = Tv::from(by_name);
        assert!(by_name.downcast_object_ref::<Pairs>().is_none());
        assert_eq!(template_digest(&rows[1]), template_digest(&by_name));
        let fields: std::collections::BTreeMap<&'static str, Tv> =
            [("c", Tv::from("")), ("a", Tv::from("b"))].into();
        let fields = Tv::from_object(fields);
        assert!(fields.downcast_object_ref::<Pairs>().is_none());
        assert_eq!(template_digest(&rows[1]), template_digest(&fields));
        let other = Tv::from_object(OtherMap);
        assert_eq!(template_digest(&rows[1]), template_digest(&other));
    }

    /// A map that is neither kind walked as it is: asked for each key's value.
    #[derive(Debug)]
    struct OtherMap;

    impl minijinja::value::Object for OtherMap {
        fn get_value(
            self: &std::sync::Arc<Self>,
            key: &minijinja::Value,
        ) -> Option<minijinja::Value> {
            match key.as_str()? {
                "a" => Some("b".into()),
                "c" => Some("".into()),
                _ => None,
            }
        }

        fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
            minijinja::value::Enumerator::Str(&["a", "c"])
        }
    }
}
