//! Hash maps and sets for the build's large tables keyed by site paths or file names (100,000
//! entries and more at a large site: the cache's entries, the pages written, taken and
//! indexed, the texts' records): std's maps with foldhash's seeded hasher instead of SipHash,
//! which was 2–3 % of a warm build at 100,000 meetings (perf). Still seeded per process, so
//! an editor cannot pick paths that collide.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Drop `value` on a thread of its own: a large table the build is done with (100,000 entries
/// of strings) is freed beside the work that follows, not before it on the build's own
/// thread (this and the content walk sorted as it goes: a warm build at 100k loaded in
/// 350–394 ms instead of 413–470, bench/README.md). At the end of a build the process may
/// exit before the thread is done: the memory goes with it.
pub fn drop_later<T: Send + 'static>(value: T) {
    // Without a thread to be had, the closure holding `value` is dropped here, and it with it.
    let _ = std::thread::Builder::new()
        .name("kpss-drop".into())
        .spawn(move || drop(value));
}
