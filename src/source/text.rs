//! A Markdown file's text as `load` keeps it: in memory, or read again from its file.
//!
//! `kpss build` and `kpss check` need every text from load to render (resolve reads the front
//! matter and scans the body, render writes the body as HTML). At 100,000 meetings the texts
//! were 462 MiB, half of the peak memory. Past [`KEEP_IN_MEMORY`] bytes of texts `load` keeps
//! only the file's path, length, xxh3 and front matter; each use of the body reads the file
//! again (from the page cache; nothing to compress at load, nothing to inflate) and checks the
//! bytes against what `load` read. A file that changed in between is noted in the load's [`ReadBack`]; the
//! build then stops with that file named and publishes nothing, as its pages would mix the two
//! versions. Smaller sites keep their texts in memory: it costs them nothing. The preview
//! always keeps them (it compares them on every edit, and its latency matters more).
//!
//! A build with its cache on stores, per text, a [`Known`] record: the file's inode stamp
//! when `load` read it and what a text left on disk keeps. The next build's `load` takes a file
//! whose stamp is still the recorded one by its record, unread ([`Text::known`]): the text is
//! then left on disk, and any use of its body reads it again and checks it against the
//! recorded hash, as above.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::xxh3_64;

/// Up to this many bytes of Markdown the texts of a build stay in memory (a 10,000-meeting
/// site of the benchmark has 46 MiB of them).
pub const KEEP_IN_MEMORY: u64 = 64 << 20;

/// What a build knew of a Markdown file it loaded: the file's inode stamp when it was read and
/// what a text left on disk keeps of it (length, xxh3, the text up to its body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub stamp: crate::output::Stamp,
    pub len: u64,
    pub hash: u64,
    pub head: Arc<str>,
}

/// One file's text.
#[derive(Clone, Debug)]
pub enum Text {
    Plain(Arc<str>),
    OnDisk(Arc<OnDisk>),
}

/// A text left on disk: where, and what `load` read there; its front matter stays in memory.
#[derive(Debug)]
pub struct OnDisk {
    /// The text up to where the body starts (the front matter with its fences).
    head: Arc<str>,
    path: PathBuf,
    len: usize,
    hash: u64,
    reads: Arc<ReadBack>,
}

/// The files of one load that no longer held what it read when they were read again.
#[derive(Debug, Default)]
pub struct ReadBack {
    changed: Mutex<Vec<PathBuf>>,
}

impl ReadBack {
    /// The files that changed since `load` read them (sorted, each once).
    pub fn changed(&self) -> Vec<PathBuf> {
        let mut v = self
            .changed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        v.sort();
        v.dedup();
        v
    }
}

/// A text as one use has it: borrowed from memory, or the copy read again (shared with the
/// thread's last read), from byte `from` on.
#[derive(Debug)]
pub struct TextRef<'a> {
    text: Held<'a>,
    from: usize,
}

#[derive(Debug)]
enum Held<'a> {
    Borrowed(&'a str),
    Read(Arc<str>),
}

impl TextRef<'_> {
    /// The text from byte `start` on (empty when `start` is not a character boundary in it).
    pub fn from(self, start: usize) -> Self {
        let from = if self.whole().is_char_boundary(start) {
            start
        } else {
            self.whole().len()
        };
        TextRef { from, ..self }
    }

    fn whole(&self) -> &str {
        match &self.text {
            Held::Borrowed(t) => t,
            Held::Read(t) => t,
        }
    }
}

impl std::ops::Deref for TextRef<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.whole()[self.from..]
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Plain(Arc::from(""))
    }
}

thread_local! {
    /// The text this thread read last (a page's view and its description read one body one
    /// after the other). Holding the `OnDisk` keeps its address from being reused.
    static LAST: RefCell<Option<(Arc<OnDisk>, Arc<str>)>> = const { RefCell::new(None) };
}

impl Text {
    /// `text`, read from `path`, left there: only its length and hash are kept, and its first
    /// `body_offset` bytes (the front matter resolve reads).
    pub fn on_disk(path: PathBuf, text: &str, body_offset: usize, reads: &Arc<ReadBack>) -> Text {
        Text::OnDisk(Arc::new(OnDisk {
            head: text.get(..body_offset).unwrap_or("").into(),
            path,
            len: text.len(),
            hash: xxh3_64(text.as_bytes()),
            reads: reads.clone(),
        }))
    }

    /// The text of the file at `path` as `known` records it, left on disk unread.
    pub fn known(path: PathBuf, known: &Known, reads: &Arc<ReadBack>) -> Text {
        Text::OnDisk(Arc::new(OnDisk {
            head: known.head.clone(),
            path,
            len: known.len as usize,
            hash: known.hash,
            reads: reads.clone(),
        }))
    }

    /// The record of this text for the next build: read when its file had `stamp`, its body
    /// starting at byte `body_offset`.
    pub fn record(&self, stamp: crate::output::Stamp, body_offset: usize) -> Option<Known> {
        let head = match self {
            Text::OnDisk(d) if d.head.len() == body_offset => d.head.clone(),
            _ => Arc::from(self.front().get(..body_offset)?),
        };
        Some(Known {
            stamp,
            len: self.len() as u64,
            hash: self.digest(),
            head,
        })
    }

    /// The text. One left on disk is read again; if the file no longer holds it, it is noted
    /// in the load's [`ReadBack`] and the text is empty (the build will not be published).
    pub fn get(&self) -> TextRef<'_> {
        let text = match self {
            Text::Plain(t) => Held::Borrowed(t),
            Text::OnDisk(d) => Held::Read(d.read()),
        };
        TextRef { text, from: 0 }
    }

    /// The text up to its body (all of it when kept in memory): what reading the front
    /// matter needs, without reading a text left on disk again.
    pub fn front(&self) -> &str {
        match self {
            Text::Plain(t) => t,
            Text::OnDisk(d) => &d.head,
        }
    }

    /// The text's length in bytes (as `load` read it).
    pub fn len(&self) -> usize {
        match self {
            Text::Plain(t) => t.len(),
            Text::OnDisk(d) => d.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A hash of the text (xxh3): the same for the same text, kept in memory or not.
    pub fn digest(&self) -> u64 {
        match self {
            Text::Plain(t) => xxh3_64(t.as_bytes()),
            Text::OnDisk(d) => d.hash,
        }
    }

    /// The same text.
    pub fn same(&self, other: &Text) -> bool {
        match (self, other) {
            (Text::Plain(a), Text::Plain(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => *self.get() == *other.get(),
        }
    }
}

impl OnDisk {
    fn read(self: &Arc<OnDisk>) -> Arc<str> {
        let last = LAST.with_borrow(|l| {
            l.as_ref()
                .filter(|(d, _)| Arc::ptr_eq(d, self))
                .map(|(_, t)| t.clone())
        });
        if let Some(t) = last {
            return t;
        }
        let text: Arc<str> = match std::fs::read(&self.path) {
            Ok(bytes) if bytes.len() == self.len && xxh3_64(&bytes) == self.hash => {
                match simdutf8::basic::from_utf8(&bytes) {
                    Ok(s) => Arc::from(s),
                    Err(_) => self.changed(),
                }
            }
            _ => self.changed(),
        };
        LAST.set(Some((self.clone(), text.clone())));
        text
    }

    fn changed(&self) -> Arc<str> {
        self.reads
            .changed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(self.path.clone());
        Arc::from("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_left_on_disk_is_read_back_and_a_changed_file_is_noted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zapis.md");
        let text = "+++\ntitle = \"Zápis\"\n+++\nŽluťoučký kůň.\n";
        std::fs::write(&path, text).unwrap();
        let reads = Arc::new(ReadBack::default());
        let body = text.find("Žluť").unwrap();
        let t = Text::on_disk(path.clone(), text, body, &reads);
        assert_eq!(&*t.get(), text);
        assert_eq!(&*t.get().from(body), &text[body..]);
        assert_eq!(&*t.get().from(body + 1), "", "not a character boundary");
        assert_eq!(t.front(), &text[..body]);
        assert_eq!(t.digest(), Text::Plain(Arc::from(text)).digest());
        assert!(t.same(&Text::Plain(Arc::from(text))));
        assert!(reads.changed().is_empty());
        // The same length, other bytes: noted, and nothing of the new text is used.
        std::fs::write(&path, text.replace("kůň", "pes")).unwrap();
        let other = Text::on_disk(path.clone(), "x", 0, &reads);
        assert_eq!(&*other.get(), "");
        assert_eq!(&*t.get(), "");
        assert_eq!(reads.changed(), vec![path.clone()]);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(&*Text::on_disk(path.clone(), text, body, &reads).get(), "");
    }
}
