//! `kpss serve`: the editors' live preview, a shell around three parts. A builder thread runs
//! the incremental session (`pipeline::session`: the pipeline's own stages on what changed),
//! a watcher (notify, debounced) feeds it changed paths, and an axum server (`http`, behind the
//! hardened accept loop of `crate::listener`) answers from the map of the last good build under the path
//! of `base_url`, with a WebSocket that tells open tabs to reload or to show the errors of a
//! broken edit. Sources are never served: only rendered output is in the map. The preview
//! writes nothing to disk, so the output rules of `build` (`output::owned`) do not arise here.

pub mod http;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tokio::sync::broadcast;

use crate::error::Error;

pub use crate::pipeline::session::{Files, Rebuilt, Session, SessionOptions};

/// The URL path of the live-reload WebSocket (outside the site's own paths).
pub const LIVERELOAD_PATH: &str = "/__kpss/livereload";

/// What `kpss serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// What to build.
    pub session: SessionOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// Connection slots and timeouts (`crate::listener`).
    pub limits: crate::listener::Limits,
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
            files: RwLock::new(Arc::new(Files::default())),
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

    /// Tell the tabs showing one of `pages` (site paths) to reload; none when it is empty.
    fn reload(&self, pages: &[String]) {
        if !pages.is_empty() {
            let msg = serde_json::json!({ "type": "reload", "paths": pages }).to_string();
            let _ = self.events.send(msg);
        }
    }

    /// Serve `files` from now on without telling the tabs (a new search index).
    fn swap_files(&self, files: Arc<Files>) {
        if let Ok(mut f) = self.files.write() {
            *f = files;
        }
    }

    fn fail(&self, text: String) {
        let msg = serde_json::json!({ "type": "error", "text": text }).to_string();
        if let Ok(mut e) = self.errors.write() {
            *e = Some(text);
        }
        let _ = self.events.send(msg);
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

/// A watcher that cannot start on `path` (e.g. the inotify limit reached).
fn watch_error(path: &Path) -> impl Fn(notify::Error) -> Error + '_ {
    move |e| {
        Error::io(
            format!("nelze sledovat změny v {}", path.display()),
            std::io::Error::other(e.to_string()),
        )
    }
}

/// What the builder thread waits for.
enum Msg {
    /// Changed paths, from the watcher.
    Paths(Vec<PathBuf>),
    /// A search index of an earlier snapshot of the pages (or why it failed).
    Index(std::io::Result<Vec<(String, Vec<u8>)>>),
}

/// How long edits must pause before the search index is built again. Indexing takes seconds
/// on a large site, so it is never on the path of an edit: it runs on a thread of its own
/// after the start and after each pause, and the preview serves the last index meanwhile.
const SEARCH_PAUSE: Duration = Duration::from_secs(2);

/// The builder thread: rebuilds after each batch of changed paths, and indexes for search
/// after a pause of edits.
fn builder(mut session: Session, rx: Receiver<Msg>, tx: Sender<Msg>, shared: Arc<Shared>) {
    // Stale from the start: the first index comes after the first pause.
    let mut stale = true;
    let mut indexing = false;
    loop {
        let msg = if stale && !indexing {
            match rx.recv_timeout(SEARCH_PAUSE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    stale = false;
                    if let Some(input) = session.search_input() {
                        indexing = true;
                        let tx = tx.clone();
                        std::thread::spawn(move || {
                            let _ = tx.send(Msg::Index(input.index()));
                        });
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => return,
            }
        };
        let mut index = None;
        match msg {
            Msg::Paths(mut paths) => {
                // Coalesce everything that arrived meanwhile into one rebuild.
                while let Ok(more) = rx.try_recv() {
                    match more {
                        Msg::Paths(p) => paths.extend(p),
                        Msg::Index(i) => index = Some(i),
                    }
                }
                paths.sort();
                paths.dedup();
                let r = session.update_first(&paths);
                print(&r);
                match r {
                    Rebuilt::Failed(text) => shared.fail(text),
                    _ => shared.publish(session.files(), &session.base()),
                }
                // The outputs listing every meeting and the list pages that only shift, after
                // the pages: only the tabs showing one of those pages reload.
                let (n, pages) = session.finish_pages();
                if n > 0 {
                    shared.swap_files(session.files());
                    shared.reload(&pages);
                }
                stale = true;
            }
            Msg::Index(i) => index = Some(i),
        }
        if let Some(i) = index {
            indexing = false;
            match i {
                Ok(files) => {
                    let n = files.len();
                    session.set_search_index(files);
                    shared.swap_files(session.files());
                    eprintln!("kpss serve: vyhledávací index obnoven ({n} souborů)");
                }
                Err(e) => eprintln!("kpss serve: vyhledávací index se nepodařilo sestavit: {e}"),
            }
        }
    }
}

/// Run the preview server until the process is stopped. Errors that prevent starting (the
/// port is taken) are returned; the caller exits with 2.
pub fn run(opts: ServeOptions) -> crate::error::Result<()> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio", e))?;
    let listener = rt.block_on(tokio::net::TcpListener::bind(addr)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::Refused(format!(
                "adresa {addr} je obsazená (port {} už používá jiný program); zvolte jiný: kpss serve --port {} / the port is in use",
                opts.port,
                opts.port.saturating_add(1)
            ))
        } else {
            Error::io(format!("nelze naslouchat na {addr}"), e)
        }
    })?;
    let shared = Shared::new();
    let mut session = Session::new(opts.session.clone());
    let first = session.full();
    print(&first);
    match &first {
        Rebuilt::Failed(text) => shared.fail(text.clone()),
        _ => shared.publish(session.files(), &session.base()),
    }
    let base = session.base();
    eprintln!("kpss serve: http://{addr}{base} (Ctrl+C ukončí)");

    // Watcher → builder: changed paths, debounced.
    let (tx, rx) = std::sync::mpsc::channel::<Msg>();
    let tx_self = tx.clone();
    // config.toml is watched through the root folder (not as a file: an editor that saves by
    // writing a new file and renaming it would end a watch on the old file). Of the root's own
    // entries only config.toml counts; the watched folders report their own changes.
    let watched: Vec<PathBuf> = ["content", "static", "themes"]
        .iter()
        .map(|d| opts.session.root.join(d))
        .collect();
    let relevant = {
        let root = opts.session.root.clone();
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
                    let _ = tx.send(Msg::Paths(paths));
                }
            }
        },
    )
    .map_err(watch_error(&opts.session.root))?;
    use notify::RecursiveMode;
    for p in &watched {
        if p.is_dir() {
            debouncer
                .watch(p, RecursiveMode::Recursive)
                .map_err(watch_error(p))?;
        }
    }
    debouncer
        .watch(&opts.session.root, RecursiveMode::NonRecursive)
        .map_err(watch_error(&opts.session.root))?;

    let builder_shared = shared.clone();
    std::thread::spawn(move || builder(session, rx, tx_self, builder_shared));

    let app = Router::new()
        .route(LIVERELOAD_PATH, get(http::livereload))
        .fallback(http::serve_path)
        .with_state(shared);
    rt.block_on(crate::listener::serve(listener, app, opts.limits))
        .map_err(|e| Error::io(format!("server na {addr}"), e))?;
    drop(debouncer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rebuild_line_agrees_with_the_number() {
        assert_eq!(rebuilt_pages(1), "přestavěna 1 dotčená stránka");
        assert_eq!(rebuilt_pages(3), "přestavěny 3 dotčené stránky");
        assert_eq!(rebuilt_pages(14), "přestavěno 14 dotčených stránek");
        assert_eq!(rebuilt_pages(0), "přestavěno 0 dotčených stránek");
    }
}
