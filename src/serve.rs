//! `kpss serve`: the editors' live preview. A builder thread keeps the site rendered in memory
//! (never half-written: each rebuild makes a new map that replaces the old one whole), a
//! watcher (notify, debounced) feeds it changed paths, and an axum server answers from the
//! map under the path of `base_url`, with a WebSocket that tells open tabs to reload or to show
//! the errors of a broken edit. Sources are never served: only rendered output is in the map.
//!
//! Incremental, in three ways (each tested to equal a full build):
//! - an edit of existing meeting files that keeps their place in every list (same date,
//!   group, number, kind, minutes) re-renders only the pages that show them: the meetings and
//!   their neighbours, group, territory, home, the one page of each list holding them, the
//!   group indexes, target groups and organisations;
//! - any other edit of existing content files compares a fingerprint of every page's view
//!   (bodies as fingerprints of their source; no templates, no HTML) with the last build's
//!   and renders only the pages that differ, drops pages that are gone, copies new files;
//! - a new, deleted or renamed file under `content/` reads the tree again and then takes the
//!   fingerprint path; only config, templates and static files rebuild everything.
//!
//! Every path re-reads only the changed files and reuses the front matter and link checks of
//! the rest (`resolve::BodyCache`).

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use tokio::sync::broadcast;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::render::{Job, Sink};
use crate::resolve::{BodyCache, Kind};
use crate::serve_http::{self, WsSlot};
use crate::source::config::Config;
use crate::source::load::Loaded;
use crate::templates::Templates;

/// The URL path of the live-reload WebSocket (outside the site's own paths).
pub const LIVERELOAD_PATH: &str = "/__kpss/livereload";

/// What `kpss serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub date: jiff::civil::Date,
    pub drafts: bool,
    /// Print how long each stage of a rebuild took (`KPSS_TIMINGS=1`).
    pub timings: bool,
    /// Connection slots and timeouts (`serve_http`).
    pub limits: serve_http::Limits,
}

/// The rendered site: site path (`jh/index.html`) → bytes.
pub type Files = HashMap<String, Arc<[u8]>>;

/// Collects rendered files in memory.
#[derive(Default)]
struct MemorySink {
    root: PathBuf,
    files: Mutex<Files>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string(), Arc::from(bytes));
        }
        Ok(())
    }

    fn copy(&self, source: &Path, path: &str) -> std::io::Result<()> {
        let src = if source.is_absolute() {
            source.to_path_buf()
        } else {
            self.root.join(source)
        };
        let bytes = std::fs::read(src)?;
        self.write(path, &bytes)
    }
}

/// What the server shows: the files of the last good build and the errors of the last build.
pub struct Shared {
    files: RwLock<Arc<Files>>,
    errors: RwLock<Option<String>>,
    base: RwLock<String>,
    events: broadcast::Sender<String>,
}

impl Shared {
    fn new() -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared {
            files: RwLock::new(Arc::new(Files::new())),
            errors: RwLock::new(None),
            base: RwLock::new("/".into()),
            events,
        })
    }

    fn publish(&self, files: Arc<Files>, base: &str) {
        if let Ok(mut f) = self.files.write() {
            *f = files;
        }
        if let Ok(mut b) = self.base.write() {
            *b = base.to_string();
        }
        if let Ok(mut e) = self.errors.write() {
            *e = None;
        }
        let _ = self.events.send(r#"{"type":"reload"}"#.to_string());
    }

    fn fail(&self, text: String) {
        let msg = serde_json::json!({ "type": "error", "text": text }).to_string();
        if let Ok(mut e) = self.errors.write() {
            *e = Some(text);
        }
        let _ = self.events.send(msg);
    }
}

/// The builder's memory between rebuilds.
pub struct Session {
    opts: ServeOptions,
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
}

/// How one rebuild ended, for the terminal.
pub enum Rebuilt {
    Full { pages: usize, ms: f64 },
    Partial { pages: usize, ms: f64 },
    Failed(String),
}

impl Session {
    pub fn new(opts: ServeOptions) -> Session {
        Session {
            opts,
            config: None,
            loaded: None,
            cache: BodyCache::default(),
            site: None,
            templates: None,
            files: Arc::new(Files::new()),
            fingerprints: HashMap::new(),
            globals: None,
            last_ok: false,
            recopy: HashSet::new(),
        }
    }

    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
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
        r
    }

    fn full_inner(&mut self) -> Rebuilt {
        let started = Instant::now();
        let config = match crate::pipeline::read_config(&self.opts.root, None) {
            Ok(mut c) => {
                c.drafts |= self.opts.drafts;
                c
            }
            Err(d) => return Rebuilt::Failed(Self::report(&d)),
        };
        let mut d = Diagnostics::default();
        d.set_language(config.language);
        let loaded = match crate::source::load::load(
            &self.opts.root,
            &config.theme,
            config.language,
            &mut d,
        ) {
            Ok(l) => l,
            Err(e) => return Rebuilt::Failed(format!("{e}")),
        };
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
        let r = self.update_inner(changed);
        self.last_ok = !matches!(r, Rebuilt::Failed(_));
        r
    }

    fn update_inner(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let started = Instant::now();
        let Some(ContentEdits {
            edits,
            only_meetings,
            files,
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
        for (rel, text) in &edits {
            if let Some(s) = loaded.sources.iter_mut().find(|s| &s.rel == rel) {
                s.text = text.clone();
            }
        }
        if only_meetings
            && self.last_ok
            && files.is_empty()
            && let Some(result) = self.body_edits(&edits)
        {
            return match result {
                Ok(pages) => Rebuilt::Partial {
                    pages,
                    ms: started.elapsed().as_secs_f64() * 1000.0,
                },
                Err(e) => Rebuilt::Failed(e),
            };
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
            return Rebuilt::Partial {
                pages: 0,
                ms: started.elapsed().as_secs_f64() * 1000.0,
            };
        }
        self.recopy = file_set;
        let scope = if only_meetings && !rels.is_empty() {
            Scope::Meetings(&rels)
        } else {
            Scope::Changed
        };
        match self.resolve_and_render(scope, d) {
            Ok(pages) => Rebuilt::Partial {
                pages,
                ms: started.elapsed().as_secs_f64() * 1000.0,
            },
            Err(e) => Rebuilt::Failed(e),
        }
    }

    /// The changed paths that lie under the site root, root-relative with `/`.
    fn root_relative(&self, changed: &[PathBuf]) -> Vec<String> {
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
    fn only_content(&self, changed: &[PathBuf]) -> bool {
        let content = self.opts.root.join("content");
        let canonical = content.canonicalize().ok();
        !changed.is_empty()
            && changed.iter().all(|p| {
                p.starts_with(&content) || canonical.as_ref().is_some_and(|c| p.starts_with(c))
            })
    }

    /// Files were added, deleted or renamed in `content/`: read the tree again (the caches
    /// still spare every unchanged file its parsing) and render the pages whose view changed.
    fn reload_content(&mut self, started: Instant) -> Rebuilt {
        let Some(config) = self.config.as_ref() else {
            return self.full_inner();
        };
        let mut d = Diagnostics::default();
        d.set_language(config.language);
        match crate::source::load::load(&self.opts.root, &config.theme, config.language, &mut d) {
            Ok(l) => self.loaded = Some(l),
            Err(e) => return Rebuilt::Failed(e.to_string()),
        }
        match self.resolve_and_render(Scope::Changed, d) {
            Ok(pages) => Rebuilt::Partial {
                pages,
                ms: started.elapsed().as_secs_f64() * 1000.0,
            },
            Err(e) => Rebuilt::Failed(e),
        }
    }

    /// Edits of meetings that change nothing another file refers to or checks: the body (every
    /// link of it fine, no heading id gone), `place`, `agenda`, `date` and `time`. The last site
    /// is patched (`resolve::check_meeting_edit`, `apply_meeting_edit`) without resolving the
    /// site again; only the meetings' own pages are rendered, or, when a date or time changed,
    /// the pages [`Spots`] finds before and after. `None` when some edit is more than that, or
    /// the lists would change shape (see [`same_shape`]).
    fn body_edits(&mut self, edits: &[Edit]) -> Option<Result<usize, String>> {
        let site = self.site.as_mut()?;
        let templates = self.templates.as_ref()?;
        let mut checked = Vec::new();
        for (rel, text) in edits {
            let i = site.meetings.iter().position(|m| &m.source == rel)?;
            checked.push(crate::resolve::check_meeting_edit(
                site,
                &mut self.cache,
                i,
                text,
            )?);
        }
        let rels: HashSet<String> = edits.iter().map(|(r, _)| r.clone()).collect();
        let moves = checked.iter().any(|e| e.moves(site));
        if moves {
            // A year or a list page that appears or vanishes changes pages all over the site:
            // leave that to the fingerprint comparison of a full resolve.
            let dates: HashMap<usize, Option<crate::czech::date::PartialDate>> =
                checked.iter().map(|e| (e.meeting(), e.date())).collect();
            if year_pages(site, &HashMap::new()) != year_pages(site, &dates) {
                return None;
            }
        }
        let mut spots = Spots::default();
        let sorted = if moves {
            let sorted = crate::render::sort_meetings(site);
            spots.add(0, site, &rels, &sorted);
            Some(sorted)
        } else {
            None
        };
        let own: Vec<usize> = checked.iter().map(|e| e.meeting()).collect();
        for e in checked {
            crate::resolve::apply_meeting_edit(site, &mut self.cache, e);
        }
        let sink = MemorySink {
            root: self.opts.root.clone(),
            files: Mutex::new(Files::new()),
        };
        let rendered = if let Some(sorted) = sorted {
            let sorted = crate::render::resort_meetings(site, sorted, &own);
            spots.add(1, site, &rels, &sorted);
            let keep = spots.keep(site);
            crate::render::render_where_sorted(site, templates, &sink, &|_, j| keep(j), sorted)
        } else {
            let jobs: Vec<_> = own
                .into_iter()
                .map(|i| crate::render::meeting_job(site, i))
                .collect();
            crate::render::render_jobs(site, templates, &sink, &jobs)
        };
        let pages = match rendered {
            Ok(p) => p,
            Err(e) => return Some(Err(e.to_string())),
        };
        add_written(&mut self.files, &mut self.fingerprints, sink, Vec::new());
        Some(Ok(pages))
    }

    /// The root-relative paths and new texts of changed Markdown files, and the other files
    /// under `content/` that changed (with their size, `None` when deleted), if every Markdown
    /// change is an edit of a file that existed before and can be read as UTF-8; and whether all
    /// of those are meetings. `None` for anything else (a Markdown file added or deleted, a
    /// folder): the tree is read again.
    fn content_edits(&self, changed: &[PathBuf]) -> Option<ContentEdits> {
        let loaded = self.loaded.as_ref()?;
        let config = self.config.as_ref()?;
        self.site.as_ref()?;
        let root = self.opts.root.canonicalize().ok()?;
        let mut out = Vec::new();
        let mut files = Vec::new();
        let mut only_meetings = true;
        for p in changed {
            let (p, rel) = relative_to(&root, p)?;
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
            only_meetings &= crate::resolve::classify(inner, &config.folders).kind == Kind::Meeting;
            loaded.sources.iter().find(|s| s.rel == rel)?;
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            out.push((rel, Arc::from(text)));
        }
        (!out.is_empty() || !files.is_empty()).then_some(ContentEdits {
            edits: out,
            only_meetings,
            files,
        })
    }

    fn resolve_and_render(&mut self, scope: Scope, mut d: Diagnostics) -> Result<usize, String> {
        let (Some(config), Some(loaded)) = (self.config.as_ref(), self.loaded.as_ref()) else {
            return Err("no configuration".into());
        };
        let t0 = Instant::now();
        let Some(site) = crate::resolve::resolve(
            loaded,
            config,
            self.opts.date,
            &mut d,
            Some(&mut self.cache),
        ) else {
            return Err(Self::report(&d));
        };
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
            files: Mutex::new(Files::new()),
        };
        let pages = match (scope, self.site.as_ref()) {
            (Scope::Meetings(rels), Some(old)) => {
                let keep = affected(old, &site, rels);
                let pages = crate::render::render_where(&site, templates, &sink, &|_, j| keep(j))
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
                        files.remove(k);
                    }
                }
                for path in gone {
                    files.remove(&path);
                }
                files.extend(sink.files.into_inner().unwrap_or_default());
                self.files = Arc::new(files);
                self.fingerprints = fresh;
                pages
            }
            _ => {
                let pages =
                    crate::render::render(&site, templates, &sink).map_err(|e| e.to_string())?;
                for (path, bytes) in crate::templates::default_static() {
                    let _ = sink.write(&path, bytes);
                }
                for (src, path) in &loaded.static_files {
                    sink.copy(src, path)
                        .map_err(|e| format!("{}: {e}", src.display()))?;
                }
                self.files = Arc::new(sink.files.into_inner().unwrap_or_default());
                self.fingerprints = crate::render::fingerprints(&site);
                pages
            }
        };
        self.globals = Some(globals);
        self.recopy.clear();
        if self.opts.timings {
            eprintln!(
                "kpss serve: resolve {:.0} ms, render and swap {:.0} ms",
                t_resolve.as_secs_f64() * 1000.0,
                (t0.elapsed() - t_resolve).as_secs_f64() * 1000.0
            );
        }
        self.site = Some(site);
        Ok(pages)
    }
}

/// Serve what `sink` holds on top of the last `files`, without the site paths `gone`. The
/// fingerprints of the pages written are stale now: they count as changed next time.
fn add_written(
    files: &mut Arc<Files>,
    fingerprints: &mut HashMap<String, u64>,
    sink: MemorySink,
    gone: Vec<String>,
) {
    let written = sink.files.into_inner().unwrap_or_default();
    for k in written.keys() {
        fingerprints.remove(k);
    }
    let mut next: Files = (**files).clone();
    for path in gone {
        next.remove(&path);
    }
    next.extend(written);
    *files = Arc::new(next);
}

/// `p` made absolute and its path relative to `root` (canonical), with `/`; `None` outside.
/// A deleted file cannot be canonicalised; its folder can.
fn relative_to(root: &Path, p: &Path) -> Option<(PathBuf, String)> {
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
type Edit = (String, Arc<str>);

/// What changed under `content/`, when it is edits of existing files (see
/// [`Session::content_edits`]).
struct ContentEdits {
    edits: Vec<Edit>,
    /// Every edited Markdown file is a meeting.
    only_meetings: bool,
    /// Other files (attachments): root-relative path, size (`None`: deleted).
    files: Vec<(String, Option<u64>)>,
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

/// Whether an edit of the meetings in `rels` leaves the shape of every list alone: the same
/// meetings at the same indexes, the same years, and as many pages in every paginated list
/// (all meetings, each year, each territory, minutes). Then the pages that change are the
/// ranges [`affected`] computes; dates, numbers, groups and minutes may all have changed.
fn same_shape(old: &Site, new: &Site, rels: &HashSet<String>) -> bool {
    use crate::render::pages_for;
    let minutes =
        |site: &Site| pages_for(site.meetings.iter().filter(|m| m.minutes.is_some()).count());
    old.meetings.len() == new.meetings.len()
        && old.meetings.iter().zip(&new.meetings).all(|(a, b)| {
            !rels.contains(&a.source) || (a.source == b.source && a.territory == b.territory)
        })
        && year_pages(old, &HashMap::new()) == year_pages(new, &HashMap::new())
        && minutes(old) == minutes(new)
}

/// How many pages each year's meeting list takes, with some meetings' dates replaced.
fn year_pages(
    site: &Site,
    dates: &HashMap<usize, Option<crate::czech::date::PartialDate>>,
) -> HashMap<crate::render::Year, usize> {
    use crate::render::{pages_for, year_of};
    let mut n: HashMap<crate::render::Year, usize> = HashMap::new();
    for (i, m) in site.meetings.iter().enumerate() {
        let date = dates.get(&i).copied().unwrap_or(m.date);
        *n.entry(year_of(date)).or_insert(0) += 1;
    }
    n.into_iter().map(|(y, c)| (y, pages_for(c))).collect()
}

/// Copy into `sink` the attached files that are new in `site` or changed on disk (`recopy`);
/// return the site paths of those `old` had and `site` has not.
fn sync_attachments(
    old: &Site,
    site: &Site,
    recopy: &HashSet<String>,
    sink: &MemorySink,
) -> Result<Vec<String>, String> {
    let old_files: HashSet<(&str, &str)> = attachments(old).collect();
    for (source, path) in attachments(site) {
        if !old_files.contains(&(source, path)) || recopy.contains(source) {
            sink.copy(Path::new(source), path)
                .map_err(|e| format!("{source}: {e}"))?;
        }
    }
    let keep: HashSet<&str> = attachments(site).map(|(_, p)| p).collect();
    Ok(old_files
        .into_iter()
        .filter(|(_, p)| !keep.contains(p))
        .map(|(_, p)| p.to_string())
        .collect())
}

/// Every attached file of a site: (root-relative source, site path).
fn attachments(site: &Site) -> impl Iterator<Item = (&str, &str)> {
    site.meetings
        .iter()
        .flat_map(|m| m.minutes.iter().chain(m.attachments.iter()))
        .chain(site.documents.iter().filter_map(|d| d.file.as_ref()))
        .map(|a| (a.source.as_str(), a.path.as_str()))
}

/// The pages an edit of the meetings in `rels` can change: the meetings and their neighbours
/// in the old and new order, their groups (old and new), territories, documents naming them,
/// the home page, the list pages whose slice holds one of them (in the old or the new order),
/// the group indexes, and the target-group and organisation pages that show those groups.
fn affected(old: &Site, new: &Site, rels: &HashSet<String>) -> impl Fn(&Job) -> bool + Sync {
    let mut spots = Spots::default();
    spots.add(0, old, rels, &crate::render::sort_meetings(old));
    spots.add(1, new, rels, &crate::render::sort_meetings(new));
    spots.keep(new)
}

/// One of the paginated meeting lists a meeting stands in.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum List {
    All,
    Year(crate::render::Year),
    Territory(usize),
    /// Minutes among the documents.
    Minutes,
}

/// Where meetings stand: meeting → (list, index in it, list length).
type Places = HashMap<usize, Vec<(List, usize, usize)>>;

/// What an edit of some meetings touches, gathered from the site before it (side 0) and after
/// it (side 1); [`Spots::keep`] turns it into the pages to render.
#[derive(Default)]
struct Spots {
    meetings: HashSet<usize>,
    groups: HashSet<usize>,
    territories: HashSet<usize>,
    /// (territory filter, year filter, page) of every list page showing a changed meeting.
    list_pages: HashSet<(Option<usize>, Option<crate::render::Year>, usize)>,
    zapis_pages: HashSet<usize>,
    /// Where each changed meeting stands in each list, per side.
    places: [Places; 2],
}

impl Spots {
    /// Note where the meetings in `rels` stand in `site`, whose meetings in site-wide order
    /// are `global`.
    fn add(&mut self, side: usize, site: &Site, rels: &HashSet<String>, global: &[usize]) {
        use crate::render::{Year, year_of};
        let Spots {
            meetings,
            groups,
            territories,
            list_pages,
            places,
            ..
        } = self;
        let mut by_year: HashMap<Year, usize> = HashMap::new();
        let mut year_pos = vec![0usize; site.meetings.len()];
        for m in global {
            let y = year_of(site.meetings[*m].date);
            let n = by_year.entry(y).or_insert(0);
            year_pos[*m] = *n;
            *n += 1;
        }
        let minutes: Vec<usize> = global
            .iter()
            .copied()
            .filter(|m| site.meetings[*m].minutes.is_some())
            .collect();
        for (i, m) in site.meetings.iter().enumerate() {
            if !rels.contains(&m.source) {
                continue;
            }
            meetings.insert(i);
            territories.insert(m.territory);
            // Upcoming meetings head the first page of the site's and the territory's list.
            if site.is_upcoming(m) {
                list_pages.insert((None, None, 1));
                list_pages.insert((Some(m.territory), None, 1));
            }
            let y = year_of(m.date);
            let mut at = Vec::new();
            if let Some(p) = global.iter().position(|x| *x == i) {
                at.push((List::All, p, global.len()));
            }
            at.push((
                List::Year(y),
                year_pos[i],
                by_year.get(&y).copied().unwrap_or(0),
            ));
            let tm = &site.territories[m.territory].meetings;
            if let Some(p) = tm.iter().position(|x| *x == i) {
                at.push((List::Territory(m.territory), p, tm.len()));
            }
            // Minutes sit among documents too; their position there follows the same order.
            if let Some(p) = minutes.iter().position(|x| *x == i) {
                at.push((List::Minutes, p, minutes.len()));
            }
            places[side].insert(i, at);
            if let Some(g) = m.group {
                groups.insert(g);
                let list = &site.groups[g].meetings;
                if let Some(pos) = list.iter().position(|x| *x == i) {
                    if pos > 0 {
                        meetings.insert(list[pos - 1]);
                    }
                    if let Some(n) = list.get(pos + 1) {
                        meetings.insert(*n);
                    }
                }
            }
        }
    }

    fn keep(self, new: &Site) -> impl Fn(&Job) -> bool + Sync {
        use crate::render::{PER_PAGE, pages_for};
        let Spots {
            meetings,
            groups,
            territories,
            mut list_pages,
            mut zapis_pages,
            places,
        } = self;
        // Every page between a meeting's old and new place shifts by one row; a meeting that left a
        // list (or joined one) shifts every page after its place there.
        let page = |index: usize| index / PER_PAGE + 1;
        let mut ranges: Vec<(List, usize, usize)> = Vec::new();
        for (i, at_old) in &places[0] {
            let at_new = places[1].get(i).map(Vec::as_slice).unwrap_or_default();
            for &(list, p, len) in at_old {
                match at_new.iter().find(|(l, _, _)| *l == list) {
                    Some(&(_, q, _)) => ranges.push((list, page(p.min(q)), page(p.max(q)))),
                    None => ranges.push((list, page(p), pages_for(len))),
                }
            }
            for &(list, q, len) in at_new {
                if !at_old.iter().any(|(l, _, _)| *l == list) {
                    ranges.push((list, page(q), pages_for(len)));
                }
            }
        }
        for (list, from, to) in ranges {
            for n in from..=to {
                match list {
                    List::All => list_pages.insert((None, None, n)),
                    List::Year(y) => list_pages.insert((None, Some(y), n)),
                    List::Territory(t) => list_pages.insert((Some(t), None, n)),
                    List::Minutes => zapis_pages.insert(n),
                };
            }
        }
        let documents: HashSet<usize> = new
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.meeting.is_some_and(|m| meetings.contains(&m)))
            .map(|(i, _)| i)
            .collect();
        let target_groups: HashSet<usize> = groups
            .iter()
            .flat_map(|g| new.groups[*g].target_groups.iter().copied())
            .collect();
        let organisations: HashSet<usize> = new
            .organisations
            .iter()
            .enumerate()
            .filter(|(_, o)| o.groups.iter().any(|g| groups.contains(g)))
            .map(|(i, _)| i)
            .collect();
        // Documents of kind `zapis` share those list pages; then every such page is redone.
        let zapis_documents = new.documents.iter().any(|d| d.kind == "zapis");
        move |job: &Job| match job {
            Job::Meeting(i) => meetings.contains(i),
            Job::Group(g) => groups.contains(g),
            Job::Territory(t) => territories.contains(t),
            Job::Document(d) => documents.contains(d),
            Job::Meetings {
                territory,
                year,
                page,
            } => list_pages.contains(&(*territory, *year, *page)),
            Job::Documents {
                territory,
                kind,
                page,
            } => match (territory, kind.as_deref()) {
                (Some(t), _) => territories.contains(t),
                (None, None) => true,
                (None, Some("zapis")) => zapis_documents || zapis_pages.contains(page),
                (None, Some(_)) => false,
            },
            Job::Groups(t) => t.is_none_or(|t| territories.contains(&t)),
            Job::TargetGroup(t) => target_groups.contains(t),
            Job::Organisation(o) => organisations.contains(o),
            Job::Home => true,
            _ => false,
        }
    }
}

/// The script every served HTML page gets (never written by `build`): reload on a message,
/// show errors over the page, reconnect with back-off after the server restarts.
const CLIENT: &str = r#"<script>
(function () {
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__kpss/livereload";
  var delay = 250, lost = false;
  function overlay(text) {
    var o = document.getElementById("kpss-errors");
    if (!o) {
      o = document.createElement("div");
      o.id = "kpss-errors";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;overflow:auto;background:#fff;color:#000;z-index:99999;padding:1rem;border:6px solid #b00020;font:14px/1.4 monospace";
      document.body.appendChild(o);
    }
    o.innerHTML = "";
    var h = document.createElement("h2");
    h.textContent = "kpss: chyby v obsahu / content errors";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.whiteSpace = "pre-wrap";
    o.appendChild(h);
    o.appendChild(pre);
  }
  function connect() {
    var ws = new WebSocket(url);
    ws.onopen = function () { if (lost) { location.reload(); } delay = 250; };
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.type === "reload") { location.reload(); }
      else if (m.type === "error") { overlay(m.text); }
    };
    ws.onclose = function () { lost = true; setTimeout(connect, delay); delay = Math.min(delay * 2, 4000); };
  }
  connect();
})();
</script>"#;

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(e) = errors {
        extra.push_str(&format!(
            "<div id=\"kpss-errors\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#000;z-index:99999;padding:1rem;border:6px solid #b00020;font:14px/1.4 monospace\"><h2>kpss: chyby v obsahu / content errors</h2><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            escape_html(e)
        ));
    }
    extra.push_str(CLIENT);
    match text.rfind("</body>") {
        Some(i) => format!("{}{}{}", &text[..i], extra, &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Where a request path leads, or why it is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site (`jh/index.html`).
    File(String),
    /// Redirect to this absolute path.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Map a raw request path to the site, refusing anything that could climb out of it:
/// `..` (also percent-encoded), backslashes, NUL, empty segments, invalid UTF-8.
pub fn route(raw_path: &str, base: &str, files: &Files) -> Target {
    if raw_path.contains("//") || raw_path.contains('\\') {
        return Target::BadRequest;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Target::BadRequest;
    };
    if decoded.contains('\0')
        || decoded.contains('\\')
        || decoded.contains("//")
        || decoded.split('/').any(|s| s == ".." || s == ".")
    {
        return Target::BadRequest;
    }
    if decoded == "/" && base != "/" {
        return Target::Redirect(base.to_string());
    }
    let Some(inner) = decoded.strip_prefix(base).or_else(|| {
        // `/planovani` without its slash.
        (decoded.as_ref() == base.trim_end_matches('/')).then_some("")
    }) else {
        return Target::NotFound;
    };
    if decoded.as_ref() == base.trim_end_matches('/') && base != "/" {
        return Target::Redirect(base.to_string());
    }
    let key = if inner.is_empty() || inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner.to_string()
    };
    if files.contains_key(&key) {
        return Target::File(key);
    }
    if !inner.is_empty() && files.contains_key(&format!("{inner}/index.html")) {
        return Target::Redirect(format!("{base}{inner}/"));
    }
    Target::NotFound
}

fn respond(status: StatusCode, ctype: &str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(ctype) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn serve_path(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let files = shared.files.read().map(|f| f.clone()).unwrap_or_default();
    let base = shared.base.read().map(|b| b.clone()).unwrap_or_default();
    let errors = shared.errors.read().ok().and_then(|e| e.clone());
    let page = |key: &str, status: StatusCode| -> Response {
        let bytes = files.get(key).map(|b| b.to_vec()).unwrap_or_default();
        let body = if key.ends_with(".html") {
            inject(&bytes, errors.as_deref())
        } else {
            bytes
        };
        respond(status, content_type(key), body)
    };
    match route(uri.path(), &base, &files) {
        Target::File(key) => page(&key, StatusCode::OK),
        Target::Redirect(to) => {
            let mut r = respond(StatusCode::FOUND, "text/plain; charset=utf-8", Vec::new());
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound if files.contains_key("404.html") => {
            page("404.html", StatusCode::NOT_FOUND)
        }
        Target::NotFound => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"404".to_vec(),
        ),
        Target::BadRequest => respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            b"400".to_vec(),
        ),
    }
}

async fn livereload(
    State(shared): State<Arc<Shared>>,
    slot: Option<Extension<WsSlot>>,
    ws: WebSocketUpgrade,
) -> impl IntoResponse {
    // The slot (serve_http) is held as long as the socket is open.
    serve_http::small_websocket(ws).on_upgrade(move |socket| async move {
        client(socket, shared).await;
        drop(slot);
    })
}

async fn client(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut rx = shared.events.subscribe();
    // A tab that opens while the site is broken sees the errors at once.
    let pending = shared.errors.read().ok().and_then(|e| e.clone());
    if let Some(text) = pending {
        let msg = serde_json::json!({ "type": "error", "text": text }).to_string();
        if socket.send(Message::Text(msg.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            ev = rx.recv() => match ev {
                Ok(msg) => {
                    if socket.send(Message::Text(msg.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => continue,
                _ => return,
            },
        }
    }
}

fn print(r: &Rebuilt) {
    match r {
        Rebuilt::Full { pages, ms } => {
            eprintln!("kpss serve: přestavěn celý web, {pages} stránek, za {ms:.0} ms")
        }
        Rebuilt::Partial { pages, ms } => {
            eprintln!("kpss serve: {} za {ms:.0} ms", rebuilt_pages(*pages))
        }
        Rebuilt::Failed(text) => eprintln!("{text}"),
    }
}

/// "přestavěna 1 dotčená stránka", "přestavěny 3 dotčené stránky", "přestavěno 14 dotčených
/// stránek": verb, adjective and noun agree with the number.
fn rebuilt_pages(n: usize) -> String {
    match n {
        1 => "přestavěna 1 dotčená stránka".into(),
        2..=4 => format!("přestavěny {n} dotčené stránky"),
        _ => format!("přestavěno {n} dotčených stránek"),
    }
}

/// Is `p` a file the watcher should ignore (editor temp files, hidden files)?
fn ignored(p: &Path) -> bool {
    p.file_name()
        .map(|n| crate::source::load::is_ignored(&n.to_string_lossy()))
        .unwrap_or(true)
}

/// Run the preview server until the process is stopped. Errors that prevent starting (the
/// port is taken) are returned; the caller exits with 2.
pub fn run(opts: ServeOptions) -> anyhow::Result<()> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = rt.block_on(tokio::net::TcpListener::bind(addr)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "adresa {addr} je obsazená (port {} už používá jiný program); zvolte jiný: kpss serve --port {} / the port is in use",
                opts.port,
                opts.port.saturating_add(1)
            )
        } else {
            anyhow::anyhow!("nelze naslouchat na {addr}: {e}")
        }
    })?;
    let shared = Shared::new();
    let mut session = Session::new(opts.clone());
    let first = session.full();
    print(&first);
    match &first {
        Rebuilt::Failed(text) => shared.fail(text.clone()),
        _ => shared.publish(session.files(), &session.base()),
    }
    let base = session.base();
    eprintln!("kpss serve: http://{addr}{base} (Ctrl+C ukončí)");

    // Watcher → builder: changed paths, debounced.
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    // config.toml is watched through the root folder (not as a file: an editor that saves by
    // writing a new file and renaming it would end a watch on the old file). Of the root's own
    // entries only config.toml counts; the watched folders report their own changes.
    let watched: Vec<PathBuf> = ["content", "static", "themes"]
        .iter()
        .map(|d| opts.root.join(d))
        .collect();
    let relevant = {
        let root = opts.root.clone();
        let root_canon = root.canonicalize().unwrap_or_else(|_| root.clone());
        let watched = watched.clone();
        let watched_canon: Vec<PathBuf> = watched
            .iter()
            .map(|w| w.canonicalize().unwrap_or_else(|_| w.clone()))
            .collect();
        move |p: &Path| {
            let in_root =
                p.parent() == Some(root.as_path()) || p.parent() == Some(root_canon.as_path());
            if in_root {
                return p
                    .file_name()
                    .is_some_and(|n| n == crate::source::config::CONFIG_FILE);
            }
            watched
                .iter()
                .chain(&watched_canon)
                .any(|w| p.starts_with(w))
        }
    };
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(30),
        None,
        move |res: notify_debouncer_full::DebounceEventResult| {
            if let Ok(events) = res {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.event.paths)
                    .filter(|p| !ignored(p) && relevant(p))
                    .collect();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
        },
    )?;
    use notify::RecursiveMode;
    for p in &watched {
        if p.is_dir() {
            debouncer.watch(p, RecursiveMode::Recursive)?;
        }
    }
    debouncer.watch(&opts.root, RecursiveMode::NonRecursive)?;

    let builder_shared = shared.clone();
    std::thread::spawn(move || {
        while let Ok(mut paths) = rx.recv() {
            // Coalesce everything that arrived meanwhile into one rebuild.
            while let Ok(more) = rx.try_recv() {
                paths.extend(more);
            }
            paths.sort();
            paths.dedup();
            let r = session.update(&paths);
            print(&r);
            match r {
                Rebuilt::Failed(text) => builder_shared.fail(text),
                _ => builder_shared.publish(session.files(), &session.base()),
            }
        }
    });

    let app = Router::new()
        .route(LIVERELOAD_PATH, get(livereload))
        .fallback(serve_path)
        .with_state(shared);
    rt.block_on(serve_http::serve(listener, app, opts.limits))?;
    drop(debouncer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::new();
        for k in ["index.html", "jh/index.html", "style.css", "404.html"] {
            f.insert(k.to_string(), Arc::from(&b"x"[..]));
        }
        f
    }

    #[test]
    fn the_rebuild_line_agrees_with_the_number() {
        assert_eq!(rebuilt_pages(1), "přestavěna 1 dotčená stránka");
        assert_eq!(rebuilt_pages(3), "přestavěny 3 dotčené stránky");
        assert_eq!(rebuilt_pages(14), "přestavěno 14 dotčených stránek");
        assert_eq!(rebuilt_pages(0), "přestavěno 0 dotčených stránek");
    }

    #[test]
    fn requests_never_leave_the_site() {
        let f = files();
        let b = "/planovani/";
        for bad in [
            "/planovani/../config.toml",
            "/planovani/%2e%2e/config.toml",
            "/planovani/%2E%2E/%2e%2e/etc/passwd",
            "/planovani/..%2fconfig.toml",
            "/planovani/jh/..%5c..%5cconfig.toml",
            "/planovani\\..\\config.toml",
            "/planovani/%00",
            "/planovani//etc/passwd",
            "/planovani/%ff",
            "/planovani/./jh/",
        ] {
            assert_eq!(route(bad, b, &f), Target::BadRequest, "{bad}");
        }
        assert_eq!(
            route("/planovani/jh/", b, &f),
            Target::File("jh/index.html".into())
        );
        assert_eq!(
            route("/planovani/jh", b, &f),
            Target::Redirect("/planovani/jh/".into())
        );
        assert_eq!(route("/", b, &f), Target::Redirect("/planovani/".into()));
        assert_eq!(
            route("/planovani", b, &f),
            Target::Redirect("/planovani/".into())
        );
        assert_eq!(route("/jh/", b, &f), Target::NotFound);
        assert_eq!(
            route("/planovani/content/jh/_index.md", b, &f),
            Target::NotFound
        );
        assert_eq!(route("/planovani/config.toml", b, &f), Target::NotFound);
    }

    #[test]
    fn the_client_script_goes_before_body_end_with_errors_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<b>chyba</b>"),
        ))
        .unwrap();
        assert!(out.contains("&lt;b&gt;chyba&lt;/b&gt;"));
        assert!(out.find("/__kpss/livereload").unwrap() < out.find("</body>").unwrap());
    }
}
