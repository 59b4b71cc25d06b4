//! Body scans a `kpss build` keeps for the next one (in its build cache, `pipeline::cache`):
//! per file, the digest and length of the text scanned, the signature of everything its links
//! could point at (`links::scan_bodies`), and what the scan found. A body is taken from here
//! only when all three are the same; a scan that reported anything (a broken link, a dropped
//! heading attribute) is not kept, so every report is made again by a real scan. The links to
//! fragments of other files are kept and checked again in every build (`check_fragments`),
//! against the heading ids of this build.
//!
//! Bytes in and out (into any writer), no files: `pipeline::cache` puts them into its file, whose checksum covers
//! them; a record that does not read back whole makes the whole set empty.

use std::io::{self, Write};
use std::sync::Arc;

use super::incremental::BodyCache;
use super::links::BodyResult;
use crate::fast::HashMap;

/// One body's scan, as stored.
#[derive(Debug)]
pub(super) struct StoredScan {
    pub(super) digest: u64,
    pub(super) len: u64,
    pub(super) signature: u64,
    pub(super) result: Arc<BodyResult>,
    /// The same text's front matter as read, when it is a meeting's read with no report
    /// (`stored_meetings`).
    pub(super) meeting: Option<Arc<[u8]>>,
}

/// The stored scans, by file (root-relative).
#[derive(Debug, Default)]
pub struct Scans {
    pub(super) entries: HashMap<String, StoredScan>,
}

impl Scans {
    /// How many bodies are stored.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Append the scans to `out`: count, then per file (sorted, so the same scans give the
    /// same bytes) its name, digest, length, signature, result and meeting
    /// (`stored_meetings`: its length, 0 for none, and bytes).
    pub fn encode(&self, out: &mut impl Write) -> io::Result<()> {
        let mut sorted: Vec<(&String, &StoredScan)> = self.entries.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out.write_all(&(sorted.len() as u64).to_le_bytes())?;
        for (rel, s) in sorted {
            string(out, rel)?;
            for n in [s.digest, s.len, s.signature] {
                out.write_all(&n.to_le_bytes())?;
            }
            let r = &s.result;
            strings(out, &r.heading_ids)?;
            strings(out, &r.files)?;
            out.write_all(&(r.fragments.len() as u64).to_le_bytes())?;
            for (file, target, fragment, span) in &r.fragments {
                string(out, file)?;
                string(out, target)?;
                string(out, fragment)?;
                out.write_all(&(span.start as u64).to_le_bytes())?;
                out.write_all(&(span.end as u64).to_le_bytes())?;
            }
            let meeting = s.meeting.as_deref().unwrap_or_default();
            out.write_all(&(meeting.len() as u32).to_le_bytes())?;
            out.write_all(meeting)?;
        }
        Ok(())
    }

    /// The scans `encode` wrote at the start of `bytes`, and the bytes after them; `None` when
    /// they do not read back whole.
    pub fn decode(bytes: &[u8]) -> Option<(Scans, &[u8])> {
        let mut r = Bytes(bytes);
        let count = r.u64()?;
        // Each takes 52 bytes or more: a count past the bytes left is not trusted for room.
        let mut entries = HashMap::with_capacity_and_hasher(
            count.min(bytes.len() as u64 / 52) as usize,
            Default::default(),
        );
        for _ in 0..count {
            let rel = r.string()?;
            let (digest, len, signature) = (r.u64()?, r.u64()?, r.u64()?);
            let heading_ids = r.strings()?;
            let files = r.strings()?;
            let n = r.u64()?;
            let mut fragments = Vec::with_capacity(n.min(1 << 16) as usize);
            for _ in 0..n {
                let (file, target, fragment) = (r.string()?, r.string()?, r.string()?);
                let span = usize::try_from(r.u64()?).ok()?..usize::try_from(r.u64()?).ok()?;
                fragments.push((file, target, fragment, span));
            }
            let result = Arc::new(BodyResult {
                heading_ids,
                diagnostics: Vec::new(),
                fragments,
                files,
            });
            let n = u32::from_le_bytes(r.take(4)?.try_into().ok()?) as usize;
            let meeting = (n > 0).then(|| r.take(n).map(Arc::from)).flatten();
            if n > 0 && meeting.is_none() {
                return None;
            }
            let scan = StoredScan {
                digest,
                len,
                signature,
                result,
                meeting,
            };
            entries.insert(rel, scan);
        }
        Some((Scans { entries }, r.0))
    }
}

impl BodyCache {
    /// For `kpss build`: a cache holding the scans its last build stored. It keeps no front
    /// matter (a build reads each file once), only the scans, to store them again.
    pub fn for_build(stored: Scans) -> BodyCache {
        BodyCache {
            stored: stored.entries,
            build: true,
            ..BodyCache::default()
        }
    }

    /// How many bodies were scanned anew in every resolve given this cache.
    pub fn scanned(&self) -> usize {
        self.scanned.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many meetings' front matter this run took from the stored meetings.
    pub fn meetings_taken(&self) -> usize {
        self.meetings_taken
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many bodies this run took from the stored scans.
    pub fn stored_taken(&self) -> usize {
        self.taken.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The scans to store for the next build: every body this run scanned or took whose scan
    /// reported nothing.
    pub fn into_scans(mut self) -> Scans {
        // The last build's scans, done with: freed beside what follows.
        crate::fast::drop_later(std::mem::take(&mut self.stored));
        let mut meetings = std::mem::take(&mut self.meetings);
        let entries = self
            .entries
            .into_iter()
            .filter(|(_, c)| c.result.diagnostics.is_empty())
            .map(|(rel, c)| {
                let scan = StoredScan {
                    digest: c.text.digest(),
                    len: c.text.len() as u64,
                    signature: c.signature,
                    result: c.result,
                    meeting: meetings.remove(&rel),
                };
                (rel, scan)
            })
            .collect();
        Scans { entries }
    }
}

fn string(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(&(s.len() as u32).to_le_bytes())?;
    out.write_all(s.as_bytes())
}

fn strings(out: &mut impl Write, list: &[String]) -> io::Result<()> {
    out.write_all(&(list.len() as u64).to_le_bytes())?;
    for s in list {
        string(out, s)?;
    }
    Ok(())
}

struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (a, b) = self.0.split_at_checked(n)?;
        self.0 = b;
        Some(a)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn string(&mut self) -> Option<String> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.u64()?;
        let mut v = Vec::with_capacity(n.min(1 << 16) as usize);
        for _ in 0..n {
            v.push(self.string()?);
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Scans {
        let mut entries = HashMap::default();
        let result = Arc::new(BodyResult {
            heading_ids: vec!["uvod".into(), "zaver".into()],
            diagnostics: Vec::new(),
            fragments: vec![("a.md".into(), "b.md".into(), "uvod".into(), 10..20)],
            files: vec!["content/jh/plan.pdf".into()],
        });
        let scan = StoredScan {
            digest: 1,
            len: 2,
            signature: 3,
            result,
            meeting: Some(Arc::from(&b"meeting"[..])),
        };
        entries.insert("content/a.md".to_string(), scan);
        entries.insert(
            "content/b.md".to_string(),
            StoredScan {
                digest: 4,
                len: 5,
                signature: 6,
                result: Arc::new(BodyResult {
                    heading_ids: Vec::new(),
                    diagnostics: Vec::new(),
                    fragments: Vec::new(),
                    files: Vec::new(),
                }),
                meeting: None,
            },
        );
        Scans { entries }
    }

    #[test]
    fn scans_read_back_as_written_and_leave_what_follows() {
        let mut bytes = Vec::new();
        sample()
            .encode(&mut bytes)
            .expect("a vector takes any bytes");
        bytes.extend_from_slice(b"rest");
        let (back, rest) = Scans::decode(&bytes).expect("reads back");
        assert_eq!(rest, b"rest");
        let mut again = Vec::new();
        back.encode(&mut again).expect("a vector takes any bytes");
        assert_eq!(again, bytes[..bytes.len() - 4]);
        let a = &back.entries["content/a.md"];
        assert_eq!((a.digest, a.len, a.signature), (1, 2, 3));
        assert_eq!(a.result.fragments[0].3, 10..20);
        assert_eq!(a.result.files, ["content/jh/plan.pdf"]);
        assert_eq!(a.meeting.as_deref(), Some(&b"meeting"[..]));
        assert!(back.entries["content/b.md"].meeting.is_none());
    }

    #[test]
    fn a_truncated_record_reads_as_nothing() {
        let mut bytes = Vec::new();
        sample()
            .encode(&mut bytes)
            .expect("a vector takes any bytes");
        for n in 0..bytes.len() {
            assert!(Scans::decode(&bytes[..n]).is_none(), "truncated at {n}");
        }
    }
}
