//! The incremental session: the stages of the pipeline run again on what changed, with the
//! caches of the last run (loaded texts, parsed front matter and link checks, the last site,
//! page fingerprints, the files in memory). `kpss serve` drives it; nothing here knows of HTTP.
//!
//! Incremental, in four ways (each tested to equal a full build, tests/it/serve.rs):
//! - a meeting patch: an edit of meetings that changes at most place, agenda, date and time is
//!   checked alone and patched into the last site (`resolve::check_meeting_edit`);
//! - an edit of existing meeting files that keeps the shape of every list re-renders the pages
//!   `render` says show them (`affected`);
//! - any other edit of existing content files compares a fingerprint of every page's view
//!   (bodies as fingerprints of their source; no templates, no HTML) with the last build's
//!   and renders only the pages that differ, drops pages that are gone, copies new files;
//! - a new, deleted or renamed file under `content/` reads the tree again and then takes the
//!   fingerprint path; only config, templates and static files rebuild everything.
//!
//! Every path re-reads only the changed files and reuses the front matter and link checks of
//! the rest (`resolve::BodyCache`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::fast::{HashMap, HashSet};
use crate::model::Site;
use crate::output::Sink as _;
use crate::render::templates::Templates;
use crate::resolve::{BodyCache, Kind};
use crate::source::config::Config;
use crate::source::load::Loaded;

use crate::render::affected::{Spots, affected, same_shape, sync_attachments, year_pages};

mod changes;
mod patch;

use changes::{ContentEdits, Edit, update_sources};

pub use super::memory::Files;
use super::memory::{MemorySink, add_written};

/// What a session builds: the site root, the build date, drafts, stage timings.
#[derive(Clone, Debug)]
pub struct SessionOptions {
    pub root: PathBuf,
    pub date: jiff::civil::Date,
    pub drafts: bool,
    /// Print how long each stage of a rebuild took (`KPSS_TIMINGS=1`).
    pub timings: bool,
}

/// The builder's memory between rebuilds.
pub struct Session {
    opts: SessionOptions,
    config: Option<Config>,
    loaded: Option<Loaded>,
    cache: BodyCache,
    site: Option<Site>,
    templates: Option<Templates>,
    files: Arc<Files>,
    /// Fingerprints of every page's view at the last render (`render::fingerprints`).
    fingerprints: HashMap<String, u64>,
    /// The templates' globals at the last render.
    globals: Option<serde_json::Value>,
    /// Whether the last rebuild succeeded: only then may an edit skip resolving the site (a
    /// failed one may have left errors in other files that must stay reported).
    last_ok: bool,
    /// Attached files changed on disk since the last rebuild: copied again even where their
    /// name did not change.
    recopy: HashSet<String>,
    /// `[build] git_dates`: read from git once, when the session first builds with them on;
    /// every file changed since then counts as changed at the build date (as a full build
    /// would see it in `git status`).
    dates: Arc<crate::source::git::FileDates>,
    git_read: bool,
    /// The parts of the search index the last indexing built (`SearchInput::index`).
    search_parts: Arc<std::sync::Mutex<super::search_stage::LastParts>>,
    /// A file's date changed since the last render: the sitemap's `lastmod` changes too.
    dates_changed: bool,
    /// Each meeting's piece of the outputs that list every meeting, for the last site
    /// (`render::outputs::Pieces`): written by the first full build, refreshed by meeting
    /// patches, dropped when the site is resolved again (and written again when a patch
    /// needs them).
    pieces: Option<crate::render::outputs::Pieces>,
    /// How many times the whole site was resolved (the first build included): a patched edit
    /// leaves it alone.
    resolves: usize,
    /// What the last meeting patch left for [`Session::finish`].
    later: Later,
    /// The site's meetings in site-wide order (`render::sort_meetings`) as the last meeting
    /// patch left them; `None` after a resolve (the next patch sorts them).
    sorted: Option<Vec<usize>>,
}

/// The outputs listing every meeting a meeting patch changed, rendered after its pages.
#[derive(Default)]
struct Later {
    jobs: Vec<(String, crate::render::Job)>,
    /// Whether they are put together from the session's pieces (refreshed by the patch, or
    /// written by `finish` when there are none yet).
    pieces: bool,
}

/// How one rebuild ended, for the terminal.
#[derive(Debug)]
pub enum Rebuilt {
    Full { pages: usize, ms: f64 },
    Partial { pages: usize, ms: f64 },
    Failed(String),
}

impl Rebuilt {
    /// A rebuild of what changed, started at `started`, as it ended.
    fn partial(result: Result<usize, String>, started: Instant) -> Rebuilt {
        match result {
            Ok(pages) => Rebuilt::Partial {
                pages,
                ms: started.elapsed().as_secs_f64() * 1000.0,
            },
            Err(e) => Rebuilt::Failed(e),
        }
    }
}

impl Session {
    pub fn new(opts: SessionOptions) -> Session {
        Session {
            opts,
            config: None,
            loaded: None,
            cache: BodyCache::default(),
            site: None,
            templates: None,
            files: Arc::new(Files::default()),
            fingerprints: HashMap::default(),
            globals: None,
            last_ok: false,
            recopy: HashSet::default(),
            dates: Arc::default(),
            git_read: false,
            search_parts: Arc::default(),
            dates_changed: false,
            resolves: 0,
            pieces: None,
            later: Later::default(),
            sorted: None,
        }
    }

    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    /// The pages to index for search, when the site has search and the last build succeeded
    /// (`serve` indexes them after a pause of edits, not on each one).
    pub fn search_input(&self) -> Option<super::search_stage::SearchInput> {
        let config = self.config.as_ref().filter(|c| c.search && self.last_ok)?;
        Some(super::search_stage::SearchInput {
            files: self.files.clone(),
            base_path: config.base_path.clone(),
            lang: config.language,
            pages_per_part: config.search_pages_per_part,
            parts: self.search_parts.clone(),
        })
    }

    /// Serve `index` (the files of [`SearchInput::index`](super::search_stage::SearchInput))
    /// in place of the last index.
    pub fn set_search_index(&mut self, index: Vec<(String, Vec<u8>)>) {
        let mut files: Files = (*self.files).clone();
        files.retain(|k, _| !k.starts_with(super::search_stage::BUNDLE_DIR));
        files.extend(index.into_iter().map(|(p, b)| (Arc::from(p), Arc::new(b))));
        self.files = Arc::new(files);
    }

    /// How many bodies the session's resolves scanned anew (the others were kept).
    pub fn bodies_scanned(&self) -> usize {
        self.cache.scanned()
    }

    /// How many times the session resolved the whole site: edits it patched in did not.
    pub fn resolves(&self) -> usize {
        self.resolves
    }

    pub fn base(&self) -> String {
        self.config
            .as_ref()
            .map(|c| c.base_path.clone())
            .unwrap_or_else(|| "/".into())
    }

    fn report(d: &Diagnostics) -> String {
        d.render_plain(d.language())
    }

    /// Rebuild everything (the bodies that did not change come from the cache).
    pub fn full(&mut self) -> Rebuilt {
        let r = self.full_inner();
        self.last_ok = !matches!(r, Rebuilt::Failed(_));
        // Ready for the first edit of a place or a date.
        if let (true, Some(site)) = (self.last_ok, self.site.as_ref()) {
            self.pieces = Some(crate::render::outputs::Pieces::new(site));
        }
        r
    }

    fn full_inner(&mut self) -> Rebuilt {
        let started = Instant::now();
        let config = match super::configure(&self.opts.root, None, self.opts.drafts) {
            Ok(c) => c,
            Err(d) => return Rebuilt::Failed(Self::report(&d)),
        };
        let mut d = Diagnostics::default();
        d.set_language(config.language);
        let loaded = match super::load_site(&self.opts.root, &config, u64::MAX, None, &mut d) {
            Ok(l) => l,
            Err(e) => return Rebuilt::Failed(e.to_string()),
        };
        self.read_git_dates(&config);
        self.config = Some(config);
        self.loaded = Some(loaded);
        self.templates = None;
        match self.resolve_and_render(Scope::All, d) {
            Ok(pages) => Rebuilt::Full {
                pages,
                ms: started.elapsed().as_secs_f64() * 1000.0,
            },
            Err(e) => Rebuilt::Failed(e),
        }
    }

    /// Apply changed paths: incremental when only existing content files changed.
    pub fn update(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let r = self.update_first(changed);
        self.finish();
        r
    }

    /// [`Session::update`] without the outputs that list every meeting a meeting patch
    /// changed (the site's calendar, the meetings' data, the OFN events: tens of MB at
    /// 100,000 meetings): the preview serves the pages, then calls [`Session::finish`].
    pub fn update_first(&mut self, changed: &[PathBuf]) -> Rebuilt {
        self.finish();
        let r = self.update_inner(changed);
        self.last_ok = !matches!(r, Rebuilt::Failed(_));
        r
    }

    /// Render what the last [`Session::update_first`] left; how many files (0: nothing was
    /// left).
    pub fn finish(&mut self) -> usize {
        self.finish_pages().0
    }

    /// [`Session::finish`], with the site paths (`/base/jh/jednani/strana/2/`) of the HTML
    /// pages among them: the tabs showing one of those reload.
    pub fn finish_pages(&mut self) -> (usize, Vec<String>) {
        let later = std::mem::take(&mut self.later);
        let (Some(site), Some(templates)) = (self.site.as_ref(), self.templates.as_ref()) else {
            return (0, Vec::new());
        };
        if later.jobs.is_empty() {
            return (0, Vec::new());
        }
        let started = Instant::now();
        let sink = MemorySink {
            root: self.opts.root.clone(),
            files: Mutex::new(Files::default()),
        };
        if later.pieces && self.pieces.is_none() {
            // The first patch after a resolve: every meeting's pieces, now that the page is
            // served.
            self.pieces = Some(crate::render::outputs::Pieces::new(site));
        }
        let pieces = self.pieces.as_ref().filter(|_| later.pieces);
        // An error here is said, and the pages already served stay (with the last version of
        // these files).
        if let Err(e) = crate::render::render_jobs(
            site,
            templates,
            &sink,
            &later.jobs,
            pieces,
            self.sorted.clone(),
        ) {
            eprintln!("kpss serve: {e}");
            return (0, Vec::new());
        }
        let n = later.jobs.len();
        let pages = (later.jobs.iter())
            .filter_map(|(p, _)| p.strip_suffix("index.html"))
            .map(|p| site.config.url(p))
            .collect();
        add_written(&mut self.files, &mut self.fingerprints, sink, Vec::new());
        if self.opts.timings {
            eprintln!(
                "kpss serve: {n} files after the pages in {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        (n, pages)
    }

    fn update_inner(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let started = Instant::now();
        self.mark_changed(changed);
        let Some(ContentEdits {
            edits,
            only_meetings,
            files,
            added,
            removed,
        }) = self.content_edits(changed)
        else {
            if self.only_content(changed) {
                // Whatever files these were, copy them again where pages use them.
                self.recopy.extend(self.root_relative(changed));
                return self.reload_content(started);
            }
            return self.full_inner();
        };
        let Some(loaded) = self.loaded.as_mut() else {
            return self.full_inner();
        };
        for (rel, size) in &files {
            match size {
                Some(n) => loaded.files.insert(rel.clone(), *n),
                None => loaded.files.remove(rel),
            };
        }
        update_sources(loaded, &edits, &added, &removed);
        let structure = !added.is_empty() || !removed.is_empty();
        if self.last_ok
            && edits.is_empty()
            && removed.is_empty()
            && files.is_empty()
            && let [(rel, text)] = added.as_slice()
            && let Some(result) = self.new_meeting(rel, text)
        {
            return Rebuilt::partial(result, started);
        }
        // New files nothing attaches yet may come in the same batch as the line naming them
        // (minutes copied in and named in one go): the patch copies what it names.
        if only_meetings
            && self.last_ok
            && !edits.is_empty()
            && self.only_new_files(&files)
            && let Some(result) = self.body_edits(&edits)
        {
            return Rebuilt::partial(result, started);
        }
        if !only_meetings
            && !structure
            && !edits.is_empty()
            && self.last_ok
            && files.is_empty()
            && let Some(result) = self.own_body_edits(&edits)
        {
            return Rebuilt::partial(result, started);
        }
        let lang = self.config.as_ref().map(|c| c.language).unwrap_or_default();
        let mut d = Diagnostics::default();
        d.set_language(lang);
        let mut rels: HashSet<String> = edits.into_iter().map(|(r, _)| r).collect();
        let mut only_meetings = only_meetings;
        // A file attached to meetings shows on their pages (its size): those meetings changed.
        // A file of a document, or one nothing uses yet, leaves the fingerprints to decide.
        let file_set: HashSet<String> = files.into_iter().map(|(r, _)| r).collect();
        if let Some(site) = self.site.as_ref()
            && !file_set.is_empty()
        {
            for m in &site.meetings {
                if m.minutes
                    .iter()
                    .chain(&m.attachments)
                    .any(|a| file_set.contains(&a.source))
                {
                    rels.insert(m.source.clone());
                }
            }
            only_meetings &= !site
                .documents
                .iter()
                .filter_map(|x| x.file.as_ref())
                .any(|a| file_set.contains(&a.source));
        }
        if rels.is_empty() && self.last_ok && !file_set.is_empty() && only_meetings {
            // New files nothing names yet (a PDF copied in before the line that names it): the
            // site is the same. Resolving them in comes with the edit that names them.
            return Rebuilt::partial(Ok(0), started);
        }
        self.recopy = file_set;
        let scope = if only_meetings && !rels.is_empty() {
            Scope::Meetings(&rels)
        } else {
            Scope::Changed
        };
        Rebuilt::partial(self.resolve_and_render(scope, d), started)
    }

    /// With git dates on and not read yet: the history, once (a warning goes to the terminal).
    /// Off: no dates.
    fn read_git_dates(&mut self, config: &Config) {
        if !config.git_dates {
            self.dates = Arc::default();
            self.git_read = false;
            return;
        }
        if self.git_read {
            return;
        }
        let mut d = Diagnostics::default();
        d.set_language(config.language);
        self.dates = super::source_dates(&self.opts.root, config, self.opts.date, &mut d);
        self.git_read = true;
        self.dates_changed = true;
        if !d.is_empty() {
            eprintln!("{}", Self::report(&d));
        }
    }

    /// Files changed while the preview runs count as changed at the build date.
    fn mark_changed(&mut self, changed: &[PathBuf]) {
        if !self.git_read {
            return;
        }
        let date = self.opts.date;
        for rel in self.root_relative(changed) {
            if rel.starts_with("content/") && self.dates.get(&rel) != Some(&date) {
                Arc::make_mut(&mut self.dates).insert(rel, date);
                self.dates_changed = true;
            }
        }
    }

    /// Files were added, deleted or renamed in `content/`: read the tree again (the caches
    /// still spare every unchanged file its parsing) and render the pages whose view changed.
    fn reload_content(&mut self, started: Instant) -> Rebuilt {
        let Some(config) = self.config.as_ref() else {
            return self.full_inner();
        };
        let mut d = Diagnostics::default();
        d.set_language(config.language);
        match super::load_site(&self.opts.root, config, u64::MAX, None, &mut d) {
            Ok(l) => self.loaded = Some(l),
            Err(e) => return Rebuilt::Failed(e.to_string()),
        }
        Rebuilt::partial(self.resolve_and_render(Scope::Changed, d), started)
    }

    fn resolve_and_render(&mut self, scope: Scope, mut d: Diagnostics) -> Result<usize, String> {
        let (Some(config), Some(loaded)) = (self.config.as_ref(), self.loaded.as_ref()) else {
            return Err("no configuration".into());
        };
        let t0 = Instant::now();
        self.resolves += 1;
        let Some(mut site) = crate::resolve::resolve(
            loaded,
            config,
            self.opts.date,
            &mut d,
            Some(&mut self.cache),
        ) else {
            return Err(Self::report(&d));
        };
        site.source_dates = self.dates.clone();
        let sitemap = std::mem::take(&mut self.dates_changed);
        let t_resolve = t0.elapsed();
        let globals = crate::render::globals(&site);
        // The menu or the site's title changed: every page changes with the templates' globals.
        let scope = if self.globals.as_ref() != Some(&globals) {
            self.templates = None;
            Scope::All
        } else if let (Scope::Meetings(rels), Some(old)) = (scope, self.site.as_ref())
            && !same_shape(old, &site, rels)
        {
            // A list gained or lost a page or a year, or the meetings are not the same ones: the
            // pages that change are not a few ranges any more, so compare fingerprints instead.
            Scope::Changed
        } else {
            scope
        };
        if self.templates.is_none() {
            let t = Templates::new(&loaded.theme_templates, globals.clone())
                .map_err(|e| e.to_string())?;
            self.templates = Some(t);
        }
        let Some(templates) = self.templates.as_ref() else {
            return Err("templates".into());
        };
        let sink = MemorySink {
            root: self.opts.root.clone(),
            files: Mutex::new(Files::default()),
        };
        let pages = match (scope, self.site.as_ref()) {
            (Scope::Meetings(rels), Some(old)) => {
                let keep = affected(old, &site, rels, &crate::render::sort_meetings(&site));
                let keep = |p: &str, j: &crate::render::Job| {
                    keep(j) || (sitemap && p == crate::render::SITEMAP)
                };
                let pages = crate::render::render_where(&site, templates, &sink, &keep)
                    .map_err(|e| e.to_string())?;
                let gone = sync_attachments(old, &site, &self.recopy, &sink)?;
                add_written(&mut self.files, &mut self.fingerprints, sink, gone);
                pages
            }
            (Scope::Changed, Some(old)) => {
                // Any other edit: compare every page's view with the last one's, render the
                // pages that differ, drop the pages that are gone, copy new attachments.
                let fresh = crate::render::fingerprints(&site);
                let paths_changed = fresh.len() != self.fingerprints.len()
                    || fresh.keys().any(|k| !self.fingerprints.contains_key(k));
                let previous = &self.fingerprints;
                let pages = crate::render::render_where(&site, templates, &sink, &|path, _| {
                    previous.get(path) != fresh.get(path)
                        || (paths_changed && path == "sitemap.xml")
                })
                .map_err(|e| e.to_string())?;
                let gone = sync_attachments(old, &site, &self.recopy, &sink)?;
                let mut files: Files = (*self.files).clone();
                for k in self.fingerprints.keys() {
                    if !fresh.contains_key(k) {
                        files.remove(k.as_str());
                    }
                }
                for path in gone {
                    files.remove(path.as_str());
                }
                files.extend(sink.files.into_inner().unwrap_or_default());
                self.files = Arc::new(files);
                self.fingerprints = fresh;
                pages
            }
            _ => {
                let pages =
                    crate::render::render(&site, templates, &sink).map_err(|e| e.to_string())?;
                super::write_static(loaded, &sink).map_err(|e| e.to_string())?;
                self.files = Arc::new(sink.files.into_inner().unwrap_or_default());
                self.fingerprints = crate::render::fingerprints(&site);
                pages
            }
        };
        self.globals = Some(globals);
        self.recopy.clear();
        self.pieces = None;
        if self.opts.timings {
            eprintln!(
                "kpss serve: resolve {:.0} ms, render and swap {:.0} ms",
                t_resolve.as_secs_f64() * 1000.0,
                (t0.elapsed() - t_resolve).as_secs_f64() * 1000.0
            );
        }
        // Room for new meetings (`Session::new_meeting`): at 100,000 meetings the first one
        // otherwise doubles the vector on the edit's path (130 ms).
        site.meetings.reserve_exact(64);
        self.site = Some(site);
        self.sorted = None;
        Ok(pages)
    }
}

/// What a rebuild must render.
#[derive(Clone, Copy)]
enum Scope<'r> {
    /// Only these meeting files changed: the pages [`affected`] names.
    Meetings(&'r HashSet<String>),
    /// Existing content files changed: the pages whose fingerprint changed.
    Changed,
    /// Everything.
    All,
}
