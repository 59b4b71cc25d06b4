//! The output a build replaces (`LastOutput`), read beneath its folder only, never through a
//! link: its files opened, read, stamped and asked for ahead.

use std::io::Read;
use std::path::Path;

use crate::fast::{HashMap, HashSet};
use crate::output::Stamp;

/// The output a build replaces, read only beneath it and never through a symlink.
pub struct LastOutput {
    pub(super) dir: rustix::fd::OwnedFd,
}

impl LastOutput {
    /// The folder `output`, when it is a real folder (not a symlink).
    pub fn open(output: &Path) -> Option<LastOutput> {
        use rustix::fs::{Mode, OFlags, open};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        open(output, flags, Mode::empty())
            .ok()
            .map(|dir| LastOutput { dir })
    }

    /// The regular file at site path `path` opened with `flags` (beneath, never through a
    /// link) and its `fstat`; `None` for anything else.
    pub(super) fn open_file(
        &self,
        path: &str,
        flags: rustix::fs::OFlags,
    ) -> Option<(rustix::fd::OwnedFd, rustix::fs::Stat)> {
        use rustix::fs::{FileType, OFlags, fstat};
        let fd =
            crate::output::beneath(&self.dir, path, flags | OFlags::NOFOLLOW | OFlags::CLOEXEC)
                .ok()?;
        let st = fstat(&fd).ok()?;
        (FileType::from_raw_mode(st.st_mode) == FileType::RegularFile).then_some((fd, st))
    }

    /// The bytes of the regular file at site path `path`, if there is one (at most `limit`
    /// bytes); `None` for anything else, a symlink on the way included.
    pub fn read(&self, path: &str, limit: u64) -> Option<Vec<u8>> {
        self.read_file(path, limit).map(|(_, bytes)| bytes)
    }

    /// `read`, with the open file (for `Sink::link`).
    pub fn read_file(&self, path: &str, limit: u64) -> Option<(std::fs::File, Vec<u8>)> {
        let (fd, st) = self.open_file(path, rustix::fs::OFlags::RDONLY)?;
        if st.st_size as u64 > limit {
            return None;
        }
        let mut file = std::fs::File::from(fd);
        let mut bytes = Vec::with_capacity(st.st_size as usize);
        file.read_to_end(&mut bytes).ok()?;
        Some((file, bytes))
    }

    /// The regular file at site path `path` opened for reading, when its inode stamp is
    /// `stamp` (a known one): the bytes the build that stamped it wrote.
    pub fn open_stamped(&self, path: &str, stamp: &Stamp) -> Option<std::fs::File> {
        let (fd, st) = self.open_file(path, rustix::fs::OFlags::RDONLY)?;
        (stamp.known() && Stamp::of(&st) == *stamp).then(|| std::fs::File::from(fd))
    }

    /// The same folder, by a descriptor of its own (for another thread).
    pub fn try_clone(&self) -> Option<LastOutput> {
        let dir = self.dir.try_clone().ok()?;
        Some(LastOutput { dir })
    }

    /// Ask the kernel to read the regular file at site path `path` into memory ahead of its
    /// use (`posix_fadvise` `WILLNEED`: it starts the reading and does not wait for it).
    pub fn will_need(&self, path: &str) {
        if let Some((fd, _)) = self.open_file(path, rustix::fs::OFlags::RDONLY) {
            let _ = rustix::fs::fadvise(&fd, 0, None, rustix::fs::Advice::WillNeed);
        }
    }

    /// The inode stamp of the regular file at site path `path`, without opening it for
    /// reading; `None` for anything else, a symlink on the way included.
    pub fn stamp(&self, path: &str) -> Option<Stamp> {
        self.open_file(path, rustix::fs::OFlags::PATH)
            .map(|(_, st)| Stamp::of(&st))
    }

    /// [`stamp`](Self::stamp) of the file at site path `path`, by one `statat` call beneath
    /// the parent of its folder, instead of opening the file by its whole path: a page is a
    /// folder of its own, and 100,000 of them are looked at ahead. The parent is opened once
    /// for all the folders in it, beneath without following a link, and its entries are read
    /// then (`parents`, by site path): the file's folder must be among them as a folder, not a
    /// link, before the file is looked at through it (`getdents` tells each entry's kind, so
    /// 100,000 folders are not looked at one by one). A folder swapped for a link after the
    /// parent was read is a file changed after its look, as with [`stamp`](Self::stamp):
    /// `look_ahead`.
    pub(super) fn stamp_beneath(&self, parents: &mut Parents, path: &str) -> Option<Stamp> {
        use rustix::fs::{AtFlags, FileType, statat};
        let file = |at: rustix::fd::BorrowedFd, name: &str| {
            let st = statat(at, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
            (FileType::from_raw_mode(st.st_mode) == FileType::RegularFile).then(|| Stamp::of(&st))
        };
        // `a/b/page/index.html`: the parent `a/b`, the rest `page/index.html`.
        let (parent, rest) = match path.rsplit_once('/') {
            Some((folder, _)) => match folder.rsplit_once('/') {
                Some((parent, _)) => (parent, &path[parent.len() + 1..]),
                None => ("", path),
            },
            None => return file(rustix::fd::AsFd::as_fd(&self.dir), path),
        };
        if !parents.0.contains_key(parent) {
            let read = self.read_parent(parent);
            parents.0.insert(parent.to_string(), read);
        }
        let (dir, folders) = parents.0.get(parent)?.as_ref()?;
        let (folder, _) = rest.split_once('/')?;
        if !folders.contains(folder) {
            return None;
        }
        file(dir.fd().ok()?, rest)
    }

    /// The folder at site path `parent` (`""`: this one) opened beneath without following a
    /// link, and the names of the folders in it (links and other files left out); `None` when
    /// it cannot be opened or read whole.
    fn read_parent(&self, parent: &str) -> Option<(rustix::fs::Dir, HashSet<String>)> {
        use rustix::fs::{FileType, OFlags, statat};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let at = if parent.is_empty() { "." } else { parent };
        let fd = crate::output::beneath(&self.dir, at, flags).ok()?;
        let mut dir = rustix::fs::Dir::new(fd).ok()?;
        let mut names = Vec::new();
        while let Some(entry) = dir.read() {
            let entry = entry.ok()?;
            names.push((entry.file_name().to_owned(), entry.file_type()));
        }
        let mut folders = HashSet::default();
        for (name, kind) in names {
            let kind = match kind {
                // A file system that does not tell the kind: looked at.
                FileType::Unknown => {
                    let st = statat(dir.fd().ok()?, &name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW);
                    st.map_or(FileType::Unknown, |st| FileType::from_raw_mode(st.st_mode))
                }
                kind => kind,
            };
            if kind == FileType::Directory
                && let Ok(name) = name.into_string()
            {
                folders.insert(name);
            }
        }
        Some((dir, folders))
    }
}

/// The folders holding pages' folders, as [`LastOutput::stamp_beneath`] read them.
#[derive(Default)]
pub(super) struct Parents(HashMap<String, Option<(rustix::fs::Dir, HashSet<String>)>>);

#[cfg(test)]
mod tests {
    use super::*;

    /// The stamps looked at ahead are those of the files themselves, by the same rule as
    /// `LastOutput::stamp`: never through a link, whether the link is the page's folder, a
    /// folder above it or the file.
    #[test]
    fn stamps_looked_at_beneath_never_go_through_a_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        for page in [
            "a/b/p/index.html",
            "a/b/q/index.html",
            "c/index.html",
            "i.html",
        ] {
            let file = root.join(page);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, page).unwrap();
        }
        // A page's folder moved out and linked back: the file's inode (and stamp) is the
        // same, reached through a link.
        std::fs::rename(root.join("a/b/q"), dir.path().join("q")).unwrap();
        symlink(dir.path().join("q"), root.join("a/b/q")).unwrap();
        // A folder above pages, the same.
        std::fs::create_dir_all(root.join("d/e/r")).unwrap();
        std::fs::write(root.join("d/e/r/index.html"), "r").unwrap();
        std::fs::rename(root.join("d/e"), dir.path().join("e")).unwrap();
        symlink(dir.path().join("e"), root.join("d/e")).unwrap();
        // The file itself a link to a regular file.
        std::fs::create_dir_all(root.join("f/s")).unwrap();
        symlink(root.join("i.html"), root.join("f/s/index.html")).unwrap();
        let out = LastOutput::open(&root).unwrap();
        let mut parents = Parents::default();
        for page in ["a/b/p/index.html", "c/index.html", "i.html"] {
            let ahead = out.stamp_beneath(&mut parents, page);
            assert!(ahead.is_some(), "{page}");
            assert_eq!(ahead, out.stamp(page), "{page}");
        }
        for linked in ["a/b/q/index.html", "d/e/r/index.html", "f/s/index.html"] {
            assert_eq!(out.stamp_beneath(&mut parents, linked), None, "{linked}");
            assert_eq!(out.stamp(linked), None, "{linked}");
        }
        // A folder where a page's file is looked for, and a name that is not there.
        assert_eq!(out.stamp_beneath(&mut parents, "a/b/index.html/x"), None);
        assert_eq!(out.stamp_beneath(&mut parents, "a/b/none/index.html"), None);
        // The parents were opened and read once each, by their site path (`""`: the root).
        let mut opened: Vec<&str> = parents.0.keys().map(String::as_str).collect();
        opened.sort();
        assert_eq!(opened, ["", "a/b", "d/e", "f"]);
        // A file or a link the parent holds is not taken for a folder; `d/e`, itself a link,
        // is not read.
        assert!(!parents.0[""].as_ref().unwrap().1.contains("i.html"));
        assert!(!parents.0["a/b"].as_ref().unwrap().1.contains("q"));
        assert!(parents.0["d/e"].is_none());
    }
}
