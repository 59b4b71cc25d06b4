//! What the commit's walk saw in the folders that hold only files (a page's folder), kept in
//! the output it commits (`owned::FOLDERS`) for the build that writes into that folder again
//! (the spare, two builds later): such a folder whose inode stamp is still the recorded one
//! holds exactly the recorded files, so that walk looks the folder up instead of opening and
//! reading it (`walk`). Opening and reading 100,000 page folders was a fifth of the CPU of a
//! warm build at 100,000 meetings (perf, bench/README.md).
//!
//! A folder's stamp (inode, size, modification and change times) changes with every name added,
//! removed or replaced in it, and the change time cannot be set back without setting the
//! clock back. A folder is recorded only with the stamp it had *before* its entries were read,
//! only when the walk removed nothing from it, and only when that stamp's change time is two
//! seconds older than the walk (a change in the same tick of the kernel's coarse clock would
//! leave the times as they were). A record is trusted only for a folder of kpss's user that
//! nobody else may write into, read from a file and a staging folder of that user that
//! nobody else may write (`walk::private`). The file ends in a checksum; a file that is missing, cut
//! short, corrupt or of another format gives no records, and every folder is read.

use std::io::{Read, Write};

use xxhash_rust::xxh3::xxh3_64;

use crate::fast::HashMap;
use crate::output::Stamp;

/// The file's first bytes: its name and format version.
const MAGIC: &[u8; 8] = b"KPSSFD\x00\x01";
/// A records' file larger than this is not read.
const MAX_LEN: u64 = 1 << 30;

/// One folder as the walk left it: its site path (`jh/jednani/ps-1-1/`), the stamp it had
/// when read, and the names of the regular files in it (it holds nothing else).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Record {
    pub(super) path: String,
    pub(super) stamp: Stamp,
    pub(super) names: Vec<String>,
}

/// The records by site path (with its trailing `/`).
pub(super) type Known = HashMap<String, (Stamp, Vec<String>)>;

/// The bytes of `records` (see the module's text): each a folder's site path, stamp and files.
pub(super) fn encode<'a>(
    records: impl ExactSizeIterator<Item = (&'a str, &'a Stamp, &'a [String])>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + records.len() * 96);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(records.len() as u64).to_le_bytes());
    let put_str = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    for (path, s, names) in records {
        put_str(&mut out, path);
        out.extend_from_slice(&s.to_le_bytes());
        out.extend_from_slice(&(names.len() as u32).to_le_bytes());
        for n in names {
            put_str(&mut out, n);
        }
    }
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The records in `bytes`; `None` for anything but a whole, unchanged file of this format.
pub(super) fn decode(bytes: &[u8]) -> Option<Known> {
    let (body, sum) = bytes.split_last_chunk::<8>()?;
    if xxh3_64(body) != u64::from_le_bytes(*sum) {
        return None;
    }
    let mut r = body.strip_prefix(MAGIC.as_slice())?;
    let count = u64_of(&mut r)?;
    // A record takes at least 60 bytes: a count past that is corrupt.
    if count > (r.len() / 60) as u64 {
        return None;
    }
    let mut known = HashMap::with_capacity_and_hasher(count as usize, Default::default());
    for _ in 0..count {
        let path = str_of(&mut r)?;
        let stamp = Stamp::from_le_bytes(take(&mut r, 48)?.try_into().ok()?);
        let len = u32_of(&mut r)? as usize;
        if len > r.len() / 4 {
            return None;
        }
        let names = (0..len)
            .map(|_| str_of(&mut r))
            .collect::<Option<Vec<_>>>()?;
        known.insert(path, (stamp, names));
    }
    r.is_empty().then_some(known)
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = r.split_at_checked(n)?;
    *r = rest;
    Some(head)
}

fn u64_of(r: &mut &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(take(r, 8)?.try_into().ok()?))
}

fn u32_of(r: &mut &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(take(r, 4)?.try_into().ok()?))
}

fn str_of(r: &mut &[u8]) -> Option<String> {
    let n = u32_of(r)? as usize;
    std::str::from_utf8(take(r, n)?).ok().map(str::to_string)
}

/// The records in the regular file `file` (at most [`MAX_LEN`] bytes); none when it cannot be
/// read whole or is not a records' file.
pub(super) fn read(file: std::fs::File) -> Known {
    let mut bytes = Vec::new();
    let read = file.take(MAX_LEN).read_to_end(&mut bytes);
    read.ok().and_then(|_| decode(&bytes)).unwrap_or_default()
}

/// The bytes of `records` as [`encode`] writes them.
#[cfg(test)]
fn encode_all(records: &[Record]) -> Vec<u8> {
    encode(
        records
            .iter()
            .map(|r| (r.path.as_str(), &r.stamp, r.names.as_slice())),
    )
}

/// Write the records' `bytes` as the file `path` (a file that could not be written whole is
/// removed: without it the next walk reads every folder).
pub(super) fn write(path: &std::path::Path, bytes: &[u8]) {
    let done = std::fs::File::create(path).and_then(|mut f| f.write_all(bytes));
    if done.is_err() {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, ino: u64, names: &[&str]) -> Record {
        Record {
            path: path.into(),
            stamp: Stamp {
                ino,
                size: 4096,
                mtime: (1_700_000_000, 5),
                ctime: (1_700_000_001, 7),
            },
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn records_come_back_as_they_were_written() {
        let records = vec![
            record("jh/jednani/ps-1-1/", 12, &["index.html"]),
            record("jh/dokumenty/plan/", 13, &["index.html", "plan.pdf"]),
        ];
        let known = decode(&encode_all(&records)).expect("a whole file");
        assert_eq!(known.len(), 2);
        for r in &records {
            assert_eq!(known.get(&r.path), Some(&(r.stamp, r.names.clone())));
        }
    }

    #[test]
    fn a_changed_cut_or_foreign_file_gives_no_records() {
        let bytes = encode_all(&[record("a/", 1, &["index.html"])]);
        let mut changed = bytes.clone();
        changed[20] ^= 1;
        assert!(decode(&changed).is_none());
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());
        assert!(decode(b"").is_none());
        let mut other = bytes.clone();
        other[7] = 9;
        let n = other.len() - 8;
        let sum = xxh3_64(&other[..n]);
        other[n..].copy_from_slice(&sum.to_le_bytes());
        assert!(decode(&other).is_none(), "another format version");
    }
}
