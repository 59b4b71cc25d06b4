//! The build pipeline, end to end: load → resolve → render → write. `build`, `check` and
//! (later) `serve` call this; it owns the order of stages and nothing else. The build date
//! comes in as a value: the caller reads the flag, `SOURCE_DATE_EPOCH` or the clock.

pub mod cache;
mod memory;
pub mod search_stage;
pub mod session;
mod warm;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::i18n::tr;
use crate::output::Sink;
use crate::source::config::{self, Config};
use crate::source::load::Loaded;
use warm::{Cached, LastBuild, PendingCache, cache_key, render_cached};

/// What the caller asks for.
#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    /// `None`: `[build] output_dir` of config.toml, relative to the root.
    pub output: Option<PathBuf>,
    pub date: jiff::civil::Date,
    pub base_url: Option<String>,
    /// Only validate; write nothing.
    pub check_only: bool,
    /// Publish documents under consultation even when config.toml says `drafts = false`.
    pub drafts: bool,
    /// Use and write the build cache (`cache`): pages whose view did not change are taken
    /// from the output being replaced. `--no-cache` turns it off.
    pub cache: bool,
}

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The site was written (or, for `check`, would be).
    Done {
        pages: usize,
        /// Every other file written: sitemaps, robots.txt, attached and static files.
        files: usize,
        seconds: f64,
        output: Option<PathBuf>,
        diagnostics: Diagnostics,
        config: Config,
    },
    /// The content has errors; nothing was written.
    ContentErrors(Diagnostics, Config),
    /// `config.toml` is missing or wrong; nothing was read further.
    ConfigErrors(Diagnostics),
}

/// Read and validate `config.toml` at `root`, applying `--base-url`.
pub fn read_config(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let mut d = Diagnostics::default();
    let text: Arc<str> = match crate::source::load::read_config(root) {
        Ok(t) => t,
        Err(e) => {
            d.push(config_unreadable(root, &e));
            return Err(d);
        }
    };
    let Some(mut cfg) = config::read(&text, &mut d) else {
        return Err(d);
    };
    if let Some(b) = base_url {
        match cfg.clone().with_base_url(b) {
            Some(c) => cfg = c,
            None => {
                d.push(Diagnostic::error(
                    "--base-url",
                    None,
                    tr(
                        cfg.language,
                        &format!("--base-url není absolutní adresa: {b}"),
                        &format!("--base-url is not an absolute URL: {b}"),
                    ),
                ));
                return Err(d);
            }
        }
    }
    Ok(cfg)
}

/// `config.toml` is missing, not UTF-8 or unreadable. The site's language is not known yet:
/// Czech, the default, with the English after a slash as in the hint.
fn config_unreadable(root: &Path, e: &std::io::Error) -> Diagnostic {
    let path = root.join(config::CONFIG_FILE);
    let (message, hint) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            format!("{} neexistuje / does not exist", path.display()),
            "kpss init <složka> vytvoří nový web / creates a new site; --root ukazuje na složku webu / points to the site folder",
        ),
        std::io::ErrorKind::InvalidData => (
            format!("{} není v kódování UTF-8 / is not UTF-8", path.display()),
            "uložte soubor v kódování UTF-8 / save the file as UTF-8",
        ),
        _ => (
            format!("{} nelze přečíst / cannot be read ({e})", path.display()),
            "zkontrolujte práva k souboru / check the file's permissions",
        ),
    };
    Diagnostic::error(config::CONFIG_FILE, None, message).with_hint(hint)
}

/// Stage 1 for `build`, `check` and the preview alike: `config.toml` with `--base-url` and
/// `--drafts` applied.
pub fn configure(root: &Path, base_url: Option<&str>, drafts: bool) -> Result<Config, Diagnostics> {
    let mut config = read_config(root, base_url)?;
    config.drafts |= drafts;
    Ok(config)
}

/// Stage 2 for `build`, `check` and the preview alike: the site read from disk, with up to
/// `keep_in_memory` bytes of Markdown texts kept in memory (`build` and `check`:
/// [`texts_in_memory`]; the preview keeps them all); what the content says wrong goes to
/// `d`, what stops reading is an error naming the root.
pub fn load_site(
    root: &Path,
    config: &Config,
    keep_in_memory: u64,
    known: Option<&crate::fast::HashMap<String, crate::source::text::Known>>,
    d: &mut Diagnostics,
) -> crate::error::Result<Loaded> {
    let walked = crate::source::load::walk_content(root, config.language);
    load_walked(root, walked, config, keep_in_memory, known, d)
}

/// [`load_site`] of a site whose `content/` was walked already (or failed to be).
pub fn load_walked(
    root: &Path,
    walked: std::io::Result<crate::source::load::Walked>,
    config: &Config,
    keep_in_memory: u64,
    known: Option<&crate::fast::HashMap<String, crate::source::text::Known>>,
    d: &mut Diagnostics,
) -> crate::error::Result<Loaded> {
    walked
        .and_then(|w| {
            crate::source::load::load_walked(
                w,
                &config.theme,
                config.language,
                keep_in_memory,
                known,
                d,
            )
        })
        .map_err(|e| {
            let root = root.display();
            let what = tr(
                config.language,
                &format!("čtení webu {root}"),
                &format!("reading the site {root}"),
            );
            Error::io(what, e)
        })
}

/// With `[build] git_dates`: the day each file of the site last changed (git history, and the
/// build date for files changed since the last commit); a warning in `d` and no dates when git
/// cannot say. Without: no dates.
pub fn source_dates(
    root: &Path,
    config: &Config,
    date: jiff::civil::Date,
    d: &mut Diagnostics,
) -> Arc<crate::source::git::FileDates> {
    if !config.git_dates {
        return Arc::default();
    }
    Arc::new(crate::source::git::file_dates(
        root,
        date,
        config.language,
        d,
    ))
}

/// How many bytes of Markdown texts `build` and `check` keep in memory
/// ([`crate::source::text::KEEP_IN_MEMORY`]; `KPSS_TEXTS_IN_MEMORY=<bytes>` sets another
/// budget, which the tests use to build a small site with its texts left on disk).
pub fn texts_in_memory() -> u64 {
    std::env::var("KPSS_TEXTS_IN_MEMORY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(crate::source::text::KEEP_IN_MEMORY)
}

/// Run the whole pipeline once: configure, refuse a foreign output, load, resolve, render,
/// static files, swap.
pub fn run(opts: &Options) -> crate::error::Result<Outcome> {
    let started = Instant::now();
    let config = match configure(&opts.root, opts.base_url.as_deref(), opts.drafts) {
        Ok(c) => c,
        Err(d) => return Ok(Outcome::ConfigErrors(d)),
    };
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.output_dir));
    if !opts.check_only {
        own_output(&opts.root, &output, config.language)?;
    }
    let mut d = Diagnostics::default();
    d.set_language(config.language);
    // KPSS_TIMINGS=1 prints how long each stage took (for profiling; the output is unchanged).
    let timings = std::env::var_os("KPSS_TIMINGS").is_some();
    let stage = |name: &str, since: Instant| {
        if timings {
            eprintln!(
                "kpss: {name} {:.0} ms",
                since.elapsed().as_secs_f64() * 1000.0
            );
        }
        Instant::now()
    };
    let t = Instant::now();
    // With the cache on and a spare to write into, the build lock is taken now and the
    // spare's files are looked at while the site is loaded and resolved (`cache::look_ahead`).
    let early = (opts.cache && !opts.check_only)
        .then(|| crate::output::lock_with_spare(&output))
        .flatten();
    let (mut last, walked) = LastBuild::read_walking(opts, &output, config.language, timings);
    let early = early.map(|(lock, dir, id)| {
        last.look_ahead(dir, id, config.language);
        lock
    });
    let loaded = last.load(opts, &config, walked, timings, &mut d)?;
    let t = stage("load", t);
    let dates = source_dates(&opts.root, &config, opts.date, &mut d);
    let t = stage("git", t);
    let (site, scans) = last.resolve(&loaded, &config, opts.date, &mut d);
    let t = stage("resolve", t);
    changed_meanwhile(&loaded, &opts.root, config.language)?;
    let Some(mut site) = site else {
        return Ok(Outcome::ContentErrors(d, config));
    };
    site.source_dates = dates;
    // Without `[open_data]` the site builds, but no catalogue: say what is missing.
    if let Some(w) = config.open_data.missing_warning(config.language) {
        d.push(w);
    }
    let globals = crate::render::globals(&site);
    let key = cache_key(opts, &loaded, &globals);
    let templates = crate::render::templates::Templates::new(&loaded.theme_templates, globals)
        .map_err(|e| Error::Refused(e.to_string()))?;

    if opts.check_only {
        let sink = NullSink;
        let pages = crate::render::render(&site, &templates, &sink)?;
        changed_meanwhile(&loaded, &opts.root, config.language)?;
        return Ok(Outcome::Done {
            pages,
            files: 0,
            seconds: started.elapsed().as_secs_f64(),
            output: None,
            diagnostics: d,
            config,
        });
    }
    let staging = crate::output::Staging::new(&opts.root, &output, early)
        .map_err(|e| write_error(&output, &e, None, config.language))?;
    // The files' stamps are for the cache: a build that writes none takes none.
    let staging = if key.is_some() {
        staging
    } else {
        staging.without_stamps()
    };
    let t = stage("templates and staging", t);
    let index_write_error = |e: &std::io::Error| write_error(&output, e, None, config.language);
    let cached = key.zip(scans);
    let written = write_site(
        (&site, &templates, &loaded),
        &staging,
        &mut last,
        cached,
        &index_write_error,
        &stage,
    );
    let t = stage(
        "render and write (static files and search index included)",
        t,
    );
    let (pages, pending) = match written {
        Ok(n) => n,
        Err(_) if staging.disk_full() => {
            let need = staging.bytes();
            drop(staging);
            return Err(disk_full(&output, need, config.language));
        }
        Err(e) => return Err(e),
    };
    // Pages of a text that changed after load would mix two versions of it: not published.
    changed_meanwhile(&loaded, &opts.root, config.language)?;
    let need = staging.bytes();
    let full = |e: &std::io::Error| write_error(&output, e, Some(need), config.language);
    // Every file written counts: pages, sitemaps, robots.txt, attached files, static files.
    // This build's cache is written beside the walk that removes what the build did not write.
    let total = staging
        .commit_with(|s| pending.map_or(Ok(()), |p| p.write(s)))
        .map_err(|e| full(&e))?;
    stage("swap", t);
    // The site and what was read for it, done with: freed beside the report, or by the exit.
    crate::fast::drop_later((site, loaded, last, templates));
    Ok(Outcome::Done {
        pages,
        files: total.saturating_sub(pages),
        seconds: started.elapsed().as_secs_f64(),
        output: Some(output),
        diagnostics: d,
        config,
    })
}

/// Render the site into `staging` (with the build cache when `cached` holds its key and the
/// body scans: unchanged pages and parts of the search index taken from the last output),
/// the search index and the static files; the pages written and, with the cache, the cache to
/// write beside the commit's walk. `write_err` turns a failed write into the error of the
/// output; `stage` prints a stage's time under `KPSS_TIMINGS`.
fn write_site<'a>(
    (site, templates, loaded): (
        &crate::model::Site,
        &crate::render::templates::Templates,
        &'a Loaded,
    ),
    staging: &crate::output::Staging,
    last: &mut LastBuild,
    cached: Option<(u64, crate::resolve::Scans)>,
    write_err: &dyn Fn(&std::io::Error) -> Error,
    stage: &dyn Fn(&str, Instant) -> Instant,
) -> crate::error::Result<(usize, Option<PendingCache<'a>>)> {
    let known = cached.as_ref().and_then(|(key, _)| last.take_indexed(*key));
    let noting = search_stage::Pages::new(staging, site.config.search, known);
    let read_staged = |p: &str| staging.read(p);
    let pages = match cached {
        Some((key, scans)) => {
            let to = Cached {
                staging,
                key,
                scans,
                sources: &loaded.sources,
                read: &read_staged,
            };
            // The search index is built inside, before the cache that records it.
            let (pages, pending) = render_cached(site, templates, &noting, last, to, write_err)?;
            (pages, Some(pending))
        }
        None => {
            let pages = crate::render::render(site, templates, noting.sink())?;
            let t = Instant::now();
            search_stage::index(site, &noting, staging, None, &read_staged, write_err)?;
            stage("search index", t);
            (pages, None)
        }
    };
    write_static(loaded, staging).map_err(|e| write_err(&e))?;
    Ok(pages)
}

/// Refuse an output kpss does not own; put back the last good output a killed build left
/// aside.
fn own_output(root: &Path, output: &Path, lang: crate::czech::Lang) -> crate::error::Result<()> {
    if let Some(why) = crate::output::owned::refuse_output(root, output, lang) {
        return Err(Error::Refused(why));
    }
    crate::output::recover(output).map_err(|e| {
        let what = tr(
            lang,
            &format!("obnova výstupu {}", output.display()),
            &format!("recovering the output {}", output.display()),
        );
        Error::io(what, e)
    })
}

/// With `timings`, how many texts load kept in memory (and, with a usable cache, `known`, how
/// many it took by their record). A test hook: `KPSS_FAILPOINT=pause-after-load` stops here
/// until a line comes on stdin, so a test can change a file between load and the later reads
/// of its text.
fn after_load(loaded: &Loaded, timings: bool, known: bool) {
    if timings && known {
        eprintln!(
            "kpss: cache: {} texts taken by their record, unread",
            loaded.known_taken
        );
    }
    if timings {
        let on_disk = loaded
            .sources
            .iter()
            .filter(|s| matches!(s.text, crate::source::text::Text::OnDisk(_)))
            .count();
        let in_memory = loaded.sources.len() - on_disk;
        eprintln!("kpss: texts: {in_memory} in memory, {on_disk} left on disk");
    }
    if std::env::var_os("KPSS_FAILPOINT").is_some_and(|v| v == "pause-after-load") {
        eprintln!("kpss: paused after load");
        let _ = std::io::stdin().read_line(&mut String::new());
    }
}

/// An error naming the Markdown files that changed between `load` and a later read of them
/// (texts left on disk: `source::text`), if any did.
fn changed_meanwhile(
    loaded: &Loaded,
    root: &Path,
    lang: crate::czech::Lang,
) -> crate::error::Result<()> {
    let changed = loaded.reads.changed();
    if changed.is_empty() {
        return Ok(());
    }
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let names: Vec<String> = changed
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    let names = names.join(", ");
    Err(Error::Refused(tr(
        lang,
        &format!(
            "soubor {names} se během sestavení změnil (nebo zmizel), a tak by stránky míchaly jeho dvě verze; nic nebylo zveřejněno, poslední výstup zůstal. Spusťte sestavení znovu, až se soubory přestanou měnit"
        ),
        &format!(
            "{names} changed (or went away) during the build, so its pages would mix two versions; nothing was published and the last output stays. Build again once the files stop changing"
        ),
    )))
}

/// The stage after the pages, for `build` and the preview alike: the theme's default static
/// files and the site's `static/` (with its theme's) into `sink`. An error names the file that
/// failed.
pub fn write_static(loaded: &Loaded, sink: &dyn Sink) -> std::io::Result<()> {
    for (path, bytes) in crate::render::templates::default_static() {
        sink.write(&path, bytes)?;
    }
    for (src, path) in &loaded.static_files {
        sink.copy(src, path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", src.display())))?;
    }
    Ok(())
}

/// An I/O error of the output, naming it; a full disk in Czech with the space needed.
fn write_error(
    output: &Path,
    e: &std::io::Error,
    need: Option<u64>,
    lang: crate::czech::Lang,
) -> Error {
    if crate::output::is_disk_full(e) {
        return disk_full(output, need.unwrap_or(0), lang);
    }
    let what = tr(
        lang,
        &format!("zápis webu do {} selhal", output.display()),
        &format!("writing the site to {} failed", output.display()),
    );
    Error::io(what, std::io::Error::new(e.kind(), e.to_string()))
}

/// The disk filled up while the site was written: the staging is gone already (dropped), the
/// last good output stays. Says how much the build needs: the bytes it had written plus what
/// the output being replaced holds (the build needs room for both until the swap).
fn disk_full(output: &Path, written: u64, lang: crate::czech::Lang) -> Error {
    let size = |b: u64| crate::czech::size::file_size(b.max(1), lang);
    let previous = dir_size(output);
    let need = written.max(previous);
    let free = rustix::fs::statvfs(output.parent().unwrap_or(Path::new("/")))
        .map(|s| s.f_bavail * s.f_frsize)
        .unwrap_or(0);
    Error::DiskFull(tr(
        lang,
        &format!(
            "na disku došlo místo při zápisu webu do {}: sestavení zapsalo {} a potřebuje alespoň {} volného místa (volných je {}). Rozpracované soubory jsou smazány, poslední dobrý výstup zůstal; uvolněte místo a spusťte sestavení znovu",
            output.display(),
            size(written),
            size(need),
            size(free)
        ),
        &format!(
            "the disk is full while writing the site to {}: the build wrote {} and needs at least {} of free space ({} free). The unfinished files are removed, the last good output stays; free some space and build again",
            output.display(),
            size(written),
            size(need),
            size(free)
        ),
    ))
}

/// Bytes of the files under `dir` (0 when it is missing).
fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Renders and discards: `check` runs the templates too, so it finds what `build` would.
struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn copy(&self, _: &Path, _: &str) -> std::io::Result<()> {
        Ok(())
    }
}
