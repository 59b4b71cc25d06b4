//! Which bodies a piece of work reads: `render::fingerprints` records, per page, the bodies
//! its view reads (`Body::markdown`, `Body::digest`), so a build after an edit of bodies only
//! knows which pages' fingerprints can have changed. Must not decide anything itself.
//!
//! A record is kept per thread. A read on a thread that records nothing while a recording run
//! is armed (work a view sent to another thread, say) is a stray: the run's records are then
//! incomplete, and [`Armed::sound`] says so (its caller uses none of them).

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// The files of the bodies read on this thread since [`recording`] began here.
    static RECORD: RefCell<Option<Vec<Arc<str>>>> = const { RefCell::new(None) };
}

/// Recording runs going on (in any thread of the process).
static ARMED: AtomicUsize = AtomicUsize::new(0);
/// Reads on a thread that recorded nothing while some run was armed; and recordings begun
/// inside another one (a job run while another waited on the same thread).
static STRAY: AtomicUsize = AtomicUsize::new(0);

/// Note that the body of `file` is read.
pub(super) fn note(file: &Arc<str>) {
    let recorded = RECORD.with_borrow_mut(|r| match r {
        Some(files) => {
            files.push(file.clone());
            true
        }
        None => false,
    });
    if !recorded && ARMED.load(Ordering::SeqCst) > 0 {
        STRAY.fetch_add(1, Ordering::SeqCst);
    }
}

/// Run `f` and return the files of the bodies it read on this thread (each once, sorted).
pub fn recording<R>(f: impl FnOnce() -> R) -> (R, Vec<Arc<str>>) {
    let (out, files, outer) = apart(f);
    if outer {
        STRAY.fetch_add(1, Ordering::SeqCst);
    }
    (out, files)
}

/// Run `f` with a record of its own; also whether a record was going on around it.
fn apart<R>(f: impl FnOnce() -> R) -> (R, Vec<Arc<str>>, bool) {
    let outer = RECORD.with_borrow_mut(|r| r.replace(Vec::new()));
    let around = outer.is_some();
    let out = f();
    let mut files = RECORD
        .with_borrow_mut(|r| std::mem::replace(r, outer))
        .unwrap_or_default();
    files.sort_unstable();
    files.dedup();
    (out, files, around)
}

/// Run `f`, whose result several pieces of work share (made once, by whichever comes first):
/// a body it reads would be recorded for that one only, so such a read makes every armed run
/// unsound.
pub fn shared<R>(f: impl FnOnce() -> R) -> R {
    let (out, files, _) = apart(f);
    if !files.is_empty() {
        STRAY.fetch_add(1, Ordering::SeqCst);
    }
    out
}

/// A recording run: while one lives, a read outside [`recording`] makes it unsound.
pub struct Armed {
    strays: usize,
}

impl Armed {
    pub fn new() -> Armed {
        ARMED.fetch_add(1, Ordering::SeqCst);
        Armed {
            strays: STRAY.load(Ordering::SeqCst),
        }
    }

    /// No read escaped the records since this run began (in this process: another thread's
    /// stray read counts too, which only costs a build its shortcut).
    pub fn sound(&self) -> bool {
        STRAY.load(Ordering::SeqCst) == self.strays
    }
}

impl Default for Armed {
    fn default() -> Self {
        Armed::new()
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_recorded_on_their_thread_and_strays_counted() {
        let a: Arc<str> = Arc::from("content/a.md");
        let b: Arc<str> = Arc::from("content/b.md");
        let armed = Armed::new();
        let ((), files) = recording(|| {
            note(&b);
            note(&a);
            note(&b);
        });
        assert_eq!(files, vec![a.clone(), b.clone()]);
        // (Whether `armed` is sound here depends on the other tests reading bodies meanwhile.)
        // A read another thread makes while this run is armed.
        std::thread::scope(|s| {
            s.spawn(|| note(&a));
        });
        assert!(!armed.sound());
        // A recording begun inside another.
        let armed = Armed::new();
        let (((), inner), outer) = recording(|| recording(|| note(&a)));
        assert_eq!((inner, outer), (vec![a.clone()], Vec::new()));
        assert!(!armed.sound());
        // A result shared between pieces of work that reads a body.
        let armed = Armed::new();
        let n = shared(|| {
            note(&a);
            1
        });
        assert_eq!(n, 1);
        assert!(!armed.sound());
    }
}
