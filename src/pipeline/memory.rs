//! The preview's rendered site in memory: the map it serves (`Files`), the sink a rebuild
//! writes into (`MemorySink`) and how a rebuild's files go on top of the last ones.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::fast::HashMap;
use crate::output::Sink;

/// The rendered site: site path (`jh/index.html`) → bytes. Shared keys: the preview copies
/// the map after every edit (the server keeps serving the last one meanwhile), which with
/// 100,000 `String` keys cost a tenth of a place edit at 100,000 meetings.
/// The bytes are kept as written (`Sink::write_owned`): a calendar of 100,000 meetings is
/// not copied again on its way into the map.
pub type Files = HashMap<Arc<str>, Arc<Vec<u8>>>;

/// Collects rendered files in memory.
#[derive(Default)]
pub(super) struct MemorySink {
    pub(super) root: PathBuf,
    pub(super) files: Mutex<Files>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(Arc::from(path), Arc::new(bytes.to_vec()));
        }
        Ok(())
    }

    fn write_owned(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(Arc::from(path), Arc::new(bytes));
        }
        Ok(())
    }

    fn copy(&self, source: &Path, path: &str) -> std::io::Result<()> {
        let src = if source.is_absolute() {
            source.to_path_buf()
        } else {
            self.root.join(source)
        };
        self.write_owned(path, std::fs::read(src)?)
    }
}

/// The fingerprint of a page written since the last comparison: differs from any real one.
const STALE: u64 = u64::MAX;

/// Serve what `sink` holds on top of the last `files`, without the site paths `gone`. The
/// fingerprints of the pages written are stale now: they count as changed next time, and stay
/// pages of the last build (a page that is gone next time must still be dropped).
pub(super) fn add_written(
    files: &mut Arc<Files>,
    fingerprints: &mut HashMap<String, u64>,
    sink: MemorySink,
    gone: Vec<String>,
) {
    let written = sink.files.into_inner().unwrap_or_default();
    for k in written.keys() {
        if let Some(f) = fingerprints.get_mut(&**k) {
            *f = STALE;
        }
    }
    let mut next: Files = (**files).clone();
    for path in gone {
        next.remove(path.as_str());
    }
    next.extend(written);
    *files = Arc::new(next);
}
