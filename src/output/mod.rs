//! Output: where rendered files go. The `Sink` trait is all render knows of it; `staging`
//! writes a build beside the output and swaps it in; `owned` decides which paths kpss may
//! replace (the marker, the names of its folders). Nothing here knows what a page is.

pub mod owned;
pub mod staging;

pub(crate) use staging::beneath;
pub use staging::{EarlyLock, Staging, is_disk_full, lock_with_spare, recover};

/// What writes a file's bytes into a writer ([`Sink::write_from`]).
pub type Fill<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Write `bytes` at site path `path` (`jh/skupiny/rs/index.html`).
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Copy a file from the site root (`content/…`) or an absolute path to site path `path`.
    fn copy(&self, source: &std::path::Path, path: &str) -> std::io::Result<()>;
    /// `write`, for a caller done with its bytes: a sink that keeps them takes them as they
    /// are instead of copying.
    fn write_owned(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.write(path, &bytes)
    }
    /// Write at site path `path` what `fill` writes, as it writes it: for a file too large to
    /// hold in memory twice (an output put together from the last build's file). After an
    /// error of `fill` the file may hold part of it: the caller writes it again or fails.
    fn write_from(&self, path: &str, fill: &mut Fill) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write_owned(path, bytes)
    }
    /// `bytes` are already at `path` (checked by the caller): count the file as written
    /// without writing it again. Sinks that do not hold earlier files write it.
    fn keep(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write(path, bytes)
    }
    /// The file at `path` is already there, `len` bytes hashing to `content`, as the caller
    /// knows from its inode (`stamp`) without reading it: count it as written. `false` when
    /// the sink needs the bytes (it then gets them through `keep`).
    fn keep_unread(
        &self,
        _path: &str,
        _len: u64,
        _content: u64,
        _stamp: &Stamp,
    ) -> std::io::Result<bool> {
        Ok(false)
    }
    /// `keep_unread` for each of `files`, in order: whether each was kept. A sink that notes
    /// what it keeps in tables does so once for all of them (a lock a page and a table taken by
    /// 32 threads was most of the 130 ms that taking 100,000 pages by their stamps took in a
    /// warm build at 100,000 meetings, perf).
    fn keep_unread_all(&self, files: &[Unread]) -> std::io::Result<Vec<bool>> {
        (files.iter())
            .map(|u| self.keep_unread(&u.path, u.len, u.content, &u.stamp))
            .collect()
    }
    /// The file at `path` is to be the regular file `from` (the caller opened it beneath
    /// the last output, never through a link, and found its bytes to be `bytes`, hashing to
    /// `content`): a second name of the same inode instead of a copy. `false` when the sink
    /// cannot (it then gets the bytes through `write`).
    fn link(
        &self,
        _path: &str,
        _from: &std::fs::File,
        _bytes: &[u8],
        _content: u64,
    ) -> std::io::Result<bool> {
        Ok(false)
    }
    /// `link`, the caller knowing `from`'s bytes (hashing to `content`) by its inode's stamp,
    /// unread. `false` when the sink needs the bytes or cannot link (the caller then reads
    /// them and goes on as without a stamp).
    fn link_unread(
        &self,
        _path: &str,
        _from: &std::fs::File,
        _content: u64,
    ) -> std::io::Result<bool> {
        Ok(false)
    }
}

/// A file already there, known by its stamp ([`Sink::keep_unread_all`]): its site path, its
/// length, the hash of its bytes and its stamp.
#[derive(Clone, Debug)]
pub struct Unread {
    pub path: String,
    pub len: u64,
    pub content: u64,
    pub stamp: Stamp,
}

/// What a file's inode says of its bytes: the same number, size, modification and change
/// times mean nobody wrote it since (the change time cannot be set back without setting the
/// clock back). `ino` 0 (never a file's) stands for none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    pub ino: u64,
    pub size: u64,
    pub mtime: (i64, u64),
    pub ctime: (i64, u64),
}

impl Stamp {
    pub fn of(st: &rustix::fs::Stat) -> Stamp {
        Stamp {
            ino: st.st_ino,
            size: st.st_size as u64,
            mtime: (st.st_mtime, st.st_mtime_nsec),
            ctime: (st.st_ctime, st.st_ctime_nsec),
        }
    }

    pub fn of_metadata(m: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec() as u64),
            ctime: (m.ctime(), m.ctime_nsec() as u64),
        }
    }

    /// Its bytes as the build cache and the walk's records store it: inode, size,
    /// modification and change times (seconds, nanoseconds), each a little-endian `u64`.
    pub fn to_le_bytes(&self) -> [u8; 48] {
        let mut out = [0u8; 48];
        let n = [
            self.ino,
            self.size,
            self.mtime.0 as u64,
            self.mtime.1,
            self.ctime.0 as u64,
            self.ctime.1,
        ];
        for (chunk, n) in out.chunks_exact_mut(8).zip(n) {
            chunk.copy_from_slice(&n.to_le_bytes());
        }
        out
    }

    /// The stamp [`Stamp::to_le_bytes`] gave `bytes`.
    pub fn from_le_bytes(bytes: &[u8; 48]) -> Stamp {
        let mut n = [0u64; 6];
        for (x, chunk) in n.iter_mut().zip(bytes.chunks_exact(8)) {
            *x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        }
        Stamp {
            ino: n[0],
            size: n[1],
            mtime: (n[2] as i64, n[3]),
            ctime: (n[4] as i64, n[5]),
        }
    }

    /// Whether it is a stamp at all.
    pub fn known(&self) -> bool {
        self.ino != 0
    }
}

/// How many threads wait on the disk together where a build only reads or looks up files
/// (`on_io_threads`), unless `KPSS_IO_THREADS` says otherwise (`0`: the CPU pool).
pub const IO_THREADS: usize = 32;

/// Run `f` (whose parallel iterators then run there) on a pool of [`IO_THREADS`] threads:
/// for reading the sources, taking pages from the spare by their stamps and the commit's walk,
/// which wait on the disk far more than they compute. With the page cache emptied, a warm
/// build at 100,000 meetings spent 8 s in each of the first two on the two CPU threads, 2.4–3
/// s on 32 (bench/README.md); with the files cached it makes no difference.
pub fn on_io_threads<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let n = std::env::var("KPSS_IO_THREADS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(IO_THREADS);
        (n > 0)
            .then(|| rayon::ThreadPoolBuilder::new().num_threads(n).build().ok())
            .flatten()
    });
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}
