//! The build cache in a build (`kpss build` without `--no-cache`): the last output and the
//! cache it holds, read before load (`LastBuild`: texts taken by their record, body scans,
//! the last site patched back after a meeting's front matter edit), and the render that takes
//! unchanged pages from it and writes this build's cache (`render_cached`). The cache's own
//! bytes and the taking of pages are `cache`'s.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Options, after_load, cache, load_walked, texts_in_memory};
use crate::diagnostics::Diagnostics;
use crate::error::Error;
use crate::i18n::tr;
use crate::output::Sink;
use crate::source::config::Config;
use crate::source::load::Loaded;

/// The build cache's key for this build (`cache::key`), or `None` when the cache is off
/// (`--no-cache`, `check`) or `config.toml` cannot be read again.
pub(super) fn cache_key(
    opts: &Options,
    loaded: &Loaded,
    globals: &serde_json::Value,
) -> Option<u64> {
    if !opts.cache || opts.check_only {
        return None;
    }
    let config_text = crate::source::load::read_config(&opts.root).ok()?;
    Some(cache::key(&config_text, &loaded.theme_templates, globals))
}

/// The Markdown files `loaded` read whose front matter is not the one `known` records, with
/// the recorded one.
fn changed_heads(
    loaded: &Loaded,
    known: &crate::fast::HashMap<String, crate::source::text::Known>,
) -> Vec<(String, std::sync::Arc<str>)> {
    loaded
        .sources
        .iter()
        .filter_map(|s| {
            let k = known.get(&s.rel)?;
            let (_, body_offset) = s.read_at?;
            let head = s.text.front().get(..body_offset)?;
            (head != &*k.head).then(|| (s.rel.clone(), k.head.clone()))
        })
        .collect()
}

type Layout = crate::render::outputs::splice::Layout;
type RowSpans = crate::render::row_parts::RowSpans;

/// The output a build replaces and the cache its build left there, read before resolve (its
/// body scans are wanted there); nothing when the cache is off (`--no-cache`, `check`).
pub(super) struct LastBuild {
    output: PathBuf,
    dir: Option<cache::LastOutput>,
    found: Option<cache::Found>,
    /// The Markdown files whose front matter changed since the last build, with the front
    /// matter (the text up to the body) it read, when it learned its pages' reads.
    heads: Vec<(String, std::sync::Arc<str>)>,
    /// The site as the last build resolved it, when only meetings' front matter changed
    /// (`resolve::site_before`), and those meetings' files: `render::fingerprints_since` keeps
    /// the fingerprints of the pages such an edit leaves alone.
    before: Option<(crate::model::Site, crate::fast::HashSet<String>)>,
    /// The spare's files looked at while the site is loaded and resolved (`cache::look_ahead`),
    /// with the spare's identity: used only when the staging folder is that very folder.
    ahead: Option<Ahead>,
}

type Ahead = (std::thread::JoinHandle<Option<cache::Spare>>, (u64, u64));

impl LastBuild {
    pub(super) fn read(opts: &Options, output: &Path, lang: crate::czech::Lang) -> LastBuild {
        let on = opts.cache && !opts.check_only;
        let dir = on.then(|| cache::LastOutput::open(output)).flatten();
        let found = on.then(|| {
            dir.as_ref()
                .map_or(cache::Found::Missing, |l| cache::read(l, lang))
        });
        LastBuild {
            output: output.to_path_buf(),
            dir,
            found,
            heads: Vec::new(),
            before: None,
            ahead: None,
        }
    }

    /// [`LastBuild::read`], with the site's `content/` walked on a thread meanwhile (some 145
    /// and 120 ms at 100,000 meetings: the walk needs nothing of the last build); the stages
    /// timed under `timings`.
    pub(super) fn read_walking(
        opts: &Options,
        output: &Path,
        lang: crate::czech::Lang,
        timings: bool,
    ) -> (LastBuild, std::io::Result<crate::source::load::Walked>) {
        let t = Instant::now();
        let ms = move || t.elapsed().as_secs_f64() * 1000.0;
        std::thread::scope(|s| {
            let walk = s.spawn(|| {
                let w = crate::source::load::walk_content(&opts.root, lang);
                if timings {
                    eprintln!("kpss: content walked in {:.0} ms", ms());
                }
                w
            });
            let last = LastBuild::read(opts, output, lang);
            if timings && opts.cache && !opts.check_only {
                eprintln!("kpss: cache: read in {:.0} ms", ms());
            }
            let walked = walk.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (last, walked)
        })
    }

    /// Look at the spare folder open as `dir` (identity `id`) on a thread of its own while the
    /// site is loaded and resolved, when there is a usable cache to take pages by
    /// (`cache::look_ahead`).
    pub(super) fn look_ahead(
        &mut self,
        dir: rustix::fd::OwnedFd,
        id: (u64, u64),
        lang: crate::czech::Lang,
    ) {
        if matches!(self.found, Some(cache::Found::Usable(_))) {
            // Its stamps at the lowest priority: on a core the build leaves idle (the serial
            // stretches of reading the cache, resolving and fingerprinting), not instead of
            // the build's own threads.
            let handle = std::thread::spawn(move || cache::look_ahead(dir, lang));
            self.ahead = Some((handle, id));
        }
    }

    /// Stage 2 for `build`: the site read, taking each Markdown file the last build recorded
    /// by its record while the file's stamp is the recorded one.
    /// The records are dropped after it (the texts share their front matter).
    pub(super) fn load(
        &mut self,
        opts: &Options,
        config: &Config,
        walked: std::io::Result<crate::source::load::Walked>,
        timings: bool,
        d: &mut Diagnostics,
    ) -> crate::error::Result<Loaded> {
        let known = self.sources();
        let loaded = load_walked(&opts.root, walked, config, texts_in_memory(), known, d)?;
        after_load(&loaded, timings, known.is_some());
        if let Some(cache::Found::Usable(c)) = &mut self.found {
            if c.learned.is_some() {
                self.heads = changed_heads(&loaded, &c.sources);
            }
            crate::fast::drop_later(std::mem::take(&mut c.sources));
        }
        Ok(loaded)
    }

    /// The Markdown files the last build read, by root-relative path, when its cache is
    /// usable.
    fn sources(&self) -> Option<&crate::fast::HashMap<String, crate::source::text::Known>> {
        match &self.found {
            Some(cache::Found::Usable(c)) => Some(&c.sources),
            _ => None,
        }
    }

    /// Resolve the site, taking the body scans the last build stored when the cache is on;
    /// the site and, with the cache on, the scans to store for the next build.
    pub(super) fn resolve(
        &mut self,
        loaded: &Loaded,
        config: &Config,
        date: jiff::civil::Date,
        d: &mut Diagnostics,
    ) -> (Option<crate::model::Site>, Option<crate::resolve::Scans>) {
        let mut scans = self.found.as_mut().map(|found| {
            let stored = match found {
                cache::Found::Usable(c) => std::mem::take(&mut c.scans),
                _ => crate::resolve::Scans::default(),
            };
            crate::resolve::BodyCache::for_build(stored)
        });
        if let Some(c) = scans.as_mut() {
            c.keep_parsed(self.heads.iter().map(|(rel, _)| rel.clone()));
        }
        let site = crate::resolve::resolve(loaded, config, date, d, scans.as_mut());
        if let (Some(site), Some(c)) = (&site, scans.as_mut())
            && !self.heads.is_empty()
        {
            let t = Instant::now();
            let before = crate::resolve::site_before(site, c, &loaded.files, &self.heads);
            if std::env::var_os("KPSS_TIMINGS").is_some() {
                eprintln!(
                    "kpss: cache: {} files' front matter changed, the last site {} in {:.0} ms",
                    self.heads.len(),
                    if before.is_some() {
                        "patched back"
                    } else {
                        "not patched back"
                    },
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
            let rels = self.heads.iter().map(|(rel, _)| rel.clone()).collect();
            self.before = before.map(|b| (b, rels));
        }
        if let Some(c) = scans.as_ref()
            && std::env::var_os("KPSS_TIMINGS").is_some()
        {
            eprintln!(
                "kpss: cache: {} body scans taken, {} meetings' front matter",
                c.stored_taken(),
                c.meetings_taken()
            );
        }
        (site, scans.map(crate::resolve::BodyCache::into_scans))
    }

    /// The pages the last build's search index held, when its cache is of this build's `key`
    /// (taken out: the search sink keeps them).
    pub(super) fn take_indexed(&mut self, key: u64) -> Option<crate::fast::HashSet<String>> {
        match &mut self.found {
            Some(cache::Found::Usable(c)) if c.key == key => Some(*std::mem::take(&mut c.indexed)),
            _ => None,
        }
    }

    /// The last build's cache when it is usable and of this build's `key`.
    fn usable(&self, key: u64) -> Option<&cache::Cache> {
        match &self.found {
            Some(cache::Found::Usable(c)) if c.key == key => Some(c),
            _ => None,
        }
    }

    /// Say why the cache is not used, when it is not.
    fn note(&self, why: &str, lang: crate::czech::Lang) {
        let file = self.output.join(cache::FILE);
        let file = file.display();
        eprintln!(
            "{}",
            tr(
                lang,
                &format!(
                    "poznámka: mezipaměť sestavení {file} se nepoužije ({why}); web se sestaví celý"
                ),
                &format!(
                    "note: the build cache {file} is not used ({why}); the whole site is built"
                ),
            )
        );
    }
}

/// Where a cached render writes its cache: the staging folder, under `key`, with the body
/// scans of this build.
pub(super) struct Cached<'a, 'r> {
    pub(super) staging: &'r crate::output::Staging,
    pub(super) key: u64,
    pub(super) scans: crate::resolve::Scans,
    /// The Markdown files this build loaded, for their records (`source::text::Known`).
    pub(super) sources: &'a [crate::source::load::Source],
    /// Reads a page written into the staging folder back (for the search index).
    pub(super) read: &'r (dyn Fn(&str) -> std::io::Result<Vec<u8>> + Sync),
}

/// Render with the build cache: the pages whose view is unchanged since the build of the
/// output `last` are taken from it (`cache::reuse`), the others rendered; then the search
/// index (its parts whose pages are unchanged taken from the last output too) and this
/// build's cache is put together. Returns the pages written (taken or rendered) and the cache
/// to write (`PendingCache`, written beside the commit's walk); I/O errors of taking pages
/// and of the search index go through `io_error`.
pub(super) fn render_cached<'a>(
    site: &crate::model::Site,
    templates: &crate::render::templates::Templates,
    pages_to_index: &super::search_stage::Pages<'_>,
    last: &mut LastBuild,
    to: Cached<'a, '_>,
    io_error: &dyn Fn(&std::io::Error) -> Error,
) -> crate::error::Result<(usize, PendingCache<'a>)> {
    let lang = site.config.language;
    let timings = std::env::var_os("KPSS_TIMINGS").is_some();
    let sink = pages_to_index.sink();
    let crate::render::Fingerprints {
        mut fresh,
        learned,
        edited,
        meetings_sorted,
        ..
    } = fingerprints(site, last, to.key);
    // The last site patched back is done with: freed on a thread of its own, beside the
    // taking of pages (on this thread it was some 25 ms of a warm 100k date build, with the
    // other core idle).
    crate::fast::drop_later(last.before.take());
    read_ahead(last, to.key, &fresh);
    let t = Instant::now();
    let hashing = cache::Hashing::new(sink);
    let mut taken = cache::Taken::default();
    let pages = match &last.found {
        Some(cache::Found::Usable(c)) => c.pages(to.key, lang).map(Some),
        Some(cache::Found::Ignored(why)) => Err(why.clone()),
        _ => Ok(None),
    };
    // The folder written when it is a reused one (the spare) and its own cache: its files'
    // stamps (any key: they describe bytes). Read only when there is a last build to take from.
    // Looked at ahead when the staging folder is the spare looked at.
    let ahead = last.ahead.take();
    let (here_dir, spare) = match (&pages, &last.dir) {
        (Ok(Some(_)), Some(_)) => (
            cache::LastOutput::open(to.staging.folder()),
            ahead
                .and_then(|(h, id)| h.join().ok().flatten().filter(|_| to.staging.is_folder(id)))
                .unwrap_or_else(|| cache::Spare::read(to.staging.spare_cache(), lang)),
        ),
        _ => (None, Default::default()),
    };
    let here = here_dir.as_ref().map(|h| (h, &spare));
    match (pages, &last.dir) {
        (Ok(Some(cached)), Some(dir)) => {
            taken = cache::reuse(cached, &fresh, dir, here, &hashing).map_err(|e| io_error(&e))?;
        }
        (Ok(_), _) => {}
        (Err(why), _) => last.note(&why, lang),
    }
    if timings {
        eprintln!(
            "kpss: cache: {} pages taken in {:.0} ms ({} kept unread by their stamp, {} linked, {} of them unread{})",
            taken.paths.len(),
            t.elapsed().as_secs_f64() * 1000.0,
            taken.unread,
            taken.linked,
            taken.linked_unread,
            if spare.ahead {
                ", the spare looked at ahead"
            } else {
                ""
            }
        );
    }
    let taken = taken.paths;
    let t = Instant::now();
    let digests = learned.as_ref().map_or(&[][..], |l| &l.rows[..]);
    let (rendered, layouts, rows) = render_spliced(
        site,
        templates,
        &hashing,
        &taken,
        last,
        (to.key, edited, meetings_sorted),
        digests,
    )?;
    if timings {
        eprintln!(
            "kpss: cache: {rendered} pages rendered in {:.0} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    let indexed = index_cached(site, pages_to_index, &hashing, last, here, &to, io_error)?;
    fresh.extend(indexed.fingerprints);
    let indexed_pages = indexed.pages;
    let pending = PendingCache {
        key: to.key,
        fresh,
        hashes: hashing.into_hashes(),
        stamps: to.staging.take_stamps(),
        scans: to.scans,
        sources: to.sources,
        learned,
        layouts,
        rows,
        indexed: indexed_pages,
        timings,
    };
    let taken_pages = taken.iter().filter(|p| p.ends_with(".html")).count();
    Ok((rendered + taken_pages, pending))
}

/// This build's cache, put together once every page is written, and written into the staging
/// folder beside its walk (`Staging::commit_with`): the walk keeps the cache's name and
/// removes only what this build did not write, and the two are each a core's work (at 100,000
/// meetings some 300 ms of encoding and writing on one core, and the walk's 400 ms on two).
pub(super) struct PendingCache<'a> {
    key: u64,
    /// Every page's fingerprint, the hash of its bytes and the stamp of its file: the
    /// entries (`cache::entries`), put together there too.
    fresh: crate::fast::HashMap<String, u64>,
    hashes: crate::fast::HashMap<String, u64>,
    stamps: crate::fast::HashMap<String, crate::output::Stamp>,
    scans: crate::resolve::Scans,
    sources: &'a [crate::source::load::Source],
    learned: Option<crate::render::Learned>,
    layouts: crate::fast::HashMap<String, Layout>,
    rows: crate::fast::HashMap<String, RowSpans>,
    indexed: Vec<String>,
    timings: bool,
}

impl PendingCache<'_> {
    /// Write it into `staging` (as `.kpss-cache`); its tables are then freed on a thread of
    /// their own (`drop_later`: freeing the 100,000 body scans alone was 68 ms of the CPU
    /// beside the walk at 100,000 meetings, perf), which the process's exit may cut short.
    pub(super) fn write(self, staging: &crate::output::Staging) -> std::io::Result<()> {
        let t = Instant::now();
        let PendingCache {
            key,
            fresh,
            hashes,
            stamps,
            scans,
            sources,
            learned,
            layouts,
            rows,
            indexed,
            timings,
        } = self;
        let entries = cache::entries(fresh, &hashes, &stamps);
        let t_entries = t.elapsed();
        let written = staging.write_cache(|file| {
            let tail = cache::Tail {
                learned: learned.as_ref(),
                layouts: &layouts,
                rows: &rows,
                indexed: &indexed,
            };
            cache::write(file, key, &entries, &scans, sources, tail).map(drop)
        });
        crate::fast::drop_later((
            entries, hashes, stamps, scans, learned, layouts, rows, indexed,
        ));
        written?;
        if timings {
            eprintln!(
                "kpss: cache: written in {:.0} ms (its entries put together in {:.0} ms)",
                t.elapsed().as_secs_f64() * 1000.0,
                t_entries.as_secs_f64() * 1000.0
            );
        }
        Ok(())
    }
}

/// The search index of a cached build (`search_stage::index`), its unchanged parts taken from
/// the last output when its cache is of this build's key; timed under `KPSS_TIMINGS`.
fn index_cached(
    site: &crate::model::Site,
    pages_to_index: &super::search_stage::Pages<'_>,
    sink: &dyn Sink,
    last: &LastBuild,
    here: cache::Here<'_>,
    to: &Cached,
    io_error: &dyn Fn(&std::io::Error) -> Error,
) -> crate::error::Result<super::search_stage::Indexed> {
    let t = Instant::now();
    let last_index = last.usable(to.key).and_then(|c| {
        Some(super::search_stage::LastIndex {
            dir: last.dir.as_ref()?,
            entries: &c.entries,
            here,
        })
    });
    let indexed =
        super::search_stage::index(site, pages_to_index, sink, last_index, to.read, io_error)?;
    if std::env::var_os("KPSS_TIMINGS").is_some() && indexed.parts > 0 {
        eprintln!(
            "kpss: cache: search index of {} parts in {:.0} ms ({} taken from the last output)",
            indexed.parts,
            t.elapsed().as_secs_f64() * 1000.0,
            indexed.taken
        );
    }
    Ok(indexed)
}

/// What `render_spliced` gives: the pages written, the outputs' layouts and the pages' rows'
/// spans, by site path.
type Spliced = (
    usize,
    crate::fast::HashMap<String, Layout>,
    crate::fast::HashMap<String, RowSpans>,
);

/// Render every page but those `taken`, the outputs of every meeting put together from the
/// last output's files where the last build's layouts and stamps vouch for them and only the
/// meetings `edited` changed (`render::outputs::splice`), and the rows of list pages taken
/// from the last output's page where it wrote them (`render::row_parts`; `digests`: each
/// meeting's row digest, by index). Returns the pages written, the layouts of those outputs
/// and the rows' spans of the pages for this build's cache (a taken page keeps its last ones).
/// The site-wide meeting order is taken when the fingerprints sorted it.
fn render_spliced(
    site: &crate::model::Site,
    templates: &crate::render::templates::Templates,
    sink: &dyn Sink,
    taken: &crate::fast::HashSet<String>,
    last: &LastBuild,
    (key, edited, meetings_sorted): (u64, Option<Vec<usize>>, Option<Vec<usize>>),
    digests: &[Option<u64>],
) -> crate::error::Result<Spliced> {
    use crate::render::outputs::splice::{OldOutputs, Splicing};
    use crate::render::row_parts::{LastPages, RowParts};
    let cache = last.usable(key);
    let open = |path: &str| {
        let e = cache?.entries.get(path)?;
        last.dir.as_ref()?.open_stamped(path, &e.stamp)
    };
    let splicing = Splicing::new(cache.map(|c| OldOutputs {
        open: &open,
        layouts: &c.layouts,
        edited: edited.as_deref(),
    }));
    let read = |path: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut open(path)?, &mut bytes).ok()?;
        Some(bytes)
    };
    let row_parts = RowParts::new(
        digests,
        cache.map(|c| LastPages {
            spans: &c.rows,
            read: &read,
        }),
    );
    let rendered = crate::render::render_except(
        site,
        templates,
        sink,
        taken,
        &splicing,
        &row_parts,
        meetings_sorted,
    )?;
    let spliced = splicing.spliced.load(std::sync::atomic::Ordering::Relaxed);
    let timings = std::env::var_os("KPSS_TIMINGS").is_some();
    if spliced > 0 && timings {
        eprintln!("kpss: cache: {spliced} outputs put together from the last output's files");
    }
    let reused = row_parts.reused.load(std::sync::atomic::Ordering::Relaxed);
    let again = row_parts.again.load(std::sync::atomic::Ordering::Relaxed);
    if (reused > 0 || again > 0) && timings {
        eprintln!(
            "kpss: cache: {reused} rows taken from the last output's pages ({again} pages rendered again with every row built)"
        );
    }
    let mut layouts = splicing.into_layouts();
    let mut rows = row_parts.into_noted();
    for (path, l) in cache.iter().flat_map(|c| &c.layouts) {
        if taken.contains(path) {
            layouts.entry(path.clone()).or_insert_with(|| l.clone());
        }
    }
    for (path, r) in cache.iter().flat_map(|c| &c.rows) {
        if taken.contains(path) {
            rows.entry(path.clone()).or_insert_with(|| r.clone());
        }
    }
    Ok((rendered, layouts, rows))
}

/// Ask the kernel to read ahead, on a thread of its own, the files of the last output that
/// the render will read again: the pages whose rows it takes (`RowParts`) and the outputs it
/// puts together (`Splicing`), where their fingerprints changed. A page the last builds kept
/// unread may have left memory long ago; read when the render wanted it, each made the render
/// wait for the disk (at 100k after a date edit, 64 such waits on the render's threads, a
/// third of their time idle while they lasted). Asked while the unchanged pages are taken,
/// they are in memory by then. Only a hint: the render reads and checks them as before.
fn read_ahead(last: &LastBuild, key: u64, fresh: &crate::fast::HashMap<String, u64>) {
    let (Some(c), Some(dir)) = (last.usable(key), last.dir.as_ref()) else {
        return;
    };
    let paths = c.read_again(fresh);
    if paths.is_empty() {
        return;
    }
    let Some(dir) = dir.try_clone() else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("kpss-read-ahead".into())
        .spawn(move || {
            for path in paths {
                dir.will_need(&path);
            }
        });
}

/// Every page's fingerprint (`render::fingerprints_since`): the last build's stands for a
/// page none of whose bodies changed when the site is the same but for bodies; under the same
/// key only.
fn fingerprints(
    site: &crate::model::Site,
    last: &LastBuild,
    key: u64,
) -> crate::render::Fingerprints {
    let t = Instant::now();
    let usable = last.usable(key);
    let fingerprint = |p: &str| usable?.entries.get(p).map(|e| e.fingerprint);
    let since = usable
        .and_then(|c| c.learned.as_deref())
        .map(|learned| crate::render::Last {
            learned,
            fingerprint: &fingerprint,
            before: last.before.as_ref().map(|(site, rels)| (site, rels)),
        });
    let f = crate::render::fingerprints_since(site, since);
    if std::env::var_os("KPSS_TIMINGS").is_some() {
        eprintln!(
            "kpss: cache: fingerprints of {} pages in {:.0} ms ({} kept from the last build, reads {})",
            f.fresh.len(),
            t.elapsed().as_secs_f64() * 1000.0,
            f.kept,
            if f.learned.is_some() {
                "learned"
            } else {
                "not learned"
            }
        );
        eprintln!(
            "kpss: cache: {} meetings' row digests kept from the last build",
            f.rows_kept
        );
    }
    f
}
