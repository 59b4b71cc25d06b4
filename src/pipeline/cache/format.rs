//! The bytes of `.kpss-cache`, written as they are made and read back checked.
//!
//! Layout (all numbers little-endian): the magic (name and format version); the key; the
//! length of the pages' section; the pages' section (count, then per page, sorted by path:
//! path, fingerprint, content hash, inode stamp, the bodies its view read); the xxh3 of all
//! before; this program; the body scans (`resolve::Scans`); the records of the Markdown
//! files (path, stamp, length, xxh3, front matter); what the fingerprinting learned (0, or 1,
//! the site's digest, then each body read: file, digest; then each meeting's pieces' digests:
//! which of the four it has, as bits of a byte, then those; then each meeting's row digest:
//! 0, or 1 and the digest); the layouts of the outputs put
//! together from pieces (`render::outputs::splice`); the rows' spans of list pages
//! (`render::row_parts`); the pages the search index held (count,
//! then their paths, sorted); where the scans, the records and
//! what was learned begin (so they are read in parallel); the xxh3 of all before.
//!
//! The file is written through a buffer and hashed on the way ([`write`]), never held whole:
//! at 100,000 meetings it is some 60 MB, and putting it together in one vector first took
//! fresh memory the size of the file (and a copy when the vector grew). The pages' section
//! has a checksum of its own so the reused spare's cache, wanted only for its files' stamps,
//! is read up to there ([`read_pages`]) and not whole.

use std::io::{self, BufWriter, Read, Write};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::{Cache, Entry, MAGIC, MAX_LEN, program};
use crate::czech::Lang;
use crate::fast::HashMap;
use crate::i18n::tr;
use crate::output::Stamp;
use crate::render::Learned;
use crate::render::outputs::splice::{Layout, Unit};
use crate::render::row_parts::{RowSpan, RowSpans};
use crate::resolve::Scans;
use crate::source::load::Source;
use crate::source::text::Known;

/// Bytes of a page's entry besides its path and reads: path length, fingerprint, content,
/// stamp, reads' count.
const ENTRY_FIXED: usize = 4 + 8 + 8 + 48 + 4;
/// The magic, the key and the length of the pages' section.
const HEAD: usize = MAGIC.len() + 8 + 8;

/// A writer that hashes and counts every byte passed on.
struct Hashed<W> {
    inner: W,
    hash: Xxh3,
    written: u64,
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hash.update(&bytes[..n]);
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type Out<W> = BufWriter<Hashed<W>>;

/// How many bytes were written into `out` so far.
fn at<W: Write>(out: &Out<W>) -> u64 {
    out.get_ref().written + out.buffer().len() as u64
}

fn put<W: Write>(out: &mut Out<W>, n: u64) -> io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn put_str<W: Write>(out: &mut Out<W>, s: &str) -> io::Result<()> {
    out.write_all(&(s.len() as u32).to_le_bytes())?;
    out.write_all(s.as_bytes())
}

fn put_stamp<W: Write>(out: &mut Out<W>, st: &Stamp) -> io::Result<()> {
    out.write_all(&st.to_le_bytes())
}

/// The xxh3 of every byte written so far, written after them.
fn checksum<W: Write>(out: &mut Out<W>) -> io::Result<()> {
    out.flush()?;
    let sum = out.get_ref().hash.digest();
    put(out, sum)
}

/// Write the cache into `to` (see the module's layout) and give `to` back.
pub fn write<W: Write>(
    to: W,
    key: u64,
    entries: &HashMap<String, Entry>,
    scans: &Scans,
    sources: &[Source],
    tail: super::Tail<'_>,
) -> io::Result<W> {
    let super::Tail {
        learned,
        layouts,
        rows,
        indexed,
    } = tail;
    let hashed = Hashed {
        inner: to,
        hash: Xxh3::new(),
        written: 0,
    };
    let mut out = BufWriter::with_capacity(1 << 20, hashed);
    let mut sorted: Vec<(&String, &Entry)> = entries.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let reads_of = |path: &str| {
        learned
            .and_then(|l| l.reads.get(path))
            .map_or(&[][..], |r| &r[..])
    };
    let pages_len: usize = 8 + sorted
        .iter()
        .map(|(p, _)| ENTRY_FIXED + p.len() + 4 * reads_of(p).len())
        .sum::<usize>();
    out.write_all(MAGIC)?;
    put(&mut out, key)?;
    put(&mut out, pages_len as u64)?;
    put(&mut out, sorted.len() as u64)?;
    for (path, e) in sorted {
        put_str(&mut out, path)?;
        put(&mut out, e.fingerprint)?;
        put(&mut out, e.content)?;
        put_stamp(&mut out, &e.stamp)?;
        let reads = reads_of(path);
        out.write_all(&(reads.len() as u32).to_le_bytes())?;
        for i in reads {
            out.write_all(&i.to_le_bytes())?;
        }
    }
    checksum(&mut out)?;
    put(&mut out, program())?;
    let scans_at = at(&out);
    scans.encode(&mut out)?;
    let records_at = at(&out);
    records(&mut out, sources)?;
    let learned_at = at(&out);
    match learned {
        Some(l) => {
            out.write_all(&[1])?;
            put(&mut out, l.site)?;
            put(&mut out, l.bodies.len() as u64)?;
            for (file, digest) in &l.bodies {
                put_str(&mut out, file)?;
                put(&mut out, *digest)?;
            }
            put(&mut out, l.pieces.len() as u64)?;
            for digests in &l.pieces {
                let mask = (digests.iter().enumerate())
                    .fold(0u8, |m, (k, d)| m | (u8::from(d.is_some()) << k));
                out.write_all(&[mask])?;
                for d in digests.iter().flatten() {
                    put(&mut out, *d)?;
                }
            }
            put(&mut out, l.rows.len() as u64)?;
            for row in &l.rows {
                out.write_all(&[u8::from(row.is_some())])?;
                if let Some(d) = row {
                    put(&mut out, *d)?;
                }
            }
        }
        None => out.write_all(&[0])?,
    }
    put_layouts(&mut out, layouts)?;
    put_rows(&mut out, rows)?;
    let mut indexed: Vec<&String> = indexed.iter().collect();
    indexed.sort_unstable();
    put(&mut out, indexed.len() as u64)?;
    for path in indexed {
        put_str(&mut out, path)?;
    }
    for n in [scans_at, records_at, learned_at] {
        put(&mut out, n)?;
    }
    checksum(&mut out)?;
    Ok(out.into_inner().map_err(|e| e.into_error())?.inner)
}

/// The outputs' layouts (`render::outputs::splice`): count, then per output its path, the
/// texts before pieces (count, each), and its units (count, each: meeting, start, which text
/// before, length).
fn put_layouts<W: Write>(out: &mut Out<W>, layouts: &HashMap<String, Layout>) -> io::Result<()> {
    let mut sorted: Vec<_> = layouts.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    put(out, sorted.len() as u64)?;
    for (path, l) in sorted {
        put_str(out, path)?;
        put(out, l.befores.len() as u64)?;
        for b in &l.befores {
            put_str(out, b)?;
        }
        put(out, l.units.len() as u64)?;
        for u in &l.units {
            out.write_all(&u.meeting.to_le_bytes())?;
            put(out, u.start)?;
            out.write_all(&[u.before])?;
            out.write_all(&u.len.to_le_bytes())?;
        }
    }
    Ok(())
}

/// The rows' spans of list pages (`render::row_parts`): count, then per page its path, its
/// calls (count, each) and its spans (count, each: key, start, length).
fn put_rows<W: Write>(out: &mut Out<W>, rows: &HashMap<String, RowSpans>) -> io::Result<()> {
    let mut sorted: Vec<_> = rows.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    put(out, sorted.len() as u64)?;
    for (path, r) in sorted {
        put_str(out, path)?;
        put(out, r.calls.len() as u64)?;
        for c in &r.calls {
            put(out, *c)?;
        }
        put(out, r.spans.len() as u64)?;
        for s in &r.spans {
            put(out, s.key)?;
            out.write_all(&s.start.to_le_bytes())?;
            out.write_all(&s.len.to_le_bytes())?;
        }
    }
    Ok(())
}

/// The records of the Markdown files read with their stamp: count, then each.
fn records<W: Write>(out: &mut Out<W>, sources: &[Source]) -> io::Result<()> {
    let records: Vec<(&str, Known)> = sources
        .iter()
        .filter_map(|s| {
            let (stamp, body_offset) = s.read_at?;
            Some((s.rel.as_str(), s.text.record(stamp, body_offset)?))
        })
        // A draft's front matter is not published, so it is not kept beside the output either
        // (read again each build): any front matter naming `draft` in any case.
        .filter(|(_, k)| {
            !k.head
                .as_bytes()
                .windows(5)
                .any(|w| w.eq_ignore_ascii_case(b"draft"))
        })
        .collect();
    put(out, records.len() as u64)?;
    for (rel, k) in records {
        put_str(out, rel)?;
        put_stamp(out, &k.stamp)?;
        put(out, k.len)?;
        put(out, k.hash)?;
        put_str(out, &k.head)?;
    }
    Ok(())
}

fn corrupt(lang: Lang) -> String {
    tr(lang, "soubor je poškozený", "the file is corrupt")
}

/// The magic checked, the key and the pages' length of a cache's head.
fn head(bytes: &[u8], lang: Lang) -> Result<(u64, usize), String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(tr(
            lang,
            "jiný formát (jiná verze kpss)",
            "another format (another version of kpss)",
        ));
    }
    let mut r = Reader(&bytes[MAGIC.len()..]);
    let key = r.u64().ok_or_else(|| corrupt(lang))?;
    let len = r.u64().filter(|&n| n <= MAX_LEN);
    Ok((key, len.ok_or_else(|| corrupt(lang))? as usize))
}

/// The pages of a cache kpss wrote (its pages' section whole and checked), read from `file`
/// up to the end of that section: what the reused spare's cache is wanted for (its files'
/// stamps).
pub fn read_pages(mut file: impl Read, lang: Lang) -> Result<HashMap<String, Entry>, String> {
    let mut bytes = vec![0; HEAD];
    file.read_exact(&mut bytes).map_err(|_| corrupt(lang))?;
    let (_, len) = head(&bytes, lang)?;
    let want = (len + 8) as u64;
    file.take(want)
        .read_to_end(&mut bytes)
        .map_err(|_| corrupt(lang))?;
    let (section, sum) = bytes.split_last_chunk::<8>().ok_or_else(|| corrupt(lang))?;
    if section.len() != HEAD + len || xxh3_64(section) != u64::from_le_bytes(*sum) {
        return Err(corrupt(lang));
    }
    let (entries, _) = pages(&mut Reader(&section[HEAD..]), false).ok_or_else(|| corrupt(lang))?;
    Ok(entries)
}

/// Why `bytes` are not a cache kpss wrote whole, in the site's language.
pub fn decode(bytes: &[u8], lang: Lang) -> Result<Cache, String> {
    let corrupt = || corrupt(lang);
    let (key, len) = head(bytes, lang)?;
    let Some((body, sum)) = bytes.split_last_chunk::<8>() else {
        return Err(corrupt());
    };
    if xxh3_64(body) != u64::from_le_bytes(*sum) {
        return Err(corrupt());
    }
    let sections = Sections::of(body, len).ok_or_else(corrupt)?;
    // The sections apart, in parallel: some 45, 43 and 35 ms one after another at 100,000
    // meetings. Each must be read to its end.
    let (pages, (scans, records)) = rayon::join(
        || pages(&mut Reader(sections.pages), true),
        || {
            rayon::join(
                || Scans::decode(sections.scans).filter(|(_, rest)| rest.is_empty()),
                || {
                    let mut r = Reader(sections.records);
                    r.records().filter(|_| r.0.is_empty())
                },
            )
        },
    );
    let (entries, reads) = pages.ok_or_else(corrupt)?;
    let (scans, _) = scans.ok_or_else(corrupt)?;
    let sources = records.ok_or_else(corrupt)?;
    let mut r = Reader(sections.learned);
    let learned = r.learned(reads).ok_or_else(corrupt)?;
    let layouts = r.layouts().ok_or_else(corrupt)?;
    let rows = r.rows().ok_or_else(corrupt)?;
    let indexed = r
        .list(4, |r| Some(r.str()?.to_string()))
        .ok_or_else(corrupt)?;
    if !r.0.is_empty() {
        return Err(corrupt());
    }
    let by = sections.program;
    let (scans, sources) = if by == program() {
        (scans, sources)
    } else {
        (Scans::default(), HashMap::default())
    };
    Ok(Cache {
        key,
        entries,
        scans,
        sources,
        learned,
        layouts,
        rows,
        indexed: Box::new(indexed.into_iter().collect()),
    })
}

/// Where the sections of a whole cache lie (its checksum taken off), from the pages' length in
/// its head and the offsets before the checksum.
struct Sections<'a> {
    pages: &'a [u8],
    program: u64,
    scans: &'a [u8],
    records: &'a [u8],
    learned: &'a [u8],
}

impl<'a> Sections<'a> {
    fn of(body: &'a [u8], len: usize) -> Option<Sections<'a>> {
        let (body, offsets) = body.split_last_chunk::<24>()?;
        let mut r = Reader(offsets);
        let mut at = || usize::try_from(r.u64()?).ok();
        let (scans_at, records_at, learned_at) = (at()?, at()?, at()?);
        let pages_end = HEAD.checked_add(len)?;
        // The pages' own checksum ([`read_pages`]; the whole file's covers it here), then
        // the program.
        let program = body.get(pages_end + 8..pages_end + 16)?;
        if scans_at != pages_end + 16 || records_at < scans_at || learned_at < records_at {
            return None;
        }
        Some(Sections {
            pages: body.get(HEAD..pages_end)?,
            program: u64::from_le_bytes(program.try_into().ok()?),
            scans: body.get(scans_at..records_at)?,
            records: body.get(records_at..learned_at)?,
            learned: body.get(learned_at..)?,
        })
    }
}

/// The pages' section read whole, with each page's reads when `reads`.
type Pages = (HashMap<String, Entry>, HashMap<String, Box<[u32]>>);

fn pages(r: &mut Reader, with_reads: bool) -> Option<Pages> {
    let count = r.u64()?;
    // Every entry takes at least `ENTRY_FIXED` bytes: a count past that is corrupt.
    if count > (r.0.len() / ENTRY_FIXED) as u64 {
        return None;
    }
    let mut entries = HashMap::with_capacity_and_hasher(count as usize, Default::default());
    let mut reads = HashMap::default();
    for _ in 0..count {
        let path = r.str()?.to_string();
        let fingerprint = r.u64()?;
        let content = r.u64()?;
        let stamp = r.stamp()?;
        let n = r.u32()?;
        if !with_reads {
            r.take(4 * n as usize)?;
        } else if n > 0 {
            let ids = (0..n).map(|_| r.u32()).collect::<Option<Box<[u32]>>>();
            reads.insert(path.clone(), ids?);
        }
        let entry = Entry {
            fingerprint,
            content,
            stamp,
        };
        entries.insert(path, entry);
    }
    r.0.is_empty().then_some((entries, reads))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp::from_le_bytes(self.take(48)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }
    /// A count, then that many items, each of `least` bytes or more (a count past the bytes
    /// left is not trusted for room).
    fn list<T>(
        &mut self,
        least: u64,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let count = self.u64()?;
        let mut items = Vec::with_capacity(count.min(self.0.len() as u64 / least) as usize);
        for _ in 0..count {
            items.push(item(self)?);
        }
        Some(items)
    }
    /// What the fingerprinting learned (`encode`), with the pages' reads read before.
    fn learned(&mut self, reads: HashMap<String, Box<[u32]>>) -> Option<Option<Box<Learned>>> {
        match self.u8()? {
            0 => return Some(None),
            1 => {}
            _ => return None,
        }
        let site = self.u64()?;
        let bodies = self.list(12, |r| Some((std::sync::Arc::from(r.str()?), r.u64()?)))?;
        let pieces = self.list(1, |r| {
            let mask = r.u8()?;
            let mut digests = [None; 4];
            for (k, d) in digests.iter_mut().enumerate() {
                if mask & (1 << k) != 0 {
                    *d = Some(r.u64()?);
                }
            }
            (mask >> 4 == 0).then_some(digests)
        })?;
        let rows = self.list(1, |r| match r.u8()? {
            0 => Some(None),
            1 => Some(Some(r.u64()?)),
            _ => None,
        })?;
        Some(Some(Box::new(Learned {
            site,
            bodies,
            reads,
            pieces,
            rows,
        })))
    }

    /// The outputs' layouts (`put_layouts`).
    fn layouts(&mut self) -> Option<HashMap<String, Layout>> {
        let count = self.u64()?;
        // Each takes 20 bytes or more, a unit 17.
        let mut layouts = HashMap::with_capacity_and_hasher(
            count.min(self.0.len() as u64 / 20) as usize,
            Default::default(),
        );
        for _ in 0..count {
            let path = self.str()?.to_string();
            let befores = self.list(4, |r| Some(r.str()?.to_string()))?;
            let units = self.list(17, |r| {
                let meeting = r.u32()?;
                let start = r.u64()?;
                let before = r.u8()?;
                let len = r.u32()?;
                (usize::from(before) < befores.len()).then_some(Unit {
                    meeting,
                    start,
                    before,
                    len,
                })
            })?;
            layouts.insert(path, Layout { befores, units });
        }
        Some(layouts)
    }

    /// The rows' spans of list pages (`put_rows`).
    fn rows(&mut self) -> Option<HashMap<String, RowSpans>> {
        let count = self.u64()?;
        // Each takes 20 bytes or more.
        let mut rows = HashMap::with_capacity_and_hasher(
            count.min(self.0.len() as u64 / 20) as usize,
            Default::default(),
        );
        for _ in 0..count {
            let path = self.str()?.to_string();
            let calls = self.list(8, Reader::u64)?;
            let spans = self.list(16, |r| {
                Some(RowSpan {
                    key: r.u64()?,
                    start: r.u32()?,
                    len: r.u32()?,
                })
            })?;
            rows.insert(path, RowSpans { calls, spans });
        }
        Some(rows)
    }

    /// The records of the Markdown files (`encode`).
    fn records(&mut self) -> Option<HashMap<String, Known>> {
        let count = self.u64()?;
        // Each takes 72 bytes or more.
        let mut records = HashMap::with_capacity_and_hasher(
            count.min(self.0.len() as u64 / 72) as usize,
            Default::default(),
        );
        for _ in 0..count {
            let rel = self.str()?.to_string();
            let stamp = self.stamp()?;
            let len = self.u64()?;
            let hash = self.u64()?;
            let head = self.str()?.into();
            records.insert(
                rel,
                Known {
                    stamp,
                    len,
                    hash,
                    head,
                },
            );
        }
        Some(records)
    }
}
