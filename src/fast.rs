//! Hash maps and sets for the build's large tables keyed by site paths or file names (100,000
//! entries and more at a large site: the cache's entries, the pages written, taken and
//! indexed, the texts' records): std's maps with foldhash's seeded hasher instead of SipHash,
//! which was 2–3 % of a warm build at 100,000 meetings (perf). Still seeded per process, so
//! an editor cannot pick paths that collide.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
