//! The outputs that hold every meeting (the site's calendar, the meetings' data, the OFN
//! events: 178 MB at 100,000 meetings) put together in a warm build from the last build's file
//! of them: each meeting's piece is where the [`Layout`] the last build recorded says, and a
//! piece is made of its meeting and of what the whole site shares. When the last site was
//! patched back and found the same but for some meetings (`render::fingerprints_since`), every
//! other meeting's piece is copied from the last file, the edited ones' written anew, the frame
//! written anew: the bytes a full render writes, at the cost of reading the file.
//!
//! The last file is used only while its inode stamp is the one the last build recorded (the
//! caller's `OldOutputs::open`), and every byte range read must be UTF-8 where a piece began
//! and ended, the whole as long as planned: anything else, and the output is rendered in
//! full. The new file is streamed into the sink (`Sink::write_from`), a chunk at a time: at
//! 100,000 meetings holding the four files in memory was 178 MB of fresh pages.

use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::sync::Mutex;

use super::Output;
use super::pieces::{Assembly, Kind, one};
use crate::fast::HashMap;
use crate::render::context::RenderCtx;

/// Where the meetings' pieces stand in a file put together from them, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The distinct texts written before a piece (a comma, a new line, nothing).
    pub befores: Vec<String>,
    pub units: Vec<Unit>,
}

/// One meeting's piece in a file: where the text before it starts, which text that is (an
/// index into `Layout::befores`) and the piece's length after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    pub meeting: u32,
    pub start: u64,
    pub before: u8,
    pub len: u32,
}

impl Layout {
    /// Note a piece of meeting `meeting`, `before` and then `len` bytes, at `start`; false when
    /// it cannot be noted (a 256th distinct text before, a piece past 4 GiB).
    pub fn note(&mut self, meeting: usize, start: usize, before: &str, len: usize) -> bool {
        let known = self.befores.iter().position(|b| b == before);
        let b = known.unwrap_or(self.befores.len());
        let (Ok(b), Ok(meeting), Ok(len)) = (u8::try_from(b), meeting.try_into(), len.try_into())
        else {
            return false;
        };
        if known.is_none() {
            self.befores.push(before.to_string());
        }
        self.units.push(Unit {
            meeting,
            start: start as u64,
            before: b,
            len,
        });
        true
    }
}

/// The last build's files of these outputs, for a warm build.
pub struct OldOutputs<'a> {
    /// The last output's file at a site path, when its stamp is the one the last build
    /// recorded (so its bytes are the ones that build wrote).
    pub open: &'a (dyn Fn(&str) -> Option<std::fs::File> + Sync),
    /// The layouts the last build recorded, by site path.
    pub layouts: &'a HashMap<String, Layout>,
    /// The meetings (indexes) whose pieces may differ from the last build's; `None` when the
    /// last site is not known to be this one but for them: then nothing is copied.
    pub edited: Option<&'a [usize]>,
}

/// What a render put together from pieces: the last build's files to copy from, and the
/// layout of every such output it wrote, by site path (for the next build's cache).
pub struct Splicing<'a> {
    pub last: Option<OldOutputs<'a>>,
    pub layouts: Mutex<HashMap<String, Layout>>,
    /// How many outputs were put together from the last build's files.
    pub spliced: std::sync::atomic::AtomicUsize,
}

impl<'a> Splicing<'a> {
    pub fn new(last: Option<OldOutputs<'a>>) -> Self {
        Splicing {
            last,
            layouts: Mutex::new(HashMap::default()),
            spliced: Default::default(),
        }
    }

    /// The layouts noted, by site path.
    pub fn into_layouts(self) -> HashMap<String, Layout> {
        self.layouts
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Write output `o` at `path` into `sink` when it is put together from the meetings' pieces,
/// its layout noted in `s`: copied from the last build's file where that can be vouched for
/// (streamed, never held whole), else written. `None` for an output that is not put together
/// from pieces.
pub(in crate::render) fn write(
    ctx: &RenderCtx,
    s: &Splicing,
    path: &str,
    o: &Output,
    sink: &dyn crate::output::Sink,
) -> Option<std::io::Result<()>> {
    if !(super::from_pieces(o) && o.holds_every_meeting()) {
        return None;
    }
    if let Some((plan, file)) = s.last.as_ref().and_then(|l| planned(ctx, l, path, o)) {
        // A file that cannot be put together so (not the bytes the layout says) is written
        // whole below, over what was streamed.
        if sink
            .write_from(path, &mut |w| plan.materialise(&file, w))
            .is_ok()
        {
            s.spliced.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s.note(path, plan.layout);
            return Some(Ok(()));
        }
    }
    let mut t = super::pieces::Text::new(ctx, ctx.pieces).noting();
    super::assemble(ctx.site, o, &mut t);
    let (text, layout) = t.into_parts();
    s.note(path, layout);
    Some(sink.write_owned(path, text.into_bytes()))
}

impl Splicing<'_> {
    fn note(&self, path: &str, layout: Option<Layout>) {
        if let Some(layout) = layout {
            self.layouts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(path.to_string(), layout);
        }
    }
}

/// How output `o` is put together from the last build's file, and that file; `None` when the
/// file or its layout cannot be used.
fn planned<'a, 's>(
    ctx: &'a RenderCtx<'s>,
    last: &'a OldOutputs,
    path: &str,
    o: &Output,
) -> Option<(Plan<'a, 's>, std::fs::File)> {
    let edited = last.edited?;
    let old = last.layouts.get(path)?;
    let file = (last.open)(path)?;
    let mut at: Vec<Option<&Unit>> = vec![None; ctx.site.meetings.len()];
    for u in &old.units {
        *at.get_mut(u.meeting as usize)? = Some(u);
    }
    for &i in edited {
        *at.get_mut(i)? = None;
    }
    let mut plan = Plan {
        ctx,
        stamp: super::ical::stamp(ctx.site),
        old,
        at,
        ops: Vec::new(),
        fresh: String::new(),
        len: 0,
        layout: Some(Layout::default()),
    };
    super::assemble(ctx.site, o, &mut plan);
    Some((plan, file))
}

/// One stretch of the new file: new text (a range of `Plan::fresh`) or bytes of the last file.
enum Op {
    New(std::ops::Range<usize>),
    Old(std::ops::Range<u64>),
}

/// The new file as stretches of new text and of the last file, and its layout.
struct Plan<'a, 's> {
    ctx: &'a RenderCtx<'s>,
    stamp: String,
    old: &'a Layout,
    /// Each meeting's unit in the last file, unless its piece must be written anew.
    at: Vec<Option<&'a Unit>>,
    ops: Vec<Op>,
    fresh: String,
    /// The new file's length so far.
    len: usize,
    layout: Option<Layout>,
}

impl Plan<'_, '_> {
    fn new_text(&mut self, s: &str) {
        let start = self.fresh.len();
        self.fresh.push_str(s);
        match self.ops.last_mut() {
            Some(Op::New(r)) if r.end == start => r.end = self.fresh.len(),
            _ => self.ops.push(Op::New(start..self.fresh.len())),
        }
        self.len += s.len();
    }

    fn old_bytes(&mut self, r: std::ops::Range<u64>) {
        self.len += (r.end - r.start) as usize;
        match self.ops.last_mut() {
            Some(Op::Old(o)) if o.end == r.start => o.end = r.end,
            _ => self.ops.push(Op::Old(r)),
        }
    }

    /// Write the new file into `w`: the stretches read from `file` must each be UTF-8 (they
    /// begin and end where pieces did), and all of it as long as planned.
    fn materialise(&self, file: &std::fs::File, w: &mut dyn Write) -> io::Result<()> {
        let mut buf = vec![0u8; CHUNK];
        let mut written = 0;
        for op in &self.ops {
            match op {
                Op::New(r) => {
                    let text = self.fresh.get(r.clone()).ok_or_else(not_planned)?;
                    w.write_all(text.as_bytes())?;
                    written += text.len();
                }
                Op::Old(r) => written += copy_text(file, r.clone(), &mut buf, w)?,
            }
        }
        if written != self.len {
            return Err(not_planned());
        }
        Ok(())
    }
}

/// The last file does not hold what its layout says.
fn not_planned() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "not the planned bytes")
}

/// How much of the last file is read at a time.
const CHUNK: usize = 1 << 20;

/// Copy the bytes `r` of `file` into `w`, read a chunk at a time through `buf`, each chunk
/// checked to be UTF-8 (a character cut by a chunk's end is carried over); how many.
fn copy_text(
    file: &std::fs::File,
    r: std::ops::Range<u64>,
    buf: &mut [u8],
    w: &mut dyn Write,
) -> io::Result<usize> {
    let mut pos = r.start;
    let mut carry = 0;
    let mut written = 0;
    while pos < r.end {
        let left = usize::try_from(r.end - pos).map_err(|_| not_planned())?;
        let n = (buf.len() - carry).min(left);
        file.read_exact_at(&mut buf[carry..carry + n], pos)?;
        pos += n as u64;
        let filled = carry + n;
        let valid = match simdutf8::compat::from_utf8(&buf[..filled]) {
            Ok(_) => filled,
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(not_planned()),
        };
        w.write_all(&buf[..valid])?;
        written += valid;
        buf.copy_within(valid..filled, 0);
        carry = filled - valid;
    }
    if carry != 0 {
        return Err(not_planned());
    }
    Ok(written)
}

impl Assembly for Plan<'_, '_> {
    fn text(&mut self, s: &str) {
        self.new_text(s);
    }

    fn piece(&mut self, k: Kind, i: usize, before: &str) -> bool {
        let start = self.len;
        let unit = self.at.get(i).copied().flatten();
        let len = match unit {
            Some(u) => {
                let old_before = self.old.befores.get(u.before as usize);
                let from = u.start + old_before.map_or(0, |b| b.len() as u64);
                if old_before.is_some_and(|b| b == before) {
                    self.old_bytes(u.start..from + u64::from(u.len));
                } else {
                    self.new_text(before);
                    self.old_bytes(from..from + u64::from(u.len));
                }
                u.len as usize
            }
            None => {
                let Some(piece) = one(self.ctx, &self.stamp, i, k) else {
                    return false;
                };
                self.new_text(before);
                self.new_text(&piece);
                piece.len()
            }
        };
        if let Some(l) = self.layout.as_mut()
            && !l.note(i, start, before, len)
        {
            self.layout = None;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(bytes: &[u8]) -> (tempfile::TempDir, std::fs::File) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, bytes).unwrap();
        (dir, std::fs::File::open(&p).unwrap())
    }

    /// A range is copied whole through a buffer smaller than it, a character cut by the
    /// buffer's end carried into the next read; bytes that are not UTF-8 are refused.
    #[test]
    fn ranges_are_copied_as_text_across_chunks() {
        let text = "ab čřž ěš – konec";
        let (_d, f) = file_with(text.as_bytes());
        for size in 4..9 {
            let mut out = b">".to_vec();
            let n = copy_text(&f, 1..text.len() as u64, &mut vec![0; size], &mut out);
            assert_eq!(n.expect("text"), text.len() - 1, "buffer of {size}");
            assert_eq!(
                out,
                format!(">{}", &text[1..]).into_bytes(),
                "buffer of {size}"
            );
        }
        // A range that ends inside a character.
        let cut = text.find('č').unwrap() as u64 + 1;
        assert!(copy_text(&f, 0..cut, &mut [0; 4], &mut Vec::new()).is_err());
        let (_d, bad) = file_with(b"abc\xffdef");
        assert!(copy_text(&bad, 0..7, &mut [0; 4], &mut Vec::new()).is_err());
        // Past the file's end.
        assert!(copy_text(&f, 0..1000, &mut [0; 64], &mut Vec::new()).is_err());
    }

    /// Each distinct text before a piece is kept once; past 256 of them nothing more is noted.
    #[test]
    fn a_layout_notes_its_befores_once() {
        let mut l = Layout::default();
        assert!(l.note(3, 0, "\n", 10));
        assert!(l.note(4, 11, ",\n", 5));
        assert!(l.note(5, 18, ",\n", 5));
        assert_eq!(l.befores, vec!["\n".to_string(), ",\n".to_string()]);
        assert_eq!(
            l.units[2],
            Unit {
                meeting: 5,
                start: 18,
                before: 1,
                len: 5
            }
        );
        for n in 2..256 {
            assert!(l.note(6, 30, &n.to_string(), 1), "{n}");
        }
        assert!(!l.note(7, 40, "one too many", 1));
        assert_eq!(l.befores.len(), 256, "the text refused is not kept");
        assert!(l.note(7, 40, ",\n", 1), "a known one still is");
    }
}
